"""The secretariat's control window: prepare, open, pause, close and lock votes.

Everything it does goes through the `Controller`; everything it shows comes from the states
the controller publishes. The commands of the life of a vote are enabled only when the
current phase allows them and no other is on its way; Close, Lock and Cancel (and every
ballot or correction entered for a delegation) ask for confirmation in a bar that appears
below the buttons, away from where the click was, so that a double click confirms nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import time
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError
from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QFont,
    QIcon,
    QKeySequence,
    QPainter,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from voteboard.core.agenda import AgendaError, parse_agenda
from voteboard.core.board import Board
from voteboard.core.decide import PHASE_WORDS
from voteboard.core.model import Choice, Light, Majority, Mode, Phase, VoteSpec
from voteboard.core.state import AssemblyState, VoteState
from voteboard.files import OutputError
from voteboard.ui import display, theme
from voteboard.ui.board import BoardWidget
from voteboard.ui.connections import NetworkPanel
from voteboard.ui.controller import PHASE_ACTIONS, Controller
from voteboard.ui.network import HallLink
from voteboard.ui.record import write_pdf

ACTION_LABELS = {
    "open": ("Open voting", "F5"),
    "pause": ("Suspend", "F6"),
    "resume": ("Resume", "F7"),
    "close": ("Close voting", "F8"),
    "lock": ("Lock the result", "F9"),
    "cancel": ("Cancel the vote", "Ctrl+F12"),
}
CONFIRMED = {"close", "lock", "cancel"}
ANSWER_PAUSE_S = 0.3
"""After a roll-call answer, the answer buttons rest this long: no double click answers twice."""
CHOICE_WORDS = {Choice.YES: "Yes", Choice.NO: "No", Choice.ABSTAIN: "Abstain"}
INTENDED = {
    "to vote in favour": Choice.YES,
    "to vote against": Choice.NO,
    "to abstain": Choice.ABSTAIN,
    "not to vote": None,
}
MAJORITY_WORDS = {
    Majority.SIMPLE: "Simple majority of those present and voting",
    Majority.TWO_THIRDS: "Two-thirds of those present and voting",
    Majority.MEMBERS: "Majority of the members of the Assembly",
}


def _elapsed(vote: VoteState | None, now: dt.datetime) -> str:
    if vote is None or vote.opened_at is None:
        return "--:--"
    end = vote.closed_at or vote.ended_at or now
    seconds = max(0, int((end - vote.opened_at).total_seconds()))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class ConfirmBar(QFrame):
    """A question under the buttons: the action happens only on its own button."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("confirm")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#confirm { background: #fff4d6; border: 1px solid #c98a00; }")
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.yes = QPushButton()
        self.no = QPushButton("Back")
        layout = QHBoxLayout(self)
        layout.addWidget(self.question, 1)
        layout.addWidget(self.yes)
        layout.addWidget(self.no)
        self._action: Callable[[], object] | None = None
        self.yes.clicked.connect(self._confirmed)
        self.no.clicked.connect(self.dismiss)
        self.hide()

    def ask(self, question: str, answer: str, action: Callable[[], object]) -> None:
        self.question.setText(question)
        self.yes.setText(answer)
        self._action = action
        self.show()
        self.no.setFocus()  # Enter or Space on the keyboard goes back, not forward

    @Slot()
    def dismiss(self) -> None:
        self._action = None
        self.hide()

    @Slot()
    def _confirmed(self) -> None:
        action, self._action = self._action, None
        self.hide()
        if action is not None:
            action()


class ControlWindow(QMainWindow):
    """The secretariat's desk. Built on a controller, which it never bypasses."""

    def __init__(
        self,
        controller: Controller,
        hall_screen: str | None = None,
        network: HallLink | None = None,
    ) -> None:
        super().__init__()
        self.controller = controller
        self.network = network
        self.network_panel: NetworkPanel | None = None
        self._consoles_shown: frozenset[str] = frozenset()
        self.setWindowTitle(f"voteboard: secretariat control — {controller.journal_path}")
        self.hall: display.HallDisplay | None = None
        self._rows: dict[str, int] = {}
        self._shown_vote: VoteState | None = None
        self._shown_rights: object = None
        self._shown_order: tuple[str, ...] | None = None
        self._roll_call_at: int | None = None
        self._roll_pending: str | None = None
        self._answered_at = 0.0
        self.answer_pause_s = ANSWER_PAUSE_S
        self._answer_rest = QTimer(self)  # the window's own: it ends with the window
        self._answer_rest.setSingleShot(True)
        self._answer_rest.timeout.connect(lambda: self._show_roll_call(None))
        self.restart_notice: str | None = None
        self._closing_confirmed = False

        left = self._build_left()
        center = self._build_center()
        right = self._build_right()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(center)
        splitter.addWidget(right)
        # The side panels give way too when the window is small: the preview stays readable.
        for index, stretch in enumerate((1, 4, 1)):
            splitter.setStretchFactor(index, stretch)
        splitter.setSizes([400, 1100, 420])
        self.setCentralWidget(splitter)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.statusBar().addWidget(self.message, 1)

        controller.state_changed.connect(self._show_state)
        controller.board_changed.connect(self.preview.set_board)
        controller.refused.connect(self._refused)
        controller.refused.connect(self._refused_answer)
        controller.failed.connect(self._failed)
        controller.notice.connect(self._notice)
        controller.busy_changed.connect(lambda _busy: self._update_commands())
        controller.agenda_changed.connect(self._show_agenda)

        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._tick)
        self._clock.start()

        self._show_agenda(controller.agenda)
        self._show_state(controller.state)
        self.preview.set_board(controller.board)
        self._choose_hall_screen(hall_screen)
        self.restart_notice = controller.startup_notice()
        if self.restart_notice:
            self._notice(self.restart_notice)
        for problem in controller.urn_problems:
            self._alert("A secret ballot cannot be counted", problem)

    # ---- building ---------------------------------------------------------------------------

    def _build_left(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)

        prepare = QGroupBox("Prepare a vote")
        form = QFormLayout(prepare)
        self.agenda = QListWidget()
        self.agenda.setObjectName("agenda")
        self.agenda.setMaximumHeight(150)
        self.agenda.currentItemChanged.connect(self._agenda_picked)
        self.load_agenda = QPushButton("Load a list of votes…")
        self.load_agenda.clicked.connect(self._load_agenda_dialog)
        form.addRow(self.agenda)
        form.addRow(self.load_agenda)
        self.symbol = QLineEdit()
        self.symbol.setMaxLength(120)
        self.symbol.setPlaceholderText("A/ES-11/L.5")
        self.title = QPlainTextEdit()
        self.title.setFixedHeight(64)
        self.title.setTabChangesFocus(True)  # Tab leaves the title: the keyboard is not trapped
        self.mode = QComboBox()
        self.mode.addItem("Recorded vote", Mode.RECORDED)
        self.mode.addItem("Secret ballot", Mode.SECRET)
        self.majority = QComboBox()
        for majority, words in MAJORITY_WORDS.items():
            self.majority.addItem(words, majority)
        self.quorum = QSpinBox()
        self.quorum.setRange(0, 250)
        self.quorum.setSpecialValueText("none")
        form.addRow("Symbol", self.symbol)
        form.addRow("Title", self.title)
        form.addRow("Mode", self.mode)
        form.addRow("Majority", self.majority)
        form.addRow("Quorum", self.quorum)
        self.prepare_button = QPushButton("Prepare the vote")
        self.prepare_button.clicked.connect(self._prepare)
        form.addRow(self.prepare_button)
        layout.addWidget(prepare)

        commands = QGroupBox("The vote")
        grid = QGridLayout(commands)
        self.current = QLabel()
        self.current.setObjectName("current")
        self.current.setWordWrap(True)
        _emphasize(self.current, 1.25)
        grid.addWidget(self.current, 0, 0, 1, 2)
        self.buttons: dict[str, QPushButton] = {}
        for index, action in enumerate(PHASE_ACTIONS):
            label, key = ACTION_LABELS[action]
            button = QPushButton(f"{label}  ({key})")
            button.setObjectName(f"action-{action}")
            button.setMinimumHeight(40)
            button.clicked.connect(lambda _checked=False, a=action: self.request(a))
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(lambda a=action: self.request(a))
            self.buttons[action] = button
            grid.addWidget(button, 1 + index // 2, index % 2)
        self.confirm = ConfirmBar(commands)
        grid.addWidget(self.confirm, 4, 0, 1, 2)
        countdown = QHBoxLayout()
        self.countdown_seconds = QSpinBox()
        self.countdown_seconds.setRange(5, 3600)
        self.countdown_seconds.setValue(30)
        self.countdown_seconds.setSuffix(" s")
        self.countdown_start = QPushButton("Close by itself after")
        self.countdown_start.clicked.connect(self._start_countdown)
        self.countdown_stop = QPushButton("Stop the countdown")
        self.countdown_stop.clicked.connect(self.controller.stop_countdown)
        countdown.addWidget(self.countdown_start)
        countdown.addWidget(self.countdown_seconds)
        countdown.addWidget(self.countdown_stop)
        grid.addLayout(countdown, 5, 0, 1, 2)
        self.simulate = QCheckBox("Simulated delegations vote after the opening")
        self.simulate.setChecked(self.controller.simulation.enabled)
        self.simulate.toggled.connect(self.controller.simulation.set_enabled)
        grid.addWidget(self.simulate, 6, 0, 1, 2)
        layout.addWidget(commands)

        hall = QGroupBox("Hall screen")
        hall_layout = QHBoxLayout(hall)
        self.screens = QComboBox()
        self.screens.addItems(display.screen_names())
        self.show_hall = QPushButton("Show the board there")
        self.show_hall.clicked.connect(self._show_hall)
        hall_layout.addWidget(self.screens, 1)
        hall_layout.addWidget(self.show_hall)
        layout.addWidget(hall)
        layout.addStretch(1)
        return panel

    def _build_center(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        caption = QLabel("What the hall sees")
        caption.setStyleSheet("color: #555")
        layout.addWidget(caption)
        self.preview = BoardWidget(self.controller.board)
        self.preview.setObjectName("preview")
        layout.addWidget(self.preview, 1)
        result = QGroupBox("Result")
        result_layout = QVBoxLayout(result)
        self.result = QLabel()
        self.result.setObjectName("result")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_pdf = QPushButton("Save the record as PDF…")
        self.save_pdf.clicked.connect(self._save_pdf_dialog)
        result_layout.addWidget(self.result)
        result_layout.addWidget(self.save_pdf, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(result)
        return panel

    def _build_right(self) -> QWidget:
        self.tabs = QTabWidget()
        # On a small desk screen the tabs scroll rather than squeeze the hall's preview.
        self.tabs.setUsesScrollButtons(True)
        self.tabs.tabBar().setExpanding(False)
        self.tabs.setMinimumWidth(320)
        self.tabs.addTab(self._build_register(), "Register")
        self.tabs.addTab(self._build_ballot(), "Ballot for a delegation")
        self.tabs.addTab(self._build_roll_call(), "Roll call")
        self.tabs.addTab(self._build_rights(), "Rights")
        self.tabs.addTab(self._build_correction(), "Correction")
        if self.network is not None:
            self.network_panel = NetworkPanel(self.network, self.controller.roster)
            self.network_panel.setObjectName("network")
            self.tabs.addTab(self.network_panel, "Network")
            self.network.connections_changed.connect(self._show_consoles)
            self.network.logged.connect(self._network_event)
            self._show_consoles(self.network.connections)
        return self.tabs

    def _member_box(self) -> QComboBox:
        box = QComboBox()
        box.setEditable(True)
        box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for member in self.controller.roster:
            box.addItem(member.name, member.code)
        box.setCurrentIndex(-1)
        completer = box.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        return box

    def _build_register(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        _emphasize(self.summary, 1.2)
        layout.addWidget(self.summary)
        self.only_missing = QCheckBox("Only the members that have not voted")
        self.only_missing.toggled.connect(lambda _on: self._filter_register())
        layout.addWidget(self.only_missing)
        self.register = QTableWidget(len(self.controller.roster), 3)
        self.register.setObjectName("register")
        self.register.setHorizontalHeaderLabels(["Member", "Ballot", "Entered by"])
        self.register.verticalHeader().hide()
        self.register.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.register.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.register.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Fixed widths: a column sized to its contents is measured again over all its rows at
        # every change (0.4 ms a ballot).
        for column, sample in ((1, "no right to vote"), (2, "secretariat")):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            width = self.register.fontMetrics().horizontalAdvance(sample) + 24
            self.register.setColumnWidth(column, width)
        for row, member in enumerate(self.controller.roster):
            self._rows[member.code] = row
            name = QTableWidgetItem(member.name)
            if self.network is not None:  # a mark beside the name: no column taken from it
                _mark_console(name, connected=False)
            self.register.setItem(row, 0, name)
            self.register.setItem(row, 1, QTableWidgetItem(""))
            self.register.setItem(row, 2, QTableWidgetItem(""))
        layout.addWidget(self.register, 1)
        return page

    def _build_ballot(self) -> QWidget:
        page, layout = _page(
            "When a delegation's console has failed, its ballot can be entered here on its "
            "behalf. It is marked as entered by the secretariat on the board's record and in "
            "the journal."
        )
        self.ballot_member = self._member_box()
        self.ballot_member.setObjectName("ballot-member")
        layout.addWidget(self.ballot_member)
        row = QHBoxLayout()
        self.ballot_choice = QButtonGroup(page)
        for choice in Choice:
            radio = QRadioButton(CHOICE_WORDS[choice])
            radio.setObjectName(f"ballot-{choice.value}")
            self.ballot_choice.addButton(radio)
            radio.setProperty("choice", choice.value)
            row.addWidget(radio)
        layout.addLayout(row)
        self.enter_ballot = QPushButton("Enter the ballot…")
        self.enter_ballot.clicked.connect(self._enter_ballot)
        layout.addWidget(self.enter_ballot)
        layout.addStretch(1)
        return page

    def _build_roll_call(self) -> QWidget:
        page, layout = _page(
            "If the voting machine fails, the vote is taken by roll call: a member is drawn by "
            "lot, and every member is called in board order from it. The draw is recorded."
        )
        self.draw = QPushButton("Draw the first member by lot…")
        self.draw.clicked.connect(self._ask_draw)
        layout.addWidget(self.draw)
        self.called = QLabel("")
        self.called.setObjectName("called")
        _emphasize(self.called, 1.6)
        self.called.setWordWrap(True)
        layout.addWidget(self.called)
        answers = QGridLayout()
        self.answers: dict[str, QPushButton] = {}
        for index, (key, label) in enumerate(
            [("yes", "Yes"), ("no", "No"), ("abstain", "Abstains"), ("skip", "Does not vote")]
        ):
            button = QPushButton(label)
            button.setObjectName(f"answer-{key}")
            button.setMinimumHeight(36)
            button.clicked.connect(lambda _checked=False, k=key: self._answer(k))
            self.answers[key] = button
            answers.addWidget(button, index // 2, index % 2)
        layout.addLayout(answers)
        self.roll_progress = QLabel("")
        layout.addWidget(self.roll_progress)
        layout.addStretch(1)
        return page

    def _build_rights(self) -> QWidget:
        page, layout = _page(
            "Article 19 of the Charter: a member in arrears loses its vote. Rights change only "
            "while no vote is open; the board greys the member's name."
        )
        self.rights_member = self._member_box()
        self.rights_member.setObjectName("rights-member")
        layout.addWidget(self.rights_member)
        row = QHBoxLayout()
        self.withdraw = QPushButton("Withdraw the right to vote")
        self.restore = QPushButton("Restore it")
        self.withdraw.clicked.connect(lambda: self._right(True))
        self.restore.clicked.connect(lambda: self._right(False))
        row.addWidget(self.withdraw)
        row.addWidget(self.restore)
        layout.addLayout(row)
        layout.addWidget(QLabel("Without the right to vote:"))
        self.without_right = QListWidget()
        self.without_right.setObjectName("without-right")
        layout.addWidget(self.without_right, 1)
        return page

    def _build_correction(self) -> QWidget:
        page, layout = _page(
            "After the result is locked, a delegation may say how it had intended to vote. "
            "The correction is listed with the result; it does not change the result."
        )
        self.correction_member = self._member_box()
        self.correction_member.setObjectName("correction-member")
        layout.addWidget(self.correction_member)
        self.intended = QComboBox()
        for words in INTENDED:
            self.intended.addItem(f"had intended {words}", words)
        layout.addWidget(self.intended)
        self.correction_note = QLineEdit()
        self.correction_note.setPlaceholderText("Note (optional)")
        layout.addWidget(self.correction_note)
        self.record_correction = QPushButton("Record the correction…")
        self.record_correction.clicked.connect(self._ask_correction)
        layout.addWidget(self.record_correction)
        layout.addStretch(1)
        return page

    # ---- the commands -------------------------------------------------------------------------

    @Slot()
    def request(self, action: str) -> None:
        """A command button or its shortcut: refused here when the phase does not allow it."""
        vote = self.controller.state.current_vote
        if not self.controller.can(action):
            if not self.controller.busy:
                words = (
                    "no vote is prepared"
                    if vote is None
                    else f"the vote is {PHASE_WORDS[vote.phase]}"
                )
                self._refused(f"{ACTION_LABELS[action][0]} is not possible: {words}")
            return
        assert vote is not None
        if action in CONFIRMED:
            questions = {
                "close": (
                    f"Close voting on {vote.spec.symbol}? "
                    f"{len(vote.voted)} members have voted; no ballot is taken after this.",
                    "Close voting",
                ),
                "lock": (
                    f"Lock the result of {vote.spec.symbol}? It becomes final.",
                    "Lock the result",
                ),
                "cancel": (
                    f"Cancel {vote.spec.symbol}? Its ballots are kept in the journal, but the "
                    "vote will have no result.",
                    "Cancel the vote",
                ),
            }
            question, answer = questions[action]
            self.confirm.ask(question, answer, lambda: self.controller.phase(action))
            return
        self.controller.phase(action)

    @Slot()
    def _prepare(self) -> None:
        symbol = self.symbol.text().strip()
        if not symbol:
            self._refused("A vote needs its document symbol")
            return
        try:
            spec = VoteSpec(
                symbol=symbol,
                title=" ".join(self.title.toPlainText().split()),
                mode=Mode(self.mode.currentData()),
                majority=Majority(self.majority.currentData()),
                quorum=self.quorum.value() or None,
            )
        except ValidationError as exc:
            error = exc.errors()[0]
            field = ".".join(str(p) for p in error["loc"]) or "the vote"
            self._refused(f"The vote was not prepared: {field}: {error['msg']}")
            return
        self.controller.prepare(spec)

    @Slot()
    def _start_countdown(self) -> None:
        self.controller.start_countdown(self.countdown_seconds.value())

    def _picked(self, box: QComboBox) -> str | None:
        code = box.currentData()
        if box.currentIndex() < 0 or box.currentText() != box.itemText(box.currentIndex()):
            return None
        return str(code) if code else None

    @Slot()
    def _enter_ballot(self) -> None:
        code = self._picked(self.ballot_member)
        checked = self.ballot_choice.checkedButton()
        if code is None or checked is None:
            self._refused("Choose the member and its ballot first")
            return
        choice = Choice(checked.property("choice"))
        name = self.controller.roster.get(code).name  # type: ignore[union-attr]
        vote = self.controller.state.current_vote
        secret = vote is not None and vote.secret
        words = "a secret ballot" if secret else f"the ballot {CHOICE_WORDS[choice].upper()}"
        self.confirm.ask(
            f"Enter {words} on behalf of {name}? It is marked as entered by the secretariat.",
            "Enter the ballot",
            lambda: self._cast_for(code, choice),
        )

    def _cast_for(self, code: str, choice: Choice) -> None:
        self.controller.cast(code, choice, by_secretariat=True)
        # A secret ballot's choice does not stay on the screen.
        self.ballot_choice.setExclusive(False)
        for button in self.ballot_choice.buttons():
            button.setChecked(False)
        self.ballot_choice.setExclusive(True)

    @Slot()
    def _ask_draw(self) -> None:
        self.confirm.ask(
            "Draw by lot the member called first? The draw is recorded in the journal.",
            "Draw by lot",
            self.controller.draw_roll_call,
        )

    def _roll_order(self, vote: VoteState) -> list[str]:
        codes = list(self.controller.roster.codes)
        if vote.roll_call_from is None:
            return []
        start = codes.index(vote.roll_call_from)
        return [c for c in codes[start:] + codes[:start] if c not in vote.ineligible]

    @Slot()
    def _answer(self, key: str) -> None:
        """The called member's answer. The call moves on only once the ballot is durable (or
        at once for a member that does not vote); until then, and for a moment after, the
        answer buttons are off, so a double click never answers for the next member."""
        vote = self.controller.state.current_vote
        if vote is None or self._roll_call_at is None or self._roll_pending is not None:
            return
        order = self._roll_order(vote)
        if self._roll_call_at >= len(order):
            return
        code = order[self._roll_call_at]
        self._answered_at = time.monotonic()
        self._answer_rest.start(round(self.answer_pause_s * 1000) + 10)
        if key == "skip":
            self._roll_call_at += 1
        else:
            self._roll_pending = code
            self.controller.cast(code, Choice(key), by_secretariat=True)
        self._show_roll_call(vote)

    def _right(self, withdraw: bool) -> None:
        code = self._picked(self.rights_member)
        if code is None:
            self._refused("Choose the member first")
            return
        if withdraw:
            self.controller.withdraw_right(code)
        else:
            self.controller.restore_right(code)

    @Slot()
    def _ask_correction(self) -> None:
        code = self._picked(self.correction_member)
        vote = self.controller.vote
        if code is None or vote is None:
            self._refused("Choose the member first")
            return
        words = str(self.intended.currentData())
        name = self.controller.roster.get(code).name  # type: ignore[union-attr]
        note = self.correction_note.text().strip()
        self.confirm.ask(
            f"Record that the delegation of {name} had intended {words} on {vote.spec.symbol}?",
            "Record the correction",
            lambda: self.controller.correct(code, INTENDED[words], note),
        )

    # ---- files --------------------------------------------------------------------------------

    def load_agenda_file(self, path: Path) -> bool:
        try:
            specs = parse_agenda(path.read_text(encoding="utf-8"), path.name)
        except (AgendaError, OSError, UnicodeDecodeError) as exc:
            self._refused(f"The list of votes was not loaded: {exc}")
            return False
        self.controller.set_agenda(specs)
        self._notice(f"{len(specs)} votes loaded from {path.name}")
        return True

    @Slot()
    def _load_agenda_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "A list of votes", "", "Lists of votes (*.csv *.jsonl *.json);;All files (*)"
        )
        if name:
            self.load_agenda_file(Path(name))

    def save_pdf_file(self, path: Path) -> bool:
        vote = self.controller.vote
        if vote is None:
            self._refused("There is no vote to record yet")
            return False
        try:
            write_pdf(
                self.controller.board, path, self.controller.roster, self.controller.checkpoint
            )
        except OutputError as exc:
            self._refused(f"The record was not saved: {exc}")
            return False
        except OSError as exc:
            self._refused(f"The record was not saved: {exc.strerror or exc}")
            return False
        self._notice(f"The record of {vote.spec.symbol} was saved in {path}")
        return True

    @Slot()
    def _save_pdf_dialog(self) -> None:
        vote = self.controller.vote
        suggested = (vote.spec.symbol.replace("/", "-") if vote else "record") + ".pdf"
        name, _ = QFileDialog.getSaveFileName(self, "The record", suggested, "PDF (*.pdf)")
        if name:
            self.save_pdf_file(Path(name))

    # ---- the hall screen ------------------------------------------------------------------------

    def _choose_hall_screen(self, name: str | None) -> None:
        if name is not None:
            self.open_hall(name)

    def open_hall(self, name: str, *, full_screen: bool = True) -> bool:
        """Shows the hall board on the screen of that name: full screen, or in a window there
        (when the desk has a single screen)."""
        index = self.screens.findText(name)
        if index < 0:
            self._refused(f"There is no screen named {name!r}")
            return False
        self.screens.setCurrentIndex(index)
        return self._place_hall(full_screen)

    @Slot()
    def _show_hall(self) -> None:
        self._place_hall(True)

    def _place_hall(self, full_screen: bool) -> bool:
        screen = display.find_screen(self.screens.currentText())
        if screen is None:
            self._refused(f"The screen {self.screens.currentText()!r} is gone")
            return False
        if self.hall is None:
            self.hall = display.HallDisplay(self.controller.board)
            self.controller.board_changed.connect(self.hall.show_board)
            self.hall.follow_screen_changes()
        self.hall.place(screen, full_screen=full_screen)
        where = "full screen" if full_screen else "in a window"
        placed = f"The hall board is {where} on {display.screen_name(screen)}"
        # What happened before a restart stays on the screen until something else is said.
        self._notice(f"{self.restart_notice} {placed}." if self.restart_notice else placed)
        return True

    # ---- showing the state ----------------------------------------------------------------------

    @Slot(object)
    def _show_state(self, state: AssemblyState) -> None:
        vote = state.current_vote or state.last_vote
        if vote is None:
            self.current.setText("No vote yet: prepare the first one")
        else:
            mode = "secret ballot" if vote.secret else "recorded vote"
            self.current.setText(f"{vote.spec.symbol} ({mode}): {PHASE_WORDS[vote.phase]}")
        self._show_register(vote, state)
        self._show_result(vote)
        self._show_roll_call(vote)
        # A ballot changes neither the rights nor the votes held: these lists are rebuilt
        # only when those change, not at every publish of a burst.
        if state.ineligible is not self._shown_rights:
            self._shown_rights = state.ineligible
            self.without_right.clear()
            for member in state.roster:
                if member.code in state.ineligible:
                    self.without_right.addItem(member.name)
        if state.order != self._shown_order:
            self._shown_order = state.order
            self._show_agenda(self.controller.agenda)
        self._update_commands()

    def _show_register(self, vote: VoteState | None, state: AssemblyState) -> None:
        previous = self._shown_vote
        same = previous is not None and vote is not None and previous.id == vote.id
        for code, row in self._rows.items():
            if (
                same
                and previous is not None
                and vote is not None
                and (code in previous.voted) == (code in vote.voted)
                and previous.ballots.get(code) == vote.ballots.get(code)
                and (code in previous.by_secretariat) == (code in vote.by_secretariat)
                and (code in previous.ineligible) == (code in vote.ineligible)
            ):
                continue
            ballot, by = self._register_cells(vote, code, state)
            cell = self._cell(row, 1)
            if cell.text() != ballot:
                cell.setText(ballot)
                cell.setForeground(_register_colour(ballot))
            cell = self._cell(row, 2)
            if cell.text() != by:
                cell.setText(by)
        self._shown_vote = vote
        self._filter_register()
        self._tick()

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.register.item(row, column)
        assert item is not None
        return item

    def _register_cells(
        self, vote: VoteState | None, code: str, state: AssemblyState
    ) -> tuple[str, str]:
        if vote is None:
            return ("no right to vote" if code in state.ineligible else "", "")
        if code in vote.ineligible:
            return "no right to vote", ""
        if code not in vote.voted:
            return "", ""
        by = "secretariat" if code in vote.by_secretariat else "delegation"
        if vote.secret:
            return "voted", by
        choice = vote.ballots.get(code)
        return (CHOICE_WORDS[choice].lower() if choice else "voted"), by

    def _filter_register(self) -> None:
        vote = self._shown_vote
        only = self.only_missing.isChecked()
        for code, row in self._rows.items():
            hide = only and vote is not None and (code in vote.voted or code in vote.ineligible)
            if hide != self.register.isRowHidden(row):  # each change lays the table out again
                self.register.setRowHidden(row, hide)

    @Slot()
    def _tick(self) -> None:
        vote = self._shown_vote
        if vote is None:
            self.summary.setText("No vote yet")
            return
        eligible = vote.members - len(vote.ineligible)
        voted = len(vote.voted)
        text = (
            f"Voted {voted} of {eligible}   ·   missing {eligible - voted}   ·   "
            f"elapsed {_elapsed(vote, dt.datetime.now(dt.UTC))}"
        )
        if vote.closes_at is not None and vote.phase is Phase.OPEN:
            left = max(0, int((vote.closes_at - dt.datetime.now(dt.UTC)).total_seconds()))
            text += f"   ·   closes in {left // 60}:{left % 60:02d}"
        self.summary.setText(text)

    def _show_result(self, vote: VoteState | None) -> None:
        board: Board = self.controller.board
        if vote is None or vote.phase not in (Phase.CLOSED, Phase.LOCKED, Phase.CANCELLED):
            self.result.setText("The result appears here when voting closes.")
            self.save_pdf.setEnabled(vote is not None and vote.phase is not Phase.PREPARED)
            return
        totals = board.totals
        lines = [f"<b>{board.vote.symbol}</b> — {PHASE_WORDS[vote.phase]}"]
        if vote.phase is Phase.CANCELLED:
            lines.append("The vote was cancelled: it has no result.")
        else:
            lines.append(
                f"Yes {totals.yes} · No {totals.no} · Abstentions {totals.abstain} · "
                f"Non-voting {totals.non_voting}"
            )
            lines.append(f"<b>{board.arithmetic}</b>")
            if vote.phase is Phase.CLOSED:
                lines.append("Provisional until the result is locked.")
        for correction in board.corrections:
            lines.append(f"Correction: {correction}")
        self.result.setText("<br/>".join(lines))
        self.save_pdf.setEnabled(True)

    def _show_roll_call(self, vote: VoteState | None) -> None:
        vote = vote or self.controller.state.current_vote
        open_recorded = vote is not None and vote.phase is Phase.OPEN and not vote.secret
        drawn = vote is not None and vote.roll_call_from is not None
        self.draw.setEnabled(open_recorded and not drawn and not self.controller.busy)
        if vote is None or not drawn:
            self._roll_call_at, self._roll_pending = None, None
            self.called.setText("")
            self.roll_progress.setText("")
            for button in self.answers.values():
                button.setEnabled(False)
            return
        order = self._roll_order(vote)
        if self._roll_pending is not None and self._roll_pending in vote.voted:
            self._roll_pending = None  # the answer is durable: call the next member
            self._roll_call_at = (self._roll_call_at or 0) + 1
        if self._roll_call_at is None:
            # After a restart the call goes on after the last member whose answer is recorded.
            answered = [i for i, c in enumerate(order) if c in vote.voted]
            self._roll_call_at = answered[-1] + 1 if answered else 0
        first = self.controller.roster.get(vote.roll_call_from or "")
        done = self._roll_call_at >= len(order)
        if done:
            self.called.setText("Every member has been called")
        else:
            member = self.controller.roster.get(order[self._roll_call_at])
            self.called.setText(f"Calling: {member.name if member else ''}")
        self.roll_progress.setText(
            f"Drawn by lot: {first.name if first else ''}. "
            f"Called {min(self._roll_call_at, len(order))} of {len(order)}."
        )
        resting = time.monotonic() - self._answered_at < self.answer_pause_s
        ready = open_recorded and not done and self._roll_pending is None and not resting
        for button in self.answers.values():
            button.setEnabled(ready)

    @Slot(str)
    def _refused_answer(self, _text: str) -> None:
        """A refused roll-call ballot (the vote was suspended): the same member is called
        again, nobody is skipped."""
        if self._roll_pending is not None:
            self._roll_pending = None
            self._show_roll_call(None)

    def _update_commands(self) -> None:
        for action, button in self.buttons.items():
            button.setEnabled(self.controller.can(action))
        vote = self.controller.state.current_vote
        is_open = vote is not None and vote.phase is Phase.OPEN
        self.prepare_button.setEnabled(self.controller.can("prepare"))
        self.countdown_start.setEnabled(is_open and vote is not None and vote.closes_at is None)
        self.countdown_stop.setEnabled(is_open and vote is not None and vote.closes_at is not None)
        self.enter_ballot.setEnabled(is_open)
        no_vote_open = vote is None or vote.phase not in (Phase.OPEN, Phase.PAUSED)
        self.withdraw.setEnabled(no_vote_open)
        self.restore.setEnabled(no_vote_open)
        last = self.controller.vote
        self.record_correction.setEnabled(
            last is not None and last.phase is Phase.LOCKED and not last.secret
        )
        if self.controller.busy:
            self.confirm.dismiss()

    @Slot(list)
    def _show_agenda(self, specs: list[VoteSpec]) -> None:
        done = {v.spec.symbol for v in self.controller.state.votes.values()}
        self.agenda.blockSignals(True)
        self.agenda.clear()
        for spec in specs:
            mode = " (secret ballot)" if spec.mode is Mode.SECRET else ""
            item = QListWidgetItem(f"{'✓ ' if spec.symbol in done else ''}{spec.symbol}{mode}")
            item.setToolTip(spec.title)
            item.setData(Qt.ItemDataRole.UserRole, spec)
            if spec.symbol in done:
                item.setForeground(QColor("#777"))
            self.agenda.addItem(item)
        self.agenda.blockSignals(False)

    @Slot(QListWidgetItem, QListWidgetItem)
    def _agenda_picked(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is None:
            return
        spec: VoteSpec = item.data(Qt.ItemDataRole.UserRole)
        self.symbol.setText(spec.symbol)
        self.title.setPlainText(spec.title)
        self.mode.setCurrentIndex(self.mode.findData(spec.mode))
        self.majority.setCurrentIndex(self.majority.findData(spec.majority))
        self.quorum.setValue(spec.quorum or 0)

    # ---- messages -------------------------------------------------------------------------------

    @Slot(str)
    def _refused(self, text: str) -> None:
        self.message.setStyleSheet("color: #a40000; font-weight: bold")
        self.message.setText(text)

    @Slot(str)
    def _failed(self, text: str) -> None:
        self.message.setStyleSheet("color: white; background: #a40000; font-weight: bold")
        self.message.setText(f"{text}. Nothing was recorded.")
        self._alert("The journal cannot be written", f"{text}. Nothing was recorded.")

    def _alert(self, title: str, text: str) -> None:
        """A message that cannot be missed, over the window, without stopping the desk (no
        modal loop: ballots, boards and the network go on being served)."""
        box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok)
        box.setObjectName("alert")
        box.setParent(self, box.windowFlags())
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    @Slot(object)
    def _show_consoles(self, connections: dict[str, object]) -> None:
        """The register's mark beside each member: whether its seat's console is connected."""
        online = connections.get("consoles", [])
        assert isinstance(online, list)
        connected = frozenset(online)
        # Only the seats that changed (193 consoles connecting are 193 of these in a row).
        for code in connected ^ self._consoles_shown:
            row = self._rows.get(code)
            if row is None:
                continue
            _mark_console(self._cell(row, 0), connected=code in connected)
        self._consoles_shown = connected

    @Slot(str)
    def _network_event(self, text: str) -> None:
        """A connection replaced by a newer one is told in the status line: the operator must
        see it (two consoles claiming one seat is a thing to look into)."""
        if "replaced" in text:
            self._notice(text[0].upper() + text[1:])

    @Slot(str)
    def _notice(self, text: str) -> None:
        self.message.setStyleSheet("color: #1d4f91")
        self.message.setText(text)

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
        self._clock.stop()
        if self.hall is not None:
            self.hall.close()
        if self.network is not None:
            self.network.stop()  # no console's ballot arrives after the journal is closed
        self.controller.shutdown()
        event.accept()


@functools.cache
def _console_mark(connected: bool) -> QIcon:
    """A blue disc (console connected) or a grey ring (offline), made once: not green, which
    beside a name would read as a yes."""
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor("#1d4f91" if connected else "#9aa0a6")
    painter.setPen(colour)
    painter.setBrush(colour if connected else Qt.GlobalColor.transparent)
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


def _mark_console(item: QTableWidgetItem, *, connected: bool) -> None:
    item.setIcon(_console_mark(connected))
    item.setToolTip("console connected" if connected else "console offline")


def _page(note: str) -> tuple[QWidget, QVBoxLayout]:
    """A tab's page, opened by a sentence that says what it is for."""
    page = QWidget()
    layout = QVBoxLayout(page)
    label = QLabel(note)
    label.setWordWrap(True)
    layout.addWidget(label)
    return page, layout


def _emphasize(label: QLabel, scale: float) -> None:
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)


def _register_colour(ballot: str) -> QColor:
    light = {"yes": Light.YES, "no": Light.NO, "abstain": Light.ABSTAIN}.get(ballot)
    return QColor("#222") if light is None else theme.LIGHT_FILL[light].darker(140)
