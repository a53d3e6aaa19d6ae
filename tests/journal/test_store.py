"""The SQLite journal: durable, chained by hash, secret on disk, and never touching a bad file."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from tests.clock import TickingClock
from voteboard.core.commands import CastBallot, CloseVote, LockVote, OpenVote, PrepareVote
from voteboard.core.model import Choice, Light, Mode, Phase, Refused, VoteSpec
from voteboard.core.roster import Roster
from voteboard.core.session import Session
from voteboard.journal.seal import SEALED_SIZE, Signer
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
    key = Signer().public().fingerprint
    with Journal.open(path) as journal:
        verification = journal.verify()
    # Prepared, opened, 10 ballots, closed, the hall's key, a checkpoint, locked, a checkpoint.
    assert str(verification) == f"intact, 17 events, 2 signed checkpoints (hall key {key})"


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
            "DELETE FROM events WHERE seq = 17",
            "the journal ends at event 16 but its head is event 17",
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
            "event 1000 does not follow event 17",
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
    with pytest.raises(JournalError, match="does not verify"):
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
    run_vote(path, roster, ballots[:60], mode=Mode.SECRET, close=False)
    db = sqlite3.connect(path)
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"meta", "events", "urn", "urn_keys", "history", "agenda", "keys"}
    urn_columns = [row[1] for row in db.execute("PRAGMA table_info(urn)")]
    assert urn_columns == ["token", "vote", "sealed"]
    # The events name who voted, never what.
    bodies = [
        body for (body,) in db.execute("SELECT body FROM events WHERE kind = 'ballot_deposited'")
    ]
    assert len(bodies) == 60
    assert not any('"yes"' in b or '"no"' in b or "choice" in b for b in bodies)
    # While the vote is open the urn holds sealed ballots: no member, no time, no choice, all
    # of one size.
    rows = db.execute("SELECT token, vote, sealed FROM urn").fetchall()
    assert len(rows) == 60
    assert {(vote, len(token), len(sealed)) for token, vote, sealed in rows} == {
        ("v1", 16, SEALED_SIZE)
    }
    assert len({sealed for _, _, sealed in rows}) == 60  # a random nonce each
    assert _sql_of(db, "urn").endswith("WITHOUT ROWID")
    with pytest.raises(sqlite3.OperationalError):
        db.execute("SELECT rowid FROM urn")
    db.close()
    # The close counts them once and destroys them: the totals stay, the ballots go.
    with Journal.open(path) as journal:
        session = Session(journal, journal.state())
        for code, choice in ballots[60:]:
            session.execute(CastBallot(at=session.clock(), member=code, choice=choice))
        session.execute(CloseVote(at=session.clock()))
    db = sqlite3.connect(path)
    assert db.execute("SELECT count(*) FROM urn").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM urn_keys").fetchone()[0] == 0
    closed = db.execute("SELECT body FROM events WHERE kind = 'vote_closed'").fetchone()[0]
    assert '"yes":40' in closed.replace(" ", "")
    db.close()


def test_the_write_ahead_log_is_emptied_when_a_secret_vote_ends(
    tmp_path: Path, roster: Roster
) -> None:
    path = tmp_path / "j.sqlite"
    journal = Journal.open(path, roster=roster)
    session = Session(
        journal, journal.state(), clock=TickingClock(step=timedelta(milliseconds=700))
    )
    spec = VoteSpec(symbol="S/1", title="Election", mode=Mode.SECRET)
    session.execute(PrepareVote(at=session.clock(), vote="v1", spec=spec, unusual_symbol=True))
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
    one.execute(PrepareVote(at=one.clock(), vote="v1", spec=VoteSpec(symbol="A/1", title="One")))
    with pytest.raises(JournalError, match="another program has written to this journal"):
        two.execute(
            PrepareVote(at=two.clock(), vote="v2", spec=VoteSpec(symbol="A/2", title="Two"))
        )
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


def _as_version_1(path: Path, clear_urn: list[tuple[str, str]]) -> None:
    """Turns a journal into one as voteboard wrote it before ballots were sealed: schema 1 and
    an urn of choices in clear (its checkpoints, which version 1 did not write, are kept)."""
    db = sqlite3.connect(path)
    db.execute("DROP TABLE urn")
    db.execute("DROP TABLE urn_keys")
    db.execute(
        "CREATE TABLE urn (token BLOB PRIMARY KEY, vote TEXT NOT NULL, choice TEXT NOT NULL) "
        "WITHOUT ROWID"
    )
    db.executemany(
        "INSERT INTO urn VALUES (randomblob(16), ?, ?)", [(vote, c) for vote, c in clear_urn]
    )
    db.execute("UPDATE meta SET value = '1' WHERE key = 'schema'")
    db.commit()
    db.close()


def test_a_journal_of_version_1_is_upgraded_and_its_clear_urns_destroyed(
    tmp_path: Path, roster: Roster
) -> None:
    path = tmp_path / "j.sqlite"
    run_vote(path, roster, BALLOTS[:20], mode=Mode.SECRET)  # closed and locked
    _as_version_1(path, [("v1", "yes")] * 3 + [("v1", "no")] * 4)
    with Journal.open(path, readonly=True) as old:
        assert old.verify().intact  # an older journal reads as it is
    with Journal.open(path) as journal:
        assert journal.verify().intact
    db = sqlite3.connect(path)
    assert [row[1] for row in db.execute("PRAGMA table_info(urn)")] == ["token", "vote", "sealed"]
    assert db.execute("SELECT count(*) FROM urn").fetchone()[0] == 0
    assert db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0] == "2"
    db.close()


def test_a_journal_of_version_1_with_an_open_secret_ballot_is_left_untouched(
    tmp_path: Path, roster: Roster
) -> None:
    path = tmp_path / "j.sqlite"
    run_vote(path, roster, BALLOTS[:20], mode=Mode.SECRET, close=False)
    _as_version_1(path, [("v1", "yes")] * 20)
    before = path.read_bytes()
    with pytest.raises(JournalError, match="an older voteboard is running a secret ballot"):
        Journal.open(path)
    assert path.read_bytes() == before


# ---- the stored head and meta, as someone with the file in hand could leave them ---------------


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        (
            "DELETE FROM meta WHERE key = 'head'",
            "the journal's head (in its meta table) is missing",
        ),
        (
            "UPDATE meta SET value = 'x y' WHERE key = 'head'",
            "the journal's head (in its meta table) is garbled ('x y', not SEQ HASH)",
        ),
        (
            "UPDATE meta SET value = '" + "9" * 5000 + " ab' WHERE key = 'head'",
            "the journal's head (in its meta table) is garbled ('99999",
        ),
        ("UPDATE meta SET value = x'3132' WHERE key = 'head'", "is garbled (b'12', not SEQ HASH)"),
        ("UPDATE meta SET value = x'00' WHERE key = 'roster'", "the journal's roster is not text"),
        ("UPDATE meta SET value = x'32' WHERE key = 'schema'", "schema version is unreadable"),
        ("UPDATE meta SET value = '1_0' WHERE key = 'schema'", "schema version is unreadable"),
        (
            "UPDATE meta SET value = '../../x' WHERE key = 'journal_id'",
            "the journal's id is garbled",
        ),
        ("UPDATE meta SET value = '*' WHERE key = 'journal_id'", "the journal's id is garbled"),
        (
            "UPDATE meta SET value = CAST(x'ff' AS TEXT) WHERE key = 'roster'",
            "the journal is damaged (Could not decode to UTF-8",
        ),
        (
            "UPDATE meta SET value = '{\"members\": ' || replace(hex(zeroblob(40)), '0', '[') "
            "WHERE key = 'roster'",
            "the journal's roster cannot be read (",
        ),
    ],
)
def test_a_stored_head_or_meta_altered_is_refused_in_words(
    tmp_path: Path, roster: Roster, sql: str, message: str
) -> None:
    path = tmp_path / "j.sqlite"
    run_vote(path, roster, BALLOTS[:3])
    _tamper(path, sql)
    for check in (False, True):
        with pytest.raises(JournalError) as error:
            Journal.open(path, readonly=True, check=check, create=False)
        assert str(error.value).startswith(f"{path}: ")
        assert message in str(error.value)


def test_a_vote_key_file_is_read_no_further_than_a_key(tmp_path: Path, roster: Roster) -> None:
    from voteboard.core.model import Refused
    from voteboard.journal import seal

    path = tmp_path / "j.sqlite"
    run_vote(path, roster, BALLOTS[:3], mode=Mode.SECRET, close=False)
    with Journal.open(path, create=False) as journal:
        key = seal.vote_key_path(journal.journal_id, "v1")
        key.unlink()
        key.symlink_to("/dev/zero")
        session = Session(journal, journal.state(), clock=TickingClock())
        with pytest.raises(Refused, match="not the key of a secret ballot"):
            session.execute(CastBallot(at=session.clock(), member="ZWE", choice=Choice.YES))


# ---- a burst of ballots: one transaction ------------------------------------------------------


def _commits(journal: Journal) -> list[str]:
    """The COMMITs the journal's connection runs from now on."""
    said: list[str] = []
    journal._db.set_trace_callback(lambda sql: said.append(sql) if sql == "COMMIT" else None)
    return said


@pytest.mark.parametrize("mode", [Mode.RECORDED, Mode.SECRET])
def test_a_burst_of_ballots_is_made_durable_in_one_commit(
    tmp_path: Path, roster: Roster, mode: Mode
) -> None:
    path = tmp_path / "j.sqlite"
    run_vote(path, roster, BALLOTS[:5], mode=mode, close=False)
    burst = BALLOTS[5:40]
    with Journal.open(path) as journal:
        session = Session(journal, journal.state())
        commits = _commits(journal)
        casts = [CastBallot(at=session.clock(), member=m, choice=c) for m, c in burst]
        # A member twice (the second refused in a secret ballot, a change in a recorded one)
        # and a member not on the roster (refused): the others are taken all the same.
        again = CastBallot(at=session.clock(), member=burst[0][0], choice=Choice.NO)
        stranger = CastBallot(at=session.clock(), member="XXX", choice=Choice.YES)
        results = session.execute_ballots([*casts[:3], again, stranger, *casts[3:]])
        assert commits == ["COMMIT"]
        refused = [i for i, r in enumerate(results) if isinstance(r, Refused)]
        assert refused == ([3, 4] if mode is Mode.SECRET else [4])
        live = session.state
        vote = live.votes["v1"]
        assert len(vote.voted) == 40
        if mode is Mode.SECRET:
            held = journal._db.execute("SELECT count(*) FROM urn").fetchone()[0]
            assert held == 40
        else:
            assert vote.ballots[burst[0][0]] is Choice.NO
    with Journal.open(path) as journal:
        assert journal.verify().intact
        assert journal.state() == live
        session = Session(journal, journal.state())
        session.execute(CloseVote(at=session.clock()))
        tally = session.state.votes["v1"].tally()
        assert tally.yes + tally.no + tally.abstain == 40


def test_a_burst_that_cannot_be_written_writes_none_of_it(
    tmp_path: Path, roster: Roster, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "j.sqlite"
    run_vote(path, roster, BALLOTS[:5], mode=Mode.SECRET, close=False)
    with Journal.open(path) as journal:
        session = Session(journal, journal.state())
        before = session.state
        deposit = journal._deposit

        def failing(sealed: tuple[bytes, str, bytes], recovery: bytes | None, at: int = 0) -> None:
            if at == 2:
                raise sqlite3.OperationalError("disk I/O error")
            deposit(sealed, recovery, at)

        monkeypatch.setattr(journal, "_deposit", failing)
        casts = [CastBallot(at=session.clock(), member=m, choice=c) for m, c in BALLOTS[5:10]]
        with pytest.raises(sqlite3.OperationalError):
            session.execute_ballots(casts)
        assert session.state is before
        monkeypatch.undo()
        # Nothing of it was written, and the journal goes on from where it was.
        assert journal._db.execute("SELECT count(*) FROM urn").fetchone()[0] == 5
        assert len(session.execute_ballots(casts)) == 5
        assert journal._db.execute("SELECT count(*) FROM urn").fetchone()[0] == 10
    with Journal.open(path) as journal:
        assert journal.verify().intact
        assert len(journal.state().votes["v1"].voted) == 10
