"""The state of an assembly and of each vote, folded from events by the pure `evolve`.

Live operation, crash recovery and replay all use this one fold. The state uses persistent
maps and sets so that a ballot costs O(log n), never a copy of the roster.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from pyrsistent import pmap, pset, pvector
from pyrsistent.typing import PMap, PSet, PVector

from voteboard.core.events import (
    BallotCast,
    BallotChanged,
    BallotDeposited,
    CorrectionRecorded,
    Event,
    RightRestored,
    RightWithdrawn,
    VoteCancelled,
    VoteClosed,
    VoteLocked,
    VoteOpened,
    VotePaused,
    VotePrepared,
    VoteResumed,
)
from voteboard.core.model import Choice, Counts, Light, Mode, Phase, Refused, VoteSpec
from voteboard.core.roster import Roster
from voteboard.core.tally import Outcome, Tally, decide_outcome

_NO_COUNTS = Counts(yes=0, no=0, abstain=0)
_LIGHT_OF = {Choice.YES: Light.YES, Choice.NO: Light.NO, Choice.ABSTAIN: Light.ABSTAIN}


@dataclass(frozen=True, slots=True)
class VoteState:
    """One vote: its phase, who has voted and (recorded mode only) what each member chose.

    A secret vote never holds a member-to-choice mapping: `ballots` stays empty and its
    totals exist only from the close on, counted from the urn.
    """

    id: str
    spec: VoteSpec
    members: int
    phase: Phase
    ineligible: PSet[str]
    voted: PSet[str]
    ballots: PMap[str, Choice]
    by_secretariat: PSet[str]
    running: Counts
    totals: Counts | None
    corrections: PVector[CorrectionRecorded]
    prepared_at: datetime
    opened_at: datetime | None = None
    closed_at: datetime | None = None
    ended_at: datetime | None = None

    @property
    def secret(self) -> bool:
        return self.spec.mode is Mode.SECRET

    @property
    def in_progress(self) -> bool:
        """Prepared, open, paused or closed: not yet locked or cancelled."""
        return self.phase not in (Phase.LOCKED, Phase.CANCELLED)

    def counts(self) -> Counts:
        """The choice totals; refused for a secret ballot until it is closed."""
        if self.totals is not None:
            return self.totals
        if self.secret:
            raise Refused("the totals of a secret ballot are known only once the vote is closed")
        return self.running

    def tally(self) -> Tally:
        return Tally.of(self.counts(), self.members)

    def outcome(self) -> Outcome | None:
        """The outcome once the vote is closed (provisional) or locked (final)."""
        if self.totals is None or self.phase is Phase.CANCELLED:
            return None
        return decide_outcome(self.tally(), self.spec.majority, self.spec.quorum)

    def light(self, code: str) -> Light:
        """What the board shows beside a member's name."""
        if code in self.ineligible:
            return Light.INELIGIBLE
        choice = self.ballots.get(code)
        if choice is not None:
            return _LIGHT_OF[choice]
        return Light.VOTED if code in self.voted else Light.NONE


def new_vote(event: VotePrepared, roster: Roster) -> VoteState:
    return VoteState(
        id=event.vote,
        spec=event.spec,
        members=len(roster),
        phase=Phase.PREPARED,
        ineligible=pset(event.ineligible),
        voted=pset(),
        ballots=pmap(),
        by_secretariat=pset(),
        running=_NO_COUNTS,
        totals=None,
        corrections=pvector(),
        prepared_at=event.at,
    )


def _bump(counts: Counts, choice: Choice, by: int) -> Counts:
    return counts.model_copy(update={choice.value: counts.of(choice) + by})


def evolve_vote(vote: VoteState, event: Event) -> VoteState:
    """Folds one event of this vote into its state (pure)."""
    match event:
        case VoteOpened():
            return replace(vote, phase=Phase.OPEN, opened_at=event.at)
        case VotePaused():
            return replace(vote, phase=Phase.PAUSED)
        case VoteResumed():
            return replace(vote, phase=Phase.OPEN)
        case BallotCast():
            return replace(
                vote,
                voted=vote.voted.add(event.member),
                ballots=vote.ballots.set(event.member, event.choice),
                running=_bump(vote.running, event.choice, 1),
                by_secretariat=_mark(vote.by_secretariat, event.member, event.by_secretariat),
            )
        case BallotChanged():
            running = _bump(_bump(vote.running, event.previous, -1), event.choice, 1)
            return replace(
                vote,
                ballots=vote.ballots.set(event.member, event.choice),
                running=running,
                by_secretariat=_mark(vote.by_secretariat, event.member, event.by_secretariat),
            )
        case BallotDeposited():
            return replace(
                vote,
                voted=vote.voted.add(event.member),
                by_secretariat=_mark(vote.by_secretariat, event.member, event.by_secretariat),
            )
        case VoteClosed():
            return replace(vote, phase=Phase.CLOSED, totals=event.totals, closed_at=event.at)
        case VoteLocked():
            return replace(vote, phase=Phase.LOCKED, ended_at=event.at)
        case VoteCancelled():
            return replace(vote, phase=Phase.CANCELLED, ended_at=event.at)
        case CorrectionRecorded():
            return replace(vote, corrections=vote.corrections.append(event))
        case RightWithdrawn():
            return replace(vote, ineligible=vote.ineligible.add(event.member))
        case RightRestored():
            return replace(vote, ineligible=vote.ineligible.discard(event.member))
        case VotePrepared():
            raise ValueError(f"vote {vote.id} is prepared twice")


def _mark(marked: PSet[str], member: str, flag: bool) -> PSet[str]:
    return marked.add(member) if flag else marked.discard(member)


@dataclass(frozen=True, slots=True)
class AssemblyState:
    """The assembly: its roster, the rights to vote, every vote and the one in progress."""

    roster: Roster
    ineligible: PSet[str]
    votes: PMap[str, VoteState]
    order: PVector[str]
    current: str | None = None

    @classmethod
    def initial(cls, roster: Roster) -> AssemblyState:
        return cls(
            roster=roster,
            ineligible=pset(roster.without_right_to_vote),
            votes=pmap(),
            order=pvector(),
        )

    @property
    def current_vote(self) -> VoteState | None:
        return None if self.current is None else self.votes[self.current]

    @property
    def last_vote(self) -> VoteState | None:
        return self.votes[self.order[-1]] if self.order else None


def evolve(state: AssemblyState, event: Event) -> AssemblyState:
    """Folds one event into the assembly's state (pure)."""
    match event:
        case VotePrepared():
            vote = new_vote(event, state.roster)
            return replace(
                state,
                votes=state.votes.set(vote.id, vote),
                order=state.order.append(vote.id),
                current=vote.id,
            )
        case RightWithdrawn() | RightRestored():
            withdrawn = isinstance(event, RightWithdrawn)
            ineligible = (
                state.ineligible.add(event.member)
                if withdrawn
                else state.ineligible.discard(event.member)
            )
            state = replace(state, ineligible=ineligible)
            if event.vote is None:
                return state
    if event.vote is None:
        raise ValueError(f"a {event.kind} event names no vote")
    vote = evolve_vote(state.votes[event.vote], event)
    current = state.current if vote.in_progress else None
    return replace(state, votes=state.votes.set(vote.id, vote), current=current)


def fold(roster: Roster, events: Iterable[Event]) -> AssemblyState:
    """The state after a sequence of events, from the start."""
    state = AssemblyState.initial(roster)
    for event in events:
        state = evolve(state, event)
    return state


def fold_vote(roster: Roster, events: Iterable[Event]) -> VoteState:
    """The state of one vote from its own events (the first must prepare it)."""
    iterator = iter(events)
    first = next(iterator)
    if not isinstance(first, VotePrepared):
        raise ValueError("a vote's events begin with its preparation")
    vote = new_vote(first, roster)
    for event in iterator:
        vote = evolve_vote(vote, event)
    return vote
