"""`decide`: checks a command against the state and says what happens, or why not.

A refused command raises `Refused` with a reason an operator understands and changes nothing.
A secret ballot's choice leaves `decide` beside the events, never inside them, so that the
caller can put it into the urn in the same transaction as the participation event.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from voteboard.core.commands import (
    CancelVote,
    CastBallot,
    CloseVote,
    Command,
    DrawRollCall,
    LockVote,
    OpenVote,
    PauseVote,
    PhaseCommand,
    PrepareVote,
    RecordCorrection,
    RestoreRight,
    ResumeVote,
    StartCountdown,
    StopCountdown,
    WithdrawRight,
)
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
from voteboard.core.model import Choice, Counts, Phase, Refused
from voteboard.core.state import AssemblyState, VoteState
from voteboard.core.symbols import (
    UnusualSymbol,
    preparation_problem,
    same_symbol,
    symbol_problem,
)

TRANSITIONS: Mapping[tuple[Phase, str], Phase] = {
    (Phase.PREPARED, "open"): Phase.OPEN,
    (Phase.OPEN, "pause"): Phase.PAUSED,
    (Phase.PAUSED, "resume"): Phase.OPEN,
    (Phase.OPEN, "close"): Phase.CLOSED,
    (Phase.PAUSED, "close"): Phase.CLOSED,
    (Phase.CLOSED, "lock"): Phase.LOCKED,
    (Phase.PREPARED, "cancel"): Phase.CANCELLED,
    (Phase.OPEN, "cancel"): Phase.CANCELLED,
    (Phase.PAUSED, "cancel"): Phase.CANCELLED,
    (Phase.CLOSED, "cancel"): Phase.CANCELLED,
}
"""Every allowed phase change; any pair not listed is refused."""

PHASE_WORDS: Mapping[Phase, str] = {
    Phase.PREPARED: "prepared and not yet open",
    Phase.OPEN: "open",
    Phase.PAUSED: "suspended",
    Phase.CLOSED: "closed and not yet locked",
    Phase.LOCKED: "locked: its result is final",
    Phase.CANCELLED: "cancelled",
}

_VERBS = {
    "open": "open",
    "pause": "suspend",
    "resume": "resume",
    "close": "close",
    "lock": "lock",
    "cancel": "cancel",
}


@dataclass(frozen=True)
class Decision:
    """What a command does: the events to journal, and a secret ballot's choice for the urn."""

    events: tuple[Event, ...]
    urn: Choice | None = None


def allowed(phase: Phase, action: str) -> bool:
    """Whether the table lets a vote in `phase` take `action` (open, pause, ...)."""
    return (phase, action) in TRANSITIONS


def decide(state: AssemblyState, command: Command) -> Decision:
    """The events that `command` produces from `state`, or `Refused` with the reason."""
    match command:
        case PrepareVote():
            return _prepare(state, command)
        case CastBallot():
            return _cast(state, command)
        case WithdrawRight() | RestoreRight():
            return _right(state, command)
        case RecordCorrection():
            return _correct(state, command)
        case DrawRollCall():
            return _roll_call(state, command)
        case StartCountdown() | StopCountdown():
            return _countdown(state, command)
        case _:
            return _phase(state, command)


def _prepare(state: AssemblyState, command: PrepareVote) -> Decision:
    current = state.current_vote
    if current is not None:
        raise Refused(
            f"Cannot prepare a new vote: {current.spec.symbol} is {PHASE_WORDS[current.phase]}; "
            "lock or cancel it first"
        )
    if command.vote in state.votes:
        raise Refused(f"Cannot prepare the vote: the id {command.vote} is already taken")
    spec = command.spec
    problem = preparation_problem(spec.symbol, spec.title)
    if problem is not None:
        raise Refused(f"Cannot prepare the vote: {problem}")
    if spec.quorum is not None and spec.quorum > len(state.roster):
        raise Refused(
            f"Cannot prepare the vote: a quorum of {spec.quorum} is more than the "
            f"{len(state.roster)} members of the assembly"
        )
    unusual = symbol_problem(spec.symbol)
    if unusual is not None and not command.unusual_symbol:
        raise UnusualSymbol(
            f"Cannot prepare the vote: {unusual}; prepare it as it is only if the officer "
            "confirms this symbol",
            spec.symbol,
        )
    earlier = retaken(state, spec.symbol)
    return Decision(
        (
            VotePrepared(
                at=command.at,
                vote=command.vote,
                spec=spec,
                ineligible=tuple(sorted(state.ineligible, key=state.roster.position)),
                retake_of=earlier.id if earlier is not None else None,
            ),
        )
    )


def retaken(state: AssemblyState, symbol: str) -> VoteState | None:
    """The vote that a new vote on `symbol` takes again: the latest earlier vote of the
    journal on that symbol (compared as `symbols.same_symbol` does); None for a first vote."""
    for vote_id in reversed(state.order):
        vote = state.votes[vote_id]
        if same_symbol(vote.spec.symbol, symbol):
            return vote
    return None


def _phase(state: AssemblyState, command: PhaseCommand) -> Decision:
    verb = _VERBS[command.kind]
    vote = state.current_vote
    if vote is None:
        raise Refused(f"Cannot {verb}: no vote is prepared")
    if not allowed(vote.phase, command.kind):
        raise Refused(f"Cannot {verb} the vote: it is {PHASE_WORDS[vote.phase]}")
    at, vid = command.at, vote.id
    match command:
        case OpenVote():
            return Decision((VoteOpened(at=at, vote=vid),))
        case PauseVote():
            return Decision((VotePaused(at=at, vote=vid, reason=command.reason),))
        case ResumeVote():
            return Decision((VoteResumed(at=at, vote=vid),))
        case CloseVote():
            if command.automatic and (vote.closes_at is None or at < vote.closes_at):
                raise Refused(
                    "Cannot close the vote automatically: no countdown has run out "
                    "(it was stopped, or the vote was suspended)"
                )
            closed = VoteClosed(
                at=at,
                vote=vid,
                totals=_count(vote, command),
                automatic=command.automatic,
                urn_digest=command.urn_digest if vote.secret else None,
            )
            return Decision((closed,))
        case LockVote():
            return Decision((VoteLocked(at=at, vote=vid),))
        case CancelVote():
            return Decision((VoteCancelled(at=at, vote=vid, reason=command.reason),))


def _count(vote: VoteState, command: CloseVote) -> Counts:
    if not vote.secret:
        return vote.counts()
    if command.urn is None:
        raise Refused("Cannot close the secret ballot: the urn has not been counted")
    if command.urn.ballots != len(vote.voted):
        raise Refused(
            f"Cannot close the secret ballot: the urn holds {command.urn.ballots} ballots "
            f"but {len(vote.voted)} members have voted; the count does not match"
        )
    return command.urn


def _member_name(state: AssemblyState, code: str) -> str:
    member = state.roster.get(code)
    if member is None:
        raise Refused(f"{code} is not a member of this assembly")
    return member.board_label


def _cast(state: AssemblyState, command: CastBallot) -> Decision:
    name = _member_name(state, command.member)
    vote = state.current_vote
    if vote is None:
        raise Refused(f"Ballot of {name} refused: no vote is in progress")
    if vote.phase is not Phase.OPEN:
        raise Refused(
            f"Ballot of {name} refused: voting is not open (the vote is {PHASE_WORDS[vote.phase]})"
        )
    if command.member in vote.ineligible:
        raise Refused(
            f"Ballot of {name} refused: it has no right to vote (Article 19 of the Charter)"
        )
    at, vid, member, by = command.at, vote.id, command.member, command.by_secretariat
    if vote.secret:
        if member in vote.voted:
            raise Refused(
                f"Ballot of {name} refused: it has already voted, and a secret ballot is final "
                "once cast"
            )
        return Decision(
            (BallotDeposited(at=at, vote=vid, member=member, by_secretariat=by),),
            urn=command.choice,
        )
    previous = vote.ballots.get(member)
    if previous is None:
        return Decision(
            (BallotCast(at=at, vote=vid, member=member, choice=command.choice, by_secretariat=by),)
        )
    if previous is command.choice:
        raise Refused(f"Ballot of {name} not changed: it is already {previous.value}")
    return Decision(
        (
            BallotChanged(
                at=at,
                vote=vid,
                member=member,
                choice=command.choice,
                previous=previous,
                by_secretariat=by,
            ),
        )
    )


def _roll_call(state: AssemblyState, command: DrawRollCall) -> Decision:
    name = _member_name(state, command.first)
    vote = state.current_vote
    if vote is None or vote.phase is not Phase.OPEN:
        words = (
            "no vote is in progress" if vote is None else f"the vote is {PHASE_WORDS[vote.phase]}"
        )
        raise Refused(f"Cannot draw the roll call: {words}; a roll call takes an open vote")
    if vote.secret:
        raise Refused(
            "Cannot take a secret ballot by roll call: a roll call announces each member's vote"
        )
    if vote.roll_call_from is not None:
        first = _member_name(state, vote.roll_call_from)
        raise Refused(f"The roll call was already drawn: it begins with {first}")
    del name
    return Decision((RollCallDrawn(at=command.at, vote=vote.id, first=command.first),))


def _countdown(state: AssemblyState, command: StartCountdown | StopCountdown) -> Decision:
    vote = state.current_vote
    if vote is None or vote.phase is not Phase.OPEN:
        words = (
            "no vote is in progress" if vote is None else f"the vote is {PHASE_WORDS[vote.phase]}"
        )
        raise Refused(f"Cannot set a countdown: {words}")
    if isinstance(command, StopCountdown):
        if vote.closes_at is None:
            raise Refused("There is no countdown to stop")
        return Decision((CountdownStopped(at=command.at, vote=vote.id),))
    ends = command.at + timedelta(seconds=command.seconds)
    return Decision((CountdownStarted(at=command.at, vote=vote.id, ends_at=ends),))


def _right(state: AssemblyState, command: WithdrawRight | RestoreRight) -> Decision:
    name = _member_name(state, command.member)
    withdraw = isinstance(command, WithdrawRight)
    vote = state.current_vote
    if vote is not None and vote.phase in (Phase.OPEN, Phase.PAUSED):
        raise Refused(
            f"Cannot change the right to vote of {name} while a vote is {PHASE_WORDS[vote.phase]}"
        )
    has_right = command.member not in state.ineligible
    if withdraw and not has_right:
        raise Refused(f"{name} has already lost its right to vote")
    if not withdraw and has_right:
        raise Refused(f"{name} already has the right to vote")
    prepared = vote.id if vote is not None and vote.phase is Phase.PREPARED else None
    event: Event = (
        RightWithdrawn(at=command.at, member=command.member, vote=prepared)
        if withdraw
        else RightRestored(at=command.at, member=command.member, vote=prepared)
    )
    return Decision((event,))


def _correct(state: AssemblyState, command: RecordCorrection) -> Decision:
    _member_name(state, command.member)
    vote_id = command.vote or next(
        (v for v in reversed(state.order) if state.votes[v].phase is Phase.LOCKED), None
    )
    vote = state.votes.get(vote_id) if vote_id is not None else None
    if vote is None:
        raise Refused("Cannot record a correction: there is no locked vote to correct")
    if vote.phase is not Phase.LOCKED:
        raise Refused(
            f"Cannot record a correction to {vote.spec.symbol}: it is {PHASE_WORDS[vote.phase]}; "
            "corrections are recorded after the result is locked"
        )
    if vote.secret:
        raise Refused(
            f"Cannot record a correction to {vote.spec.symbol}: it was a secret ballot, "
            "and no choice of a member is known"
        )
    return Decision(
        (
            CorrectionRecorded(
                at=command.at,
                vote=vote.id,
                member=command.member,
                intended=command.intended,
                note=command.note,
            ),
        )
    )
