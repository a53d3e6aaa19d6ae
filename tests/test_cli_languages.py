"""`--language` and `--order` on the command line: `board --json` gives the names in the
language and nothing else changes; a PNG in each language; a language that is not one of the
six is refused with the six named."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.process import no_traceback, voteboard
from voteboard.journal.archive import open_journal


@pytest.fixture(scope="module")
def journal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("languages") / "journal.sqlite"
    open_journal(path).close()  # a new hall's journal: the shipped ES-11 votes
    return path


def _board(journal: Path, *options: str) -> dict[str, Any]:
    result = voteboard("board", "A/RES/ES-11/4", "--json", "--journal", journal, *options)
    board: dict[str, Any] = json.loads(result.stdout)
    return board


def test_board_json_in_french_changes_the_names_only(journal: Path) -> None:
    english = _board(journal)
    french = _board(journal, "--language", "fr")
    assert french.keys() == english.keys()
    assert {k: v for k, v in french.items() if k != "members"} == {
        k: v for k, v in english.items() if k != "members"
    }
    assert [(m["code"], m["light"]) for m in french["members"]] == [
        (m["code"], m["light"]) for m in english["members"]
    ]
    names = {m["code"]: m["name"] for m in french["members"]}
    assert names["DEU"] == "Allemagne"
    assert names["USA"].startswith("États-Unis")
    assert names["TUR"] == "Türkiye"
    assert all(set(m) == {"code", "name", "light"} for m in french["members"])


@pytest.mark.parametrize(
    ("language", "code", "name"),
    [
        ("ru", "RUS", "Российская Федерация"),
        ("zh", "CHN", "中国"),
        ("ar", "EGY", "مصر"),
        ("es", "ESP", "España"),
    ],
)
def test_board_json_in_each_language(journal: Path, language: str, code: str, name: str) -> None:
    names = {m["code"]: m["name"] for m in _board(journal, "--language", language)["members"]}
    assert names[code] == name


def test_the_language_order_sorts_by_the_language(journal: Path) -> None:
    un_order = [m["code"] for m in _board(journal, "--language", "fr")["members"]]
    french = _board(journal, "--language", "fr", "--order", "language")["members"]
    assert [m["code"] for m in french] != un_order
    assert sorted(m["code"] for m in french) == sorted(un_order)
    names = [m["name"] for m in french]
    # "Allemagne" (DEU) comes before "Autriche" (AUT) in French, after "Afghanistan".
    assert names.index("Afghanistan") < names.index("Allemagne") < names.index("Autriche")


def test_a_name_of_the_day_in_another_language(journal: Path) -> None:
    """A/RES/ES-11/1 of 2 March 2022: Turkey had not yet become Türkiye."""
    names = {m["code"]: m["name"] for m in _board_of(journal, "A/RES/ES-11/1", "fr")["members"]}
    assert names["TUR"] == "Turquie"


def _board_of(journal: Path, symbol: str, language: str) -> dict[str, Any]:
    result = voteboard("board", symbol, "--json", "--journal", journal, "--language", language)
    board: dict[str, Any] = json.loads(result.stdout)
    return board


def test_an_unknown_language_is_refused(journal: Path) -> None:
    result = voteboard(
        "board", "A/RES/ES-11/4", "--journal", journal, "--language", "de", check=False
    )
    assert result.returncode == 2
    assert "ar" in result.stderr
    assert "ru" in result.stderr
    assert "'de'" in result.stderr
    no_traceback(result)


def test_board_text_in_russian(journal: Path) -> None:
    result = voteboard("board", "A/RES/ES-11/4", "--journal", journal, "--language", "ru")
    assert "ЗА 143    ПРОТИВ 5    ВОЗДЕРЖАЛИСЬ 35" in result.stdout
    assert "ПРИНЯТО" in result.stdout
