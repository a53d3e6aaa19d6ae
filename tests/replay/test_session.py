"""The replay session across eras: a member's votes under the names it bore, the member found
by any of them, the decades, the index of choices, and two votes of different eras compared."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.replay.test_replay import run_vote
from tests.replay.undl import CHINA, EIGHTIES, FIRST, eras_journal, needs_undl
from voteboard.core.board import BoardMember, board_of_record
from voteboard.core.compare import compare
from voteboard.core.model import Light, Mode
from voteboard.journal import choices
from voteboard.journal.archive import open_journal, shipped_votes
from voteboard.journal.browse import Entry, decades, search
from voteboard.journal.store import Journal
from voteboard.replay.session import ReplaySession
from voteboard.resources import un_roster

ES_11_1, ES_11_4 = "A/RES/ES-11/1", "A/RES/ES-11/4"


@pytest.fixture(scope="module")
def eras_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return eras_journal(tmp_path_factory.mktemp("eras") / "j.sqlite")


@pytest.fixture(scope="module")
def eras(eras_path: Path) -> Iterator[ReplaySession]:
    session = ReplaySession(Journal.open(eras_path, readonly=True))
    yield session
    session.close()


def entry(session: ReplaySession, symbol: str) -> Entry:
    return next(e for e in session.entries if e.symbol == symbol)


def recorded(session: ReplaySession, symbol: str, code: str) -> str:
    """The member's light on the vote's final board, in the window's words."""
    board = session.final_board(entry(session, symbol))
    light = next(m.light for m in board.members if m.code == code)
    return {Light.YES: "Yes", Light.NO: "No", Light.ABSTAIN: "Abstain", Light.NONE: "did not vote"}[
        light
    ]


@needs_undl
def test_a_members_votes_run_through_its_names(eras: ReplaySession) -> None:
    ussr = eras.member_votes("RUS")
    assert ussr.name == "Russian Federation"
    first, today = entry(eras, FIRST), entry(eras, ES_11_4)
    assert ussr.name_at(first) == "Union of Soviet Socialist Republics"
    assert ussr.label_at(first) == "USSR"
    assert ussr.vote_at(first) == f"{recorded(eras, FIRST, 'RUS')} (as USSR)"
    assert ussr.name_at(today) == "Russian Federation"
    assert ussr.vote_at(today) == "No"
    # Turkey until 1 June 2022, Türkiye after: within one session of 2022.
    turkey = eras.member_votes("TUR")
    assert [turkey.name_at(entry(eras, s)) for s in (FIRST, ES_11_1, ES_11_4)] == [
        "Turkey",
        "Turkey",
        "Türkiye",
    ]
    assert turkey.vote_at(entry(eras, ES_11_1)) == "Yes (as Turkey)"
    congo = eras.member_votes("COD")
    assert [congo.name_at(entry(eras, s)) for s in (FIRST, CHINA, EIGHTIES, ES_11_4)] == [
        "",
        "Congo (Leopoldville)",
        "Zaire",
        "Democratic Republic of the Congo",
    ]
    assert congo.vote_at(entry(eras, FIRST)) == "not a member"
    assert congo.vote_at(entry(eras, EIGHTIES)) == f"{recorded(eras, EIGHTIES, 'COD')} (as Zaire)"
    assert eras.member_votes("MMR").name_at(entry(eras, EIGHTIES)) == "Burma"


@needs_undl
def test_former_members_have_votes_of_their_days_only(eras: ReplaySession) -> None:
    czechoslovakia = eras.member_votes("CSK")
    assert czechoslovakia.name == "Czechoslovakia"
    assert czechoslovakia.vote_at(entry(eras, EIGHTIES)) == recorded(eras, EIGHTIES, "CSK")
    assert czechoslovakia.vote_at(entry(eras, ES_11_4)) == "not a member"
    assert czechoslovakia.name_at(entry(eras, ES_11_4)) == ""
    gdr = eras.member_votes("DDR")  # a member from 1973 to 1990
    assert [gdr.vote_at(entry(eras, s)) for s in (CHINA, ES_11_4)] == ["not a member"] * 2
    assert gdr.name_at(entry(eras, EIGHTIES)) == "German Democratic Republic"
    # A vote run here has the roster's members: a former member is not one of them.
    run_here = Entry(
        symbol="A/77/L.9",
        date="2022-10-12T15:00:00+00:00",
        title="",
        mode=Mode.RECORDED,
        session="77",
        outcome="adopted",
        yes=1,
        no=0,
        abstain=0,
        source="voteboard",
        vote_id="v1",
    )
    assert gdr.vote_at(run_here) == "not a member"
    assert eras.member_votes("RUS").vote_at(run_here) == "did not vote"


def test_a_member_is_found_by_any_of_its_names(tmp_path: Path) -> None:
    with open_journal(tmp_path / "j.sqlite") as journal:
        session = ReplaySession(journal)
        found = {
            text: (session.find_member(text) or ("", ""))[1]
            for text in ("Zaire", "USSR", "burma", "Czechoslovakia", "yugoslavia", "turkiye")
        }
        assert found == {
            "Zaire": "COD",
            "USSR": "RUS",
            "burma": "MMR",
            "Czechoslovakia": "CSK",
            "yugoslavia": "YUG",
            "turkiye": "TUR",
        }
        assert session.find_member("Congo") == ("Congo", "COG")  # that name, before the others
        assert session.find_member("Tanzania") == ("United Republic of Tanzania", "TZA")
        assert session.find_member("Atlantis") is None
        assert session.find_member("  ") is None
        names = dict(session.member_names())
        assert names["Zaire — now Democratic Republic of the Congo"] == "COD"
        assert names["USSR — now Russian Federation"] == "RUS"
        assert names["Czechoslovakia — until 1992"] == "CSK"
        assert names["Türkiye"] == "TUR"
        # A name held in today's (Bolivia in "Bolivia (Plurinational State of)") is not listed.
        assert not [n for n in names if n.startswith("Bolivia —")]


@needs_undl
def test_the_decades(eras: ReplaySession) -> None:
    assert decades(eras.entries) == ["2020s", "1980s", "1970s", "1940s"]
    assert [e.symbol for e in search(eras.entries, decade="1970s")] == [CHINA]
    assert [e.symbol for e in search(eras.entries, "rules", decade="1940s")] == [FIRST]
    assert search(eras.entries, "rules", decade="1980s") == []


def test_a_vote_run_here_has_its_decade(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    run_vote(path)
    with Journal.open(path, readonly=True) as journal:
        session = ReplaySession(journal)
        assert {e.decade for e in session.entries} == {"2020s"}
        assert decades(session.entries) == ["2020s"]


@needs_undl
def test_the_index_of_choices_gives_what_the_records_say(eras_path: Path) -> None:
    with Journal.open(eras_path, readonly=True) as journal:
        roster = journal.roster
        for member in (*roster.members, *roster.former_members):
            assert journal.member_choices(member.code) == journal.member_history(member.code)


def test_an_index_that_misses_votes_is_read_the_slow_way_then_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    with open_journal(path) as journal:
        expected = journal.member_history("UKR")
        assert journal.member_choices("UKR") == expected
    # As a journal written by an older voteboard: a vote stored, not indexed.
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM history_choices_of WHERE symbol = ?", (ES_11_4,))
        db.execute("DELETE FROM history_choices WHERE symbol = ?", (ES_11_4,))
        assert not choices.current(db)
    db.close()
    with Journal.open(path, readonly=True) as journal:
        assert journal.member_choices("UKR") == expected  # read from the records
    with open_journal(path) as journal:
        extra = shipped_votes()[0].model_copy(update={"symbol": "A/RES/ES-11/99"})
        journal.add_history([extra])  # the index is made anew, the new vote in it
        assert journal.member_choices("UKR") == {**expected, "A/RES/ES-11/99": "yes"}
    with sqlite3.connect(path) as db:
        assert choices.current(db)
    db.close()


@needs_undl
def test_two_votes_of_different_eras_name_the_members_of_one_only(eras: ReplaySession) -> None:
    roster = eras.roster
    comparison = eras.compare(entry(eras, CHINA), entry(eras, ES_11_4))
    then = {m.code for m in roster.on(dt.date(1971, 10, 25))}
    now = {m.code for m in roster.on(dt.date(2022, 10, 12))}
    assert len(then) == 131
    new = now - then
    assert len(comparison.not_on_first) == len(new) == 65
    assert set(comparison.moves) <= then & now  # never a move of a member of one vote only
    assert comparison.unchanged + len(comparison.moves) == len(then & now)
    lines = comparison.membership_lines()
    assert lines[0].startswith(
        "65 members of A/RES/ES-11/4 were not members on 25 October 1971: Andorra, Angola, "
    )
    assert "Czechia (succeeding Czechoslovakia)" in lines[0]
    assert lines[1] == (
        "3 members of A/RES/2758(XXVI) were not members on 12 October 2022: Czechoslovakia "
        "(succeeded by Czechia, Slovakia), Democratic Yemen (succeeded by Yemen), Yugoslavia "
        "(succeeded by Bosnia and Herzegovina, Croatia, North Macedonia, Serbia, Slovenia)"
    )
    assert (
        comparison.report()[0]
        == f"unchanged: {comparison.unchanged} of the 128 members at both votes"
    )
    board = comparison.board()
    names = {m.code: m.name for m in board.members}
    assert names["AGO"] == "Angola  ← new"
    assert board.note.endswith(f"{len(comparison.moves)} moved, 65 new")
    # The other way round: the 1971 board, Czechoslovakia gone by 2022.
    backwards = eras.compare(entry(eras, ES_11_4), entry(eras, CHINA))
    assert {m.code: m.name for m in backwards.board().members}["CSK"] == "Czechoslovakia  ← gone"
    assert backwards.membership_lines()[0].startswith("3 members of A/RES/2758(XXVI) were not")


def test_boards_of_different_members_without_a_roster_name_them_plainly() -> None:
    roster = un_roster()
    today = board_of_record(next(v for v in shipped_votes() if v.symbol == ES_11_4), roster)
    # The same vote as if on a board of 1971: its members then, and Czechoslovakia.
    then = {m.code for m in roster.on(dt.date(1971, 10, 25))}
    earlier = today.model_copy(
        update={
            "members": (
                *(m for m in today.members if m.code in then),
                BoardMember(code="CSK", name="Czechoslovakia", light=Light.YES),
            ),
            "vote": today.vote.model_copy(update={"date": dt.date(1971, 10, 25)}),
        }
    )
    plain = compare(earlier, today)
    assert plain.moves == {}
    assert plain.not_on_second == ("Czechoslovakia",)
    assert len(plain.not_on_first) == len(today.members) - len(earlier.members) + 1
    named = compare(earlier, today, roster)
    assert named.not_on_second == ("Czechoslovakia (succeeded by Czechia, Slovakia)",)
    assert "Slovakia (succeeding Czechoslovakia)" in named.not_on_first
    assert named.membership_lines()[1] == (
        "1 member of A/RES/ES-11/4 was not a member on 12 October 2022: "
        "Czechoslovakia (succeeded by Czechia, Slovakia)"
    )
    same = compare(today, today)
    assert same.membership_lines() == []
    assert same.report() == [f"unchanged: {len(today.members)}"]
