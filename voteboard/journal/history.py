"""The imported history: votes of the past (DGACM, UNDL) stored beside the chain, one row a
vote with its whole record, read back by symbol, listed for the history browser, and asked
how a member voted (through the index of `choices.py` where the journal has it).

Each function takes the journal's connection; those that write do so inside the caller's
transaction (`Journal.add_history`, `Journal.replace_history`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from voteboard.core.history import ImportedVote
from voteboard.core.symbols import symbol_key
from voteboard.journal import choices

SCHEMA = """
CREATE TABLE history (
    symbol TEXT PRIMARY KEY,
    date TEXT,
    title TEXT NOT NULL,
    source TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX history_by_date ON history (date);
CREATE INDEX history_by_symbol ON history (symbol COLLATE NOCASE);
"""
"""The table of imported votes, made with the journal."""


class HistorySummary(NamedTuple):
    """An imported vote as the history browser lists it, read without parsing its record."""

    symbol: str
    date: str | None
    title: str
    source: str
    session: str | None
    result: str | None
    yes: int
    no: int
    abstain: int
    listed: bool
    """Whether the record lists the members' votes (not only the totals)."""


def record(db: sqlite3.Connection, symbol: str) -> ImportedVote | None:
    """An imported vote by its symbol, in any case, or in another source's spelling of it
    (`A/RES/75/250B` finds `A/RES/75/250 B`)."""
    row = db.execute(
        "SELECT record FROM history WHERE symbol = ? COLLATE NOCASE", (symbol,)
    ).fetchone()
    if row is None:
        stored = keys(db).get(symbol_key(symbol))
        if stored is None:
            return None
        row = db.execute("SELECT record FROM history WHERE symbol = ?", (stored,)).fetchone()
    return None if row is None else ImportedVote.model_validate_json(row[0])


def keys(db: sqlite3.Connection) -> dict[str, str]:
    """Each imported vote's symbol by its key (`symbol_key`: the spellings agree)."""
    rows = db.execute("SELECT symbol FROM history")
    return {symbol_key(symbol): symbol for (symbol,) in rows}


def add(db: sqlite3.Connection, votes: Sequence[ImportedVote]) -> None:
    """Stores imported votes, and indexes their choices, inside the caller's transaction
    (callers have set duplicates aside)."""
    db.executemany(
        "INSERT INTO history (symbol, date, title, source, record) VALUES (?, ?, ?, ?, ?)",
        [
            (
                v.symbol,
                v.date.isoformat() if v.date else None,
                v.title,
                v.source,
                v.model_dump_json(),
            )
            for v in votes
        ],
    )
    choices.add(db, votes)
    _summarize(db, votes, added=True)


_SUMMARY = (
    "CREATE TABLE IF NOT EXISTS history_summary (symbol TEXT PRIMARY KEY, session TEXT, "
    "result TEXT, yes INTEGER, no INTEGER, abstain INTEGER, listed INTEGER) WITHOUT ROWID"
)
"""What the history browser lists of each imported vote, kept when the votes are stored, so
that opening it reads a few values a vote instead of parsing 5,500 records (150 ms)."""
_SUMMARY_COLUMNS = "symbol, session, result, yes, no, abstain, listed"
_FROM_RECORDS = (
    "SELECT symbol, json_extract(record, '$.session') AS session, "
    "json_extract(record, '$.result') AS result, json_extract(record, '$.totals.yes') AS yes, "
    "json_extract(record, '$.totals.no') AS no, "
    "json_extract(record, '$.totals.abstain') AS abstain, "
    "json_array_length(record, '$.ballots') > 0 AS listed FROM history"
)


def _summarize(db: sqlite3.Connection, votes: Sequence[ImportedVote], *, added: bool) -> None:
    """Keeps the summaries of votes just stored (or completed), inside the caller's
    transaction; all of them are made again if some were missing (a journal made before the
    table, or written by an older voteboard)."""
    if _summaries_current(db, extra=len(votes) if added else 0):
        db.executemany(
            f"INSERT OR REPLACE INTO history_summary ({_SUMMARY_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    v.symbol,
                    v.session,
                    v.result.value,
                    v.totals.yes,
                    v.totals.no,
                    v.totals.abstain,
                    bool(v.ballots),
                )
                for v in votes
            ],
        )
        return
    db.execute(_SUMMARY)
    db.execute("DELETE FROM history_summary")
    db.execute(f"INSERT INTO history_summary ({_SUMMARY_COLUMNS}) {_FROM_RECORDS}")


def _summaries_current(db: sqlite3.Connection, extra: int = 0) -> bool:
    """Whether the summaries hold every stored vote (but the `extra` ones just stored)."""
    return choices.holds_every_vote(db, "history_summary", extra)


def replace(db: sqlite3.Connection, votes: Sequence[ImportedVote]) -> None:
    """Stores what other sources added to imported votes (`ImportedVote.merged`), inside the
    caller's transaction: the symbol, and so the row, stays the one first imported."""
    db.executemany(
        "UPDATE history SET record = ? WHERE symbol = ?",
        [(v.model_dump_json(), v.symbol) for v in votes],
    )
    _summarize(db, votes, added=False)


def summaries(db: sqlite3.Connection) -> list[HistorySummary]:
    """Each imported vote's symbol, date, title, source, session, result, totals and
    whether it lists the members' votes, from the summaries kept at import (or, in a journal
    without them, read by SQLite from the stored records; no record is parsed in Python)."""
    if _summaries_current(db):
        rows = db.execute(
            "SELECT h.symbol, h.date, h.title, h.source, s.session, s.result, s.yes, s.no, "
            "s.abstain, s.listed FROM history AS h JOIN history_summary AS s USING (symbol)"
        )
    else:  # a journal made before the summaries, read only: from the records themselves
        rows = db.execute(
            "SELECT h.symbol, h.date, h.title, h.source, s.session, s.result, s.yes, s.no, "
            f"s.abstain, s.listed FROM history AS h JOIN ({_FROM_RECORDS}) AS s USING (symbol)"
        )
    return [
        HistorySummary(symbol, date, title, source, session, result, yes, no, abstain, bool(lists))
        for symbol, date, title, source, session, result, yes, no, abstain, lists in rows
    ]


def member_history(db: sqlite3.Connection, code: str) -> dict[str, str | None]:
    """How a member voted in the imported votes that list it: symbol to its choice (a
    member on none of a record's lists did not vote), read from every stored record."""
    rows = db.execute(
        "SELECT h.symbol, json_extract(b.value, '$.choice') FROM history AS h, "
        "json_each(h.record, '$.ballots') AS b WHERE json_extract(b.value, '$.code') = ?",
        (code,),
    )
    return {symbol: choice for symbol, choice in rows}


def member_choices(db: sqlite3.Connection, code: str) -> dict[str, str | None]:
    """As `member_history`, from the index made when the votes were stored: a member's
    votes across 80 years in milliseconds (the scan, where a read-only journal has none)."""
    found = choices.member_choices(db, code)
    return member_history(db, code) if found is None else found


def newest_first(db: sqlite3.Connection) -> Iterator[ImportedVote]:
    """Every imported vote, newest first."""
    for (text,) in db.execute("SELECT record FROM history ORDER BY date DESC, symbol DESC"):
        yield ImportedVote.model_validate_json(text)
