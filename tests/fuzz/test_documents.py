"""Fuzzing the readers of whole documents, a roster and a list of votes: whatever the file
holds, the reader returns a valid roster or list, or raises its own error naming the file;
never another exception, never a quorum above the membership, never text that cannot be kept."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.nasty import FUZZ, encodable, json_values, mutated, mutated_bytes, outcome, token
from voteboard.core.agenda import AgendaError, parse_agenda
from voteboard.core.model import VoteSpec
from voteboard.core.roster import MAX_MEMBERS, MIN_MEMBERS, Roster, RosterError, parse_roster

# ---- rosters ---------------------------------------------------------------------------------

ROSTER_CSV = "code,name,label,can_vote\n" + "".join(
    f"M{n:02d},Member {n},M {n},{'no' if n == 3 else 'yes'}\n" for n in range(16)
)
ROSTER_JSON = json.dumps(
    {
        "assembly": "Council",
        "members": [
            {"code": f"S{n}", "name": f"Seat {n}", "aliases": [f"SEAT {n}"]}
            | ({"former": [{"until": "2020-01-01", "name": f"Old {n}"}]} if n == 2 else {})
            for n in range(15)
        ],
    }
)


def check_roster(data: bytes) -> Roster | None:
    roster = outcome(lambda: parse_roster(data, "r.file"), RosterError)
    if isinstance(roster, RosterError):
        assert str(roster).startswith("r.file"), roster
        return None
    assert MIN_MEMBERS <= len(roster) <= MAX_MEMBERS
    assert len(set(roster.codes)) == len(roster)
    for member in roster:
        names = (member.name, member.board_label, *member.aliases)
        assert encodable(*names, *(former.name for former in member.former))
    assert encodable(roster.assembly)
    return roster


@FUZZ
@given(data=st.binary(max_size=300))
def test_a_roster_of_any_bytes(data: bytes) -> None:
    check_roster(data)


@FUZZ
@given(text=st.one_of(mutated(ROSTER_CSV), mutated(ROSTER_JSON)))
def test_a_roster_mutated_anywhere(text: str) -> None:
    check_roster(text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(data=st.one_of(mutated_bytes(ROSTER_CSV.encode()), mutated_bytes(ROSTER_JSON.encode())))
def test_a_roster_with_bytes_that_are_not_text(data: bytes) -> None:
    check_roster(data)


@FUZZ
@given(
    member=st.integers(0, 14),
    field=st.sampled_from(["code", "name", "label", "can_vote", "aliases", "former", "x"]),
    value=json_values(),
)
def test_any_json_value_in_a_member_s_field(member: int, field: str, value: object) -> None:
    document = json.loads(ROSTER_JSON)
    document["members"][member][field] = value
    check_roster(json.dumps(document).encode())


# ---- lists of votes --------------------------------------------------------------------------

AGENDA_CSV = (
    "symbol,title,mode,majority,quorum,unusual_symbol\n"
    "A/ES-11/L.1,Aggression against Ukraine,recorded,two-thirds,97,\n"
    'A/78/L.2,"Second, secret",secret,simple,,no\n'
    "HALL/1,A hall's own vote,,,1,yes\n"
)
AGENDA_ROWS = [
    {"symbol": "A/ES-11/L.1", "title": "Aggression", "majority": "two-thirds", "quorum": 97},
    {"symbol": "A/78/L.2", "title": "Second", "mode": "secret"},
    {"symbol": "HALL/1", "title": "Own", "quorum": "1", "unusual_symbol": True},
]
AGENDA_LINES = "\n".join(json.dumps(row) for row in AGENDA_ROWS) + "\n"
AGENDA_ARRAY = json.dumps(AGENDA_ROWS, indent=1)


def check_agenda(text: str, members: int = MAX_MEMBERS) -> list[VoteSpec] | None:
    specs = outcome(lambda: parse_agenda(text, "a.file", members=members), AgendaError)
    if isinstance(specs, AgendaError):
        assert str(specs).startswith("a.file"), specs
        return None
    assert specs
    for spec in specs:
        assert spec.quorum is None or 1 <= spec.quorum <= members
        assert encodable(spec.symbol, spec.title)
        assert VoteSpec.model_validate_json(spec.model_dump_json()) == spec
    return specs


@FUZZ
@given(text=st.text(max_size=300))
def test_a_list_of_any_text(text: str) -> None:
    check_agenda(text)


@FUZZ
@given(text=st.one_of(mutated(AGENDA_CSV), mutated(AGENDA_LINES), mutated(AGENDA_ARRAY)))
def test_a_list_mutated_anywhere(text: str) -> None:
    check_agenda(text)


@FUZZ
@given(
    row=st.integers(0, 2),
    field=st.sampled_from(["symbol", "title", "mode", "majority", "quorum", "unusual_symbol"]),
    value=json_values(),
    lines=st.booleans(),
)
def test_any_json_value_in_a_vote_s_field(row: int, field: str, value: object, lines: bool) -> None:
    rows = json.loads(AGENDA_ARRAY)
    rows[row][field] = value
    check_agenda("\n".join(map(json.dumps, rows)) if lines else json.dumps(rows))


@FUZZ
@given(quorum=st.one_of(token(), st.integers(-5, 400).map(str)), members=st.integers(15, 250))
def test_a_quorum_is_digits_and_at_most_the_membership(quorum: str, members: int) -> None:
    specs = check_agenda(f"symbol,title,quorum\nA/1/L.1,One,{quorum}\n", members)
    plain = quorum.strip(" ")
    digits = plain.isascii() and plain.isdigit()
    if specs is not None and specs[0].quorum is not None:
        assert digits  # as read: not 1e3, 1_41, +5, 12.5 nor other scripts' digits
        assert [spec.quorum for spec in specs] == [int(plain)]
    if digits and len(plain) <= 3 and 1 <= int(plain) <= members:
        assert specs is not None, f"the quorum {quorum!r} was refused"
