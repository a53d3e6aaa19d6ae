"""The secretariat's control window: prepare, open, suspend, close and lock votes.

It is made of panels (voteboard/ui/panels/), each fed by the controller; everything it does
goes through the `Controller`, everything it shows comes from the states the controller
publishes. The rules that enable a command, the roll call's order and the clock are the
core's. One confirmation bar serves every panel: it floats beside the control that asked, so
nothing moves when it appears.

Keys: F5 open, F6 suspend, F7 resume, F8 close, F9 lock, Ctrl+F12 cancel; Ctrl+Enter confirms
and Escape goes back; Ctrl+1 to Ctrl+6 show the register, the ballot for a delegation, the
roll call, the rights, the corrections and the network; Ctrl+P goes to the Prepare form;
Ctrl+S saves the record as PDF.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QTimer, Slot
from PySide6.QtGui import (
    QCloseEvent,
    QGuiApplication,
    QKeySequence,
    QScreen,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from voteboard.core.commands import (
    CancelVote,
    CastBallot,
    CloseVote,
    Command,
    DrawRollCall,
    LockVote,
    OpenVote,
    PauseVote,
    PrepareVote,
    RecordCorrection,
    RestoreRight,
    ResumeVote,
    StartCountdown,
    StopCountdown,
    WithdrawRight,
)
from voteboard.core.decide import PHASE_WORDS
from voteboard.core.languages import Language
from voteboard.core.model import Phase
from voteboard.core.wording import Translation
from voteboard.journal.seal import SealError, config_dir, private_folder
from voteboard.net.standby import StandbyState, StandbyStatus
from voteboard.ui import display, languages
from voteboard.ui.board import BoardWidget
from voteboard.ui.connections import NetworkPanel
from voteboard.ui.controller import Controller
from voteboard.ui.network import HallLink
from voteboard.ui.panels.common import CHOICE_WORDS, FOCUS_STYLE, ConfirmBar
from voteboard.ui.panels.entries import BallotPanel, CorrectionPanel, RightsPanel
from voteboard.ui.panels.phase import PhasePanel
from voteboard.ui.panels.prepare import PreparePanel
from voteboard.ui.panels.register import RegisterPanel
from voteboard.ui.panels.result import ResultPanel
from voteboard.ui.panels.rollcall import RollCallPanel

MIN_SIZE = QSize(1260, 660)
"""The smallest desk that shows everything (a 1280x720 screen, less a window's frame)."""
HALL_SIZE = QSize(1920, 1080)
"""The hall screen's size when none is known: the preview is laid out as on it."""
DESK_SINGLE_SCREEN_W = 1280
"""On a single screen, the hall board goes beside the desk only if the desk keeps this."""


_SAID_OF_THE_VOTE: dict[type, str] = {
    OpenVote: "Voting is open on {symbol}",
    PauseVote: "Voting on {symbol} is suspended: F7 resumes it",
    ResumeVote: "Voting on {symbol} has resumed",
    CloseVote: "Voting on {symbol} is closed: the result is provisional until locked (F9)",
    LockVote: "The result of {symbol} is locked: it is final",
    CancelVote: "{symbol} was cancelled: it has no result",
    StopCountdown: "The countdown is stopped",
}
"""The status line's words once one of these commands is durable: they need the vote's symbol
at most (the other commands' words are in `ControlWindow._success`)."""


class ControlWindow(QMainWindow):
    """The secretariat's desk. Built on a controller, which it never bypasses."""

    def __init__(
        self,
        controller: Controller,
        hall_screen: str | None = None,
        network: HallLink | None = None,
        *,
        translation: Translation | None = None,
    ) -> None:
        super().__init__()
        self.controller = controller
        self.translation = translation or Translation()
        self.network = network
        self.network_panel: NetworkPanel | None = None
        self.setWindowTitle(f"voteboard: secretariat control — {controller.journal_path}")
        self.setStyleSheet(FOCUS_STYLE)
        self.hall: display.HallDisplay | None = None
        self.restart_notice: str | None = None
        self._closing_confirmed = False
        self._fit_pending = False
        self._focus_next: QWidget | None = None

        host = QWidget()
        self.setCentralWidget(host)
        self.confirm = ConfirmBar(host)
        self.prepare = PreparePanel(controller, self.confirm)
        self.phase = PhasePanel(controller, self.confirm)
        self.result = ResultPanel(controller)
        self.register = RegisterPanel(controller.roster, consoles=network is not None)
        self.ballot = BallotPanel(controller, self.confirm)
        self.roll_call = RollCallPanel(controller, self.confirm)
        self.rights = RightsPanel(controller)
        self.correction = CorrectionPanel(controller, self.confirm)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_left())
        splitter.addWidget(self._build_center())
        splitter.addWidget(self._build_right())
        for index, stretch in enumerate((0, 1, 0)):
            splitter.setStretchFactor(index, stretch)
        self.splitter = splitter
        layout = QVBoxLayout(host)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.statusBar().addWidget(self.message, 1)
        self.standby = QLabel()
        self.standby.setObjectName("standby-status")
        self.statusBar().addPermanentWidget(self.standby)
        # A desk that another desk took over says so above everything, and acts no more.
        self.fenced = QLabel()
        self.fenced.setObjectName("fenced-banner")
        self.fenced.setStyleSheet(
            "#fenced-banner { background: #3b0a57; color: white; font-weight: bold; "
            "padding: 10px; }"
        )
        self.fenced.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.fenced.hide()
        layout.insertWidget(0, self.fenced)
        self.setMinimumSize(MIN_SIZE)

        for panel in (
            self.prepare,
            self.phase,
            self.result,
            self.ballot,
            self.roll_call,
            self.rights,
            self.correction,
        ):
            panel.refusal.connect(self._refused)
        for panel in (self.prepare, self.result):
            panel.notice.connect(self._notice)
        controller.state_changed.connect(self.register.show_state)
        controller.state_changed.connect(self._follow_focus)
        controller.board_changed.connect(self.preview.set_board)
        controller.refused.connect(self._refused)
        controller.failed.connect(self._failed)
        controller.notice.connect(self._notice)
        controller.done.connect(self._done)
        controller.fenced_changed.connect(self._show_fenced)
        if network is not None:
            network.standby_changed.connect(self._show_standby)
            self._show_standby(network.standby)
        self._keys()

        self.register.show_state(controller.state)
        self.preview.set_board(controller.board)
        self._choose_hall_screen(hall_screen)
        self.restart_notice = controller.startup_notice()
        if self.restart_notice:
            self._notice(self.restart_notice)
        for problem in controller.urn_problems:
            self._alert("A secret ballot cannot be counted", problem)
        if controller.snapshot_problem:
            self._alert(
                "The journal was altered",
                f"{controller.snapshot_problem}. What is shown comes from the events; run "
                "'voteboard verify' on the journal to see what was changed.",
            )

        if controller.fenced:
            self._show_fenced(controller.fenced)

    def take_notice(self, text: str) -> None:
        """What the operator is told when this desk has just taken over from the primary."""
        self.restart_notice = f"{text} {self.restart_notice or ''}".strip()
        self._notice(self.restart_notice)

    @Slot(str)
    def _show_fenced(self, text: str) -> None:
        first, _, rest = text.partition(": ")
        self.fenced.setText(f"TAKEN OVER — {first}.\n{rest[0].upper()}{rest[1:]}.")
        self.fenced.setToolTip(text)
        self.fenced.show()
        for panel in (self.prepare, self.phase, self.ballot, self.roll_call, self.rights):
            panel.setEnabled(False)
        self.correction.setEnabled(False)

    @Slot(object)
    def _show_standby(self, status: StandbyStatus) -> None:
        self.standby.setText(standby_words(status))

    # ---- building ---------------------------------------------------------------------------

    def _build_left(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.prepare)
        hall = QGroupBox("Hall screen")
        hall_layout = QHBoxLayout(hall)
        self.screens = QComboBox()
        self.screens.setObjectName("screens")
        self.screens.addItems(display.screen_names())
        self.screens.currentIndexChanged.connect(lambda _i: self._follow_hall_size())
        # The hall board's language: its words and names (the members stay in the order the
        # desk was started with: the UN's, unless --order language).
        self.hall_language = QComboBox()
        self.hall_language.setObjectName("hall-language")
        self.hall_language.setToolTip("The language of the hall board")
        for language in Language:
            self.hall_language.addItem(language.words.own_name, language)
        self.hall_language.setCurrentIndex(list(Language).index(self.translation.language))
        self.hall_language.currentIndexChanged.connect(self._choose_hall_language)
        self.show_hall = QPushButton("Show the board there")
        self.show_hall.setObjectName("show-hall")
        self.show_hall.clicked.connect(self._show_hall)
        hall_layout.addWidget(self.screens, 1)
        hall_layout.addWidget(self.hall_language)
        hall_layout.addWidget(self.show_hall)
        layout.addWidget(hall)
        layout.addStretch(1)
        # On a screen too short for the form, it scrolls: nothing is ever out of reach.
        scroll = QScrollArea()
        scroll.setWidget(panel)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(min(340, panel.sizeHint().width() + 16))
        scroll.setMaximumWidth(420)
        return scroll

    def _build_center(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.phase)
        caption = QLabel("What the hall sees")
        caption.setStyleSheet("color: #555")
        layout.addWidget(caption)
        self.preview = BoardWidget(self.controller.board, translation=self.translation)
        self.preview.setObjectName("preview")
        self.preview.setMinimumSize(360, 203)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.result)
        self._follow_hall_size()
        return panel

    def _build_right(self) -> QWidget:
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.tabs.setUsesScrollButtons(False)  # every tab shows: none hides behind arrows
        self.tabs.setDocumentMode(True)
        self.tabs.tabBar().setExpanding(False)
        pages: list[tuple[QWidget, str]] = [
            (self.register, "Register"),
            (self.ballot, "Ballot"),
            (self.roll_call, "Roll call"),
            (self.rights, "Rights"),
            (self.correction, "Corrections"),
        ]
        if self.network is not None:
            self.network_panel = NetworkPanel(self.network, self.controller.roster)
            self.network_panel.setObjectName("network")
            pages.append((self.network_panel, "Network"))
            self.network.connections_changed.connect(self.register.show_consoles)
            self.network.logged.connect(self._network_event)
            self.register.show_consoles(self.network.connections)
        for index, (page, title) in enumerate(pages):
            self.tabs.addTab(page, title)
            self.tabs.setTabToolTip(index, f"{title} (Ctrl+{index + 1})")
        pages_w = max(page.minimumSizeHint().width() for page, _ in pages)
        self.tabs.setMinimumWidth(max(self.tabs.tabBar().sizeHint().width(), pages_w) + 8)
        return self.tabs

    def _keys(self) -> None:
        for index in range(self.tabs.count()):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{index + 1}"), self)
            shortcut.activated.connect(lambda i=index: self.show_tab(i))
        QShortcut(QKeySequence("Ctrl+P"), self).activated.connect(self._to_prepare)
        QShortcut(QKeySequence("Ctrl+S"), self).activated.connect(self.result.save_pdf.click)

    def show_tab(self, index: int) -> None:
        """Shows a tab and puts the focus in it (the roll call's keys answer at once)."""
        self.tabs.setCurrentIndex(index)
        page = self.tabs.widget(index)
        if page is not None:
            page.setFocus()
            page.focusNextChild()

    @Slot()
    def _to_prepare(self) -> None:
        field = self.prepare.symbol
        field.setFocus()
        field.selectAll()

    # ---- messages -------------------------------------------------------------------------------

    def _say(self, text: str, style: str) -> None:
        # A style sheet set again costs a relayout of the status bar (about 20 ms): only when
        # the kind of message changes.
        if self.message.styleSheet() != style:
            self.message.setStyleSheet(style)
        self.message.setText(text)

    @Slot(str)
    def _refused(self, text: str) -> None:
        """A refusal: in red, until the next command says something else."""
        self._say(text, "color: #a40000; font-weight: bold")

    @Slot(str)
    def _notice(self, text: str) -> None:
        self._say(text, "color: #1d4f91")

    @Slot(object, object)
    def _done(self, command: Command, error: str | None) -> None:
        """A command of the officer's made durable: the status line says so (and replaces a
        refusal said before it)."""
        if error is None:
            text = self._success(command)
            if text:
                self._say(text, "color: #1b5e20")
            # The keyboard goes on where the next step is (the control that had the focus is
            # now disabled, and Qt would hand it to whatever comes next in the chain).
            if isinstance(command, PrepareVote):
                self._focus_next = self.phase.buttons["open"]
            elif isinstance(command, LockVote):
                self._focus_next = self.result.save_pdf

    @Slot(object)
    def _follow_focus(self, _state: object) -> None:
        widget, self._focus_next = self._focus_next, None
        if widget is not None and widget.isEnabled():
            widget.setFocus()

    def _success(self, command: Command) -> str:
        """What the status line says once a command of the officer's is durable."""
        vote = self.controller.vote
        said = _SAID_OF_THE_VOTE.get(type(command))
        if said is not None:
            return said.format(symbol=vote.spec.symbol if vote is not None else "")
        name = self._member_name
        match command:
            case PrepareVote():
                mode = "secret ballot" if command.spec.mode.value == "secret" else "recorded vote"
                return f"{command.spec.symbol} is prepared as a {mode}: F5 opens voting"
            case CastBallot():
                secret = vote is not None and vote.secret
                what = "ballot" if secret else f"ballot {CHOICE_WORDS[command.choice].upper()}"
                return f"{name(command.member)}: {what} recorded"
            case DrawRollCall():
                return f"Drawn by lot: {name(command.first)} is called first"
            case StartCountdown():
                return f"Voting closes by itself in {command.seconds} s"
            case WithdrawRight():
                return f"{name(command.member)} no longer has the right to vote"
            case RestoreRight():
                return f"{name(command.member)} has the right to vote again"
            case RecordCorrection():
                return f"The correction of {name(command.member)} is recorded"
        return ""

    def _member_name(self, code: str) -> str:
        member = self.controller.roster.get(code)
        return member.name if member else code

    @Slot(str)
    def _failed(self, text: str) -> None:
        self._say(
            f"{text}. Nothing was recorded.",
            "color: white; background: #a40000; font-weight: bold",
        )
        self._alert("The journal cannot be written", f"{text}. Nothing was recorded.")

    def _alert(self, title: str, text: str) -> None:
        """A message that cannot be missed, over the window, without stopping the desk (no
        modal loop: ballots, boards and the network go on being served)."""
        box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok)
        box.setObjectName("alert")
        box.setParent(self, box.windowFlags())
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    @Slot(str)
    def _network_event(self, text: str) -> None:
        """A connection replaced by a newer one is told in the status line: the operator must
        see it (two consoles claiming one seat is a thing to look into)."""
        if "replaced" in text:
            self._notice(text[0].upper() + text[1:])

    # ---- compatibility with the panels' files ---------------------------------------------------

    def load_agenda_file(self, path: Path) -> bool:
        return self.prepare.load_agenda_file(path)

    def save_pdf_file(self, path: Path) -> bool:
        return self.result.save_pdf_file(path)

    def request(self, action: str) -> None:
        self.phase.request(action)

    # ---- size and place -----------------------------------------------------------------------

    def _settings(self) -> QSettings:
        """The desk's own settings, beside the hall's signing key: the folder is made private
        first (QSettings would make it readable by all, and the key would then be refused)."""
        try:
            folder = private_folder(config_dir())
        except (OSError, SealError):
            folder = config_dir()  # not ours to fix here: the key's own use says what is wrong
        return QSettings(str(folder / "control-window.ini"), QSettings.Format.IniFormat)

    def place_on_desk(self) -> None:
        """Where the desk was last closed, if that is still on a screen; else the whole of the
        desk's screen, less the room the hall board takes beside it on a single wide screen.
        Call it before `show`; the frame the window manager adds is taken off once shown."""
        saved = self._settings().value("geometry")
        if isinstance(saved, QByteArray) and self.restoreGeometry(saved):
            frame = self.frameGeometry()
            if any(
                s.availableGeometry().contains(frame.center()) for s in QGuiApplication.screens()
            ):
                self._fit_pending = True
                return
        room = QGuiApplication.primaryScreen().availableGeometry()
        if len(QGuiApplication.screens()) == 1 and room.width() - DESK_SINGLE_SCREEN_W >= 480:
            width = max(DESK_SINGLE_SCREEN_W, round(room.width() * 0.62))
            self.setGeometry(room.x(), room.y(), width, room.height())
            self._fit_pending = True
            return
        # The whole screen, as the window manager gives it (its frame and panels left out).
        self.setGeometry(room)
        self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._fit_pending:
            self._fit_pending = False
            # Once the window manager has framed the window (its frame is not known before).
            QTimer.singleShot(300, self.fit_to_screen)

    @Slot()
    def fit_to_screen(self) -> None:
        """Takes the window's frame (title bar, borders) into account: the whole window, its
        status line included, stays on the screen it is on."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry()
        frame, inner = self.frameGeometry(), self.geometry()
        extra_w, extra_h = frame.width() - inner.width(), frame.height() - inner.height()
        width = min(inner.width(), room.width() - extra_w)
        height = min(inner.height(), room.height() - extra_h)
        if (width, height) != (inner.width(), inner.height()):
            self.resize(max(width, 1), max(height, 1))
        frame = self.frameGeometry()
        x = min(max(frame.x(), room.x()), room.right() - frame.width() + 1)
        y = min(max(frame.y(), room.y()), room.bottom() - frame.height() + 1)
        if (x, y) != (frame.x(), frame.y()):
            self.move(x, y)

    def _remember_place(self) -> None:
        settings = self._settings()
        settings.setValue("geometry", self.saveGeometry())
        settings.sync()

    # ---- the hall screen ------------------------------------------------------------------------

    def show_hall_board(self, requested: str | None = None) -> bool:
        """The hall board where it belongs: on the screen named; else on a screen other than
        the desk's; else, with a single screen, in a window beside the desk."""
        names = display.screen_names()
        if requested is not None:
            return self.open_hall(requested)
        if len(names) > 1:
            primary = display.screen_name(QGuiApplication.primaryScreen())
            return self.open_hall(next(n for n in names if n != primary))
        return self.open_hall(names[0], full_screen=False)

    def set_hall_language(self, language: Language) -> None:
        """The hall board (and the preview, which shows what the hall sees) in a language."""
        by_language = self.translation.order is not None
        self.translation = languages.translation(language, by_language=by_language)
        self.preview.set_translation(self.translation)
        if self.hall is not None:
            self.hall.board_widget.set_translation(self.translation)
        index = list(Language).index(language)
        if self.hall_language.currentIndex() != index:
            self.hall_language.setCurrentIndex(index)

    @Slot(int)
    def _choose_hall_language(self, index: int) -> None:
        self.set_hall_language(list(Language)[index])

    def _follow_hall_size(self) -> None:
        """The preview is laid out as on the hall's screen (its size), then scaled."""
        screen = display.find_screen(self.screens.currentText()) if self.screens.count() else None
        size = screen.geometry().size() if screen is not None else HALL_SIZE
        if self.hall is not None and self.hall.isVisible() and not self.hall.isFullScreen():
            size = self.hall.size()
        self.preview.set_design_size(size)

    def _choose_hall_screen(self, name: str | None) -> None:
        if name is not None:
            self.open_hall(name)

    def open_hall(self, name: str, *, full_screen: bool = True) -> bool:
        """Shows the hall board on the screen of that name: full screen, or in a window there
        beside the desk (when the desk has a single screen)."""
        index = self.screens.findText(name)
        if index < 0:
            self._refused(f"There is no screen named {name!r}")
            return False
        self.screens.setCurrentIndex(index)
        return self._place_hall(full_screen)

    @Slot()
    def _show_hall(self) -> None:
        single = self.screens.count() == 1
        self._place_hall(not single)

    def _place_hall(self, full_screen: bool) -> bool:
        screen = display.find_screen(self.screens.currentText())
        if screen is None:
            self._refused(f"The screen {self.screens.currentText()!r} is gone")
            return False
        if self.hall is None:
            self.hall = display.HallDisplay(self.controller.board, translation=self.translation)
            self.controller.board_changed.connect(self.hall.show_board)
            self.hall.follow_screen_changes()
        if full_screen:
            self.hall.place(screen, full_screen=True)
            where = f"full screen on {display.screen_name(screen)}"
        elif self._beside(screen):
            where = f"in a window beside the desk on {display.screen_name(screen)}"
        else:
            where = (
                f"in a window behind the desk on {display.screen_name(screen)}, the desk's only "
                "screen (Alt+Tab shows it; the preview here is the same board)"
            )
        self._follow_hall_size()
        placed = f"The hall board is {where}"
        # What happened before a restart stays on the screen until something else is said.
        self._notice(f"{self.restart_notice} {placed}." if self.restart_notice else placed)
        return True

    def _beside(self, screen: QScreen) -> bool:
        """The hall board in a window on the desk's own screen, to the right of the desk (the
        desk is narrowed to make room when the screen is wide enough), never over its form."""
        assert self.hall is not None
        room = screen.availableGeometry()
        desk = self.frameGeometry()
        free = room.right() - desk.right()
        if free < 480 and room.width() - DESK_SINGLE_SCREEN_W >= 480:
            self.resize(max(DESK_SINGLE_SCREEN_W, room.width() - 480), self.height())
            desk = self.frameGeometry()
            free = room.right() - desk.right()
        self.hall.place(screen, full_screen=False)
        if free >= 480:
            width = min(free, 1280)
            self.hall.resize(width, round(width * 9 / 16))
            self.hall.move(desk.right() + 1, room.y())
            return True
        # No room beside it: the board is a window of its usual size behind the desk (Alt+Tab
        # brings it), never over the desk's form; the preview shows what it shows.
        self.hall.resize(min(1280, room.width()), min(720, room.height()))
        self.hall.move(room.topLeft())
        self.raise_()
        self.activateWindow()
        return False

    # ---- closing --------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        vote = self.controller.state.current_vote
        if (
            vote is not None
            and vote.phase in (Phase.OPEN, Phase.PAUSED)
            and not self._closing_confirmed
        ):
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                "A vote is in progress",
                f"{vote.spec.symbol} is {PHASE_WORDS[vote.phase]}. If you quit, the vote stays "
                "as it is in the journal and comes back when voteboard control starts again. "
                "Quit now?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                self,
            )
            box.setObjectName("quit-question")
            box.setDefaultButton(QMessageBox.StandardButton.No)
            if box.exec() != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        self._closing_confirmed = True  # closed once: a later close asks nothing
        if self.isVisible():
            self._remember_place()
        if self.hall is not None:
            self.hall.close()
        if self.network is not None:
            self.network.stop()  # no console's ballot arrives after the journal is closed
        self.controller.shutdown()
        event.accept()


def standby_words(status: StandbyStatus) -> str:
    """The standby desk's state, for the control window's status line."""
    state = status.state
    if state is StandbyState.NONE:
        return "No standby desk"
    if state is StandbyState.FOLLOWING:
        waits = ", acknowledgements wait for it" if status.waits else ""
        behind = f", {status.behind} events behind" if status.behind else ", in step"
        return f"Standby: following{behind}{waits}"
    if state is StandbyState.CATCHING_UP:
        return f"Standby: catching up, {status.behind} events behind"
    since = dt.datetime.fromtimestamp(status.since or 0).strftime("%H:%M:%S")
    if state is StandbyState.BEHIND:
        return f"Standby: BEHIND since {since} by {status.behind} events (not waited for)"
    return f"Standby: LOST since {since}; this desk goes on alone"
