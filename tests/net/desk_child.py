"""`voteboard control ARGS` in its own process, as the command line runs it, with an officer
at its keyboard: each line on stdin is an action, done through the window with keys.

    python tests/net/desk_child.py control --standby-of URL --key-file F ...

- `take over`: on the standby's window, Alt+T, then Ctrl+Enter on the confirmation;
- `close`, `lock`: on the control window, F8 or F9, then Ctrl+Enter on the confirmation.

It says `voteboard officer: ...` on stderr when an action is done, or why it could not be.
"""

from __future__ import annotations

import os
import sys
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from voteboard.cli.main import main
from voteboard.core.state import AssemblyState
from voteboard.ui.application import application
from voteboard.ui.control import ControlWindow
from voteboard.ui.standby import StandbyWindow

KEYS = {"close": Qt.Key.Key_F8, "lock": Qt.Key.Key_F9}


def say(text: str) -> None:
    print(f"voteboard officer: {text}", file=sys.stderr, flush=True)


def shown(kind: type[QWidget]) -> QWidget | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, kind) and widget.isVisible():
            return widget
    return None


def focus_on(window: QWidget) -> None:
    """The window in front, as the officer's click on it would make it."""
    window.raise_()
    window.activateWindow()
    QTest.qWaitForWindowActive(window, 2000)


def target(window: QWidget) -> QWidget:
    """Where a key goes: the widget with the focus, else the window."""
    return QApplication.focusWidget() or window


class Officer(QObject):
    line = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.line.connect(self.act)
        self._watched: set[int] = set()

    def watch(self, window: ControlWindow) -> None:
        """Says each phase the control window shows (the test waits for it)."""
        if id(window) in self._watched:
            return
        self._watched.add(id(window))
        said: list[str] = []

        def shown_state(state: AssemblyState) -> None:
            vote = state.current_vote or state.last_vote
            if vote is not None and (not said or said[-1] != vote.phase.value):
                said.append(vote.phase.value)
                say(f"phase {vote.phase.value}")

        window.controller.state_changed.connect(shown_state)

    @Slot(str)
    def act(self, line: str) -> None:
        if line == "take over":
            standby = shown(StandbyWindow)
            if not isinstance(standby, StandbyWindow):
                say("no standby window")
                return
            focus_on(standby)
            QTest.keyClick(target(standby), Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
            if not standby.confirm.asking:
                say("the takeover was not asked")
                return
            QTest.keyClick(
                standby.confirm.no, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
            )
            window = shown(ControlWindow)
            if isinstance(window, ControlWindow):
                self.watch(window)
            say("took over" if window is not None else "did not take over")
        elif line in KEYS:
            window = shown(ControlWindow)
            if not isinstance(window, ControlWindow):
                say("no control window")
                return
            self.watch(window)
            focus_on(window)
            QTest.keyClick(target(window), KEYS[line])
            if not window.confirm.asking:
                say(f"{line} was not asked: {window.message.text()}")
                return
            QTest.keyClick(
                window.confirm.no, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
            )
            say(f"{line} asked")


def read(officer: Officer) -> None:
    for line in sys.stdin:
        officer.line.emit(line.strip())


if __name__ == "__main__":
    application()
    officer = Officer()
    threading.Thread(target=read, args=(officer,), daemon=True).start()
    sys.exit(main(sys.argv[1:]))
