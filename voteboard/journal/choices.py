"""Each member's choice in each imported vote, indexed when the votes are stored.

A member's votes across 80 years are then one indexed look-up (about 6,000 rows) instead of a
`json_each` scan of every stored record (half a second for the UN's 5,500 votes). The index is
derived from the history table and rebuilt from it whenever the two disagree (a journal made
before the index, or written by an older voteboard); a journal opened read-only that lacks it
is read the slow way (`Journal.member_history`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence

from voteboard.core.history import ImportedVote

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS history_choices (member TEXT NOT NULL, symbol TEXT NOT NULL, "
    "choice TEXT, PRIMARY KEY (member, symbol)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS history_choices_of (symbol TEXT PRIMARY KEY) WITHOUT ROWID",
)
"""`history_choices`: a member's choice (None: listed as not voting) in a vote that lists it;
`history_choices_of`: the votes indexed, so that an index that misses some is known."""
_BATCH = 500
"""Votes written at a time (a rebuild reads the whole history)."""


def add(db: sqlite3.Connection, votes: Sequence[ImportedVote]) -> None:
    """Indexes votes just stored in the history table, in the caller's transaction; the
    whole index is rebuilt instead if it did not hold every vote stored before them."""
    if current(db, extra=len(votes)):
        _insert(
            db,
            (
                (
                    v.symbol,
                    ((b.code, None if b.choice is None else b.choice.value) for b in v.ballots),
                )
                for v in votes
            ),
        )
        return
    for statement in (*_SCHEMA, "DELETE FROM history_choices", "DELETE FROM history_choices_of"):
        db.execute(statement)
    rows = db.execute("SELECT symbol, json_extract(record, '$.ballots') FROM history")
    _insert(
        db,
        (
            (symbol, ((b["code"], b["choice"]) for b in json.loads(ballots or "[]")))
            for symbol, ballots in rows
        ),
    )


def current(db: sqlite3.Connection, extra: int = 0) -> bool:
    """Whether the index holds every stored vote (but the `extra` ones just stored)."""
    return holds_every_vote(db, "history_choices_of", extra)


def holds_every_vote(db: sqlite3.Connection, table: str, extra: int = 0) -> bool:
    """Whether a table derived from the history (one row a vote) exists and has a row for
    every stored vote but the `extra` ones just stored."""
    exists = db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    if exists is None:
        return False
    (derived,) = db.execute(f"SELECT count(*) FROM {table}").fetchone()
    (stored,) = db.execute("SELECT count(*) FROM history").fetchone()
    return bool(derived == stored - extra)


def member_choices(db: sqlite3.Connection, code: str) -> dict[str, str | None] | None:
    """Symbol to the member's choice in each imported vote that lists it, or None when the
    journal has no current index."""
    if not current(db):
        return None
    rows = db.execute("SELECT symbol, choice FROM history_choices WHERE member = ?", (code,))
    return dict(rows.fetchall())


def _insert(
    db: sqlite3.Connection, votes: Iterable[tuple[str, Iterable[tuple[str, str | None]]]]
) -> None:
    symbols: list[tuple[str]] = []
    rows: list[tuple[str, str, str | None]] = []
    for symbol, ballots in votes:
        symbols.append((symbol,))
        rows.extend((code, symbol, choice) for code, choice in ballots)
        if len(symbols) == _BATCH:
            _write(db, symbols, rows)
    _write(db, symbols, rows)


def _write(
    db: sqlite3.Connection, symbols: list[tuple[str]], rows: list[tuple[str, str, str | None]]
) -> None:
    db.executemany(
        "INSERT OR REPLACE INTO history_choices (member, symbol, choice) VALUES (?, ?, ?)", rows
    )
    db.executemany("INSERT OR IGNORE INTO history_choices_of (symbol) VALUES (?)", symbols)
    symbols.clear()
    rows.clear()
