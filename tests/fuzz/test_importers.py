"""Fuzzing the importers: whatever a DGACM or UN Digital Library file holds, reading it yields
votes that fit the roster, or refusals that name the file and the line, or one ImportFileError
naming the file; never another exception, never a vote with more members than the roster, and
an import stores whole votes only."""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.nasty import (
    FUZZ,
    encodable,
    json_values,
    mutated,
    mutated_bytes,
    outcome,
    place_pattern,
    token,
    write,
)
from voteboard.core.board import board_of_record
from voteboard.core.history import ImportedVote
from voteboard.core.roster import Roster
from voteboard.journal.archive import import_paths
from voteboard.journal.importers import (
    ImportFileError,
    Parsed,
    RefusedRecord,
    Skipped,
    read_history,
)
from voteboard.journal.store import Journal
from voteboard.resources import un_roster

ROSTER = un_roster()
NAMES = [m.aliases[0] for m in ROSTER]


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def dgacm_record(symbol: object = "A/RES/99/1", **fields: object) -> dict[str, object]:
    record: dict[str, object] = {
        "symbol": symbol,
        "title": "A test",
        "session": "Ninety-ninth session",
        "adoption_meeting": "1st plenary meeting",
        "adoption_date": "12 October 2022",
        "originating_document": "A/99/L.1",
        "agenda_item_name": "An agenda item",
        "adoption_type": "By a recorded vote",
        "MS_in_favour_count": "3",
        "MS_against_count": "1",
        "MS_abstaining_count": "N.A.",
        "pv": "A/99/PV.1",
        "MS_in_favour": NAMES[:3],
        "MS_against": NAMES[3:4],
        "MS_abstaining": [],
    }
    record.update(fields)
    return record


DGACM_LINES = [json.dumps(dgacm_record(f"A/RES/99/{n}"), ensure_ascii=False) for n in range(3)]
DGACM_TEXT = "\n".join(DGACM_LINES) + "\n"
FIELDS = sorted({*dgacm_record(), "extra"})
COUNTS = {"MS_in_favour_count": 3, "MS_against_count": 1, "MS_abstaining_count": 0}

UNDL_HEADER = (
    "undl_id,ms_code,ms_name,ms_vote,date,session,resolution,draft,meeting,title,"
    "agenda_title,total_yes,total_no,total_abstentions,total_non_voting"
)
UNDL_LINES = [
    UNDL_HEADER,
    *(
        f"{n},{m.code},{m.aliases[0]},{'YNAX'[i]},2023-10-27,78,A/RES/78/{n},A/78/L.1,"
        f'A/78/PV.3,"Title, {n}",Agenda,1.0,1.0,1.0,1.0'
        for n in (1, 2)
        for i, m in enumerate(ROSTER.members[:4])
    ),
]
UNDL_TEXT = "\n".join(UNDL_LINES) + "\n"


def check_vote(vote: ImportedVote, roster: Roster) -> None:
    """What an accepted vote must be: within the roster, whole, and storable as it is."""
    assert vote.totals.ballots + (vote.non_voting or 0) <= len(roster)
    assert board_of_record(vote, roster).totals.non_voting >= 0
    assert encodable(vote.model_dump_json(), vote.symbol, vote.title)
    assert ImportedVote.model_validate_json(vote.model_dump_json()) == vote


def read_all(path: Path, roster: Roster = ROSTER) -> list[Parsed | RefusedRecord | Skipped] | None:
    """Reads a file as `voteboard import` does, checking everything the reader gives; None
    for a file that cannot be read at all."""
    items = outcome(lambda: list(read_history(path, roster)), ImportFileError)
    if isinstance(items, ImportFileError):
        assert str(items).startswith(str(path)), items
        return None
    place = place_pattern(path.name)
    for item in items:
        assert place.fullmatch(item.place), item.place
        if isinstance(item, RefusedRecord | Skipped):
            assert item.reason  # nothing refused or skipped without a word
        else:
            assert isinstance(item, Parsed)
            check_vote(item.vote, roster)
    return items


def expected_count(value: object) -> int | None:
    """What a count written as `value` (a JSON value) is, or None when it must be refused:
    the reference that the importer is held to."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value >= 0 and len(str(value)) <= 18 else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text.upper() == "N.A.":
        return 0
    found = re.fullmatch(r"([0-9]{1,18})(\.0+)?", text)
    return int(found[1]) if found else None


def accepted(field: str, value: object) -> bool:
    """Whether the record with `value` in the count `field` must be imported: a count, and
    the counts within the roster."""
    count = expected_count(value)
    others = sum(n for key, n in COUNTS.items() if key != field)
    return count is not None and count + others <= len(ROSTER)


# ---- DGACM JSON lines ------------------------------------------------------------------------


@FUZZ
@given(data=st.binary(max_size=400))
def test_any_bytes(folder: Path, data: bytes) -> None:
    read_all(write(folder, "any.json", data))


@FUZZ
@given(text=mutated(DGACM_TEXT))
def test_a_dgacm_file_mutated_anywhere(folder: Path, text: str) -> None:
    read_all(write(folder, "d.json", text))


@FUZZ
@given(data=mutated_bytes(DGACM_TEXT.encode()))
def test_a_dgacm_file_with_bytes_that_are_not_text(folder: Path, data: bytes) -> None:
    read_all(write(folder, "d.json", data))


@FUZZ
@given(field=st.sampled_from(FIELDS), value=json_values())
def test_any_json_value_in_any_field(folder: Path, field: str, value: object) -> None:
    line = json.dumps(dgacm_record(**{field: value}))
    items = read_all(write(folder, "d.json", f"{DGACM_LINES[0]}\n{line}\n"))
    assert items is not None
    assert isinstance(items[0], Parsed)
    if field in COUNTS:
        assert isinstance(items[1], Parsed) == accepted(field, value), items[1]


@FUZZ
@given(field=st.sampled_from(FIELDS), raw=token())
def test_any_raw_token_as_a_field_s_value(folder: Path, field: str, raw: str) -> None:
    """The tokens written into the JSON as they are (1e3, a number of 5,000 digits, \\ud800,
    forty brackets deep, NaN): that record is held to the rules, the others are read."""
    line = json.dumps(dgacm_record(**{field: "@@"})).replace('"@@"', raw)
    items = read_all(write(folder, "d.json", f"{DGACM_LINES[0]}\n{line}\n{DGACM_LINES[1]}\n"))
    if items is None:
        assert "\0" in raw  # binary data in the file's first line: not a text file
        return
    symbols = [item.vote.symbol for item in items if isinstance(item, Parsed)]
    assert symbols[0] == "A/RES/99/0"
    assert symbols[-1] == "A/RES/99/1"
    if any(end in raw for end in "\n\r"):
        return  # the record is cut into lines, each read on its own
    try:
        value = json.loads(line).get(field)
    except ValueError:  # not JSON, or a number that Python cannot read (over 4,300 digits)
        assert isinstance(items[1], RefusedRecord), items[1]
        return
    if field in COUNTS:
        assert isinstance(items[1], Parsed) == accepted(field, value), items[1]
    if isinstance(value, str) and not encodable(value):
        assert isinstance(items[1], RefusedRecord), items[1]


@FUZZ
@given(
    counts=st.tuples(*[st.integers(0, 400)] * 3),
    written=st.sampled_from(["{}", '"{}"', '"{}.0"', '" {} "']),
)
def test_counts_above_the_membership_are_refused(
    folder: Path, counts: tuple[int, int, int], written: str
) -> None:
    line = json.dumps(dgacm_record(**dict.fromkeys(COUNTS, "@@")))
    for count in counts:
        line = line.replace('"@@"', written.format(count), 1)
    items = read_all(write(folder, "d.json", line + "\n"))
    assert items is not None
    (item,) = items
    if sum(counts) > len(ROSTER):
        assert isinstance(item, RefusedRecord)
        assert "more than the 193 members of the roster" in item.reason
    else:
        assert isinstance(item, Parsed)
        assert item.vote.totals.ballots == sum(counts)


# ---- UN Digital Library CSV ------------------------------------------------------------------


@FUZZ
@given(text=mutated(UNDL_TEXT))
def test_a_undl_file_mutated_anywhere(folder: Path, text: str) -> None:
    read_all(write(folder, "u.csv", text))


@FUZZ
@given(data=mutated_bytes(UNDL_TEXT.encode()))
def test_a_undl_file_with_bytes_that_are_not_text(folder: Path, data: bytes) -> None:
    read_all(write(folder, "u.csv", data))


@FUZZ
@given(row=st.integers(1, 8), column=st.integers(0, 14), cell=token())
def test_any_token_in_any_cell(folder: Path, row: int, column: int, cell: str) -> None:
    lines = list(UNDL_LINES)
    cells = lines[row].split(",")
    cells[column] = cell
    lines[row] = ",".join(cells)
    items = read_all(write(folder, "u.csv", "\n".join(lines) + "\n"))
    assert items is not None or "\0" in cell  # binary data in the file's head


@FUZZ
@given(
    totals=st.tuples(*[st.integers(0, 300)] * 4),
    written=st.sampled_from(["{}", "{}.0", " {} ", "{}.00"]),
)
def test_undl_totals_above_the_membership_are_refused(
    folder: Path, totals: tuple[int, int, int, int], written: str
) -> None:
    cells = ",".join(written.format(total) for total in totals)
    rows = [line.rsplit(",", 4)[0] + "," + cells for line in UNDL_LINES[1:5]]
    items = read_all(write(folder, "u.csv", "\n".join([UNDL_HEADER, *rows]) + "\n"))
    assert items is not None
    (item,) = items
    if sum(totals) > len(ROSTER):
        assert isinstance(item, RefusedRecord)
        assert "more than the 193 members of the roster" in item.reason
    else:
        assert isinstance(item, Parsed)


# ---- an import stores whole votes or none ----------------------------------------------------


@FUZZ
@given(csv=st.booleans(), data=st.data())
def test_an_import_stores_exactly_the_votes_it_reports(
    folder: Path, csv: bool, data: st.DataObject
) -> None:
    text = data.draw(mutated(UNDL_TEXT if csv else DGACM_TEXT))
    path = write(folder, "i.csv" if csv else "i.json", text)
    with Journal.in_memory(ROSTER) as journal:
        report = outcome(lambda: import_paths(journal, [path]), ImportFileError)
        if isinstance(report, ImportFileError):
            assert str(report).startswith(str(path))
            assert list(journal.history()) == []
            return
        stored = {vote.symbol: vote for vote in journal.history()}
        assert sorted(stored) == sorted(report.imported)
        for vote in stored.values():
            check_vote(vote, ROSTER)
