"""The two desks: the primary's journal fed live to a standby desk, and the standby's side.

The primary (`Feed`, in the endpoint's loop) sends its chain's rows after the last the standby
holds (`journal/replica.py`), as soon as they are durable, and each open secret ballot's key
sealed to the standby's own public key. The standby (`Follower`, a loop of its own) checks and
writes every row, and says `kept` with the last it holds. While the standby is attached (in
step, and answering within STANDBY_WAIT_S), a console's ballot is acknowledged only once the
standby keeps it too: a ballot acknowledged is on both desks' disks. A standby that falls
behind or is lost is detached (the primary goes on alone, and says so), and attached again
once it has caught up.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import ssl
import time
import urllib.request
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from pydantic import ValidationError
from websockets.asyncio.client import connect
from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed, InvalidURI, WebSocketException

from voteboard.core.events import Event
from voteboard.journal import replica, seal
from voteboard.journal.replica import Batch, ReplicaError
from voteboard.journal.seal import SealError
from voteboard.journal.store import Journal, JournalError
from voteboard.net.loop import LoopThread
from voteboard.net.protocol import (
    CLIENT_ADAPTER,
    SERVER_ADAPTER,
    Hello,
    Kept,
    Origin,
    Refusal,
    Rows,
    Welcome,
)

log = logging.getLogger("voteboard.net")

STANDBY_WAIT_S = 1.0
"""How long a console's acknowledgement waits for the standby before the standby is detached
and the primary acknowledges alone."""
TABLES_EVERY_S = 1.0
"""How often the primary looks whether its keys or its agenda changed (from another process:
`voteboard seats issue`), to send them to the standby."""
MAX_ROWS_BYTES = 64 * 1024 * 1024
RETRY_S = (0.2, 0.5, 1.0, 2.0)

Release = Callable[[], None]


class StandbyState(StrEnum):
    """Where the standby stands, as the primary sees it (and the standby of itself)."""

    NONE = "none"
    """No standby has connected."""
    CATCHING_UP = "catching up"
    FOLLOWING = "following"
    """In step: every acknowledgement waits for it."""
    BEHIND = "behind"
    """Connected but too slow: detached, the primary acknowledges alone."""
    LOST = "lost"


@dataclass(frozen=True)
class StandbyStatus:
    """What the control window says of the other desk."""

    state: StandbyState
    behind: int = 0
    """Events the standby does not hold yet."""
    since: float | None = None
    """When it was lost or fell behind (time.time())."""
    address: str = ""
    waits: bool = False
    """Whether the consoles' acknowledgements wait for it."""


class Feed:
    """The primary's side, in the endpoint's loop: one standby at a time, and the
    acknowledgements held for it."""

    def __init__(
        self,
        journal_path: Path,
        *,
        wait_for_standby: bool = True,
        on_status: Callable[[StandbyStatus], None] | None = None,
        on_standby: Callable[[str], None] | None = None,
    ) -> None:
        self.journal_path = journal_path
        self.wait_for_standby = wait_for_standby
        self._on_status = on_status
        self._on_standby = on_standby
        self._connection: ServerConnection | None = None
        self.key = ""
        """The key the standby connected with (checked again with every other key)."""
        self.head = 0
        self.kept = 0
        self.attached = False
        self.state = StandbyState.NONE
        self.since: float | None = None
        self.address = ""
        self._held: deque[tuple[int, list[Release]]] = deque()
        self._timer: asyncio.TimerHandle | None = None
        self._wake = asyncio.Event()

    # ---- the acknowledgements (from the journal's thread, through the loop) -------------------

    def durable(self, seq: int, releases: Sequence[Release]) -> None:
        """In the loop: the journal holds everything up to `seq`; `releases` acknowledge what
        waits for it, now, or once the standby keeps `seq` too."""
        self.head = max(self.head, seq)
        self._wake.set()
        if not releases:
            return
        if not (self.attached and self.wait_for_standby) or self.kept >= seq:
            # Alone, or the standby already said it keeps `seq` (its `kept` can come back
            # before the journal's thread has told the loop of its own commit).
            for release in releases:
                release()
            return
        self._held.append((seq, list(releases)))
        if self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(STANDBY_WAIT_S, self._too_slow)

    def _release(self, upto: int | None) -> None:
        while self._held and (upto is None or self._held[0][0] <= upto):
            for release in self._held.popleft()[1]:
                release()
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._held:
            self._timer = asyncio.get_running_loop().call_later(STANDBY_WAIT_S, self._too_slow)

    def _too_slow(self) -> None:
        self._timer = None
        if self._held:
            log.warning(
                "the standby did not keep event %d within %.1f s: detached",
                self.kept,
                STANDBY_WAIT_S,
            )
            self._detach(StandbyState.BEHIND)

    def _detach(self, state: StandbyState) -> None:
        self.attached = False
        self._set(state)
        self._release(None)

    def _set(self, state: StandbyState) -> None:
        if state is not self.state:
            self.state = state
            self.since = time.time() if state in (StandbyState.BEHIND, StandbyState.LOST) else None
        self.tell()

    def status(self) -> StandbyStatus:
        return StandbyStatus(
            self.state,
            max(0, self.head - self.kept) if self.state is not StandbyState.NONE else 0,
            self.since,
            self.address,
            self.attached and self.wait_for_standby,
        )

    def tell(self) -> None:
        if self._on_status is not None:
            self._on_status(self.status())

    # ---- a standby's connection -----------------------------------------------------------------

    @property
    def connection(self) -> ServerConnection | None:
        """The standby's connection being fed, if one is."""
        return self._connection

    def refuse_why(self, hello: Hello, journal: Journal) -> str | None:
        """Why a standby's hello cannot be followed: its journal is not a copy of this one."""
        since = hello.since or 0
        seq, _ = replica.stored_head(journal)
        if since > seq:
            return (
                f"the standby's journal holds {since} events, this desk's {seq}: it is not a copy "
                "of this journal (give the standby a new journal)"
            )
        if since and journal.contains_head(since, hello.since_hash or "") is not None:
            return (
                f"the standby's journal differs from this one at event {since}: it is not a copy "
                "of this journal (give the standby a new journal)"
            )
        if hello.seal_to is not None:
            try:
                seal.seal_to_recovery(hello.seal_to, bytes(32), "probe")
            except (ValueError, TypeError):
                return "the standby's public key is not an X25519 key"
        return None

    async def follow(self, connection: ServerConnection, hello: Hello, journal: Journal) -> None:
        """Feeds one standby until its connection ends (a newer standby replaces it)."""
        older = self._connection
        if older is not None:
            self._soon_close(older)
        self._connection = connection
        self.key = hello.key
        self.address = hello.listen or ""
        if hello.listen and self._on_standby is not None:
            self._on_standby(hello.listen)
        if not hello.since:
            origin = Origin(journal_id=journal.journal_id, roster=journal.roster_text())
            await connection.send(origin.model_dump_json())
        self.kept = hello.since or 0
        self.head = max(self.head, replica.stored_head(journal)[0])
        self.attached = False
        self._set(StandbyState.CATCHING_UP)
        sent = self.kept
        sealed: set[str] = set()
        tables: tuple[object, ...] | None = None
        tables_at = 0.0
        reader = Journal.open(self.journal_path, readonly=True, check=False, create=False)
        receiving = asyncio.get_running_loop().create_task(self._receive(connection))
        try:
            while not receiving.done():
                self._wake.clear()
                batch = await asyncio.to_thread(replica.read_after, reader, sent)
                keys = self._sealed_keys(reader, hello.seal_to, sealed)
                message = _rows(batch, keys, self.head)
                now = time.monotonic()
                if now - tables_at >= TABLES_EVERY_S:
                    tables_at = now
                    keys_table, agenda = await asyncio.to_thread(replica.working_tables, reader)
                    if (keys_table, agenda) != tables:
                        tables = (keys_table, agenda)
                        message = message.model_copy(update={"keys": keys_table, "agenda": agenda})
                if batch.rows or keys or message.keys is not None:
                    await connection.send(message.model_dump_json())
                    sent = batch.last or sent
                    self.head = max(self.head, sent)
                if len(batch.rows) >= replica.READ_LIMIT:
                    continue
                waking = asyncio.get_running_loop().create_task(self._wake.wait())
                await asyncio.wait(
                    [waking, receiving], timeout=TABLES_EVERY_S, return_when="FIRST_COMPLETED"
                )
                waking.cancel()
        except ConnectionClosed:
            pass
        finally:
            receiving.cancel()
            reader.close()
            if self._connection is connection:
                self._connection = None
                self._detach(StandbyState.LOST)

    def _sealed_keys(self, reader: Journal, public: str | None, sealed: set[str]) -> dict[str, str]:
        """The keys of the open secret ballots not yet given to this standby, each sealed to
        its public key (a vote whose key this desk does not hold is not given one)."""
        if public is None:
            return {}
        keys = {}
        for vote in replica.open_secret_votes(reader):
            if vote in sealed:
                continue
            key = replica.vote_key(reader, vote)
            if key is not None:
                keys[vote] = replica.b64(seal.seal_to_recovery(public, key, vote))
                sealed.add(vote)
        return keys

    async def _receive(self, connection: ServerConnection) -> None:
        async for raw in connection:
            try:
                message = CLIENT_ADAPTER.validate_json(raw)
            except ValidationError:
                continue
            if isinstance(message, Kept):
                self.kept = max(self.kept, message.seq)
                if self.kept >= self.head:
                    if not self.attached:
                        self.attached = True
                    self._set(StandbyState.FOLLOWING)
                elif self.state is StandbyState.FOLLOWING:
                    self.tell()
                self._release(self.kept)

    def _soon_close(self, connection: ServerConnection) -> None:
        task = asyncio.get_running_loop().create_task(
            connection.close(1000, "replaced by a newer standby")
        )
        task.add_done_callback(lambda _t: None)


def _rows(batch: Batch, keys: dict[str, str], head: int) -> Rows:
    b64 = replica.b64
    return Rows(
        rows=batch.rows,
        urn=[(b64(t), v, b64(s)) for t, v, s in batch.urn],
        recovery=[(v, b64(s)) for v, s in batch.recovery],
        urn_keys=keys,
        ended=batch.ended,
        head=max(head, batch.last),
    )


# ---- the standby's side -------------------------------------------------------------------------


class FollowState(StrEnum):
    """Where the standby's link to the primary stands."""

    CONNECTING = "connecting"
    FOLLOWING = "following"
    LOST = "lost"
    REFUSED = "refused"
    """The primary refused the standby (its key, or a journal that is not a copy)."""


@dataclass(frozen=True)
class FollowStatus:
    """What the standby's window says of the primary."""

    state: FollowState
    seq: int = 0
    """The last event the standby holds."""
    head: int = 0
    """The primary's head when it last sent."""
    since: float | None = None
    reason: str = ""
    epoch: int = 1
    """The primary's epoch."""


class Follower(LoopThread):
    """Follows the primary at `url`: writes its rows to `journal_path` (made from the primary's
    origin when it does not exist), keeps the open secret ballots' keys, and tells
    `on_events` (new events, in the loop's thread) and `on_status`."""

    def __init__(
        self,
        url: str,
        hello: Hello,
        journal_path: Path,
        *,
        on_events: Callable[[Journal, list[Event]], None],
        on_status: Callable[[FollowStatus], None],
        tls: ssl.SSLContext | None = None,
    ) -> None:
        super().__init__("voteboard-standby")
        self.url, self.tls = url, tls
        self.journal_path = journal_path
        self._private = X25519PrivateKey.generate()  # in memory only: a new one at each start
        self._hello = hello.model_copy(update={"seal_to": seal.recovery_public(self._private)})
        self._on_events, self._on_status = on_events, on_status
        self.journal: Journal | None = None
        self._stopping = False
        self._status = FollowStatus(FollowState.CONNECTING)
        self.keys_held: set[str] = set()
        """The open secret ballots whose key this standby was given."""

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> Journal | None:
        """Stops following (before a takeover): the journal is left open, for the desk that
        takes over, once the loop has ended."""
        self._stopping = True
        if self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._cancel)
            self._thread.join(timeout=10)
        return self.journal

    def _cancel(self) -> None:
        for task in asyncio.all_tasks(self._loop):
            task.cancel()

    def _say(self, **changes: Any) -> None:
        fields = {**self._status.__dict__, **changes}
        self._status = FollowStatus(**fields)
        self._on_status(self._status)

    async def _main(self) -> None:
        if self.journal_path.exists():
            try:
                self.journal = Journal.open(self.journal_path, create=False)
            except JournalError as exc:
                self._say(state=FollowState.REFUSED, reason=str(exc))
                return
            self._say(seq=self.journal.head[0])
        attempt = 0
        with contextlib.suppress(asyncio.CancelledError):
            while not self._stopping:
                refused = await self._follow_once()
                if refused is not None:
                    self._say(state=FollowState.REFUSED, reason=refused)
                    return
                if self._stopping:
                    return
                if self._status.state is not FollowState.LOST:
                    self._say(state=FollowState.LOST, since=time.time())
                await asyncio.sleep(RETRY_S[min(attempt, len(RETRY_S) - 1)])
                attempt = attempt + 1 if self._status.seq == 0 else min(attempt + 1, 1)

    async def _follow_once(self) -> str | None:
        """One connection to the primary; the reason when it was refused for good, None when
        it was lost (and is tried again)."""
        journal = self.journal
        since = journal.head if journal is not None else (0, None)
        hello = self._hello.model_copy(
            update={"since": since[0], "since_hash": since[1] if since[0] else None}
        )
        try:
            async with connect(
                self.url, ssl=self.tls, open_timeout=3, compression=None, max_size=MAX_ROWS_BYTES
            ) as connection:
                await connection.send(hello.model_dump_json())
                first = SERVER_ADAPTER.validate_json(await connection.recv())
                if isinstance(first, Refusal):
                    return first.reason
                if not isinstance(first, Welcome):
                    return None
                self._say(state=FollowState.FOLLOWING, since=None, reason="", epoch=first.epoch)
                async for raw in connection:
                    kept = self._take(SERVER_ADAPTER.validate_json(raw))
                    if kept is not None:
                        await connection.send(Kept(seq=kept).model_dump_json())
        except ssl.SSLCertVerificationError as exc:
            return f"the primary's certificate is not trusted ({exc.verify_message})"
        except InvalidURI as exc:
            return str(exc)
        except ReplicaError as exc:
            return f"the primary sent what does not continue this journal: {exc}"
        except JournalError as exc:
            return str(exc)
        except (OSError, WebSocketException, EOFError, TimeoutError, ValidationError):
            return None
        return None

    def _take(self, message: object) -> int | None:
        """A message of the primary, written; the seq to say kept, if any."""
        if isinstance(message, Origin):
            if self.journal is None:
                self.journal = Journal.create_copy(
                    self.journal_path, message.journal_id, message.roster
                )
            elif self.journal.journal_id != message.journal_id:
                raise ReplicaError("the primary's journal is another journal")
            return None
        if not isinstance(message, Rows):
            return None
        journal = self.journal
        if journal is None:
            raise ReplicaError("the primary sent rows before its origin")
        unb64 = replica.unb64
        for vote, sealed in message.urn_keys.items():
            try:
                key = seal.open_from_recovery(self._private, unb64(sealed), vote)
            except SealError as exc:
                raise ReplicaError(str(exc)) from None
            replica.keep_vote_key(journal, vote, key)
            self.keys_held.add(vote)
        batch = Batch(
            rows=[tuple(r) for r in message.rows],  # type: ignore[misc]
            urn=[(unb64(t), v, unb64(s)) for t, v, s in message.urn],
            recovery=[(v, unb64(s)) for v, s in message.recovery],
            ended=list(message.ended),
        )
        events = replica.apply(journal, batch)
        if message.keys is not None or message.agenda is not None:
            replica.set_working_tables(journal, message.keys, message.agenda)
        seq = journal.head[0]
        self._say(seq=seq, head=max(message.head, seq))
        if events:
            self._on_events(journal, events)
        return seq  # every message answered: a journal with nothing new is in step too


def desk_url(url: str) -> str:
    """The address of a desk's `/desk.json` (what any client may ask a desk: its epoch)."""
    http = "https" + url[3:] if url.startswith("wss") else "http" + url[2:]
    return http.rstrip("/") + "/desk.json"


def ask_desk(url: str, tls: ssl.SSLContext | None, timeout: float = 2.0) -> dict[str, Any] | None:
    """A desk's answer to `/desk.json` ({"epoch", "acting", "journal_id"}), None when it
    cannot be reached (blocking: run it in a thread)."""
    try:
        with urllib.request.urlopen(desk_url(url), timeout=timeout, context=tls) as answer:
            data = json.loads(answer.read(4096))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
