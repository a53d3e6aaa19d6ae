"""Votes that voteboard did not run: the UN's records, imported with what the source says.

An imported vote has no timing, only its final board. Each ballot keeps the member's name as
the source spelled it on the day, and the official totals are kept as the source gives them,
even where its own lists disagree with them (the disagreement is kept and shown, not hidden).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from voteboard.core.model import Choice, Counts, Majority, MemberCode
from voteboard.core.tally import Result

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

    symbol: str = Field(min_length=1)
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
    non_voting: int | None = Field(default=None, description="the source's count, if it has one")
    ballots: tuple[RecordedBallot, ...]
    discrepancy: str = Field(
        default="", description="where the source's lists disagree with its own totals"
    )

    def choices(self) -> dict[str, Choice]:
        """Member code to choice, for the members that voted."""
        return {b.code: b.choice for b in self.ballots if b.choice is not None}

    def same_ballots(self, other: ImportedVote) -> bool:
        """Whether two records of one resolution say the same of every member."""
        return self.choices() == other.choices() and self.totals == other.totals
