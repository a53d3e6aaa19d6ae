"""Finding a vote of the journal by its id or its symbol: a vote and its retakes share a symbol,
and a symbol that names several of them is refused with their ids."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.clock import TickingClock
from voteboard.core.commands import CancelVote, CloseVote, LockVote, OpenVote, PrepareVote
from voteboard.core.history import ImportedVote
from voteboard.core.model import VoteSpec
from voteboard.core.session import Session
from voteboard.core.state import VoteState
from voteboard.journal.archive import (
    AmbiguousVote,
    describe_vote,
    find_vote,
    open_journal,
    summaries,
    votes_on,
)
from voteboard.journal.store import Journal


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    with open_journal(tmp_path / "hall.sqlite") as journal:
        yield journal


def prepare(session: Session, vote: str, symbol: str = "A/ES-11/L.5") -> None:
    spec = VoteSpec(symbol=symbol, title="Territorial integrity of Ukraine")
    session.execute(PrepareVote(at=session.clock(), vote=vote, spec=spec))


@pytest.fixture
def retaken(journal: Journal) -> Session:
    """A/ES-11/L.5 cancelled (v-first), taken again and locked (v-second); A/ES-11/L.6 once."""
    session = Session(journal, journal.state(), clock=TickingClock())
    prepare(session, "v-first")
    session.execute(CancelVote(at=session.clock(), reason="the board failed"))
    prepare(session, "v-second")
    for action in (OpenVote, CloseVote, LockVote):
        session.execute(action(at=session.clock()))
    prepare(session, "v-other", "A/ES-11/L.6")
    session.execute(CancelVote(at=session.clock()))
    return session


def test_a_symbol_of_several_votes_is_refused_with_their_ids(
    journal: Journal, retaken: Session
) -> None:
    state = journal.state()
    with pytest.raises(AmbiguousVote) as error:
        find_vote(journal, state, "a/es-11/l.5")
    assert [v.id for v in error.value.votes] == ["v-first", "v-second"]
    assert str(error.value) == (
        "a/es-11/l.5 names 2 votes of this journal: "
        "v-first (cancelled, prepared 2022-10-12 15:00:01 UTC); "
        "v-second (locked, prepared 2022-10-12 15:00:03 UTC, a retake of v-first). "
        "Give the id of the one meant instead (see 'voteboard votes')"
    )


def test_an_id_or_a_symbol_of_one_vote_finds_it(journal: Journal, retaken: Session) -> None:
    state = journal.state()
    for ref, expected in [
        ("v-first", "v-first"),
        ("v-second", "v-second"),
        ("A/ES-11/L.6", "v-other"),
    ]:
        found = find_vote(journal, state, ref)
        assert isinstance(found, VoteState)
        assert found.id == expected
    imported = find_vote(journal, state, "A/RES/ES-11/4")
    assert isinstance(imported, ImportedVote)
    assert find_vote(journal, state, "A/RES/NOPE") is None
    assert [v.id for v in votes_on(state, "A/ES-11/L.5")] == ["v-first", "v-second"]


def test_the_list_of_votes_carries_the_retake_link(journal: Journal, retaken: Session) -> None:
    listed = {s.board.vote.id: s.as_json() for s in summaries(journal, journal.state())}
    assert listed["v-second"]["retake_of"] == "v-first"
    assert listed["v-first"]["retake_of"] is None
    assert listed["A/RES/ES-11/4"]["retake_of"] is None
    assert set(listed["v-second"]) == {
        "id",
        "symbol",
        "date",
        "title",
        "mode",
        "phase",
        "totals",
        "retake_of",
    }


def test_a_vote_is_described_by_its_id_phase_moment_and_retake(retaken: Session) -> None:
    vote = retaken.state.votes["v-second"]
    assert (
        describe_vote(vote)
        == "v-second (locked, prepared 2022-10-12 15:00:03 UTC, a retake of v-first)"
    )
