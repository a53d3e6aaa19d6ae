"""The standby desk's window: the primary's board, read-only, under a STANDBY banner, where the
primary stands, and the officer's one action here: take over (confirmed).

The journal is followed in the network's thread (`net/standby.Follower`); what it shows comes
to the GUI thread as signals. Taking over stops the follower, writes the new epoch to the
journal (a note of the chain, signed), tells the old primary if it can still be reached, and
hands the journal to `take_over`: the control window of a desk like any other.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import ssl
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QPushButton, QVBoxLayout, QWidget
from websockets.asyncio.client import connect
from websockets.exceptions import WebSocketException

from voteboard.core.board import hall_board
from voteboard.core.events import Event
from voteboard.core.model import Phase
from voteboard.core.roster import Roster
from voteboard.core.session import utc_now
from voteboard.core.state import AssemblyState, fold_from
from voteboard.core.wording import Translation
from voteboard.journal.store import Journal
from voteboard.net.protocol import Hello
from voteboard.net.standby import Follower, FollowState, FollowStatus
from voteboard.ui.board import BoardWidget
from voteboard.ui.panels.common import ConfirmBar

BANNER_STYLE = (
    "#standby-banner { background: #1f3a93; color: white; font-weight: bold; padding: 10px; }"
)


class StandbyDesk(QObject):
    """Follows the primary desk; `take_over` once the officer confirms."""

    state_changed = Signal(object)  # AssemblyState, as the standby's journal holds it
    status_changed = Signal(object)  # FollowStatus
    _events = Signal(object)  # AssemblyState, from the follower's thread

    def __init__(
        self,
        url: str,
        hello: Hello,
        journal_path: Path,
        roster: Roster,
        *,
        tls: ssl.SSLContext | None = None,
        address: str = "",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.url = url
        self.address = address
        self._hello = hello
        self._tls = tls
        self.state = AssemblyState.initial(roster)
        self.status = FollowStatus(FollowState.CONNECTING)
        self._folded: AssemblyState | None = None
        self.follower = Follower(
            url,
            hello.model_copy(update={"listen": address or None}),
            journal_path,
            on_events=self._arrived,
            on_status=self.status_changed.emit,
            tls=tls,
        )
        self._events.connect(self._show)
        self.status_changed.connect(self._remember)

    def start(self) -> None:
        self.follower.start()

    def _arrived(self, journal: Journal, events: list[Event]) -> None:
        """In the follower's thread: the state after the events just written."""
        if self._folded is None:
            self._folded = journal.state()
        else:
            self._folded = fold_from(self._folded, events)
        self._events.emit(self._folded)

    @Slot(object)
    def _show(self, state: AssemblyState) -> None:
        self.state = state
        self.state_changed.emit(state)

    @Slot(object)
    def _remember(self, status: FollowStatus) -> None:
        self.status = status

    def take_over(self) -> tuple[Journal, int]:
        """Stops following and writes the next epoch: the journal, ready for a desk's
        controller, and the epoch. Raises JournalError when the journal cannot be written."""
        journal = self.follower.stop()
        if journal is None:
            journal = Journal.open(self.follower.journal_path, create=False)
        epoch = journal.begin_epoch(self.address or "the standby desk", utc_now().isoformat())
        fence_old_primary(self.url, self._hello, epoch, self._tls)
        return journal, epoch

    def stop(self) -> None:
        journal = self.follower.stop()
        if journal is not None:
            journal.close()


def fence_old_primary(url: str, hello: Hello, epoch: int, tls: ssl.SSLContext | None) -> bool:
    """Tells the old primary, if it still answers, that a newer epoch began: it stops taking
    anything (its clients come here). True when it was told."""

    async def tell() -> bool:
        async with connect(url, ssl=tls, open_timeout=2, compression=None) as connection:
            await connection.send(hello.model_copy(update={"epoch": epoch}).model_dump_json())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(connection.recv(), 2)
            return True

    try:
        return asyncio.run(tell())
    except (OSError, WebSocketException, TimeoutError, EOFError):
        return False


def describe(status: FollowStatus, url: str) -> str:
    """The primary's state, in words, for the standby's window."""
    if status.state is FollowState.FOLLOWING:
        behind = max(0, status.head - status.seq)
        step = "in step" if behind == 0 else f"behind by {behind} events"
        return (
            f"Following the primary desk at {url}: {status.seq} events held, {step} "
            f"(epoch {status.epoch})."
        )
    if status.state is FollowState.LOST:
        since = dt.datetime.fromtimestamp(status.since or 0).strftime("%H:%M:%S")
        return (
            f"The primary desk at {url} is lost since {since}: this desk holds every event up "
            f"to {status.seq}, and tries again by itself."
        )
    if status.state is FollowState.REFUSED:
        return f"The primary desk at {url} refused this standby: {status.reason}"
    return f"Connecting to the primary desk at {url}…"


class StandbyWindow(QMainWindow):
    """The standby desk's window. Read-only: the only action is Take over (Alt+T, then
    Ctrl+Enter to confirm)."""

    def __init__(
        self,
        desk: StandbyDesk,
        take_over: Callable[[Journal, int], None],
        *,
        translation: Translation | None = None,
    ) -> None:
        super().__init__()
        self.desk = desk
        self._take_over = take_over
        self.setWindowTitle(f"voteboard: STANDBY desk — following {desk.url}")
        host = QWidget()
        self.setCentralWidget(host)
        self.confirm = ConfirmBar(host)
        self.banner = QLabel(
            "STANDBY — this desk follows the primary and takes no command. It takes over only "
            "when the officer says so."
        )
        self.banner.setObjectName("standby-banner")
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setWordWrap(True)
        font = self.banner.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.banner.setFont(font)
        self.primary = QLabel(describe(desk.status, desk.url))
        self.primary.setObjectName("primary-status")
        self.primary.setWordWrap(True)
        self.vote = QLabel()
        self.vote.setObjectName("standby-vote")
        self.vote.setWordWrap(True)
        self.preview = BoardWidget(hall_board(desk.state, dt.date.today()), translation=translation)
        self.preview.setObjectName("standby-preview")
        self.take = QPushButton("Take over as the primary desk… (Alt+T)")
        self.take.setObjectName("take-over")
        self.take.clicked.connect(self.ask_take_over)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(host)
        layout.addWidget(self.banner)
        layout.addWidget(self.primary)
        layout.addWidget(self.vote)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.take, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.message)
        shortcut = QShortcut(QKeySequence("Alt+T"), self)
        shortcut.activated.connect(self.ask_take_over)
        desk.state_changed.connect(self._show_state)
        desk.status_changed.connect(self._show_status)
        self._show_state(desk.state)

    @Slot(object)
    def _show_state(self, state: AssemblyState) -> None:
        self.preview.set_board(hall_board(state, dt.date.today()))
        vote = state.current_vote or state.last_vote
        if vote is None:
            self.vote.setText("No vote yet in the journal.")
            return
        words = f"{vote.spec.symbol}: {vote.phase.value}, {len(vote.voted)} voted."
        if vote.secret and vote.phase in (Phase.OPEN, Phase.PAUSED, Phase.PREPARED):
            held = vote.id in self.desk.follower.keys_held
            words += (
                " Its urn's key is held here, sealed to this desk: it can be counted after a "
                "takeover."
                if held
                else " This desk was not given its urn's key: after a takeover, the vote must "
                "be cancelled and taken again."
            )
        self.vote.setText(words)

    @Slot(object)
    def _show_status(self, status: FollowStatus) -> None:
        self.primary.setText(describe(status, self.desk.url))

    @Slot()
    def ask_take_over(self) -> None:
        status = self.desk.status
        if status.state is FollowState.FOLLOWING:
            warning = (
                "The primary desk is still connected: take over only if it has stopped "
                "working. Two desks at once would split the vote (the old one is told to stop "
                "if it can still be reached)."
            )
        else:
            warning = describe(status, self.desk.url)
        self.confirm.ask(
            self.take,
            f"Take over the journal as the primary desk? {warning}",
            "Take over",
            self._confirmed,
        )

    def _confirmed(self) -> None:
        self.take.setEnabled(False)
        self.message.setText("Taking over…")
        journal, epoch = self.desk.take_over()
        self._take_over(journal, epoch)
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self.take.isEnabled():
            self.desk.stop()
        super().closeEvent(event)
