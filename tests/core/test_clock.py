"""The one clock of a vote: the desk and every board read the same words at the same moment."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from voteboard.core.clock import Clock, clock_of
from voteboard.core.commands import (
    Command,
    OpenVote,
    PauseVote,
    PrepareVote,
    ResumeVote,
    StartCountdown,
)
from voteboard.core.decide import decide
from voteboard.core.model import Phase, VoteSpec
from voteboard.core.roster import Roster
from voteboard.core.state import AssemblyState, evolve

T0 = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


@given(st.floats(min_value=0.0, max_value=5000.0))
def test_time_open_is_rounded_down_and_a_countdown_up(seconds: float) -> None:
    clock = Clock(phase=Phase.OPEN, opened_at=T0)
    elapsed = clock.elapsed(at(seconds))
    assert elapsed is not None
    assert elapsed <= seconds + 1e-5 < elapsed + 1 + 1e-5
    counting = Clock(phase=Phase.OPEN, opened_at=T0, closes_at=at(600))
    left = counting.remaining(at(min(seconds, 600)))
    assert left is not None
    assert left - 1 - 1e-5 < 600 - min(seconds, 600) <= left + 1e-5


def test_at_twelve_and_a_half_seconds_left_every_screen_reads_0_13() -> None:
    clock = Clock(phase=Phase.OPEN, opened_at=T0, closes_at=at(30))
    assert clock.words(at(17.5)) == "CLOSES IN 0:13"
    assert clock.words(at(30)) == "CLOSES IN 0:00"


@given(
    st.floats(min_value=0.5, max_value=300),
    st.floats(min_value=0.5, max_value=300),
    st.floats(min_value=0.0, max_value=300),
)
def test_a_suspended_vote_stands_still_and_its_suspension_is_not_time_open(
    before: float, paused: float, after: float
) -> None:
    suspended = Clock(phase=Phase.PAUSED, opened_at=T0, paused_at=at(before))
    words = suspended.words(at(before + paused))
    assert words.startswith("SUSPENDED AT ")
    assert suspended.words(at(before + paused + 1000)) == words  # it stands still
    assert suspended.next_change(at(before)) is None
    resumed = Clock(phase=Phase.OPEN, opened_at=T0, paused_s=paused)
    elapsed = resumed.elapsed(at(before + paused + after))
    assert elapsed is not None
    assert abs(elapsed - (before + after)) <= 1


def test_the_clock_of_a_vote_folds_its_suspensions(roster: Roster) -> None:
    state = AssemblyState.initial(roster)
    commands: list[Command] = [
        PrepareVote(at=at(0), vote="v1", spec=VoteSpec(symbol="A/80/L.1", title="One")),
        OpenVote(at=at(10)),
        PauseVote(at=at(40)),
        ResumeVote(at=at(100)),
        StartCountdown(at=at(110), seconds=30),
    ]
    for command in commands:
        for event in decide(state, command).events:
            state = evolve(state, event)
    vote = state.current_vote
    assert vote is not None
    clock = clock_of(vote)
    assert clock.paused_s == 60
    assert clock.elapsed(at(120)) == 50  # 30 s before the suspension, 20 s after it
    assert clock.words(at(127.5)) == "CLOSES IN 0:13"


def test_the_words_change_exactly_when_the_next_change_says() -> None:
    clock = Clock(phase=Phase.OPEN, opened_at=T0)
    now = at(12.25)
    wait = clock.next_change(now)
    assert wait is not None
    assert abs(wait - 0.75) < 1e-6
    assert clock.words(at(12.25 + wait - 0.01)) == "00:12"
    assert clock.words(at(12.25 + wait + 0.001)) == "00:13"
