"""The hall display: the board full screen on a screen chosen by name, following a journal.

`voteboard display` runs it. It reads the journal that the control desk writes (another
process) and shows its current vote; a committed change reaches the board within the poll
interval (a quarter of a second). The hall's screen is chosen by its name, never by its index:
indexes change when a cable is moved, names do not.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCursor, QGuiApplication, QKeySequence, QScreen, QShortcut
from PySide6.QtWidgets import QVBoxLayout, QWidget

from voteboard.core.board import Board, hall_board, waiting_board
from voteboard.core.roster import Roster
from voteboard.core.wording import Translation
from voteboard.journal.follow import JournalFollower
from voteboard.journal.store import JournalError
from voteboard.ui.board import BoardWidget
from voteboard.ui.layout import Panel

POLL_MS = 250


def screen_name(screen: QScreen) -> str:
    """The screen's name (its connector, such as HDMI-1), or where it is when it has none."""
    geometry = screen.geometry()
    where = f"{geometry.width()}x{geometry.height()}+{geometry.x()}+{geometry.y()}"
    return screen.name() or where


def screen_names() -> list[str]:
    """The names of the screens, as `--screen` and `--hall-screen` take them."""
    return [screen_name(screen) for screen in QGuiApplication.screens()]


def describe_screens() -> list[str]:
    """A line per screen: its name, size, position and whether it is the primary one."""
    primary = QGuiApplication.primaryScreen()
    lines = []
    for screen in QGuiApplication.screens():
        geometry = screen.geometry()
        lines.append(
            f"{screen_name(screen)}\t{geometry.width()}x{geometry.height()}"
            f"+{geometry.x()}+{geometry.y()}"
            + ("\tprimary" if screen is primary else "")
            + (f"\t{screen.manufacturer()} {screen.model()}".rstrip() if screen.model() else "")
        )
    return lines


def find_screen(name: str | None) -> QScreen | None:
    """The screen of that name (None: the primary screen); None when there is no such one."""
    if name is None:
        return QGuiApplication.primaryScreen()
    return next((s for s in QGuiApplication.screens() if screen_name(s) == name), None)


class JournalWatch(QObject):
    """Polls a journal written by another process and emits the hall's board when it changes."""

    board_changed = Signal(object)
    problem = Signal(str)

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.follower = JournalFollower(path)
        self._problem = ""
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.poll)

    def start(self) -> None:
        self.poll()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self.follower.close()

    @Slot()
    def poll(self) -> None:
        try:
            changed = self.follower.poll()
        except JournalError as exc:
            self._report(str(exc))
            return
        self._report("")
        state = self.follower.state
        if changed and state is not None:
            self.board_changed.emit(hall_board(state, dt.date.today()))

    def _report(self, problem: str) -> None:
        if problem != self._problem:
            self._problem = problem
            self.problem.emit(problem)


class HallDisplay(QWidget):
    """The board alone on a screen: no frame, no cursor, nothing but the board.

    F11 switches between full screen and a window; Ctrl+Q closes it."""

    def __init__(
        self, board: Board, panel: Panel = Panel.ALL, *, translation: Translation | None = None
    ) -> None:
        super().__init__()
        self.setWindowTitle("voteboard: hall board")
        self.board_widget = BoardWidget(board, panel, self, translation=translation)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.board_widget)
        self._screen_name: str | None = None
        QShortcut(QKeySequence(Qt.Key.Key_F11), self).activated.connect(self.toggle_full_screen)
        QShortcut(QKeySequence("Ctrl+Q"), self).activated.connect(self.close)

    @Slot(object)
    def show_board(self, board: Board) -> None:
        self.board_widget.set_board(board)

    def place(self, screen: QScreen, *, full_screen: bool = True) -> None:
        """Shows the board on that screen, full screen (or in a window of 1280x720 there)."""
        self._screen_name = screen_name(screen)
        geometry = screen.geometry()
        if full_screen:
            self.setGeometry(geometry)
            self.setScreen(screen)
            self.setCursor(QCursor(Qt.CursorShape.BlankCursor))
            self.showFullScreen()
        else:
            self.unsetCursor()
            self.showNormal()
            self.resize(min(1280, geometry.width()), min(720, geometry.height()))
            self.move(geometry.topLeft())
            self.setScreen(screen)

    def follow_screen_changes(self) -> None:
        """If the hall's screen is unplugged and comes back, the board goes back to it."""
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.screenAdded.connect(self._screen_added)

    @Slot(QScreen)
    def _screen_added(self, screen: QScreen) -> None:
        if screen_name(screen) == self._screen_name:
            self.place(screen, full_screen=self.isFullScreen())

    @Slot()
    def toggle_full_screen(self) -> None:
        screen = self.screen()
        self.place(screen, full_screen=not self.isFullScreen())


def initial_board(roster: Roster) -> Board:
    """What a hall display shows before it has a vote to follow: the roster unlit, those without the
    right to vote marked."""
    return waiting_board(roster, roster.without_right_to_vote, dt.date.today())
