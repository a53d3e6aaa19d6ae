"""Journal benchmarks (issue 3), printing JSON.

    python benchmarks/journal.py [--quick]

- durable ballot: command to durable acknowledgement through the real Session and Journal,
  recorded and secret (sealed) ballots side by side, their votes taken in turn in one run;
- reopening a journal of 10,000 locked votes of 193 ballots (and the 5,539 votes of the UN
  Digital Library imported) and getting its state: from its snapshot of the state, and from
  all of its events (the same journal, its snapshot removed), side by side; with the time of
  the appends that wrote a snapshot beside those that did not, and of `verify` (every event,
  and the snapshot compared with the fold of the chain);
- importing the ten DGACM extracts (if ../shared/data is beside the project);
- importing a UN Digital Library CSV of the real size (914,624 rows, generated here in the real
  layout), in a child process whose peak memory is compared with that of a file half the size.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

from voteboard.core.commands import CastBallot, CloseVote, LockVote, OpenVote, PrepareVote
from voteboard.core.events import Event
from voteboard.core.model import Choice, Mode, VoteSpec
from voteboard.core.session import Session, UrnCount
from voteboard.core.state import AssemblyState
from voteboard.journal.archive import import_paths
from voteboard.journal.export import UNDL_HEADER
from voteboard.journal.store import Journal
from voteboard.resources import un_roster

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def durable_ballots(folder: Path, votes: int) -> dict[str, dict[str, float]]:
    roster = un_roster()
    journal = Journal.open(folder / "durable.sqlite", roster=roster)
    session = Session(journal, journal.state())
    rng = random.Random(1)
    samples: dict[Mode, list[float]] = {Mode.RECORDED: [], Mode.SECRET: []}
    for number in range(votes):
        for index, mode in enumerate(samples):
            symbol = f"A/80/L.{2 * number + index + 1}"  # one vote per symbol: no retakes
            spec = VoteSpec(symbol=symbol, title=mode.value, mode=mode)
            vote = f"v{number}-{mode.value}"
            session.execute(PrepareVote(at=session.clock(), vote=vote, spec=spec))
            session.execute(OpenVote(at=session.clock()))
            for code in roster.codes:
                choice = rng.choice(list(Choice))
                command = CastBallot(at=session.clock(), member=code, choice=choice)
                start = time.perf_counter()
                session.execute(command)
                samples[mode].append(time.perf_counter() - start)
            session.execute(CloseVote(at=session.clock()))
            session.execute(LockVote(at=session.clock()))
    journal.close()
    return {mode.value: _spread(times) for mode, times in samples.items()}


def _spread(samples: list[float]) -> dict[str, float]:
    samples = sorted(samples)
    return {
        "ballots": len(samples),
        "median_ms": round(statistics.median(samples) * 1000, 3),
        "p99_ms": round(samples[int(len(samples) * 0.99)] * 1000, 3),
        "max_ms": round(samples[-1] * 1000, 3),
    }


class _Batch:
    """Collects events so that a large journal can be written in one transaction per vote."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def append(self, events: list[Event], urn: object = None) -> list[Event]:
        self.events.extend(events)
        return events

    def count_urn(self, vote: str) -> UrnCount:
        raise AssertionError("recorded votes only")


def large_journal(
    folder: Path, votes: int, imported: int
) -> tuple[Path, AssemblyState, dict[str, object]]:
    """A journal of `votes` locked recorded votes of one ballot per member and `imported` votes
    of the UN Digital Library (its real file of 1946 to 2025 when it is beside the project and
    `imported` is its size, else one generated in its layout). Its state is asked for first,
    as the control window does when it starts: the journal then keeps a snapshot of its state
    as it grows. Each vote is made durable in one append. Returns the journal's path, the live
    state and what making it took."""
    roster = un_roster()
    path = folder / "large.sqlite"
    journal = Journal.open(path, roster=roster)
    journal.state()
    start = time.perf_counter()
    source = UNDL_FILE
    if imported != 5539 or not source.is_file():
        source = folder / "undl-imported.csv"
        write_undl(source, imported * len(roster))
    history = import_paths(journal, [source])
    imported_s = time.perf_counter() - start
    batch = _Batch()
    clock_now = datetime(2020, 1, 1, tzinfo=UTC)

    def clock() -> datetime:
        nonlocal clock_now
        clock_now += timedelta(milliseconds=300)
        return clock_now

    session = Session(batch, AssemblyState.initial(roster), clock=clock)
    rng = random.Random(2)
    plain: list[float] = []
    snapshotting: list[float] = []
    start = time.perf_counter()
    for number in range(votes):
        spec = VoteSpec(symbol=f"A/80/L.{number + 1}", title="Fold")
        session.execute(PrepareVote(at=clock(), vote=f"v{number}", spec=spec))
        session.execute(OpenVote(at=clock()))
        for code in roster.codes:
            session.execute(CastBallot(at=clock(), member=code, choice=rng.choice(list(Choice))))
        session.execute(CloseVote(at=clock()))
        session.execute(LockVote(at=clock()))
        before = journal._snapshot_seq
        appended = time.perf_counter()
        journal.append(batch.events)
        took = time.perf_counter() - appended
        (plain if journal._snapshot_seq == before else snapshotting).append(took)
        batch.events.clear()
    built_s = time.perf_counter() - start
    journal.close()
    return (
        path,
        session.state,
        {
            "votes": votes,
            "imported_votes": len(history.imported),
            "import_s": round(imported_s, 1),
            "votes_built_s": round(built_s, 1),
            "megabytes": round(path.stat().st_size / 1e6),
            # A vote's 197 events and its two signed checkpoints, in one transaction.
            "append_of_a_vote": _appends(plain),
            "append_of_a_vote_with_a_snapshot": _appends(snapshotting),
        },
    )


def _appends(samples: list[float]) -> dict[str, float]:
    spread = _spread(samples)
    return {"appends": spread.pop("ballots"), **spread}


def _reopened(path: Path, live: AssemblyState) -> dict[str, object]:
    start = time.perf_counter()
    journal = Journal.open(path)
    opened = time.perf_counter()
    state = journal.state()
    end = time.perf_counter()
    assert state == live
    assert journal.snapshot_problem is None, journal.snapshot_problem
    report: dict[str, object] = {
        "events": journal.event_count(),
        "snapshot_at_event": journal._snapshot_seq or None,
        "open_and_check_s": round(opened - start, 3),
        "state_s": round(end - opened, 3),
        "total_s": round(end - start, 3),
    }
    journal.close()
    return report


def reopen(folder: Path, votes: int, imported: int) -> dict[str, object]:
    path, live, built = large_journal(folder, votes, imported)
    with_snapshot = _reopened(path, live)
    assert with_snapshot["snapshot_at_event"] is not None
    with Journal.open(path, readonly=True, check=False) as journal:
        start = time.perf_counter()
        verification = journal.verify()
        verify_s = time.perf_counter() - start
    assert verification.intact, verification
    assert verification.snapshots == 1, verification
    # The baseline: the same journal without its snapshot, folded from all of its events.
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("DELETE FROM snapshots")
        db.execute("DELETE FROM snapshot_votes")
    without = _reopened(path, live)
    assert without["snapshot_at_event"] is None
    return {
        **built,
        "with_its_snapshot": with_snapshot,
        "without_a_snapshot": without,
        "verify_s": round(verify_s, 1),
    }


def import_dgacm(folder: Path) -> dict[str, object]:
    files = sorted((SHARED / "un-voting-dgacm").glob("*.json"))
    if not files:
        return {"skipped": f"no DGACM extracts in {SHARED}"}
    journal = Journal.open(folder / "dgacm.sqlite", roster=un_roster())
    start = time.perf_counter()
    report = import_paths(journal, files)
    elapsed = time.perf_counter() - start
    journal.close()
    return {
        "files": len(files),
        "imported": len(report.imported),
        "duplicates": len(report.duplicates),
        "refused": len(report.refused),
        "seconds": round(elapsed, 3),
    }


def write_undl(path: Path, rows: int) -> int:
    roster = un_roster()
    rng = random.Random(3)
    letters = ["Y"] * 6 + ["N", "A", "A", "X"]
    written = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        handle.write("\ufeff" + ",".join(UNDL_HEADER) + "\r\n")
        day = datetime(1946, 1, 10)
        number = 0
        while written < rows:
            number += 1
            day += timedelta(days=5)
            votes = [rng.choice(letters) for _ in roster.codes]
            counts = {k: votes.count(k) for k in "YNAX"}
            for member, letter in zip(roster, votes, strict=True):
                if written == rows:
                    break
                writer.writerow(
                    [
                        4000000 + number,
                        member.code,
                        member.name.upper(),
                        letter,
                        day.date().isoformat(),
                        number // 100 + 1,
                        f"A/RES/{number}(I)",
                        f"A/L.{number}",
                        "",
                        f"A/PV.{number}",
                        f"Resolution {number}",
                        "Agenda",
                        "Subjects",
                        "",
                        f"{counts['Y']}.0",
                        f"{counts['N']}.0",
                        f"{counts['A']}.0",
                        f"{counts['X']}.0",
                        "193.0",
                        f"https://digitallibrary.un.org/record/{4000000 + number}",
                    ]
                )
                written += 1
    return written


_CHILD = """
import resource, sys, time
from pathlib import Path
from voteboard.journal.archive import import_paths
from voteboard.journal.store import Journal
from voteboard.resources import un_roster
journal = Journal.open(Path(sys.argv[2]), roster=un_roster())
start = time.perf_counter()
report = import_paths(journal, [Path(sys.argv[1])])
print(len(report.imported), len(report.refused), time.perf_counter() - start,
      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def import_undl(folder: Path, rows: int) -> dict[str, object]:
    results = {}
    for label, size in (("half", rows // 2), ("full", rows)):
        source = folder / f"undl-{label}.csv"
        write_undl(source, size)
        results[label] = {
            "rows": size,
            "megabytes": round(source.stat().st_size / 1e6, 1),
            **_import_in_a_child(source, folder / f"undl-{label}.sqlite"),
        }
    return results


def _import_in_a_child(source: Path, journal: Path) -> dict[str, object]:
    """Imports a file into a new journal in a new process: votes, refusals, time, peak memory."""
    output = subprocess.run(
        [sys.executable, "-c", _CHILD, str(source), str(journal)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return {
        "votes": int(output[0]),
        "refused": int(output[1]),
        "seconds": round(float(output[2]), 2),
        "peak_rss_mb": round(int(output[3]) / 1024, 1),
    }


UNDL_FILE = SHARED / "un-digital-library" / "ga-voting-1946-2025.csv.gz"


def import_real_file(folder: Path, quick: bool) -> dict[str, object]:
    """The UN Digital Library's whole file of 1946 to 2025 as it is shipped (gzipped), beside
    its first half, each in a new process: time, and the peak memory, which must not grow with
    the file."""
    if not UNDL_FILE.is_file():
        return {"skipped": f"{UNDL_FILE} is not there"}
    half = folder / "undl-real-half.csv.gz"
    # Streamed, so that this process stays small: a child's peak memory, as Linux counts it,
    # starts from its parent's at the fork.
    with gzip.open(UNDL_FILE, "rt", encoding="utf-8", newline="") as whole:
        rows = sum(1 for _ in whole) - 1
    cut = rows // 2 if not quick else 20_000
    with (
        gzip.open(UNDL_FILE, "rt", encoding="utf-8", newline="") as whole,
        gzip.open(half, "wt", encoding="utf-8", newline="") as handle,
    ):
        handle.write(next(whole))
        last = ""
        for number, line in enumerate(whole, start=1):
            vote = line.split(",", 1)[0]
            # The cut falls between two votes, so that no vote is imported in part.
            if number > cut and vote != last:
                cut = number - 1
                break
            handle.write(line)
            last = vote
    results: dict[str, object] = {}
    for label, source in (("half", half), ("whole", UNDL_FILE)):
        if quick and label == "whole":
            break
        results[label] = {
            "rows": cut if label == "half" else rows,
            "gzipped_megabytes": round(source.stat().st_size / 1e6, 1),
            **_import_in_a_child(source, folder / f"real-{label}.sqlite"),
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        # The votes' keys and the hall's signing key of this run stay in its folder.
        os.environ["VOTEBOARD_RUNTIME_DIR"] = str(folder / "runtime")
        os.environ["VOTEBOARD_CONFIG_DIR"] = str(folder / "config")
        report = {
            "machine": {"python": sys.version.split()[0]},
            "durable_ballot": durable_ballots(folder, 1 if args.quick else 5),
            "import_dgacm": import_dgacm(folder),
            "import_undl_csv": import_undl(folder, 20_000 if args.quick else 914_624),
            "import_undl_1946_2025_csv_gz": import_real_file(folder, args.quick),
            # Last: the imports' children count their peak memory from this process's at the
            # fork, which the states of 10,000 votes make large.
            "reopen_10000_votes": reopen(folder, *((120, 20) if args.quick else (10_000, 5539))),
        }
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
