"""Renders the README's screenshots of the network: a delegation's console (a recorded vote,
its ballot acknowledged; a secret ballot, before and after its confirmation) at 960x640, and
the control window's Network tab with 180 consoles and 2 remote boards connected, at 1920x1080
(headless, real sockets on loopback, a real journal in a temporary folder).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/render_network_screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from offscreen import REPOSITORY, use_hall_screens, wait
from PySide6.QtWidgets import QApplication

from voteboard.core.model import Choice, Majority, Mode, Phase
from voteboard.journal.archive import open_journal
from voteboard.net.protocol import Hello
from voteboard.ui.console import ConsoleWindow
from voteboard.ui.control import ControlWindow
from voteboard.ui.controller import Controller
from voteboard.ui.network import HallLink, RemoteLink

sys.path.insert(0, str(REPOSITORY))
from benchmarks.fleet import Fleet

DOCS = Path(__file__).resolve().parents[1] / "docs"


def main() -> None:
    use_hall_screens()
    app = QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        journal = open_journal(Path(folder) / "hall.sqlite")
        roster = journal.roster
        holders = [(m.code, "console") for m in roster] + [("display", "display")]
        keys = journal.issue_keys(holders, at="2026-11-28")
        controller = Controller(journal)
        link = HallLink(controller)
        link.start()
        window = ControlWindow(controller, network=link)
        window.resize(1920, 1080)
        window.show()
        console = ConsoleWindow("UKR", link.url)
        remote = RemoteLink(link.url, Hello(role="console", seat="UKR", key=keys["UKR"]))
        console.attach(remote)
        console.resize(960, 640)
        console.show()
        remote.start()
        others = [code for code in roster.codes if code != "UKR"][:179]
        fleet = Fleet(link.url, keys, seats=others, displays=2)
        fleet.start()
        wait(lambda: len(link.connections["consoles"]) == 180)  # type: ignore[arg-type]

        def vote(symbol: str, title: str, mode: Mode) -> None:
            window.prepare.symbol.setText(symbol)
            window.prepare.title.setPlainText(title)
            window.prepare.mode.setCurrentIndex(window.prepare.mode.findData(mode))
            window.prepare.majority.setCurrentIndex(
                window.prepare.majority.findData(Majority.TWO_THIRDS)
            )
            window.prepare.prepare_button.click()
            wait(lambda: window.phase.buttons["open"].isEnabled())
            window.phase.buttons["open"].click()
            wait(lambda: console.buttons[Choice.YES].isEnabled())

        vote(
            "A/ES-11/L.5",
            "Territorial integrity of Ukraine: defending the principles of the Charter",
            Mode.RECORDED,
        )
        console.press(Choice.YES)
        wait(lambda: console.own.text().startswith("Your ballot: YES"))
        answers = fleet.vote({code: Choice.YES for code in others[:120]}, within_s=0.5)
        wait(answers.done)
        wait(controller.wait_idle)
        app.processEvents()
        console.grab().save(str(DOCS / "console-recorded-960x640.png"))
        window.tabs.setCurrentWidget(window.network_panel)
        fleet.stop()  # the consoles' connections end: the tab lists who is missing
        wait(lambda: len(link.connections["consoles"]) == 1)  # type: ignore[arg-type]
        fleet = Fleet(link.url, keys, seats=others[:170], displays=2)
        fleet.start()
        wait(lambda: len(link.connections["consoles"]) == 171)  # type: ignore[arg-type]
        app.processEvents()
        window.grab().save(str(DOCS / "control-network-1920x1080.png"))
        window.tabs.setCurrentIndex(0)

        for action in ("close", "lock"):
            window.request(action)
            window.confirm.yes.click()
            wait(lambda: not controller.busy)
        wait(lambda: controller.vote is not None and controller.vote.phase is Phase.LOCKED)
        vote("A/77/SECRET.1", "Election of a member of the Committee", Mode.SECRET)
        console.press(Choice.NO)
        app.processEvents()
        console.grab().save(str(DOCS / "console-secret-confirm-960x640.png"))
        console.confirm_button.click()
        wait(lambda: console.own.text().startswith("Your ballot has been cast"))
        app.processEvents()
        console.grab().save(str(DOCS / "console-secret-cast-960x640.png"))

        fleet.stop()
        remote.stop()
        window._closing_confirmed = True
        window.close()
        console.close()


if __name__ == "__main__":
    main()
