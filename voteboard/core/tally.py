"""Tally and outcome under the UN rules (DESIGN §3), with the arithmetic the board shows."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel

from voteboard.core.model import Counts, Majority


class Result(StrEnum):
    """What a vote decided: adopted, rejected, or nothing for want of a quorum."""

    ADOPTED = "adopted"
    REJECTED = "rejected"
    NO_QUORUM = "no-quorum"


class Tally(BaseModel, frozen=True, extra="forbid"):
    """Yes, no, abstain and non-voting, out of the members of the roster."""

    yes: int
    no: int
    abstain: int
    non_voting: int
    members: int

    @classmethod
    def of(cls, counts: Counts, members: int) -> Tally:
        return cls(
            yes=counts.yes,
            no=counts.no,
            abstain=counts.abstain,
            non_voting=members - counts.ballots,
            members=members,
        )

    @property
    def present_and_voting(self) -> int:
        """Rule 86: those who voted yes or no; abstentions count as not voting."""
        return self.yes + self.no

    @property
    def taking_part(self) -> int:
        return self.yes + self.no + self.abstain


class Outcome(BaseModel, frozen=True, extra="forbid"):
    """Adopted or rejected, with the numbers that decided it."""

    result: Result
    majority: Majority | None
    present_and_voting: int
    required: int | None
    quorum: int | None = None
    arithmetic: str

    @property
    def adopted(self) -> bool:
        return self.result is Result.ADOPTED


def required_votes(majority: Majority, present_and_voting: int, members: int) -> int:
    """The smallest number of yes votes that adopts, under a majority rule."""
    if majority is Majority.SIMPLE:
        return present_and_voting // 2 + 1
    if majority is Majority.TWO_THIRDS:
        return -(-2 * present_and_voting // 3)
    return members // 2 + 1


_RULE_WORDS = {
    Majority.SIMPLE: "a simple majority of {pv} present and voting",
    Majority.TWO_THIRDS: "two-thirds of {pv} present and voting",
    Majority.MEMBERS: "a majority of the {members} members",
}


def decide_outcome(tally: Tally, majority: Majority, quorum: int | None = None) -> Outcome:
    """Applies the majority rule, the rule on equally divided votes and the quorum."""
    pv = tally.present_and_voting
    required = required_votes(majority, pv, tally.members)
    rule = _RULE_WORDS[majority].format(pv=pv, members=tally.members)
    if quorum is not None and tally.taking_part < quorum:
        return Outcome(
            result=Result.NO_QUORUM,
            majority=majority,
            present_and_voting=pv,
            required=required,
            quorum=quorum,
            arithmetic=(
                f"Quorum: {quorum} needed, {tally.taking_part} took part: NO QUORUM, "
                "the vote is not valid"
            ),
        )
    if pv == 0 or tally.yes == tally.no:
        result = Result.REJECTED
        why = f"Yes {tally.yes}, No {tally.no}: equally divided, REJECTED"
    else:
        result = Result.ADOPTED if tally.yes >= required else Result.REJECTED
        why = f"Yes {tally.yes}: {result.value.upper()}"
    return Outcome(
        result=result,
        majority=majority,
        present_and_voting=pv,
        required=required,
        quorum=quorum,
        arithmetic=f"Required: {rule} = {required}. {why}",
    )
