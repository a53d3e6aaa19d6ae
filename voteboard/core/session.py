"""A session: decide, make durable, then fold. The one path every command takes.

The control window, the simulator and the network server all drive a `Session`; what makes
it durable is a `Store` (the SQLite journal in the product, `MemoryStore` for the core's own
tests). Nothing is folded into the state, and so nothing is shown, before the store says it
is durable.
"""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol, runtime_checkable

from voteboard.core.commands import CastBallot, CloseVote, Command
from voteboard.core.decide import decide
from voteboard.core.events import Event
from voteboard.core.model import Choice, Counts, Refused
from voteboard.core.state import AssemblyState, evolve


def utc_now() -> datetime:
    """The time now, in UTC: the moment a command carries, unless the session is given another
    clock."""
    return datetime.now(UTC)


def new_vote_id() -> str:
    """A fresh, unguessable vote id."""
    return "v-" + secrets.token_hex(6)


@dataclass(frozen=True)
class UrnCount:
    """What the count of an urn found: the totals, and the digest of the urn it counted."""

    totals: Counts
    digest: str | None = None


class Store(Protocol):
    """Where events become durable; a secret ballot's choice goes to the vote's urn."""

    def append(
        self, events: Sequence[Event], urn: tuple[str, Choice] | None = None
    ) -> Sequence[Event]:
        """Writes the events (and the urn deposit) atomically; returns them as written (a
        deposit bears its seal) once they are durable."""

    def count_urn(self, vote: str) -> UrnCount:
        """The totals of a vote's urn (called only to close the vote); raises `Refused` when
        the urn cannot be counted."""


Urn = tuple[str, Choice]
"""A secret ballot's deposit: the vote and the choice."""


@runtime_checkable
class GroupStore(Store, Protocol):
    """A store that makes several commands durable in one write (one commit for a burst of
    ballots, instead of one each)."""

    def append_all(
        self, groups: Sequence[tuple[Sequence[Event], Urn | None]]
    ) -> list[Sequence[Event]]:
        """Writes each group's events (and its urn deposit) in one atomic, durable
        transaction: all of them or none; returns each group as written."""


class MemoryStore:
    """A store in memory for tests: events in order, each urn a bare count of choices."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self._urns: dict[str, Counter[Choice]] = {}

    def append(
        self, events: Sequence[Event], urn: tuple[str, Choice] | None = None
    ) -> Sequence[Event]:
        self.events.extend(events)
        if urn is not None:
            self._urns.setdefault(urn[0], Counter())[urn[1]] += 1
        return events

    def append_all(
        self, groups: Sequence[tuple[Sequence[Event], Urn | None]]
    ) -> list[Sequence[Event]]:
        return [self.append(events, urn) for events, urn in groups]

    def count_urn(self, vote: str) -> UrnCount:
        urn = self._urns.get(vote, Counter[Choice]())
        return UrnCount(Counts(yes=urn[Choice.YES], no=urn[Choice.NO], abstain=urn[Choice.ABSTAIN]))


class Session:
    """Runs commands against the assembly: decide, store durably, fold, in that order."""

    def __init__(
        self,
        store: Store,
        state: AssemblyState,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._store = store
        self._state = state
        self.clock = clock

    @property
    def state(self) -> AssemblyState:
        return self._state

    def execute(self, command: Command) -> tuple[Event, ...]:
        """Applies a command; raises `Refused` (changing nothing) when the rules forbid it."""
        vote = self._state.current_vote
        if isinstance(command, CloseVote) and vote is not None and vote.secret:
            count = self._store.count_urn(vote.id)
            command = command.model_copy(update={"urn": count.totals, "urn_digest": count.digest})
        decision = decide(self._state, command)
        urn = None
        if decision.urn is not None:
            assert vote is not None
            urn = (vote.id, decision.urn)
        written = tuple(self._store.append(decision.events, urn))
        state = self._state
        for event in written:
            state = evolve(state, event)
        self._state = state
        return written

    def execute_ballots(self, ballots: Sequence[CastBallot]) -> list[tuple[Event, ...] | Refused]:
        """Applies ballots in order and makes them durable together: one write for a burst
        (a `GroupStore`'s; a plain store's, one each), as if each had been executed in its
        turn (each is decided on the state the ones before it leave). For each, its events,
        or the `Refused` of a ballot the rules refuse (it changes nothing, the others go on).
        Whatever the store raises, the state is unchanged (every ballot of the burst failed)
        and a `GroupStore` wrote none of them."""
        state = self._state
        outcomes: list[tuple[Event, ...] | Refused] = []
        groups: list[tuple[tuple[Event, ...], Urn | None]] = []
        for ballot in ballots:
            try:
                decision = decide(state, ballot)
            except Refused as exc:
                outcomes.append(exc)
                continue
            vote = state.current_vote
            urn = None
            if decision.urn is not None:
                assert vote is not None
                urn = (vote.id, decision.urn)
            groups.append((decision.events, urn))
            outcomes.append(decision.events)  # replaced by the events as written below
            for event in decision.events:
                state = evolve(state, event)
        if not groups:
            return outcomes
        store = self._store
        if isinstance(store, GroupStore):
            written = [tuple(events) for events in store.append_all(groups)]
        else:
            written = [tuple(store.append(events, urn)) for events, urn in groups]
        state = self._state
        kept = iter(written)
        for index, outcome in enumerate(outcomes):
            if not isinstance(outcome, Refused):
                outcomes[index] = events = next(kept)
                for event in events:
                    state = evolve(state, event)
        self._state = state
        return outcomes
