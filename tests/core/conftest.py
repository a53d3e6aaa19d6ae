"""Fixtures for the core: the UN roster, and a session on a memory store with a ticking clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tests.clock import TickingClock
from voteboard.core.commands import PrepareVote
from voteboard.core.model import Majority, Mode, VoteSpec
from voteboard.core.roster import Roster
from voteboard.core.session import MemoryStore, Session
from voteboard.core.state import AssemblyState
from voteboard.resources import un_roster


@pytest.fixture
def roster() -> Roster:
    return un_roster()


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore()


@pytest.fixture
def session(roster: Roster, store: MemoryStore) -> Session:
    return Session(store, AssemblyState.initial(roster), clock=TickingClock())


@pytest.fixture
def prepare(session: Session) -> Callable[..., Session]:
    """Prepares a vote on the session: prepare(mode=..., majority=..., quorum=...)."""

    counter: Iterator[int] = iter(range(1, 1000))

    def _prepare(
        mode: Mode = Mode.RECORDED,
        majority: Majority = Majority.SIMPLE,
        quorum: int | None = None,
        symbol: str = "A/ES-11/L.5",
    ) -> Session:
        spec = VoteSpec(symbol=symbol, title="Test", mode=mode, majority=majority, quorum=quorum)
        session.execute(PrepareVote(at=session.clock(), vote=f"v{next(counter)}", spec=spec))
        return session

    return _prepare
