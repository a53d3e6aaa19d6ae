"""Ballots, rights to vote and corrections (DESIGN §2)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from voteboard.core.commands import (
    CastBallot,
    CloseVote,
    LockVote,
    OpenVote,
    PauseVote,
    RecordCorrection,
    RestoreRight,
    WithdrawRight,
)
from voteboard.core.events import BallotCast, BallotChanged, CorrectionRecorded, RightWithdrawn
from voteboard.core.model import Choice, Light, Majority, Refused
from voteboard.core.session import MemoryStore, Session
from voteboard.core.state import fold
from voteboard.core.tally import Result


def cast(session: Session, member: str, choice: Choice, *, by_secretariat: bool = False) -> None:
    session.execute(
        CastBallot(at=session.clock(), member=member, choice=choice, by_secretariat=by_secretariat)
    )


def open_vote(prepare: Callable[..., Session], **spec: object) -> Session:
    session = prepare(**spec)
    session.execute(OpenVote(at=session.clock()))
    return session


def test_a_recorded_ballot_lights_and_counts(prepare: Callable[..., Session]) -> None:
    session = open_vote(prepare)
    cast(session, "UKR", Choice.YES)
    cast(session, "RUS", Choice.NO)
    cast(session, "IND", Choice.ABSTAIN)
    vote = session.state.current_vote
    assert vote is not None
    assert [vote.light(c) for c in ("UKR", "RUS", "IND", "FRA")] == [
        Light.YES,
        Light.NO,
        Light.ABSTAIN,
        Light.NONE,
    ]
    tally = vote.tally()
    assert (tally.yes, tally.no, tally.abstain, tally.non_voting) == (1, 1, 1, 190)


def test_a_recorded_ballot_can_change_while_open(
    prepare: Callable[..., Session], store: MemoryStore
) -> None:
    session = open_vote(prepare)
    cast(session, "BRA", Choice.ABSTAIN)
    cast(session, "BRA", Choice.YES)
    assert isinstance(store.events[-1], BallotChanged)
    assert store.events[-1].previous is Choice.ABSTAIN
    vote = session.state.current_vote
    assert vote is not None
    assert vote.light("BRA") is Light.YES
    assert vote.tally().yes == 1
    assert vote.tally().abstain == 0
    with pytest.raises(Refused, match="Ballot of Brazil not changed: it is already yes"):
        cast(session, "BRA", Choice.YES)


@pytest.mark.parametrize(
    ("member", "reason"),
    [
        ("XYZ", "XYZ is not a member of this assembly"),
        ("VAT", "VAT is not a member of this assembly"),
    ],
)
def test_ballots_from_outside_the_roster_are_refused(
    prepare: Callable[..., Session], member: str, reason: str
) -> None:
    session = open_vote(prepare)
    before = session.state
    with pytest.raises(Refused, match=reason):
        cast(session, member, Choice.YES)
    assert session.state is before


def test_ballots_outside_the_open_phase_are_refused(prepare: Callable[..., Session]) -> None:
    session = prepare()
    with pytest.raises(Refused, match=r"voting is not open \(the vote is prepared"):
        cast(session, "FRA", Choice.YES)
    session.execute(OpenVote(at=session.clock()))
    session.execute(PauseVote(at=session.clock(), reason="point of order"))
    with pytest.raises(Refused, match=r"voting is not open \(the vote is suspended"):
        cast(session, "FRA", Choice.YES)


def test_article_19_withdrawn_before_the_vote(
    prepare: Callable[..., Session], store: MemoryStore
) -> None:
    session = prepare()
    session.execute(WithdrawRight(at=session.clock(), member="VEN"))
    assert isinstance(store.events[-1], RightWithdrawn)
    session.execute(OpenVote(at=session.clock()))
    vote = session.state.current_vote
    assert vote is not None
    assert vote.light("VEN") is Light.INELIGIBLE
    with pytest.raises(Refused, match="Venezuela refused: it has no right to vote"):
        cast(session, "VEN", Choice.YES)
    with pytest.raises(Refused, match="while a vote is open"):
        session.execute(RestoreRight(at=session.clock(), member="VEN"))


def test_rights_carry_to_the_next_vote_and_can_be_restored(
    prepare: Callable[..., Session],
) -> None:
    session = prepare()
    session.execute(WithdrawRight(at=session.clock(), member="AFG"))
    with pytest.raises(Refused, match="already lost its right"):
        session.execute(WithdrawRight(at=session.clock(), member="AFG"))
    session.execute(OpenVote(at=session.clock()))
    session.execute(CloseVote(at=session.clock()))
    session.execute(LockVote(at=session.clock()))
    prepare(symbol="A/2")
    vote = session.state.current_vote
    assert vote is not None
    assert vote.light("AFG") is Light.INELIGIBLE
    session.execute(RestoreRight(at=session.clock(), member="AFG"))
    vote = session.state.current_vote
    assert vote is not None
    assert vote.light("AFG") is Light.NONE
    with pytest.raises(Refused, match="already has the right"):
        session.execute(RestoreRight(at=session.clock(), member="AFG"))


def test_a_ballot_entered_by_the_secretariat_is_marked(
    prepare: Callable[..., Session], store: MemoryStore
) -> None:
    session = open_vote(prepare)
    cast(session, "MLI", Choice.NO, by_secretariat=True)
    event = store.events[-1]
    assert isinstance(event, BallotCast)
    assert event.by_secretariat
    vote = session.state.current_vote
    assert vote is not None
    assert "MLI" in vote.by_secretariat


def test_corrections_after_lock_never_change_the_tally(
    prepare: Callable[..., Session], store: MemoryStore
) -> None:
    session = open_vote(prepare, majority=Majority.TWO_THIRDS)
    cast(session, "FRA", Choice.YES)
    cast(session, "KEN", Choice.ABSTAIN)
    with pytest.raises(Refused, match="no locked vote"):
        session.execute(RecordCorrection(at=session.clock(), member="KEN", intended=Choice.YES))
    session.execute(CloseVote(at=session.clock()))
    session.execute(LockVote(at=session.clock()))
    vote_id = session.state.order[-1]
    before = session.state.votes[vote_id]
    session.execute(
        RecordCorrection(at=session.clock(), member="KEN", intended=Choice.YES, note="console")
    )
    after = session.state.votes[vote_id]
    assert isinstance(store.events[-1], CorrectionRecorded)
    assert [(c.member, c.intended) for c in after.corrections] == [("KEN", Choice.YES)]
    assert after.tally() == before.tally()
    assert after.light("KEN") is Light.ABSTAIN
    assert after.outcome() == before.outcome()


def test_outcome_is_provisional_at_close_and_final_at_lock(
    prepare: Callable[..., Session],
) -> None:
    session = open_vote(prepare, majority=Majority.SIMPLE, quorum=3)
    cast(session, "FRA", Choice.YES)
    cast(session, "DEU", Choice.YES)
    vote = session.state.current_vote
    assert vote is not None
    assert vote.outcome() is None
    session.execute(CloseVote(at=session.clock()))
    vote = session.state.current_vote
    assert vote is not None
    outcome = vote.outcome()
    assert outcome is not None
    assert outcome.result is Result.NO_QUORUM


def test_a_correction_to_an_earlier_vote_leaves_the_open_vote_current(
    prepare: Callable[..., Session], store: MemoryStore
) -> None:
    """A delegation's correction to a locked vote, recorded while the next vote is open, must
    not end that vote's hold on the hall: no third vote may be prepared over it, and a fold of
    the journal agrees with the live state."""
    session = open_vote(prepare)
    session.execute(CloseVote(at=session.clock()))
    session.execute(LockVote(at=session.clock()))
    first = session.state.order[-1]
    second = open_vote(prepare, symbol="A/ES-11/L.6")
    open_id = second.state.current
    session.execute(
        RecordCorrection(at=session.clock(), member="KEN", intended=Choice.YES, vote=first)
    )
    assert session.state.current == open_id
    with pytest.raises(Refused):
        prepare(symbol="A/ES-11/L.7")
    assert fold(session.state.roster, store.events) == session.state
