"""Secret ballots are secret by construction (DESIGN §4): every rule of it is a test here."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from voteboard.core.commands import CastBallot, CloseVote, LockVote, OpenVote
from voteboard.core.decide import decide
from voteboard.core.events import EVENT_ADAPTER, BallotDeposited, VoteClosed
from voteboard.core.model import Choice, Counts, Light, Mode, Refused
from voteboard.core.session import MemoryStore, Session

VOTERS = {"UKR": Choice.YES, "RUS": Choice.NO, "IND": Choice.ABSTAIN, "FRA": Choice.YES}


def secret_vote(prepare: Callable[..., Session]) -> Session:
    session = prepare(mode=Mode.SECRET)
    session.execute(OpenVote(at=session.clock()))
    for member, choice in VOTERS.items():
        session.execute(CastBallot(at=session.clock(), member=member, choice=choice))
    return session


def test_the_stream_carries_who_voted_never_the_choice(
    prepare: Callable[..., Session], store: MemoryStore
) -> None:
    secret_vote(prepare)
    deposits = [e for e in store.events if isinstance(e, BallotDeposited)]
    assert [e.member for e in deposits] == list(VOTERS)
    for event in store.events:
        serialized = EVENT_ADAPTER.dump_json(event).decode()
        for word in ("yes", "no", "abstain", "choice"):
            assert f'"{word}"' not in serialized


def test_the_state_holds_no_member_to_choice_link(prepare: Callable[..., Session]) -> None:
    session = secret_vote(prepare)
    vote = session.state.current_vote
    assert vote is not None
    assert len(vote.ballots) == 0
    assert set(vote.voted) == set(VOTERS)
    assert {vote.light(m) for m in VOTERS} == {Light.VOTED}
    assert vote.light("DEU") is Light.NONE


def test_totals_are_refused_while_open_not_zero(prepare: Callable[..., Session]) -> None:
    session = secret_vote(prepare)
    vote = session.state.current_vote
    assert vote is not None
    with pytest.raises(Refused, match="known only once the vote is closed"):
        vote.counts()
    with pytest.raises(Refused):
        vote.tally()
    assert vote.outcome() is None


def test_a_secret_ballot_is_final_once_cast(prepare: Callable[..., Session]) -> None:
    session = secret_vote(prepare)
    with pytest.raises(Refused, match="final once cast"):
        session.execute(CastBallot(at=session.clock(), member="UKR", choice=Choice.NO))


def test_close_counts_the_urn_into_the_closing_event(
    prepare: Callable[..., Session], store: MemoryStore
) -> None:
    session = secret_vote(prepare)
    session.execute(CloseVote(at=session.clock()))
    closed = store.events[-1]
    assert isinstance(closed, VoteClosed)
    assert closed.totals == Counts(yes=2, no=1, abstain=1)
    session.execute(LockVote(at=session.clock()))
    vote = session.state.votes[session.state.order[-1]]
    tally = vote.tally()
    assert (tally.yes, tally.no, tally.abstain, tally.non_voting) == (2, 1, 1, 189)


def test_close_refuses_an_urn_that_does_not_match_participation(
    prepare: Callable[..., Session],
) -> None:
    session = secret_vote(prepare)
    before = session.state
    short = Counts(yes=2, no=1, abstain=0)
    with pytest.raises(Refused, match="the urn holds 3 ballots but 4 members have voted"):
        decide(before, CloseVote(at=session.clock(), urn=short))
    with pytest.raises(Refused, match="not been counted"):
        decide(before, CloseVote(at=session.clock()))
