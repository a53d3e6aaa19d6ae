"""A client of the control process: a remote board or a seat's console.

It runs an asyncio loop in its own thread, authenticates, and hands every message to a
callback (the Qt side passes it on with a queued signal). A dropped connection is opened
again by itself, and the server sends the full state again: a board that reconnects shows
the right board at once.
"""

from __future__ import annotations

import asyncio
import itertools
import ssl
import threading
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path

from pydantic import ValidationError
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import InvalidURI, WebSocketException

from voteboard.core.model import Choice
from voteboard.limits import MAX_KEY_BYTES, InputError, read_bounded
from voteboard.net.loop import LoopThread
from voteboard.net.protocol import (
    SERVER_ADAPTER,
    Cast,
    Hello,
    Refusal,
    Replaced,
    ServerMessage,
    Welcome,
)
from voteboard.net.standby import ask_desk

RETRY_S = (0.2, 0.5, 1.0, 2.0)
PROBE_S = 3.0
"""How often a client of two desks asks the other desk whether it has taken over."""


class LinkStatus(StrEnum):
    """Where a console's or a remote board's link to the desk stands."""

    CONNECTING = "connecting"
    """Before the first answer of the desk."""
    CONNECTED = "connected"
    RECONNECTING = "reconnecting"
    """The line dropped: trying again, by itself."""
    REFUSED = "refused"
    """A wrong or revoked key, an untrusted certificate: trying again would not help."""
    REPLACED = "replaced"
    """The same seat connected from elsewhere: this link gave way."""


class HallClient(LoopThread):
    """Connects, authenticates, receives; reconnects after a drop (not after a refusal of its
    key or a replacement by a newer connection: those need a person).

    Given the addresses of both desks (the primary and its standby), it connects to the one
    acting with the newest epoch (each desk says so at `/desk.json`), moves by itself when
    its desk is lost or says another took over, and tells every desk the newest epoch it
    knows: a desk that was taken over while it was away learns so from its first client."""

    def __init__(
        self,
        url: str | Sequence[str],
        hello: Hello,
        on_message: Callable[[ServerMessage], None],
        on_status: Callable[[LinkStatus], None],
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.urls = [url] if isinstance(url, str) else list(url)
        self.url, self.hello, self.tls = self.urls[0], hello, tls
        self.epoch = hello.epoch
        self._on_message, self._on_status = on_message, on_status
        super().__init__("voteboard-client")
        self._connection: ClientConnection | None = None
        self._refs = itertools.count(1)
        self._stopping = False
        self.connected = threading.Event()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping = True
        if self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._close)
            self._thread.join(timeout=5)

    def cast(self, choice: Choice) -> int:
        """Sends the seat's ballot; its `ref` comes back in an ack (durable) or a refusal."""
        ref = next(self._refs)
        text = Cast.of(ref, choice).model_dump_json()
        self._loop.call_soon_threadsafe(self._send, text)
        return ref

    def send_raw(self, text: str) -> None:
        """Sends any text as it is (for tests of what the server does with bad input)."""
        self._loop.call_soon_threadsafe(self._send, text)

    def _send(self, text: str) -> None:
        connection = self._connection
        if connection is None:
            self._on_message(Refusal(reason="not connected: the ballot was not sent"))
            return

        self._send_soon(connection, text)

    def _close(self) -> None:
        if self._connection is not None:
            self._soon(self._connection.close())

    async def _choose(self) -> None:
        """Of several desks, the one acting with the newest epoch (asked at `/desk.json`);
        where none answers, the next in turn."""
        answers = await asyncio.gather(
            *(asyncio.to_thread(ask_desk, url, self.tls, 1.0) for url in self.urls)
        )
        best: tuple[int, str] | None = None
        for url, answer in zip(self.urls, answers, strict=True):
            epoch = answer.get("epoch") if answer else None
            acting = answer is not None and answer.get("acting") and isinstance(epoch, int)
            if acting and isinstance(epoch, int) and (best is None or epoch > best[0]):
                best = (epoch, url)
        if best is not None:
            self.url = best[1]
        else:
            self.url = self.urls[(self.urls.index(self.url) + 1) % len(self.urls)]

    async def _watch_others(self, connection: ClientConnection) -> None:
        """While connected to one of several desks: if another says it took over (a newer
        epoch), this connection is closed, and the next goes there."""
        while True:
            await asyncio.sleep(PROBE_S)
            for url in self.urls:
                if url == self.url:
                    continue
                answer = await asyncio.to_thread(ask_desk, url, self.tls, 1.0)
                epoch = answer.get("epoch") if answer else None
                if (
                    answer
                    and answer.get("acting")
                    and isinstance(epoch, int)
                    and epoch > self.epoch
                ):
                    self.epoch = epoch
                    await connection.close(1000, "another desk took over")
                    return

    async def _main(self) -> None:  # noqa: C901 (one connection's life, from hello to its end)
        attempt = 0
        while not self._stopping:
            if len(self.urls) > 1:
                await self._choose()
            watching: asyncio.Task[None] | None = None
            try:
                async with connect(
                    self.url, ssl=self.tls, open_timeout=3, compression=None
                ) as connection:
                    hello = self.hello.model_copy(update={"epoch": self.epoch})
                    await connection.send(hello.model_dump_json())
                    first = SERVER_ADAPTER.validate_json(await connection.recv())
                    if isinstance(first, Refusal) and first.epoch is not None:
                        # Not the acting desk (taken over, or a standby): the other one.
                        self.epoch = max(self.epoch, first.epoch)
                        raise EOFError(first.reason)
                    if isinstance(first, Refusal):
                        self._on_message(first)
                        self._on_status(LinkStatus.REFUSED)
                        return  # a wrong or revoked key: retrying would not help
                    if not isinstance(first, Welcome):
                        raise EOFError("the endpoint spoke before its welcome")
                    self.epoch = max(self.epoch, first.epoch)
                    self._on_message(first)
                    if len(self.urls) > 1:
                        watching = asyncio.get_running_loop().create_task(
                            self._watch_others(connection)
                        )
                    self._connection = connection
                    self.connected.set()
                    attempt = 0
                    self._on_status(LinkStatus.CONNECTED)
                    async for raw in connection:
                        try:
                            message = SERVER_ADAPTER.validate_json(raw)
                        except ValidationError:
                            continue
                        if isinstance(message, Refusal) and message.epoch is not None:
                            self.epoch = max(self.epoch, message.epoch)
                            break  # the desk was taken over: to the other one
                        self._on_message(message)
                        if isinstance(message, Replaced):
                            self._on_status(LinkStatus.REPLACED)
                            return
            except ssl.SSLCertVerificationError as exc:
                # Not a dropped line: the endpoint is not the one this client trusts.
                reason = f"the control desk's certificate is not trusted ({exc.verify_message})"
                self._on_message(Refusal(reason=reason))
                self._on_status(LinkStatus.REFUSED)
                return
            except InvalidURI as exc:
                self._on_message(Refusal(reason=str(exc)))
                self._on_status(LinkStatus.REFUSED)
                return
            except (OSError, WebSocketException, EOFError, TimeoutError, ValidationError):
                pass  # a dropped line, a handshake cut short, a proxy's error page: again
            finally:
                if watching is not None:
                    watching.cancel()
                self._connection = None
                self.connected.clear()
            if self._stopping:
                return
            self._on_status(LinkStatus.RECONNECTING)
            await asyncio.sleep(RETRY_S[min(attempt, len(RETRY_S) - 1)])
            attempt += 1


def load_key(path: Path, role: str, seat: str | None) -> str:
    """A key from its file: the key alone (as `voteboard seats issue --each DIR` writes one
    file per holder). A file of several keys is refused: a machine holding every seat's key
    could vote for any seat, so each console is given its own key only. At most
    MAX_KEY_BYTES are read (a device such as /dev/zero ends there too).

    Raises OSError for a file that cannot be read, ValueError (UnicodeDecodeError among them)
    for one that is not a key file."""
    try:
        data = read_bounded(path, MAX_KEY_BYTES)
    except InputError as exc:
        raise ValueError(f"{exc}: not a voteboard key file (a key is 32 characters)") from None
    text = data.decode("utf-8").strip()
    lines = text.splitlines()
    if len(lines) == 1 and "," not in text:
        return text
    wanted = f"seat {seat}" if role == "console" else f"the {role}"
    if len(lines) > 2 or "," in text:
        raise ValueError(
            f"it holds more than one key, or a list: give this machine the file of {wanted} "
            "only (voteboard seats issue --each DIR writes one file per seat)"
        )
    raise ValueError(f"it holds no key for {wanted}")
