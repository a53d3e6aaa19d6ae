"""Replay benchmarks (issues 6 and 17), printing JSON.

    QT_QPA_PLATFORM=offscreen python benchmarks/replay.py

- seeking to random moments of a recorded vote (193 members, changes of mind, a pause): the
  board at that moment, folded from the vote's events;
- a history of 6,000 votes: the UN Digital Library's votes of 1946 to 2025
  (`../shared/data/un-digital-library/ga-voting-1946-2025.csv.gz`, imported as
  `voteboard import` does) when the file is there, made up to 6,000 with copies of its
  records under new symbols; else copies of the shipped ES-11 votes. On it: opening the
  replay window, each keystroke of a search typed into its search box (the list refreshed, as
  the user sees it), and a member's votes across the 80 years chosen in the member chooser
  (the list with the member's column, painted).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.replay.test_replay import run_vote
from voteboard.core.history import ImportedVote
from voteboard.journal.archive import import_paths
from voteboard.journal.store import Journal
from voteboard.replay.player import RecordedReplay
from voteboard.replay.session import ReplaySession
from voteboard.replay.timeline import Timeline
from voteboard.ui.replay import ReplayWindow

UNDL = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "data"
    / "un-digital-library"
    / "ga-voting-1946-2025.csv.gz"
)
VOTES = 6_000
MEMBERS = ("RUS", "TUR", "COD", "MMR", "DEU", "CSK", "YUG", "USA", "CHN", "ZZB")
"""Members whose votes are shown: some with several names, some former members."""


def ms(samples: list[float]) -> dict[str, float]:
    samples = sorted(samples)
    return {
        "median_ms": round(statistics.median(samples) * 1000, 3),
        "p99_ms": round(samples[max(int(len(samples) * 0.99) - 1, 0)] * 1000, 3),
        "max_ms": round(samples[-1] * 1000, 3),
    }


def fill_history(journal: Journal, rng: random.Random) -> dict[str, object]:
    """The journal's history made up to VOTES votes: the real file's, else the shipped ones'."""
    start = time.perf_counter()
    if UNDL.is_file():
        import_paths(journal, [UNDL])
        source = str(UNDL.name)
    else:
        source = "shipped ES-11 votes"
    base = list(journal.history())
    imported = len(base)
    words = ["peace", "development", "rights", "health", "ocean", "trade", "climate"]
    copies: list[ImportedVote] = []
    for n in range(VOTES - imported):
        record = base[n % len(base)]
        title = f"{rng.choice(words).title()} {rng.choice(words)} {n}: {record.title}"
        copies.append(record.model_copy(update={"symbol": f"A/RES/90/{n}", "title": title}))
    journal.add_history(copies)
    return {
        "source": source,
        "imported": imported,
        "copies": len(copies),
        "import_s": round(time.perf_counter() - start, 2),
    }


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    assert app is not None
    report: dict[str, object] = {}
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "j.sqlite"
        run_vote(path)
        with Journal.open(path) as journal:
            events = list(journal.events(vote="v1"))
            replay = RecordedReplay(journal.roster, Timeline(journal.roster, events))
            samples = []
            for _ in range(500):
                start = time.perf_counter()
                replay.player.seek(rng.random() * replay.player.duration)
                replay.board()
                samples.append(time.perf_counter() - start)
            report["seek_recorded_vote"] = {"events": len(events), **ms(samples)}
            report["history"] = fill_history(journal, rng)
        with Journal.open(path, readonly=True) as journal:
            opens = []
            for _ in range(3):  # the first in a new process, then twice more
                start = time.perf_counter()
                window = ReplayWindow(ReplaySession(journal))
                window.resize(1920, 1080)
                window.show()
                app.processEvents()
                opens.append(time.perf_counter() - start)
                if len(opens) < 3:
                    window.close()
            report["open_history_window"] = {
                "votes": len(window.all),
                "first_ms": round(opens[0] * 1000, 1),
                **ms(opens),
            }
            keystrokes = []
            for text in ("territorial integrity", "ukraine charter", "health 1234", "apartheid"):
                window.search.clear()
                app.processEvents()
                for end in range(1, len(text) + 1):
                    start = time.perf_counter()
                    window.search.setText(text[:end])
                    app.processEvents()
                    keystrokes.append(time.perf_counter() - start)
            window.search.clear()
            app.processEvents()
            report["search_keystroke"] = {"keystrokes": len(keystrokes), **ms(keystrokes)}
            shown = []
            for code in MEMBERS:
                index = window.member.findData(code)
                if index < 0:
                    continue
                window.member.setCurrentIndex(0)
                app.processEvents()
                start = time.perf_counter()
                window.member.setCurrentIndex(index)
                app.processEvents()
                shown.append(time.perf_counter() - start)
            report["members_votes_80_years"] = {"members": len(shown), **ms(shown)}
            window.close()
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
