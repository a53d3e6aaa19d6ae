"""Eighty years of the General Assembly on the board as it was (issue 17): boards of 1946, 1971,
1975 and 2014 from the UN Digital Library's file, with the members and the names of their day,
checked by hand; the same votes read by names only and under the 2024 header; the CSV export
compared column by column with the source's rows, and imported back."""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

import pytest

from tests.journal.test_importers import CURRENT_HEADER, FIRST_HEADER, FIRST_NAMES
from voteboard.core.board import Board, board_of_record
from voteboard.core.history import ImportedVote
from voteboard.core.model import Counts, Light, Majority
from voteboard.core.roster import parse_roster
from voteboard.journal.archive import import_paths, open_journal
from voteboard.journal.export import UNDL_HEADER, export_csv
from voteboard.journal.store import Journal
from voteboard.resources import un_roster

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
UNDL = DATA / "un-digital-library" / "ga-voting-1946-2025.csv.gz"
needs_undl = pytest.mark.skipif(not UNDL.is_file(), reason=f"{UNDL} is not there")

CHECKED = (
    "A/RES/17(I)[RULE-73]",  # 26 January 1946, the Assembly's first weeks: 51 members
    "A/RES/2758(XXVI)",  # 25 October 1971, the representation of China: 131 members
    "A/RES/3379(XXX)",  # 10 November 1975: 142 members
    "A/RES/68/262",  # 27 March 2014, the territorial integrity of Ukraine: 193 members
    "A/RES/ES-11/4",  # 12 October 2022, the annexation resolution
)

Rows = dict[str, list[dict[str, str]]]


@pytest.fixture(scope="module")
def source_rows() -> Rows:
    """The source's own rows of the votes checked here, read once from the real file."""
    if not UNDL.is_file():
        pytest.skip(f"{UNDL} is not there")
    rows: Rows = {}
    with gzip.open(UNDL, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["resolution"] in CHECKED:
                rows.setdefault(row["resolution"], []).append(row)
    assert sorted(rows) == sorted(CHECKED)
    return rows


def write(path: Path, rows: Iterable[dict[str, str]], header: Sequence[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def all_rows(rows: Rows) -> list[dict[str, str]]:
    return [row for symbol in CHECKED for row in rows[symbol]]


@pytest.fixture(scope="module")
def imported(source_rows: Rows, tmp_path_factory: pytest.TempPathFactory) -> Journal:
    """A new journal (with the shipped ES-11 votes) into which the rows were imported."""
    folder = tmp_path_factory.mktemp("eras")
    source = write(folder / "undl.csv", all_rows(source_rows), CURRENT_HEADER)
    journal = open_journal(folder / "journal.sqlite")
    report = import_paths(journal, [source])
    assert report.refused == []
    assert sorted(report.imported) == sorted(s for s in CHECKED if s != "A/RES/ES-11/4")
    return journal


def board(journal: Journal, symbol: str) -> Board:
    record = journal.history_record(symbol)
    assert record is not None
    return board_of_record(record, journal.roster)


def lights(board: Board) -> dict[str, Light]:
    return {m.code: m.light for m in board.members}


def names(board: Board) -> dict[str, str]:
    return {m.code: m.name for m in board.members}


@needs_undl
def test_a_vote_of_january_1946_has_the_51_members_of_its_day(imported: Journal) -> None:
    shown = board(imported, "A/RES/17(I)[RULE-73]")
    assert shown.totals.model_dump() == {
        "yes": 25,
        "no": 18,
        "abstain": 0,
        "non_voting": 8,
        "members": 51,
    }
    named = names(shown)
    assert len(named) == 51
    # The names of the day, and no state that was not yet a member (no Eswatini, no Czechia).
    assert named["RUS"] == "USSR"
    assert named["BLR"] == "Byelorussian SSR"
    assert named["UKR"] == "Ukrainian SSR"
    assert named["ZAF"] == "Union of South Africa"
    assert named["PHL"] == "Philippine Republic"
    assert named["CSK"] == "Czechoslovakia"
    assert named["YUG"] == "Yugoslavia"
    assert not {"SWZ", "CZE", "AFG", "ISR", "DEU"} & set(named)
    seen = lights(shown)
    assert (seen["USA"], seen["RUS"], seen["GBR"], seen["FRA"]) == (
        Light.NO,
        Light.NO,
        Light.YES,
        Light.NO,
    )
    # The board order of that day: English alphabetical, the Union of South Africa under U.
    order = list(named)
    assert order[0] == "ARG"
    assert order.index("ZAF") > order.index("UKR")
    assert order[-1] == "YUG"


@needs_undl
def test_the_representation_of_china_in_1971_under_the_names_of_that_day(
    imported: Journal,
) -> None:
    shown = board(imported, "A/RES/2758(XXVI)")
    assert (shown.totals.yes, shown.totals.no, shown.totals.abstain) == (76, 35, 17)
    assert (shown.totals.non_voting, shown.totals.members) == (3, 131)
    named = names(shown)
    assert named["SWZ"] == "Swaziland"
    assert named["LKA"] == "Ceylon"
    assert named["MMR"] == "Burma"
    assert named["BFA"] == "Upper Volta"
    assert named["BEN"] == "Dahomey"
    assert named["KHM"] == "Khmer Republic"
    assert named["RUS"] == "USSR"
    assert named["COD"] == "Congo (Leopoldville)"
    assert named["CSK"] == "Czechoslovakia"
    assert "DEU" not in named
    assert "DDR" not in named
    seen = lights(shown)
    assert seen["USA"] is seen["JPN"] is Light.NO
    assert seen["ALB"] is seen["GBR"] is seen["FRA"] is seen["RUS"] is Light.YES
    assert seen["CHN"] is Light.NONE  # the delegation did not take part
    # Board order of the day: Burma under B, Upper Volta under U, Swaziland under S.
    order = list(named)
    assert order.index("MMR") < order.index("BDI") < order.index("KHM")
    assert order.index("SWZ") < order.index("SWE")
    assert order.index("BFA") > order.index("GBR")
    assert shown.outcome is not None
    assert shown.outcome.result.value == "adopted"
    assert shown.arithmetic.startswith("Majority not given by the source")


@needs_undl
def test_a_vote_of_1975_and_one_of_2014(imported: Journal) -> None:
    zionism = board(imported, "A/RES/3379(XXX)")
    assert (zionism.totals.yes, zionism.totals.no, zionism.totals.abstain) == (72, 35, 32)
    assert zionism.totals.members == 142
    named = names(zionism)
    assert named["BEN"] == "Dahomey"  # Benin from 30 November 1975
    assert named["COD"] == "Zaire"
    assert named["KHM"] == "Cambodia"
    seen = lights(zionism)
    assert seen["ISR"] is seen["USA"] is seen["GBR"] is Light.NO
    assert seen["JPN"] is Light.ABSTAIN
    assert seen["ZAF"] is Light.NONE  # excluded from the Assembly's work from 1974

    ukraine = board(imported, "A/RES/68/262")
    assert (ukraine.totals.yes, ukraine.totals.no, ukraine.totals.abstain) == (100, 11, 58)
    assert (ukraine.totals.non_voting, ukraine.totals.members) == (24, 193)
    named = names(ukraine)
    assert named["SWZ"] == "Swaziland"
    assert named["CZE"] == "Czech Republic"
    assert named["CPV"] == "Cabo Verde"  # from 24 October 2013
    assert named["MKD"] == "TFYR Macedonia"
    assert named["TUR"] == "Turkey"
    against = {code for code, light in lights(ukraine).items() if light is Light.NO}
    assert against == {
        *("ARM", "BLR", "BOL", "CUB", "PRK", "NIC", "RUS", "SDN", "SYR", "VEN", "ZWE"),
    }


@needs_undl
def test_names_only_and_both_headers_give_the_same_boards(
    source_rows: Rows, imported: Journal, tmp_path: Path
) -> None:
    rows = all_rows(source_rows)
    names_only = [c for c in CURRENT_HEADER if c != "ms_code"]
    first_version = [
        {FIRST_NAMES.get(k, k): ("NV" if k == "ms_vote" and v == "X" else v) for k, v in r.items()}
        for r in rows
    ]
    files = {
        "codes": write(tmp_path / "codes.csv", rows, CURRENT_HEADER),
        "names only": write(tmp_path / "names.csv", rows, names_only),
        "2024 header": write(tmp_path / "first.csv", first_version, FIRST_HEADER),
    }
    boards: dict[str, list[Board]] = {}
    for what, path in files.items():
        journal = Journal.open(tmp_path / f"{path.stem}.sqlite", roster=imported.roster)
        report = import_paths(journal, [path])
        assert report.refused == [], what
        boards[what] = [board(journal, symbol) for symbol in CHECKED]
        journal.close()
    assert boards["names only"] == boards["codes"]
    assert boards["2024 header"] == boards["codes"]
    # The journal that knew ES-11/4 from DGACM first shows the same lights and totals.
    for shown, symbol in zip(boards["codes"], CHECKED, strict=True):
        ours = board(imported, symbol)
        assert (ours.members, ours.totals, ours.outcome) == (
            shown.members,
            shown.totals,
            shown.outcome,
        )


def exported_rows(journal: Journal, symbol: str) -> list[dict[str, str]]:
    record = journal.history_record(symbol)
    assert record is not None
    return list(csv.DictReader(io.StringIO(export_csv(journal, record))))


NUMBERS = ("total_yes", "total_no", "total_abstentions", "total_non_voting", "total_ms")


def same_cell(column: str, ours: str, theirs: str) -> bool:
    if column in NUMBERS:
        return float(ours) == float(theirs)
    return ours == theirs


@needs_undl
@pytest.mark.parametrize("symbol", ["A/RES/ES-11/4", "A/RES/2758(XXVI)"])
def test_the_export_is_the_source_column_by_column(
    symbol: str, source_rows: Rows, imported: Journal
) -> None:
    ours = {row["ms_code"]: row for row in exported_rows(imported, symbol)}
    theirs = {row["ms_code"]: row for row in source_rows[symbol]}
    assert set(ours) == set(theirs)
    different = [
        (code, column, ours[code][column], theirs[code][column])
        for code in theirs
        for column in UNDL_HEADER
        if not same_cell(column, ours[code][column], theirs[code][column])
    ]
    # ES-11/4 came first from DGACM, which names its draft where the Library's row leaves it
    # empty: the export keeps it. Every other cell is the Library's.
    filled = {(c, col) for c, col, _, source in different if col == "draft" and source == ""}
    assert filled == ({(c, "draft") for c in theirs} if symbol == "A/RES/ES-11/4" else set())
    assert [d for d in different if (d[0], d[1]) not in filled] == []


@needs_undl
def test_the_shipped_es11_vote_keeps_the_identifiers_of_the_library(imported: Journal) -> None:
    record = imported.history_record("A/RES/ES-11/4")
    assert record is not None
    assert record.source == "dgacm"
    assert "undl" in record.sources
    assert record.undl_ids == ("3990400",)
    assert record.undl_link == "https://digitallibrary.un.org/record/3990400"
    assert (record.session_code, record.record) == ("ES-11", "A/ES-11/PV.14")
    assert record.majority is Majority.TWO_THIRDS


@needs_undl
@pytest.mark.parametrize("symbol", CHECKED)
def test_an_exported_vote_imports_back_as_the_same_vote(
    symbol: str, imported: Journal, tmp_path: Path
) -> None:
    record = imported.history_record(symbol)
    assert record is not None
    path = tmp_path / "export.csv"
    path.write_text(export_csv(imported, record), encoding="utf-8")
    fresh = Journal.open(tmp_path / "fresh.sqlite", roster=imported.roster)
    report = import_paths(fresh, [path])
    assert report.refused == []
    assert report.imported == [symbol]
    again = fresh.history_record(symbol)
    assert again is not None
    # The same vote: the same board; a vote first known from DGACM is exported in the
    # Library's wording, so its title comes back as the Library's catalogue gives it.
    title = record.in_the_library().title or record.title
    assert again.title == title
    ours = board(imported, symbol)
    assert board(fresh, symbol) == ours.model_copy(
        update={"vote": ours.vote.model_copy(update={"title": title})}
    )
    assert again.choices() == record.choices()
    kept = ("undl_ids", "undl_link", "session_code", "record", "draft", "date")
    assert [getattr(again, k) for k in kept] == [getattr(record, k) for k in kept]
    fresh.close()


def test_a_vote_of_another_source_is_one_vote_whatever_the_spelling(tmp_path: Path) -> None:
    """`A/RES/75/250 B` (DGACM) and `A/RES/75/250B` (the Library) are one resolution: the
    second spelling, imported, is stored once, and what it adds is kept with the first."""
    journal = open_journal(tmp_path / "j.sqlite")
    shipped = journal.history_record("A/RES/ES-11/4")
    assert shipped is not None
    rows = [
        {
            "undl_id": "77",
            "ms_code": b.code,
            "ms_name": b.name,
            "ms_vote": {None: "X", "yes": "Y", "no": "N", "abstain": "A"}[
                b.choice.value if b.choice else None
            ],
            "date": "2022-10-12",
            "session": "ES-11",
            "resolution": "A/RES/ES-11/ 4",
            "meeting": "A/ES-11/PV.14",
            "title": shipped.title,
            "total_yes": "143.0",
            "total_no": "5.0",
            "total_abstentions": "35.0",
        }
        for b in shipped.ballots
    ]
    before = len(journal.history_keys())
    report = import_paths(journal, [write(tmp_path / "spelt.csv", rows, CURRENT_HEADER)])
    assert (report.imported, report.duplicates, report.conflicts) == ([], ["A/RES/ES-11/ 4"], [])
    assert len(journal.history_keys()) == before
    kept = journal.history_record("A/RES/ES-11/4")
    assert kept is not None
    assert "77" in kept.undl_ids
    assert "A/RES/ES-11/ 4" in kept.spellings
    record = journal.history_record("A/RES/ES-11/4")
    assert isinstance(record, ImportedVote)
    spelled = record.model_copy(update={"symbol": "A/RES/ES-11/4 ", "source": "undl"})
    assert journal.history_record("a/res/es-11/4") is not None
    assert journal.history_record("A/RES/ES-11/ 4") is not None
    merged = record.merged(spelled.model_copy(update={"undl_ids": ("1",), "source": "voteboard"}))
    assert merged.undl_ids == (*record.undl_ids, "1")  # every identifier is kept
    assert merged.sources == (*record.sources, "voteboard")
    assert merged.choices() == record.choices()
    journal.close()


def test_a_journal_made_before_the_history_shows_the_members_of_the_day(tmp_path: Path) -> None:
    """A hall's journal of an earlier voteboard keeps the UN roster of its day, without the
    history: its imported votes of 1946 still show the 51 members of 1946."""
    un = un_roster()
    document = un.document()
    old = {
        "assembly": document["assembly"],
        "members": [
            {k: v for k, v in m.items() if k in ("code", "name", "label", "aliases")}
            for m in document["members"]  # type: ignore[attr-defined]
        ],
    }
    roster = parse_roster(json.dumps(old).encode(), "old roster")
    assert not roster.has_history
    path = tmp_path / "old.sqlite"
    Journal.open(path, roster=roster).close()
    with Journal.open(path) as journal:
        assert journal.roster.has_history
        vote = ImportedVote(
            symbol="A/RES/1(I)",
            date=date(1946, 1, 24),
            source="undl",
            totals=Counts(yes=0, no=0, abstain=0),
            ballots=(),
        )
        assert board_of_record(vote, journal.roster).totals.members == 51
    # Another assembly's roster stays its own.
    other = parse_roster(
        b"code,name\n" + b"".join(b"M%02d,Member %d\n" % (n, n) for n in range(15)), "o"
    )
    Journal.open(tmp_path / "other.sqlite", roster=other).close()
    with Journal.open(tmp_path / "other.sqlite") as journal:
        assert journal.roster.codes == other.codes
        assert not journal.roster.has_history
