"""The bounds that every reader shares (`voteboard.limits`, used by the core's readers): the
exact syntax of a whole number, and JSON read within its depth, digits and strings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from voteboard.limits import InputError, JSONSyntaxError, load_json, read_bounded, whole_number


@pytest.mark.parametrize("text", ["0", "7", "193", "007", "9" * 18])
def test_a_whole_number_in_digits(text: str) -> None:
    assert whole_number(text) == int(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1e3", "'1e3' is not a whole number written in digits"),
        ("1_41", "'1_41' is not a whole number written in digits"),
        ("+5", "'+5' is not a whole number written in digits"),
        (" 5", "' 5' is not a whole number written in digits"),
        ("12.5", "'12.5' is not a whole number written in digits"),
        ("120.0", "'120.0' is not a whole number written in digits"),
        ("0x10", "'0x10' is not a whole number written in digits"),
        ("\u0661\u0664\u0661", "'\u0661\u0664\u0661' is not a whole number written in digits"),
        ("", "'' is not a whole number written in digits"),
        ("9" * 19, "a number of 19 digits (at most 18)"),
        ("9" * 5000, "a number of 5,000 digits (at most 18)"),
    ],
)
def test_anything_else_is_refused(text: str, message: str) -> None:
    with pytest.raises(InputError) as error:
        whole_number(text)
    assert str(error.value) == message


def test_a_zero_fraction_where_the_source_writes_one() -> None:
    assert whole_number("120.0", zero_fraction=True) == 120
    assert whole_number("120.000", zero_fraction=True) == 120
    for text in ("120.5", "120.", ".0", "1e2"):
        with pytest.raises(InputError):
            whole_number(text, zero_fraction=True)


def test_json_within_the_bounds_is_read_as_json() -> None:
    text = '{"a": [1, -2.5e3, "\\u00e9\\ud83d\\ude00", {"b": [[]]}], "c": null, "d": "[{"}'
    assert load_json(text) == {"a": [1, -2500.0, "é😀", {"b": [[]]}], "c": None, "d": "[{"}
    deepest = "[" * 32 + "]" * 32  # as deep as is read
    assert load_json(deepest) == json.loads(deepest)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("[" * 33 + "]" * 33, 1, "arrays and objects nested more than 32 deep at column 33"),
        ("{\n" + '"a": [' * 100_000, 2, "arrays and objects nested more than 32 deep at column"),
        ('{"n":\n 1' + "0" * 19 + "}", 2, "a number of 20 digits at column 2 (at most 18)"),
        ("[1.5e" + "9" * 30 + "]", 1, "a number of 30 digits at column 6 (at most 18)"),
        ('["ok", "\\ud800"]', 1, "a lone surrogate escape (\\ud800) at column 9: half of a"),
        ('"\\udc00\\ud800"', 1, "a lone surrogate escape (\\udc00) at column 2: half of a"),
        ('"a\ud800"', 1, "a lone surrogate (U+D800) at column 3: half of a character"),
        ("[NaN]", 1, "NaN at column 2: not a JSON number"),
        ("[-Infinity]", 1, "-Infinity at column 2: not a JSON number"),
        ('"' + "x" * (128 * 1024 + 1) + '"', 1, "a string of 131,073 characters at column 1"),
        ('{"a": 1,}', 1, "not valid JSON (Expecting property name enclosed in double quotes"),
    ],
)
def test_json_beyond_the_bounds_is_refused_with_its_place(
    text: str, line: int, message: str
) -> None:
    with pytest.raises(InputError) as error:
        load_json(text)
    assert str(error.value).startswith(message)
    assert error.value.line == line


def test_a_syntax_error_keeps_json_s_own_words() -> None:
    with pytest.raises(JSONSyntaxError) as error:
        load_json('{\n  "a": tru}')
    assert error.value.detail == "Expecting value, column 8"
    assert error.value.place == ", line 2"


def test_a_file_is_read_to_its_bound_and_no_further(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"x" * 10)
    assert read_bounded(path, 10) == b"x" * 10
    with pytest.raises(InputError, match="the file is larger than 9 bytes"):
        read_bounded(path, 9)
    with pytest.raises(InputError, match="the file is larger than 64 KB"):
        read_bounded(Path("/dev/zero"), 64 * 1024)
    with pytest.raises(FileNotFoundError):
        read_bounded(tmp_path / "nowhere", 10)
