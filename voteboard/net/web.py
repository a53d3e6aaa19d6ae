"""The board on the web: the page, its overlay for the webcast, the result as JSON and the live
feed the page draws from, served on the port of the WebSocket endpoint (plain HTTP on
loopback, HTTPS with the endpoint's TLS), by the control desk (`control --listen`) and by
relays (`voteboard web`).

Every route answers GET (and HEAD); anything else is refused with its status and changes
nothing:

    /                the board (`?lang=ar|zh|en|es|fr|ru`), any window from a phone to 4K
    /overlay         the totals and the outcome as a lower third, on a transparent ground
    /result.json     the board as `voteboard board ID --json` prints it (`?lang=`)
    /status.json     whether this server hears the control desk, and its viewers
    /schema.json     the protocol's JSON Schema (the page's messages among them)
    /live            the WebSocket feed of the page (`?lang=`): `page` and `clock` messages
    /static/NAME     the page's script and style sheets, and the board's shipped fonts

A page gets what a remote board gets (`BoardUpdate`: a secret ballot's members `voted` or
not, never a choice), its names and prose in its language (`core/wording.py`, as every
screen words a board), and the header's and footer's texts: nothing that the board does not
say. The feed is read-only: a page that sends anything is closed.

The page is drawn by `assets/web/board.js` from that message: the layout of `ui/layout.py`
(columns and font size chosen together), the lights of `ui/painter.py` (shape, colour and
letter), the colours of `core/palette.py` (the style sheet is written from them here).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import http
import json
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.server import ServerConnection, broadcast
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from voteboard.core import palette
from voteboard.core.board import Board
from voteboard.core.languages import Language
from voteboard.core.model import Light, Phase
from voteboard.core.names import Names
from voteboard.core.wording import Translation, footer_texts, header_texts
from voteboard.net.protocol import (
    BoardUpdate,
    PageClock,
    PageHeader,
    PageUpdate,
    PageView,
    schema,
)
from voteboard.resources import asset_path

MAX_VIEWERS = 5000
"""Pages one server feeds at once, unless told (`--max-viewers`): past it, a page is told
503 and tries again (a relay takes the rest)."""
MAX_VIEWERS_PER_ADDRESS = 200
"""Pages one address may hold open (a newsroom behind one address has many screens; a flood
from one machine cannot take every place)."""
BEHIND_BYTES = 256 * 1024
"""A page whose connection holds more than this unsent is behind: it is skipped, and given the
latest board once it has taken what it had (the board is sent whole, so it never misses one)."""
TICK_S = 1.0
PAGE_INTERVAL_S = 0.04
"""Pages are sent a board at most this often (25 a second, the pace of a video): the desk
publishes up to once a frame while 193 delegations vote within seconds, and a thousand pages
take a thousand copies of each board."""
PAGE_CHUNK = 100
"""Pages given a board in one turn of the loop (about 1 ms of a core here): between two, the
boards arriving are read, so the pages not yet reached get the newest."""

STATIC = {
    "board.js": ("web/board.js", "text/javascript; charset=utf-8"),
    "board.css": ("web/board.css", "text/css; charset=utf-8"),
    "DejaVuSansCondensed.ttf": ("fonts/DejaVuSansCondensed.ttf", "font/ttf"),
    "DejaVuSansCondensed-Bold.ttf": ("fonts/DejaVuSansCondensed-Bold.ttf", "font/ttf"),
    "NotoSansArabic-Regular.ttf": ("fonts/NotoSansArabic-Regular.ttf", "font/ttf"),
    "NotoSansArabic-Bold.ttf": ("fonts/NotoSansArabic-Bold.ttf", "font/ttf"),
    "NotoSansCJKsc-voteboard-Regular.otf": (
        "fonts/NotoSansCJKsc-voteboard-Regular.otf",
        "font/otf",
    ),
    "NotoSansCJKsc-voteboard-Bold.otf": ("fonts/NotoSansCJKsc-voteboard-Bold.otf", "font/otf"),
}
PAGES = {"/": "web/board.html", "/overlay": "web/overlay.html"}
LANGUAGES = ", ".join(language.value for language in Language)


@dataclass(frozen=True)
class _Asset:
    body: bytes
    content_type: str
    cache: str = "no-cache"
    etag: str = ""

    @classmethod
    def of(cls, body: bytes, content_type: str, cache: str = "no-cache") -> _Asset:
        return cls(body, content_type, cache, '"' + hashlib.sha256(body).hexdigest()[:20] + '"')


def palette_css() -> str:
    """The board's colours as the style sheet's custom properties (from `core/palette.py`)."""
    lines = [
        f"  --background: {palette.BACKGROUND};",
        f"  --band: {palette.BAND};",
        f"  --text: {palette.TEXT};",
        f"  --dim: {palette.DIM};",
        f"  --rule: {palette.RULE};",
        f"  --accent: {palette.ACCENT};",
        f"  --letter: {palette.LETTER_INK};",
        f"  --ineligible-name: {palette.INELIGIBLE_NAME};",
    ]
    for light in Light:
        lines.append(f"  --fill-{light.value}: {palette.LIGHT_FILL[light]};")
        lines.append(f"  --edge-{light.value}: {palette.edge(light)};")
    return ":root {\n" + "\n".join(lines) + "\n}\n"


@dataclass(eq=False)
class _Viewer:
    connection: ServerConnection
    language: Language
    address: str
    stale: bool = False
    """Skipped for being behind: given the latest board once it has caught up."""
    version: int = -1
    """Which of the front's boards this page was last given."""


@dataclass
class _Feed:
    """The pages of one language: their translation, the texts last sent and who gets them."""

    translation: Translation
    viewers: set[_Viewer] = field(default_factory=set)
    page: bytes | None = None
    header: PageHeader | None = None


class WebFront:
    """The web's side of a server, on its asyncio loop (every method in the loop's thread):
    `process_request` answers the plain HTTP requests and lets the WebSocket ones through,
    `serve` feeds a page, `publish` is given each new board, `run` keeps the clocks going."""

    def __init__(
        self,
        names: Names | None,
        *,
        endpoint: bool,
        max_viewers: int = MAX_VIEWERS,
        max_per_address: int = MAX_VIEWERS_PER_ADDRESS,
        on_viewers: Callable[[int], None] | None = None,
    ) -> None:
        self.names = names
        self._on_viewers = on_viewers
        self._viewers_told = 0
        self.endpoint = endpoint
        """Whether "/" also takes the authenticated protocol (the desk's consoles and boards)."""
        self.max_viewers, self.max_per_address = max_viewers, max_per_address
        self._update: BoardUpdate | None = None
        self._version = 0
        self._wake = asyncio.Event()
        self._live = True
        self._lost_at: dt.datetime | None = None
        self._feeds: dict[Language, _Feed] = {}
        self._by_address: Counter[str] = Counter()
        self._results: dict[Language, _Asset] = {}
        # The script and style sheets are checked again at each load (an upgraded voteboard's
        # page is never drawn by an older script); the fonts do not change between versions.
        self._static = {
            f"/static/{name}": _Asset.of(
                asset_path(path).read_bytes(),
                kind,
                "public, max-age=86400" if kind.startswith("font/") else "no-cache",
            )
            for name, (path, kind) in STATIC.items()
        }
        self._static["/static/palette.css"] = _Asset.of(
            palette_css().encode(), "text/css; charset=utf-8"
        )
        self._pages: dict[tuple[str, Language], _Asset] = {}
        self._schema = _Asset.of(
            json.dumps(schema(), indent=1, ensure_ascii=False).encode(),
            "application/schema+json",
            "public, max-age=3600",
        )
        self.served = 0
        """HTTP requests answered (for the status and the tests)."""

    @property
    def live(self) -> bool:
        """Whether this server hears the control desk."""
        return self._live

    @property
    def viewers(self) -> int:
        return sum(len(feed.viewers) for feed in self._feeds.values())

    # ---- the boards --------------------------------------------------------------------------

    def publish(self, update: BoardUpdate) -> None:
        """A new board: sent whole to every page, in its language, by `run`'s sender; a page
        gets one at most every PAGE_INTERVAL_S (the boards that come between are folded into
        the next: each is whole, so a page skips none of the board's state, only moments of
        it)."""
        self._update = update
        self._changed()

    def set_live(self, live: bool) -> None:
        """Whether this server hears the desk (a relay that lost its source): the pages say so
        at once, over the last board."""
        if live == self._live:
            return
        self._live = live
        self._lost_at = None if live else dt.datetime.now().astimezone()
        if self._update is not None:
            self._changed()

    def _changed(self) -> None:
        self._version += 1
        self._results.clear()
        for feed in self._feeds.values():
            feed.page = None
        self._wake.set()

    async def _send(self) -> None:
        """The sender: whenever a page lacks the latest board, the latest board to it, the
        pages PAGE_CHUNK at a time with the loop let go between (a thousand pages take tens
        of milliseconds: the boards arriving meanwhile are read, and the pages not yet reached
        are given the newest), and then again, no sooner than PAGE_INTERVAL_S after the last
        round began, to the pages that were given an older one."""
        last = -PAGE_INTERVAL_S
        while True:
            await self._wake.wait()
            self._wake.clear()
            # At least one turn of the loop first, so that the boards already received are
            # folded into this round.
            await asyncio.sleep(max(0.0, last + PAGE_INTERVAL_S - time.monotonic()))
            last = time.monotonic()
            if self._update is None:
                continue  # pages that came before the first board get it when it comes
            for feed in list(self._feeds.values()):
                waiting = [v for v in feed.viewers if v.version != self._version]
                for start in range(0, len(waiting), PAGE_CHUNK):
                    if start:
                        await asyncio.sleep(0)
                    version, page = self._version, self._page_bytes(feed)
                    chunk = [v for v in waiting[start : start + PAGE_CHUNK] if v in feed.viewers]
                    ready = self._ready(chunk)
                    broadcast([viewer.connection for viewer in ready], page, text=True)
                    for viewer in ready:
                        viewer.version = version
                    # A board published meanwhile has set `_wake`: the pages given an older
                    # one in this round get it in the next.

    def _feed(self, language: Language) -> _Feed:
        feed = self._feeds.get(language)
        if feed is None:
            feed = self._feeds[language] = _Feed(Translation(language, self.names))
        return feed

    def _make_page(self, feed: _Feed) -> str:
        assert self._update is not None
        language = feed.translation.language
        words = language.words
        board = feed.translation(self._update.hall_board())
        header = _header(board, dt.datetime.now(dt.UTC))
        view = PageView(
            language=language,
            right_to_left=language.right_to_left,
            header=header,
            footer=footer_texts(board),
            final=board.phase is Phase.LOCKED,
            letters=dict(words.letters),
            spoken=dict(words.spoken),
            live=self._live,
            notice=(
                ""
                if self._lost_at is None
                else words.link_lost.format(time=f"{self._lost_at:%H:%M:%S}")
            ),
            lost=words.link_lost,
        )
        shown = BoardUpdate.of(board)
        feed.header = header
        return PageUpdate(board=shown.board, details=shown.details, view=view).model_dump_json()

    def _page_bytes(self, feed: _Feed) -> bytes:
        """The page message of the latest board, made once for all of a feed's pages (and
        encoded once: websockets frames the same bytes for each)."""
        if feed.page is None:
            feed.page = self._make_page(feed).encode()
        return feed.page

    def _ready(self, viewers: list[_Viewer]) -> list[_Viewer]:
        """The viewers that can take a message now; those behind are marked."""
        ready = []
        for viewer in viewers:
            transport = viewer.connection.transport
            if transport is not None and transport.get_write_buffer_size() > BEHIND_BYTES:
                viewer.stale = True
            elif not viewer.stale:
                ready.append(viewer)
        return ready

    async def run(self) -> None:
        """The pages' sender (`_send`), and once a second, on the second: the header's clock
        to the pages (only the header, and only if its words moved), and the latest board to
        the pages that were behind and have caught up."""
        self._wake = asyncio.Event()  # of this loop (a server may be started again on another)
        self._wake.set()
        sender = asyncio.get_running_loop().create_task(self._send())
        try:
            while True:
                await asyncio.sleep(TICK_S - time.time() % TICK_S + 0.01)
                self._tick()
        finally:
            await cancel(sender)

    def _tick(self) -> None:
        viewers = self.viewers
        if viewers != self._viewers_told and self._on_viewers is not None:
            # Once a second at most: a thousand pages arriving are one line of the desk.
            self._viewers_told = viewers
            self._on_viewers(viewers)
        for feed in self._feeds.values():
            if not feed.viewers or self._update is None:
                continue
            board = feed.translation(self._update.hall_board())
            header = _header(board, dt.datetime.now(dt.UTC))
            if header != feed.header and feed.page is not None:
                feed.header = header
                clock = PageClock(header=header).model_dump_json()
                broadcast([viewer.connection for viewer in self._ready(list(feed.viewers))], clock)
            caught_up = [
                viewer
                for viewer in feed.viewers
                if viewer.stale
                and viewer.connection.transport is not None
                and viewer.connection.transport.get_write_buffer_size() == 0
            ]
            if caught_up:
                page = self._page_bytes(feed)
                for viewer in caught_up:
                    viewer.stale, viewer.version = False, self._version
                broadcast([viewer.connection for viewer in caught_up], page, text=True)

    # ---- a page's feed -----------------------------------------------------------------------

    async def serve(self, connection: ServerConnection) -> None:
        """A page's WebSocket (`/live`): its board at once, then every change, until it goes.
        A page sends nothing: one that does is closed."""
        assert connection.request is not None
        language = _language(connection.request.path) or Language.EN
        address = _address(connection)
        if self.viewers >= self.max_viewers or self._by_address[address] >= self.max_per_address:
            await connection.close(1013, "too many viewers here: try again later")
            return
        viewer = _Viewer(connection, language, address)
        feed = self._feed(language)
        feed.viewers.add(viewer)
        self._by_address[address] += 1
        try:
            if self._update is not None:
                viewer.version = self._version
                broadcast([connection], self._page_bytes(feed), text=True)
            async for _ in connection:
                await connection.close(1008, "this feed is read-only")
                break
        except ConnectionClosed:
            pass
        finally:
            feed.viewers.discard(viewer)
            self._by_address[address] -= 1
            if not self._by_address[address]:
                del self._by_address[address]

    # ---- plain HTTP --------------------------------------------------------------------------

    def process_request(self, connection: ServerConnection, request: Request) -> Response | None:
        """Answers a plain HTTP request; lets a WebSocket handshake on `/live` (or, at the desk,
        on `/`) through (None)."""
        method = getattr(request, "method", "GET")
        parts = urllib.parse.urlsplit(request.path)
        path = parts.path
        upgrade = "websocket" in request.headers.get("Upgrade", "").lower()
        if method not in ("GET", "HEAD"):
            return _text(
                http.HTTPStatus.METHOD_NOT_ALLOWED,
                f"{method} is not served here: the board is read with GET",
                {"Allow": "GET, HEAD"},
            )
        language = _language(request.path)
        if language is None:
            return _text(
                http.HTTPStatus.BAD_REQUEST,
                f"unknown language in {parts.query[:80]!r}: lang is one of {LANGUAGES}",
            )
        if upgrade:
            if path == "/live":
                if self.viewers >= self.max_viewers:
                    return _text(
                        http.HTTPStatus.SERVICE_UNAVAILABLE,
                        f"this server feeds at most {self.max_viewers} pages: try again later, "
                        "or a relay of the board (voteboard web)",
                        {"Retry-After": "5"},
                    )
                if self._by_address[_address(connection)] >= self.max_per_address:
                    return _text(
                        http.HTTPStatus.SERVICE_UNAVAILABLE,
                        "too many viewers from this address",
                        {"Retry-After": "30"},
                    )
                return None
            if path == "/" and self.endpoint:
                return None
            return _text(
                http.HTTPStatus.NOT_FOUND, f"no WebSocket at {path[:80]}: the feed is /live"
            )
        asset = self._asset(path, language)
        if asset is None:
            return _text(http.HTTPStatus.NOT_FOUND, f"nothing at {path[:80]}")
        if isinstance(asset, Response):
            return asset
        self.served += 1
        return _answer(asset, request, head=method == "HEAD")

    def _asset(self, path: str, language: Language) -> _Asset | Response | None:
        if path in PAGES:
            key = (path, language)
            page = self._pages.get(key)
            if page is None:
                page = self._pages[key] = _page(PAGES[path], language)
            return page
        if path == "/result.json":
            return self._result(language)
        if path == "/status.json":
            status = {
                "live": self._live,
                "lost_at": None if self._lost_at is None else self._lost_at.isoformat(),
                "viewers": self.viewers,
                "vote": None
                if self._update is None or self._update.details.waiting
                else {"id": self._update.board.vote.id, "phase": self._update.board.phase},
            }
            return _Asset.of(json.dumps(status).encode(), "application/json", "no-store")
        if path == "/schema.json":
            return self._schema
        return self._static.get(path)

    def _result(self, language: Language) -> _Asset | Response:
        update = self._update
        if update is None or update.details.waiting:
            return _text(
                http.HTTPStatus.NOT_FOUND,
                "no vote has been held yet" if update is not None else "no board yet",
                {"Cache-Control": "no-cache"},
            )
        result = self._results.get(language)
        if result is None:
            board = self._feed(language).translation(update.hall_board())
            result = self._results[language] = _Asset.of(
                (board.model_dump_json(indent=1) + "\n").encode(),
                "application/json",
                # A CDN may hold it a second: the board moves faster than any newsroom reads it.
                "public, max-age=1",
            )
        return result


def _header(board: Board, now: dt.datetime) -> PageHeader:
    symbol, title, banner, mode, countdown = header_texts(board, now)
    return PageHeader(symbol=symbol, title=title, banner=banner, mode=mode, countdown=countdown)


def _language(target: str) -> Language | None:
    """The `lang` of a request's query (English when not given); None when not one of the six."""
    query = urllib.parse.urlsplit(target).query
    values = urllib.parse.parse_qs(query).get("lang")
    if not values:
        return Language.EN
    try:
        return Language(values[-1].lower())
    except ValueError:
        return None


def _address(connection: ServerConnection) -> str:
    address = connection.remote_address
    return str(address[0]) if address else "?"


def _page(name: str, language: Language) -> _Asset:
    """A page in a language: its `<html lang dir>` and the words it shows before its first
    board, put in where the file holds `{{...}}`."""
    text = asset_path(name).read_text(encoding="utf-8")
    words = language.words
    values = {
        "lang": language.value,
        "dir": "rtl" if language.right_to_left else "ltr",
        "connecting": words.connecting,
        "lost": words.link_lost,
    }
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", _escape(value))
    return _Asset.of(text.encode(), "text/html; charset=utf-8")


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


_SECURITY = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
_PAGE_POLICY = (
    "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; "
    "style-src 'self'; script-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'"
)


def _answer(asset: _Asset, request: Request, *, head: bool) -> Response:
    headers = Headers(
        {
            "Content-Type": asset.content_type,
            "Cache-Control": asset.cache,
            "Connection": "close",
            **_SECURITY,
        }
    )
    if asset.etag:
        headers["ETag"] = asset.etag
    if asset.content_type.startswith("text/html"):
        headers["Content-Security-Policy"] = _PAGE_POLICY
    if asset.content_type.startswith("application/json"):
        headers["Access-Control-Allow-Origin"] = "*"  # a newsroom's own page may read it
    if asset.etag and asset.etag in request.headers.get("If-None-Match", ""):
        headers["Content-Length"] = "0"
        return Response(304, "Not Modified", headers, b"")
    headers["Content-Length"] = str(len(asset.body))
    return Response(200, "OK", headers, b"" if head else asset.body)


def _text(status: http.HTTPStatus, text: str, extra: dict[str, str] | None = None) -> Response:
    body = (text + "\n").encode()
    headers = Headers(
        {
            "Content-Type": "text/plain; charset=utf-8",
            "Content-Length": str(len(body)),
            "Connection": "close",
            **_SECURITY,
            **(extra or {}),
        }
    )
    return Response(status.value, status.phrase, headers, body)


async def cancel(task: asyncio.Task[Any] | None) -> None:
    """Ends a background task (the front's ticker) and waits for it."""
    if task is None:
        return
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
