"""Replay benchmarks (issue 6), printing JSON.

    QT_QPA_PLATFORM=offscreen python benchmarks/replay.py

- seeking to random moments of a recorded vote (193 members, changes of mind, a pause): the
  board at that moment, folded from the vote's events;
- the history with 10,000 votes: opening the replay window on it, and each keystroke of a
  search typed into its search box (the list refreshed, as the user sees it).
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
from voteboard.journal.archive import shipped_votes
from voteboard.journal.store import Journal
from voteboard.replay.player import RecordedReplay
from voteboard.replay.session import ReplaySession
from voteboard.replay.timeline import Timeline
from voteboard.ui.replay import ReplayWindow


def ms(samples: list[float]) -> dict[str, float]:
    samples = sorted(samples)
    return {
        "median_ms": round(statistics.median(samples) * 1000, 3),
        "p99_ms": round(samples[int(len(samples) * 0.99) - 1] * 1000, 3),
        "max_ms": round(samples[-1] * 1000, 3),
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

            # 10,000 imported votes: the real ES-11 records under new symbols and titles.
            words = [
                "peace",
                "development",
                "rights",
                "health",
                "ocean",
                "trade",
                "climate",
                "territorial",
            ]
            base = shipped_votes()
            votes = []
            for n in range(10_000):
                record = base[n % len(base)]
                title = f"{rng.choice(words).title()} {rng.choice(words)} {n}: {record.title}"
                votes.append(record.model_copy(update={"symbol": f"A/RES/90/{n}", "title": title}))
            start = time.perf_counter()
            journal.add_history(votes)
            report["import_10000_votes_s"] = round(time.perf_counter() - start, 2)
        with Journal.open(path, readonly=True) as journal:
            start = time.perf_counter()
            window = ReplayWindow(ReplaySession(journal))
            window.resize(1920, 1080)
            window.show()
            app.processEvents()
            report["open_history_window_10006_votes_ms"] = round(
                (time.perf_counter() - start) * 1000, 1
            )
            keystrokes = []
            for text in ("territorial integrity", "ukraine charter", "health 1234"):
                window.search.clear()
                app.processEvents()
                for end in range(1, len(text) + 1):
                    start = time.perf_counter()
                    window.search.setText(text[:end])
                    app.processEvents()
                    keystrokes.append(time.perf_counter() - start)
            report["search_keystroke_10006_votes"] = {
                "keystrokes": len(keystrokes),
                **ms(keystrokes),
            }
            window.close()
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
