"""The state of an assembly and of each vote, folded from events by the pure `evolve`.

Live operation, crash recovery and replay all use this one fold. The state uses persistent
maps (a C hash array mapped trie) so that a ballot costs O(log n), never a copy of the roster.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, NamedTuple, TypeVar

from immutables import Map

from voteboard.core.events import (
    BallotCast,
    BallotChanged,
    BallotDeposited,
    CorrectionRecorded,
    CountdownStarted,
    CountdownStopped,
    Event,
    RightRestored,
    RightWithdrawn,
    RollCallDrawn,
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

MemberSet = Map[str, bool]
"""A set of member codes, persistent: `code in s`, `_add(s, code)`, `_discard(s, code)`."""

_EMPTY: MemberSet = Map()


@dataclass(frozen=True)
class VoteState:
    """One vote: its phase, who has voted and (recorded mode only) what each member chose.

    A secret vote never holds a member-to-choice mapping: `ballots` stays empty and its
    totals exist only from the close on, counted from the urn.
    """

    id: str
    spec: VoteSpec
    members: int
    phase: Phase
    ineligible: MemberSet
    voted: MemberSet
    ballots: Map[str, Choice]
    by_secretariat: MemberSet
    running: _Running
    totals: Counts | None
    corrections: tuple[CorrectionRecorded, ...]
    prepared_at: datetime
    opened_at: datetime | None = None
    closed_at: datetime | None = None
    ended_at: datetime | None = None
    roll_call_from: str | None = None
    closes_at: datetime | None = None
    """The countdown's end while one runs (announced on the board)."""
    retake_of: str | None = None
    """The vote that this one takes again (the latest earlier vote on the same symbol)."""
    paused_at: datetime | None = None
    """While the vote is suspended: since when (the clock stands still)."""
    paused_s: float = 0.0
    """How long the vote was suspended before, in all: not counted as time open."""

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
        return Counts(yes=self.running.yes, no=self.running.no, abstain=self.running.abstain)

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
            return choice.light
        return Light.VOTED if code in self.voted else Light.NONE


_State = TypeVar("_State", "VoteState", "AssemblyState")


def _with(state: _State, **changes: object) -> _State:
    """`dataclasses.replace` without its cost (it is on the path of every ballot): the fields
    are copied as they are, so `changes` must have the fields' types."""
    new = object.__new__(type(state))
    new.__dict__.update(state.__dict__, **changes)
    return new


def new_vote(event: VotePrepared, roster: Roster) -> VoteState:
    """A vote as its preparation makes it: nobody has voted, its rights as they were then."""
    return VoteState(
        id=event.vote,
        spec=event.spec,
        members=len(roster),
        phase=Phase.PREPARED,
        ineligible=Map(dict.fromkeys(event.ineligible, True)),
        voted=_EMPTY,
        ballots=Map(),
        by_secretariat=_EMPTY,
        running=_Running(0, 0, 0),
        totals=None,
        corrections=(),
        prepared_at=event.at,
        retake_of=event.retake_of,
    )


class _Running(NamedTuple):
    """The running totals of a recorded vote (a secret vote never has any)."""

    yes: int
    no: int
    abstain: int


def _bump(counts: _Running, choice: Choice, by: int) -> _Running:
    yes, no, abstain = counts
    if choice is Choice.YES:
        return _Running(yes + by, no, abstain)
    if choice is Choice.NO:
        return _Running(yes, no + by, abstain)
    return _Running(yes, no, abstain + by)


def _add(members: MemberSet, code: str) -> MemberSet:
    return members.set(code, True)


def _discard(members: MemberSet, code: str) -> MemberSet:
    return members.delete(code) if code in members else members


def evolve_vote(vote: VoteState, event: Event) -> VoteState:  # noqa: C901 (a case per event kind)
    """Folds one event of this vote into its state (pure)."""
    # Ballots first: they are nearly all of the events.
    match event:
        case BallotCast():
            return _with(
                vote,
                voted=_add(vote.voted, event.member),
                ballots=vote.ballots.set(event.member, event.choice),
                running=_bump(vote.running, event.choice, 1),
                by_secretariat=_mark(vote.by_secretariat, event.member, event.by_secretariat),
            )
        case BallotChanged():
            running = _bump(_bump(vote.running, event.previous, -1), event.choice, 1)
            return _with(
                vote,
                ballots=vote.ballots.set(event.member, event.choice),
                running=running,
                by_secretariat=_mark(vote.by_secretariat, event.member, event.by_secretariat),
            )
        case BallotDeposited():
            return _with(
                vote,
                voted=_add(vote.voted, event.member),
                by_secretariat=_mark(vote.by_secretariat, event.member, event.by_secretariat),
            )
        case VoteOpened():
            return _with(vote, phase=Phase.OPEN, opened_at=event.at)
        case VotePaused():
            return _with(vote, phase=Phase.PAUSED, closes_at=None, paused_at=event.at)
        case VoteResumed():
            paused = (event.at - vote.paused_at).total_seconds() if vote.paused_at else 0.0
            return _with(
                vote, phase=Phase.OPEN, paused_at=None, paused_s=vote.paused_s + max(paused, 0.0)
            )
        case VoteClosed():
            return _with(
                vote, phase=Phase.CLOSED, totals=event.totals, closed_at=event.at, closes_at=None
            )
        case VoteLocked():
            return _with(vote, phase=Phase.LOCKED, ended_at=event.at)
        case VoteCancelled():
            return _with(vote, phase=Phase.CANCELLED, ended_at=event.at, closes_at=None)
        case RollCallDrawn():
            return _with(vote, roll_call_from=event.first)
        case CountdownStarted():
            return _with(vote, closes_at=event.ends_at)
        case CountdownStopped():
            return _with(vote, closes_at=None)
        case CorrectionRecorded():
            return _with(vote, corrections=(*vote.corrections, event))
        case RightWithdrawn():
            return _with(vote, ineligible=_add(vote.ineligible, event.member))
        case RightRestored():
            return _with(vote, ineligible=_discard(vote.ineligible, event.member))
        case VotePrepared():
            raise ValueError(f"vote {vote.id} is prepared twice")


def _mark(marked: MemberSet, member: str, flag: bool) -> MemberSet:
    return _add(marked, member) if flag else _discard(marked, member)


@dataclass(frozen=True)
class AssemblyState:
    """The assembly: its roster, the rights to vote, every vote and the one in progress."""

    roster: Roster
    ineligible: MemberSet
    votes: Map[str, VoteState]
    order: tuple[str, ...]
    current: str | None = None

    @classmethod
    def initial(cls, roster: Roster) -> AssemblyState:
        return cls(
            roster=roster,
            ineligible=Map(dict.fromkeys(roster.without_right_to_vote, True)),
            votes=Map(),
            order=(),
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
            return _with(
                state,
                votes=state.votes.set(vote.id, vote),
                order=(*state.order, vote.id),
                current=vote.id,
            )
        case RightWithdrawn() | RightRestored():
            withdrawn = isinstance(event, RightWithdrawn)
            ineligible = (
                _add(state.ineligible, event.member)
                if withdrawn
                else _discard(state.ineligible, event.member)
            )
            state = _with(state, ineligible=ineligible)
            if event.vote is None:
                return state
    if event.vote is None:
        raise ValueError(f"a {event.kind} event names no vote")
    return _stored(state, evolve_vote(state.votes[event.vote], event))


def _stored(state: AssemblyState, vote: VoteState) -> AssemblyState:
    # A vote that ends gives up the hall; a correction to an earlier, locked vote leaves the
    # vote in progress where it is.
    ended = state.current == vote.id and not vote.in_progress
    current = None if ended else state.current
    return _with(state, votes=state.votes.set(vote.id, vote), current=current)


_ASSEMBLY_EVENTS = (VotePrepared, RightWithdrawn, RightRestored)


def fold(roster: Roster, events: Iterable[Event]) -> AssemblyState:
    """The state after a sequence of events, from the start: `evolve` applied to each."""
    return fold_from(AssemblyState.initial(roster), events)


def fold_from(state: AssemblyState, events: Iterable[Event]) -> AssemblyState:
    """The state after more events (from a snapshot of the state, or from the start).

    A run of events of one vote is folded into that vote alone and stored in the assembly
    once at its end, which gives the same state as `evolve` with less copying (a journal of
    a thousand votes is folded at every start).
    """
    pending: VoteState | None = None
    for event in events:
        if isinstance(event, _ASSEMBLY_EVENTS):
            if pending is not None:
                state, pending = _stored(state, pending), None
            state = evolve(state, event)
            continue
        if pending is not None and pending.id != event.vote:
            state, pending = _stored(state, pending), None
        pending = evolve_vote(pending or state.votes[event.vote], event)
    return state if pending is None else _stored(state, pending)


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


# ---- snapshots of the state -------------------------------------------------------------

SNAPSHOT_VERSION = 1
"""The shape of a snapshot of the state, and the fold that made it. Bump it when a field of
`VoteState` or `AssemblyState` changes, or what `evolve` makes of an event: a snapshot of
another version is set aside, and the events are folded again."""

_VOTE_FIELDS = frozenset(f.name for f in fields(VoteState))
_ASSEMBLY_FIELDS = frozenset(f.name for f in fields(AssemblyState))


def vote_snapshot(vote: VoteState, index: Mapping[str, int]) -> dict[str, object]:
    """A vote's state as plain JSON values, for a snapshot. `index` is each member's place on
    the roster: who voted and their ballots are one mark per member in roster order (`.` did
    not vote, `v` voted, `y`, `n`, `a` voted so; capitals for a ballot without a vote), the
    other sets of members their codes in sorted order: nothing keeps the order they came in.

    A secret vote holds no more here than its events do: who has voted, and its totals once
    closed. One that would hold a member's choice or a running total is refused (ValueError),
    as are a member not on the roster and a vote whose fields are not those this version
    knows."""
    if vars(vote).keys() != _VOTE_FIELDS:
        raise ValueError(f"vote {vote.id}: its fields are not those of this snapshot version")
    if vote.secret and (vote.ballots or any(vote.running)):
        raise ValueError(f"the secret vote {vote.id} holds choices: it is never put in a snapshot")
    marks = ["."] * len(index)
    try:
        for code in vote.voted:
            marks[index[code]] = "v"
        for code, choice in vote.ballots.items():
            place = index[code]
            mark = _MARKS[choice]
            marks[place] = mark if marks[place] == "v" else mark.upper()
    except KeyError as exc:
        raise ValueError(f"vote {vote.id}: {exc} is not on the roster") from None
    return {
        "id": vote.id,
        "spec": vote.spec.model_dump(mode="json"),
        "members": vote.members,
        "phase": vote.phase.value,
        "marks": "".join(marks),
        "ineligible": _codes(vote.ineligible),
        "by_secretariat": _codes(vote.by_secretariat),
        "running": list(vote.running),
        "totals": None if vote.totals is None else vote.totals.model_dump(mode="json"),
        "corrections": [c.model_dump(mode="json") for c in vote.corrections],
        "prepared_at": vote.prepared_at.isoformat(),
        "opened_at": _moment(vote.opened_at),
        "closed_at": _moment(vote.closed_at),
        "ended_at": _moment(vote.ended_at),
        "roll_call_from": vote.roll_call_from,
        "closes_at": _moment(vote.closes_at),
        "retake_of": vote.retake_of,
        "paused_at": _moment(vote.paused_at),
        "paused_s": vote.paused_s,
    }


_MARKS = {Choice.YES: "y", Choice.NO: "n", Choice.ABSTAIN: "a"}
_CHOICE_OF_MARK = {
    **{mark: choice for choice, mark in _MARKS.items()},
    **{mark.upper(): choice for choice, mark in _MARKS.items()},
}
_VOTED = str.maketrans("vynaYNA.", "11110000")
_NOT_A_MARK = str.maketrans("", "", ".vynaYNA")


def vote_from_snapshot(
    data: Mapping[str, Any], codes: Sequence[str], shared: dict[tuple[str, str], MemberSet]
) -> VoteState:
    """The vote `vote_snapshot` wrote, on the roster of `codes`. `shared` holds the sets of
    members already read: votes that had the same voters share one (persistent maps are
    never changed). Raises KeyError, TypeError or ValueError for data of another shape."""
    marks = _text(data["marks"])
    if len(marks) != len(codes) or marks.translate(_NOT_A_MARK):
        raise ValueError("the marks are not one of . v y n a Y N A for each member")
    if "." in marks or "v" in marks:
        ballots = Map(
            {
                code: _CHOICE_OF_MARK[m]
                for code, m in zip(codes, marks, strict=True)
                if m not in ".v"
            }
        )
    else:  # everyone voted and the ballots are known: the usual recorded vote
        ballots = Map(zip(codes, map(_CHOICE_OF_MARK.__getitem__, marks), strict=True))
    voted_key = ("voted", marks.translate(_VOTED))
    voted = shared.get(voted_key)
    if voted is None:
        voted = shared[voted_key] = Map(
            dict.fromkeys((c for c, v in zip(codes, voted_key[1], strict=True) if v == "1"), True)
        )
    running = data["running"]
    if (
        not isinstance(running, list)
        or len(running) != 3
        or any(type(n) is not int for n in running)
    ):
        raise ValueError("the running totals are three numbers")
    totals = data["totals"]
    vote = object.__new__(VoteState)
    # Every field, as `_with` sets them (the frozen dataclass's __init__ costs more than the
    # rest of the reading); `vote_snapshot` refuses a vote of other fields.
    vote.__dict__.update(
        id=_text(data["id"]),
        spec=VoteSpec.model_validate(data["spec"]),
        members=_number(data["members"]),
        phase=Phase(data["phase"]),
        ineligible=_members(data["ineligible"], shared),
        voted=voted,
        ballots=ballots,
        by_secretariat=_members(data["by_secretariat"], shared),
        running=_Running(*running),
        totals=None if totals is None else Counts.model_validate(totals),
        corrections=tuple(CorrectionRecorded.model_validate(c) for c in data["corrections"]),
        prepared_at=_aware(data["prepared_at"]),
        opened_at=_aware_or_none(data["opened_at"]),
        closed_at=_aware_or_none(data["closed_at"]),
        ended_at=_aware_or_none(data["ended_at"]),
        roll_call_from=_text_or_none(data["roll_call_from"]),
        closes_at=_aware_or_none(data["closes_at"]),
        retake_of=_text_or_none(data["retake_of"]),
        paused_at=_aware_or_none(data["paused_at"]),
        paused_s=float(data["paused_s"]),
    )
    if vote.__dict__.keys() != _VOTE_FIELDS:
        raise ValueError("a snapshot of another version's votes")
    return vote


def assembly_snapshot(state: AssemblyState) -> dict[str, object]:
    """The assembly's own part of a snapshot (its votes are written one by one beside it)."""
    if vars(state).keys() != _ASSEMBLY_FIELDS:
        raise ValueError("the assembly's fields are not those of snapshot version 1")
    return {
        "ineligible": _codes(state.ineligible),
        "order": list(state.order),
        "current": state.current,
    }


def assembly_from_snapshot(
    roster: Roster,
    data: Mapping[str, Any],
    votes: Mapping[str, VoteState],
    shared: dict[tuple[str, str], MemberSet],
) -> AssemblyState:
    """The assembly `assembly_snapshot` wrote, with its votes; ValueError unless the votes are
    exactly those of its order."""
    order = tuple(_text(vote) for vote in data["order"])
    current = _text_or_none(data["current"])
    if len(set(order)) != len(order) or set(order) != set(votes):
        raise ValueError("the votes are not those of the assembly's order")
    if current is not None and current not in votes:
        raise ValueError(f"the current vote {current} is not one of the votes")
    return AssemblyState(
        roster=roster,
        ineligible=_members(data["ineligible"], shared),
        votes=Map(votes),
        order=order,
        current=current,
    )


def _codes(members: MemberSet) -> str:
    return " ".join(sorted(members))


def _members(value: object, shared: dict[tuple[str, str], MemberSet]) -> MemberSet:
    key = ("codes", _text(value))
    members = shared.get(key)
    if members is None:
        members = shared[key] = Map(dict.fromkeys(key[1].split(), True))
    return members


def _moment(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _aware(text: object) -> datetime:
    moment = datetime.fromisoformat(_text(text))
    if moment.tzinfo is None:
        raise ValueError(f"{text!r} is not a moment with its time zone")
    return moment


def _aware_or_none(value: object) -> datetime | None:
    return None if value is None else _aware(value)


def _text_or_none(value: object) -> str | None:
    return None if value is None else _text(value)


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{value!r} is not text")
    return value


def _number(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{value!r} is not a number")
    return value
