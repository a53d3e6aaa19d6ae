"""A delegation's console: the current vote, three large buttons, its own ballot, and what the
hall's board shows for its seat.

It holds nothing of its own: what it shows comes from the control process (`seat` messages),
and a ballot counts only once the control process has acknowledged it as durable. In a secret
ballot the console shows that its ballot was cast, never what it was, and a ballot is cast
only after a second press, since it cannot be changed.

In any of the six languages (core/record_words.py; the mode and the phase are the board's own
words), in the language's fonts, and for Arabic from right to left, the Yes button at the right.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from voteboard.core.languages import Language
from voteboard.core.model import Choice, Light, Mode, Phase
from voteboard.core.names import Names
from voteboard.core.record_words import ConsoleWords, console_words
from voteboard.net.client import LinkStatus
from voteboard.net.protocol import Ack, Refusal, Replaced, SeatState, ServerMessage, Welcome
from voteboard.ui import theme
from voteboard.ui.network import RemoteLink
from voteboard.ui.painter import paint_light
from voteboard.ui.theme import emphasize


def status_words(words: ConsoleWords) -> dict[LinkStatus, str]:
    """What the console says of its link to the desk."""
    return {
        LinkStatus.CONNECTING: words.connecting,
        LinkStatus.CONNECTED: words.connected,
        LinkStatus.RECONNECTING: words.reconnecting,
        LinkStatus.REFUSED: words.refused,
        LinkStatus.REPLACED: words.replaced,
    }


_ENGLISH = console_words(Language.EN)
BUTTONS = tuple((choice, _ENGLISH.buttons[choice]) for choice in Choice)
"""The buttons' words in English (`ConsoleWords.buttons` has them in the six languages)."""
STATUS_WORDS = status_words(_ENGLISH)


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
    program sends it and passes back what the control process answers. Its words are those
    of `language`, the seat under its name there where `names` has it."""

    cast_requested = Signal(object)  # Choice

    def __init__(
        self,
        seat: str,
        url: str,
        language: Language = Language.EN,
        *,
        names: Names | None = None,
    ) -> None:
        super().__init__()
        self.seat = seat
        self.language = language
        self.words = console_words(language)
        self._names = names
        self._status_words = status_words(self.words)
        self.setWindowTitle(self.words.window_title.format(seat=seat))
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
        for choice in Choice:
            button = QPushButton(self.words.buttons[choice])
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
        self.confirm_button = QPushButton(self.words.cast_it)
        self.confirm_button.setObjectName("confirm-cast")
        self.confirm_button.setMinimumHeight(48)
        self.confirm_button.clicked.connect(self._confirmed)
        back = QPushButton(self.words.back)
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
        self._use_language_fonts()
        if language.right_to_left:
            # A label aligns by its own text's direction: a symbol or a title in Latin letters
            # would start at the left of an Arabic window. Every line starts at the right.
            start = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute
            for label in self.findChildren(QLabel):
                label.setAlignment(start | Qt.AlignmentFlag.AlignVCenter)
        self._show()

    def _use_language_fonts(self) -> None:
        """The language's font families for the window and each of its widgets (those made
        larger hold a font of their own), and Arabic from right to left: the layouts mirror,
        the Yes button comes at the right."""
        theme.load_fonts()
        families = list(theme.families(self.language))
        for widget in (self, *self.findChildren(QWidget)):
            font = QFont(widget.font())
            font.setFamilies(families)
            widget.setFont(font)
        if self.language.right_to_left:
            self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)

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
            self.refusal = self.words.replaced_here
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
            self.question.setText(self.words.confirm.format(choice=self.words.chosen[choice]))
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
        state, words = self.state, self.words
        if self.pending is not None:
            return words.sending
        if self.acked:
            return words.recorded
        if state is None or state.symbol is None:
            return words.no_vote
        open_ = state.phase is Phase.OPEN
        match state.own:
            case Light.INELIGIBLE:
                return words.ineligible
            case Light.NONE:
                if state.phase is Phase.PREPARED:
                    return words.not_open
                return words.not_voted if open_ else words.did_not_vote
            case Light.VOTED:
                return words.secret_cast
            case own:
                change = words.may_change if open_ else ""
                return words.own_ballot.format(choice=words.chosen[Choice(own)], change=change)

    def seat_name(self, state: SeatState) -> str:
        """The seat's name in the console's language (the desk sends the roster's English)."""
        local = self._names.names_of(state.seat, self.language) if self._names else None
        name = local.today.name if local is not None else state.name
        return self.words.seat_name.format(name=name, seat=state.seat)

    def _show(self) -> None:
        state = self.state
        if state is not None:
            self.name.setText(self.seat_name(state))
        colour = {LinkStatus.CONNECTED: "#1d6f2f", LinkStatus.CONNECTING: "#555"}.get(
            self.status, "#a40000"
        )
        self.connection.setStyleSheet(f"color: {colour}; font-weight: bold")
        self.connection.setText(self._status_words.get(self.status, self.status))
        board = self.language.words
        if state is None or state.symbol is None:
            self.vote.setText(self.words.no_vote)
            self.title.setText("")
            self.phase.setText("")
        else:
            mode = board.secret_ballot if state.mode is Mode.SECRET else board.recorded_vote
            self.vote.setText(self.words.vote_line.format(symbol=state.symbol, mode=mode))
            self.title.setText(state.title)
            self.phase.setText(board.phases[state.phase] if state.phase else "")
        self.own.setText(self.own_text())
        self.light.set_light(state.own if state is not None else Light.NONE)
        can = self._can_vote() and self._asked is None
        shown = state.own if state is not None and self.pending is None else None
        for choice, button in self.buttons.items():
            button.setEnabled(can)
            # A recorded ballot is shown on its button; a secret one never is.
            button.setChecked(shown == choice.value)
        self.message.setText(self.refusal)
