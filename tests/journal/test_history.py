"""The imported history's summaries, kept at import for the history browser: always what the
records themselves say, in a journal made before them too."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from voteboard.journal import history
from voteboard.journal.archive import open_journal, shipped_votes
from voteboard.journal.store import Journal


def from_records(path: Path) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as db:
        rows = db.execute(history._FROM_RECORDS).fetchall()
    return sorted((s, sess, res, y, n, a, bool(listed)) for s, sess, res, y, n, a, listed in rows)


def listed(journal: Journal) -> list[tuple[object, ...]]:
    return sorted(
        (s.symbol, s.session, s.result, s.yes, s.no, s.abstain, s.listed)
        for s in journal.history_summaries()
    )


def test_the_summaries_are_the_records_after_an_import_a_merge_and_an_older_journal(
    tmp_path: Path,
) -> None:
    path = tmp_path / "j.sqlite"
    journal = open_journal(path)  # the shipped votes, summarized as they are stored
    assert listed(journal) == from_records(path)
    assert len(listed(journal)) == len(shipped_votes())
    first = shipped_votes()[0]
    # A second source completes a vote: its summary follows.
    journal.replace_history([first.model_copy(update={"session": "ES-11"})])
    assert ("A/RES/ES-11/1", "ES-11") in {(s[0], s[1]) for s in listed(journal)}
    assert listed(journal) == from_records(path)
    journal.close()
    # A journal written by an older voteboard: history rows without summaries.
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("DELETE FROM history_summary WHERE symbol = 'A/RES/ES-11/2'")
    with Journal.open(path, readonly=True) as reader:
        assert listed(reader) == from_records(path)  # read from the records, whole
    with Journal.open(path) as writer:
        extra = first.model_copy(update={"symbol": "A/RES/99/1", "title": "Another"})
        writer.add_history([extra])  # the summaries are made again, all of them
        assert listed(writer) == from_records(path)
    with closing(sqlite3.connect(path)) as db:
        (count,) = db.execute("SELECT count(*) FROM history_summary").fetchone()
    assert count == len(shipped_votes()) + 1
