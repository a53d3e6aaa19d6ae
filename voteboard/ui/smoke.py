"""`voteboard --smoke-test`: can this machine run the hall board?

For a hall technician after an installation. It says what runs (versions, the Qt platform, the
assets, the roster, the font, the journal's place), lists the screens, and puts the hall board
full screen on every screen at once, showing the shipped A/RES/ES-11/4 with a note naming the
screen in its footer. Each board is then grabbed and a few members' lights are read back where
the widget says it drew them. One line per check on stdout, a summary last; exit status 0 when
every check passed, 1 otherwise.

Qt is imported only once the checks that need no Qt are done, so that a machine where PySide6
cannot load (a library missing) is told so, not shown a traceback. It creates and changes no
file of voteboard's: the journal's place is looked at, never opened.
"""

from __future__ import annotations

import os
import platform
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from voteboard import __version__
from voteboard.core.board import Board, board_of_record
from voteboard.diagnose import (
    MEMBERS,
    QT_LIBRARIES,
    SMOKE_VOTE,
    Check,
    Report,
    display_problem,
    journal_check,
    members_to_check,
)

if TYPE_CHECKING:
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    from voteboard.ui.display import HallDisplay

DEFAULT_SECONDS = 3.0
PAINT_TIMEOUT_MS = 10_000
"""A board not painted full screen this long after its opening has failed."""


def _say(line: str) -> None:
    print(line, flush=True)


def run(seconds: float = DEFAULT_SECONDS, out: Callable[[str], None] = _say) -> int:
    """The whole smoke test; the exit status."""
    report = Report(out)
    report.ok(f"voteboard {__version__}")
    report.ok(f"Python {platform.python_version()}", sys.executable)
    try:
        from voteboard.resources import assets_dir

        assets = assets_dir()
    except FileNotFoundError as exc:
        report.fail("assets", str(exc))
        return report.finish()
    report.ok("assets", str(assets))
    problem = display_problem(os.environ, sys.platform)
    if problem is not None:
        report.fail("display", problem)
        return report.finish()
    try:
        import PySide6
        from PySide6 import QtCore, QtGui, QtWidgets  # noqa: F401 (can they be loaded?)
    except ImportError as exc:
        report.fail(
            "Qt",
            f"PySide6 cannot be loaded: {exc} (a bare Debian needs the packages {QT_LIBRARIES})",
        )
        return report.finish()
    from PySide6.QtGui import QGuiApplication

    from voteboard.ui.application import application

    application()
    report.ok(
        f"Qt {QtCore.qVersion()} (PySide6 {PySide6.__version__})",
        f"platform plugin {QGuiApplication.platformName()}",
    )
    _qt_checks(report, seconds)
    return report.finish()


def _qt_checks(report: Report, seconds: float) -> None:
    from PySide6.QtGui import QGuiApplication

    from voteboard.journal.store import default_journal_path
    from voteboard.resources import SHIPPED_VOTES, shipped_votes, un_roster
    from voteboard.ui.display import screen_name
    from voteboard.ui.theme import load_fonts

    try:
        roster = un_roster()
    except (OSError, ValueError) as exc:
        report.fail("roster", f"the roster cannot be read: {exc}")
        return
    if len(roster) != MEMBERS:
        report.fail("roster", f"{len(roster)} members, not the {MEMBERS} of the Assembly")
    else:
        report.ok("roster", f"{len(roster)} members")
    try:
        report.ok("font", f"{load_fonts()} (the board's own font, shipped in the assets)")
    except RuntimeError as exc:
        report.fail("font", str(exc))
    report.add(journal_check(default_journal_path()))
    try:
        record = next((v for v in shipped_votes() if v.symbol == SMOKE_VOTE), None)
    except (OSError, ValueError) as exc:
        report.fail("shipped votes", f"{SHIPPED_VOTES} cannot be read: {exc}")
        return
    if record is None:
        report.fail("shipped votes", f"{SMOKE_VOTE} is not in {SHIPPED_VOTES}")
        return
    board = board_of_record(record, roster)
    totals = board.totals
    report.ok(
        f"vote {SMOKE_VOTE}",
        f"yes {totals.yes}, no {totals.no}, abstentions {totals.abstain} (from {SHIPPED_VOTES})",
    )
    screens = QGuiApplication.screens()
    if not screens:
        report.fail(
            "screens",
            f"the Qt platform {QGuiApplication.platformName()} reports no screen: is a monitor "
            "connected and switched on?",
        )
        return
    names = ", ".join(screen_name(screen) for screen in screens)
    report.ok("screens", f"{len(screens)} ({names})")
    for check in show_boards(board, screens, seconds):
        report.add(check)


def describe_screen(screen: QScreen) -> str:
    """HDMI-1 1920x1080+0+0 dpr 1 60 Hz primary: its name, geometry (in Qt's logical pixels),
    device pixel ratio, refresh rate, and whether it is the primary screen."""
    from PySide6.QtGui import QGuiApplication

    from voteboard.ui.display import screen_name

    g, dpr = screen.geometry(), screen.devicePixelRatio()
    where = f"{g.width()}x{g.height()}+{g.x()}+{g.y()}"
    name = screen_name(screen)
    pixels = f" ({round(g.width() * dpr)}x{round(g.height() * dpr)} pixels)" if dpr != 1 else ""
    first = QGuiApplication.primaryScreen()
    primary = " primary" if first is not None and screen_name(first) == name else ""
    return (
        f"{name if name == where else f'{name} {where}'} dpr {dpr:g}{pixels}"
        f" {round(screen.refreshRate(), 2):g} Hz{primary}"
    )


def screen_note(screen: QScreen) -> str:
    """The footer's note on that screen's board: which screen the technician is looking at."""
    from voteboard.ui.display import screen_name

    size = screen.geometry().size()
    return f"Smoke test of this screen: {screen_name(screen)}, {size.width()}x{size.height()}"


def placement_problem(window: HallDisplay, screen: QScreen, shown_on: str) -> str | None:
    """Why the board is not (yet) full screen on that screen (`shown_on`: the name of the screen
    its window is on), or None."""
    from voteboard.ui.display import screen_name

    if shown_on != screen_name(screen):
        return f"the board went to {shown_on}, not to this screen"
    size, wanted = window.size(), screen.geometry().size()
    if size != wanted:
        return (
            f"the board is {size.width()}x{size.height()} on a screen of "
            f"{wanted.width()}x{wanted.height()}: it did not go full screen"
        )
    return None


def check_board(window: HallDisplay, screen: QScreen, expected: Board) -> Check:
    """Grabs the board shown on that screen and reads back a yes, a no and an abstain light at
    the places where the board widget drew them."""
    from PySide6.QtCore import QPoint, QRectF

    from voteboard.ui.pixels import dominant, expected_colour, near

    what = f"screen {describe_screen(screen)}"
    pixmap = window.grab()
    image = pixmap.toImage()
    dpr = pixmap.devicePixelRatio()
    geometry = screen.geometry()
    want = (
        geometry.width() * screen.devicePixelRatio(),
        geometry.height() * screen.devicePixelRatio(),
    )
    if abs(image.width() - want[0]) > 1 or abs(image.height() - want[1]) > 1:
        return Check(
            False,
            what,
            f"the board's image is {image.width()}x{image.height()} pixels, the screen's "
            f"{round(want[0])}x{round(want[1])} (its size times its pixel ratio)",
        )
    widget = window.board_widget
    origin = widget.mapTo(window, QPoint(0, 0))
    seen, wrong = [], []
    checks = members_to_check(expected)
    for code, light in checks:
        rect = widget.light_rect(code)
        if rect is None:
            wrong.append(f"{code} is not on the board")
            continue
        rect = rect.translated(origin.x(), origin.y())
        pixels = QRectF(rect.x() * dpr, rect.y() * dpr, rect.width() * dpr, rect.height() * dpr)
        colour, wanted = dominant(image, pixels), expected_colour(light)
        if near(colour, wanted):
            seen.append(f"{code} {light.value}")
        else:
            centre = pixels.center()
            wrong.append(
                f"{code}'s light at ({round(centre.x())}, {round(centre.y())}) is "
                f"{colour.name()}, not {light.value} {wanted.name()}"
            )
    if not checks:
        return Check(False, what, "board drawn, but it has no yes, no or abstain light to check")
    if wrong:
        return Check(False, what, "board drawn, but " + "; ".join(wrong))
    return Check(True, what, f"board drawn, lights checked ({', '.join(seen)})")


class _Trial:
    """The board full screen on one screen, checked once it is shown and painted there."""

    def __init__(self, board: Board, screen: QScreen, done: Callable[[], None]) -> None:
        from voteboard.ui.display import HallDisplay, screen_name

        self.screen = screen
        self.what = f"screen {describe_screen(screen)}"
        self.expected = board
        self.result: Check | None = None
        self.why = "the board was never painted on it"
        self._done = done
        self._pending = False
        self.window = HallDisplay(board.model_copy(update={"note": screen_note(screen)}))
        self.window.board_widget.painted.connect(self._painted)
        # The window is made on the screen asked for; the platform says when it moves it. (Not
        # window.screen(): PySide ties that QScreen's Python object to the window, and deleting
        # the window would invalidate every Python reference to the screen.)
        self.shown_on = screen_name(screen)

    def start(self) -> None:
        self.window.place(self.screen)
        handle = self.window.windowHandle()
        if handle is not None:
            handle.screenChanged.connect(self._moved)

    def _moved(self, screen: QScreen | None) -> None:
        from voteboard.ui.display import screen_name

        self.shown_on = screen_name(screen) if screen is not None else "no screen"

    def _painted(self, _rect: QRect) -> None:
        from PySide6.QtCore import QTimer

        if self.result is None and not self._pending:
            self._pending = True
            QTimer.singleShot(0, self._inspect)  # after the paint, not inside it

    def _inspect(self) -> None:
        self._pending = False
        if self.result is not None:
            return
        try:
            problem = placement_problem(self.window, self.screen, self.shown_on)
            if problem is not None:  # perhaps on its way to full screen: the next paint tells
                self.why = problem
                return
            self.result = check_board(self.window, self.screen, self.expected)
        except Exception as exc:  # a screen unplugged meanwhile, or a bug: a FAIL, not a hang
            self.result = Check(False, self.what, f"the check could not be made: {exc}")
        self._done()

    def give_up(self) -> None:
        if self.result is None:
            self.result = Check(False, self.what, self.why)

    def close(self) -> None:
        """Closes the window and deletes it now (not later, in someone else's event loop)."""
        import shiboken6

        self.window.board_widget.painted.disconnect(self._painted)
        self.window.close()
        shiboken6.delete(self.window)


def show_boards(board: Board, screens: Sequence[QScreen], seconds: float) -> list[Check]:
    """The board full screen on every screen at once, each checked as soon as it is painted
    there, kept up `seconds` (and until every one is checked, or has failed to paint within
    PAINT_TIMEOUT_MS). A check per screen, in the order of `screens`."""
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    loop = QEventLoop()
    time_up = False
    trials: list[_Trial] = []

    def maybe_end() -> None:
        if time_up and all(trial.result is not None for trial in trials):
            loop.quit()

    def end_of_time() -> None:
        nonlocal time_up
        time_up = True
        maybe_end()

    def deadline() -> None:
        for trial in trials:
            trial.give_up()
        maybe_end()

    shown = QTimer()
    shown.setSingleShot(True)
    shown.setTimerType(Qt.TimerType.PreciseTimer)
    shown.timeout.connect(end_of_time)
    late = QTimer()
    late.setSingleShot(True)
    late.timeout.connect(deadline)
    try:
        trials.extend(_Trial(board, screen, maybe_end) for screen in screens)
        for trial in trials:
            trial.start()
        shown.start(round(seconds * 1000))
        late.start(PAINT_TIMEOUT_MS)
        loop.exec()
    finally:
        shown.stop()
        late.stop()
        for trial in trials:
            trial.give_up()
            trial.close()
    return [trial.result for trial in trials if trial.result is not None]
