"""The network seen from Qt: the control process's endpoint tied to its controller, and the
link of a remote board or a console to the control process.

The endpoint and the clients run asyncio in threads of their own (`voteboard.net`); what
crosses to the GUI thread goes through queued signals, and what goes back through the loops'
thread-safe calls. A console's ballot goes through the controller like every command (from
the endpoint's thread straight to the controller's journal thread): the endpoint never writes
the journal itself.
"""

from __future__ import annotations

import datetime as dt
import logging
import ssl
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from voteboard.core.board import Board
from voteboard.core.commands import CastBallot
from voteboard.core.model import Choice
from voteboard.net.client import HallClient, LinkStatus
from voteboard.net.protocol import BoardUpdate, Hello, Refusal, ServerMessage
from voteboard.net.server import CastDone, HallServer
from voteboard.net.standby import StandbyState, StandbyStatus
from voteboard.ui.controller import Controller, Origin

log = logging.getLogger("voteboard.net")


class HallLink(QObject):
    """The control process's endpoint: consoles' ballots to the controller, the boards it
    publishes to every display and console, and who is connected to the control window."""

    connections_changed = Signal(object)  # {"displays": int, "operators": int, "consoles": [..]}
    logged = Signal(str)  # something the operator sees in the network's log
    standby_changed = Signal(object)  # StandbyStatus: where the standby desk stands
    _fenced = Signal(int, str)
    _standby_address = Signal(str)

    def __init__(
        self,
        controller: Controller,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        tls: ssl.SSLContext | None = None,
        insecure_test: bool = False,
        wait_for_standby: bool = True,
        peer_tls: ssl.SSLContext | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent or controller)
        self.controller = controller
        self.connections: dict[str, object] = {"displays": 0, "operators": 0, "consoles": []}
        self.standby = StandbyStatus(StandbyState.NONE)
        self.server = HallServer(
            Path(controller.journal_path),
            controller.roster,
            self._submit_cast,
            host=host,
            port=port,
            tls=tls,
            insecure_test=insecure_test,
            on_connections=self.connections_changed.emit,
            on_event=self.logged.emit,
            epoch=controller.epoch,
            on_fenced=self._fenced.emit,
            on_standby=self.standby_changed.emit,
            on_standby_address=self._standby_address.emit,
            wait_for_standby=wait_for_standby,
            peer=controller.standby_address(),
            peer_tls=peer_tls,
        )
        if controller.fenced_note is not None:
            note = controller.fenced_note
            self.server.fenced = (int(str(note.get("epoch", 0))), str(note.get("desk") or ""))
        self.connections_changed.connect(self._remember)
        self.standby_changed.connect(self._remember_standby)
        self._fenced.connect(controller.fence)
        self._standby_address.connect(controller.note_standby)
        controller.board_changed.connect(self._publish)

    @property
    def url(self) -> str:
        return self.server.url

    def start(self) -> None:
        """Listens (raises ServerError if it cannot), with the current board already there."""
        self.controller.feed_standby(self.server.durable)
        self.server.start()
        self._publish(self.controller.board)

    def stop(self) -> None:
        self.controller.feed_standby(None)
        self.server.stop()

    @Slot(object)
    def _remember_standby(self, status: StandbyStatus) -> None:
        self.standby = status

    @Slot(object)
    def _publish(self, board: Board) -> None:
        self.server.publish(self.controller.state, board)

    @Slot(object)
    def _remember(self, connections: dict[str, object]) -> None:
        self.connections = connections

    def _submit_cast(self, seat: str, choice: Choice, done: CastDone) -> None:
        """In the endpoint's thread: the ballot goes to the controller's journal thread, and
        `done` is told there once it is durable (the acknowledgement does not wait for the
        GUI thread; the boards show it at the next publish)."""
        command = CastBallot(at=self.controller.now(), member=seat, choice=choice)
        self.controller.submit(command, Origin.CONSOLE, on_done=done)


class RemoteLink(QObject):
    """A remote board's or a console's connection to the control process. Messages and the
    connection's status arrive as signals in the GUI thread."""

    message = Signal(object)  # a ServerMessage
    status = Signal(object)  # LinkStatus: connected, reconnecting, refused, replaced

    def __init__(
        self,
        url: str | Sequence[str],
        hello: Hello,
        tls: ssl.SSLContext | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.client = HallClient(url, hello, self.message.emit, self.status.emit, tls)

    def start(self) -> None:
        self.client.start()

    def stop(self) -> None:
        self.client.stop()

    def cast(self, choice: Choice) -> int:
        return self.client.cast(choice)


class RemoteBoard(QObject):
    """What a remote hall board shows: the boards the control process publishes and, when the
    connection is lost, the last one saying so (it must never look live when it is not)."""

    board_changed = Signal(object)  # Board
    said = Signal(str)  # a line for the technicians
    ended = Signal(str)  # refused or replaced, with the reason: a person must act

    def __init__(
        self,
        url: str | Sequence[str],
        hello: Hello,
        initial: Board,
        tls: ssl.SSLContext | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.link = RemoteLink(url, hello, tls, self)
        self.url = url if isinstance(url, str) else " or ".join(url)
        self.initial = initial
        self.board: Board | None = None
        self._refusal = ""
        self.link.message.connect(self._message)
        self.link.status.connect(self._status)

    def start(self) -> None:
        """Shows the board it starts with, saying that it is not connected yet, and connects."""
        note = f"Not connected to the control desk yet ({self.url})"
        self.board_changed.emit(self.initial.model_copy(update={"note": note}))
        self.link.start()

    def stop(self) -> None:
        self.link.stop()

    @Slot(object)
    def _message(self, message: ServerMessage) -> None:
        if isinstance(message, BoardUpdate):
            board = self.board = message.hall_board()
            self.board_changed.emit(board)
            vote = board.vote
            what = f"{vote.symbol} {board.phase.value}, {board.voted} voted"
            self.said.emit(f"board {'waiting' if board.waiting else what}")
        elif isinstance(message, Refusal):
            self._refusal = message.reason

    @Slot(object)
    def _status(self, status: LinkStatus) -> None:
        if status is LinkStatus.CONNECTED:
            self.said.emit(f"connected to {self.url}")
        elif status is LinkStatus.RECONNECTING:
            if self.board is None:
                note = f"Cannot reach the control desk at {self.url}: trying again"
                self.board_changed.emit(self.initial.model_copy(update={"note": note}))
            else:
                self.board_changed.emit(disconnected(self.board, dt.datetime.now()))
            self.said.emit(f"connection to {self.url} lost: reconnecting")
        else:
            self.ended.emit(f"{status}: {self._refusal or 'by the control process'}")


def client_tls(url: str, ca_file: Path | None) -> ssl.SSLContext | None:
    """The TLS context of a wss:// URL: the system's authorities, or the hall's own."""
    if not url.startswith("wss://"):
        return None
    context = ssl.create_default_context(cafile=str(ca_file) if ca_file else None)
    return context


def disconnected(board: Board, since: dt.datetime) -> Board:
    """The last board received, saying that it is no longer live (a remote board must never
    look current when it is not)."""
    words = f"Connection to the control desk lost at {since:%H:%M:%S}: reconnecting"
    return board.model_copy(update={"note": words})
