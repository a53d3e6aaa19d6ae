"""What an attacker feeds a reader: the tokens that Python alone reads too kindly or chokes on,
and mutations of a valid input that put them anywhere. Shared by the fuzz tests."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("VOTEBOARD_FUZZ_EXAMPLES", "100"))
"""Examples per fuzz test: 100 keeps the suite within seconds; set VOTEBOARD_FUZZ_EXAMPLES
to search longer (10000 runs for minutes)."""
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
"""Every fuzz test: no deadline (the machine may be busy)."""
FUZZ_FEW = settings(FUZZ, max_examples=max(EXAMPLES // 4, 10))
"""For a test whose every example makes a journal."""

TOKENS = [
    *("1e3", "1E3", "1_41", "+5", "-1", " 5", "5 ", "12.5", "120.0", "0x10", "0b1", "1.", ".5"),
    *("\u0661\u0664\u0661", "\uff15", "NaN", "-Infinity", "Infinity", "inf", "nan", "N.A."),
    *("9" * 19, "9" * 5000, "1" * 4301),
    *('"\\ud800"', "\\ud800", "\\udfff\\ud800", '"\\ud83d\\ude00"', "\\u0000"),
    *("[" * 40, "{" * 40, '{"a":' * 40, "]" * 40, "[[]]" * 10),
    *('"', '""', "\\", ",", ",,", ";", ":", "\x00", "\r", "\n", "\r\n", "\u2028", "\x85"),
    *("\ufeff", "\u202e", "\u200b", "", " ", "true", "false", "null", "[]", "{}"),
    *("Y", "N", "A", "X", "NV", "AFG", "AFGHANISTAN", "By a recorded vote", "A/RES/1/1"),
]
"""Nasty tokens: numbers as Python reads them but a count is never written, deep nesting,
lone surrogate escapes, separators and quotes that end a field or a line."""

LONG = ["x" * (128 * 1024 + 1), '"' + "y" * (128 * 1024 + 1) + '"']
"""A field over the limit (rarely drawn: they are large)."""


def token() -> st.SearchStrategy[str]:
    """A nasty token (a long field one time in forty), or any short text."""
    return st.one_of(st.sampled_from(TOKENS + LONG), st.text(max_size=12))


@st.composite
def mutated(draw: st.DrawFn, text: str, *, most: int = 3) -> str:
    """`text` with one to `most` slices replaced by nasty tokens or arbitrary text."""
    for _ in range(draw(st.integers(1, most))):
        start = draw(st.integers(0, len(text)))
        length = draw(st.integers(0, 12))
        text = text[:start] + draw(token()) + text[start + length :]
    return text


@st.composite
def mutated_bytes(draw: st.DrawFn, data: bytes, *, most: int = 3) -> bytes:
    """`data` with slices replaced by arbitrary bytes (invalid UTF-8, NULs, BOMs) or tokens."""
    for _ in range(draw(st.integers(1, most))):
        start = draw(st.integers(0, len(data)))
        length = draw(st.integers(0, 12))
        patch = draw(
            st.one_of(
                st.binary(max_size=8),
                st.sampled_from([b"\xff", b"\xed\xa0\x80", b"\xef\xbb\xbf", b"\xff\xfe", b"\0"]),
                token().map(lambda t: t.encode("utf-8", "surrogatepass")),
            )
        )
        data = data[:start] + patch + data[start + length :]
    return data


def json_values(*, leaves: int = 12) -> st.SearchStrategy[object]:
    """Any JSON value that Python's json writes: NaN and the infinities included (it writes
    them, though they are not JSON); numbers of thousands of digits are among the TOKENS."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**40), max_value=10**40),
        st.floats(),
        st.text(max_size=20),
    )
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
        max_leaves=leaves,
    )


def place_pattern(name: str) -> re.Pattern[str]:
    """A place as readers give it: the file's name, then its line."""
    return re.compile(re.escape(name) + r", line [0-9]+")


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    path.write_bytes(data)
    return path


def encodable(*texts: str) -> bool:
    """Whether every text is text that a file or SQLite can hold (no lone surrogate)."""
    try:
        for text in texts:
            text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


T = TypeVar("T")
E = TypeVar("E", bound=Exception)


def outcome(read: Callable[[], T], error: type[E]) -> T | E:
    """What a reader gives: its result, or its own error (any other exception fails the
    test that called it)."""
    try:
        return read()
    except error as exc:
        return exc
