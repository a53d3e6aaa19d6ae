"""The roll call drawn by lot, and the countdown that closes a vote by itself."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from voteboard.core.commands import (
    CloseVote,
    DrawRollCall,
    OpenVote,
    PauseVote,
    StartCountdown,
    StopCountdown,
)
from voteboard.core.events import CountdownStarted, RollCallDrawn
from voteboard.core.model import Mode, Phase, Refused
from voteboard.core.session import Session


def opened(prepare: Callable[..., Session], mode: Mode = Mode.RECORDED) -> Session:
    session = prepare(mode=mode)
    session.execute(OpenVote(at=session.clock()))
    return session


def test_the_draw_is_recorded_once_and_only_while_a_recorded_vote_is_open(
    prepare: Callable[..., Session],
) -> None:
    session = prepare()
    with pytest.raises(Refused, match="the vote is prepared and not yet open"):
        session.execute(DrawRollCall(at=session.clock(), first="KEN"))
    session.execute(OpenVote(at=session.clock()))
    with pytest.raises(Refused, match="XYZ is not a member"):
        session.execute(DrawRollCall(at=session.clock(), first="XYZ"))
    (event,) = session.execute(DrawRollCall(at=session.clock(), first="KEN"))
    assert isinstance(event, RollCallDrawn)
    assert event.first == "KEN"
    vote = session.state.current_vote
    assert vote is not None
    assert vote.roll_call_from == "KEN"
    with pytest.raises(Refused, match="already drawn: it begins with Kenya"):
        session.execute(DrawRollCall(at=session.clock(), first="FRA"))


def test_a_secret_ballot_is_never_taken_by_roll_call(prepare: Callable[..., Session]) -> None:
    session = opened(prepare, Mode.SECRET)
    with pytest.raises(Refused, match="announces each member's vote"):
        session.execute(DrawRollCall(at=session.clock(), first="KEN"))


def test_a_countdown_runs_while_open_and_ends_with_a_pause_or_a_close(
    prepare: Callable[..., Session],
) -> None:
    session = opened(prepare)
    at = session.clock()
    (event,) = session.execute(StartCountdown(at=at, seconds=30))
    assert isinstance(event, CountdownStarted)
    assert event.ends_at == at + timedelta(seconds=30)
    vote = session.state.current_vote
    assert vote is not None
    assert vote.closes_at == event.ends_at
    session.execute(PauseVote(at=session.clock()))
    vote = session.state.current_vote
    assert vote is not None
    assert vote.closes_at is None
    with pytest.raises(Refused, match="the vote is suspended"):
        session.execute(StartCountdown(at=session.clock(), seconds=30))
    session.execute(CloseVote(at=session.clock()))
    vote = session.state.current_vote
    assert vote is not None
    assert vote.phase is Phase.CLOSED
    assert vote.closes_at is None


def test_a_countdown_can_be_stopped_but_not_twice(prepare: Callable[..., Session]) -> None:
    session = opened(prepare)
    with pytest.raises(Refused, match="no countdown to stop"):
        session.execute(StopCountdown(at=session.clock()))
    session.execute(StartCountdown(at=session.clock(), seconds=10))
    session.execute(StopCountdown(at=session.clock()))
    vote = session.state.current_vote
    assert vote is not None
    assert vote.closes_at is None
    with pytest.raises(Refused, match="no countdown to stop"):
        session.execute(StopCountdown(at=session.clock()))


def test_an_automatic_close_needs_a_countdown_that_has_run_out(
    prepare: Callable[..., Session],
) -> None:
    session = opened(prepare)
    with pytest.raises(Refused, match="no countdown has run out"):
        session.execute(CloseVote(at=session.clock(), automatic=True))
    at = session.clock()
    session.execute(StartCountdown(at=at, seconds=10))
    with pytest.raises(Refused, match="no countdown has run out"):
        session.execute(CloseVote(at=at + timedelta(seconds=9), automatic=True))
    session.execute(StopCountdown(at=at + timedelta(seconds=9.9)))
    # The Stop reached the journal first: the timer's close that follows is refused.
    with pytest.raises(Refused, match="no countdown has run out"):
        session.execute(CloseVote(at=at + timedelta(seconds=10), automatic=True))
    session.execute(StartCountdown(at=at + timedelta(seconds=11), seconds=1))
    session.execute(CloseVote(at=at + timedelta(seconds=12), automatic=True))
    vote = session.state.current_vote
    assert vote is not None
    assert vote.phase is Phase.CLOSED
