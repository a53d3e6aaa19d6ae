"""The roster: the UN's 193 in board order, and other assemblies' files refused clearly."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voteboard.core.roster import Roster, RosterError, board_key, parse_roster
from voteboard.resources import un_roster


def test_the_un_roster_is_the_193_member_states_in_un_order(roster: Roster) -> None:
    assert len(roster) == 193
    codes = roster.codes
    assert codes[:3] == ("AFG", "ALB", "DZA")
    assert codes[-1] == "ZWE"
    # English alphabetical order with accents ignored: Côte d'Ivoire between Costa Rica and Croatia.
    assert codes.index("CRI") + 1 == codes.index("CIV") == codes.index("HRV") - 1
    assert codes.index("TUN") + 1 == codes.index("TUR") == codes.index("TKM") - 1
    assert "VAT" not in roster
    assert "PSE" not in roster


def test_long_names_have_a_board_label(roster: Roster) -> None:
    uk = roster.get("GBR")
    assert uk is not None
    assert uk.name == "United Kingdom of Great Britain and Northern Ireland"
    assert uk.board_label == "United Kingdom"
    assert max(len(m.board_label) for m in roster) <= 26


def test_the_name_in_force_on_the_day(roster: Roster) -> None:
    turkey = roster.get("TUR")
    assert turkey is not None
    assert turkey.name_on(date(2022, 3, 2))[0] == "Turkey"
    assert turkey.name_on(date(2022, 10, 12))[0] == "Türkiye"
    netherlands = roster.get("NLD")
    assert netherlands is not None
    assert netherlands.name_on(date(2023, 11, 1))[0] == "Netherlands"
    assert netherlands.name_on(date(2023, 11, 2))[0] == "Netherlands (Kingdom of the)"


def csv_roster(lines: list[str], header: str = "code,name") -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode()


SIXTEEN = [f"M{i:02d},Member {i}" for i in range(16)]


def test_a_csv_roster_of_another_assembly() -> None:
    roster = parse_roster(csv_roster(SIXTEEN), "council.csv")
    assert len(roster) == 16
    assert roster.codes[0] == "M00"


def test_a_json_roster_with_rights() -> None:
    members = ",".join(
        f'{{"code": "S{i}", "name": "Seat {i}", "can_vote": {"false" if i == 3 else "true"}}}'
        for i in range(15)
    )
    roster = parse_roster(f'{{"assembly": "Council", "members": [{members}]}}'.encode(), "c.json")
    assert roster.assembly == "Council"
    assert roster.without_right_to_vote == {"S3"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            csv_roster([*SIXTEEN, "M03,Again"]),
            "r.csv, line 18: duplicate code 'M03' (first at line 5)",
        ),
        (csv_roster([*SIXTEEN[:5], "M99,", *SIXTEEN[5:]]), "r.csv, line 7: the name is empty"),
        (csv_roster(SIXTEEN, "code,name,flag"), "r.csv, line 1: unknown column 'flag'"),
        (b"code,name\nAAA,Caf\xe9\n", "r.csv, line 2: the file is not UTF-8 text"),
        (b"", "r.csv: the file is empty"),
        (b"  \n", "r.csv: the file is empty"),
        (csv_roster(SIXTEEN[:10]), "r.csv: 10 members; a roster has 15 to 250"),
        (csv_roster([f"M{i},N{i}" for i in range(251)]), "251 members"),
        (csv_roster([*SIXTEEN, "bad code!,X"]), "r.csv, line 18: code:"),
        (csv_roster(SIXTEEN, "name"), "the column 'code' is missing"),
        (csv_roster([*SIXTEEN, "A,B,C"]), "r.csv, line 18: 3 fields where the header has 2"),
        (
            b'{"members": [{"code": "A", "name": "x", "nom": "y"}]}',
            "r.csv, member 1: unknown field 'nom'",
        ),
        (b'{"members": [\n{"code": "A",,}]}', "r.csv, line 2: not valid JSON"),
    ],
)
def test_a_bad_roster_file_is_refused_with_its_place(data: bytes, message: str) -> None:
    with pytest.raises(RosterError) as refusal:
        parse_roster(data, "r.csv")
    assert message in str(refusal.value)


MEMBERS_JSON = ",".join(f'{{"code": "S{i}", "name": "Seat {i}"}}' for i in range(15))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            csv_roster([*SIXTEEN, "M99," + "x" * (128 * 1024 + 1)]),
            "r.csv, line 18: field larger than field limit (131072)",
        ),
        (b"[" * 100_000, "r.csv, line 1: arrays and objects nested more than 32 deep at column 33"),
        (
            b'{"members": [' + MEMBERS_JSON.encode() + b'], "assembly": ' + b"1" * 5000 + b"}",
            "a number of 5,000 digits at column",
        ),
        (
            ('{"members": [\n' + MEMBERS_JSON.replace("Seat 3", "Seat \\ud800") + "]}").encode(),
            "r.csv, line 2: a lone surrogate escape (\\ud800) at column",
        ),
        (
            ('{"assembly": ["C"], "members": [' + MEMBERS_JSON + "]}").encode(),
            "r.csv: the assembly's name is not text",
        ),
        (
            ('{"members": [' + MEMBERS_JSON.replace("Seat 3", "S" * 201) + "]}").encode(),
            "r.csv, member 4: name: String should have at most 200 characters",
        ),
        (
            ('{"members": [' + MEMBERS_JSON + "]}" + " " * 1024 * 1024).encode(),
            "r.csv: the file is larger than 1 MB: not a roster",
        ),
        (b'{"members": [NaN]}', "r.csv, line 1: NaN at column 14: not a JSON number"),
    ],
)
def test_a_roster_beyond_the_bounds_is_refused_with_its_place(data: bytes, message: str) -> None:
    with pytest.raises(RosterError) as refusal:
        parse_roster(data, "r.csv")
    assert message in str(refusal.value)


# --- members of the day (issue 17) ------------------------------------------------------------

days = st.dates(min_value=date(1945, 10, 24), max_value=date(2030, 12, 31))


@given(day=days)
@settings(max_examples=300, deadline=None)
def test_the_roster_of_any_day_is_its_members_in_the_board_order_of_that_day(day: date) -> None:
    roster = un_roster()
    of_day = roster.on(day)
    codes = of_day.codes
    assert len(set(codes)) == len(codes)
    everyone = {m.code: m for m in (*roster.members, *roster.former_members)}
    assert all(everyone[code].member_on(day) for code in codes)
    assert not [m.code for m in everyone.values() if m.member_on(day) and m.code not in of_day]
    names = [m.name for m in of_day]
    assert names == sorted(names, key=board_key)
    for member in of_day:
        assert (member.name, member.board_label) == everyone[member.code].name_on(day)


def test_the_assembly_grew_from_51_to_193(roster: Roster) -> None:
    assert len(roster.on(date(1946, 1, 10))) == 51
    assert len(roster.on(date(1971, 10, 25))) == 131
    # Namibia and Liechtenstein admitted, the two Yemens one: both Germanys, the day before unity
    assert len(roster.on(date(1990, 10, 2))) == 160
    assert len(roster.on(date(1990, 10, 3))) == 159
    assert len(roster.on(date(2011, 7, 14))) == 193  # South Sudan
    assert roster.on(date(2026, 1, 1)).codes == roster.codes


def test_a_member_runs_through_its_names_and_successors_are_linked(roster: Roster) -> None:
    ussr = roster.get("RUS")
    assert ussr is not None
    assert [name for _, name, _ in ussr.names()] == [
        "Union of Soviet Socialist Republics",
        "Russian Federation",
    ]
    cod = roster.get("COD")
    assert cod is not None
    assert [label for _, _, label in cod.names()] == [
        "Congo (Leopoldville)",
        "Zaire",
        "DR Congo",
    ]
    assert roster.successors_of("CSK") == ("CZE", "SVK")
    assert roster.predecessors_of("DEU") == ("DDR",)
    syria = roster.get("SYR")
    assert syria is not None
    assert not syria.member_on(date(1960, 1, 1))  # in the United Arab Republic
    assert syria.member_on(date(1962, 1, 1))
    assert roster.known("YUG") is not None
    assert roster.get("YUG") is None  # not on today's board


def test_the_roster_document_reads_back_as_the_same_roster(roster: Roster) -> None:
    again = parse_roster(json.dumps(roster.document()).encode(), "again")
    assert again.members == roster.members
    assert again.former_members == roster.former_members


def test_a_successor_that_is_not_on_the_roster_is_refused() -> None:
    document = {
        "members": [{"code": f"M{n:02d}", "name": f"Member {n}"} for n in range(15)],
        "former_members": [{"code": "OLD", "name": "Old", "successors": ["NEW"]}],
    }
    with pytest.raises(RosterError, match=r"former member 1: its successor 'NEW' is not"):
        parse_roster(json.dumps(document).encode(), "r.json")
