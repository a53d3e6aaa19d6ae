"""Journal benchmarks (issue 3), printing JSON.

    python benchmarks/journal.py [--quick]

- durable ballot: command to durable acknowledgement through the real Session and Journal,
  recorded and secret (sealed) ballots side by side, their votes taken in turn in one run;
- reopening a journal of 1,000 complete votes of 193 ballots and rebuilding every state;
- importing the ten DGACM extracts (if ../shared/data is beside the project);
- importing a UN Digital Library CSV of the real size (914,624 rows, generated here in the real
  layout), in a child process whose peak memory is compared with that of a file half the size.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
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


def reopen(folder: Path, votes: int) -> dict[str, float]:
    roster = un_roster()
    path = folder / "large.sqlite"
    journal = Journal.open(path, roster=roster)
    batch = _Batch()
    clock_now = datetime(2020, 1, 1, tzinfo=UTC)

    def clock() -> datetime:
        nonlocal clock_now
        clock_now += timedelta(milliseconds=300)
        return clock_now

    session = Session(batch, AssemblyState.initial(roster), clock=clock)
    rng = random.Random(2)
    for number in range(votes):
        spec = VoteSpec(symbol=f"A/80/L.{number + 1}", title="Fold")
        session.execute(PrepareVote(at=clock(), vote=f"v{number}", spec=spec))
        session.execute(OpenVote(at=clock()))
        for code in roster.codes:
            session.execute(CastBallot(at=clock(), member=code, choice=rng.choice(list(Choice))))
        session.execute(CloseVote(at=clock()))
        session.execute(LockVote(at=clock()))
        journal.append(batch.events)
        batch.events.clear()
    journal.close()
    start = time.perf_counter()
    reopened = Journal.open(path)
    opened = time.perf_counter()
    state = reopened.state()
    end = time.perf_counter()
    assert len(state.votes) == votes
    assert state == session.state
    events = reopened.event_count()
    reopened.close()
    return {
        "votes": votes,
        "events": events,
        "open_and_verify_s": round(opened - start, 3),
        "fold_s": round(end - opened, 3),
        "total_s": round(end - start, 3),
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
        output = subprocess.run(
            [sys.executable, "-c", _CHILD, str(source), str(folder / f"undl-{label}.sqlite")],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        results[label] = {
            "rows": size,
            "megabytes": round(source.stat().st_size / 1e6, 1),
            "votes": int(output[0]),
            "refused": int(output[1]),
            "seconds": round(float(output[2]), 2),
            "peak_rss_mb": round(int(output[3]) / 1024, 1),
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
            "reopen_1000_votes": reopen(folder, 50 if args.quick else 1000),
            "import_dgacm": import_dgacm(folder),
            "import_undl_csv": import_undl(folder, 20_000 if args.quick else 914_624),
        }
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
