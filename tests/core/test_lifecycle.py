"""Every transition of the life of a vote (DESIGN §2): the allowed ones, and every other refused."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from voteboard.core.commands import (
    CancelVote,
    CastBallot,
    CloseVote,
    LockVote,
    OpenVote,
    PauseVote,
    ResumeVote,
)
from voteboard.core.decide import TRANSITIONS
from voteboard.core.model import Choice, Phase, Refused
from voteboard.core.session import Session

ACTIONS = {
    "open": OpenVote,
    "pause": PauseVote,
    "resume": ResumeVote,
    "close": CloseVote,
    "lock": LockVote,
    "cancel": CancelVote,
}

# How to bring a freshly prepared vote into each phase.
PATHS: dict[Phase, list[str]] = {
    Phase.PREPARED: [],
    Phase.OPEN: ["open"],
    Phase.PAUSED: ["open", "pause"],
    Phase.CLOSED: ["open", "close"],
    Phase.LOCKED: ["open", "close", "lock"],
    Phase.CANCELLED: ["cancel"],
}

EXPECTED = {
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


def test_the_table_is_the_design_table() -> None:
    assert dict(TRANSITIONS) == EXPECTED


def _bring(session: Session, phase: Phase) -> None:
    for action in PATHS[phase]:
        session.execute(ACTIONS[action](at=session.clock()))


@pytest.mark.parametrize("phase", list(Phase))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_transition(prepare: Callable[..., Session], phase: Phase, action: str) -> None:
    session = prepare()
    _bring(session, phase)
    vote_id = session.state.order[-1]
    before = session.state
    command = ACTIONS[action](at=session.clock())
    if (phase, action) in EXPECTED:
        session.execute(command)
        assert session.state.votes[vote_id].phase is EXPECTED[(phase, action)]
    else:
        with pytest.raises(Refused) as refusal:
            session.execute(command)
        assert session.state is before
        message = str(refusal.value)
        assert message.startswith("Cannot ")
        if phase in (Phase.LOCKED, Phase.CANCELLED):
            assert "no vote is prepared" in message
        else:
            assert "the vote: it is" in message


def test_refusals_name_the_phase(prepare: Callable[..., Session]) -> None:
    session = prepare()
    with pytest.raises(Refused, match="Cannot close the vote: it is prepared and not yet open"):
        session.execute(CloseVote(at=session.clock()))
    session.execute(OpenVote(at=session.clock()))
    with pytest.raises(Refused, match="Cannot lock the vote: it is open"):
        session.execute(LockVote(at=session.clock()))


def test_no_vote_means_no_command(session: Session) -> None:
    with pytest.raises(Refused, match="Cannot open: no vote is prepared"):
        session.execute(OpenVote(at=session.clock()))


def test_a_second_vote_waits_for_the_first(prepare: Callable[..., Session]) -> None:
    session = prepare()
    with pytest.raises(Refused, match="lock or cancel it first"):
        prepare(symbol="A/2")
    session.execute(CancelVote(at=session.clock(), reason="retaken"))
    prepare(symbol="A/2")
    assert [session.state.votes[v].phase for v in session.state.order] == [
        Phase.CANCELLED,
        Phase.PREPARED,
    ]


def test_a_locked_vote_is_immutable(prepare: Callable[..., Session]) -> None:
    session = prepare()
    session.execute(OpenVote(at=session.clock()))
    session.execute(CastBallot(at=session.clock(), member="FRA", choice=Choice.YES))
    _bring_to_lock(session)
    vote_id = session.state.order[-1]
    locked = session.state.votes[vote_id]
    for command in (
        CastBallot(at=session.clock(), member="DEU", choice=Choice.NO),
        CancelVote(at=session.clock()),
        OpenVote(at=session.clock()),
    ):
        with pytest.raises(Refused):
            session.execute(command)
    assert session.state.votes[vote_id] is locked


def _bring_to_lock(session: Session) -> None:
    session.execute(CloseVote(at=session.clock()))
    session.execute(LockVote(at=session.clock()))
