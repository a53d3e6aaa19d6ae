"""The history browser's index: every vote of a journal in one list, newest first, searched
as one types.

Imported records are summarized by SQLite itself (`json_extract` over the stored record), so
that 10,000 votes open without parsing 10,000 records of 193 ballots; a vote is parsed only
when it is shown. The search is a scan of prepared lower-case texts: a keystroke over 10,000
votes costs a few milliseconds.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from voteboard.core.model import Mode
from voteboard.core.state import AssemblyState
from voteboard.core.symbols import session_code
from voteboard.journal.store import Journal

_NUMBER = re.compile(r"(\d+)")


@dataclass(frozen=True)
class Entry:
    """One vote in the browser: a vote run here (`vote_id`) or an imported one (its symbol)."""

    symbol: str
    date: str
    title: str
    mode: Mode
    session: str
    outcome: str
    yes: int | None
    no: int | None
    abstain: int | None
    source: str
    vote_id: str | None = None
    listed: bool = True
    """False for a record that gives only totals, no member lists."""
    haystack: str = field(default="", compare=False)
    decade: str = field(default="", compare=False)
    """The decade of its day, as the filter names it: "1970s" ("" without a day)."""

    def __post_init__(self) -> None:
        # What the search looks in, prepared once: symbol and title in lower case.
        object.__setattr__(self, "haystack", f"{self.symbol}\n{self.title}".casefold())
        object.__setattr__(self, "decade", decade_of(self.date))

    @property
    def key(self) -> str:
        """The vote's key in the journal: a vote run here's id, an imported vote's symbol."""
        return self.vote_id or self.symbol

    @property
    def day(self) -> dt.date | None:
        """The day of the vote, if known."""
        try:
            return dt.date.fromisoformat(self.date[:10])
        except ValueError:
            return None

    @property
    def totals(self) -> str:
        if self.yes is None:
            return ""
        return f"{self.yes}-{self.no}-{self.abstain}"


def decade_of(day: str) -> str:
    """The decade of an ISO day ("1971-10-25": "1970s"); "" when there is none."""
    return f"{day[:3]}0s" if len(day) >= 4 and day[:4].isdigit() else ""


def session_of(symbol: str, fallback: str = "") -> str:
    """The session a resolution belongs to, from its symbol: "77", "ES-11", ...; else the
    source's own name for it."""
    return session_code(symbol) or fallback


def entries(journal: Journal, state: AssemblyState) -> list[Entry]:
    """Every vote: those run here and those imported, newest first."""
    found: list[Entry] = []
    for vote in state.votes.values():
        moment = vote.opened_at or vote.prepared_at
        counts = vote.totals
        outcome = vote.outcome()
        found.append(
            Entry(
                symbol=vote.spec.symbol,
                date=moment.isoformat(),
                title=vote.spec.title,
                mode=vote.spec.mode,
                session=session_of(vote.spec.symbol, "voteboard"),
                outcome=outcome.result.value if outcome else vote.phase.value,
                yes=counts.yes if counts else None,
                no=counts.no if counts else None,
                abstain=counts.abstain if counts else None,
                source="voteboard",
                vote_id=vote.id,
            )
        )
    for row in journal.history_summaries():
        found.append(
            Entry(
                symbol=row.symbol,
                date=row.date or "",
                title=row.title,
                mode=Mode.RECORDED,
                session=session_of(row.symbol, row.session or ""),
                outcome=row.result or "",
                yes=row.yes,
                no=row.no,
                abstain=row.abstain,
                source=row.source,
                listed=row.listed,
            )
        )
    found.sort(key=lambda e: (e.date, _natural(e.symbol)), reverse=True)
    return found


def _natural(symbol: str) -> tuple[tuple[int, str], ...]:
    """A/RES/80/106 after A/RES/80/74: numbers compared as numbers."""
    return tuple(
        (int(part), "") if part.isdigit() else (-1, part) for part in _NUMBER.split(symbol) if part
    )


def search(
    items: Iterable[Entry],
    text: str = "",
    *,
    session: str | None = None,
    mode: Mode | None = None,
    outcome: str | None = None,
    decade: str | None = None,
) -> list[Entry]:
    """The entries whose symbol or title holds every word of `text` (any case), filtered."""
    words = text.casefold().split()
    return [
        e
        for e in items
        if (session is None or e.session == session)
        and (decade is None or e.decade == decade)
        and (mode is None or e.mode is mode)
        and (outcome is None or e.outcome == outcome)
        and all(w in e.haystack for w in words)
    ]


def sessions(items: Iterable[Entry]) -> list[str]:
    """The sessions present, newest first (numbers before special sessions' names)."""
    found = {e.session for e in items if e.session}

    def key(name: str) -> tuple[int, str]:
        digits = re.sub(r"\D", "", name)
        return (int(digits) if digits else -1, name)

    return sorted(found, key=key, reverse=True)


def decades(items: Iterable[Entry]) -> list[str]:
    """The decades present, newest first ("2020s" ... "1940s")."""
    return sorted({e.decade for e in items if e.decade}, reverse=True)
