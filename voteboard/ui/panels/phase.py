"""The vote under way: what it is (its mode large), its clock, and the commands of its life
with their keys; the rule that enables each is the core's (core/desk.py)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from voteboard.core.clock import clock_of
from voteboard.core.decide import PHASE_WORDS
from voteboard.core.desk import PHASE_ACTIONS, confirmed, possible
from voteboard.core.model import Phase
from voteboard.core.state import AssemblyState, VoteState
from voteboard.ui.controller import Controller
from voteboard.ui.panels.common import ConfirmBar, emphasize

ACTION_LABELS = {
    "open": ("Open voting", "F5"),
    "pause": ("Suspend", "F6"),
    "resume": ("Resume", "F7"),
    "close": ("Close voting", "F8"),
    "lock": ("Lock the result", "F9"),
    "cancel": ("Cancel the vote", "Ctrl+F12"),
}
BUTTON_WORDS = {
    "open": "Open",
    "pause": "Suspend",
    "resume": "Resume",
    "close": "Close",
    "lock": "Lock",
    "cancel": "Cancel",
}
"""Short, so that six fit the desk's narrowest width; the tooltip says the whole."""
SECRET_WARNING = "SECRET BALLOT: no choice will ever be recorded"


class PhasePanel(QGroupBox):
    """The current vote and its commands. F5 to F9 and Ctrl+F12 work from anywhere in the
    window; those that cannot be undone, and the opening of a secret ballot, ask first."""

    refusal = Signal(str)

    def __init__(self, controller: Controller, confirm: ConfirmBar) -> None:
        super().__init__("The vote")
        self.controller = controller
        self.confirm = confirm
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.mode_badge = QLabel()
        self.mode_badge.setObjectName("mode-badge")
        self.mode_badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        emphasize(self.mode_badge, 1.35)
        self.mode_badge.setMinimumWidth(
            self.mode_badge.fontMetrics().horizontalAdvance(" SECRET BALLOT ") + 16
        )
        top.addWidget(self.mode_badge)
        self.current = QLabel()
        self.current.setObjectName("current")
        self.current.setWordWrap(True)
        emphasize(self.current, 1.15)
        top.addWidget(self.current, 1)
        self.clock = QLabel("--:--")
        self.clock.setObjectName("clock")
        self.clock.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.clock.setWordWrap(True)  # SUSPENDED AT over its time
        emphasize(self.clock, 1.8)
        self.clock.setMinimumWidth(self.clock.fontMetrics().horizontalAdvance("SUSPENDED AT") + 8)
        top.addWidget(self.clock)
        layout.addLayout(top)
        grid = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        for index, action in enumerate(PHASE_ACTIONS):
            label, key = ACTION_LABELS[action]
            button = QPushButton(f"{BUTTON_WORDS[action]}  ({key})")
            button.setToolTip(f"{label} ({key})")
            button.setObjectName(f"action-{action}")
            button.setMinimumHeight(36)
            # Enter on the button that has the focus does what it says (after Prepare, the
            # focus is on Open), as Space does; a confirmed action still asks first.
            button.setAutoDefault(True)
            button.clicked.connect(lambda _checked=False, a=action: self.request(a))
            # The panel's window's: a key works wherever the focus is in the desk.
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(lambda a=action: self.request(a))
            self.buttons[action] = button
            grid.addWidget(button, index // 3, index % 3)
        layout.addLayout(grid)

        countdown = QHBoxLayout()
        self.countdown_start = QPushButton("Close by itself &after")
        self.countdown_start.setObjectName("countdown-start")
        self.countdown_start.clicked.connect(self._start_countdown)
        self.countdown_seconds = QSpinBox()
        self.countdown_seconds.setObjectName("countdown-seconds")
        self.countdown_seconds.setRange(5, 3600)
        self.countdown_seconds.setValue(30)
        self.countdown_seconds.setSuffix(" s")
        self.countdown_stop = QPushButton("Stop it")
        self.countdown_stop.setToolTip("Stop the countdown: the vote stays open")
        self.countdown_stop.setObjectName("countdown-stop")
        self.countdown_stop.clicked.connect(controller.stop_countdown)
        countdown.addWidget(self.countdown_start)
        countdown.addWidget(self.countdown_seconds)
        countdown.addWidget(self.countdown_stop)
        countdown.addStretch(1)
        self.simulate = QCheckBox("Simulation")
        self.simulate.setToolTip(
            "For training and tests: simulated delegations vote after the opening"
        )
        self.simulate.setChecked(controller.simulation.enabled)
        self.simulate.toggled.connect(controller.simulation.set_enabled)
        countdown.addWidget(self.simulate)
        layout.addLayout(countdown)

        self._vote: VoteState | None = None
        self._ticker = QTimer(self)
        self._ticker.setSingleShot(True)
        self._ticker.setTimerType(Qt.TimerType.PreciseTimer)
        self._ticker.timeout.connect(self.tick)
        controller.state_changed.connect(self.show_state)
        controller.busy_changed.connect(lambda _busy: self.show_state(controller.state))
        self.show_state(controller.state)

    # ---- showing --------------------------------------------------------------------------------

    @Slot(object)
    def show_state(self, state: AssemblyState) -> None:
        vote = state.current_vote or state.last_vote
        self._vote = vote
        if vote is None:
            self.mode_badge.setText("")
            sheet = ""
            self.current.setText("No vote yet: prepare the first one")
        else:
            secret = vote.secret
            self.mode_badge.setText("SECRET BALLOT" if secret else "RECORDED VOTE")
            colours = "background: #5a1a6e; color: white" if secret else "color: #123"
            sheet = (
                f"QLabel {{ {colours}; padding: 4px; border-radius: 3px; "
                f"border: 2px solid {'#5a1a6e' if secret else '#7d8ea3'}; }}"
            )
            retake = vote.retake_of
            self.current.setText(
                f"{vote.spec.symbol}{' (retake)' if retake else ''}: {PHASE_WORDS[vote.phase]}"
            )
        # Set again, a style sheet is applied again and lays the desk out (every ballot).
        if self.mode_badge.styleSheet() != sheet:
            self.mode_badge.setStyleSheet(sheet)
        busy = self.controller.busy
        for action, button in self.buttons.items():
            button.setEnabled(not busy and possible(state.current_vote, action))
        current = state.current_vote
        is_open = current is not None and current.phase is Phase.OPEN
        counting = current is not None and current.closes_at is not None
        self.countdown_start.setEnabled(is_open and not counting)
        self.countdown_stop.setEnabled(is_open and counting)
        if busy:
            self.confirm.dismiss()
        self.tick()

    @Slot()
    def tick(self) -> None:
        """The desk's clock: the same words as the hall's, at the same moments."""
        vote = self._vote
        if vote is None:
            self.clock.setText("--:--")
            self._ticker.stop()
            return
        clock = clock_of(vote)
        now = dt.datetime.now(dt.UTC)
        self.clock.setText(clock.words(now) if vote.opened_at is not None else "--:--")
        wait = clock.next_change(now)
        if wait is None:
            self._ticker.stop()
        else:
            self._ticker.start(max(1, round(wait * 1000)))

    # ---- commands -------------------------------------------------------------------------------

    @Slot()
    def request(self, action: str) -> None:
        """A command button or its key: refused here when the phase does not allow it."""
        vote = self.controller.state.current_vote
        if not self.controller.can(action):
            if not self.controller.busy:
                words = (
                    "no vote is prepared"
                    if vote is None
                    else f"the vote is {PHASE_WORDS[vote.phase]}"
                )
                self.refusal.emit(f"{ACTION_LABELS[action][0]} is not possible: {words}")
            return
        assert vote is not None
        if not confirmed(vote, action):
            self.controller.phase(action)
            return
        symbol = vote.spec.symbol
        questions = {
            "open": (
                f"{SECRET_WARNING}. Open voting on {symbol} as a secret ballot? Only who has "
                "voted will be known; if this should be a recorded vote, cancel it and prepare "
                "it again.",
                "Open the secret ballot",
            ),
            "close": (
                f"Close voting on {symbol}? {len(vote.voted)} members have voted; no ballot is "
                "taken after this.",
                "Close voting",
            ),
            "lock": (f"Lock the result of {symbol}? It becomes final.", "Lock the result"),
            "cancel": (
                f"Cancel {symbol}? Its ballots are kept in the journal, but the vote will have "
                "no result.",
                "Cancel the vote",
            ),
        }
        question, answer = questions[action]
        self.confirm.ask(
            self.buttons[action], question, answer, lambda: self.controller.phase(action)
        )

    @Slot()
    def _start_countdown(self) -> None:
        self.controller.start_countdown(self.countdown_seconds.value())
