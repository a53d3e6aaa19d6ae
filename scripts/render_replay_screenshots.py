"""Renders the README's screenshots of the replay window at 1920x1080: a vote run here in the
middle of its replay, and ES-11/3 compared with ES-11/1 (headless; the UN's DGACM extracts are
imported when they are beside the project).

    .venv/bin/python scripts/render_replay_screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from offscreen import use_hall_screens
from PySide6.QtWidgets import QApplication

from tests.replay.test_replay import run_vote
from voteboard.journal.archive import import_paths, open_journal
from voteboard.journal.store import Journal
from voteboard.replay.session import ReplaySession
from voteboard.ui.replay import ReplayWindow

ROOT = Path(__file__).resolve().parents[1]
DGACM = ROOT.parent / "shared" / "data" / "un-voting-dgacm"


def main() -> None:
    use_hall_screens()
    app = QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "hall.sqlite"
        run_vote(path)
        if DGACM.is_dir():
            with open_journal(path) as journal:
                import_paths(journal, sorted(DGACM.glob("*.json")))
        with Journal.open(path, readonly=True) as journal:
            window = ReplayWindow(ReplaySession(journal))
            window.resize(1920, 1080)
            window.show()
            entry = window.find_vote("v1")
            assert entry is not None
            window.open_entry(entry)
            window.seek(95)
            app.processEvents()
            window.grab().save(str(ROOT / "docs" / "replay-1920x1080.png"))
            first, third = window.find_vote("A/RES/ES-11/1"), window.find_vote("A/RES/ES-11/3")
            assert first is not None
            assert third is not None
            window.open_entry(first)
            window.search.setText("ES-11")
            window.compare_with(third)
            app.processEvents()
            window.grab().save(str(ROOT / "docs" / "replay-compare-1920x1080.png"))
            window.close()
    print(ROOT / "docs" / "replay-1920x1080.png")
    print(ROOT / "docs" / "replay-compare-1920x1080.png")


if __name__ == "__main__":
    main()
