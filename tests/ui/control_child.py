"""A real control window in its own process, for the crash test: it prepares and opens a vote
through its widgets, lets simulated delegations vote, and prints each count of durable
ballots that it shows (so the test knows what was acknowledged before it kills the process).

    python tests/ui/control_child.py JOURNAL
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from voteboard.core.state import AssemblyState
from voteboard.journal.archive import open_journal
from voteboard.ui.control import ControlWindow
from voteboard.ui.controller import Controller


def main() -> None:
    app = QApplication(sys.argv)
    controller = Controller(open_journal(Path(sys.argv[1])), simulate=True, rate=40, seed=5)
    window = ControlWindow(controller)
    window.show()

    def shown(state: AssemblyState) -> None:
        vote = state.current_vote
        if vote is None:
            return
        if window.phase.buttons["open"].isEnabled():
            window.phase.buttons["open"].click()
        print(f"{vote.phase.value} {len(vote.voted)}", flush=True)

    controller.state_changed.connect(shown)
    window.prepare.symbol.setText("A/80/L.99")
    window.prepare.title.setPlainText("A vote of the test")
    window.prepare.prepare_button.click()
    app.exec()


if __name__ == "__main__":
    main()
