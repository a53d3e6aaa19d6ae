"""Many consoles and boards on one asyncio loop: a load test of a hall's network.

The tests and `benchmarks/network.py` use it (it is not part of the installed program) to
connect every seat at once and have them vote within a second, through the same protocol and
endpoint as the real consoles. It records every message each connection received, with its
time, so that what was sent can be checked afterwards (a secret ballot's messages, for
instance).
"""

from __future__ import annotations

import asyncio
import json
import random
import ssl
import threading
import time
from collections.abc import Coroutine, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, TypeVar

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from voteboard.core.model import Choice
from voteboard.core.roles import Role
from voteboard.net.loop import LoopThread
from voteboard.net.protocol import Cast, Hello

T = TypeVar("T")


@dataclass
class Seat:
    """One connection of the fleet and what it lived through."""

    holder: str
    hello: Hello
    connection: ClientConnection | None = None
    received: list[tuple[float, dict[str, Any]]] = field(default_factory=list)
    sent_at: float | None = None
    answered_at: float | None = None
    answer: dict[str, Any] | None = None
    answered: asyncio.Event = field(default_factory=asyncio.Event)


class Fleet(LoopThread):
    """Consoles for the seats of `keys` (holder → key; holders that are not seats' codes are
    skipped) and `displays` connections with the display key."""

    def __init__(
        self,
        url: str,
        keys: Mapping[str, str],
        *,
        seats: list[str] | None = None,
        displays: int = 0,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        super().__init__("voteboard-fleet")
        self.url, self.tls = url, tls
        chosen = seats if seats is not None else [h for h in keys if h.isupper()]
        self.consoles = {
            code: Seat(code, Hello(role=Role.CONSOLE, seat=code, key=keys[code])) for code in chosen
        }
        self.displays = [
            Seat(f"display-{i}", Hello(role=Role.DISPLAY, key=keys["display"]))
            for i in range(displays)
        ]
        self._stop: asyncio.Event | None = None
        self._started = threading.Event()
        self._tasks: list[asyncio.Task[None]] = []

    # ---- from the calling thread ----------------------------------------------------------------

    def start(self, timeout: float = 30.0) -> None:
        """Connects every console and display; returns once each has been welcomed."""
        self._thread.start()
        self._started.wait()
        self.call(self._connect_all(), timeout)

    def stop(self) -> None:
        if self._thread.is_alive() and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
            self._thread.join(timeout=10)

    def call(self, coroutine: Coroutine[Any, Any, T], timeout: float = 30.0) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    def vote(
        self, choices: Mapping[str, Choice], within_s: float = 1.0, seed: int = 0
    ) -> Future[dict[str, dict[str, Any]]]:
        """Every seat of `choices` casts at a random moment within `within_s`. The future
        gives, once each is answered, each seat's answer (an `ack` or a `refused`): a Qt
        thread waits on it with its event loop running, since the control window may be the
        one that has to answer."""
        return asyncio.run_coroutine_threadsafe(self._vote(choices, within_s, seed), self._loop)

    def everything_received(self) -> list[tuple[str, dict[str, Any]]]:
        seats = [*self.consoles.values(), *self.displays]
        return [(s.holder, message) for s in seats for _, message in s.received]

    # ---- in the fleet's loop --------------------------------------------------------------------

    async def _main(self) -> None:
        self._stop = asyncio.Event()
        self._started.set()
        await self._stop.wait()
        for task in self._tasks:
            task.cancel()
        for seat in [*self.consoles.values(), *self.displays]:
            if seat.connection is not None:
                await seat.connection.close()

    async def _connect_all(self) -> None:
        seats = [*self.consoles.values(), *self.displays]
        await asyncio.gather(*(self._connect(seat) for seat in seats))

    async def _connect(self, seat: Seat) -> None:
        connection = await connect(
            self.url, ssl=self.tls, open_timeout=20, max_queue=None, compression=None
        )
        await connection.send(seat.hello.model_dump_json())
        welcome = json.loads(await connection.recv())
        if welcome.get("type") != "welcome":
            raise ConnectionError(f"{seat.holder}: {welcome.get('reason', welcome)}")
        seat.received.append((time.monotonic(), welcome))
        seat.connection = connection
        self._tasks.append(asyncio.get_running_loop().create_task(self._receive(seat)))

    async def _receive(self, seat: Seat) -> None:
        assert seat.connection is not None
        try:
            async for raw in seat.connection:
                message = json.loads(raw)
                now = time.monotonic()
                seat.received.append((now, message))
                if message.get("type") in ("ack", "refused") and message.get("ref") is not None:
                    seat.answered_at, seat.answer = now, message
                    seat.answered.set()
        except ConnectionClosed:
            pass

    async def _vote(
        self, choices: Mapping[str, Choice], within_s: float, seed: int
    ) -> dict[str, dict[str, Any]]:
        rng = random.Random(seed)
        plan = [
            (rng.uniform(0, within_s), self.consoles[code], choice)
            for code, choice in choices.items()
        ]
        for _, seat, _ in plan:
            seat.answered.clear()
            seat.answer = None
        start = time.monotonic()

        async def cast(delay: float, seat: Seat, choice: Choice) -> None:
            await asyncio.sleep(max(0.0, start + delay - time.monotonic()))
            assert seat.connection is not None
            seat.sent_at = time.monotonic()
            await seat.connection.send(Cast.of(1, choice).model_dump_json())
            await seat.answered.wait()

        await asyncio.gather(*(cast(*item) for item in plan))
        return {seat.holder: seat.answer or {} for _, seat, _ in plan}
