"""A delegation's console: the current vote, three large buttons, its own ballot, and what the
hall's board shows for its seat.

It holds nothing of its own: what it shows comes from the control process (`seat` messages),
and a ballot counts only once the control process has acknowledged it as durable. In a secret
ballot the console shows that its ballot was cast, never what it was, and a ballot is cast
only after a second press, since it cannot be changed.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from voteboard.core.model import Choice, Light, Mode, Phase
from voteboard.net.client import LinkStatus
from voteboard.net.protocol import Ack, Refusal, Replaced, SeatState, ServerMessage, Welcome
from voteboard.ui import theme
from voteboard.ui.network import RemoteLink
from voteboard.ui.painter import paint_light
from voteboard.ui.theme import emphasize

BUTTONS = ((Choice.YES, "Yes"), (Choice.NO, "No"), (Choice.ABSTAIN, "Abstain"))
STATUS_WORDS = {
    LinkStatus.CONNECTING: "Connecting to the control desk…",
    LinkStatus.CONNECTED: "Connected to the control desk",
    LinkStatus.RECONNECTING: "Connection lost: reconnecting…",
    LinkStatus.REFUSED: "Refused by the control desk",
    LinkStatus.REPLACED: "This seat's console was opened elsewhere",
}


class SeatLight(QWidget):
    """The seat's light, drawn by the board's own painter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.light = Light.NONE
        self.setFixedSize(QSize(72, 72))

    def set_light(self, light: Light) -> None:
        if light is not self.light:
            self.light = light
            self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), theme.BACKGROUND)
        paint_light(painter, QRectF(8, 8, 56, 56), self.light)
        painter.end()


class ConsoleWindow(QWidget):
    """The console of one seat. `cast_requested` carries a choice the delegate confirmed; the
    program sends it and passes back what the control process answers."""

    cast_requested = Signal(object)  # Choice

    def __init__(self, seat: str, url: str) -> None:
        super().__init__()
        self.seat = seat
        self.setWindowTitle(f"voteboard: console of {seat}")
        self.state: SeatState | None = None
        self.status = LinkStatus.CONNECTING
        self.pending: Choice | None = None
        self.acked = False
        self._asked: Choice | None = None
        self.refusal = ""

        self.name = QLabel(seat)
        self.name.setObjectName("name")
        emphasize(self.name, 1.8)
        self.connection = QLabel()
        self.connection.setObjectName("connection")
        self.connection.setToolTip(url)
        top = QHBoxLayout()
        top.addWidget(self.name, 1)
        top.addWidget(self.connection, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)

        self.vote = QLabel()
        self.vote.setObjectName("vote")
        self.vote.setWordWrap(True)
        emphasize(self.vote, 1.3)
        self.title = QLabel()
        self.title.setObjectName("title")
        self.title.setWordWrap(True)
        self.phase = QLabel()
        self.phase.setObjectName("phase")
        emphasize(self.phase, 1.2, bold=False)

        self.light = SeatLight()
        self.own = QLabel()
        self.own.setObjectName("own")
        self.own.setWordWrap(True)
        emphasize(self.own, 1.4)
        own_row = QHBoxLayout()
        own_row.addWidget(self.light)
        own_row.addWidget(self.own, 1)

        self.buttons: dict[Choice, QPushButton] = {}
        button_row = QHBoxLayout()
        for choice, words in BUTTONS:
            button = QPushButton(words)
            button.setObjectName(f"cast-{choice.value}")
            button.setMinimumHeight(110)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            fill = theme.LIGHT_FILL[choice.light].name()
            button.setStyleSheet(
                f"QPushButton {{ background: {fill}; color: #10151c; font-size: 30px; "
                "font-weight: bold; border: 3px solid #10151c; border-radius: 10px; }"
                "QPushButton:disabled { background: #c9ced6; color: #7a828e; "
                "border-color: #c9ced6; }"
                "QPushButton:checked { border: 8px solid #10151c; }"
            )
            button.setCheckable(True)
            button.clicked.connect(lambda _checked=False, c=choice: self.press(c))
            self.buttons[choice] = button
            button_row.addWidget(button)

        self.confirm = QFrame()
        self.confirm.setObjectName("confirm")
        self.confirm.setStyleSheet("#confirm { background: #fff4d6; border: 1px solid #c98a00; }")
        self.question = QLabel()
        self.question.setWordWrap(True)
        emphasize(self.question, 1.2)
        self.confirm_button = QPushButton("Cast it")
        self.confirm_button.setObjectName("confirm-cast")
        self.confirm_button.setMinimumHeight(48)
        self.confirm_button.clicked.connect(self._confirmed)
        back = QPushButton("Back")
        back.setMinimumHeight(48)
        back.clicked.connect(self._dismiss)
        confirm_layout = QHBoxLayout(self.confirm)
        confirm_layout.addWidget(self.question, 1)
        confirm_layout.addWidget(self.confirm_button)
        confirm_layout.addWidget(back)
        self.confirm.hide()

        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a40000; font-weight: bold")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addLayout(top)
        layout.addSpacing(8)
        layout.addWidget(self.vote)
        layout.addWidget(self.title)
        layout.addWidget(self.phase)
        layout.addSpacing(8)
        layout.addLayout(own_row)
        layout.addSpacing(8)
        layout.addLayout(button_row, 1)
        layout.addWidget(self.confirm)
        layout.addWidget(self.message)
        self._show()

    def attach(self, link: RemoteLink) -> None:
        """Shows what the seat's connection receives, and sends through it what is cast."""
        link.message.connect(self.show_message)
        link.status.connect(self.show_status)
        self.cast_requested.connect(link.cast)

    # ---- from the control process --------------------------------------------------------------

    @Slot(object)
    def show_message(self, message: ServerMessage) -> None:
        if isinstance(message, SeatState):
            self.state = message
            self.acked = False
            if self.pending is not None and not message.can_vote:
                self.pending = None  # the vote moved on: whatever was sent, the seat says
        elif isinstance(message, Ack):
            # Durable: the seat's new state follows within a frame, with the hall's board.
            self.pending = None
            self.acked = True
            self.refusal = ""
        elif isinstance(message, Refusal):
            self.pending = None
            self.refusal = message.reason
        elif isinstance(message, Welcome):
            self.refusal = ""
        elif isinstance(message, Replaced):
            self.refusal = "Another console was connected for this seat: this one is closed."
        self._show()

    @Slot(object)
    def show_status(self, status: LinkStatus) -> None:
        self.status = status
        if status is not LinkStatus.CONNECTED:
            # Whatever was on its way is answered by the seat's state after reconnecting.
            self.pending = None
            self._dismiss()
        self._show()

    # ---- the delegate ------------------------------------------------------------------------

    def press(self, choice: Choice) -> None:
        """A button: in a recorded vote the ballot goes at once (it can be changed while the
        vote is open); in a secret ballot, which is final, a second press confirms it."""
        if not self._can_vote():
            self._show()
            return
        state = self.state
        if state is not None and state.mode is Mode.SECRET:
            self._asked = choice
            self.question.setText(
                f"Cast {dict(BUTTONS)[choice].upper()} in this secret ballot? "
                "It cannot be changed once cast."
            )
            self.confirm.show()
            self._show()
            return
        self._send(choice)

    @Slot()
    def _confirmed(self) -> None:
        choice, self._asked = self._asked, None
        self.confirm.hide()
        self.question.clear()  # once cast, the console holds no trace of the choice
        if choice is not None and self._can_vote():
            self._send(choice)
        self._show()

    @Slot()
    def _dismiss(self) -> None:
        self._asked = None
        self.confirm.hide()
        self.question.clear()
        self._show()

    def _send(self, choice: Choice) -> None:
        self.pending = choice
        self.refusal = ""
        self.cast_requested.emit(choice)
        self._show()

    def _can_vote(self) -> bool:
        state = self.state
        return (
            self.status is LinkStatus.CONNECTED
            and state is not None
            and state.can_vote
            and self.pending is None
            and not (self.acked and state.mode is Mode.SECRET)  # final once acknowledged
        )

    # ---- what it shows -------------------------------------------------------------------------

    def own_text(self) -> str:
        state = self.state
        if self.pending is not None:
            return "Sending your ballot…"
        if self.acked:
            return "Your ballot is recorded"
        if state is None or state.symbol is None:
            return "No vote in progress"
        open_ = state.phase is Phase.OPEN
        match state.own:
            case "ineligible":
                return "No right to vote in this vote (Article 19 of the Charter)"
            case "none":
                if state.phase is Phase.PREPARED:
                    return "Voting has not opened yet"
                return "You have not voted" if open_ else "You did not vote"
            case "voted":
                return "Your ballot has been cast. It is secret: this console does not show it."
            case own:
                change = ": you may change it until voting closes" if open_ else ""
                return f"Your ballot: {own.upper()}, recorded{change}"

    def _show(self) -> None:
        state = self.state
        if state is not None:
            self.name.setText(f"{state.name} ({state.seat})")
        colour = {LinkStatus.CONNECTED: "#1d6f2f", LinkStatus.CONNECTING: "#555"}.get(
            self.status, "#a40000"
        )
        self.connection.setStyleSheet(f"color: {colour}; font-weight: bold")
        self.connection.setText(STATUS_WORDS.get(self.status, self.status))
        if state is None or state.symbol is None:
            self.vote.setText("No vote in progress")
            self.title.setText("")
            self.phase.setText("")
        else:
            mode = "SECRET BALLOT" if state.mode is Mode.SECRET else "RECORDED VOTE"
            self.vote.setText(f"{state.symbol}   ·   {mode}")
            self.title.setText(state.title)
            self.phase.setText(theme.PHASE_BANNER[state.phase] if state.phase else "")
        self.own.setText(self.own_text())
        self.light.set_light(state.own if state is not None else Light.NONE)
        can = self._can_vote() and self._asked is None
        shown = state.own if state is not None and self.pending is None else None
        for choice, button in self.buttons.items():
            button.setEnabled(can)
            # A recorded ballot is shown on its button; a secret one never is.
            button.setChecked(shown == choice.value)
        self.message.setText(self.refusal)
