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
    ],
)
def test_a_mistake_names_its_line(text: str, message: str) -> None:
    with pytest.raises(AgendaError) as error:
        parse_agenda(text, "a.csv")
    assert str(error.value).startswith(message)


def test_a_json_list_and_an_oversized_field() -> None:
    specs = parse_agenda('[{"symbol": "A/1", "title": "One"}, {"symbol": "A/2"}]', "a.json")
    assert [s.symbol for s in specs] == ["A/1", "A/2"]
    with pytest.raises(AgendaError, match=r"a\.json: expected a list of objects"):
        parse_agenda("[1, 2]", "a.json")
    with pytest.raises(AgendaError, match=r"a\.csv, line 2: field larger than field limit"):
        parse_agenda("symbol,title\nA/1," + "x" * 200_000 + "\n", "a.csv")
