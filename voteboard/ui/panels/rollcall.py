"""The roll call, when the voting machine fails: a member drawn by lot, then every member
called in board order from it, each answering once. Who is called is the core's rule
(core/desk.py RollCall): never a counter that a click, a refusal or a restart could move."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from voteboard.core.commands import CastBallot, Command
from voteboard.core.desk import RollCall, answering
from voteboard.core.model import Choice
from voteboard.core.state import AssemblyState, VoteState
from voteboard.ui.controller import Controller
from voteboard.ui.panels.common import ConfirmBar, emphasize, note

ANSWER_PAUSE_S = 0.3
"""After an answer, the answer buttons rest this long: a double click never answers twice."""
ANSWERS = (
    ("yes", "Yes", "Y"),
    ("no", "No", "N"),
    ("abstain", "Abstains", "A"),
    ("skip", "Does not vote", "D"),
)


class RollCallPanel(QWidget):
    """The member called, large, in a place of fixed height: the answer buttons never move,
    whatever the length of the name. Keys Y, N, A and D answer while the panel is shown."""

    refusal = Signal(str)

    def __init__(self, controller: Controller, confirm: ConfirmBar) -> None:
        super().__init__()
        self.controller = controller
        self.confirm = confirm
        self.answer_pause_s = ANSWER_PAUSE_S
        layout = QVBoxLayout(self)
        layout.addWidget(
            note(
                "If the voting machine fails, the vote is taken by roll call: a member is drawn "
                "by lot, and every member is called in board order from it. The draw is "
                "recorded."
            )
        )
        self.draw = QPushButton("Draw the first member by lot…")
        self.draw.setObjectName("draw")
        self.draw.clicked.connect(self._ask_draw)
        layout.addWidget(self.draw)
        answers = QGridLayout()
        self.answers: dict[str, QPushButton] = {}
        for index, (key, label, shortcut_key) in enumerate(ANSWERS):
            button = QPushButton(f"{label}  ({shortcut_key})")
            button.setObjectName(f"answer-{key}")
            button.setMinimumHeight(40)
            button.clicked.connect(lambda _checked=False, k=key: self.answer(k))
            # The window's, while the roll call is shown (a text field being typed in keeps
            # its letters: it takes them before any shortcut).
            shortcut = QShortcut(QKeySequence(shortcut_key), self)
            shortcut.activated.connect(lambda k=key: self.answer(k))
            self.answers[key] = button
            answers.addWidget(button, index // 2, index % 2)
        layout.addLayout(answers)
        self.called = QLabel("")
        self.called.setObjectName("called")
        emphasize(self.called, 1.5)
        self.called.setWordWrap(True)
        self.called.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # Three lines, whatever the name: nothing below it moves either.
        self.called.setFixedHeight(self.called.fontMetrics().lineSpacing() * 3 + 6)
        layout.addWidget(self.called)
        self.progress = QLabel("")
        self.progress.setObjectName("roll-progress")
        self.progress.setWordWrap(True)
        layout.addWidget(self.progress)
        layout.addStretch(1)

        self._state: AssemblyState = controller.state
        self._vote_id: str | None = None
        self._passed: set[str] = set()  # answered "does not vote"
        self._answered: set[str] = set()  # durable, perhaps not yet in the state shown
        self._pending: str | None = None  # sent, not yet durable
        self._answered_at = 0.0
        self._rest = QTimer(self)
        self._rest.setSingleShot(True)
        self._rest.timeout.connect(self.refresh)
        controller.state_changed.connect(self.show_state)
        controller.done.connect(self._done)
        controller.busy_changed.connect(lambda _busy: self.refresh())
        self.show_state(controller.state)

    # ---- what is shown --------------------------------------------------------------------------

    def _roll(self, vote: VoteState | None) -> RollCall | None:
        return None if vote is None else RollCall.of(vote, self.controller.roster.codes)

    def called_member(self) -> str | None:
        """The member called now (None: no roll call, or every member has been called)."""
        vote = self._state.current_vote
        roll = self._roll(vote)
        if vote is None or roll is None:
            return None
        if self._pending is not None:
            return self._pending
        return roll.called(set(vote.voted) | self._answered, self._passed)

    @Slot(object)
    def show_state(self, state: AssemblyState) -> None:
        self._state = state
        vote = state.current_vote
        if vote is None or vote.id != self._vote_id:
            self._vote_id = vote.id if vote is not None else None
            self._passed, self._answered, self._pending = set(), set(), None
            roll = self._roll(vote)
            if vote is not None and roll is not None:
                # A desk started during a roll call (after a crash) goes on after the last
                # member whose answer the journal holds.
                self._passed = set(roll.passed_before_last(vote.voted))
        if vote is not None and self._pending is not None and self._pending in vote.voted:
            self._answered.add(self._pending)
            self._pending = None
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        vote = self._state.current_vote
        open_recorded = vote is not None and vote.phase.value == "open" and not vote.secret
        roll = self._roll(vote)
        self.draw.setEnabled(open_recorded and roll is None and not self.controller.busy)
        if vote is None or roll is None:
            self.called.setText("")
            self.progress.setText("")
            for button in self.answers.values():
                button.setEnabled(False)
            return
        called = self.called_member()
        voted = set(vote.voted) | self._answered
        if called is None:
            self.called.setText("Every member has been called")
        else:
            member = self.controller.roster.get(called)
            name = member.name if member else called
            self.called.setText(
                f"Recording: {name}…" if self._pending is not None else f"Calling: {name}"
            )
        first = self.controller.roster.get(vote.roll_call_from or "")
        self.progress.setText(
            f"Drawn by lot: {first.name if first else ''}. "
            f"Called {roll.progress(voted, self._passed)} of {len(roll.order)}."
        )
        resting = time.monotonic() - self._answered_at < self.answer_pause_s
        ready = answering(vote) and called is not None and self._pending is None and not resting
        for button in self.answers.values():
            button.setEnabled(ready)

    # ---- answers --------------------------------------------------------------------------------

    @Slot()
    def answer(self, key: str) -> None:
        """The called member's answer, taken once: the buttons rest until it is durable and
        for a moment after, so a double click never answers for the next member."""
        vote = self._state.current_vote
        if not self.isVisible() or not answering(vote) or self._pending is not None:
            return
        if self.confirm.asking or time.monotonic() - self._answered_at < self.answer_pause_s:
            return
        code = self.called_member()
        if code is None:
            return
        self._answered_at = time.monotonic()
        self._rest.start(round(self.answer_pause_s * 1000) + 10)
        if key == "skip":
            self._passed.add(code)
        else:
            self._pending = code
            self.controller.cast(code, Choice(key), by_secretariat=True)
        self.refresh()

    @Slot(object, object)
    def _done(self, command: Command, error: str | None) -> None:
        if not isinstance(command, CastBallot) or command.member != self._pending:
            return
        if error is None:
            self._answered.add(command.member)
        # Refused (the vote was suspended): the same member is called again, nobody skipped.
        self._pending = None
        self.refresh()

    @Slot()
    def _ask_draw(self) -> None:
        self.confirm.ask(
            self.draw,
            "Draw by lot the member called first? The draw is recorded in the journal.",
            "Draw by lot",
            self.controller.draw_roll_call,
        )
