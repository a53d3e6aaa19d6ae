"""The list of prepared votes read from a file's text: both forms, and every mistake named."""

from __future__ import annotations

import pytest

from voteboard.core.agenda import AgendaError, parse_agenda
from voteboard.core.model import Majority, Mode


def test_csv_and_json_lines_give_the_same_votes() -> None:
    csv_text = "\ufeffSymbol,Title,Mode\r\nA/1,One,secret\r\nA/2,Two,\r\n"
    json_text = (
        '{"symbol": "A/1", "title": "One", "mode": "secret"}\n\n{"symbol": "A/2", "title": "Two"}\n'
    )
    assert parse_agenda(csv_text, "a.csv") == parse_agenda(json_text, "a.jsonl")
    first, second = parse_agenda(csv_text, "a.csv")
    assert (first.mode, second.mode, second.majority) == (
        Mode.SECRET,
        Mode.RECORDED,
        Majority.SIMPLE,
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "a.csv: the file lists no vote"),
        ("title\nOne\n", "a.csv, line 1: the header must name the columns"),
        ("symbol,title\nA/1,One,extra\n", "a.csv, line 2: more values than columns"),
        ("symbol,title,mode\nA/1,One,open\n", "a.csv, line 2: mode: Input should be"),
        ("symbol,title,quorum\nA/1,One,0\n", "a.csv, line 2: quorum: Input should be greater"),
        ("symbol,title\nA/1,One\nA/1,Again\n", "a.csv, line 3: A/1 is already on line 2"),
        ("symbol,colour\nA/1,red\n", "a.csv, line 2: unknown field 'colour'"),
        ('{"symbol": "A/1"}\n{"symbol": \n', "a.csv, line 2: not JSON"),
        ('{"symbol": "A/1"}\n[1]\n', "a.csv, line 2: expected an object"),
        ('{"symbol": "A/1", "title": "One"}\n{"symbol": "A/2"}\n', "a.csv, line 2: a vote needs"),
    ],
)
def test_a_mistake_names_its_line(text: str, message: str) -> None:
    with pytest.raises(AgendaError) as error:
        parse_agenda(text, "a.csv")
    assert str(error.value).startswith(message)


def test_a_json_list_and_an_oversized_field() -> None:
    specs = parse_agenda(
        '[{"symbol": "A/1", "title": "One"}, {"symbol": "A/2", "title": "Two"}]', "a.json"
    )
    assert [s.symbol for s in specs] == ["A/1", "A/2"]
    with pytest.raises(AgendaError, match=r"a\.json: expected a list of objects"):
        parse_agenda("[1, 2]", "a.json")
    with pytest.raises(AgendaError, match=r"a\.csv, line 2: field larger than field limit"):
        parse_agenda("symbol,title\nA/1," + "x" * 200_000 + "\n", "a.csv")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("symbol,title\nA/1,One\nA/2,\n", "a.csv, line 3: a vote needs its title"),
        (
            'symbol,title\nA/1,"One\ntwo"\n',
            "a.csv, line 3: the title has a line break (U+000A) at character 4",
        ),
        (
            "symbol,title\nA/1,Yes \u202eoN\n",
            "a.csv, line 2: the title has a right-to-left override (U+202E) at character 5",
        ),
        (
            "symbol,title,unusual_symbol\nA/ES-\u200b11/L.5,One,yes\n",
            "a.csv, line 2: the symbol has a zero width space (U+200B) at character 6",
        ),
        (
            "symbol,title\nA/ES-11/L.5,One\nhello world,Two\n",
            "a.csv, line 3: 'hello world' is not a UN document symbol (such as A/ES-11/L.5 or "
            "A/RES/77/1); if it is the symbol meant, mark the line unusual_symbol: yes",
        ),
        (
            '{"symbol": "a/es-11/l.5", "title": "One"}\n',
            "a.csv, line 1: 'a/es-11/l.5' is not written as the UN writes its symbols: A/ES-11/L.5",
        ),
        (
            "symbol,title,unusual_symbol\nHALL/1,One,perhaps\n",
            "a.csv, line 2: unusual_symbol: give yes or no, not 'perhaps'",
        ),
        (
            '[{"symbol": "HALL/1", "title": "One", "unusual_symbol": [true]}]',
            "a.csv, line 1: unusual_symbol: give yes or no, not [True]",
        ),
    ],
)
def test_each_line_is_held_to_the_rules_of_a_preparation(text: str, message: str) -> None:
    with pytest.raises(AgendaError) as error:
        parse_agenda(text, "a.csv")
    assert str(error.value).startswith(message)


def test_an_unusual_symbol_is_listed_when_the_line_says_it_is_meant() -> None:
    csv_text = "symbol,title,unusual_symbol\nHALL/1,One,Yes\nA/ES-11/L.5,Two,no\nHALL/2,Three,1\n"
    json_text = (
        '{"symbol": "HALL/1", "title": "One", "unusual_symbol": true}\n'
        '{"symbol": "A/ES-11/L.5", "title": "Two", "unusual_symbol": false}\n'
        '{"symbol": "HALL/2", "title": "Three", "unusual_symbol": "yes"}\n'
    )
    specs = parse_agenda(csv_text, "a.csv")
    assert specs == parse_agenda(json_text, "a.jsonl")
    assert [s.symbol for s in specs] == ["HALL/1", "A/ES-11/L.5", "HALL/2"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[" * 100_000, "a.csv, line 1: arrays and objects nested more than 32 deep at column 33"),
        ('{"symbol": ' + "[" * 100_000, "a.csv, line 1: arrays and objects nested more than 32"),
        (
            '{"symbol": "A/1", "title": "One"}\n{"symbol": "A/2", "quorum": ' + "1" * 5000 + "}",
            "a.csv, line 2: a number of 5,000 digits at column 29 (at most 18)",
        ),
        ("symbol,title,quorum\nA/1,One,1_41\n", "a.csv, line 2: quorum: '1_41' is not a whole"),
        ("symbol,title,quorum\nA/1,One,+5\n", "a.csv, line 2: quorum: '+5' is not a whole"),
        ("symbol,title,quorum\nA/1,One,1e2\n", "a.csv, line 2: quorum: '1e2' is not a whole"),
        ("symbol,title,quorum\nA/1,One,\u0661\n", "a.csv, line 2: quorum: '\u0661' is not a"),
        ('{"symbol": "A/1", "title": "One", "quorum": 1e2}', "a.csv, line 1: quorum: 100.0 is"),
        ('{"symbol": "A/1", "title": "One", "quorum": true}', "a.csv, line 1: quorum: True is"),
        (
            "symbol,title,quorum\nA/1,One,194\n",
            "a.csv, line 2: quorum: 194 is more than the 193 members of the assembly",
        ),
        (
            '{"symbol": "A/1", "title": "One \\udc00"}',
            "a.csv, line 1: a lone surrogate escape (\\udc00) at column 33: half of a character",
        ),
        ('{"symbol": "A/1", "title": NaN}', "a.csv, line 1: NaN at column 28: not a JSON number"),
        ("symbol,title\n" + "A/1,One\n" * 150_000, "a.csv: the file is larger than 1 MB"),
        ("symbol," + "x" * 200_000 + "\nA/1\n", "a.csv, line 1: field larger than field limit"),
    ],
)
def test_a_list_beyond_the_bounds_is_refused_with_its_line(text: str, message: str) -> None:
    with pytest.raises(AgendaError) as error:
        parse_agenda(text, "a.csv", members=193)
    assert str(error.value).startswith(message)


def test_a_quorum_written_with_spaces_is_its_digits() -> None:
    (spec,) = parse_agenda("symbol,title,quorum\nA/1,One, 97 \n", "a.csv", members=193)
    assert spec.quorum == 97
