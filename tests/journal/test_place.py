"""The journal taken from under a running writer: deleted, replaced or moved mid-vote.

After the moment it happens, nothing more is acknowledged (at most the one ballot whose
commit was under way); the writer stops with a message naming the journal; and every ballot
acknowledged before is in the file it was writing (reached through a hard link made before,
or at the place it was moved to). The control window's controller says so at once, before any
command is sent, and refuses the ballots that follow.
"""

from __future__ import annotations

import json
import os
import select
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.process import voteboard
from voteboard.core.commands import PrepareVote
from voteboard.core.events import BallotCast, BallotChanged, BallotDeposited
from voteboard.core.model import Phase, VoteSpec
from voteboard.core.session import Session
from voteboard.journal.archive import open_journal
from voteboard.journal.store import Journal

ACKNOWLEDGED_BEFORE = 20
TIMEOUT_S = 30.0


class Lines:
    """The lines a process prints on a pipe, read as they come (never a sleep)."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None
        self._fd = process.stdout.fileno()
        self._rest = b""
        self.lines: list[str] = []
        self.ended = False

    def _read(self, timeout: float | None) -> bool:
        ready, _, _ = select.select([self._fd], [], [], timeout)
        if not ready:
            return False
        chunk = os.read(self._fd, 65536)
        if not chunk:
            self.ended = True
            return False
        *done, self._rest = (self._rest + chunk).split(b"\n")
        self.lines += [line.decode() for line in done]
        return True

    def wait_for(self, count: int) -> None:
        deadline = time.monotonic() + TIMEOUT_S
        while len(self.lines) < count and not self.ended:
            left = deadline - time.monotonic()
            assert left > 0, f"only {len(self.lines)} lines in {TIMEOUT_S} s"
            self._read(left)
        assert len(self.lines) >= count, "the process ended early"

    def drain(self) -> None:
        """Takes every line already printed, without waiting for more."""
        while self._read(0):
            pass

    def to_end(self) -> None:
        deadline = time.monotonic() + TIMEOUT_S
        while not self.ended:
            left = deadline - time.monotonic()
            assert left > 0, "the process did not end"
            self._read(left)


def delete(journal: Path, tmp_path: Path) -> Path:
    journal.unlink()
    return tmp_path / "held.sqlite"


def replace(journal: Path, tmp_path: Path) -> Path:
    os.replace(tmp_path / "other.sqlite", journal)
    return tmp_path / "held.sqlite"


def move(journal: Path, tmp_path: Path) -> Path:
    moved = tmp_path / "elsewhere" / "moved.sqlite"
    journal.rename(moved)
    return moved


EVENTS: dict[str, Callable[[Path, Path], Path]] = {
    "deleted": delete,
    "replaced": replace,
    "moved": move,
}


def acknowledged_in(path: Path, mode: str) -> list[tuple[str, str]]:
    """The ballots that the file holds, as `simulate` prints them, in order."""
    with Journal.open(path, readonly=True, create=False) as journal:  # verifies the chain
        events = list(journal.events())
        vote = journal.state().current_vote
        if vote is not None:
            assert vote.phase is Phase.OPEN
        if mode == "secret":
            deposited = [(e.member, "voted") for e in events if isinstance(e, BallotDeposited)]
            if vote is not None:  # the urn holds exactly those ballots, and counts
                assert journal.count_urn(vote.id).totals.ballots == len(deposited)
            return deposited
    return [(e.member, e.choice.value) for e in events if isinstance(e, BallotCast | BallotChanged)]


def beside(path: Path) -> list[str]:
    """What is left at the journal's old name (SQLite's files included)."""
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name))


@dataclass(frozen=True)
class Stopped:
    """What a `simulate` did when its journal was taken away mid-vote."""

    printed: list[str]  # every ballot it acknowledged
    after: int  # how many of them after the moment it happened
    status: int
    stderr: str
    orphan: Path  # the file it was writing


def take_away(tmp_path: Path, journal: Path, event: str, mode: str, *extra: str) -> Stopped:
    """Runs `simulate --rate 40`, takes the journal away after 20 acknowledged ballots, and
    reads what it prints to its end."""
    command = [sys.executable, "-m", "voteboard", "simulate", "--journal", str(journal)]
    command += ["--mode", mode, "--seed", "11", "--rate", "40", *extra]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0
    ) as process:
        try:
            printed = Lines(process)
            printed.wait_for(1)  # the journal exists
            os.link(journal, tmp_path / "held.sqlite")  # the file itself, whatever its name
            printed.wait_for(ACKNOWLEDGED_BEFORE)
            printed.drain()
            before = len(printed.lines)
            orphan = EVENTS[event](journal, tmp_path)
            printed.to_end()
            assert process.stderr is not None
            stderr = process.stderr.read().decode()
            status = process.wait(TIMEOUT_S)
        finally:
            if process.poll() is None:
                process.kill()
    return Stopped(printed.lines, len(printed.lines) - before, status, stderr, orphan)


@pytest.fixture
def places(tmp_path: Path) -> tuple[Path, bytes]:
    """The journal's path, and the bytes of another journal (in other.sqlite) that is put
    in its place when it is replaced."""
    (tmp_path / "elsewhere").mkdir()
    other = tmp_path / "other.sqlite"
    with open_journal(other) as journal:
        session = Session(journal, journal.state())
        session.execute(
            PrepareVote(
                at=session.clock(),
                vote="v-other",
                spec=VoteSpec(symbol="O/1", title="Another meeting's vote"),
                unusual_symbol=True,
            )
        )
    return tmp_path / "hall.sqlite", other.read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["recorded", "secret"])
@pytest.mark.parametrize("event", list(EVENTS))
def test_nothing_is_acknowledged_after_the_journal_is_taken_away(
    tmp_path: Path, places: tuple[Path, bytes], event: str, mode: str
) -> None:
    journal, replacement = places
    stopped = take_away(tmp_path, journal, event, mode)
    # The window: at most the ballot whose commit was under way at that moment.
    assert stopped.after <= 1, f"{stopped.after} ballots acknowledged after it was {event}"
    assert stopped.status != 0
    assert "Traceback" not in stopped.stderr, stopped.stderr
    assert f"voteboard simulate: {journal}: the journal was" in stopped.stderr
    assert "stopped" in stopped.stderr
    # Nothing was written at the journal's place meanwhile.
    if event == "replaced":
        assert journal.read_bytes() == replacement
    else:
        assert not journal.exists()
    # Every ballot acknowledged, before and in the window, is in the file that was written.
    ballots = [tuple(line.split()) for line in stopped.printed]
    held = acknowledged_in(stopped.orphan, mode)
    assert held[: len(ballots)] == ballots, (
        f"the file written holds {len(held)} of the {len(ballots)} ballots acknowledged; "
        f"left at the journal's old name: {beside(journal)}"
    )


@pytest.mark.slow
def test_the_journal_put_in_its_place_is_left_as_it_is(
    tmp_path: Path, places: tuple[Path, bytes]
) -> None:
    """The other journal put at the path while the writer ran is that journal, whole, when it
    is opened afterwards: nothing of the stopped writer's journal is applied to it."""
    journal, replacement = places
    stopped = take_away(tmp_path, journal, "replaced", "recorded", "--symbol", "HALL/1")
    assert stopped.status != 0
    assert journal.read_bytes() == replacement
    listed = voteboard("votes", "--journal", journal, "--json").stdout
    symbols = [vote["symbol"] for vote in json.loads(listed)]
    assert "HALL/1" not in symbols
    assert symbols[0] == "O/1"
    with Journal.open(journal) as opened:  # to write: the next voteboard control on it
        assert [v.spec.symbol for v in opened.state().votes.values()] == ["O/1"]
    with closing(sqlite3.connect(journal)) as db:
        assert db.execute("SELECT count(*) FROM events").fetchone()[0] == 1
