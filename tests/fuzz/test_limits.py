"""Fuzzing the shared bounds: the exact number syntax and JSON read within its depth, digits
and strings. What they accept is exactly what Python reads the same way; what they refuse is
an InputError, never another exception."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.nasty import FUZZ, mutated, outcome, token
from voteboard.limits import MAX_DIGITS, MAX_JSON_DEPTH, InputError, load_json, whole_number

DIGITS = re.compile(r"[0-9]{1,18}")


@FUZZ
@given(text=st.one_of(token(), st.integers(min_value=-1, max_value=10**25).map(str)))
def test_a_whole_number_is_digits_and_nothing_else(text: str) -> None:
    number = outcome(lambda: whole_number(text), InputError)
    if DIGITS.fullmatch(text):
        assert number == int(text)
    else:
        assert isinstance(number, InputError)


@FUZZ
@given(text=st.one_of(token(), st.from_regex(r"[0-9]{1,20}(\.0{0,3})?", fullmatch=True)))
def test_a_zero_fraction_is_allowed_where_asked(text: str) -> None:
    number = outcome(lambda: whole_number(text, zero_fraction=True), InputError)
    if re.fullmatch(r"[0-9]{1,18}(\.0+)?", text):
        assert number == int(text.split(".")[0])
    else:
        assert isinstance(number, InputError)


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**MAX_DIGITS) + 1, max_value=10**MAX_DIGITS - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=MAX_JSON_DEPTH - 2,
)


@FUZZ
@given(value=VALUES, indent=st.sampled_from([None, 1]), ascii_only=st.booleans())
def test_json_within_the_bounds_reads_as_json_does(
    value: object, indent: int | None, ascii_only: bool
) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    assert load_json(text) == json.loads(text)


@FUZZ
@given(
    text=st.one_of(
        st.text(max_size=60),
        mutated('{"a": [1, 2.5, "x\\u00e9\\ud83d\\ude00"], "b": {"c": null}}'),
    )
)
def test_json_read_or_refused(text: str) -> None:
    value = outcome(lambda: load_json(text), InputError)
    if not isinstance(value, InputError):
        assert value == json.loads(text)
        json.dumps(value, ensure_ascii=False).encode("utf-8")  # no lone surrogate, no NaN


@FUZZ
@given(depth=st.integers(MAX_JSON_DEPTH + 1, 5000), opening=st.sampled_from(["[", '{"a":']))
def test_deep_json_is_refused_before_python_recurses(depth: int, opening: str) -> None:
    closing = "]" if opening == "[" else "}"
    text = opening * depth + "0" + closing * depth
    with pytest.raises(InputError, match=f"nested more than {MAX_JSON_DEPTH} deep"):
        load_json(text)
