"""The majority rules of DESIGN §3 against real results of the General Assembly."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from voteboard.core.model import Counts, Majority
from voteboard.core.tally import Result, Tally, decide_outcome


def tally(yes: int, no: int, abstain: int, members: int = 193) -> Tally:
    return Tally.of(Counts(yes=yes, no=no, abstain=abstain), members)


def test_es_11_1_adopted_by_two_thirds() -> None:
    result = tally(141, 5, 35)
    outcome = decide_outcome(result, Majority.TWO_THIRDS)
    assert result.non_voting == 12
    assert outcome.present_and_voting == 146
    assert outcome.required == 98
    assert outcome.result is Result.ADOPTED


def test_es_11_3_two_thirds_of_117_is_78() -> None:
    outcome = decide_outcome(tally(93, 24, 58), Majority.TWO_THIRDS)
    assert outcome.present_and_voting == 117
    assert outcome.required == 78
    assert outcome.adopted
    assert outcome.arithmetic == (
        "Required: two-thirds of 117 present and voting = 78. Yes 93: ADOPTED"
    )


def test_es_11_4_arithmetic_as_the_board_shows_it() -> None:
    outcome = decide_outcome(tally(143, 5, 35), Majority.TWO_THIRDS)
    assert outcome.arithmetic == (
        "Required: two-thirds of 148 present and voting = 99. Yes 143: ADOPTED"
    )


@pytest.mark.parametrize("majority", list(Majority))
def test_an_equally_divided_vote_is_rejected(majority: Majority) -> None:
    outcome = decide_outcome(tally(60, 60, 10), majority)
    assert outcome.result is Result.REJECTED
    assert "equally divided" in outcome.arithmetic


def test_a_simple_majority_that_fails() -> None:
    outcome = decide_outcome(tally(40, 52, 90), Majority.SIMPLE)
    assert outcome.required == 47
    assert outcome.result is Result.REJECTED


def test_two_thirds_missed_by_one() -> None:
    outcome = decide_outcome(tally(98, 50, 0), Majority.TWO_THIRDS)
    assert outcome.required == 99
    assert outcome.result is Result.REJECTED


def test_members_majority_counts_the_whole_roster() -> None:
    assert decide_outcome(tally(97, 0, 90), Majority.MEMBERS).result is Result.ADOPTED
    outcome = decide_outcome(tally(96, 0, 90), Majority.MEMBERS)
    assert outcome.required == 97
    assert outcome.result is Result.REJECTED


def test_a_quorum_that_is_not_met_makes_the_vote_invalid() -> None:
    outcome = decide_outcome(tally(50, 10, 5), Majority.SIMPLE, quorum=97)
    assert outcome.result is Result.NO_QUORUM
    assert outcome.arithmetic.startswith("Quorum: 97 needed, 65 took part")
    assert decide_outcome(tally(50, 10, 37), Majority.SIMPLE, quorum=97).adopted


def test_nobody_present_and_voting_rejects() -> None:
    assert decide_outcome(tally(0, 0, 20), Majority.SIMPLE).result is Result.REJECTED


@given(
    st.integers(0, 250), st.integers(0, 250), st.integers(0, 250), st.sampled_from(list(Majority))
)
def test_outcome_follows_the_rules_for_any_counts(
    yes: int, no: int, abstain: int, majority: Majority
) -> None:
    members = max(yes + no + abstain, 15)
    outcome = decide_outcome(tally(yes, no, abstain, members), majority)
    if majority is Majority.SIMPLE:
        expected = yes > no
    elif majority is Majority.TWO_THIRDS:
        expected = yes + no > 0 and 3 * yes >= 2 * (yes + no) and yes != no
    else:
        expected = 2 * yes > members and yes != no
    assert outcome.adopted is expected
    assert outcome.required is not None
    assert (yes >= outcome.required and yes != no and yes + no > 0) is expected
