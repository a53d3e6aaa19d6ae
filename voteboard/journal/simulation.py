"""A scripted vote on a journal, as `voteboard simulate` runs it: prepared, opened, every
member's ballot made durable one by one (at a rate, or as fast as they are durable), then
closed and locked if asked."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

from voteboard.core.commands import CastBallot, CloseVote, LockVote, OpenVote, PrepareVote
from voteboard.core.delegations import PlannedBallot, plan_ballots
from voteboard.core.model import Choice, Mode, VoteSpec
from voteboard.core.session import Session
from voteboard.core.state import VoteState
from voteboard.core.tally import Outcome
from voteboard.journal.store import Journal


def simulate_vote(
    journal: Journal,
    spec: VoteSpec,
    *,
    vote_id: str,
    seed: int,
    choices: Mapping[str, Choice] | None = None,
    rate: float = 0.0,
    close: bool = False,
    lock: bool = False,
    opened: Callable[[VoteState], None] = lambda _vote: None,
    cast: Callable[[PlannedBallot], None] = lambda _ballot: None,
) -> Outcome | None:
    """Runs the vote; `opened` is told the vote once it is open, `cast` each ballot once it is
    durable. The symbol is taken as given (the caller confirmed it). Returns the outcome once
    closed (None: left open)."""
    session = Session(journal, journal.state())
    session.execute(PrepareVote(at=session.clock(), vote=vote_id, spec=spec, unusual_symbol=True))
    session.execute(OpenVote(at=session.clock()))
    vote = session.state.current_vote
    assert vote is not None
    opened(vote)
    plan = plan_ballots(
        journal.roster,
        seed=seed,
        ineligible=vote.ineligible,
        choices=dict(choices) if choices is not None else None,
        changes=spec.mode is Mode.RECORDED,
    )
    for ballot in plan:
        if rate > 0:
            time.sleep(ballot.delay / rate)
        session.execute(CastBallot(at=session.clock(), member=ballot.member, choice=ballot.choice))
        cast(ballot)
    if close or lock:
        session.execute(CloseVote(at=session.clock()))
    if lock:
        session.execute(LockVote(at=session.clock()))
    return session.state.votes[vote_id].outcome()
