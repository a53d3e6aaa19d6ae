"""The scenarios of the forensic tests: real voteboard processes running secret ballots, and
everything an observer could take from them while they run.

- copies of the journal's files (the .sqlite, -wal and -shm, as a filesystem copy or a
  snapshot would take them, torn or not) after the Nth durable ballot, N drawn at random;
- a reader that follows the journal read-only, as `voteboard display` does, and records what
  it can read after each poll (and what the board it folds shows);
- a `voteboard backup` made mid-vote;
- the files a `kill -9` of the writer leaves, during the vote and around its close;
- the files after the close or the lock while another connection holds a read transaction
  open, so that SQLite cannot empty the WAL and every frame of the vote stays in it.

Nothing here waits by sleeping: every moment is a line a process printed, or a condition.
"""

from __future__ import annotations

import itertools
import os
import random
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.forensic.attacks import Snapshot, View, read_copy, read_view
from voteboard.core.board import board_of_vote
from voteboard.core.delegations import plan_ballots
from voteboard.core.model import Choice, Phase
from voteboard.journal.archive import shipped_votes
from voteboard.journal.follow import JournalFollower
from voteboard.journal.seal import runtime_dir
from voteboard.journal.store import Journal
from voteboard.resources import un_roster

HERE = Path(__file__).parent
SOURCE = "A/RES/ES-11/4"
PROGRAMS: dict[str, list[str]] = {
    "sealed": [sys.executable, "-m", "voteboard"],
    "plain": [sys.executable, str(HERE / "plain_urn.py")],
}
SUFFIXES = ("", "-wal", "-shm")


def es11_4() -> dict[str, Choice]:
    """The true choice of every member that voted on A/RES/ES-11/4: what the attacker knows."""
    (record,) = [v for v in shipped_votes() if v.symbol == SOURCE]
    return record.choices()


def planned_choices(seed: int) -> dict[str, Choice]:
    """The choices of the control window's simulated delegations for this seed (a secret
    vote: nobody changes its ballot), as the attacker who knows the seed knows them."""
    plan = plan_ballots(un_roster(), seed=seed, ineligible=(), changes=False)
    return {ballot.member: ballot.choice for ballot in plan}


@dataclass
class Run:
    """One secret vote and everything taken from it."""

    name: str
    journal: Path
    truth: dict[str, Choice]
    vote: str = ""
    key: bytes = b""
    snapshots: list[Snapshot] = field(default_factory=list)
    polls: list[View] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)
    board_problems: list[str] = field(default_factory=list)
    key_after_end: list[str] = field(default_factory=list)
    wal_held: int = 0  # bytes of WAL left after the end while a reader held it
    folder: dict[str, bytes] = field(default_factory=dict)  # the files beside it, at the end


def spread(rng: random.Random, last: int, count: int) -> list[int]:
    """`count` random moments among 1..last, one in each of `count` equal stretches (so that
    the copies cover the whole vote: the first ballots, when the urn fits on one page, too)."""
    edges = [1 + (last * i) // count for i in range(count + 1)]
    return sorted({rng.randrange(a, max(a + 1, b)) for a, b in itertools.pairwise(edges)})


def take(journal: Path, where: str, before_close: bool) -> Snapshot:
    """A copy of the journal's files as they are on the disk now."""
    files = {}
    for suffix in SUFFIXES:
        try:
            files[suffix] = Path(f"{journal}{suffix}").read_bytes()
        except FileNotFoundError:
            continue
    return Snapshot(where, files, before_close)


def journal_id(journal: Path) -> str:
    with closing(sqlite3.connect(f"file:{journal}?mode=ro", uri=True)) as db:
        return str(db.execute("SELECT value FROM meta WHERE key = 'journal_id'").fetchone()[0])


def key_files(journal: Path) -> list[Path]:
    return sorted(runtime_dir().glob(f"{journal_id(journal)}-*.key"))


def read_key(journal: Path) -> bytes:
    """The open vote's key, from the runtime folder (the test may: the attacker may not)."""
    (path,) = key_files(journal)
    key = path.read_bytes()
    assert len(key) == 32
    return key


def last_vote(journal: Path) -> str:
    with closing(sqlite3.connect(f"file:{journal}?mode=ro", uri=True)) as db:
        row = db.execute(
            "SELECT vote FROM events WHERE kind = 'vote_prepared' ORDER BY seq DESC LIMIT 1"
        ).fetchone()
    return str(row[0])


class Follower:
    """A display machine's view: a read-only connection polled after every ballot line, that
    records all it can read each time the journal changed, and the board it folds."""

    def __init__(self, journal: Path, run: Run) -> None:
        self._db = sqlite3.connect(f"file:{journal}?mode=ro", uri=True, isolation_level=None)
        self._version = -1
        self._board = JournalFollower(journal)
        self._run = run

    def poll(self) -> None:
        version = int(self._db.execute("PRAGMA data_version").fetchone()[0])
        if version != self._version:
            self._version = version
            self._run.polls.append(read_view(self._db))
        if self._board.poll():
            self._check_board()

    def _check_board(self) -> None:
        state = self._board.state
        assert state is not None
        vote = state.current_vote
        if vote is None or not vote.secret or vote.phase not in (Phase.OPEN, Phase.PAUSED):
            return
        totals = board_of_vote(vote, un_roster()).totals
        if vote.totals is not None or (totals.yes, totals.no, totals.abstain) != (None,) * 3:
            self._run.board_problems.append(
                f"totals while open after {len(vote.voted)} ballots: {vote.totals} {totals}"
            )
        if vote.ballots:
            self._run.board_problems.append(f"members' choices in the state: {vote.ballots}")

    def dated(self, snapshot: Snapshot, vote: str) -> Snapshot:
        """The snapshot, said to be from before the close only if the vote is still not
        closed now that it is taken (the writer runs ahead of the lines this test reads)."""
        query = "SELECT 1 FROM events WHERE vote = ? AND kind = 'vote_closed'"
        closed = self._db.execute(query, (vote,)).fetchone() is not None
        return Snapshot(snapshot.where, snapshot.files, snapshot.before_close and not closed)

    def wait_for(self, vote: str, kind: str, process: subprocess.Popen[str]) -> None:
        """Until the journal holds this event of the vote (the writer still running)."""
        query = "SELECT 1 FROM events WHERE vote = ? AND kind = ?"
        while self._db.execute(query, (vote, kind)).fetchone() is None:
            assert process.poll() is None, f"the writer ended before {kind}"
            os.sched_yield()

    def close(self) -> None:
        self._db.close()
        self._board.close()


_HOLDER = """
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True, isolation_level=None)
db.execute("BEGIN")
print(db.execute("SELECT count(*) FROM events").fetchone()[0], flush=True)
sys.stdin.read()
"""


def _read_only(journal: Path) -> sqlite3.Connection:
    """A read-only connection, opened again while SQLite answers that it cannot open the file
    (its -shm being made or removed by the writer at that instant)."""
    for _ in range(1000):
        db = None
        try:
            db = sqlite3.connect(f"file:{journal}?mode=ro", uri=True)
            db.execute("SELECT 1 FROM events LIMIT 1").fetchall()
            return db
        except sqlite3.OperationalError:
            if db is not None:
                db.close()
            os.sched_yield()
    return sqlite3.connect(f"file:{journal}?mode=ro", uri=True)


@contextmanager
def read_transaction(journal: Path) -> Iterator[None]:
    """Another program holding a read transaction open: SQLite cannot empty the WAL while it
    lasts, so every frame written meanwhile stays in it. (Its own process: a connection in
    this one would lose its locks whenever this process opens and closes the journal's file,
    as the follower does, since POSIX locks belong to a process.)"""
    with subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(journal)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        assert holder.stdout is not None
        assert holder.stdin is not None
        assert holder.stdout.readline().strip().isdigit()
        try:
            yield
        finally:
            holder.stdin.close()
            holder.wait()


def simulate(program: Sequence[str], journal: Path, rate: float, end: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            *program,
            "simulate",
            "--journal",
            str(journal),
            "--mode",
            "secret",
            "--choices-from",
            SOURCE,
            "--rate",
            str(rate),
            *([f"--{end}"] if end else []),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
    )


def observed_vote(
    build: str,
    journal: Path,
    rng: random.Random,
    *,
    end: str,
    rate: float,
    copies: int,
    name: str,
) -> Run:
    """A secret vote run by `voteboard simulate` with everything observed: copies at random
    ballots, the follower after every ballot, a backup mid-vote, and another program's read
    transaction held from the first ballot until the files are taken once the vote has
    ended (closed, or locked) in the journal: until then the writer's checkpoint waits and
    fails, and the WAL keeps every frame."""
    run = Run(name, journal, es11_4())
    total = len(run.truth)
    moments = set(spread(rng, total - 1, copies))
    backup_at = rng.randrange(total // 4, 3 * total // 4)
    follower: Follower | None = None
    with simulate(PROGRAMS[build], journal, rate, end) as process, ExitStack() as hold:
        assert process.stdout is not None
        assert process.stderr is not None
        for count, line in enumerate(process.stdout, 1):
            code, shown = line.split()
            assert shown == "voted", line
            run.acknowledged.append(code)
            if count == 1:
                run.key = read_key(journal)
                run.vote = last_vote(journal)
                hold.enter_context(read_transaction(journal))
                follower = Follower(journal, run)
            assert follower is not None
            follower.poll()
            if count in moments:
                copy = take(journal, f"{name}: copy after ballot {count}", True)
                run.snapshots.append(follower.dated(copy, run.vote))
            if count == backup_at:
                copy = backup(build, journal, f"{name}: backup after ballot {count}")
                run.snapshots.append(follower.dated(copy, run.vote))
            if count == total:
                break
        assert follower is not None, process.communicate()[1]
        follower.wait_for(run.vote, "vote_locked" if end == "lock" else "vote_closed", process)
        follower.poll()
        ended = take(journal, f"{name}: {end}d, a reader holding the WAL", False)
        run.snapshots.append(ended)
        run.wal_held = len(ended.files.get("-wal", b""))
        hold.close()  # the reader lets go: the writer's checkpoint can now empty the WAL
        rest, errors = process.communicate()
        assert process.returncode == 0, errors
        assert not rest
    follower.poll()
    follower.close()
    run.key_after_end = [str(p) for p in key_files(journal)]
    run.folder = folder(journal)
    return run


def folder(journal: Path) -> dict[str, bytes]:
    """Every file in the journal's folder (the journal's, its backups, anything else)."""
    return {p.name: p.read_bytes() for p in sorted(journal.parent.iterdir()) if p.is_file()}


def backup(build: str, journal: Path, where: str) -> Snapshot:
    """`voteboard backup` of the journal, now."""
    target = next(
        path
        for n in itertools.count(1)
        if not (path := journal.with_name(f"{journal.stem}-backup-{n}.sqlite")).exists()
    )
    made = subprocess.run(
        [*PROGRAMS[build], "backup", "--journal", str(journal), "-o", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    return Snapshot(where, {"": target.read_bytes()}, True)


CLOSING_ATTEMPTS = 3
"""The moment "closing" is a race with the writer (on a loaded machine it may have emptied its
WAL before the kill): it is tried again, in a fresh folder, until it is caught."""


def killed_vote(build: str, journal: Path, rng: random.Random, moment: str, name: str) -> Run:
    """A secret vote killed with SIGKILL at `moment` (see `_killed_vote`); the closing moment
    tried again until the kill caught the writer with the WAL whole."""
    run = _killed_vote(build, journal, rng, moment, name)
    for attempt in range(2, CLOSING_ATTEMPTS + 1):
        if moment != "closing" or run.wal_held > 4096 * len(run.truth):
            break
        again = journal.parent / f"attempt-{attempt}" / journal.name
        run = _killed_vote(build, again, rng, moment, name)
    return run


def _killed_vote(build: str, journal: Path, rng: random.Random, moment: str, name: str) -> Run:
    """A secret vote killed with SIGKILL: after a random ballot ("during"), right after its
    last ballot ("last ballot": before, during or after the close), or as soon as a reader
    sees the close while another program holds a read transaction ("closing": the writer is
    destroying the key, or waiting to empty the WAL, which keeps every frame)."""
    run = Run(name, journal, es11_4())
    total = len(run.truth)
    after = rng.randrange(1, total) if moment == "during" else total
    with simulate(PROGRAMS[build], journal, 0, "close") as process, ExitStack() as hold:
        assert process.stdout is not None
        for count, line in enumerate(process.stdout, 1):
            run.acknowledged.append(line.split()[0])
            if count == 1:
                run.key = read_key(journal)
                run.vote = last_vote(journal)
                if moment == "closing":
                    hold.enter_context(read_transaction(journal))
            if count >= after:
                break
        if moment == "closing":
            with closing(_read_only(journal)) as db:
                query = "SELECT 1 FROM events WHERE vote = ? AND kind = 'vote_closed'"
                while db.execute(query, (run.vote,)).fetchone() is None:
                    assert process.poll() is None, "the writer ended before the close"
                    os.sched_yield()
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        snapshot = take(journal, f"{name}: after ballot {len(run.acknowledged)}", True)
    scratch = journal.with_name(f"{journal.stem}-look")
    view = read_copy(snapshot.files, scratch)
    closed = view is not None and any(
        kind == "vote_closed" and vote == run.vote for _, kind, vote, _ in view.events
    )
    run.snapshots.append(Snapshot(snapshot.where, snapshot.files, not closed))
    if closed:
        # Killed before the key was destroyed, maybe: the next writer finishes the close.
        run.wal_held = len(snapshot.files.get("-wal", b""))
        Journal.open(journal).close()
        run.key_after_end = [str(p) for p in key_files(journal)]
    run.folder = folder(journal)
    return run


def control_vote(journal: Path, rng: random.Random, *, rate: float, seed: int, copies: int) -> Run:
    """A secret ballot through the real control window (in a child process, offscreen), its
    simulated delegations voting; copies at random counts of ballots it shows, the follower
    after each, and the files once it has locked the vote and quit."""
    name = "control window"
    run = Run(name, journal, planned_choices(seed))
    moments = spread(rng, len(run.truth) - 5, copies)
    child = HERE / "control_secret_child.py"
    follower: Follower | None = None
    with subprocess.Popen(
        [sys.executable, str(child), str(journal), str(rate), str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        bufsize=1,
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            if line.strip() == "done":
                break
            phase, count = line.split()
            if phase == "open" and int(count) >= 1:
                if follower is None:
                    run.key = read_key(journal)
                    run.vote = last_vote(journal)
                    follower = Follower(journal, run)
                follower.poll()
                while moments and int(count) >= moments[0]:
                    moments.pop(0)
                    copy = take(journal, f"{name}: copy at {count} ballots", True)
                    run.snapshots.append(follower.dated(copy, run.vote))
        assert process.wait() == 0
    assert follower is not None
    follower.poll()
    follower.close()
    run.vote = last_vote(journal)
    run.snapshots.append(take(journal, f"{name}: after the lock", False))
    run.key_after_end = [str(p) for p in key_files(journal)]
    run.folder = folder(journal)
    return run
