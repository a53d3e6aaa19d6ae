"""What the secretariat enters on a delegation's behalf: a ballot when its console has
failed, a right withdrawn or restored (Article 19), a correction after the result."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from voteboard.core.model import Choice, Phase
from voteboard.core.state import AssemblyState
from voteboard.ui.controller import Controller
from voteboard.ui.panels.common import CHOICE_WORDS, ConfirmBar, member_box, note, picked

INTENDED = {
    "to vote in favour": Choice.YES,
    "to vote against": Choice.NO,
    "to abstain": Choice.ABSTAIN,
    "not to vote": None,
}


class BallotPanel(QWidget):
    """A ballot entered for a delegation whose console has failed, marked as the
    secretariat's on the board's record and in the journal."""

    refusal = Signal(str)

    def __init__(self, controller: Controller, confirm: ConfirmBar) -> None:
        super().__init__()
        self.controller = controller
        self.confirm = confirm
        layout = QVBoxLayout(self)
        layout.addWidget(
            note(
                "When a delegation's console has failed, its ballot can be entered here on its "
                "behalf. It is marked as entered by the secretariat."
            )
        )
        self.member = member_box(controller.roster)
        self.member.setObjectName("ballot-member")
        layout.addWidget(self.member)
        row = QHBoxLayout()
        self.choice = QButtonGroup(self)
        for choice in Choice:
            radio = QRadioButton(CHOICE_WORDS[choice])
            radio.setObjectName(f"ballot-{choice.value}")
            radio.setProperty("choice", choice.value)
            self.choice.addButton(radio)
            row.addWidget(radio)
        layout.addLayout(row)
        self.enter = QPushButton("Enter the ballot…")
        self.enter.setObjectName("enter-ballot")
        self.enter.clicked.connect(self.ask)
        layout.addWidget(self.enter)
        layout.addStretch(1)
        controller.state_changed.connect(self.show_state)
        self.show_state(controller.state)

    @Slot(object)
    def show_state(self, state: AssemblyState) -> None:
        vote = state.current_vote
        self.enter.setEnabled(vote is not None and vote.phase is Phase.OPEN)

    @Slot()
    def ask(self) -> None:
        code = picked(self.member)
        checked = self.choice.checkedButton()
        if code is None or checked is None:
            self.refusal.emit("Choose the member and its ballot first")
            return
        choice = Choice(checked.property("choice"))
        member = self.controller.roster.get(code)
        name = member.name if member else code
        vote = self.controller.state.current_vote
        secret = vote is not None and vote.secret
        words = "a secret ballot" if secret else f"the ballot {CHOICE_WORDS[choice].upper()}"
        self.confirm.ask(
            self.enter,
            f"Enter {words} on behalf of {name}? It is marked as entered by the secretariat.",
            "Enter the ballot",
            lambda: self._cast(code, choice),
        )

    def _cast(self, code: str, choice: Choice) -> None:
        self.controller.cast(code, choice, by_secretariat=True)
        # A secret ballot's choice does not stay on the screen.
        self.choice.setExclusive(False)
        for button in self.choice.buttons():
            button.setChecked(False)
        self.choice.setExclusive(True)


class RightsPanel(QWidget):
    """Article 19 of the Charter: a member in arrears loses its vote."""

    refusal = Signal(str)

    def __init__(self, controller: Controller) -> None:
        super().__init__()
        self.controller = controller
        layout = QVBoxLayout(self)
        layout.addWidget(
            note(
                "Article 19 of the Charter: a member in arrears loses its vote. Rights change "
                "only while no vote is open; the board greys the member's name."
            )
        )
        self.member = member_box(controller.roster)
        self.member.setObjectName("rights-member")
        layout.addWidget(self.member)
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
        self._shown: object = None
        controller.state_changed.connect(self.show_state)
        self.show_state(controller.state)

    @Slot(object)
    def show_state(self, state: AssemblyState) -> None:
        vote = state.current_vote
        free = vote is None or vote.phase not in (Phase.OPEN, Phase.PAUSED)
        self.withdraw.setEnabled(free)
        self.restore.setEnabled(free)
        # A ballot does not change the rights: the list is rebuilt only when they change.
        if state.ineligible is not self._shown:
            self._shown = state.ineligible
            self.without_right.clear()
            for member in state.roster:
                if member.code in state.ineligible:
                    self.without_right.addItem(member.name)

    def _right(self, withdraw: bool) -> None:
        code = picked(self.member)
        if code is None:
            self.refusal.emit("Choose the member first")
            return
        if withdraw:
            self.controller.withdraw_right(code)
        else:
            self.controller.restore_right(code)


class CorrectionPanel(QWidget):
    """After the result is locked, a delegation may say how it had intended to vote: listed
    with the result and in the record, it does not change the result."""

    refusal = Signal(str)

    def __init__(self, controller: Controller, confirm: ConfirmBar) -> None:
        super().__init__()
        self.controller = controller
        self.confirm = confirm
        layout = QVBoxLayout(self)
        layout.addWidget(
            note(
                "After the result is locked, a delegation may say how it had intended to vote. "
                "The correction is listed with the result; it does not change the result."
            )
        )
        self.member = member_box(controller.roster)
        self.member.setObjectName("correction-member")
        layout.addWidget(self.member)
        self.intended = QComboBox()
        self.intended.setObjectName("intended")
        for words in INTENDED:
            self.intended.addItem(f"had intended {words}", words)
        layout.addWidget(self.intended)
        self.note = QLineEdit()
        self.note.setObjectName("correction-note")
        self.note.setPlaceholderText("Note (optional)")
        self.note.setMaxLength(500)
        layout.addWidget(self.note)
        self.record = QPushButton("Record the correction…")
        self.record.setObjectName("record-correction")
        self.record.clicked.connect(self.ask)
        layout.addWidget(self.record)
        layout.addStretch(1)
        controller.state_changed.connect(self.show_state)
        self.show_state(controller.state)

    @Slot(object)
    def show_state(self, _state: AssemblyState) -> None:
        last = self.controller.vote
        self.record.setEnabled(last is not None and last.phase is Phase.LOCKED and not last.secret)

    @Slot()
    def ask(self) -> None:
        code = picked(self.member)
        vote = self.controller.vote
        if code is None or vote is None:
            self.refusal.emit("Choose the member first")
            return
        words = str(self.intended.currentData())
        member = self.controller.roster.get(code)
        name = member.name if member else code
        text = self.note.text().strip()
        self.confirm.ask(
            self.record,
            f"Record that the delegation of {name} had intended {words} on {vote.spec.symbol}?",
            "Record the correction",
            lambda: self._record(code, INTENDED[words], text),
        )

    def _record(self, code: str, intended: Choice | None, text: str) -> None:
        self.controller.correct(code, intended, text)
        self.note.clear()
