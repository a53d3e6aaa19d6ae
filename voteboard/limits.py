"""The bounds on what voteboard reads, and the exact syntax of the numbers it reads.

Every file that comes from outside (an import, a roster, a list of votes, a key, a record) is
read within a size, its JSON within a depth, and its numbers as plain decimal digits: what
Python alone would accept (`int("1_41")`, JSON's `1e3` as a float, a number of 5,000 digits
that `int` refuses with a ValueError, a lone surrogate escape that no file can hold) is refused
here with the place, so that each reader answers with its own error and never a traceback.

Standard library only: the core uses it too.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import NoReturn

MIN_MEMBERS = 15
MAX_MEMBERS = 250
"""The sizes of an assembly that voteboard shows (the UN has 193 members)."""

MAX_FIELD_CHARS = 128 * 1024
"""A field of a CSV file (Python's csv default) or a string of a JSON file, in characters."""
MAX_LINE_BYTES = 1024 * 1024
"""A line of a file read line by line (a DGACM record is at most 7 KB, a UNDL row 1.3 KB)."""
MAX_IMPORT_BYTES = 1024 * 1024 * 1024
"""A whole import file (read streaming): the UN Digital Library's 1946-2025 file is 357 MB."""
MAX_DOCUMENT_BYTES = 1024 * 1024
"""A roster or a list of votes (the UN roster is 18 KB)."""
MAX_RECORD_BYTES = 64 * 1024 * 1024
"""A record (an export) read for its head."""
MAX_KEY_BYTES = 64 * 1024
"""A key file: a PEM key is under 1 KB, a console's key 32 characters."""
MAX_JSON_DEPTH = 32
"""Arrays and objects within one another (a DGACM record is 2 deep, a roster 4)."""
MAX_DIGITS = 18
"""Digits of a number: what fits in SQLite's 64-bit integers (Python's own limit is 4,300,
beyond which `int()` raises a ValueError)."""


class InputError(ValueError):
    """A bound or a syntax rule broken. The message says what (and at which column, when
    known); `line` (from 1, 0 when not known) is for the reader to name with its file."""

    def __init__(self, reason: str, line: int = 0) -> None:
        super().__init__(reason)
        self.reason, self.line = reason, line

    @property
    def place(self) -> str:
        """', line L' (or '' when the line is not known), to follow a file's name."""
        return f", line {self.line}" if self.line else ""


class JSONSyntaxError(InputError):
    """Text that is not JSON at all; `detail` is json's reason and the column."""

    def __init__(self, detail: str, line: int) -> None:
        super().__init__(f"not valid JSON ({detail})", line)
        self.detail = detail


# ---- numbers --------------------------------------------------------------------------------

_DIGITS = re.compile(r"[0-9]+")
_ZERO_FRACTION = re.compile(r"([0-9]+)\.0+")


def whole_number(text: str, *, zero_fraction: bool = False) -> int:
    """A plain non-negative decimal integer written in the digits 0 to 9 (`zero_fraction`:
    also a whole number written with a zero fraction, `120.0`, as the UN Digital Library
    writes its totals). Raises InputError for anything else: signs, spaces, `1_41`, `1e3`,
    `0x10`, other scripts' digits, and numbers of more than MAX_DIGITS digits."""
    digits = text
    if zero_fraction and (match := _ZERO_FRACTION.fullmatch(text)):
        digits = match[1]
    if not _DIGITS.fullmatch(digits):
        raise InputError(f"{_shown(text)} is not a whole number written in digits")
    if len(digits) > MAX_DIGITS:
        raise InputError(f"a number of {len(digits):,} digits (at most {MAX_DIGITS})")
    return int(digits)


def _shown(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


# ---- JSON -----------------------------------------------------------------------------------

# Outside strings, the tokens that matter: a string (skipped, checked), a bracket, a run of
# digits, a constant that JSON does not have. Strings are matched whole so that what they hold
# is never taken for structure; an unterminated string runs to the end (json then says so).
_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]|[0-9]+|-?(?:NaN|Infinity)')
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")
_OPENING = frozenset("[{")
_CLOSING = frozenset("]}")


def check_json(text: str) -> None:
    """Refuses, before `json.loads` reads it, JSON nested deeper than MAX_JSON_DEPTH (which
    would exhaust Python's recursion), a number of more than MAX_DIGITS digits, NaN and
    Infinity (not JSON), a string of more than MAX_FIELD_CHARS characters and a string holding a
    lone surrogate, escaped (such as \\ud800) or not: half of a character, which no file can
    hold. Raises InputError with the line and column of the first."""
    depth = 0
    for match in _TOKENS.finditer(text):
        token = match[0]
        first = token[0]
        problem: tuple[str, str] | None = None  # what is wrong, and what follows its place
        offset = 0  # where in the token
        if first == '"':
            problem, offset = _string_problem(token)
        elif first in _OPENING:
            depth += 1
            if depth > MAX_JSON_DEPTH:
                problem = f"arrays and objects nested more than {MAX_JSON_DEPTH} deep", ""
        elif first in _CLOSING:
            depth -= 1
        elif first.isdigit():
            if len(token) > MAX_DIGITS:
                problem = f"a number of {len(token):,} digits", f" (at most {MAX_DIGITS})"
        else:
            problem = token, ": not a JSON number"
        if problem is not None:
            line, column = _position(text, match.start() + offset)
            raise InputError(f"{problem[0]} at column {column}{problem[1]}", line)


def _string_problem(token: str) -> tuple[tuple[str, str] | None, int]:
    """What is wrong with a JSON string token (and what follows its place in the message),
    and where in the token."""
    if len(token) > MAX_FIELD_CHARS + 2:
        size = f"a string of {len(token) - 2:,} characters", f" (at most {MAX_FIELD_CHARS:,})"
        return size, 0
    half = ": half of a character, not text"
    raw = _SURROGATE.search(token)  # in text that was not read from UTF-8
    if raw is not None:
        return (f"a lone surrogate (U+{ord(raw[0]):04X})", half), raw.start()
    if "\\u" not in token or not _SURROGATE_ESCAPE.search(token):
        return None, 0
    try:
        value = json.loads(token)
    except (json.JSONDecodeError, RecursionError):
        return None, 0  # not a string after all: json.loads says so
    found = _SURROGATE.search(value) if isinstance(value, str) else None
    if found is None:
        return None, 0  # pairs: characters, well written
    escape = f"\\u{ord(found[0]):04x}"
    return (f"a lone surrogate escape ({escape})", half), max(token.lower().find(escape), 0)


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _no_constant(name: str) -> NoReturn:
    raise InputError(f"{name} is not a JSON number")


def load_json(text: str) -> object:
    """JSON read within the bounds of `check_json`; raises InputError (with the line and
    column) for JSON that breaks them or that is not valid."""
    check_json(text)
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise JSONSyntaxError(f"{exc.msg}, column {exc.colno}", exc.lineno) from None
    except InputError:
        raise
    except (RecursionError, ValueError) as exc:  # check_json leaves none: a guard
        raise InputError(f"not valid JSON ({exc})") from None


# ---- files ----------------------------------------------------------------------------------


def read_bounded(path: Path, limit: int) -> bytes:
    """A file's bytes, at most `limit` of them: InputError for a longer file, without reading
    more than one byte past the limit (so a device such as /dev/zero ends too). OSError
    passes on, for the caller to say why the file cannot be read."""
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"the file is larger than {size_text(limit)}")
    return data


def size_text(limit: int) -> str:
    """A size in words: 128 KB, 1 MB, 1 GB (or bytes, when it is not a whole unit)."""
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if limit >= size and limit % size == 0:
            return f"{limit // size} {unit}"
    return f"{limit:,} bytes"
