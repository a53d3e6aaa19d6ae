"""The meeting's list of prepared votes: parsed from a simple file's text, checked line by line.

Three forms are read: CSV with a header (symbol, title, and optionally mode, majority,
quorum, unusual_symbol), JSON lines (one vote per line with the same keys), or a JSON list of
such objects (its "line" is then the item's number). A mistake names the line and the problem.

Each line is held to the rules of a preparation (`symbols`): a title, a symbol and a title that
show what they hold, and a symbol of the UN's form unless the line says `unusual_symbol: yes`.
That mark only lets the list be loaded: the officer still confirms such a symbol at Prepare.
"""

from __future__ import annotations

import csv
import io

from pydantic import ValidationError

from voteboard.core.errors import validation_sentence
from voteboard.core.model import VoteSpec
from voteboard.core.symbols import preparation_problem, symbol_problem
from voteboard.limits import (
    MAX_DOCUMENT_BYTES,
    MAX_MEMBERS,
    InputError,
    JSONSyntaxError,
    load_json,
    size_text,
    whole_number,
)

COLUMNS = ("symbol", "title", "mode", "majority", "quorum", "unusual_symbol")
_YES = {"yes", "true", "1", True}
_NO = {"no", "false", "0", False}


class AgendaError(ValueError):
    """A list of votes that cannot be used; the message names the place and the problem."""


def parse_agenda(text: str, name: str, *, members: int = MAX_MEMBERS) -> list[VoteSpec]:
    """The votes of an agenda file (`name` is for the messages). `members` is the size of the
    assembly, which a quorum cannot exceed; the file is read within the bounds of
    `voteboard.limits` (its size, a field's, JSON's depth, a number's digits)."""
    if len(text) > MAX_DOCUMENT_BYTES:
        raise AgendaError(
            f"{name}: the file is larger than {size_text(MAX_DOCUMENT_BYTES)}: not a list of votes"
        )
    text = text.removeprefix("\ufeff")
    first = next((line for line in text.splitlines() if line.strip()), "")
    if not first:
        raise AgendaError(f"{name}: the file lists no vote")
    start = first.lstrip()[:1]
    if start == "[":
        rows = _json_array(text, name)
    elif start == "{":
        rows = _json_rows(text, name)
    else:
        rows = _csv_rows(text, name)
    specs: list[VoteSpec] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        fields = {k: v for k, v in row.items() if v not in (None, "")}
        unknown = sorted(set(fields) - set(COLUMNS))
        if unknown:
            raise AgendaError(f"{name}, line {line}: unknown field {unknown[0]!r}")
        unusual = _flag(fields.pop("unusual_symbol", False), f"{name}, line {line}")
        if "quorum" in fields:
            fields["quorum"] = _quorum(fields["quorum"], members, f"{name}, line {line}")
        try:
            spec = VoteSpec.model_validate(fields)
        except ValidationError as exc:
            sentence = validation_sentence(exc, "the line")
            raise AgendaError(f"{name}, line {line}: {sentence}") from None
        problem = preparation_problem(spec.symbol, spec.title)
        if problem is not None:
            raise AgendaError(f"{name}, line {line}: {problem}")
        odd = symbol_problem(spec.symbol)
        if odd is not None and not unusual:
            raise AgendaError(
                f"{name}, line {line}: {odd}; if it is the symbol meant, mark the line "
                "unusual_symbol: yes"
            )
        if spec.symbol in seen:
            raise AgendaError(
                f"{name}, line {line}: {spec.symbol} is already on line {seen[spec.symbol]}"
            )
        seen[spec.symbol] = line
        specs.append(spec)
    if not specs:
        raise AgendaError(f"{name}: the file lists no vote")
    return specs


def _flag(value: object, where: str) -> bool:
    folded = value.strip().lower() if isinstance(value, str) else value
    if isinstance(folded, str | bool | int):
        if folded in _YES:
            return True
        if folded in _NO:
            return False
    raise AgendaError(f"{where}: unusual_symbol: give yes or no, not {value!r}")


def _quorum(value: object, members: int, where: str) -> object:
    """A quorum as written: digits (in CSV or JSON text) or a JSON integer, at most the
    membership. Zero is left to VoteSpec, which says that a quorum is at least 1."""
    if isinstance(value, str):
        try:
            number = whole_number(value.strip())
        except InputError as exc:
            raise AgendaError(f"{where}: quorum: {exc}") from None
    elif isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        raise AgendaError(f"{where}: quorum: {value!r} is not a whole number written in digits")
    if number > members:
        raise AgendaError(
            f"{where}: quorum: {number} is more than the {members} members of the assembly"
        )
    return number


def _csv_rows(text: str, name: str) -> list[tuple[int, dict[str, object]]]:
    reader = csv.DictReader(io.StringIO(text))
    rows: list[tuple[int, dict[str, object]]] = []
    try:
        header = [h.strip().lower() for h in reader.fieldnames or []]
        if "symbol" not in header:
            raise AgendaError(
                f"{name}, line 1: the header must name the columns: symbol, title, ..."
            )
        reader.fieldnames = header
        for row in reader:
            if None in row:
                raise AgendaError(f"{name}, line {reader.line_num}: more values than columns")
            rows.append((reader.line_num, {k: (v or "").strip() for k, v in row.items()}))
    except csv.Error as exc:
        raise AgendaError(f"{name}, line {reader.line_num + 1}: {exc}") from None
    return rows


def _json(text: str, name: str, line: int = 0) -> object:
    """JSON within the bounds of `voteboard.limits`; `line` is the text's line in the file
    (0: the text is the whole file)."""
    try:
        return load_json(text)
    except InputError as exc:
        where = f"{name}, line {line}" if line else f"{name}{exc.place}"
        problem = f"not JSON ({exc.detail})" if isinstance(exc, JSONSyntaxError) else str(exc)
        raise AgendaError(f"{where}: {problem}") from None


def _json_array(text: str, name: str) -> list[tuple[int, dict[str, object]]]:
    value = _json(text, name)
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise AgendaError(f"{name}: expected a list of objects, each with a symbol")
    return [(index, item) for index, item in enumerate(value, start=1)]


def _json_rows(text: str, name: str) -> list[tuple[int, dict[str, object]]]:
    rows: list[tuple[int, dict[str, object]]] = []
    # Lines end at "\n" only: JSON strings may hold the other separators that splitlines sees.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        value = _json(line, name, number)
        if not isinstance(value, dict):
            raise AgendaError(f"{name}, line {number}: expected an object with a symbol")
        rows.append((number, value))
    return rows
