"""The board on the web, at the server's side, on real loopback sockets: the desk's page, its
JSON and its feed (net/web.py); bad input at the HTTP side answered with a status while the
consoles are served as before; relays fed by the desk and by relays (net/relay.py), which say
when they lose the desk and catch up when it comes back."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import re
import signal
import socket
import subprocess
import sys
import threading
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from voteboard.core import palette
from voteboard.core.board import hall_board
from voteboard.core.commands import CastBallot, CloseVote, OpenVote, PrepareVote
from voteboard.core.model import Choice, Light, Mode, Refused, VoteSpec
from voteboard.core.roles import Role
from voteboard.core.session import Session
from voteboard.journal.archive import open_journal
from voteboard.net.protocol import Cast, Hello
from voteboard.net.relay import DeskSource, Relay, RelaySource
from voteboard.net.server import CastDone, HallServer

CHOICES = {Light.YES.value, Light.NO.value, Light.ABSTAIN.value}


class Desk:
    """A control desk's endpoint on a real journal, publishing each board as the control
    process does."""

    def __init__(self, path: Path, *, port: int = 0, max_viewers: int = 5000) -> None:
        self.path = path
        self.journal = open_journal(path)
        self.session = Session(self.journal, self.journal.state())
        self.lock = threading.Lock()
        self.server = HallServer(
            path, self.journal.roster, self.submit, port=port, max_viewers=max_viewers
        )
        self.server.start()
        self.publish()

    def publish(self) -> None:
        state = self.journal.state()
        self.server.publish(state, hall_board(state, dt.date.today()))

    def run(self, command: Any) -> None:
        with self.lock:
            self.session.execute(command)
        self.publish()

    def submit(self, seat: str, choice: Choice, done: CastDone) -> None:
        try:
            self.run(CastBallot(at=self.session.clock(), member=seat, choice=choice))
        except Refused as exc:
            done(str(exc))
            return
        done(None)

    def open(self, mode: Mode = Mode.RECORDED, vote: str = "v1") -> None:
        spec = VoteSpec(symbol="A/ES-11/L.5", title="Territorial integrity of Ukraine", mode=mode)
        self.run(PrepareVote(at=self.session.clock(), vote=vote, spec=spec))
        self.run(OpenVote(at=self.session.clock()))

    def stop(self) -> None:
        self.server.stop()
        self.journal.close()

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    journal = open_journal(tmp_path / "j.sqlite")
    journal.issue_keys(
        [("FRA", Role.CONSOLE), ("BRA", Role.CONSOLE), ("display", Role.DISPLAY)], at="2026-12-02"
    )
    journal.close()
    desk = Desk(tmp_path / "j.sqlite")
    yield desk
    desk.stop()


def keys(desk: Desk) -> dict[str, str]:
    """Fresh keys (the journal keeps only their hashes)."""
    return desk.journal.issue_keys(
        [("FRA", Role.CONSOLE), ("BRA", Role.CONSOLE), ("display", Role.DISPLAY)], at="2026-12-02"
    )


def get(url: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def raw(port: int, data: bytes) -> bytes:
    """What the server answers to bytes sent as they are, until it closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


async def next_page(ws: ClientConnection, kind: str = "page") -> dict[str, Any]:
    while True:
        message: dict[str, Any] = json.loads(await ws.recv())
        if message["type"] == kind:
            return message


async def page_where(ws: ClientConnection, test: Any) -> dict[str, Any]:
    while True:
        message = await next_page(ws)
        if test(message):
            return message


async def drain(ws: ClientConnection) -> None:
    """Reads until the connection ends (ConnectionClosed)."""
    while True:
        await ws.recv()


def no_choice(page: dict[str, Any]) -> bool:
    """Asserts that a page of a secret ballot shows who voted, never a choice (at once: a
    leak must fail here, not as a wait that never ends)."""
    assert not set(lights(page).values()) & CHOICES, page["board"]["members"]
    return True


def html_tag(page: bytes) -> set[str]:
    """The attributes of a page's <html> tag."""
    found = re.search(rb"<html\b([^>]*)>", page)
    assert found is not None, page[:200]
    return set(found.group(1).decode().split())


def lights(page: dict[str, Any]) -> dict[str, str]:
    return {m["code"]: m["light"] for m in page["board"]["members"]}


def test_the_desk_serves_the_page_its_json_and_its_feed_in_each_language(desk: Desk) -> None:
    desk.open()
    status, headers, body = get(desk.http + "/")
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert html_tag(body) >= {'lang="en"', 'dir="ltr"'}
    _, _, arabic = get(desk.http + "/?lang=ar")
    assert html_tag(arabic) >= {'lang="ar"', 'dir="rtl"'}
    _, _, css = get(desk.http + "/static/palette.css")
    assert f"--fill-yes: {palette.LIGHT_FILL[Light.YES]}".encode() in css
    status, headers, _ = get(desk.http + "/static/DejaVuSansCondensed.ttf")
    assert status == 200
    assert headers["Content-Type"] == "font/ttf"
    status, headers, result = get(desk.http + "/result.json")
    assert headers["Access-Control-Allow-Origin"] == "*"
    state = desk.journal.state()
    board = hall_board(state, dt.date.today())
    assert json.loads(result) == json.loads(board.model_dump_json())
    _, _, french = get(desk.http + "/result.json?lang=fr")
    names = {m["code"]: m["name"] for m in json.loads(french)["members"]}
    assert names["DEU"] == "Allemagne"
    # A CDN asks again with the ETag: nothing is sent again while the board has not moved.
    etag = headers["ETag"]
    request = urllib.request.Request(desk.http + "/result.json", headers={"If-None-Match": etag})
    with pytest.raises(urllib.error.HTTPError) as unchanged:
        urllib.request.urlopen(request, timeout=10)
    assert unchanged.value.code == 304
    unchanged.value.close()

    async def feed() -> None:
        ws_url = f"ws://127.0.0.1:{desk.server.port}/live?lang=fr"
        async with connect(ws_url) as ws:
            first = await next_page(ws)
            assert first["view"]["language"] == "fr"
            assert first["view"]["letters"] == {"yes": "P", "no": "C", "abstain": "A"}
            assert first["view"]["header"]["symbol"] == "A/ES-11/L.5"
            assert first["view"]["header"]["banner"] == "VOTE OUVERT"
            assert lights(first)["FRA"] == "none"
            desk.run(CastBallot(at=desk.session.clock(), member="FRA", choice=Choice.YES))
            after = await page_where(ws, lambda p: lights(p)["FRA"] == "yes")
            assert after["view"]["footer"][0].startswith("POUR 1")

    asyncio.run(asyncio.wait_for(feed(), 20))


def test_a_secret_ballot_reaches_the_pages_with_who_voted_never_a_choice(desk: Desk) -> None:
    desk.open(Mode.SECRET)
    frames: list[str] = []

    async def watch() -> None:
        connections = [
            await connect(f"ws://127.0.0.1:{desk.server.port}/live?lang={lang}")
            for lang in ("en", "ar", "zh")
        ]
        for ws in connections:
            frames.append(str(await ws.recv()))
        for member, choice in (("FRA", Choice.YES), ("BRA", Choice.NO), ("DEU", Choice.ABSTAIN)):
            desk.run(CastBallot(at=desk.session.clock(), member=member, choice=choice))
            for ws in connections:
                message = await page_where(
                    ws, lambda p, m=member: no_choice(p) and lights(p)[m] == "voted"
                )
                frames.append(json.dumps(message))
        desk.run(CloseVote(at=desk.session.clock()))
        for ws in connections:
            closed = await page_where(ws, lambda p: p["board"]["phase"] == "closed")
            frames.append(json.dumps(closed))
            assert closed["board"]["totals"]["yes"] == 1
            await ws.close()

    asyncio.run(asyncio.wait_for(watch(), 30))
    assert len(frames) >= 12
    for frame in frames:
        page = json.loads(frame)
        assert set(lights(page).values()) <= {"voted", "none", "ineligible"}
        if page["board"]["phase"] == "open":
            totals = page["board"]["totals"]
            assert (totals["yes"], totals["no"], totals["abstain"]) == (None, None, None)
    _, _, result = get(desk.http + "/result.json")
    assert not set(lights({"board": json.loads(result)}).values()) & CHOICES


def test_bad_http_gets_a_status_and_the_consoles_are_served_as_before(desk: Desk) -> None:
    desk.open()
    port = desk.server.port
    before = len(list(desk.journal.events()))
    answers = {
        b"POST / HTTP/1.1\r\nHost: x\r\n\r\n": b"405",
        b"PUT /result.json HTTP/1.1\r\nHost: x\r\n\r\n": b"405",
        b"DELETE /live HTTP/1.1\r\nHost: x\r\n\r\n": b"405",
        b"GET /etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n": b"404",
        b"GET /static/../../voteboard/net/web.py HTTP/1.1\r\nHost: x\r\n\r\n": b"404",
        b"GET /?lang=klingon HTTP/1.1\r\nHost: x\r\n\r\n": b"400",
        b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n": b"414",
        b"GET / HTTP/1.1\r\n" + b"X-A: b\r\n" * 200 + b"\r\n": b"431",
        (
            b"GET /nowhere HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        ): b"404",
    }
    for request, expected in answers.items():
        reply = raw(port, request)
        assert reply.startswith(b"HTTP/1.1 " + expected), (request[:40], reply[:80])
        assert b"Traceback" not in reply
    status, headers, body = get(f"http://127.0.0.1:{port}/result.json", method="HEAD")
    assert status == 200
    assert body == b""
    assert int(headers["Content-Length"]) > 1000

    async def flood_then_vote() -> dict[str, Any]:
        # 300 connections that say nothing, and 300 requests of garbage, while a console votes.
        idle = [await asyncio.open_connection("127.0.0.1", port) for _ in range(300)]
        garbage = [await asyncio.open_connection("127.0.0.1", port) for _ in range(300)]
        for _, writer in garbage:
            writer.write(b"\x16\x03\x01 not http at all\r\n\r\n")
        fresh = keys(desk)
        hello = Hello(role=Role.CONSOLE, seat="FRA", key=fresh["FRA"])
        async with connect(f"ws://127.0.0.1:{port}") as ws:
            await ws.send(hello.model_dump_json())
            await ws.send(Cast.of(3, Choice.NO).model_dump_json())
            while True:
                reply: dict[str, Any] = json.loads(await ws.recv())
                if reply["type"] in ("ack", "refused"):
                    break
        for _, writer in (*idle, *garbage):
            writer.close()
        return reply

    assert asyncio.run(asyncio.wait_for(flood_then_vote(), 30)) == {"type": "ack", "ref": 3}
    kinds = [e.kind for e in desk.journal.events()][before:]
    assert kinds.count("ballot_cast") == 1  # the console's ballot, and nothing else written


def test_a_page_that_speaks_is_closed_and_a_full_server_says_so(tmp_path: Path) -> None:
    desk = Desk(tmp_path / "j.sqlite", max_viewers=2)
    try:
        desk.open()
        url = f"ws://127.0.0.1:{desk.server.port}/live"

        async def run() -> None:
            quiet = await connect(url)
            await next_page(quiet)
            talker = await connect(url)
            await next_page(talker)
            with pytest.raises(InvalidStatus) as full:
                await connect(url)
            assert full.value.response.status_code == 503
            await talker.send("let me vote")
            with pytest.raises(ConnectionClosed) as closed:
                await drain(talker)
            assert closed.value.rcvd is not None
            assert closed.value.rcvd.code == 1008
            desk.run(CastBallot(at=desk.session.clock(), member="FRA", choice=Choice.YES))
            await page_where(quiet, lambda p: lights(p)["FRA"] == "yes")
            third = await connect(url)  # the talker's place is free again
            await next_page(third)
            await quiet.close()
            await third.close()

        asyncio.run(asyncio.wait_for(run(), 20))
    finally:
        desk.stop()


class RunningRelay:
    """A relay in a thread of its own, stopped at the end."""

    def __init__(self, relay: Relay) -> None:
        self.relay = relay
        self.loop = asyncio.new_event_loop()
        self.stop_event: asyncio.Event | None = None
        self.failure: BaseException | None = None
        ready = threading.Event()

        def main() -> None:
            async def run() -> None:
                self.stop_event = asyncio.Event()
                waiting = asyncio.create_task(relay.listening.wait())
                running = asyncio.create_task(relay.run(self.stop_event))
                await waiting
                ready.set()
                await running

            try:
                self.loop.run_until_complete(run())
            except BaseException as exc:
                self.failure = exc
                ready.set()
            finally:
                self.loop.close()

        self.thread = threading.Thread(target=main, daemon=True)
        self.thread.start()
        ready.wait(20)

    @property
    def feed(self) -> str:
        return f"ws://127.0.0.1:{self.relay.port}/live"

    def stop(self) -> None:
        if self.stop_event is not None:
            self.loop.call_soon_threadsafe(self.stop_event.set)
        self.thread.join(20)


@contextlib.contextmanager
def relay_of(source: Any) -> Iterator[RunningRelay]:
    running = RunningRelay(Relay(source, host="127.0.0.1", port=0, tell=lambda _: None))
    try:
        assert running.failure is None
        yield running
    finally:
        running.stop()


def test_relays_follow_the_desk_and_each_other_and_say_when_the_desk_is_lost(
    desk: Desk,
) -> None:
    desk.open()
    port = desk.server.port
    hello = Hello(role=Role.DISPLAY, key=keys(desk)["display"])
    with (
        relay_of(DeskSource(f"ws://127.0.0.1:{port}", hello)) as first,
        relay_of(RelaySource(first.feed)) as second,
    ):

        async def run() -> None:
            async with connect(second.feed + "?lang=ar") as ws:
                page = await page_where(ws, lambda p: p["view"]["live"])
                assert page["view"]["right_to_left"]
                assert page["board"]["vote"]["symbol"] == "A/ES-11/L.5"
                desk.run(CastBallot(at=desk.session.clock(), member="BRA", choice=Choice.NO))
                await page_where(ws, lambda p: lights(p)["BRA"] == "no")
                # The desk goes: the pages keep the last board and say since when it is lost.
                desk.server.stop()
                lost = await page_where(ws, lambda p: not p["view"]["live"])
                assert lights(lost)["BRA"] == "no"
                assert "انقطع الاتصال" in lost["view"]["notice"]
                # It comes back on its port, a ballot later: the pages catch up by themselves.
                desk.run(CastBallot(at=desk.session.clock(), member="FRA", choice=Choice.YES))
                desk.server = HallServer(desk.path, desk.journal.roster, desk.submit, port=port)
                desk.server.start()
                desk.publish()
                back = await page_where(ws, lambda p: p["view"]["live"])
                assert lights(back)["FRA"] == "yes"
                assert lights(back)["BRA"] == "no"
                assert back["view"]["notice"] == ""

        asyncio.run(asyncio.wait_for(run(), 40))
        _, _, result = get(f"http://127.0.0.1:{second.relay.port}/result.json")
        assert lights({"board": json.loads(result)})["FRA"] == "yes"
        _, _, status = get(f"http://127.0.0.1:{second.relay.port}/status.json")
        assert json.loads(status)["live"] is True


@pytest.mark.parametrize(
    ("args", "said"),
    [
        ((), "give one source"),
        (("--journal", "J", "--connect", "ws://127.0.0.1:1"), "give one source"),
        (("--connect", "ws://127.0.0.1:1"), "needs --key-file"),
        (("--connect", "ws://127.0.0.1:1/live", "--key-file", "K"), "needs no key"),
        (("--connect", "http://127.0.0.1:1"), "give a ws:// or wss:// URL"),
        (("--connect", "ws://127.0.0.1:99999/live"), "not a URL"),
        (("--journal", "J", "--key-file", "K"), "go with --connect"),
        (("--journal", "NOTAJOURNAL"), "--journal"),
        (("--journal", "J", "--max-viewers", "0"), "1 or more"),
        (("--journal", "J", "--tls-cert", "K"), "go together"),
    ],
)
def test_the_relay_refuses_what_cannot_work_and_creates_nothing(
    tmp_path: Path, args: tuple[str, ...], said: str
) -> None:
    (tmp_path / "K").write_text("k" * 32 + "\n")
    (tmp_path / "NOTAJOURNAL").write_text("not a journal")
    before = sorted(tmp_path.iterdir())
    result = subprocess.run(
        [sys.executable, "-m", "voteboard", "web", *args, "--listen", "127.0.0.1:0"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode in (1, 2), result.stderr
    assert said in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(tmp_path.iterdir()) == before


def test_the_relay_beyond_loopback_needs_tls(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "voteboard", "web", "--journal", "J", "--listen", "0.0.0.0:0"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 2
    assert "needs TLS" in result.stderr
    assert not (tmp_path / "J").exists()


def test_the_relay_from_a_journal_serves_what_the_board_command_prints(tmp_path: Path) -> None:
    journal = tmp_path / "hall.sqlite"
    run = [sys.executable, "-m", "voteboard"]
    subprocess.run(
        [*run, "simulate", "--journal", journal, "--seed", "3", "--lock"],
        check=True,
        capture_output=True,
    )
    votes = subprocess.run(
        [*run, "votes", "--journal", journal, "--json"], check=True, capture_output=True
    ).stdout
    printed = subprocess.run(
        [*run, "board", json.loads(votes)[0]["id"], "--journal", journal, "--json"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    with subprocess.Popen(
        [*run, "web", "--journal", journal, "--listen", "127.0.0.1:0"],
        stderr=subprocess.PIPE,
        text=True,
    ) as relay:
        try:
            assert relay.stderr is not None
            line = relay.stderr.readline()
            found = re.search(r"serving (http://127\.0\.0\.1:\d+)/", line)
            assert found, line
            # As soon as it says where it serves, it serves the journal's board.
            status, _, body = get(found.group(1) + "/result.json")
            assert status == 200, body
            assert json.loads(body) == json.loads(printed)
            relay.send_signal(signal.SIGTERM)
            assert relay.wait(20) == 0
            assert "stopped" in relay.stderr.read()
        finally:
            relay.kill()


def test_a_burst_of_boards_reaches_every_page_in_order_and_folded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sender gives the pages a few at a time, letting the loop go between: boards that
    arrive in the middle of a round go to the pages not yet reached, and the pages already
    given an older one get the newest in the next round. Attacked with a board published at
    every turn of the loop while 200 pages are fed 7 at a time: every page ends on the last
    board, never sees an older board after a newer one, and was sent fewer boards than were
    published (the boards between were folded); and no turn of the loop wrote to more than 7
    pages (the loop was let go between: one broadcast to every page at once held it for
    tens of milliseconds at a thousand pages, and each board queued meanwhile was another)."""
    from websockets.asyncio.server import broadcast as web_broadcast
    from websockets.asyncio.server import serve

    from voteboard.net import web
    from voteboard.net.protocol import BoardUpdate

    monkeypatch.setattr(web, "PAGE_CHUNK", 7)
    turn = 0
    written: Counter[int] = Counter()

    def broadcast(connections: Any, message: Any, **kwargs: Any) -> None:
        connections = list(connections)
        written[turn] += len(connections)
        web_broadcast(connections, message, **kwargs)

    monkeypatch.setattr("voteboard.net.web.broadcast", broadcast)
    journal = open_journal(tmp_path / "j.sqlite")
    session = Session(journal, journal.state())
    spec = VoteSpec(symbol="A/ES-11/L.5", title="Territorial integrity of Ukraine")
    session.execute(PrepareVote(at=session.clock(), vote="v1", spec=spec))
    session.execute(OpenVote(at=session.clock()))
    boards = [BoardUpdate.of(hall_board(session.state, dt.date.today()))]
    for member in list(journal.roster)[:60]:
        session.execute(CastBallot(at=session.clock(), member=member.code, choice=Choice.YES))
        boards.append(BoardUpdate.of(hall_board(session.state, dt.date.today())))
    journal.close()

    def cast(page: dict[str, Any]) -> int:
        return sum(light != Light.NONE.value for light in lights(page).values())

    async def run() -> dict[int, list[int]]:
        front = web.WebFront(None, endpoint=False, max_per_address=1000)
        front.publish(boards[0])
        ticking = asyncio.create_task(front.run())
        async with serve(
            front.serve, "127.0.0.1", 0, process_request=front.process_request, compression=None
        ) as server:
            port = server.sockets[0].getsockname()[1]
            feed = f"ws://127.0.0.1:{port}/live"
            pages = [await connect(feed, max_size=None) for _ in range(200)]
            seen: dict[int, list[int]] = {index: [] for index in range(len(pages))}

            async def read(index: int, ws: ClientConnection) -> None:
                while not seen[index] or seen[index][-1] != len(boards) - 1:
                    message = json.loads(await ws.recv())
                    if message["type"] == "page":
                        seen[index].append(cast(message))

            readers = [asyncio.create_task(read(i, ws)) for i, ws in enumerate(pages)]
            await asyncio.sleep(0.2)  # every page has its first board
            written.clear()

            async def turns() -> None:
                nonlocal turn
                while True:
                    await asyncio.sleep(0)
                    turn += 1

            counting = asyncio.create_task(turns())
            for board in boards[1:]:
                front.publish(board)
                await asyncio.sleep(0)
            await asyncio.wait_for(asyncio.gather(*readers), 20)
            await web.cancel(counting)
            for ws in pages:
                await ws.close()
        await web.cancel(ticking)
        return seen

    seen = asyncio.run(run())
    for index, counts in seen.items():
        assert counts[-1] == 60, index
        assert counts == sorted(counts), (index, counts)
    assert max(len(counts) for counts in seen.values()) < len(boards)
    assert sum(written.values()) >= 200
    assert max(written.values()) <= 7, written.most_common(3)


def test_a_page_that_comes_before_the_first_board_gets_it_when_it_comes(tmp_path: Path) -> None:
    """A server's feed is open before its source has a board (a relay still connecting, a desk
    just started): the page waits, and is given the first board once there is one."""
    from websockets.asyncio.server import serve

    from voteboard.net import web
    from voteboard.net.protocol import BoardUpdate

    journal = open_journal(tmp_path / "j.sqlite")
    board = BoardUpdate.of(hall_board(journal.state(), dt.date.today()))
    journal.close()

    async def run() -> dict[str, Any]:
        front = web.WebFront(None, endpoint=False)
        async with serve(
            front.serve, "127.0.0.1", 0, process_request=front.process_request, compression=None
        ) as server:
            port = server.sockets[0].getsockname()[1]
            async with connect(f"ws://127.0.0.1:{port}/live", max_size=None) as page:
                ticking = asyncio.create_task(front.run())
                for _ in range(10):  # turns of the loop: the sender's first round, no board yet
                    await asyncio.sleep(0)
                front.publish(board)
                first = await asyncio.wait_for(next_page(page), 10)
            await web.cancel(ticking)
        return first

    assert asyncio.run(run())["board"]["phase"] == board.board.phase.value
