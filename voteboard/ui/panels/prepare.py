"""Preparing a vote: from the list of votes or by hand, always from the defaults, never from
the last vote's mode; what reaches the hall wall is checked first."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from voteboard.core.agenda import AgendaError, parse_agenda
from voteboard.core.commands import Command, PrepareVote
from voteboard.core.decide import retaken
from voteboard.core.errors import validation_sentence
from voteboard.core.model import Majority, Mode, VoteSpec
from voteboard.core.state import AssemblyState
from voteboard.core.symbols import symbol_problem, text_problem
from voteboard.limits import MAX_DOCUMENT_BYTES, InputError, read_bounded
from voteboard.ui.controller import Controller
from voteboard.ui.panels.common import ConfirmBar

MODE_WORDS = {Mode.RECORDED: "Recorded vote", Mode.SECRET: "Secret ballot"}
MAJORITY_WORDS = {
    Majority.SIMPLE: "Simple majority of those present and voting",
    Majority.TWO_THIRDS: "Two-thirds of those present and voting",
    Majority.MEMBERS: "Majority of the members of the Assembly",
}


class PreparePanel(QWidget):
    """The form of the next vote. After each vote prepared it goes back to the defaults (a
    recorded vote, a simple majority, no quorum): a secret ballot is never carried over."""

    refusal = Signal(str)
    notice = Signal(str)

    def __init__(self, controller: Controller, confirm: ConfirmBar) -> None:
        super().__init__()
        self.controller = controller
        self.confirm = confirm
        box = QGroupBox("Prepare a vote")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(box)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.agenda = QListWidget()
        self.agenda.setObjectName("agenda")
        self.agenda.setMaximumHeight(110)
        self.agenda.currentItemChanged.connect(self._agenda_picked)
        self.load_agenda = QPushButton("Load a list of votes…")
        self.load_agenda.clicked.connect(self._load_agenda_dialog)
        form.addRow(self.agenda)
        form.addRow(self.load_agenda)
        self.symbol = QLineEdit()
        self.symbol.setObjectName("symbol")
        self.symbol.setMaxLength(120)
        self.symbol.setPlaceholderText("A/ES-11/L.5")
        self.symbol.returnPressed.connect(self._next_field)
        self.title = QPlainTextEdit()
        self.title.setObjectName("title")
        self.title.setFixedHeight(56)
        self.title.setTabChangesFocus(True)  # Tab leaves the title: the keyboard is not trapped
        self.title.setPlaceholderText("The title, as the hall will read it (required)")
        self.mode = QComboBox()
        self.mode.setObjectName("mode")
        for mode, words in MODE_WORDS.items():
            self.mode.addItem(words, mode)
        self.mode.currentIndexChanged.connect(self._show_mode)
        self.majority = QComboBox()
        self.majority.setObjectName("majority")
        for majority, words in MAJORITY_WORDS.items():
            self.majority.addItem(words, majority)
        for choice in (self.mode, self.majority):
            choice.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            choice.setMinimumContentsLength(16)
        self.quorum = QSpinBox()
        self.quorum.setObjectName("quorum")
        self.quorum.setRange(0, 250)
        self.quorum.setSpecialValueText("none")
        form.addRow("&Symbol", self.symbol)
        form.addRow("&Title", self.title)
        form.addRow("&Mode", self.mode)
        form.addRow("Ma&jority", self.majority)
        form.addRow("&Quorum", self.quorum)
        for field, label in ((self.symbol, "Symbol"), (self.title, "Title")):
            field.setAccessibleName(label)
        self.prepare_button = QPushButton("&Prepare the vote")
        self.prepare_button.setObjectName("prepare")
        self.prepare_button.setMinimumHeight(34)
        self.prepare_button.setAutoDefault(True)
        self.prepare_button.clicked.connect(self.prepare)
        form.addRow(self.prepare_button)
        self._shown_votes: object = None
        self.controller.done.connect(self._done)
        self.controller.agenda_changed.connect(self.show_agenda)
        self.controller.state_changed.connect(self.show_state)
        self.show_agenda(controller.agenda)
        self.reset()
        self.show_state(controller.state)

    # ---- the form -------------------------------------------------------------------------------

    def reset(self) -> None:
        """Back to the defaults: a recorded vote, a simple majority, no quorum."""
        self.symbol.clear()
        self.title.clear()
        self.mode.setCurrentIndex(self.mode.findData(Mode.RECORDED))
        self.majority.setCurrentIndex(self.majority.findData(Majority.SIMPLE))
        self.quorum.setValue(0)
        self.agenda.blockSignals(True)
        self.agenda.setCurrentRow(-1)
        self.agenda.blockSignals(False)
        self._show_mode()

    @Slot()
    def _show_mode(self) -> None:
        secret = self.mode.currentData() == Mode.SECRET
        self.mode.setStyleSheet(
            "QComboBox { background: #5a1a6e; color: white; font-weight: bold; }" if secret else ""
        )

    @Slot()
    def _next_field(self) -> None:
        self.title.setFocus()

    def show_state(self, state: AssemblyState) -> None:
        self.prepare_button.setEnabled(self.controller.can("prepare"))
        # The agenda shows which of its votes were taken: rebuilt only when that changes (a
        # ballot gives a new map of votes, not a new vote).
        taken = frozenset(v.spec.symbol for v in state.votes.values())
        if taken != self._shown_votes:
            self._shown_votes = taken
            self.show_agenda(self.controller.agenda)

    @Slot(list)
    def show_agenda(self, specs: list[VoteSpec]) -> None:
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

    # ---- preparing ------------------------------------------------------------------------------

    def spec(self) -> VoteSpec | str:
        """The vote the form describes, or what is wrong with it."""
        symbol = self.symbol.text().strip()
        title = " ".join(self.title.toPlainText().split())
        if not symbol:
            return "A vote needs its document symbol"
        for field, text in (("symbol", symbol), ("title", title)):
            problem = text_problem(field, text)
            if problem is not None:
                return f"The vote was not prepared: {problem}"
        if not title:
            return "A vote needs its title: the hall reads it on the board"
        try:
            return VoteSpec(
                symbol=symbol,
                title=title,
                mode=Mode(self.mode.currentData()),
                majority=Majority(self.majority.currentData()),
                quorum=self.quorum.value() or None,
            )
        except ValidationError as exc:
            return f"The vote was not prepared: {validation_sentence(exc, 'the vote')}"

    @Slot()
    def prepare(self) -> None:
        spec = self.spec()
        if isinstance(spec, str):
            self.refusal.emit(spec)
            return
        questions = []
        problem = symbol_problem(spec.symbol)
        if problem is not None:
            questions.append(f"{problem}. The hall will read it as typed.")
        earlier = retaken(self.controller.state, spec.symbol)
        if earlier is not None:
            questions.append(
                f"{earlier.spec.symbol} was voted on before (vote {earlier.id}): this vote will "
                "be recorded as a retake of it."
            )
        if not questions:
            self.controller.prepare(spec)
            return
        self.confirm.ask(
            self.prepare_button,
            " ".join(questions) + " Prepare it?",
            "Prepare it",
            lambda: self.controller.prepare(spec, unusual_symbol=problem is not None),
        )

    @Slot(object, object)
    def _done(self, command: Command, error: str | None) -> None:
        if isinstance(command, PrepareVote) and error is None:
            self.reset()

    # ---- files ----------------------------------------------------------------------------------

    def load_agenda_file(self, path: Path) -> bool:
        try:
            data = read_bounded(path, MAX_DOCUMENT_BYTES)  # a device or a huge file: refused
            specs = parse_agenda(
                data.decode("utf-8"), path.name, members=len(self.controller.roster)
            )
        except (AgendaError, OSError) as exc:
            self.refusal.emit(f"The list of votes was not loaded: {exc}")
            return False
        except (InputError, UnicodeDecodeError) as exc:
            self.refusal.emit(f"The list of votes was not loaded: {path.name}: {exc}")
            return False
        self.controller.set_agenda(specs)
        self.notice.emit(f"{len(specs)} votes loaded from {path.name}")
        return True

    @Slot()
    def _load_agenda_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "A list of votes", "", "Lists of votes (*.csv *.jsonl *.json);;All files (*)"
        )
        if name:
            self.load_agenda_file(Path(name))
