"""The WebSocket endpoint on real loopback sockets (the groundwork of issue 7): keys checked
against the journal, a console's ballot made durable before it is acknowledged, refusals."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from benchmarks.fleet import Fleet
from voteboard.core.board import hall_board
from voteboard.core.commands import CastBallot, OpenVote, PrepareVote
from voteboard.core.model import Choice, Refused, VoteSpec
from voteboard.core.roles import Role
from voteboard.core.session import Session
from voteboard.journal.archive import open_journal
from voteboard.journal.store import Journal
from voteboard.net.protocol import Cast
from voteboard.net.server import CastDone, HallServer, ServerError, tls_context
from voteboard.ui.network import client_tls


@pytest.fixture
def hall(tmp_path: Path) -> Iterator[tuple[HallServer, dict[str, str], Journal]]:
    path = tmp_path / "j.sqlite"
    journal = open_journal(path)
    keys = journal.issue_keys(
        [("FRA", Role.CONSOLE), ("BRA", Role.CONSOLE), ("display", Role.DISPLAY)],
        at="2026-11-27",
    )
    session = Session(journal, journal.state())
    session.execute(
        PrepareVote(at=session.clock(), vote="v1", spec=VoteSpec(symbol="A/1", title="Test"))
    )
    session.execute(OpenVote(at=session.clock()))
    lock = threading.Lock()

    def submit(seat: str, choice: Choice, done: CastDone) -> None:
        with lock:
            try:
                session.execute(CastBallot(at=session.clock(), member=seat, choice=choice))
            except Refused as exc:
                done(str(exc))
                return
        done(None)

    server = HallServer(path, journal.roster, submit)
    server.start()
    yield server, keys, journal
    server.stop()
    journal.close()


async def talk(url: str, *messages: Mapping[str, object], replies: int) -> list[dict[str, object]]:
    async with connect(url) as ws:
        for message in messages:
            await ws.send(json.dumps(message))
        return [json.loads(await ws.recv()) for _ in range(replies)]


def test_a_console_votes_for_its_seat_and_is_acknowledged_once_durable(
    hall: tuple[HallServer, dict[str, str], Journal],
) -> None:
    server, keys, journal = hall
    hello = {"type": "hello", "role": "console", "seat": "FRA", "key": keys["FRA"]}
    replies = asyncio.run(
        talk(
            server.url, hello, {"type": "cast", "ref": 7, "choice": "yes", "pad": "----"}, replies=3
        )
    )
    assert replies[0]["type"] == "welcome"
    assert replies[1]["type"] == "seat"
    assert replies[1]["own"] == "none"
    assert replies[2] == {"type": "ack", "ref": 7}
    kinds = [e.kind for e in journal.events(vote="v1")]
    assert kinds[-1] == "ballot_cast"


@pytest.mark.parametrize(
    ("messages", "reason"),
    [
        ([{"type": "cast", "ref": 1, "choice": "yes"}], "authenticate first"),
        ([{"type": "hello", "role": "console", "seat": "BRA", "key": "x" * 32}], "not valid"),
        ([{"type": "hello", "role": "console", "seat": "BRA", "key": "FRA"}], "not valid"),
        (["not json at all"], "authenticate first"),
    ],
)
def test_what_is_refused_before_anything_else(
    hall: tuple[HallServer, dict[str, str], Journal], messages: list[object], reason: str
) -> None:
    server, keys, journal = hall
    resolved = [
        {**m, "key": keys["FRA"]} if isinstance(m, dict) and m.get("key") == "FRA" else m
        for m in messages
    ]

    async def run() -> dict[str, object]:
        async with connect(server.url) as ws:
            for m in resolved:
                await ws.send(m if isinstance(m, str) else json.dumps(m))
            reply: dict[str, object] = json.loads(await ws.recv())
            return reply

    reply = asyncio.run(run())
    assert reply["type"] == "refused"
    assert reason in str(reply["reason"])
    assert [e.kind for e in journal.events(vote="v1")][-1] == "vote_opened"


def test_a_revoked_key_and_bad_messages_are_answered_not_obeyed(
    hall: tuple[HallServer, dict[str, str], Journal],
) -> None:
    server, keys, journal = hall
    hello = {"type": "hello", "role": "console", "seat": "BRA", "key": keys["BRA"]}
    replies = asyncio.run(
        talk(
            server.url,
            hello,
            {"type": "vote", "for": "FRA"},
            {"type": "cast", "ref": 1, "choice": "maybe"},
            replies=4,
        )
    )
    assert replies[2]["type"] == "refused"
    assert replies[3]["type"] == "refused"
    assert journal.revoke_key("BRA", at="2026-11-27")
    reply = asyncio.run(talk(server.url, hello, replies=1))[0]
    assert reply["type"] == "refused"
    assert "revoked" in str(reply["reason"])


def test_a_hall_network_needs_tls(tmp_path: Path) -> None:
    with pytest.raises(ServerError, match="needs TLS"):
        HallServer(tmp_path / "j.sqlite", None, lambda *a: None, host="0.0.0.0")  # type: ignore[arg-type]


def test_a_console_cannot_name_another_seat_and_unknown_messages_are_refused(
    hall: tuple[HallServer, dict[str, str], Journal],
) -> None:
    server, keys, journal = hall
    hello = {"type": "hello", "role": "console", "seat": "BRA", "key": keys["BRA"]}
    replies = asyncio.run(
        talk(
            server.url,
            hello,
            {"type": "cast", "ref": 1, "choice": "yes", "seat": "FRA"},
            {"type": "cast", "ref": 2, "choice": "yes", "member": "FRA"},
            {"type": "lock"},
            {"type": "hello", "role": "console", "seat": "FRA", "key": keys["FRA"]},
            replies=6,
        )
    )
    assert [r["type"] for r in replies[2:]] == ["refused"] * 4
    assert "extra inputs are not permitted" in str(replies[2]["reason"]).lower()
    assert "does not match any of the expected tags" in str(replies[4]["reason"])
    assert replies[5]["reason"] == "already authenticated"
    assert [e.kind for e in journal.events(vote="v1")][-1] == "vote_opened"


def test_an_oversized_message_closes_the_connection_and_changes_nothing(
    hall: tuple[HallServer, dict[str, str], Journal],
) -> None:
    server, keys, journal = hall

    async def run() -> int | None:
        async with connect(server.url) as ws:
            hello = {"type": "hello", "role": "console", "seat": "FRA", "key": keys["FRA"]}
            await ws.send(json.dumps(hello))
            await ws.recv()
            await ws.recv()
            await ws.send(json.dumps({"type": "cast", "ref": 1, "choice": "yes", "x": "y" * 5000}))
            with pytest.raises(ConnectionClosed):
                await ws.recv()
            assert ws.close_code is not None
            return ws.close_code

    assert asyncio.run(run()) == 1009  # "message too big", in the WebSocket standard's words
    assert [e.kind for e in journal.events(vote="v1")][-1] == "vote_opened"


def test_a_flood_is_slowed_then_cut_off(hall: tuple[HallServer, dict[str, str], Journal]) -> None:
    server, keys, journal = hall

    async def run() -> list[dict[str, object]]:
        replies: list[dict[str, object]] = []
        async with connect(server.url) as ws:
            hello = {"type": "hello", "role": "display", "key": keys["display"]}
            await ws.send(json.dumps(hello))
            for _ in range(200):
                await ws.send(
                    json.dumps({"type": "cast", "ref": 1, "choice": "yes", "pad": "----"})
                )
            with contextlib.suppress(ConnectionClosed):
                async for raw in ws:
                    replies.append(json.loads(raw))
        return replies

    replies = asyncio.run(run())
    reasons = [str(r.get("reason")) for r in replies if r["type"] == "refused"]
    assert "a display does not vote" in reasons  # the first ones are read and answered
    assert "too many messages: slow down" in reasons
    assert len(reasons) < 200  # cut off before the end of the flood
    assert [e.kind for e in journal.events(vote="v1")][-1] == "vote_opened"


def test_a_key_revoked_while_connected_ends_the_connection(
    hall: tuple[HallServer, dict[str, str], Journal],
) -> None:
    server, keys, journal = hall

    async def run() -> list[dict[str, object]]:
        async with connect(server.url) as ws:
            hello = {"type": "hello", "role": "console", "seat": "FRA", "key": keys["FRA"]}
            await ws.send(json.dumps(hello))
            replies = [json.loads(await ws.recv()) for _ in range(2)]
            assert journal.revoke_key("FRA", at="2026-11-28")
            await ws.send(json.dumps({"type": "cast", "ref": 3, "choice": "no", "pad": "-----"}))
            replies.append(json.loads(await ws.recv()))
            with pytest.raises(ConnectionClosed):
                await ws.recv()
            return replies

    replies = asyncio.run(run())
    assert replies[2] == {"type": "refused", "ref": 3, "reason": "the key of seat FRA was revoked"}
    assert [e.kind for e in journal.events(vote="v1")][-1] == "vote_opened"


def certificate(folder: Path) -> tuple[Path, Path]:
    """A hall's own certificate for 127.0.0.1, made with the openssl command."""
    cert, key = folder / "hall.pem", folder / "hall.key"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=voteboard hall",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.mark.skipif(shutil.which("openssl") is None, reason="the openssl command makes the cert")
def test_on_a_hall_network_with_tls_a_console_votes_over_wss(
    hall: tuple[HallServer, dict[str, str], Journal], tmp_path: Path
) -> None:
    _, keys, journal = hall
    cert, key = certificate(tmp_path)
    with pytest.raises(ServerError, match="cannot be used"):
        tls_context(key, key)
    server = HallServer(
        journal.path,
        journal.roster,
        lambda seat, choice, done: done(None),
        host="0.0.0.0",
        tls=tls_context(cert, key),
    )
    server.start()
    try:
        url = f"wss://127.0.0.1:{server.port}"
        fleet = Fleet(url, keys, seats=["FRA"], tls=client_tls(url, cert))
        fleet.start()
        answer = fleet.vote({"FRA": Choice.YES}, within_s=0).result(10)
        fleet.stop()
        assert answer["FRA"] == {"type": "ack", "ref": 1}
        # Without the hall's certificate authority, the client does not trust the endpoint.
        untrusted = Fleet(url, keys, seats=["FRA"], tls=client_tls(url, None))
        with pytest.raises(ssl.SSLCertVerificationError):
            untrusted.start()
        untrusted.stop()
        # And plain ws:// is not served at all.
        with pytest.raises(Exception):  # noqa: B017, PT011 (the handshake fails, how it may)
            asyncio.run(talk(f"ws://127.0.0.1:{server.port}", {"type": "x"}, replies=1))
    finally:
        server.stop()


def test_every_ballot_is_the_same_length_whatever_its_choice(
    hall: tuple[HallServer, dict[str, str], Journal],
) -> None:
    """Encryption hides what a message says, not its size: a secret ballot's size must not
    tell its choice, so a ballot without its padding is refused."""
    sizes = {len(Cast.of(12, choice).model_dump_json()) for choice in Choice}
    assert len(sizes) == 1
    server, keys, journal = hall
    hello = {"type": "hello", "role": "console", "seat": "FRA", "key": keys["FRA"]}
    replies = asyncio.run(
        talk(server.url, hello, {"type": "cast", "ref": 1, "choice": "no"}, replies=3)
    )
    assert replies[2]["type"] == "refused"
    assert "must be 7 characters together" in str(replies[2]["reason"])
    assert [e.kind for e in journal.events(vote="v1")][-1] == "vote_opened"


def test_a_client_of_another_protocol_version_is_told_so(
    hall: tuple[HallServer, dict[str, str], Journal],
) -> None:
    server, keys, _ = hall
    hello = {"type": "hello", "protocol": 9, "role": "display", "key": keys["display"]}
    reply = asyncio.run(talk(server.url, hello, replies=1))[0]
    assert reply["type"] == "refused"
    assert reply["reason"] == "protocol 9 is not spoken here: this control process speaks 1"


def test_under_publishes_a_replacing_console_is_welcomed_first_and_the_older_told(
    hall: tuple[HallServer, dict[str, str], Journal],
) -> None:
    """A console that reconnects while boards are being published (the usual case: its older
    connection is dead) gets its welcome before anything else, and the older one is told."""
    server, keys, journal = hall
    state = journal.state()
    board = hall_board(state, dt.date.today())
    stop = threading.Event()

    def publish() -> None:
        while not stop.wait(0.002):
            server.publish(state, board)

    publisher = threading.Thread(target=publish)
    publisher.start()
    hello = {"type": "hello", "role": "console", "seat": "FRA", "key": keys["FRA"]}

    async def run() -> tuple[list[str], list[str]]:
        async with connect(server.url) as older:
            await older.send(json.dumps(hello))
            firsts = [json.loads(await older.recv())["type"]]
            async with connect(server.url) as newer:
                await newer.send(json.dumps(hello))
                firsts += [json.loads(await newer.recv())["type"] for _ in range(2)]
                told = [json.loads(raw)["type"] async for raw in older]
                assert server.connections()["consoles"] == ["FRA"]
        return firsts, told

    try:
        firsts, told = asyncio.run(run())
    finally:
        stop.set()
        publisher.join()
    assert firsts == ["welcome", "welcome", "seat"]
    assert told[-1] == "replaced"


def test_a_client_gone_during_its_hello_is_not_counted_as_connected(
    hall: tuple[HallServer, dict[str, str], Journal],
) -> None:
    server, keys, _ = hall

    async def hello_and_go(message: dict[str, object]) -> None:
        async with connect(server.url) as ws:
            await ws.send(json.dumps(message))

    for _ in range(10):
        asyncio.run(hello_and_go({"type": "hello", "role": "display", "key": keys["display"]}))
        asyncio.run(
            hello_and_go({"type": "hello", "role": "console", "seat": "BRA", "key": keys["BRA"]})
        )
    deadline = threading.Event()
    for _ in range(200):  # the endpoint's thread forgets them as their closings arrive
        if server.connections() == {
            "displays": 0,
            "operators": 0,
            "consoles": [],
            "viewers": 0,
        }:
            break
        deadline.wait(0.01)
    assert server.connections() == {
        "displays": 0,
        "operators": 0,
        "consoles": [],
        "viewers": 0,
    }


def test_a_display_whose_key_is_revoked_is_disconnected(
    hall: tuple[HallServer, dict[str, str], Journal],
) -> None:
    server, keys, journal = hall

    async def run() -> list[dict[str, object]]:
        async with connect(server.url) as ws:
            await ws.send(json.dumps({"type": "hello", "role": "display", "key": keys["display"]}))
            assert json.loads(await ws.recv())["type"] == "welcome"
            assert journal.revoke_key("display", at="2026-11-28")
            # Within the endpoint's next check of the keys (every 2 s), not at its next publish.
            told = []
            with contextlib.suppress(ConnectionClosed):
                async for raw in ws:
                    told.append(json.loads(raw))
            assert ws.close_code == 1008
            return told

    told = asyncio.run(asyncio.wait_for(run(), timeout=10))
    assert told[-1] == {
        "type": "refused",
        "ref": None,
        "reason": "the key of the display was revoked",
    }
    assert server.connections()["displays"] == 0
