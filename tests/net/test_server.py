"""The WebSocket endpoint on real loopback sockets (the groundwork of issue 7): keys checked
against the journal, a console's ballot made durable before it is acknowledged, refusals."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from websockets.asyncio.client import connect

from voteboard.core.commands import CastBallot, OpenVote, PrepareVote
from voteboard.core.model import Choice, Refused, VoteSpec
from voteboard.core.session import Session
from voteboard.journal.archive import open_journal
from voteboard.journal.store import Journal
from voteboard.net.server import CastDone, HallServer, ServerError


@pytest.fixture
def hall(tmp_path: Path) -> Iterator[tuple[HallServer, dict[str, str], Journal]]:
    path = tmp_path / "j.sqlite"
    journal = open_journal(path)
    keys = journal.issue_keys(
        [("FRA", "console"), ("BRA", "console"), ("display", "display")], at="2026-11-27"
    )
    session = Session(journal, journal.state())
    session.execute(PrepareVote(at=session.clock(), vote="v1", spec=VoteSpec(symbol="A/1")))
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


async def talk(url: str, *messages: dict[str, object], replies: int) -> list[dict[str, object]]:
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
        talk(server.url, hello, {"type": "cast", "ref": 7, "choice": "yes"}, replies=3)
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
            return json.loads(await ws.recv())

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
