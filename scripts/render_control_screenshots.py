"""Renders the README's screenshots of the control window and the hall board: the desk at
1366x768 and 1920x1080 during a recorded vote, a secret ballot and a roll call, and after the
lock; the hall board at 1920x1080 (headless, a real journal in a temporary folder, simulated
delegations).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/render_control_screenshots.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from offscreen import use_hall_screens, wait
from PySide6.QtWidgets import QApplication

from voteboard.core.model import Majority, Mode, Phase
from voteboard.journal.archive import open_journal
from voteboard.ui.board import BoardWidget
from voteboard.ui.control import ControlWindow
from voteboard.ui.controller import Controller

DOCS = Path(__file__).resolve().parents[1] / "docs"
TITLE = (
    "Territorial integrity of Ukraine: defending the principles of the Charter of the United "
    "Nations"
)


def prepare(window: ControlWindow, symbol: str, mode: Mode = Mode.RECORDED) -> None:
    form = window.prepare
    form.symbol.setText(symbol)
    form.title.setPlainText(TITLE)
    form.mode.setCurrentIndex(form.mode.findData(mode))
    form.majority.setCurrentIndex(form.majority.findData(Majority.TWO_THIRDS))
    form.prepare_button.click()
    if window.confirm.asking:
        window.confirm.yes.click()
    wait(lambda: window.phase.buttons["open"].isEnabled())


def press(window: ControlWindow, action: str) -> None:
    window.request(action)
    if window.confirm.asking:
        window.confirm.yes.click()


def run(size: tuple[int, int], saved: list[Path]) -> None:
    width, height = size
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as folder:
        controller = Controller(
            open_journal(Path(folder) / "hall.sqlite"), simulate=True, rate=300, seed=3
        )
        window = ControlWindow(controller)
        window.resize(width, height)
        window.show()
        hall = BoardWidget(controller.board)
        hall.resize(1920, 1080)
        controller.board_changed.connect(hall.set_board)

        def shot(name: str, board: bool = False) -> None:
            app.processEvents()
            path = DOCS / f"control-{name}-{width}x{height}.png"
            window.grab().save(str(path))
            saved.append(path)
            if board and size == (1920, 1080):
                path = DOCS / f"board-{name}-1920x1080.png"
                hall.grab().save(str(path))
                saved.append(path)

        prepare(window, "A/ES-11/L.5")
        press(window, "open")
        wait(lambda: controller.vote is not None and len(controller.vote.voted) >= 130)
        window.phase.simulate.setChecked(False)
        wait(controller.wait_idle)
        shot("open", board=True)
        window.phase.simulate.setChecked(True)
        wait(lambda: controller.simulation.remaining == 0 and controller.wait_idle())
        press(window, "close")
        wait(lambda: window.phase.buttons["lock"].isEnabled())
        press(window, "lock")
        wait(lambda: controller.vote is not None and controller.vote.phase is Phase.LOCKED)
        shot("locked", board=True)

        prepare(window, "A/80/L.98", Mode.SECRET)
        press(window, "open")
        wait(lambda: controller.vote is not None and len(controller.vote.voted) >= 100)
        window.phase.simulate.setChecked(False)
        wait(controller.wait_idle)
        shot("secret-open")
        press(window, "cancel")
        wait(lambda: window.prepare.prepare_button.isEnabled())

        prepare(window, "A/80/L.97")
        press(window, "open")
        wait(lambda: controller.vote is not None and controller.vote.phase is Phase.OPEN)
        window.show_tab(2)
        window.roll_call.answer_pause_s = 0.0
        window.roll_call.draw.click()
        window.confirm.yes.click()
        wait(lambda: window.roll_call.answers["yes"].isEnabled())
        for key in ["yes", "no", "yes", "abstain", "skip", "yes"] * 4:
            wait(lambda: window.roll_call.answers["yes"].isEnabled())
            window.roll_call.answer(key)
        wait(lambda: window.roll_call.answers["yes"].isEnabled() and controller.wait_idle())
        shot("roll-call")
        window._closing_confirmed = True
        window.close()


def main() -> None:
    use_hall_screens()
    QApplication([])
    saved: list[Path] = []
    for size in ((1366, 768), (1920, 1080)):
        run(size, saved)
    for path in saved:
        print(path)


if __name__ == "__main__":
    main()
