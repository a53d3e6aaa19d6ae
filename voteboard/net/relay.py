"""A relay of the web's board (`voteboard web`): the page, its overlay, the JSON and the live
feed (net/web.py) served from another machine than the control desk, so that the press room,
the webcast and the world are not served by the desk itself.

A relay is fed by one source:

- a journal on this machine (`--journal`), followed as the hall display follows it (the
  events checked against the hash chain as they are read);
- the control desk (`--connect ws[s]://desk:port --key-file F`), as a remote board, with a
  display's key: the desk sends it the board it sends every remote board;
- another relay (`--connect ws[s]://relay:port/live`), through the public feed of its pages
  (in English, where the board's own words are): relays follow relays without a key.

When its source is lost, a relay goes on serving the last board and its pages say since when it
has lost the desk; when the source comes back, they have the board again at once.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError
from websockets.asyncio.client import connect
from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import InvalidURI, WebSocketException

from voteboard.core.board import Board, hall_board, waiting_board
from voteboard.journal.follow import JournalFollower
from voteboard.journal.store import JournalError
from voteboard.net.client import RETRY_S, HallClient, LinkStatus
from voteboard.net.protocol import (
    MAX_MESSAGE_BYTES,
    PAGE_ADAPTER,
    BoardUpdate,
    Hello,
    PageUpdate,
    Refusal,
    ServerMessage,
)
from voteboard.net.web import MAX_VIEWERS, MAX_VIEWERS_PER_ADDRESS, WebFront, cancel
from voteboard.resources import un_names, un_roster

log = logging.getLogger("voteboard.relay")

POLL_S = 0.05
"""How often a journal is looked at (one read of SQLite's data_version when nothing changed)."""
MAX_PAGE_BYTES = 1 << 20
"""What a relay takes in one message from the relay it follows (a board of 193 is 15 kB)."""

Tell = Callable[[str], None]


class SourceRefused(Exception):
    """The source will not serve this relay (a key refused, a certificate not trusted)."""


class JournalSource:
    """A journal on this machine, which the control desk writes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._follower = JournalFollower(path)
        self._problem: str | None = None

    def describe(self) -> str:
        return f"the journal {self.path}"

    async def first(self, front: WebFront, tell: Tell) -> None:
        """Reads the journal once, before the relay listens: its first page and its JSON are
        the journal's board, never an empty one."""
        if not self.path.exists():
            tell(f"waiting for a journal at {self.path}")
            front.publish(BoardUpdate.of(_waiting()))
        await self._poll(front, tell)

    async def follow(self, front: WebFront, tell: Tell) -> None:
        try:
            while True:
                await asyncio.sleep(POLL_S)
                await self._poll(front, tell)
        finally:
            self._follower.close()

    async def _poll(self, front: WebFront, tell: Tell) -> None:
        try:
            changed = await asyncio.to_thread(self._follower.poll)
        except JournalError as exc:
            if str(exc) != self._problem:
                self._problem = str(exc)
                tell(f"the journal cannot be read: {self._problem}")
                front.set_live(False)
            return
        if self._problem is not None:
            tell(f"the journal reads again: {self.path}")
            self._problem = None
            front.set_live(True)
        state = self._follower.state
        if changed and state is not None:
            front.publish(BoardUpdate.of(hall_board(state, dt.date.today())))


@dataclass(frozen=True)
class DeskSource:
    """The control desk, as a remote board is fed (its own thread: `HallClient`)."""

    url: str
    hello: Hello
    tls: ssl.SSLContext | None = None
    standby: str | None = None
    """The standby desk's address: the relay moves there by itself when it takes over."""

    def describe(self) -> str:
        also = f" (or its standby at {self.standby})" if self.standby else ""
        return f"the control desk at {self.url}{also}"

    async def follow(self, front: WebFront, tell: Tell) -> None:
        loop = asyncio.get_running_loop()
        refused: asyncio.Future[str] = loop.create_future()
        last_refusal = ""

        def message(message: ServerMessage) -> None:  # in the client's thread
            nonlocal last_refusal
            if isinstance(message, BoardUpdate):
                loop.call_soon_threadsafe(self._board, message, front, tell)
            elif isinstance(message, Refusal):
                last_refusal = message.reason

        def status(status: LinkStatus) -> None:  # in the client's thread
            loop.call_soon_threadsafe(self._status, status, front, tell, refused, last_refusal)

        front.set_live(False)
        urls = [self.url] if self.standby is None else [self.url, self.standby]
        client = HallClient(urls, self.hello, message, status, self.tls)
        client.start()
        try:
            reason = await refused
        finally:
            await asyncio.to_thread(client.stop)
        raise SourceRefused(reason)

    def _board(self, update: BoardUpdate, front: WebFront, tell: Tell) -> None:
        # Live again with the desk's first board after a reconnection, not with its welcome:
        # the last board must not be shown as live for the moment between the two.
        front.publish(update)
        if not front.live:
            front.set_live(True)
            tell(f"connected to {self.url}")

    def _status(
        self,
        status: LinkStatus,
        front: WebFront,
        tell: Tell,
        refused: asyncio.Future[str],
        reason: str,
    ) -> None:
        if status is LinkStatus.RECONNECTING:
            if front.live:
                tell(f"lost the control desk at {self.url}: reconnecting")
            front.set_live(False)
        elif status is not LinkStatus.CONNECTED and not refused.done():
            front.set_live(False)
            refused.set_result(f"{self.url}: {status}: {reason or 'by the control desk'}")


@dataclass(frozen=True)
class RelaySource:
    """Another relay (or the desk's) public feed of pages, in English."""

    url: str
    tls: ssl.SSLContext | None = None

    def describe(self) -> str:
        return f"the relay at {self.url}"

    async def follow(self, front: WebFront, tell: Tell) -> None:
        front.set_live(False)
        attempt = 0
        url = self.url.partition("?")[0] + "?lang=en"
        while True:
            try:
                async with connect(
                    url, ssl=self.tls, open_timeout=3, compression=None, max_size=MAX_PAGE_BYTES
                ) as connection:
                    attempt = 0
                    said = False
                    async for raw in connection:
                        try:
                            page = PAGE_ADAPTER.validate_json(raw)
                        except ValidationError:
                            continue
                        if isinstance(page, PageUpdate):
                            front.publish(page.board_update())
                            front.set_live(page.view.live)
                            if not said:  # once it has the board to serve
                                tell(f"connected to {self.url}")
                                said = True
            except ssl.SSLCertVerificationError as exc:
                raise SourceRefused(
                    f"{self.url}: its certificate is not trusted ({exc.verify_message})"
                ) from None
            except InvalidURI as exc:
                raise SourceRefused(str(exc)) from None
            except (OSError, WebSocketException, TimeoutError):
                pass
            if front.live:
                tell(f"lost the relay at {self.url}: reconnecting")
            front.set_live(False)
            await asyncio.sleep(RETRY_S[min(attempt, len(RETRY_S) - 1)])
            attempt += 1


Source = JournalSource | DeskSource | RelaySource


def _waiting() -> Board:
    roster = un_roster()
    return waiting_board(roster, roster.without_right_to_vote, dt.date.today())


class Relay:
    """Serves the web's board from a source until `stop` is set."""

    def __init__(
        self,
        source: Source,
        *,
        host: str,
        port: int,
        tls: ssl.SSLContext | None = None,
        max_viewers: int = MAX_VIEWERS,
        max_per_address: int = MAX_VIEWERS_PER_ADDRESS,
        tell: Tell = log.info,
    ) -> None:
        self.source, self.host, self.port, self.tls = source, host, port, tls
        self.tell = tell
        self.front = WebFront(
            un_names(), endpoint=False, max_viewers=max_viewers, max_per_address=max_per_address
        )
        self.listening = asyncio.Event()

    @property
    def url(self) -> str:
        scheme = "https" if self.tls else "http"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{host}:{self.port}"

    async def run(self, stop: asyncio.Event) -> None:
        """Listens, follows the source and serves, until `stop`; raises SourceRefused when the
        source will not serve it, OSError when it cannot listen."""
        if isinstance(self.source, JournalSource):
            await self.source.first(self.front, self.tell)
        server = await serve(
            self._handle,
            self.host,
            self.port,
            ssl=self.tls,
            max_size=MAX_MESSAGE_BYTES,
            max_queue=4,
            compression=None,
            ping_interval=20,
            ping_timeout=20,
            process_request=self.front.process_request,
        )
        if server.sockets:
            self.port = server.sockets[0].getsockname()[1]
        self.listening.set()
        ticking = asyncio.create_task(self.front.run())
        following = asyncio.create_task(self.source.follow(self.front, self.tell))
        stopping = asyncio.create_task(stop.wait())
        try:
            await asyncio.wait({following, stopping}, return_when=asyncio.FIRST_COMPLETED)
            if following.done():
                following.result()  # the source's refusal, raised
        finally:
            for task in (following, stopping):
                await cancel(task)
            await cancel(ticking)
            server.close()
            await server.wait_closed()

    async def _handle(self, connection: ServerConnection) -> None:
        await self.front.serve(connection)
