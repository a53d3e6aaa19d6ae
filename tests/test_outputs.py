"""The files voteboard writes for its users: never over a journal, a database, a device or a
folder; whole or not at all; and a refused command leaves nothing behind.

Every command is a real `python -m voteboard` process, on real files.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from tests.process import no_traceback, voteboard
from voteboard.core.events import BallotCast, BallotChanged
from voteboard.journal.archive import open_journal
from voteboard.journal.store import Journal

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
VOTE = "A/RES/ES-11/4"
OUTPUTS = {
    "export": ("export", VOTE, "--format", "json", "-o"),
    "board": ("board", VOTE, "--png"),
    "backup": ("backup", "-o"),
}
WHAT = {
    "journal": "an SQLite database",
    "database": "an SQLite database",
    "device": "not a regular file",
    "folder": "folder",
}


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file under a folder with its bytes (None for a folder)."""
    return {
        str(path.relative_to(folder)): None if path.is_dir() else path.read_bytes()
        for path in sorted(folder.rglob("*"))
    }


def sqlite_files(journal: Path) -> set[str]:
    """The files SQLite keeps beside a journal that is read (its write-ahead log and index)."""
    return {f"{journal.name}-wal", f"{journal.name}-shm"}


@pytest.fixture
def hall(tmp_path: Path) -> Path:
    """A journal (the shipped votes in it), in a folder of its own."""
    folder = tmp_path / "hall"
    folder.mkdir()
    journal = folder / "journal.sqlite"
    open_journal(journal).close()
    return journal


def target_of(kind: str, journal: Path) -> Path:
    folder = journal.parent
    if kind == "journal":
        return journal
    if kind == "database":
        other = folder / "delegates.sqlite"
        with closing(sqlite3.connect(other)) as db, db:
            db.execute("CREATE TABLE delegates (name TEXT)")
            db.execute("INSERT INTO delegates VALUES ('Ms. Nusseibeh')")
        return other
    if kind == "device":
        return Path("/dev/null")
    records = folder / "records"
    records.mkdir()
    (records / "kept.json").write_text("{}\n")
    return records


@pytest.mark.parametrize("kind", list(WHAT))
@pytest.mark.parametrize("command", list(OUTPUTS))
def test_an_output_over_a_journal_a_database_a_device_or_a_folder_is_refused(
    hall: Path, command: str, kind: str
) -> None:
    target = target_of(kind, hall)
    before = snapshot(hall.parent)
    devices = set(os.listdir("/dev"))
    result = voteboard(*OUTPUTS[command], target, "--journal", hall, check=False)
    assert result.returncode != 0
    no_traceback(result)
    assert str(target) in result.stderr  # where
    assert WHAT[kind] in result.stderr  # what is wrong
    # Nothing changed, nothing was left behind (SQLite's own files of a journal read aside).
    after = snapshot(hall.parent)
    for name in sqlite_files(hall) - set(before):
        after.pop(name, None)
    assert after == before
    if kind == "device":
        assert stat.S_ISCHR(os.stat(target).st_mode)
        assert set(os.listdir("/dev")) == devices


def ballots_in(journal: Path) -> list[tuple[str, str]]:
    with Journal.open(journal, readonly=True, create=False) as opened:  # verifies the chain
        return [
            (e.member, e.choice.value)
            for e in opened.events()
            if isinstance(e, BallotCast | BallotChanged)
        ]


@contextmanager
def writing(journal: Path) -> Iterator[tuple[subprocess.Popen[str], list[tuple[str, str]]]]:
    """A recorded vote under way in another process (`simulate --rate 40`), with the ballots
    it has acknowledged so far (10 at the start); killed with SIGKILL at the end."""
    command = [sys.executable, "-m", "voteboard", "simulate", "--journal", str(journal)]
    with subprocess.Popen(
        [*command, "--seed", "4", "--rate", "40"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as process:
        assert process.stdout is not None
        acknowledged: list[tuple[str, str]] = []
        try:
            for _ in range(10):
                member, choice = process.stdout.readline().split()
                acknowledged.append((member, choice))
            yield process, acknowledged
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait()
            for line in process.stdout.read().splitlines():  # printed before the kill
                member, choice = line.split()
                acknowledged.append((member, choice))


@pytest.mark.slow
def test_outputs_over_the_journal_a_vote_is_being_written_to_are_refused(hall: Path) -> None:
    with writing(hall) as (process, acknowledged):
        for command in OUTPUTS:
            result = voteboard(*OUTPUTS[command], hall, "--journal", hall, check=False)
            assert result.returncode != 0, command
            no_traceback(result)
            assert "an SQLite database" in result.stderr
        assert process.poll() is None, "the vote stopped"
    assert ballots_in(hall)[: len(acknowledged)] == acknowledged


@pytest.mark.slow
@pytest.mark.parametrize("command", ["export", "board"])
def test_an_output_over_the_write_ahead_log_of_a_journal_in_use_is_refused(
    hall: Path, command: str
) -> None:
    """The write-ahead log beside a journal holds its latest acknowledged commits until they
    are moved into the file: an output written over it would lose them at the next crash."""
    wal = hall.with_name(hall.name + "-wal")
    with writing(hall) as (process, acknowledged):
        assert wal.stat().st_size > 0
        held = wal.stat().st_ino
        result = voteboard(*OUTPUTS[command], wal, "--journal", hall, check=False)
        refused = result.returncode != 0
        unchanged = wal.exists() and wal.stat().st_ino == held
        assert process.poll() is None
    # A power cut now (the writer was killed with SIGKILL): what was acknowledged is there.
    stored = ballots_in(hall)
    assert stored[: len(acknowledged)] == acknowledged, (
        f"{len(acknowledged)} ballots acknowledged, {len(stored)} in the journal after "
        f"{command} {'was refused' if refused else 'wrote over ' + str(wal)} and a crash"
    )
    assert refused, f"{command} wrote over {wal}: {result.stdout}"
    assert unchanged


# ---- a refused simulate creates nothing ------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--choices-from", "NO-SUCH-VOTE"), "no vote 'NO-SUCH-VOTE'"),
        (("--rate", "-1"), "--rate: -1 is not 0 or more ballots per second"),
        (("--title", "x" * 2001), "title: String should have at most 2000"),
        (("--symbol", "S" * 121), "symbol: String should have at most 120"),
    ],
    ids=["unknown vote", "negative rate", "title too long", "symbol too long"],
)
def test_a_refused_simulate_creates_no_journal(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    journal = tmp_path / "meeting" / "journal.sqlite"
    journal.parent.mkdir()
    result = voteboard("simulate", "--journal", journal, *args, check=False)
    assert result.returncode == 2
    no_traceback(result)
    assert message in result.stderr
    assert list(journal.parent.iterdir()) == []


def test_a_second_simulate_while_a_vote_is_open_is_refused_and_writes_nothing(
    tmp_path: Path,
) -> None:
    journal = tmp_path / "journal.sqlite"
    voteboard("simulate", "--journal", journal, "--seed", "1", "--symbol", "A/1")
    before = journal.read_bytes()
    result = voteboard("simulate", "--journal", journal, "--seed", "2", check=False)
    assert result.returncode == 2
    no_traceback(result)
    assert "A/1" in result.stderr
    assert "still open" in result.stderr
    assert journal.read_bytes() == before
    assert {p.name for p in tmp_path.iterdir()} <= {journal.name} | sqlite_files(journal)


# ---- a backup killed mid-copy leaves nothing -------------------------------------------------


@pytest.fixture(scope="module")
def big_journal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    extracts = sorted((SHARED / "un-voting-dgacm").glob("*.json"))
    if not extracts:
        pytest.skip(f"the UN reference data is not beside the project ({SHARED})")
    journal = tmp_path_factory.mktemp("big") / "journal.sqlite"
    voteboard("import", *extracts, "--journal", journal)
    assert journal.stat().st_size > 4_000_000
    return journal


def open_files(pid: int) -> list[str]:
    try:
        names = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return []
    found = []
    for name in names:
        try:
            found.append(os.readlink(f"/proc/{pid}/fd/{name}"))
        except OSError:
            continue
    return found


@pytest.mark.slow
@pytest.mark.parametrize("stage", ["reading", "writing"])
def test_a_backup_killed_mid_copy_leaves_no_file(
    big_journal: Path, tmp_path: Path, stage: str
) -> None:
    """SIGKILL while the journal is being read (stage `reading`) or while the copy is being
    written into the target's folder (`writing`): the folder stays empty. The moment is
    found by watching the files the process holds open, never by waiting a time."""
    landed = 0
    for attempt in range(6):
        folder = tmp_path / f"backups-{attempt}"
        folder.mkdir()
        target = folder / "copy.sqlite"
        command = [sys.executable, "-m", "voteboard", "backup", "--journal", str(big_journal)]
        with subprocess.Popen(
            [*command, "-o", str(target)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        ) as process:
            while process.poll() is None:
                held = open_files(process.pid)
                if stage == "reading":
                    hit = str(big_journal) in held and not any(
                        h.startswith(f"{folder}/") for h in held
                    )
                else:
                    hit = any(h.startswith(f"{folder}/") for h in held)
                if hit:
                    process.send_signal(signal.SIGKILL)
                    break
                os.sched_yield()
            status = process.wait()
        if status == -signal.SIGKILL:
            landed += 1
            assert os.listdir(folder) == [], f"left behind after a kill {stage}"
        else:
            assert status == 0
            assert os.listdir(folder) == ["copy.sqlite"]  # it finished first: whole
        if landed >= 2:
            break
    assert landed, f"no kill landed while {stage}"
    assert "intact" in voteboard("verify", "--journal", big_journal).stdout
