"""A real control window in its own process, running one SECRET ballot with simulated
delegations through its widgets: it prepares the vote with the mode selector set to "Secret
ballot", opens it, and once every simulated delegation has voted closes and locks it (each
through its button and the confirmation bar), then quits. It prints the phase and the count of
durable ballots each time the window shows a new state, and "done" at the end.

    python tests/forensic/control_secret_child.py JOURNAL RATE SEED
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from voteboard.core.model import Mode, Phase
from voteboard.core.state import AssemblyState
from voteboard.journal.archive import open_journal
from voteboard.ui.control import ControlWindow
from voteboard.ui.controller import Controller

SYMBOL = "A/80/L.98"


def main() -> None:
    app = QApplication(sys.argv)
    path, rate, seed = Path(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
    controller = Controller(open_journal(path), simulate=True, rate=rate, seed=seed)
    window = ControlWindow(controller)
    window.show()
    asked: set[str] = set()

    def press(action: str) -> None:
        if action in asked or not window.phase.buttons[action].isEnabled():
            return
        asked.add(action)
        window.phase.buttons[action].click()
        window.confirm.yes.click()  # the confirmation bar's own button (no bar: nothing)

    def shown(state: AssemblyState) -> None:
        vote = state.current_vote or state.last_vote
        if vote is None or vote.spec.symbol != SYMBOL:
            return
        print(f"{vote.phase.value} {len(vote.voted)}", flush=True)
        if vote.phase is Phase.PREPARED:
            press("open")
        elif vote.phase is Phase.OPEN and controller.simulation.remaining == 0 and vote.voted:
            press("close")
        elif vote.phase is Phase.CLOSED:
            press("lock")
        elif vote.phase is Phase.LOCKED and "quit" not in asked:
            asked.add("quit")
            QTimer.singleShot(0, window.close)
            QTimer.singleShot(0, app.quit)

    controller.state_changed.connect(shown)
    window.prepare.symbol.setText(SYMBOL)
    window.prepare.title.setPlainText("A vote of the test")
    window.prepare.mode.setCurrentIndex(window.prepare.mode.findData(Mode.SECRET))
    window.prepare.prepare_button.click()
    app.exec()
    print("done", flush=True)


if __name__ == "__main__":
    main()
