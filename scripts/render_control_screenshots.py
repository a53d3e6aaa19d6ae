"""Renders the README's screenshots of the control window and the hall board at 1920x1080,
while a vote is open and after it is locked (headless, a real journal in a temporary folder,
simulated delegations).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/render_control_screenshots.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from offscreen import use_hall_screens, wait
from PySide6.QtWidgets import QApplication

from voteboard.core.model import Majority, Phase
from voteboard.journal.archive import open_journal
from voteboard.ui.board import BoardWidget
from voteboard.ui.control import ControlWindow
from voteboard.ui.controller import Controller

DOCS = Path(__file__).resolve().parents[1] / "docs"


def main() -> None:
    use_hall_screens()
    app = QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        controller = Controller(
            open_journal(Path(folder) / "hall.sqlite"), simulate=True, rate=300, seed=3
        )
        window = ControlWindow(controller)
        window.resize(1920, 1080)
        window.show()
        hall = BoardWidget(controller.board)
        hall.resize(1920, 1080)
        controller.board_changed.connect(hall.set_board)
        window.symbol.setText("A/ES-11/L.5")
        window.title.setPlainText(
            "Territorial integrity of Ukraine: defending the principles of the Charter of the "
            "United Nations"
        )
        window.majority.setCurrentIndex(window.majority.findData(Majority.TWO_THIRDS))
        window.prepare_button.click()
        wait(lambda: window.buttons["open"].isEnabled())
        window.buttons["open"].click()
        wait(lambda: controller.vote is not None and len(controller.vote.voted) >= 130)
        window.simulate.setChecked(False)
        wait(controller.wait_idle)
        app.processEvents()
        window.grab().save(str(DOCS / "control-open-1920x1080.png"))
        hall.grab().save(str(DOCS / "board-open-1920x1080.png"))
        window.simulate.setChecked(True)
        wait(lambda: controller.simulation.remaining == 0 and controller.wait_idle())
        window.request("close")
        window.confirm.yes.click()
        wait(lambda: window.buttons["lock"].isEnabled())
        window.request("lock")
        window.confirm.yes.click()
        wait(lambda: controller.vote is not None and controller.vote.phase is Phase.LOCKED)
        app.processEvents()
        window.grab().save(str(DOCS / "control-locked-1920x1080.png"))
        hall.grab().save(str(DOCS / "board-locked-1920x1080.png"))
        window._closing_confirmed = True
        window.close()
    for name in ("control-open", "board-open", "control-locked", "board-locked"):
        print(DOCS / f"{name}-1920x1080.png")


if __name__ == "__main__":
    main()
