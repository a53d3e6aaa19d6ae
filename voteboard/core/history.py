"""Votes that voteboard did not run: the UN's records, imported with what the source says.

An imported vote has no timing, only its final board. Each ballot keeps the member's name as
the source spelled it on the day, and the official totals are kept as the source gives them,
even where its own lists disagree with them (the disagreement is kept and shown, not hidden).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from voteboard.core.model import Choice, Counts, Majority, MemberCode
from voteboard.core.tally import Result
from voteboard.limits import MAX_MEMBERS

Source = Literal["dgacm", "undl", "voteboard"]


class RecordedBallot(BaseModel, frozen=True, extra="forbid"):
    """One member's vote in the source: its code, its name as written then, and its choice.

    `choice` None means the source lists the member as not voting.
    """

    code: MemberCode
    name: str
    choice: Choice | None


class ImportedVote(BaseModel, frozen=True, extra="forbid"):
    """A past vote as its source recorded it."""

    symbol: str = Field(min_length=1, max_length=120)
    title: str = ""
    date: dt.date | None = None
    session: str = ""
    meeting: str = ""
    record: str = Field(default="", description="the verbatim record, e.g. A/ES-11/PV.14")
    draft: str = Field(default="", description="the originating document, e.g. A/ES-11/L.5")
    agenda: str = ""
    source: Source
    majority: Majority | None = None
    result: Result = Result.ADOPTED
    totals: Counts = Field(description="the official totals, as the source gives them")
    non_voting: int | None = Field(
        default=None, ge=0, description="the source's count, if it has one"
    )
    ballots: tuple[RecordedBallot, ...] = Field(max_length=MAX_MEMBERS)
    discrepancy: str = Field(
        default="", description="where the source's lists disagree with its own totals"
    )

    @model_validator(mode="after")
    def _within_an_assembly(self) -> ImportedVote:
        # The importer holds the counts to its roster; no assembly has more than MAX_MEMBERS.
        counted = self.totals.ballots + (self.non_voting or 0)
        if counted > MAX_MEMBERS:
            raise ValueError(
                f"the counts add up to {counted} members, more than any assembly has "
                f"({MAX_MEMBERS})"
            )
        return self

    def choices(self) -> dict[str, Choice]:
        """Member code to choice, for the members that voted."""
        return {b.code: b.choice for b in self.ballots if b.choice is not None}

    def same_ballots(self, other: ImportedVote) -> bool:
        """Whether two records of one resolution say the same of every member."""
        return self.choices() == other.choices() and self.totals == other.totals
