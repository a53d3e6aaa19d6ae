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
from voteboard.core.symbols import session_code, session_words
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


class LibraryRecord(BaseModel, frozen=True, extra="forbid"):
    """What the UN Digital Library writes of a vote first known from another source, where it
    words it otherwise: kept so that the vote's CSV export is the Library's, column by
    column (its title is the catalogue's, "... : resolution / adopted by the General
    Assembly"; its names are its own spellings)."""

    title: str = ""
    draft: str = ""
    agenda: str = ""
    committee_report: str = ""
    subjects: str = ""
    vote_note: str = ""
    names: dict[str, str] = Field(
        default_factory=dict, description="member code to the Library's spelling, where other"
    )


_WORDED = tuple(name for name in LibraryRecord.model_fields if name != "names")
"""The fields that the Library words its own way (title, draft, agenda, ...)."""


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
    undl_ids: tuple[str, ...] = Field(
        default=(), description="the UN Digital Library's record numbers of the vote"
    )
    undl_link: str = Field(default="", description="the Digital Library's page of the vote")
    committee_report: str = ""
    subjects: str = ""
    vote_note: str = ""
    spellings: tuple[str, ...] = Field(
        default=(), description="the symbol as other sources spell it (A/RES/75/250B)"
    )
    sources: tuple[Source, ...] = Field(
        default=(), description="the other sources that give this vote"
    )
    library: LibraryRecord | None = Field(
        default=None, description="the Digital Library's wording, for a vote first from another"
    )

    def heading(self) -> tuple[str, str]:
        """The session and the meeting as a record's heading prints them: "Twenty-sixth
        session" and "Plenary meeting, A/PV.1976" (or "14th plenary meeting, A/ES-11/PV.14")."""
        code = self.session_code
        words = session_words(code) if code else ""
        session = self.session if self.session and not words else words or self.session
        meeting = ", ".join(filter(None, [self.meeting, self.record]))
        if self.record and not self.meeting:
            meeting = f"Verbatim record {self.record}"
        return session, meeting

    @property
    def session_code(self) -> str:
        """The session as the Digital Library writes it: 75, ES-11, S-32."""
        return session_code(self.symbol, self.session)

    def merged(self, other: ImportedVote) -> ImportedVote:
        """This vote with what another source's record of it adds: identifiers, the record's
        symbol, links and spellings that this one lacks. The ballots stay this one's."""
        update: dict[str, object] = {}
        for name in (
            "title",
            "session",
            "meeting",
            "record",
            "draft",
            "agenda",
            "undl_link",
            "committee_report",
            "subjects",
            "vote_note",
        ):
            if not getattr(self, name) and getattr(other, name):
                update[name] = getattr(other, name)
        if self.date is None and other.date is not None:
            update["date"] = other.date
        ids = tuple(dict.fromkeys((*self.undl_ids, *other.undl_ids)))
        if ids != self.undl_ids:
            update["undl_ids"] = ids
        spellings = tuple(
            s
            for s in dict.fromkeys((*self.spellings, other.symbol, *other.spellings))
            if s != self.symbol
        )
        if spellings != self.spellings:
            update["spellings"] = spellings
        sources = tuple(
            s
            for s in dict.fromkeys((*self.sources, other.source, *other.sources))
            if s != self.source
        )
        if sources != self.sources:
            update["sources"] = sources
        if other.source == "undl" and self.source != "undl" and self.library is None:
            ours = {b.code: b.name for b in self.ballots}
            update["library"] = LibraryRecord(
                names={b.code: b.name for b in other.ballots if ours.get(b.code) != b.name},
                **{name: getattr(other, name) for name in _WORDED},
            )
        return self.model_copy(update=update) if update else self

    def in_the_library(self) -> LibraryRecord:
        """The vote's fields as the Digital Library words them: the Library's where it gave
        one, else what this record says (DGACM's draft, where the Library's is empty)."""
        kept = self.library or LibraryRecord()
        return LibraryRecord(
            names=kept.names,
            **{name: getattr(kept, name) or getattr(self, name) for name in _WORDED},
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
