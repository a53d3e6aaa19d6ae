"""The control process's WebSocket endpoint: remote boards, seats' consoles, an operator.

It runs an asyncio loop in its own thread (the `websockets` library). Every connection
authenticates first with its key (checked against the hashes in the journal); a console votes
only for the seat of its key, through the same path as every command (`submit_cast`, which
the control process routes to its controller); the ballot is acknowledged once it is durable.
Everything else is refused with a reason, logged, and changes nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import logging
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError
from websockets.asyncio.server import Server, ServerConnection, broadcast, serve
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from voteboard.core.board import Board
from voteboard.core.errors import where_and_why
from voteboard.core.model import Choice, Phase
from voteboard.core.roles import Role
from voteboard.core.roster import Roster
from voteboard.core.state import AssemblyState
from voteboard.journal.store import Journal, key_hash
from voteboard.net.loop import LoopThread
from voteboard.net.protocol import (
    CLIENT_ADAPTER,
    MAX_MESSAGE_BYTES,
    PROTOCOL_VERSION,
    Ack,
    BoardUpdate,
    Cast,
    Hello,
    Refusal,
    Replaced,
    SeatState,
    Welcome,
)
from voteboard.net.standby import Feed, Release, StandbyStatus, ask_desk
from voteboard.net.web import WebFront, cancel
from voteboard.resources import un_names

log = logging.getLogger("voteboard.net")

AUTH_TIMEOUT_S = 5.0
PEER_CHECK_S = 2.0
"""How often a desk that knows of a standby and has it not connected asks the standby's address
for its epoch (a standby that took over fences this desk)."""
KEYS_CHECK_S = 2.0
"""How often the keys of the connections open are checked again (a revoked key's
connection ends within this time)."""
RATE_PER_S = 10.0
BURST = 20.0
DESK_VIEWERS = 100
"""Web pages the desk itself feeds: the hall's own screens and a few more. The press, the
webcast and the world are fed by relays (`voteboard web`), never by the desk."""
FLOOD_CLOSE = 50
"""Messages refused for the rate in a row before the connection is closed."""

CastDone = Callable[[str | None], None]
"""Called with None once the ballot is durable, or with the reason it was refused."""
SubmitCast = Callable[[str, Choice, CastDone], None]


class ServerError(Exception):
    """The endpoint cannot start (address taken, no TLS on a hall network, a bad certificate)."""


def is_loopback(host: str) -> bool:
    """Whether every address the host name stands for is a loopback address (a name is
    resolved: one that begins with "127." may well be a hall's address)."""
    try:
        infos = socket.getaddrinfo(host, None)
    except (OSError, UnicodeError):
        return False
    addresses = {info[4][0] for info in infos}
    return bool(addresses) and all(
        ipaddress.ip_address(str(a).split("%")[0]).is_loopback for a in addresses
    )


def probe_listen(host: str, port: int) -> None:
    """Refuses (`ServerError`) an address that cannot be listened on: unknown, not this
    machine's, or its port taken. Checked before anything else is done (a journal made)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (OSError, UnicodeError) as exc:
        raise ServerError(f"--listen {host}:{port}: unknown address ({exc})") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise ServerError(f"--listen {host}:{port}: {exc.strerror or exc}") from None


def tls_context(cert: Path, key: Path) -> ssl.SSLContext:
    """The endpoint's TLS context from a PEM certificate and its key; ServerError when they cannot
    be used."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        context.load_cert_chain(cert, key)
    except (OSError, ssl.SSLError) as exc:
        raise ServerError(
            f"the certificate {cert} or its key {key} cannot be used ({exc})"
        ) from None
    return context


@dataclass(eq=False)  # one per connection: compared and hashed by identity
class _Client:
    connection: ServerConnection
    role: Role
    seat: str | None
    key: str
    tokens: float = BURST
    last: float = field(default_factory=time.monotonic)
    flooded: int = 0
    shown: str = ""
    basis: tuple[object, ...] = ()
    ending: bool = False
    """Closed by the endpoint: what it still sends is read (so that its closing reply is
    seen behind a flood) and ignored."""

    def allow(self) -> bool:
        """A token bucket: RATE_PER_S messages a second, bursts of BURST."""
        now = time.monotonic()
        self.tokens = min(BURST, self.tokens + (now - self.last) * RATE_PER_S)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            self.flooded = 0
            return True
        self.flooded += 1
        return False


class HallServer(LoopThread):
    """The endpoint. `start` returns once it listens (or raises ServerError)."""

    def __init__(
        self,
        journal_path: Path,
        roster: Roster,
        submit_cast: SubmitCast,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        tls: ssl.SSLContext | None = None,
        insecure_test: bool = False,
        on_connections: Callable[[dict[str, object]], None] | None = None,
        on_event: Callable[[str], None] | None = None,
        max_viewers: int = DESK_VIEWERS,
        epoch: int = 1,
        on_fenced: Callable[[int, str], None] | None = None,
        on_standby: Callable[[StandbyStatus], None] | None = None,
        on_standby_address: Callable[[str], None] | None = None,
        wait_for_standby: bool = True,
        peer: str | None = None,
        peer_tls: ssl.SSLContext | None = None,
    ) -> None:
        if tls is None and not is_loopback(host) and not insecure_test:
            raise ServerError(
                f"{host} is not a loopback address: a hall network needs TLS "
                "(--tls-cert and --tls-key)"
            )
        self.journal_path = journal_path
        self.roster = roster
        self.host, self.port, self.tls = host, port, tls
        self._submit_cast = submit_cast
        self.epoch = epoch
        self.fenced: tuple[int, str] | None = None
        """Another desk took over (its epoch, its address): this one acts no more."""
        self._on_fenced = on_fenced
        self.peer, self._peer_tls = peer, peer_tls
        self._on_standby_address = on_standby_address
        self.feed = Feed(
            journal_path,
            wait_for_standby=wait_for_standby,
            on_status=on_standby,
            on_standby=self._standby_at,
        )
        self._on_connections = on_connections
        self._on_event = on_event
        super().__init__("voteboard-net")
        self._ready = threading.Event()
        self._failure: BaseException | None = None
        self._server: Server | None = None
        self._stop: asyncio.Event | None = None
        self._keys: Journal | None = None
        self._displays: set[_Client] = set()
        self._consoles: dict[str, _Client] = {}
        self._operators: set[_Client] = set()
        self._board_text: str | None = None
        self._state: AssemblyState | None = None
        self.web = WebFront(
            un_names(),
            endpoint=True,
            max_viewers=max_viewers,
            on_viewers=lambda _: self._changed(),
        )
        """The board on the web, on the same port (net/web.py): the page, `/live`, the JSON."""

    # ---- life --------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        scheme = "wss" if self.tls else "ws"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{host}:{self.port}"

    def start(self) -> None:
        self._thread.start()
        self._ready.wait()
        if self._failure is not None:
            raise ServerError(f"cannot listen on {self.host}:{self.port} ({self._failure})")

    def stop(self) -> None:
        if self._thread.is_alive() and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
            self._thread.join(timeout=10)

    async def _main(self) -> None:
        self._stop = asyncio.Event()
        try:
            self._keys = Journal.open(self.journal_path, readonly=True, check=False, create=False)
            self._server = await serve(
                self._handle,
                self.host,
                self.port,
                ssl=self.tls,
                max_size=MAX_MESSAGE_BYTES,
                max_queue=16,
                compression=None,
                ping_interval=5,
                ping_timeout=10,
                process_request=self._process_request,
            )
        except Exception as exc:  # reported to the thread that starts the server
            self._failure = exc
            self._ready.set()
            return
        self.port = self._server.sockets[0].getsockname()[1] if self._server.sockets else self.port
        self._ready.set()
        checking = asyncio.get_running_loop().create_task(self._check_keys())
        peering = asyncio.get_running_loop().create_task(self._watch_peer())
        ticking = asyncio.get_running_loop().create_task(self.web.run())
        try:
            await self._stop.wait()
        finally:
            checking.cancel()
            peering.cancel()
            await cancel(ticking)
            self._server.close()
            await self._server.wait_closed()
            self._keys.close()

    # ---- from the control process (any thread) -----------------------------------------------

    def publish(self, state: AssemblyState, board: Board) -> None:
        """The state and board just shown in the hall: sent to every display and console."""
        if self._loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # the loop is closing
            self._loop.call_soon_threadsafe(self._publish, state, board)

    def durable(self, seq: int, releases: list[Release]) -> None:
        """From the journal's thread: everything up to `seq` is durable here; `releases`
        acknowledge the consoles' ballots, now or once the standby keeps them too."""
        if self._loop.is_closed():
            for release in releases:
                release()
            return
        try:
            self._loop.call_soon_threadsafe(self.feed.durable, seq, releases)
        except RuntimeError:  # the loop is closing: nobody to wait for
            for release in releases:
                release()

    def fence(self, epoch: int, desk: str) -> None:
        """Another desk took over (from any thread): nothing more is taken, every client is
        sent to the other desk."""
        with contextlib.suppress(RuntimeError):
            self._loop.call_soon_threadsafe(self._fence, epoch, desk)

    def connections(self) -> dict[str, object]:
        return {
            "displays": len(self._displays),
            "operators": len(self._operators),
            "consoles": sorted(self._consoles),
            "viewers": self.web.viewers,
        }

    # ---- in the server's thread --------------------------------------------------------------

    def _process_request(self, connection: ServerConnection, request: Request) -> Response | None:
        if request.path.partition("?")[0] == "/desk.json":
            seq = self._keys.head[0] if self._keys is not None else 0
            body = json.dumps(
                {
                    "epoch": self.fenced[0] if self.fenced else self.epoch,
                    "acting": self.fenced is None,
                    "desk_epoch": self.epoch,
                    "journal_id": self._keys.journal_id if self._keys is not None else "",
                    "opened_at_event": seq,
                    "taken_over_by": self.fenced[1] if self.fenced else None,
                }
            ).encode()
            headers = Headers(
                [
                    ("Content-Type", "application/json"),
                    ("Content-Length", str(len(body))),
                    ("Cache-Control", "no-store"),
                ]
            )
            return Response(200, "OK", headers, body)
        return self.web.process_request(connection, request)

    def _fence(self, epoch: int, desk: str) -> None:
        if self.fenced is not None and self.fenced[0] >= epoch:
            return
        self.fenced = (epoch, desk)
        where = f" at {desk}" if desk else ""
        self._tell(
            f"another desk{where} took over (epoch {epoch}): this desk takes nothing more",
            warning=True,
        )
        refusal = Refusal(reason=self._fenced_words(), epoch=epoch).model_dump_json()
        for client in [*self._consoles.values(), *self._displays, *self._operators]:
            client.ending = True
            broadcast([client.connection], refusal)
            self._end(client, "another desk took over")
        if self._on_fenced is not None:
            self._on_fenced(epoch, desk)

    def _fenced_words(self) -> str:
        assert self.fenced is not None
        epoch, desk = self.fenced
        where = f" at {desk}" if desk else ""
        return f"this desk was taken over by the desk{where} (epoch {epoch}): go there"

    def _standby_at(self, address: str) -> None:
        if address != self.peer:
            self.peer = address
            if self._on_standby_address is not None:
                self._on_standby_address(address)

    async def _watch_peer(self) -> None:
        """While no standby follows this desk, its last known address is asked for its epoch:
        a standby that took over while this desk was away fences it."""
        while True:
            if self.peer and self.fenced is None and self.feed.state.value in ("none", "lost"):
                answer = await asyncio.to_thread(ask_desk, self.peer, self._peer_tls)
                same = answer is not None and (
                    self._keys is None or answer.get("journal_id") == self._keys.journal_id
                )
                if same and answer is not None:
                    epoch = answer.get("epoch")
                    if isinstance(epoch, int) and epoch > self.epoch and answer.get("acting"):
                        self._fence(epoch, self.peer)
            await asyncio.sleep(PEER_CHECK_S)

    def _publish(self, state: AssemblyState, board: Board) -> None:
        self._state = state
        update = BoardUpdate.of(board)
        self._board_text = update.model_dump_json()
        # The boards first, the same frame to all (no compression: one encoding, not one per
        # connection); then the seats whose own state changed (a ballot changes one seat).
        broadcast([c.connection for c in (*self._displays, *self._operators)], self._board_text)
        for client in list(self._consoles.values()):
            self._send_seat(client)
        # The web's pages last: a page's words are made for its language, after the hall's
        # boards and the consoles have theirs.
        self.web.publish(update)

    def _seat_state(self, seat: str) -> SeatState:
        member = self.roster.get(seat)
        name = member.name if member else seat
        state = self._state
        vote = None if state is None else (state.current_vote or state.last_vote)
        if vote is None:
            return SeatState(seat=seat, name=name, symbol=None)
        own = vote.light(seat)  # a secret ballot's holds no choice: only that it voted
        can_vote = (
            vote.phase is Phase.OPEN
            and seat not in vote.ineligible
            and not (vote.secret and seat in vote.voted)
        )
        return SeatState(
            seat=seat,
            name=name,
            symbol=vote.spec.symbol,
            title=vote.spec.title,
            mode=vote.spec.mode,
            phase=vote.phase,
            can_vote=can_vote,
            own=own,
        )

    def _seat_basis(self, seat: str) -> tuple[object, ...]:
        """What a seat's state is made of, read cheaply: its message is made again only when
        this changes (making all 193 at every publish cost 1.7 ms of the endpoint's thread)."""
        state = self._state
        vote = None if state is None else (state.current_vote or state.last_vote)
        if vote is None:
            return ()
        return (
            vote.id,
            vote.phase,
            seat in vote.ineligible,
            seat in vote.voted,
            None if vote.secret else vote.ballots.get(seat),
        )

    def _send_seat(self, client: _Client) -> None:
        assert client.seat is not None
        basis = self._seat_basis(client.seat)
        if basis == client.basis and client.shown:
            return
        client.basis = basis
        text = self._seat_state(client.seat).model_dump_json()
        if text != client.shown:
            client.shown = text
            self._send(client, text)

    def _send(self, client: _Client, text: str) -> None:
        """Written at once, in order, without a task (an open connection's buffer takes it)."""
        broadcast([client.connection], text)

    def _changed(self) -> None:
        if self._on_connections is not None:
            self._on_connections(self.connections())

    def _tell(self, text: str, warning: bool = False, operator: bool = True) -> None:
        """A line of the network's log, for the technicians and (unless it is routine) for the
        operator. Never a choice: no line pairs a seat with a ballot."""
        log.log(logging.WARNING if warning else logging.INFO, "%s", text)
        if operator and self._on_event is not None:
            self._on_event(text)

    @staticmethod
    def _who(client: _Client) -> str:
        return f"console {client.seat}" if client.seat else client.role

    async def _refuse(
        self,
        connection: ServerConnection,
        reason: str,
        ref: int | None = None,
        close: bool = False,
        quiet: bool = False,
    ) -> None:
        if not quiet:
            self._tell(f"refused {_peer(connection)}: {reason}", warning=True)
        with contextlib.suppress(ConnectionClosed):
            await connection.send(Refusal(ref=ref, reason=reason).model_dump_json())
            if close:
                await connection.close(1008, reason[:120])

    async def _handle(self, connection: ServerConnection) -> None:
        request = connection.request
        if request is not None and request.path.partition("?")[0] == "/live":
            await self.web.serve(connection)  # a web page: the public board, no key
            return
        client = await self._authenticate(connection)
        if client is None:
            return
        try:
            async for raw in connection:
                await self._message(client, raw)
        except ConnectionClosed:
            pass
        finally:
            self._forget(client)

    async def _authenticate(self, connection: ServerConnection) -> _Client | None:
        try:
            raw = await asyncio.wait_for(connection.recv(), AUTH_TIMEOUT_S)
        except TimeoutError:
            await self._refuse(connection, "no hello within 5 s: authenticate first", close=True)
            return None
        except ConnectionClosed:
            return None
        try:
            hello = CLIENT_ADAPTER.validate_json(raw)
        except ValidationError:
            hello = None
        if not isinstance(hello, Hello):
            await self._refuse(
                connection, "authenticate first: the first message is a hello", close=True
            )
            return None
        if hello.protocol != PROTOCOL_VERSION:
            await self._refuse(
                connection,
                f"protocol {hello.protocol} is not spoken here: this control process speaks "
                f"{PROTOCOL_VERSION}",
                close=True,
            )
            return None
        assert self._keys is not None
        holder = self._keys.key_holder(hello.role, hello.key)
        wanted = hello.seat if hello.role is Role.CONSOLE else hello.role
        if holder is None or holder != wanted:
            what = f"seat {hello.seat}" if hello.role is Role.CONSOLE else f"a {hello.role}"
            await self._refuse(
                connection, f"the key is not valid for {what} (wrong, or revoked)", close=True
            )
            return None
        if hello.epoch > self.epoch:
            # The client has seen a newer desk: this one was taken over while it was away.
            self._fence(hello.epoch, "")
        if self.fenced is not None:
            await self._send_refusal(connection, self._fenced_words(), self.fenced[0])
            return None
        if hello.role is Role.STANDBY:
            await self._follow(connection, hello)
            return None
        client = _Client(connection, hello.role, hello.seat, hello.key)
        # The welcome and the first state are written, and the client joined to those who
        # receive the boards, with no pause in between (no await): no publish can come
        # before the welcome or fall between the first state and the next.
        welcome = Welcome(role=hello.role, seat=hello.seat, epoch=self.epoch)
        broadcast([connection], welcome.model_dump_json())
        if client.seat is not None:
            client.basis = self._seat_basis(client.seat)
            client.shown = self._seat_state(client.seat).model_dump_json()
            broadcast([connection], client.shown)
        elif self._board_text is not None:
            broadcast([connection], self._board_text)
        if client.seat is not None:
            older = self._consoles.get(client.seat)
            self._consoles[client.seat] = client
            if older is not None:
                self._tell(
                    f"console {client.seat}: a new connection replaced the older one "
                    f"(from {_peer(older.connection)}, now {_peer(connection)})",
                    warning=True,
                )
                older.ending = True
                broadcast([older.connection], Replaced().model_dump_json())
                # Not awaited: an older connection whose peer is gone takes its time to close.
                self._soon(older.connection.close(1000, "replaced by a newer connection"))
        elif hello.role is Role.DISPLAY:
            self._displays.add(client)
        else:
            self._operators.add(client)
        # 193 consoles connecting are routine: the register and the counts show them; a
        # console lost during a vote, or a board connecting, is news for the operator.
        self._tell(
            f"{self._who(client)} connected from {_peer(connection)}",
            operator=client.seat is None,
        )
        self._changed()
        return client

    async def _send_refusal(self, connection: ServerConnection, reason: str, epoch: int) -> None:
        with contextlib.suppress(ConnectionClosed):
            await connection.send(Refusal(reason=reason, epoch=epoch).model_dump_json())
            await connection.close(1008, "another desk took over")

    async def _follow(self, connection: ServerConnection, hello: Hello) -> None:
        """The standby desk: fed the journal until its connection ends."""
        assert self._keys is not None
        problem = self.feed.refuse_why(hello, self._keys)
        if problem is not None:
            await self._refuse(connection, problem, close=True)
            return
        await connection.send(Welcome(role=Role.STANDBY, epoch=self.epoch).model_dump_json())
        self._tell(f"the standby desk connected from {_peer(connection)}")
        try:
            await self.feed.follow(connection, hello, self._keys)
        finally:
            self._tell(f"the standby desk at {_peer(connection)} disconnected", warning=True)

    async def _check_keys(self) -> None:
        """Every KEYS_CHECK_S, each open connection's key is checked again: a key revoked
        (by `voteboard seats revoke`, from another process) ends its connection."""
        assert self._keys is not None
        while True:
            await asyncio.sleep(KEYS_CHECK_S)
            valid = self._keys.valid_keys()  # one read for every connection
            standby = self.feed.connection
            if standby is not None and valid.get(key_hash(self.feed.key)) != (
                Role.STANDBY,
                Role.STANDBY,
            ):
                self._tell("the standby desk: its key was revoked; disconnected", True)
                self._soon(standby.close(1008, "key revoked"))
            clients = [*self._consoles.values(), *self._displays, *self._operators]
            for client in clients:
                wanted = client.seat if client.role is Role.CONSOLE else client.role
                if client.ending or valid.get(key_hash(client.key)) == (wanted, client.role):
                    continue
                client.ending = True
                what = f"seat {client.seat}" if client.seat else f"the {client.role}"
                broadcast(
                    [client.connection],
                    Refusal(reason=f"the key of {what} was revoked").model_dump_json(),
                )
                self._tell(f"{self._who(client)}: its key was revoked; disconnected", True)
                self._forget(client)
                self._end(client, "key revoked")

    def _end(self, client: _Client, why: str) -> None:
        """Closes a connection without waiting here: its handler goes on reading until the
        other side's closing reply arrives."""
        self._soon(client.connection.close(1008, why))

    def _forget(self, client: _Client) -> None:
        if client.seat is not None and self._consoles.get(client.seat) is client:
            del self._consoles[client.seat]
            self._tell(f"{self._who(client)} disconnected")
        elif client in self._displays or client in self._operators:
            self._tell(f"{self._who(client)} at {_peer(client.connection)} disconnected")
        self._displays.discard(client)
        self._operators.discard(client)
        self._changed()

    async def _message(self, client: _Client, raw: str | bytes) -> None:
        connection = client.connection
        if client.ending:
            return
        if not client.allow():
            client.ending = client.flooded > FLOOD_CLOSE
            await self._refuse(
                connection,
                "too many messages: slow down",
                quiet=client.flooded not in (1, FLOOD_CLOSE + 1),  # a line when it starts, ends
            )
            if client.ending:
                self._end(client, "flooding")
            return
        try:
            message = CLIENT_ADAPTER.validate_json(raw)
        except ValidationError as exc:
            _, problem, words = where_and_why(exc)
            kind = "not JSON" if problem == "json_invalid" else words
            await self._refuse(connection, f"malformed message: {kind}")
            return
        if isinstance(message, Hello):
            await self._refuse(connection, "already authenticated")
            return
        assert isinstance(message, Cast)
        if client.role is not Role.CONSOLE or client.seat is None:
            await self._refuse(connection, f"a {client.role} does not vote", ref=message.ref)
            return
        assert self._keys is not None
        if self._consoles.get(client.seat) is not client:
            await self._refuse(connection, "this connection was replaced", ref=message.ref)
            return
        if self._keys.key_holder(Role.CONSOLE, client.key) != client.seat:
            # Revoked while connected: the connection ends with its key.
            client.ending = True
            await self._refuse(
                connection, f"the key of seat {client.seat} was revoked", message.ref
            )
            self._end(client, "key revoked")
            return
        seat, ref = client.seat, message.ref

        def done(error: str | None) -> None:  # from the control process's thread
            reply = Ack(ref=ref) if error is None else Refusal(ref=ref, reason=error)
            if error is not None:
                self._tell(f"refused console {seat}: {error}", warning=True)
            with contextlib.suppress(RuntimeError):
                self._loop.call_soon_threadsafe(self._send, client, reply.model_dump_json())

        self._submit_cast(seat, message.choice, done)


def _peer(connection: ServerConnection) -> str:
    address = connection.remote_address
    return f"{address[0]}:{address[1]}" if address else "?"
