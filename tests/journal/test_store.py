"""The SQLite journal: durable, chained by hash, secret on disk, and never touching a bad file."""

from __future__ import annotations

import itertools
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from tests.clock import TickingClock
from voteboard.core.commands import CastBallot, CloseVote, LockVote, OpenVote, PrepareVote
from voteboard.core.model import Choice, Light, Mode, Phase, VoteSpec
from voteboard.core.roster import Roster
from voteboard.core.session import Session
from voteboard.journal.store import Journal, JournalError
from voteboard.resources import un_roster


@pytest.fixture
def roster() -> Roster:
    return un_roster()


def run_vote(
    path: Path,
    roster: Roster,
    ballots: list[tuple[str, Choice]],
    mode: Mode = Mode.RECORDED,
    close: bool = True,
) -> Session:
    journal = Journal.open(path, roster=roster)
    session = Session(
        journal, journal.state(), clock=TickingClock(step=timedelta(milliseconds=700))
    )
    spec = VoteSpec(symbol="A/78/L.1", title="Test", mode=mode)
    session.execute(PrepareVote(at=session.clock(), vote="v1", spec=spec))
    session.execute(OpenVote(at=session.clock()))
    for member, choice in ballots:
        session.execute(CastBallot(at=session.clock(), member=member, choice=choice))
    if close:
        session.execute(CloseVote(at=session.clock()))
        session.execute(LockVote(at=session.clock()))
    journal.close()
    return session


BALLOTS = [(code, list(Choice)[i % 3]) for i, code in enumerate(un_roster().codes[:90])]


def test_reopening_rebuilds_the_exact_state(tmp_path: Path, roster: Roster) -> None:
    path = tmp_path / "j.sqlite"
    live = run_vote(path, roster, BALLOTS, close=False)
    with Journal.open(path) as journal:
        assert journal.state() == live.state
        vote = journal.state().votes["v1"]
    assert vote.phase is Phase.OPEN
    assert vote.light("AFG") is Light.YES


def test_the_file_is_in_wal_mode_with_full_sync(tmp_path: Path, roster: Roster) -> None:
    path = tmp_path / "j.sqlite"
    run_vote(path, roster, BALLOTS[:3])
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with Journal.open(path) as journal:
        assert journal._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_verify_says_intact(tmp_path: Path, roster: Roster) -> None:
    path = tmp_path / "j.sqlite"
    run_vote(path, roster, BALLOTS[:10])
    with Journal.open(path) as journal:
        assert str(journal.verify()) == "intact, 14 events"


def _tamper(path: Path, sql: str) -> None:
    db = sqlite3.connect(path)
    db.execute(sql)
    db.commit()
    db.close()


@pytest.mark.parametrize(
    ("sql", "problem"),
    [
        (
            "UPDATE events SET body = replace(body, '\"yes\"', '\"no\"') WHERE seq = 3",
            "event 3 was altered",
        ),
        ("DELETE FROM events WHERE seq = 7", "event 8 does not follow event 6"),
        (
            "DELETE FROM events WHERE seq = 14",
            "the journal ends at event 13 but its head is event 14",
        ),
        ("UPDATE events SET vote = NULL WHERE seq = 5", "event 5 was altered"),
        ("UPDATE events SET kind = 'vote_opened' WHERE seq = 6", "event 6 was altered"),
        (
            "UPDATE meta SET value = replace(value, 'Afghanistan', 'Afghan') WHERE key = 'roster'",
            "the journal's roster was altered",
        ),
        (
            "INSERT INTO events (seq, vote, kind, at, body, prev, hash) "
            "SELECT 1000, vote, kind, at, body, prev, hash FROM events WHERE seq = 3",
            "event 1000 does not follow event 14",
        ),
    ],
)
def test_verify_finds_where_the_journal_was_altered(
    tmp_path: Path, roster: Roster, sql: str, problem: str
) -> None:
    path = tmp_path / "j.sqlite"
    run_vote(path, roster, BALLOTS[:10])
    _tamper(path, sql)
    with Journal.open(path, check=False, readonly=True) as journal:
        verification = journal.verify()
    assert not verification.intact
    assert problem in verification.problem
    before = path.read_bytes()
    with pytest.raises(JournalError, match="hash chain does not verify"):
        Journal.open(path)
    assert path.read_bytes() == before


def test_a_file_that_is_not_sqlite_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("minutes of the 14th plenary meeting\n")
    with pytest.raises(JournalError, match=r"not a voteboard journal \(not an SQLite database"):
        Journal.open(path, roster=un_roster())
    assert path.read_text() == "minutes of the 14th plenary meeting\n"


def test_a_truncated_journal_is_refused_and_untouched(tmp_path: Path, roster: Roster) -> None:
    path = tmp_path / "j.sqlite"
    run_vote(path, roster, BALLOTS)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    truncated = path.read_bytes()
    with pytest.raises(JournalError, match="damaged"):
        Journal.open(path)
    assert path.read_bytes() == truncated


def test_another_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE delegates (name TEXT)")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(JournalError, match="not a voteboard journal"):
        Journal.open(path)
    assert path.read_bytes() == before


def test_a_journal_from_a_newer_voteboard_is_refused(tmp_path: Path, roster: Roster) -> None:
    path = tmp_path / "j.sqlite"
    run_vote(path, roster, BALLOTS[:2])
    _tamper(path, "UPDATE meta SET value = '7' WHERE key = 'schema'")
    with pytest.raises(JournalError, match=r"newer voteboard \(journal schema 7"):
        Journal.open(path)


# ---- secret ballots on disk ---------------------------------------------------------------


def test_no_query_pairs_a_member_with_a_choice(tmp_path: Path, roster: Roster) -> None:
    path = tmp_path / "j.sqlite"
    ballots = [
        (code, Choice.YES if i < 40 else Choice.NO) for i, code in enumerate(roster.codes[:80])
    ]
    run_vote(path, roster, ballots, mode=Mode.SECRET)
    db = sqlite3.connect(path)
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"meta", "events", "urn", "history", "agenda", "keys"}
    urn_columns = [row[1] for row in db.execute("PRAGMA table_info(urn)")]
    assert urn_columns == ["token", "vote", "choice"]
    # The events name who voted, never what.
    bodies = [
        body for (body,) in db.execute("SELECT body FROM events WHERE kind = 'ballot_deposited'")
    ]
    assert len(bodies) == 80
    assert not any('"yes"' in b or '"no"' in b or "choice" in b for b in bodies)
    # Nothing in the urn refers to a member, a time or a place in the stream.
    for token, vote, choice in db.execute("SELECT token, vote, choice FROM urn"):
        assert vote == "v1"
        assert choice in {"yes", "no"}
        assert len(token) == 16
    assert _sql_of(db, "urn").endswith("WITHOUT ROWID")
    with pytest.raises(sqlite3.OperationalError):
        db.execute("SELECT rowid FROM urn")
    # The order the rows come back in does not follow the order of casting (40 yes, 40 no).
    stored = [choice for (choice,) in db.execute("SELECT choice FROM urn")]
    assert sorted(stored) == sorted(c.value for _, c in ballots)
    assert _runs(stored) > 20
    # Nor does the order of the bytes in the file: SQLite writes a page's cells in the order
    # they were inserted, which is why the urn is rewritten when the vote ends.
    raw = path.read_bytes()
    placed = sorted(
        (raw.index(token), choice) for token, choice in db.execute("SELECT token, choice FROM urn")
    )
    assert len(placed) == 80
    assert _runs([choice for _, choice in placed]) > 20, "the file keeps the order of casting"
    closed = db.execute("SELECT body FROM events WHERE kind = 'vote_closed'").fetchone()[0]
    assert '"yes":40' in closed.replace(" ", "")


def _runs(sequence: list[str]) -> int:
    """How many runs of equal neighbours: 2 for 40 yes then 40 no, about 41 when shuffled."""
    return 1 + sum(a != b for a, b in itertools.pairwise(sequence))


def test_the_write_ahead_log_is_emptied_when_a_secret_vote_ends(
    tmp_path: Path, roster: Roster
) -> None:
    path = tmp_path / "j.sqlite"
    journal = Journal.open(path, roster=roster)
    session = Session(
        journal, journal.state(), clock=TickingClock(step=timedelta(milliseconds=700))
    )
    spec = VoteSpec(symbol="S/1", mode=Mode.SECRET)
    session.execute(PrepareVote(at=session.clock(), vote="v1", spec=spec))
    session.execute(OpenVote(at=session.clock()))
    for code in roster.codes[:30]:
        session.execute(CastBallot(at=session.clock(), member=code, choice=Choice.NO))
    wal = path.with_name(path.name + "-wal")
    assert wal.stat().st_size > 0
    session.execute(CloseVote(at=session.clock()))
    assert wal.stat().st_size == 0  # while the journal is still open
    journal.close()


def test_a_second_writer_is_refused_and_writes_nothing(tmp_path: Path, roster: Roster) -> None:
    path = tmp_path / "j.sqlite"
    first = Journal.open(path, roster=roster)
    second = Journal.open(path)
    one = Session(first, first.state(), clock=TickingClock(step=timedelta(milliseconds=700)))
    two = Session(second, second.state(), clock=TickingClock(step=timedelta(milliseconds=700)))
    one.execute(PrepareVote(at=one.clock(), vote="v1", spec=VoteSpec(symbol="A/1")))
    with pytest.raises(JournalError, match="another program has written to this journal"):
        two.execute(PrepareVote(at=two.clock(), vote="v2", spec=VoteSpec(symbol="A/2")))
    assert first.event_count() == 1
    assert first.verify().intact
    first.close()
    second.close()


def test_a_new_journal_is_readable_by_its_owner_only(tmp_path: Path, roster: Roster) -> None:
    path = tmp_path / "data" / "j.sqlite"
    Journal.open(path, roster=roster).close()
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["j.sqlite"]


def _sql_of(db: sqlite3.Connection, table: str) -> str:
    return str(db.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0])


# ---- the meeting's list of prepared votes ---------------------------------------------------


def test_the_agenda_is_kept_in_the_journal(tmp_path: Path, roster: Roster) -> None:
    from voteboard.core.agenda import parse_agenda

    path = tmp_path / "j.sqlite"
    specs = parse_agenda(
        "symbol,title,mode,majority,quorum\n"
        "A/77/L.1,First,recorded,two-thirds,\n"
        'A/77/L.2,"Second, secret",secret,simple,97\n',
        "agenda.csv",
    )
    with Journal.open(path, roster=roster) as journal:
        journal.set_agenda(specs)
    with Journal.open(path, readonly=True) as journal:
        assert journal.agenda() == specs
    assert specs[1].title == "Second, secret"
    assert specs[1].quorum == 97
