"""What may reach the hall wall: the UN document symbol's grammar and the text rules, over a
large input space (Hypothesis) and over every symbol of the UN's own records."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from voteboard.core.symbols import (
    UN_SYMBOL,
    preparation_problem,
    same_symbol,
    session_code,
    session_words,
    symbol_key,
    symbol_problem,
    text_problem,
)
from voteboard.resources import asset_path

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"

# ---- the grammar, generated ------------------------------------------------------------------

numbers = st.integers(1, 99999).map(str)
sessions = st.one_of(
    st.integers(1, 999).map(str),
    st.integers(1, 99).map(lambda n: f"ES-{n}"),
    st.integers(1, 99).map(lambda n: f"S-{n}"),
)
ROMANS = [
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XIV",
    "XIX",
    "XX",
    "XXIV",
    "XXVI",
    "XXIX",
    "XXX",
]
romans = st.sampled_from(ROMANS)
letters = st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
pieces = st.one_of(
    letters,
    st.tuples(letters, letters).map("-".join),
    st.tuples(letters, romans).map("-".join),
    romans,
)
parts = st.one_of(
    st.just(""),
    pieces.map(lambda p: f" {p}"),
    pieces,
    pieces.map(lambda p: f"[{p}]"),
)
old_sessions = st.one_of(
    romans,
    romans.map(lambda r: f"ES-{r}"),
    romans.map(lambda r: f"S-{r}"),
    st.integers(1, 9).map(lambda n: f"S-{n}"),
)
modifications = st.lists(
    st.tuples(st.sampled_from(["Rev", "Add", "Corr", "Amend"]), numbers).map(
        lambda m: f"/{m[0]}.{m[1]}"
    ),
    max_size=3,
).map("".join)


@st.composite
def resolutions(draw: st.DrawFn) -> str:
    organ = draw(st.sampled_from(["", "HRC/"]))
    kind = draw(st.sampled_from(["RES", "DEC"]))
    if draw(st.booleans()):
        return f"A/{organ}{kind}/{draw(sessions)}/{draw(numbers)}{draw(parts)}"
    space = draw(st.sampled_from(["", " "]))
    old = f"{draw(numbers)}{draw(parts)}{space}({draw(old_sessions)}){draw(parts)}"
    return f"A/{organ}{kind}/{old}"


@st.composite
def documents(draw: st.DrawFn) -> str:
    organ = draw(st.sampled_from(["", "C.1/", "C.3/", "C.6/", "SPC/", "HRC/"]))
    session = draw(st.one_of(st.just(""), sessions.map(lambda s: f"{s}/")))
    draft = draw(st.sampled_from(["", "L."]))
    return f"A/{organ}{session}{draft}{draw(numbers)}{draw(modifications)}"


un_symbols = st.one_of(resolutions(), documents())

REFUSED_CHARACTERS = [
    "\x00",
    "\t",
    "\n",
    "\r",
    "\x1b",
    "\x7f",
    "\x85",
    "\u00ad",
    "\u061c",
    "\u200b",
    "\u200e",
    "\u200f",
    "\u2028",
    "\u2029",
    *map(chr, range(0x202A, 0x202F)),
    "\u2060",
    *map(chr, range(0x2066, 0x206A)),
    "\u3164",
    "\ufeff",
    "\ue000",
    "\U000e0041",
]
refused_characters = st.sampled_from(REFUSED_CHARACTERS)


@pytest.mark.parametrize(
    "symbol",
    [
        "A/ES-11/L.5",
        "A/RES/77/1",
        "A/RES/ES-11/4",
        "A/C.1/78/L.10",
        "A/78/L.1/Rev.1",
        "A/RES/75/250 B",
        "A/RES/75/254 A-C",
        "A/77/L.3/Add.1",
        "A/C.3/78/L.21/Rev.1/Corr.1",
        "A/HRC/52/L.1",
        "A/HRC/RES/52/1",
        "A/HRC/S-35/L.1",
        "A/RES/S-32/1",
        "A/RES/2758(XXVI)",
        "A/RES/3379 (XXX)",
        "A/RES/3367 A (XXX)",
        "A/RES/181(II)[A]",
        "A/RES/3362(S-VII)",
        "A/RES/33/116[B-IX]",
        "A/9631",
        "A/L.590",
        "A/1",
    ],
)
def test_the_un_forms_are_accepted(symbol: str) -> None:
    assert symbol_problem(symbol) is None


@pytest.mark.parametrize(
    ("symbol", "problem"),
    [
        (
            "hello world",
            "'hello world' is not a UN document symbol (such as A/ES-11/L.5 or A/RES/77/1)",
        ),
        ("", "the symbol is empty"),
        ("   ", "the symbol is empty"),
        ("a/es-11/l.5", "'a/es-11/l.5' is not written as the UN writes its symbols: A/ES-11/L.5"),
        ("A / RES / 77 / 1", "is not written as the UN writes its symbols: A/RES/77/1"),
        ("A/78/L.1/REV.1", "is not written as the UN writes its symbols: A/78/L.1/Rev.1"),
        ("A/ES-11/L.5 ", "'A/ES-11/L.5 ' has spaces before or after it"),
        (
            "S/RES/2334",
            "'S/RES/2334' is not a General Assembly document symbol (these begin with A/",
        ),
        ("\u0410/RES/77/1", "it has '\u0410' (cyrillic capital letter a) at character 1"),
        ("A/ES-11/L.05", "is not a UN document symbol"),
        ("A/RES/77", "is not a UN document symbol"),
        ("A/SIM/1a2b", "is not a UN document symbol"),
        ("A//78/L.1", "is not a UN document symbol"),
        ("A/C.7/78/L.1", "is not a UN document symbol"),
        ("A/78/L.1/Rev.1/Add.1/Corr.1/Rev.2", "is not a UN document symbol"),
        ("A/ES-11/L.5\u202e", "the symbol has a right-to-left override (U+202E) at character 12"),
        ("A/ES-\u200b11/L.5", "the symbol has a zero width space (U+200B) at character 6"),
    ],
)
def test_anything_else_is_unusual_and_says_why(symbol: str, problem: str) -> None:
    found = symbol_problem(symbol)
    assert found is not None
    assert problem in found


@settings(max_examples=600)
@given(un_symbols)
def test_every_symbol_of_the_grammar_is_accepted(symbol: str) -> None:
    assert symbol_problem(symbol) is None


@settings(max_examples=600)
@given(st.text(max_size=130))
@example("A/RES/77/1")
@example("A/" + "1" * 120)
@example("A/RES/" + "(" * 60)
def test_any_text_gets_none_or_one_sentence(text: str) -> None:
    problem = symbol_problem(text)
    if problem is None:
        # What is accepted is the General Assembly's, in the UN's plain characters.
        assert text.startswith("A/")
        assert text.isascii()
        assert text.isprintable()
        assert text == text.strip()
    else:
        assert isinstance(problem, str)
        assert problem
        assert "\n" not in problem.replace(text, "")


@settings(max_examples=400)
@given(un_symbols, st.data())
def test_a_case_mistake_is_named_with_the_symbol_as_the_un_writes_it(
    symbol: str, data: st.DataObject
) -> None:
    changed = data.draw(st.sampled_from([symbol.lower(), symbol.upper(), symbol.swapcase()]))
    if changed == symbol:
        return
    assert symbol_problem(changed) == (
        f"'{changed}' is not written as the UN writes its symbols: {symbol}"
    )


@settings(max_examples=400)
@given(un_symbols, refused_characters, st.data())
def test_a_hidden_character_anywhere_in_a_symbol_is_named_with_its_place(
    symbol: str, char: str, data: st.DataObject
) -> None:
    at = data.draw(st.integers(0, len(symbol)))
    spoofed = symbol[:at] + char + symbol[at:]
    problem = symbol_problem(spoofed)
    assert problem is not None
    assert problem.startswith("the symbol has ")
    assert f"(U+{ord(char):04X}) at character {at + 1}:" in problem
    assert preparation_problem(spoofed, "A title") == problem


@settings(max_examples=300)
@given(un_symbols, st.sampled_from(["S/", "E/", "T/", "ST/", "UNEP/", "X/"]))
def test_another_organs_symbol_is_not_the_assemblys(symbol: str, series: str) -> None:
    other = series + symbol.removeprefix("A/")
    problem = symbol_problem(other)
    assert problem is not None
    assert "is not a General Assembly document symbol (these begin with A/" in problem


@settings(max_examples=300)
@given(un_symbols, st.data())
def test_a_symbol_cut_short_or_doubled_is_refused(symbol: str, data: st.DataObject) -> None:
    mutation = data.draw(
        st.sampled_from(
            [
                symbol + "/",
                symbol.replace("/", "//", 1),
                symbol.replace("/", "", 1),
                symbol + "/" + symbol,
                symbol.rstrip("0123456789") if symbol[-1].isdigit() else symbol + "/-",
            ]
        )
    )
    assert UN_SYMBOL.fullmatch(mutation) is None
    assert symbol_problem(mutation) is not None


def test_the_symbols_that_come_with_voteboard_are_accepted() -> None:
    lines = asset_path("votes-es11.jsonl").read_text(encoding="utf-8").splitlines()
    symbols = [json.loads(line)["symbol"] for line in lines if line.strip()]
    assert len(symbols) == 6
    assert [s for s in symbols if symbol_problem(s)] == []


@pytest.mark.skipif(not SHARED.is_dir(), reason="the UN reference data is not beside the project")
def test_every_symbol_of_the_dgacm_extracts_is_accepted() -> None:
    symbols = {
        json.loads(line)["symbol"]
        for path in (SHARED / "un-voting-dgacm").glob("*.json")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    assert len(symbols) > 2000
    assert sorted(s for s in symbols if symbol_problem(s)) == []


@pytest.mark.skipif(not SHARED.is_dir(), reason="the UN reference data is not beside the project")
def test_the_digital_librarys_symbols_are_accepted_but_its_own_notations() -> None:
    """Of the 5,539 votes of 1946 to 2025, only the Digital Library's own bracketed notes
    (paragraphs, rules, sections, doubled parts) and its typing mistakes are unusual."""
    path = SHARED / "un-digital-library" / "ga-voting-1946-2025.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        symbols = {row["resolution"] for row in csv.DictReader(handle)}
    assert len(symbols) > 5000
    unusual = sorted(s for s in symbols if symbol_problem(s))
    assert unusual == [
        "A/RES/17(I)[RULE-73]",
        "A/RES/17(I)[RULE-T]",
        "A/RES/289(IV)[AA]",
        "A/RES/289(IV)[AB]",
        "A/RES/289(IV)[AC]",
        "A/RES/36//235IX",
        "A/RES/39/236[SectionIII]",
        "A/RES/39/236[SectionII]",
        "A/RES/39/236[SectionXIV]",
        "A/RES/39/236[SectionXI]",
        *(f"A/RES/63(I)[PARA.{n}]" for n in range(1, 9)),
        "A/RES/79/XX",
    ]


# ---- the text rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "Territorial integrity of Ukraine",
        "Intégrité territoriale de l\u2019Ukraine\u00a0: défense des principes",
        "السلامة الإقليمية لأوكرانيا",
        "乌克兰的领土完整",
        "Территориальная целостность",
        "Integridad territorial de Ucrania",
        "T\u00fcrkiye, C\u00f4te d\u2019Ivoire \u2014 50\u00a0%",
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian: a non-joiner between letters
    ],
)
def test_titles_in_every_language_show_what_they_hold(title: str) -> None:
    assert text_problem("title", title) is None


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Vote\x00", "the title has a null character (U+0000) at character 5"),
        ("One\ttwo", "the title has a tab (U+0009) at character 4"),
        ("One\ntwo", "the title has a line break (U+000A) at character 4"),
        ("Yes \u202eoN", "the title has a right-to-left override (U+202E) at character 5"),
        ("\u2066Yes\u2069", "the title has a left-to-right isolate (U+2066) at character 1"),
        ("Ukr\u00adaine", "the title has a soft hyphen (U+00AD) at character 4"),
        ("\u200dUkraine", "the title has a zero width joiner (U+200D) at character 1"),
        ("Ukraine\U000e0041", "an invisible character, tag latin capital letter a (U+E0041) at"),
        ("\ue000", "the title has a private-use character (U+E000) at character 1"),
        ("\u0378", "the title has an unassigned character (U+0378) at character 1"),
        ("\ud800", "the title has a lone surrogate (U+D800) at character 1"),
        ("A\u3164B", "the title has an invisible character, hangul filler (U+3164) at"),
    ],
)
def test_hidden_characters_are_named_with_their_place(text: str, problem: str) -> None:
    found = text_problem("title", text)
    assert found is not None
    assert problem in found


def test_a_joiner_is_allowed_between_letters_of_a_title_only() -> None:
    assert text_problem("title", "\u0645\u06cc\u200c\u062e") is None
    assert text_problem("symbol", "A\u200cB") is not None
    assert text_problem("title", "A\u200c ") is not None
    assert text_problem("title", "A\u200cB", joiners=False) is not None


visible = st.text(
    st.characters(
        exclude_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"),
        exclude_characters="\u115f\u1160\u3164\uffa0",
    ),
    max_size=200,
)


@settings(max_examples=500)
@given(visible)
def test_visible_text_is_never_refused(text: str) -> None:
    assert text_problem("title", text) is None


@settings(max_examples=500)
@given(visible, refused_characters, st.text(max_size=40))
def test_a_hidden_character_is_named_with_its_place(before: str, char: str, after: str) -> None:
    problem = text_problem("title", before + char + after)
    assert problem is not None
    assert problem.startswith("the title has ")
    assert f"(U+{ord(char):04X}) at character {len(before) + 1}:" in problem


def test_a_preparation_needs_a_symbol_and_a_title() -> None:
    assert preparation_problem("A/ES-11/L.5", "Territorial integrity of Ukraine") is None
    assert preparation_problem("hello world", "A title") is None  # unusual, not forbidden
    assert preparation_problem(" ", "A title") == "a vote needs its document symbol"
    assert preparation_problem("A/1", "") == (
        "a vote needs its title, which the hall reads under the symbol"
    )
    assert preparation_problem("A/1", " \u3000 ") is not None
    assert (preparation_problem("A/1", "Yes\u202e") or "").startswith("the title has")


def test_symbols_are_the_same_whatever_their_case() -> None:
    assert same_symbol("A/ES-11/L.5", "a/es-11/l.5")
    assert not same_symbol("A/ES-11/L.5", "A/ES-11/L.6")


# --- spellings and sessions (issue 17) --------------------------------------------------------


@given(
    session=st.integers(min_value=31, max_value=99),
    number=st.integers(min_value=1, max_value=400),
    part=st.sampled_from("ABCD"),
    space=st.sampled_from(["", " ", "  "]),
    bracketed=st.booleans(),
)
def test_the_spellings_of_one_resolution_have_one_key(
    session: int, number: int, part: str, space: str, bracketed: bool
) -> None:
    plain = f"A/RES/{session}/{number}{part}"
    spelt = f"A/RES/{session}/{number}{space}" + (f"[{part}]" if bracketed else part)
    assert symbol_key(spelt) == symbol_key(plain) == symbol_key(plain.lower())
    assert symbol_key(plain) != symbol_key(f"A/RES/{session}/{number + 1}{part}")
    assert session_code(spelt) == str(session)
    assert session_words(str(session)).endswith(" session")


def test_sessions_as_the_library_codes_them_and_as_the_records_word_them() -> None:
    assert session_code("A/RES/2758(XXVI)") == "26"
    assert session_code("A/RES/1001(ES-I)") == "ES-1"
    assert session_code("A/RES/ES-11/4") == "ES-11"
    assert session_code("A/RES/S-32/1") == "S-32"
    assert session_code("whatever", "ES-10") == "ES-10"
    assert session_words("ES-11") == "Eleventh emergency special session"
    assert session_words("75") == "Seventy-fifth session"
    assert session_words("80") == "Eightieth session"
    assert session_words("S-32") == "Thirty-second special session"
    assert session_words("Z") == ""
