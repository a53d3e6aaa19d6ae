"""An asyncio loop in a thread of its own, beside Qt's: what the endpoint and its clients
share."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Coroutine
from typing import Any

from websockets.asyncio.connection import Connection
from websockets.exceptions import ConnectionClosed


class LoopThread:
    """Runs `main()` on a new event loop in a daemon thread; the loop closes when it ends."""

    def __init__(self, name: str) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._background: set[asyncio.Task[Any]] = set()

    def _main(self) -> Coroutine[Any, Any, None]:
        raise NotImplementedError

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_until_complete(self._main())
        finally:
            self._loop.close()

    def _send_soon(self, connection: Connection, text: str) -> None:
        """Sends a text without waiting for it (on this loop); a closed connection drops it."""

        async def send() -> None:
            with contextlib.suppress(ConnectionClosed):
                await connection.send(text)

        self._soon(send())

    def _soon(self, coroutine: Coroutine[Any, Any, Any]) -> None:
        """Runs a coroutine on this loop without waiting for it (kept referenced until done:
        the loop itself holds tasks only weakly)."""
        task = self._loop.create_task(coroutine)
        self._background.add(task)
        task.add_done_callback(self._background.discard)
