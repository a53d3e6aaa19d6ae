"""Following a journal that another process writes: what the hall board reads."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.process import voteboard
from voteboard.core.commands import CastBallot, OpenVote, PrepareVote
from voteboard.core.model import Choice, Phase, VoteSpec
from voteboard.core.session import Session
from voteboard.core.state import AssemblyState
from voteboard.journal.archive import open_journal
from voteboard.journal.follow import JournalFollower
from voteboard.journal.store import JournalError
from voteboard.resources import un_roster


def held(follower: JournalFollower) -> AssemblyState:
    """The state the follower holds once it has read a journal. A call rather than the
    attribute, so that mypy does not carry an earlier `is None` across `poll`, which
    changes it (it would then take the rest of the test for unreachable, and skip it)."""
    assert follower.state is not None
    return follower.state


def test_a_follower_waits_for_the_journal_then_reads_each_new_event(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    follower = JournalFollower(path)
    assert follower.poll() is False
    assert follower.state is None
    with open_journal(path) as journal:
        assert follower.poll() is True  # the journal appeared: the waiting board
        assert held(follower).current_vote is None
        assert follower.poll() is False  # nothing new
        session = Session(journal, journal.state())
        session.execute(
            PrepareVote(at=session.clock(), vote="v1", spec=VoteSpec(symbol="A/1", title="Test"))
        )
        session.execute(OpenVote(at=session.clock()))
        assert follower.poll() is True
        vote = held(follower).current_vote
        assert vote is not None
        assert vote.phase is Phase.OPEN
        session.execute(CastBallot(at=session.clock(), member="FRA", choice=Choice.NO))
        assert follower.poll() is True
        assert held(follower) == session.state
    follower.close()


def test_a_follower_sees_what_another_process_writes(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    follower = JournalFollower(path)
    voteboard("simulate", "--journal", str(path), "--seed", "4", "--symbol", "A/FOLLOW/1", "--lock")
    assert follower.poll() is True
    state = held(follower)
    vote = state.current_vote or state.last_vote
    assert vote is not None
    assert vote.spec.symbol == "A/FOLLOW/1"
    assert vote.phase is Phase.LOCKED
    assert len(vote.voted) > 150
    with open_journal(path) as journal:
        assert journal.state() == follower.state
    follower.close()


def test_an_altered_event_is_refused_and_the_state_kept(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    with open_journal(path) as journal:
        session = Session(journal, journal.state())
        session.execute(
            PrepareVote(at=session.clock(), vote="v1", spec=VoteSpec(symbol="A/1", title="Test"))
        )
        follower = JournalFollower(path)
        assert follower.poll() is True
        before = follower.state
        session.execute(OpenVote(at=session.clock()))
        session.execute(CastBallot(at=session.clock(), member="FRA", choice=Choice.NO))
    with sqlite3.connect(path) as db:
        db.execute("UPDATE events SET body = replace(body, '\"no\"', '\"yes\"') WHERE seq = 3")
    with pytest.raises(JournalError, match="event 3 was altered"):
        follower.poll()
    assert follower.state is before
    follower.close()


def test_a_replaced_journal_is_read_from_its_start(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    with open_journal(path) as journal:
        session = Session(journal, journal.state())
        session.execute(
            PrepareVote(at=session.clock(), vote="v1", spec=VoteSpec(symbol="A/1", title="Test"))
        )
    follower = JournalFollower(path)
    assert follower.poll() is True
    assert held(follower).current_vote is not None
    path.unlink()
    with open_journal(path, roster=un_roster()):
        pass
    assert follower.poll() is True
    assert held(follower).current_vote is None
    follower.close()
