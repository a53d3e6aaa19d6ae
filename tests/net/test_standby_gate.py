"""The primary's gate on the consoles' acknowledgements (`net/standby.Feed`), in its loop: an
acknowledgement waits for the standby exactly as long as it must, and no longer."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from voteboard.net import standby
from voteboard.net.standby import Feed, StandbyState


def feed() -> tuple[Feed, list[str]]:
    gate = Feed(Path("unused.sqlite"))
    gate.attached, gate.state = True, StandbyState.FOLLOWING
    return gate, []


def test_an_ack_waits_for_the_standby_to_keep_its_event() -> None:
    async def run() -> list[str]:
        gate, told = feed()
        gate.durable(5, [lambda: told.append("FRA")])
        gate.durable(6, [lambda: told.append("BRA")])
        assert told == []
        gate.kept = 5
        gate._release(5)
        assert told == ["FRA"]
        gate.kept = 6
        gate._release(6)
        return told

    assert asyncio.run(run()) == ["FRA", "BRA"]


def test_an_event_the_standby_already_keeps_is_acknowledged_at_once() -> None:
    async def run() -> list[str]:
        gate, told = feed()
        gate.kept = 9  # its `kept` came back before the journal's thread told the loop
        gate.durable(9, [lambda: told.append("KEN")])
        return told

    assert asyncio.run(run()) == ["KEN"]


def test_a_standby_too_slow_is_detached_and_the_held_acks_go(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(standby, "STANDBY_WAIT_S", 0.01)

    async def run() -> tuple[list[str], Feed]:
        gate, told = feed()
        released = asyncio.Event()

        def release() -> None:
            told.append("PER")
            released.set()

        gate.durable(3, [release])
        await asyncio.wait_for(released.wait(), 5)
        gate.durable(4, [lambda: told.append("QAT")])  # detached: not waited for
        return told, gate

    told, gate = asyncio.run(run())
    assert told == ["PER", "QAT"]
    assert gate.state is StandbyState.BEHIND
    assert not gate.attached
