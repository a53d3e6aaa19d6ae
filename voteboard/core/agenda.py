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
import json

from pydantic import ValidationError

from voteboard.core.model import VoteSpec
from voteboard.core.symbols import preparation_problem, symbol_problem

COLUMNS = ("symbol", "title", "mode", "majority", "quorum", "unusual_symbol")
_YES = {"yes", "true", "1", True}
_NO = {"no", "false", "0", False}


class AgendaError(ValueError):
    """A list of votes that cannot be used; the message names the place and the problem."""


def parse_agenda(text: str, name: str) -> list[VoteSpec]:
    """The votes of an agenda file (`name` is for the messages)."""
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
        try:
            spec = VoteSpec.model_validate(fields)
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(p) for p in error["loc"]) or "the line"
            raise AgendaError(f"{name}, line {line}: {where}: {error['msg']}") from None
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


def _csv_rows(text: str, name: str) -> list[tuple[int, dict[str, object]]]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if "symbol" not in header:
        raise AgendaError(f"{name}, line 1: the header must name the columns: symbol, title, ...")
    reader.fieldnames = header
    rows: list[tuple[int, dict[str, object]]] = []
    try:
        for row in reader:
            if None in row:
                raise AgendaError(f"{name}, line {reader.line_num}: more values than columns")
            rows.append((reader.line_num, {k: (v or "").strip() for k, v in row.items()}))
    except csv.Error as exc:
        raise AgendaError(f"{name}, line {reader.line_num + 1}: {exc}") from None
    return rows


def _json_array(text: str, name: str) -> list[tuple[int, dict[str, object]]]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AgendaError(f"{name}, line {exc.lineno}: not JSON ({exc.msg})") from None
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise AgendaError(f"{name}: expected a list of objects, each with a symbol")
    return [(index, item) for index, item in enumerate(value, start=1)]


def _json_rows(text: str, name: str) -> list[tuple[int, dict[str, object]]]:
    rows: list[tuple[int, dict[str, object]]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise AgendaError(f"{name}, line {number}: not JSON ({exc.msg})") from None
        if not isinstance(value, dict):
            raise AgendaError(f"{name}, line {number}: expected an object with a symbol")
        rows.append((number, value))
    return rows
