"""The importers of UN voting history: the real DGACM extracts, both UN Digital Library CSV
headers, refusals that name the place and the reason, and files that cannot be read at all."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import re
import tempfile
import tracemalloc
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voteboard.core.history import ImportedVote, RecordedBallot
from voteboard.core.model import Choice, Counts
from voteboard.core.roster import Roster
from voteboard.journal import importers
from voteboard.journal.importers import (
    ImportFileError,
    Parsed,
    RefusedRecord,
    Skipped,
    read_history,
)
from voteboard.resources import un_roster

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
DGACM = DATA / "un-voting-dgacm"
needs_dgacm = pytest.mark.skipif(not DGACM.is_dir(), reason=f"{DGACM} is not there")

CURRENT_HEADER = [
    *("undl_id", "ms_code", "ms_name", "ms_vote", "date", "session", "resolution", "draft"),
    *("committee_report", "meeting", "title", "agenda_title", "subjects", "vote_note"),
    *("total_yes", "total_no", "total_abstentions", "total_non_voting", "total_ms", "undl_link"),
]
FIRST_HEADER = [
    *("undl_id", "ms_codes", "ms_names", "ms_votes", "date", "session", "resolutions", "draft"),
    *("committee_report", "meeting", "title", "agenda_titles", "subjects"),
    *("yes", "no", "abstentions", "non-voting", "total-voting", "undl_link"),
]
# The 2024 file's names for the current file's columns.
FIRST_NAMES = {
    "ms_code": "ms_codes",
    "ms_name": "ms_names",
    "ms_vote": "ms_votes",
    "resolution": "resolutions",
    "agenda_title": "agenda_titles",
    "total_yes": "yes",
    "total_no": "no",
    "total_abstentions": "abstentions",
    "total_non_voting": "non-voting",
    "total_ms": "total-voting",
}
LETTERS = {Choice.YES: "Y", Choice.NO: "N", Choice.ABSTAIN: "A", None: "X"}


@pytest.fixture(scope="module")
def roster() -> Roster:
    return un_roster()


@pytest.fixture(scope="module")
def extracts(roster: Roster) -> list[Parsed | RefusedRecord | Skipped]:
    """Everything the ten DGACM extracts give, read once for the module."""
    if not DGACM.is_dir():
        pytest.skip(f"{DGACM} is not there")
    return [item for path in sorted(DGACM.glob("*.json")) for item in read_history(path, roster)]


def parsed(items: Iterable[Parsed | RefusedRecord | Skipped]) -> list[Parsed]:
    return [item for item in items if isinstance(item, Parsed)]


def refused(items: Iterable[Parsed | RefusedRecord | Skipped]) -> list[RefusedRecord]:
    return [item for item in items if isinstance(item, RefusedRecord)]


def by_symbol(items: Iterable[Parsed | RefusedRecord | Skipped], symbol: str) -> ImportedVote:
    (vote,) = [p.vote for p in parsed(items) if p.vote.symbol == symbol]
    return vote


def undl_rows(
    symbol: str,
    ballots: Sequence[tuple[str, str, str]],
    *,
    undl_id: str = "4000001",
    day: str = "2023-10-27",
    totals: Sequence[str] | None = None,
    first_version: bool = False,
) -> list[dict[str, str]]:
    """One resolution as UNDL rows; `ballots` are (code, name, letter); totals counted if None."""
    letters = [letter for _, _, letter in ballots]
    if totals is None:
        counted = [letters.count(letter) for letter in "YNAX"]
        totals = [f"{n}.0" for n in counted]
    yes, no, abstain, not_voting = totals
    rows = []
    for code, name, letter in ballots:
        row = {
            "undl_id": undl_id,
            "ms_code": code,
            "ms_name": name,
            "ms_vote": letter,
            "date": day,
            "session": "78",
            "resolution": symbol,
            "draft": "A/78/L.1",
            "committee_report": "",
            "meeting": "A/78/PV.30",
            "title": f"Title of {symbol}",
            "agenda_title": "Agenda, with a comma",
            "subjects": "PEACE",
            "vote_note": "",
            "total_yes": yes,
            "total_no": no,
            "total_abstentions": abstain,
            "total_non_voting": not_voting,
            "total_ms": "193.0",
            "undl_link": "",
        }
        if first_version:
            del row["vote_note"]
            row["ms_vote"] = "NV" if letter == "X" else letter
            row = {FIRST_NAMES.get(column, column): value for column, value in row.items()}
        rows.append(row)
    return rows


def write_undl(
    path: Path,
    rows: Iterable[dict[str, str]],
    header: Sequence[str] = CURRENT_HEADER,
    *,
    bom: bool = False,
    crlf: bool = False,
) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\r\n" if crlf else "\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8"))
    return path


def first_ballots(roster: Roster, letters: str) -> list[tuple[str, str, str]]:
    """(code, upper-case name, letter) for the first members of the roster."""
    return [(m.code, m.aliases[0], letter) for m, letter in zip(roster, letters, strict=False)]


def dgacm_record(**fields: object) -> str:
    record: dict[str, object] = {
        "symbol": "A/RES/99/1",
        "title": "A test",
        "session": "Ninety-ninth session",
        "adoption_meeting": "1st plenary meeting",
        "adoption_date": "12 October 2022",
        "originating_document": "A/99/L.1",
        "agenda_item_name": "An agenda item",
        "adoption_type": "By a recorded vote",
        "MS_in_favour_count": "2",
        "MS_against_count": "1",
        "MS_abstaining_count": "N.A.",
        "pv": "A/99/PV.1",
        "MS_in_favour": ["ALBANIA", "AFGHANISTAN"],
        "MS_against": ["ALGERIA"],
        "MS_abstaining": [],
    }
    record.update(fields)
    return json.dumps(record, ensure_ascii=False)


# --- the real DGACM extracts ------------------------------------------------------------------


@needs_dgacm
def test_the_ten_extracts_give_752_votes_of_731_resolutions(
    extracts: list[Parsed | RefusedRecord | Skipped],
) -> None:
    assert len(list(DGACM.glob("*.json"))) == 10
    assert refused(extracts) == []
    assert len(parsed(extracts)) == 752
    assert len({p.vote.symbol for p in parsed(extracts)}) == 731
    assert all(p.vote.source == "dgacm" for p in parsed(extracts))
    # The rules give two-thirds in the emergency special sessions; elsewhere the source is silent.
    assert all(
        (p.vote.majority == "two-thirds") == p.vote.symbol.startswith("A/RES/ES-")
        for p in parsed(extracts)
    )
    assert all(p.vote.non_voting is None and p.vote.date for p in parsed(extracts))


@needs_dgacm
def test_the_three_records_whose_lists_disagree_are_imported_and_say_so(
    extracts: list[Parsed | RefusedRecord | Skipped],
) -> None:
    warned = {p.vote.symbol: p.warning for p in parsed(extracts) if p.warning}
    assert warned == {
        "A/RES/75/254 A-C": "the lists name 0 in favour, 0 against, 0 abstaining "
        "but the official counts are 168-2-0",
        "A/RES/75/290 A": "the lists name 180 in favour, 0 against, 94 abstaining "
        "but the official counts are 90-0-47; "
        "137 members are listed more than once with the same vote (counted once)",
        "A/RES/77/293": "the lists name 100 in favour, 9 against, 58 abstaining "
        "but the official counts are 100-9-59",
    }
    for symbol, warning in warned.items():
        vote = by_symbol(extracts, symbol)
        assert vote.discrepancy == warning
    assert by_symbol(extracts, "A/RES/75/254 A-C").totals == Counts(yes=168, no=2, abstain=0)
    assert by_symbol(extracts, "A/RES/75/254 A-C").ballots == ()
    twice = by_symbol(extracts, "A/RES/75/290 A")
    assert twice.totals == Counts(yes=90, no=0, abstain=47)
    assert len(twice.ballots) == 137


@needs_dgacm
@pytest.mark.parametrize(
    ("symbol", "day", "totals", "not_voting"),
    [
        ("A/RES/ES-11/1", date(2022, 3, 2), (141, 5, 35), 12),
        ("A/RES/ES-11/2", date(2022, 3, 24), (140, 5, 38), 10),
        ("A/RES/ES-11/3", date(2022, 4, 7), (93, 24, 58), 18),
        ("A/RES/ES-11/4", date(2022, 10, 12), (143, 5, 35), 10),
    ],
)
def test_the_known_results(
    extracts: list[Parsed | RefusedRecord | Skipped],
    roster: Roster,
    symbol: str,
    day: date,
    totals: tuple[int, int, int],
    not_voting: int,
) -> None:
    vote = by_symbol(extracts, symbol)
    assert vote.date == day
    assert (vote.totals.yes, vote.totals.no, vote.totals.abstain) == totals
    assert len(roster) - len(vote.ballots) == not_voting
    counted = [sum(1 for b in vote.ballots if b.choice is c) for c in Choice]
    assert tuple(counted) == totals
    assert vote.session == "Eleventh emergency special session"
    assert vote.record.startswith("A/ES-11/PV.")
    assert vote.draft.startswith("A/ES-11/L.")


@needs_dgacm
def test_es11_4_is_read_field_by_field(
    extracts: list[Parsed | RefusedRecord | Skipped], roster: Roster
) -> None:
    vote = by_symbol(extracts, "A/RES/ES-11/4")
    assert vote.title == (
        "Territorial integrity of Ukraine: "
        "defending the principles of the Charter of the United Nations"
    )
    assert vote.record == "A/ES-11/PV.14"
    assert vote.draft == "A/ES-11/L.5"
    assert vote.result.value == "adopted"
    assert vote.choices()["RUS"] is Choice.NO
    assert vote.choices()["CHN"] is Choice.ABSTAIN
    assert [b.code for b in vote.ballots] == [c for c in roster.codes if c in vote.choices()]


@needs_dgacm
def test_each_ballot_keeps_the_name_written_on_the_day(
    extracts: list[Parsed | RefusedRecord | Skipped],
) -> None:
    def recorded_name(symbol: str, code: str) -> str:
        (ballot,) = [b for b in by_symbol(extracts, symbol).ballots if b.code == code]
        return ballot.name

    assert recorded_name("A/RES/ES-11/1", "TUR") == "TURKEY"
    assert recorded_name("A/RES/ES-11/4", "TUR").startswith("TÜRK")
    assert recorded_name("A/RES/ES-11/1", "CIV") == "COTE D'IVOIRE"


# --- DGACM files made by the tests ------------------------------------------------------------


def test_a_dgacm_record_is_read_into_a_vote(tmp_path: Path, roster: Roster) -> None:
    path = tmp_path / "99.json"
    path.write_text(dgacm_record() + "\n", encoding="utf-8")
    (item,) = read_history(path, roster)
    assert isinstance(item, Parsed)
    assert item.place == "99.json, line 1"
    assert item.warning == ""
    assert item.vote == ImportedVote(
        symbol="A/RES/99/1",
        title="A test",
        date=date(2022, 10, 12),
        session="Ninety-ninth session",
        meeting="1st plenary meeting",
        record="A/99/PV.1",
        draft="A/99/L.1",
        agenda="An agenda item",
        source="dgacm",
        totals=Counts(yes=2, no=1, abstain=0),
        ballots=(
            RecordedBallot(code="AFG", name="AFGHANISTAN", choice=Choice.YES),
            RecordedBallot(code="ALB", name="ALBANIA", choice=Choice.YES),
            RecordedBallot(code="DZA", name="ALGERIA", choice=Choice.NO),
        ),
    )


@pytest.mark.parametrize(
    ("written", "day"),
    [("24\u00a0March 2022", date(2022, 3, 24)), ("2019-12-12 00:00:00", date(2019, 12, 12))],
)
def test_the_date_spellings_of_the_extracts(
    tmp_path: Path, roster: Roster, written: str, day: date
) -> None:
    path = tmp_path / "x.json"
    path.write_text(dgacm_record(adoption_date=written) + "\n", encoding="utf-8")
    (item,) = read_history(path, roster)
    assert isinstance(item, Parsed)
    assert item.vote.date == day


def test_resolutions_without_a_recorded_vote_are_skipped_with_a_reason(
    tmp_path: Path, roster: Roster
) -> None:
    path = tmp_path / "x.json"
    path.write_text(
        "\n".join(
            [
                dgacm_record(symbol="A/RES/99/1", adoption_type="Without a vote"),
                dgacm_record(
                    symbol="A/RES/99/2",
                    adoption_type="",
                    MS_in_favour=[],
                    MS_against=[],
                    MS_abstaining=[],
                    MS_in_favour_count="0",
                    MS_against_count="0",
                    MS_abstaining_count="0",
                ),
                "",
                dgacm_record(symbol="A/RES/99/3"),
                dgacm_record(symbol="A/RES/99/4", adoption_type=""),
            ]
        ),
        encoding="utf-8",
    )
    items = list(read_history(path, roster))
    assert [p.vote.symbol for p in parsed(items)] == ["A/RES/99/3", "A/RES/99/4"]
    assert refused(items) == []
    # An empty adoption type with counts and lists (as A/RES/80/84 A-B might have had): a
    # recorded vote, imported, and the warning says why.
    assert "the adoption type is empty; imported as a recorded vote" in parsed(items)[1].warning
    # Nothing is skipped without a word: a record that gives no adoption type says so.
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert [(s.symbol, s.without_a_vote) for s in skipped] == [
        ("A/RES/99/1", True),
        ("A/RES/99/2", False),
    ]
    assert "the adoption type is empty" in skipped[1].reason


def test_bad_dgacm_records_are_refused_and_reading_goes_on(tmp_path: Path, roster: Roster) -> None:
    lines = [
        dgacm_record(symbol="A/RES/99/1"),
        '{"symbol": "A/RES/99/2", "adoption_type": "By a recorded vote", ',
        dgacm_record(symbol=""),
        dgacm_record(symbol="A/RES/99/4", MS_against=["ALGERIA", "ATLANTIS", "OCEANIA"]),
        dgacm_record(symbol="A/RES/99/5", MS_against=["ALGERIA", "AFGHANISTAN"]),
        dgacm_record(symbol="A/RES/99/6", MS_against_count="one"),
        dgacm_record(symbol="A/RES/99/7", adoption_date="the day after"),
        dgacm_record(symbol="A/RES/99/8", MS_abstaining="ALGERIA"),
        "[1, 2]",
        dgacm_record(symbol="A/RES/99/10"),
    ]
    path = tmp_path / "bad.json"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_history(path, roster))
    assert [p.vote.symbol for p in parsed(items)] == ["A/RES/99/1", "A/RES/99/10"]
    assert [(r.place, r.symbol) for r in refused(items)] == [
        ("bad.json, line 2", ""),
        ("bad.json, line 3", ""),
        ("bad.json, line 4", "A/RES/99/4"),
        ("bad.json, line 5", "A/RES/99/5"),
        ("bad.json, line 6", "A/RES/99/6"),
        ("bad.json, line 7", "A/RES/99/7"),
        ("bad.json, line 8", "A/RES/99/8"),
        ("bad.json, line 9", ""),
    ]
    reasons = [r.reason for r in refused(items)]
    assert reasons[0].startswith("not valid JSON")
    assert reasons[1] == "the record has no symbol"
    assert reasons[2] == "unknown member names: 'ATLANTIS', 'OCEANIA'"
    assert reasons[3] == "AFGHANISTAN is listed twice with different votes: in favour and against"
    assert reasons[4] == "the count against is 'one', not a number"
    assert reasons[5] == "the date 'the day after' is not a date"
    assert reasons[6] == "MS_abstaining is not a list of names"
    assert reasons[7] == "not a JSON object"


def test_every_spelling_of_a_member_is_accepted(tmp_path: Path, roster: Roster) -> None:
    spellings = ["TÜRKİYE", "TURKEY", "TURKIYE", "TÜRKÝYE", "TÜRKIYE", "Türkiye", "TÜRKİYE "]
    path = tmp_path / "x.json"
    path.write_text(
        "\n".join(
            dgacm_record(symbol=f"A/RES/99/{n}", MS_in_favour=["ALBANIA", name])
            for n, name in enumerate(spellings)
        ),
        encoding="utf-8",
    )
    votes = [p.vote for p in parsed(read_history(path, roster))]
    assert [v.choices().get("TUR") for v in votes] == [Choice.YES] * len(spellings)
    assert [v.ballots[-1].name for v in votes] == spellings


def test_a_member_listed_twice_with_the_same_vote_is_counted_once_and_said(
    tmp_path: Path, roster: Roster
) -> None:
    path = tmp_path / "x.json"
    path.write_text(
        dgacm_record(MS_in_favour=["ALBANIA", "AFGHANISTAN", "ALBANIA"]), encoding="utf-8"
    )
    (item,) = read_history(path, roster)
    assert isinstance(item, Parsed)
    assert [b.code for b in item.vote.ballots] == ["AFG", "ALB", "DZA"]
    assert item.warning == (
        "the lists name 3 in favour, 1 against, 0 abstaining but the official counts are 2-1-0; "
        "1 member is listed more than once with the same vote (counted once)"
    )


def test_the_format_is_told_from_the_content_not_the_name(tmp_path: Path, roster: Roster) -> None:
    path = tmp_path / "votes.csv"
    path.write_text("\ufeff" + dgacm_record() + "\r\n", encoding="utf-8")
    (item,) = read_history(path, roster)
    assert isinstance(item, Parsed)
    assert item.vote.source == "dgacm"
    undl = write_undl(tmp_path / "votes.json", undl_rows("A/RES/78/1", first_ballots(roster, "Y")))
    (item,) = read_history(undl, roster)
    assert isinstance(item, Parsed)
    assert item.vote.source == "undl"


# --- UN Digital Library CSV -------------------------------------------------------------------


def test_the_current_undl_header_with_bom_crlf_and_float_totals(
    tmp_path: Path, roster: Roster
) -> None:
    rows = undl_rows("A/RES/78/1", first_ballots(roster, "YNAX"), undl_id="11")
    rows += undl_rows("A/RES/78/2", first_ballots(roster, "AAYY"), undl_id="12", day="2023-11-01")
    path = write_undl(tmp_path / "undl.csv", rows, bom=True, crlf=True)
    first, second = read_history(path, roster)
    assert isinstance(first, Parsed)
    assert isinstance(second, Parsed)
    assert (first.place, second.place) == ("undl.csv, line 2", "undl.csv, line 6")
    assert first.warning == second.warning == ""
    assert first.vote == ImportedVote(
        symbol="A/RES/78/1",
        title="Title of A/RES/78/1",
        date=date(2023, 10, 27),
        session="78",
        record="A/78/PV.30",
        draft="A/78/L.1",
        agenda="Agenda, with a comma",
        source="undl",
        undl_ids=("11",),
        subjects="PEACE",
        totals=Counts(yes=1, no=1, abstain=1),
        non_voting=1,
        ballots=(
            RecordedBallot(code="AFG", name="AFGHANISTAN", choice=Choice.YES),
            RecordedBallot(code="ALB", name="ALBANIA", choice=Choice.NO),
            RecordedBallot(code="DZA", name="ALGERIA", choice=Choice.ABSTAIN),
            RecordedBallot(code="AND", name="ANDORRA", choice=None),
        ),
    )
    assert second.vote.date == date(2023, 11, 1)
    assert second.vote.totals == Counts(yes=2, no=0, abstain=2)


def test_the_first_undl_header_of_2024(tmp_path: Path, roster: Roster) -> None:
    rows = undl_rows("A/RES/78/1", first_ballots(roster, "YNAX"), first_version=True)
    path = write_undl(tmp_path / "undl-2024.csv", rows, FIRST_HEADER)
    (item,) = read_history(path, roster)
    assert isinstance(item, Parsed)
    assert item.warning == ""
    assert item.vote.agenda == "Agenda, with a comma"
    assert item.vote.non_voting == 1
    assert [b.choice for b in item.vote.ballots] == [Choice.YES, Choice.NO, Choice.ABSTAIN, None]


def test_ballots_are_in_board_order_and_codes_win_over_names(
    tmp_path: Path, roster: Roster
) -> None:
    rows = undl_rows(
        "A/RES/1/1",
        [("XKX", "KOSOVO", "Y"), ("TUR", "TURKY", "N"), ("AFG", "AFGHANISTAN", "A")],
        day="1950-01-01",
    )
    path = write_undl(tmp_path / "old.csv", rows)
    (item,) = read_history(path, roster)
    assert isinstance(item, Parsed)
    assert [(b.code, b.name) for b in item.vote.ballots] == [
        ("AFG", "AFGHANISTAN"),
        ("TUR", "TURKY"),
        ("XKX", "KOSOVO"),
    ]
    assert item.warning == "not on the roster, kept but not shown on the board: XKX (KOSOVO)"
    assert item.vote.discrepancy == ""


def test_a_row_without_a_code_is_keyed_on_its_name(tmp_path: Path, roster: Roster) -> None:
    rows = undl_rows("A/RES/78/1", [("", "TÜRKİYE", "Y"), ("", "ATLANTIS", "N")])
    path = write_undl(tmp_path / "undl.csv", rows)
    refusal, vote_item = read_history(path, roster)
    assert isinstance(vote_item, Parsed)
    assert isinstance(refusal, RefusedRecord)
    assert vote_item.vote.choices() == {"TUR": Choice.YES}
    assert refusal == RefusedRecord(
        "undl.csv, line 3",
        "A/RES/78/1",
        "no member code, and 'ATLANTIS' is not the name of a member",
        row=True,
    )


def test_bad_undl_rows_are_refused_with_their_line_and_the_rest_imports(
    tmp_path: Path, roster: Roster
) -> None:
    good = undl_rows("A/RES/78/1", first_ballots(roster, "YNA"))
    bad_letter = undl_rows("A/RES/78/1", [("AND", "ANDORRA", "Q")], totals=["1", "1", "1", "0"])
    other = undl_rows("A/RES/78/2", first_ballots(roster, "YY"), undl_id="4000002")
    path = write_undl(tmp_path / "undl.csv", [*good[:2], *bad_letter, good[2], *other])
    with path.open("a", encoding="utf-8") as handle:
        handle.write("4000003,AFG,AFGHANISTAN,Y,2023-10-27\n")
        handle.write("4000004,,,Y,,,,,,,,,,,,,,,,\n")
    votes = [
        ("4000005", *ballot) for ballot in [("AFG", "AFGHANISTAN", "Y"), ("ALB", "ALBANIA", "N")]
    ]
    tail = undl_rows("A/RES/78/5", [v[1:] for v in votes], undl_id="4000005")
    tail[0]["total_yes"] = "many"
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=CURRENT_HEADER).writerows(tail)
    items = list(read_history(path, roster))
    assert [p.vote.symbol for p in parsed(items)] == ["A/RES/78/1", "A/RES/78/2"]
    assert all(p.warning == "" for p in parsed(items))
    assert refused(items) == [
        RefusedRecord(
            "undl.csv, line 4", "A/RES/78/1", "the vote 'Q' is not Y, N, A, X or NV", row=True
        ),
        RefusedRecord("undl.csv, line 8", "", "5 fields where the header has 20", row=True),
        RefusedRecord("undl.csv, line 9", "", "the row has no resolution symbol", row=True),
        RefusedRecord(
            "undl.csv, line 10", "A/RES/78/5", "the count in favour is 'many', not a number"
        ),
    ]


def test_a_resolution_missing_a_row_says_its_rows_disagree_with_its_totals(
    tmp_path: Path, roster: Roster
) -> None:
    rows = undl_rows("A/RES/78/1", first_ballots(roster, "YNAX"))
    path = write_undl(tmp_path / "undl.csv", rows[:1] + rows[2:])
    (item,) = read_history(path, roster)
    assert isinstance(item, Parsed)
    assert (
        item.warning
        == item.vote.discrepancy
        == (
            "the rows name 1 in favour, 0 against, 1 abstaining, 1 not voting "
            "but the official counts are 1-1-1, 1 not voting"
        )
    )


def test_a_member_with_two_different_votes_refuses_the_resolution(
    tmp_path: Path, roster: Roster
) -> None:
    rows = undl_rows("A/RES/78/1", [("AFG", "AFGHANISTAN", "Y"), ("AFG", "AFGHANISTAN", "N")])
    path = write_undl(tmp_path / "undl.csv", rows)
    assert list(read_history(path, roster)) == [
        RefusedRecord(
            "undl.csv, line 2",
            "A/RES/78/1",
            "AFGHANISTAN is listed twice with different votes: "
            "in favour (line 2) and against (line 3)",
        )
    ]


def test_a_line_that_is_not_utf8_is_refused_alone(tmp_path: Path, roster: Roster) -> None:
    rows = undl_rows("A/RES/78/1", first_ballots(roster, "YNA"))
    path = write_undl(tmp_path / "undl.csv", rows)
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b"ALBANIA", b"ALB\xe9NIA")
    path.write_bytes(b"\n".join(lines))
    items = list(read_history(path, roster))
    assert refused(items) == [
        RefusedRecord("undl.csv, line 3", "A/RES/78/1", "the row is not UTF-8 text", row=True)
    ]
    assert parsed(items)[0].vote.choices() == {"AFG": Choice.YES, "DZA": Choice.ABSTAIN}

    json_path = tmp_path / "x.json"
    json_path.write_bytes(b"\xe9 not text\n" + dgacm_record().encode("utf-8") + b"\n")
    with pytest.raises(ImportFileError, match=r"x\.json: not UTF-8 text \(its first line"):
        read_history(json_path, roster)
    json_path.write_bytes(dgacm_record().encode("utf-8") + b"\n\xe9\n")
    items = list(read_history(json_path, roster))
    assert refused(items) == [RefusedRecord("x.json, line 2", "", "the line is not UTF-8 text")]


@settings(max_examples=40, deadline=None)
@given(
    chosen=st.lists(
        st.tuples(st.integers(min_value=0, max_value=192), st.sampled_from([*Choice, None])),
        unique_by=lambda pair: pair[0],
        max_size=193,
    ),
    first_version=st.booleans(),
    bom=st.booleans(),
    crlf=st.booleans(),
)
def test_any_members_written_as_undl_csv_come_back_as_the_same_ballots(
    chosen: list[tuple[int, Choice | None]], first_version: bool, bom: bool, crlf: bool
) -> None:
    roster = un_roster()
    ballots = [
        RecordedBallot(code=roster.members[i].code, name=roster.members[i].aliases[-1], choice=c)
        for i, c in chosen
    ]
    written = [(b.code, b.name, LETTERS[b.choice]) for b in ballots]
    rows = undl_rows("A/RES/78/1", written, first_version=first_version)
    header = FIRST_HEADER if first_version else CURRENT_HEADER
    with tempfile.TemporaryDirectory() as folder:
        path = write_undl(Path(folder) / "undl.csv", rows, header, bom=bom, crlf=crlf)
        items = list(read_history(path, roster))
    if not ballots:
        assert items == []
        return
    (item,) = items
    assert isinstance(item, Parsed)
    assert item.warning == ""
    assert item.vote.ballots == tuple(sorted(ballots, key=lambda b: roster.position(b.code)))


def test_reading_streams_memory_does_not_grow_with_the_file(tmp_path: Path, roster: Roster) -> None:
    def peak(resolutions: int) -> int:
        letters = "YNAX" * 49
        rows = (
            row
            for n in range(resolutions)
            for row in undl_rows(f"A/RES/78/{n}", first_ballots(roster, letters), undl_id=str(n))
        )
        path = write_undl(tmp_path / f"{resolutions}.csv", rows)
        tracemalloc.start()
        try:
            count = sum(1 for _ in read_history(path, roster))
            return tracemalloc.get_traced_memory()[1] if count == resolutions else -1
        finally:
            tracemalloc.stop()

    small, large = peak(10), peak(100)
    assert small > 0
    assert large < small * 1.5


# --- files that cannot be read at all ---------------------------------------------------------


def test_a_missing_file_or_a_folder(tmp_path: Path, roster: Roster) -> None:
    with pytest.raises(ImportFileError, match=r"nowhere\.json: no such file"):
        read_history(tmp_path / "nowhere.json", roster)
    with pytest.raises(ImportFileError, match="not a file"):
        read_history(tmp_path, roster)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\xef\xbb\xbf \r\n\n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", r"not a text file \(it holds binary data\)"),
        ("undl_id,ms_code\n".encode("utf-16"), "UTF-16 text"),
        (b"name,iso3,m49\nAfghanistan,AFG,4\n", "neither DGACM JSON lines nor a UN Digital"),
        (b"[1, 2, 3]\n", "neither DGACM JSON lines nor a UN Digital"),
        (
            b"undl_id,ms_code,ms_name,ms_vote,resolution\n",
            "without the columns 'total_yes', 'total_no'",
        ),
    ],
)
def test_a_file_that_cannot_be_read_at_all(
    tmp_path: Path, roster: Roster, content: bytes, message: str
) -> None:
    path = tmp_path / "input.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=message) as raised:
        read_history(path, roster)
    assert str(raised.value).startswith(str(path))


# --- every bad input answered: numbers, text, sizes ------------------------------------------


def test_bad_records_after_500_good_ones_are_refused_and_the_good_ones_imported(
    tmp_path: Path, roster: Roster
) -> None:
    from voteboard.journal.archive import import_paths
    from voteboard.journal.store import Journal

    good = [dgacm_record(symbol=f"A/RES/98/{n}") for n in range(500)]
    nested = dgacm_record(symbol="A/RES/99/3")[:-1] + ', "x": ' + "[" * 40 + "]" * 40 + "}"
    bad = [
        dgacm_record(symbol="A/RES/99/1").replace('t_count": "1"', 't_count": ' + "1" * 5000),
        dgacm_record(symbol="A/RES/99/2").replace('"A test"', '"A test\\ud800"'),
        nested,
        dgacm_record(symbol="A/RES/99/4", MS_against_count="1e3"),
        dgacm_record(symbol="A/RES/99/5", MS_against_count="1_41"),
        dgacm_record(symbol="A/RES/99/6", MS_against_count="+5"),
        dgacm_record(symbol="A/RES/99/7").replace(
            '"MS_against_count": "1"', '"MS_against_count": 1e3'
        ),
        dgacm_record(symbol="A/RES/99/8", MS_against_count="\u0661"),
        dgacm_record(symbol="A/RES/99/9").replace(
            '"MS_against_count": "1"', '"MS_against_count": NaN'
        ),
        dgacm_record(symbol="A/RES/99/10", MS_in_favour_count="900"),
        dgacm_record(symbol="A/RES/99/11", title="x" * (1024 * 1024)),
        dgacm_record(symbol="A/RES/99/12", MS_against_count="9" * 5000),
    ]
    path = tmp_path / "bad.json"
    lines = [*good, *bad, dgacm_record(symbol="A/RES/99/13")]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with Journal.in_memory(roster) as journal:
        report = import_paths(journal, [path])
        stored = {vote.symbol for vote in journal.history()}
    assert len(report.imported) == 501
    assert stored == set(report.imported)
    assert "A/RES/99/13" in stored

    number, surrogate, deep, nan = (
        bad[index].index(token) + 1
        for index, token in ((0, "1" * 5000), (1, "\\ud800"), (2, "[" * 33), (8, "NaN"))
    )
    reasons = [(r.place, r.reason) for r in report.refused]
    assert reasons == [
        (
            "bad.json, line 501",
            f"a number of 5,000 digits at column {number} (at most 18)",
        ),
        (
            "bad.json, line 502",
            f"a lone surrogate escape (\\ud800) at column {surrogate}: half of a "
            "character, not text",
        ),
        (
            "bad.json, line 503",
            f"arrays and objects nested more than 32 deep at column {deep + 31}",
        ),
        ("bad.json, line 504", "the count against is '1e3', not a number"),
        ("bad.json, line 505", "the count against is '1_41', not a number"),
        ("bad.json, line 506", "the count against is '+5', not a number"),
        ("bad.json, line 507", "the count against is 1000.0, not a number"),
        ("bad.json, line 508", "the count against is '\u0661', not a number"),
        ("bad.json, line 509", f"NaN at column {nan}: not a JSON number"),
        (
            "bad.json, line 510",
            "the official counts (900 in favour, 1 against, 0 abstaining) add up to 901, more "
            "than the 193 members of the roster",
        ),
        ("bad.json, line 511", "the line is longer than 1 MB"),
        ("bad.json, line 512", "the count against is a number of 5,000 digits"),
    ]


def test_undl_counts_are_whole_numbers_within_the_roster(tmp_path: Path, roster: Roster) -> None:
    ballots = first_ballots(roster, "YNA")
    written = ["1e3", "1_41", "+5", "12.5", "9" * 5000, "\u0661", "120.0"]
    rows = [
        row
        for n, count in enumerate(written)
        for row in undl_rows(
            f"A/RES/78/{n}", ballots, undl_id=str(n), totals=[count, "1", "1", "0"]
        )
    ]
    rows += undl_rows("A/RES/78/9", ballots, undl_id="9", totals=["1", "1", "1", "1040"])
    items = list(read_history(write_undl(tmp_path / "undl.csv", rows), roster))
    assert [(r.place, r.reason) for r in refused(items)] == [
        ("undl.csv, line 2", "the count in favour is '1e3', not a number"),
        ("undl.csv, line 5", "the count in favour is '1_41', not a number"),
        ("undl.csv, line 8", "the count in favour is '+5', not a number"),
        ("undl.csv, line 11", "the count in favour is '12.5', not a number"),
        ("undl.csv, line 14", "the count in favour is a number of 5,000 digits"),
        ("undl.csv, line 17", "the count in favour is '\u0661', not a number"),
        (
            "undl.csv, line 23",
            "the official counts (1 in favour, 1 against, 1 abstaining, 1040 not voting) add up "
            "to 1043, more than the 193 members of the roster",
        ),
    ]
    (accepted,) = parsed(items)
    assert accepted.vote.totals == Counts(yes=120, no=1, abstain=1)


def test_undl_rows_too_long_are_refused_and_never_held_whole(
    tmp_path: Path, roster: Roster
) -> None:
    """A line over 1 MB, and a row whose quoted fields hold line breaks for more than 1 MB:
    each is refused at its line, read past rather than held, and reading goes on."""
    path = write_undl(tmp_path / "undl.csv", undl_rows("A/RES/78/1", first_ballots(roster, "YN")))
    fields = ('"' + "\n" * 100_000 + '",') * 11
    with path.open("a", encoding="utf-8") as handle:
        handle.write("x" * (1024 * 1024 + 10) + "\n")
        handle.write("5,AFG," + fields + "\n")
    tracemalloc.start()
    try:
        items = list(read_history(path, roster))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024
    assert [p.vote.symbol for p in parsed(items)] == ["A/RES/78/1"]
    first, second, third = refused(items)
    assert first == RefusedRecord("undl.csv, line 4", "", "the row is longer than 1 MB", row=True)
    assert first.place == "undl.csv, line 4"
    assert second.place == "undl.csv, line 5"
    assert re.fullmatch(
        r"the row goes on to line [0-9]+, longer than 1 MB \(a quoted field left open\?\)",
        second.reason,
    )
    last = 5 + fields.count("\n")
    assert third == RefusedRecord(
        f"undl.csv, line {last}", "", "1 fields where the header has 20", row=True
    )


def test_an_import_file_over_1_gb_is_refused_before_it_is_read(
    tmp_path: Path, roster: Roster
) -> None:
    path = tmp_path / "huge.json"
    path.write_text(dgacm_record() + "\n", encoding="utf-8")
    os.truncate(path, 1024**3 + 1)  # sparse: no disk is used
    with pytest.raises(ImportFileError, match=r"huge\.json: 1,073,741,825 bytes, larger than"):
        read_history(path, roster)


def test_an_imported_vote_never_holds_more_members_than_an_assembly() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="the counts add up to 251 members"):
        ImportedVote(
            symbol="A/RES/1",
            source="undl",
            totals=Counts(yes=1, no=0, abstain=0),
            non_voting=250,
            ballots=(),
        )
    with pytest.raises(ValidationError, match="greater than or equal to 0"):
        ImportedVote(
            symbol="A/RES/1",
            source="undl",
            totals=Counts(yes=1, no=0, abstain=0),
            non_voting=-847,
            ballots=(),
        )


# --- gzip -------------------------------------------------------------------------------------


def gzipped(path: Path, data: bytes) -> Path:
    path.write_bytes(gzip.compress(data))
    return path


def test_a_gzip_file_is_read_as_its_content_whatever_its_name(
    tmp_path: Path, roster: Roster
) -> None:
    rows = undl_rows("A/RES/78/1", first_ballots(roster, "YNAX"), undl_id="11")
    plain = write_undl(tmp_path / "undl.csv", rows)
    packed = gzipped(tmp_path / "votes.dat", plain.read_bytes())
    (unpacked,) = read_history(packed, roster)
    (read,) = read_history(plain, roster)
    assert isinstance(unpacked, Parsed)
    assert isinstance(read, Parsed)
    assert unpacked.vote == read.vote
    dgacm = gzipped(tmp_path / "dgacm.json.gz", dgacm_record().encode())
    (item,) = read_history(dgacm, roster)
    assert isinstance(item, Parsed)
    assert item.vote.source == "dgacm"


def test_a_gzip_file_cut_short_or_damaged_is_said_with_the_file(
    tmp_path: Path, roster: Roster
) -> None:
    rows = [
        row
        for n in range(1, 60)
        for row in undl_rows(f"A/RES/78/{n}", first_ballots(roster, "YNAX"), undl_id=str(n))
    ]
    whole = gzip.compress(write_undl(tmp_path / "undl.csv", rows).read_bytes())
    cut = tmp_path / "cut.csv.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(ImportFileError, match=r"cut\.csv\.gz: the gzip data is damaged after"):
        list(read_history(cut, roster))
    damaged = tmp_path / "damaged.csv.gz"
    damaged.write_bytes(whole[:40] + bytes(b ^ 0xFF for b in whole[40:80]) + whole[80:])
    with pytest.raises(ImportFileError, match=r"damaged\.csv\.gz: the gzip data is damaged"):
        list(read_history(damaged, roster))


def test_a_small_gzip_file_that_unpacks_past_the_limit_is_refused(
    tmp_path: Path, roster: Roster, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importers, "MAX_IMPORT_BYTES", 4 << 20)
    header = ",".join(CURRENT_HEADER).encode() + b"\n"
    bomb = gzipped(tmp_path / "bomb.csv.gz", header + b"\n" * (8 << 20))
    assert bomb.stat().st_size < 20_000
    with pytest.raises(ImportFileError, match=r"unpacks to more than 4 MB"):
        list(read_history(bomb, roster))
