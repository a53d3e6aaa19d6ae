"""Snapshots of the folded state: opening a journal folds only the events after its snapshot,
and gets exactly the state that folding every event gives; a snapshot that does not check
against the chain and the hall's key is never used, and `verify` names one that disagrees.

The attacker here has the journal file in hand and voteboard's own code, but not the hall's
signing key (kept outside the journal): an unkeyed digest, they recompute.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis.stateful import invariant, rule

from tests.clock import TickingClock
from tests.core.test_stateful import ROSTER, VoteMachine
from tests.process import voteboard
from voteboard.core.commands import (
    CancelVote,
    CastBallot,
    CloseVote,
    LockVote,
    OpenVote,
    PrepareVote,
    RecordCorrection,
    WithdrawRight,
)
from voteboard.core.events import Event
from voteboard.core.model import Choice, Light, Mode, Phase, VoteSpec
from voteboard.core.roster import Roster
from voteboard.core.session import MemoryStore, Session
from voteboard.core.state import AssemblyState, fold, fold_vote, vote_snapshot
from voteboard.journal import snapshots
from voteboard.journal.follow import JournalFollower
from voteboard.journal.seal import Signer
from voteboard.journal.store import Journal, JournalError, event_hash
from voteboard.resources import un_roster

ROSTER_UN = un_roster()
CODES = ROSTER_UN.codes


def open_hall(path: Path, every: int = 1) -> tuple[Journal, Session]:
    """A journal open to write, as the control window opens it (its state asked for first),
    writing a snapshot at the first signed checkpoint `every` rows after the last one."""
    journal = Journal.open(path, roster=ROSTER_UN)
    journal.snapshot_every = every
    return journal, Session(journal, journal.state(), clock=TickingClock())


def run_vote(
    session: Session,
    number: int,
    *,
    mode: Mode = Mode.RECORDED,
    members: int = 120,
    end: type[LockVote] | type[CancelVote] | None = LockVote,
) -> str:
    vote = f"v{number}"
    spec = VoteSpec(symbol=f"A/80/L.{number}", title=f"Vote {number}", mode=mode)
    session.execute(PrepareVote(at=session.clock(), vote=vote, spec=spec))
    session.execute(OpenVote(at=session.clock()))
    for i, code in enumerate(CODES[:members]):
        if code in session.state.ineligible:
            continue
        choice = list(Choice)[(i + number - 1) % 3]
        session.execute(CastBallot(at=session.clock(), member=code, choice=choice))
    if end is LockVote:
        session.execute(CloseVote(at=session.clock()))
    if end is not None:
        session.execute(end(at=session.clock()))
    return vote


@pytest.fixture
def hall(tmp_path: Path) -> Path:
    """A journal of three locked recorded votes, a cancelled one and a locked secret ballot,
    with a right withdrawn and a correction, whose snapshot was written with its last lock."""
    return build_hall(tmp_path / "hall.sqlite")


def build_hall(path: Path) -> Path:
    """The `hall` journal, at `path`."""
    journal, session = open_hall(path)
    run_vote(session, 1)
    session.execute(WithdrawRight(at=session.clock(), member="AFG"))
    run_vote(session, 2)
    run_vote(session, 3, end=CancelVote)
    run_vote(session, 4, mode=Mode.SECRET)
    run_vote(session, 5)
    session.execute(RecordCorrection(at=session.clock(), member="ALB", intended=Choice.NO))
    run_vote(session, 6)
    journal.close()
    return path


def all_events(path: Path) -> list[Event]:
    with Journal.open(path, readonly=True, check=False) as journal:
        return list(journal.events())


def full_fold(path: Path) -> AssemblyState:
    return fold(ROSTER_UN, all_events(path))


def snapshot_seq(path: Path) -> int:
    with closing(sqlite3.connect(path)) as db:
        return int(db.execute("SELECT seq FROM snapshots").fetchone()[0])


def sql(path: Path, statement: str, *values: object) -> None:
    with closing(sqlite3.connect(path)) as db, db:
        db.execute(statement, values)


def verify(path: Path) -> tuple[int, str]:
    result = voteboard("verify", "--journal", path, check=False)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stdout


# ---- the state from a snapshot is the state from every event ------------------------------


def test_a_journal_reopened_starts_from_its_snapshot_and_gets_the_fold_of_every_event(
    hall: Path,
) -> None:
    with Journal.open(hall) as journal:
        state = journal.state()
        assert journal.snapshot_problem is None
        assert journal._snapshot_seq == snapshot_seq(hall) > 0
    assert state == full_fold(hall)
    assert state.votes["v1"].light("AFG") is Light.YES
    assert state.votes["v2"].light("AFG") is Light.INELIGIBLE
    assert state.votes["v5"].corrections[0].member == "ALB"
    assert len(state.votes["v4"].ballots) == 0


def test_the_events_after_the_snapshot_are_folded_onto_it(hall: Path) -> None:
    journal, session = open_hall(hall, every=10**9)  # no new snapshot
    run_vote(session, 7, end=None)  # left open: no checkpoint, no snapshot
    journal.close()
    with Journal.open(hall, readonly=True) as reopened:
        state = reopened.state()
        assert reopened._snapshot_seq == snapshot_seq(hall)
    assert state == full_fold(hall) == session.state
    assert state.current_vote is not None
    assert state.current_vote.phase is Phase.OPEN


def test_a_snapshot_is_written_with_a_close_lock_cancel_or_correction_never_with_a_ballot(
    tmp_path: Path,
) -> None:
    path = tmp_path / "j.sqlite"
    journal, session = open_hall(path, every=50)
    spec = VoteSpec(symbol="A/80/L.1", title="Ballots")
    session.execute(PrepareVote(at=session.clock(), vote="v1", spec=spec))
    session.execute(OpenVote(at=session.clock()))
    for code in CODES[:100]:  # 100 rows past the last snapshot: one is due, but not here
        session.execute(CastBallot(at=session.clock(), member=code, choice=Choice.YES))
        assert journal._snapshot_seq == 0
    session.execute(CloseVote(at=session.clock()))
    closed = journal._snapshot_seq
    assert closed == journal._seq  # the close, its checkpoint (and the hall's key) with it
    session.execute(LockVote(at=session.clock()))
    assert journal._snapshot_seq == closed  # too soon after the last one
    journal.close()
    with Journal.open(path) as reopened:
        assert reopened.state() == session.state
        assert reopened._snapshot_seq == closed


def test_a_journal_that_never_reaches_a_snapshot_has_no_snapshot_tables(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    journal, session = open_hall(path, every=snapshots.SNAPSHOT_EVERY)
    run_vote(session, 1)
    journal.close()
    with closing(sqlite3.connect(path)) as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
    assert not tables & {"snapshots", "snapshot_votes"}
    with Journal.open(path) as reopened:
        assert reopened.state() == session.state
        assert "snapshot" not in str(reopened.verify())


def test_verify_folds_the_chain_again_and_finds_the_snapshot_agrees(hall: Path) -> None:
    code, out = verify(hall)
    assert code == 0, out
    assert "intact" in out
    assert "its snapshot of the state is the fold of the chain" in out


def test_a_snapshot_made_with_an_earlier_hall_key_is_set_aside_quietly(
    hall: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The hall's machine was replaced: a new signing key, the journal copied over.
    monkeypatch.setenv("VOTEBOARD_CONFIG_DIR", str(tmp_path / "new-machine"))
    journal, session = open_hall(hall)
    assert journal.snapshot_problem is None
    assert journal._snapshot_seq == 0
    assert session.state == full_fold(hall)
    run_vote(session, 7)  # its lock writes a new snapshot, whole, signed with the new key
    journal.close()
    with Journal.open(hall) as reopened:
        assert reopened.state() == session.state
        assert reopened._snapshot_seq == snapshot_seq(hall) > 0
    assert verify(hall)[0] == 0


class SnapshotVoteMachine(VoteMachine):
    """The core's random command sequences on a journal that writes a snapshot at every
    signed checkpoint: at every step, a reader that opens the file gets the live state, from
    the snapshot when there is one; the snapshot never holds a secret vote's choices."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp())
        self.path = self.folder / "j.sqlite"
        self.journal = Journal.open(self.path, roster=ROSTER)
        self.journal.snapshot_every = 1
        self.session = Session(self.journal, self.journal.state(), clock=self.tick)

    def teardown(self) -> None:
        self.journal.close()
        try:
            with Journal.open(self.path, readonly=True) as reopened:
                verification = reopened.verify()
                assert verification.intact, verification
                assert reopened.state() == self.session.state
        finally:
            shutil.rmtree(self.folder)

    def stored_events(self) -> list[Event]:
        return list(self.journal.events())

    @rule()
    def open_close_and_lock(self) -> None:
        """Votes taken to their end more often than the phases drawn one by one take them:
        each end writes a snapshot here."""
        for kind in (OpenVote, CloseVote, LockVote):
            self.run(kind(at=self.tick()))

    @invariant()
    def a_reader_gets_the_live_state_from_the_snapshot(self) -> None:
        with Journal.open(self.path, readonly=True, check=False) as reader:
            assert reader.state() == self.session.state
            assert reader.snapshot_problem is None
            stored = reader._stored_snapshots()
            assert reader._snapshot_seq == (stored[0][0] if stored else 0)

    @invariant()
    def a_snapshot_holds_no_choice_of_a_secret_vote(self) -> None:
        with closing(sqlite3.connect(self.path)) as db:
            try:
                rows = db.execute("SELECT state FROM snapshot_votes").fetchall()
            except sqlite3.OperationalError:
                return  # no snapshot yet
        for (text,) in rows:
            vote = json.loads(text)
            if vote["spec"]["mode"] == "secret":
                assert set(vote["marks"]) <= {".", "v"}
                assert vote["running"] == [0, 0, 0]
                if vote["phase"] in ("prepared", "open", "paused"):
                    assert vote["totals"] is None


SnapshotVoteMachine.TestCase.settings = settings(
    max_examples=40, stateful_step_count=40, deadline=None
)
test_snapshot_vote_machine = SnapshotVoteMachine.TestCase


# ---- secret ballots ---------------------------------------------------------------------


def test_a_snapshot_taken_while_a_secret_ballot_is_open_holds_only_who_voted(
    tmp_path: Path,
) -> None:
    path = tmp_path / "j.sqlite"
    journal, session = open_hall(path)
    run_vote(session, 1)
    secret = run_vote(session, 2, mode=Mode.SECRET, members=70, end=None)
    # A correction to the vote locked before is signed, and a snapshot is written with it,
    # while the secret ballot is open.
    session.execute(RecordCorrection(at=session.clock(), member="ALB", intended=Choice.NO))
    assert journal._snapshot_seq == journal._seq
    journal.close()
    with closing(sqlite3.connect(path)) as db:
        (text,) = db.execute(
            "SELECT state FROM snapshot_votes WHERE vote = ?", (secret,)
        ).fetchone()
        deposited = [
            member
            for (member,) in db.execute(
                "SELECT json_extract(body, '$.member') FROM events WHERE vote = ? "
                "AND kind = 'ballot_deposited' ORDER BY seq",
                (secret,),
            )
        ]
    row = json.loads(text)
    assert row["phase"] == "open"
    # Who voted, one mark each in the roster's order (never the order they came in), and
    # nothing of what they chose: no ballot, no running total, no totals.
    assert row["marks"] == "".join("v" if code in deposited else "." for code in CODES)
    assert row["running"] == [0, 0, 0]
    assert row["totals"] is None
    assert not any(word in text for word in ('"yes"', '"no"', '"abstain"', "choice"))
    # What the events say of that vote, and no more.
    with Journal.open(path, readonly=True) as reopened:
        vote = reopened.state().votes[secret]
        assert reopened._snapshot_seq > 0
        assert vote == fold_vote(ROSTER_UN, reopened.events(secret))
    assert set(vote.voted) == set(deposited)


def test_a_secret_vote_holding_a_choice_or_a_running_total_is_never_put_in_a_snapshot() -> None:
    session = Session(MemoryStore(), AssemblyState.initial(ROSTER_UN), clock=TickingClock())
    vote_id = run_vote(session, 1, mode=Mode.SECRET, members=10, end=None)
    vote = session.state.votes[vote_id]
    index = {code: place for place, code in enumerate(CODES)}
    assert set(str(vote_snapshot(vote, index)["marks"])) == {".", "v"}
    with pytest.raises(ValueError, match="holds choices"):
        vote_snapshot(replace(vote, ballots=vote.ballots.set("AFG", Choice.YES)), index)
    with pytest.raises(ValueError, match="holds choices"):
        vote_snapshot(replace(vote, running=vote.running._replace(yes=1)), index)


def test_the_snapshot_of_a_closed_secret_ballot_holds_the_totals_of_its_close(
    tmp_path: Path,
) -> None:
    path = tmp_path / "j.sqlite"
    journal, session = open_hall(path)
    secret = run_vote(session, 1, mode=Mode.SECRET, members=60)
    totals = session.state.votes[secret].totals
    journal.close()
    with closing(sqlite3.connect(path)) as db:
        (text,) = db.execute("SELECT state FROM snapshot_votes").fetchone()
    row = json.loads(text)
    assert totals is not None
    assert row["totals"] == totals.model_dump()
    assert set(row["marks"]) == {".", "v"}
    assert row["marks"].count("v") == 60


# ---- a snapshot that does not check is never used --------------------------------------------


def forge_a_ballot(path: Path, vote: str, code: str, mark: str) -> None:
    """What an attacker with the file can do: change a member's mark in the vote's row, and
    recompute the snapshot's digest (unkeyed: voteboard's own code computes it)."""
    place = CODES.index(code)
    with closing(sqlite3.connect(path)) as db, db:
        (text,) = db.execute("SELECT state FROM snapshot_votes WHERE vote = ?", (vote,)).fetchone()
        row = json.loads(text)
        assert row["marks"][place] != mark
        row["marks"] = row["marks"][:place] + mark + row["marks"][place + 1 :]
        db.execute(
            "UPDATE snapshot_votes SET state = ? WHERE vote = ?",
            (json.dumps(row, separators=(",", ":")), vote),
        )
        texts = dict(db.execute("SELECT vote, state FROM snapshot_votes").fetchall())
        (assembly,) = db.execute("SELECT assembly FROM snapshots").fetchone()
        digests = {v: snapshots._sha256(t) for v, t in texts.items()}
        db.execute(
            "UPDATE snapshots SET digest = ?", (snapshots._snapshot_digest(assembly, digests),)
        )


def test_a_ballot_forged_in_the_snapshot_is_not_shown_and_verify_names_the_vote(
    hall: Path,
) -> None:
    # AFG voted yes in A/80/L.1 (v1): the forger makes it a no.
    assert full_fold(hall).votes["v1"].light("AFG") is Light.YES
    forge_a_ballot(hall, "v1", "AFG", "n")
    with Journal.open(hall) as journal:  # the chain is intact: the journal opens
        state = journal.state()
        problem = journal.snapshot_problem
    assert state.votes["v1"].light("AFG") is Light.YES
    assert state == full_fold(hall)
    assert problem is not None
    assert f"the snapshot of the state at event {snapshot_seq(hall)}" in problem
    assert "folded from all the events" in problem
    code, out = verify(hall)
    assert code == 1
    assert f"NOT intact: the snapshot of the state at event {snapshot_seq(hall)}" in out
    assert "disagrees with the chain on the vote A/80/L.1 (v1)" in out


def test_a_snapshot_signed_again_by_a_forger_is_not_used(hall: Path, tmp_path: Path) -> None:
    forge_a_ballot(hall, "v1", "AFG", "n")
    forger = Signer(tmp_path / "forger")
    with closing(sqlite3.connect(hall)) as db, db:
        seq, head, digest = db.execute("SELECT seq, hash, digest FROM snapshots").fetchone()
        (journal_id,) = db.execute("SELECT value FROM meta WHERE key = 'journal_id'").fetchone()
        signature = forger.sign(snapshots._snapshot_text(journal_id, seq, head, digest))
        db.execute(
            "UPDATE snapshots SET signature = ?, hall_key = ?",
            (signature, forger.public().fingerprint),
        )
    with Journal.open(hall) as journal:
        assert journal.state().votes["v1"].light("AFG") is Light.YES
        assert journal.snapshot_problem is not None
        assert "signed by a key this journal never held" in journal.snapshot_problem
    code, out = verify(hall)
    assert code == 1
    assert "disagrees with the chain on the vote A/80/L.1 (v1)" in out


def test_a_snapshot_whose_event_is_not_in_the_chain_is_not_used(hall: Path) -> None:
    # The chain recomputed from an early ballot on (the hashes, the meta head), without the
    # hall's key: the event the snapshot was made at no longer has the hash it recorded.
    with closing(sqlite3.connect(hall)) as db, db:
        rows = db.execute("SELECT seq, vote, kind, body, prev FROM events ORDER BY seq").fetchall()
        first = next(seq for seq, _, kind, _, _ in rows if kind == "ballot_cast")
        head = None
        for seq, vote, kind, body, prev in rows:
            if seq == first:
                body = body.replace('"yes"', '"no"', 1).replace('"abstain"', '"no"', 1)
            prev = prev if head is None else head
            head = event_hash(prev, kind, vote, body) if seq >= first else None
            if head is not None:
                db.execute(
                    "UPDATE events SET body = ?, prev = ?, hash = ? WHERE seq = ?",
                    (body, prev, head, seq),
                )
        db.execute("UPDATE meta SET value = ? WHERE key = 'head'", (f"{rows[-1][0]} {head}",))
    with pytest.raises(JournalError, match="does not verify"):
        Journal.open(hall)  # the whole chain checked: the signed checkpoints catch it
    with Journal.open(hall, readonly=True, check=False) as journal:
        state = journal.state()
        assert journal.snapshot_problem is not None
        assert "does not match the chain" in journal.snapshot_problem
    assert state == full_fold(hall)
    code, out = verify(hall)
    assert code == 1
    assert "checkpoint" in out


def test_a_snapshot_that_cannot_be_read_is_not_used(hall: Path) -> None:
    # Signed with the hall's own key (as a bug would write it): the signature checks, the
    # row does not read.
    with closing(sqlite3.connect(hall)) as db, db:
        db.execute("UPDATE snapshot_votes SET state = '{\"id\": \"v1\"}' WHERE vote = 'v1'")
        texts = dict(db.execute("SELECT vote, state FROM snapshot_votes").fetchall())
        seq, head, assembly = db.execute("SELECT seq, hash, assembly FROM snapshots").fetchone()
        (journal_id,) = db.execute("SELECT value FROM meta WHERE key = 'journal_id'").fetchone()
        digest = snapshots._snapshot_digest(
            assembly, {v: snapshots._sha256(t) for v, t in texts.items()}
        )
        signature = Signer().sign(snapshots._snapshot_text(journal_id, seq, head, digest))
        db.execute("UPDATE snapshots SET digest = ?, signature = ?", (digest, signature))
    with Journal.open(hall) as journal:
        assert journal.state() == full_fold(hall)
        assert journal.snapshot_problem is not None
        assert "cannot be read" in journal.snapshot_problem
    code, out = verify(hall)
    assert code == 1
    assert "cannot be read" in out


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE snapshots SET version = 'one'",
        "UPDATE snapshots SET assembly = x'7b7d'",
        "UPDATE snapshots SET assembly = 'not json'",
        "DELETE FROM snapshot_votes WHERE vote = 'v2'",
        "INSERT INTO snapshot_votes SELECT 'v9', state FROM snapshot_votes WHERE vote = 'v1'",
        "UPDATE snapshots SET hash = replace(hash, substr(hash, 1, 1), 'x')",
    ],
)
def test_a_snapshot_altered_otherwise_is_not_used(hall: Path, statement: str) -> None:
    sql(hall, statement)
    with Journal.open(hall) as journal:
        assert journal.state() == full_fold(hall)
        assert journal.snapshot_problem is not None
        assert journal._snapshot_seq == 0
    assert verify(hall)[0] == 1


def test_the_opening_checks_the_chain_after_the_snapshot(hall: Path) -> None:
    journal, session = open_hall(hall, every=10**9)
    run_vote(session, 7, end=None)
    journal.close()
    after = snapshot_seq(hall) + 5
    sql(hall, "UPDATE events SET body = replace(body, 'yes', 'no') WHERE seq = ?", after)
    with pytest.raises(JournalError, match=f"event {after} was altered"):
        Journal.open(hall)


def test_an_event_altered_before_the_snapshot_is_named_by_verify(hall: Path) -> None:
    # The opening takes the chain up to the snapshot as signed with it (so that it does not
    # grow with the history): an edit there that leaves the chain as it was is verify's to
    # find; the state still comes from the signed snapshot.
    ballot = next(
        seq
        for seq, event in enumerate(all_events(hall), start=1)
        if event.kind == "ballot_cast" and event.vote == "v1"
    )
    sql(hall, "UPDATE events SET body = replace(body, '\"yes\"', '\"no\"') WHERE seq = ?", ballot)
    with Journal.open(hall, readonly=True) as journal:
        assert journal.state().votes["v1"].light("AFG") is Light.YES
    code, out = verify(hall)
    assert code == 1
    assert f"event {ballot} was altered" in out


def test_a_journal_made_before_snapshots_is_read_and_gets_one(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    journal, session = open_hall(path, every=10**9)
    for number in (1, 2):
        run_vote(session, number)
    journal.close()
    live = session.state
    with Journal.open(path, readonly=True) as reader:
        assert reader.state() == live
    journal, session = open_hall(path, every=100)
    assert session.state == live
    run_vote(session, 3)
    journal.close()
    with Journal.open(path, readonly=True) as reader:
        assert reader.state() == session.state
        assert reader._snapshot_seq == snapshot_seq(path) > 0


def test_the_roster_is_the_journals(tmp_path: Path) -> None:
    """A roster of other members than the UN's: the marks follow that roster."""
    roster = Roster(assembly="Board", members=ROSTER.members)
    path = tmp_path / "j.sqlite"
    journal = Journal.open(path, roster=roster)
    journal.snapshot_every = 1
    session = Session(journal, journal.state(), clock=TickingClock())
    spec = VoteSpec(symbol="A/80/L.1", title="Small")
    session.execute(PrepareVote(at=session.clock(), vote="v1", spec=spec))
    session.execute(OpenVote(at=session.clock()))
    for code in roster.codes[:5]:
        session.execute(CastBallot(at=session.clock(), member=code, choice=Choice.ABSTAIN))
    session.execute(CloseVote(at=session.clock()))
    journal.close()
    with Journal.open(path, readonly=True) as reader:
        assert reader.state() == session.state
        assert reader._snapshot_seq > 0


def test_a_follower_starts_from_the_snapshot_and_reads_what_comes_after(hall: Path) -> None:
    """The hall display beside the desk follows the journal: it starts from the signed
    snapshot, not from the first event, and what it shows is the full fold's."""
    follower = JournalFollower(hall)
    try:
        assert follower.poll()
        assert follower.started_from == snapshot_seq(hall) > 0
        assert follower.state == full_fold(hall)
        forge_a_ballot(hall, "v1", "AFG", "n")  # an altered snapshot is not started from
        again = JournalFollower(hall)
        assert again.poll()
        assert again.started_from == 0
        assert again.state == full_fold(hall)
        again.close()
    finally:
        follower.close()
