"""The roster: the members of an assembly in board order, and how a roster file is read.

The core reads no files: it parses the bytes that the caller read, and names the source in
its messages so that the person who wrote a bad roster file knows where to look.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field, ValidationError

from voteboard.core.errors import validation_sentence, where_and_why
from voteboard.core.model import MemberCode
from voteboard.limits import MAX_DOCUMENT_BYTES, InputError, load_json, size_text
from voteboard.limits import MAX_MEMBERS as MAX_MEMBERS
from voteboard.limits import MIN_MEMBERS as MIN_MEMBERS

_NAME_CHARS = 200
"""A member's name, label or alias, and an assembly's name, in characters."""


class RosterError(ValueError):
    """A roster file that cannot be used; the message names the place and the problem."""


class FormerName(BaseModel, frozen=True, extra="forbid"):
    """A name a member bore before a date (a faithful replay shows the name in force)."""

    until: date
    name: str = Field(min_length=1, max_length=_NAME_CHARS)
    label: str | None = Field(default=None, max_length=_NAME_CHARS)


class Member(BaseModel, frozen=True, extra="forbid"):
    """One seat on the roster."""

    code: MemberCode
    name: str = Field(min_length=1, max_length=_NAME_CHARS)
    label: str | None = Field(default=None, min_length=1, max_length=_NAME_CHARS)
    can_vote: bool = True
    aliases: tuple[Annotated[str, Field(max_length=_NAME_CHARS)], ...] = ()
    former: tuple[FormerName, ...] = ()

    @property
    def board_label(self) -> str:
        """The shorter name that the board shows."""
        return self.label or self.name

    def name_on(self, day: date | None) -> tuple[str, str]:
        """The (name, board label) in force on a day; today's when the day is unknown."""
        if day is not None:
            for former in sorted(self.former, key=lambda f: f.until):
                if day < former.until:
                    return former.name, former.label or former.name
        return self.name, self.board_label


@dataclass(frozen=True)
class Roster:
    """The members of an assembly, in board order, with O(1) look-up by code."""

    assembly: str
    members: tuple[Member, ...]
    _index: Mapping[str, int] = field(init=False, repr=False, compare=False)
    _labels: dict[date, tuple[tuple[str, str], ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {m.code: i for i, m in enumerate(self.members)})
        object.__setattr__(self, "_labels", {})
        if len(self._index) != len(self.members):
            raise RosterError("the roster has two members with the same code")

    def __len__(self) -> int:
        return len(self.members)

    def __iter__(self) -> Iterator[Member]:
        return iter(self.members)

    def __contains__(self, code: object) -> bool:
        return code in self._index

    def get(self, code: str) -> Member | None:
        index = self._index.get(code)
        return None if index is None else self.members[index]

    def position(self, code: str) -> int:
        """The member's place in board order."""
        return self._index[code]

    def labels_on(self, day: date) -> tuple[tuple[str, str], ...]:
        """Each member's (code, board label) in force on a day, in board order (kept: the
        board is rebuilt for every ballot)."""
        labels = self._labels.get(day)
        if labels is None:
            labels = tuple((m.code, m.name_on(day)[1]) for m in self.members)
            self._labels[day] = labels
        return labels

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(m.code for m in self.members)

    @property
    def without_right_to_vote(self) -> frozenset[str]:
        """Members whose roster entry says they have no right to vote when the roster is loaded."""
        return frozenset(m.code for m in self.members if not m.can_vote)


_CSV_COLUMNS = ("code", "name", "label", "can_vote")
_TRUE = {"yes", "true", "1", "y"}
_FALSE = {"no", "false", "0", "n"}


def parse_roster(data: bytes, source: str) -> Roster:
    """Reads a roster from a CSV or JSON file's bytes (detected from the content).

    Within the bounds of `voteboard.limits` (the file's size, a field's, JSON's depth, its
    numbers): whatever is wrong is a RosterError that names the file and the line."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise RosterError(
            f"{source}: the file is larger than {size_text(MAX_DOCUMENT_BYTES)}: not a roster"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RosterError(f"{source}, line {line}: the file is not UTF-8 text") from None
    if not text.strip():
        raise RosterError(f"{source}: the file is empty")
    if text.lstrip().startswith(("{", "[")):
        members, assembly = _members_from_json(text, source)
    else:
        members, assembly = _members_from_csv(text, source), source
    return _checked(members, assembly, source)


def _members_from_csv(text: str, source: str) -> list[tuple[str, Member]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        # Such as "field larger than field limit (131072)": Python's csv bound is ours too.
        raise RosterError(f"{source}, line {reader.line_num}: {exc}") from None
    columns = [c.strip().lower() for c in header]
    for position, column in enumerate(columns, start=1):
        if column not in _CSV_COLUMNS:
            raise RosterError(
                f"{source}, line 1: unknown column {header[position - 1]!r} "
                f"(the columns are {', '.join(_CSV_COLUMNS)})"
            )
    for needed in ("code", "name"):
        if needed not in columns:
            raise RosterError(f"{source}, line 1: the column {needed!r} is missing")
    if len(set(columns)) != len(columns):
        raise RosterError(f"{source}, line 1: a column is named twice")
    members: list[tuple[str, Member]] = []
    for line, row in rows:
        place = f"line {line}"
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            raise RosterError(
                f"{source}, {place}: {len(row)} fields where the header has {len(columns)}"
            )
        cells = {c: v.strip() for c, v in zip(columns, row, strict=True)}
        fields: dict[str, object] = {"code": cells["code"], "name": cells["name"]}
        if cells.get("label"):
            fields["label"] = cells["label"]
        if "can_vote" in cells:
            flag = cells["can_vote"].lower()
            if flag not in _TRUE | _FALSE:
                raise RosterError(
                    f"{source}, {place}: can_vote is {cells['can_vote']!r}, not yes or no"
                )
            fields["can_vote"] = flag in _TRUE
        members.append((place, _member(fields, source, place)))
    return members


def _members_from_json(text: str, source: str) -> tuple[list[tuple[str, Member]], str]:
    try:
        document = load_json(text)
    except InputError as exc:
        raise RosterError(f"{source}{exc.place}: {exc.reason}") from None
    assembly = source
    entries: object = document
    if isinstance(document, dict):
        unknown = set(document) - {"assembly", "members"}
        if unknown:
            raise RosterError(f"{source}: unknown key {sorted(unknown)[0]!r}")
        named = document.get("assembly")
        if named is not None and not isinstance(named, str):
            raise RosterError(f"{source}: the assembly's name is not text")
        if named is not None and len(named) > _NAME_CHARS:
            raise RosterError(f"{source}: the assembly's name is over {_NAME_CHARS} characters")
        assembly = named or source
        entries = document.get("members")
    if not isinstance(entries, list):
        raise RosterError(f"{source}: expected a list of members")
    members = []
    for number, entry in enumerate(entries, start=1):
        place = f"member {number}"
        if not isinstance(entry, dict):
            raise RosterError(f"{source}, {place}: expected an object with code and name")
        members.append((place, _member(entry, source, place)))
    return members, assembly


def _member(fields: Mapping[str, object], source: str, place: str) -> Member:
    try:
        return Member.model_validate(fields)
    except ValidationError as exc:
        where, kind, _ = where_and_why(exc)
        where = where or "entry"
        if kind == "extra_forbidden":
            problem = f"unknown field {where!r}"
        elif kind == "missing":
            problem = f"the {where} is missing"
        elif where == "name" and kind == "string_too_short":
            problem = "the name is empty"
        else:
            problem = validation_sentence(exc, "entry")
        raise RosterError(f"{source}, {place}: {problem}") from None


def _checked(members: Sequence[tuple[str, Member]], assembly: str, source: str) -> Roster:
    seen: dict[str, str] = {}
    for place, member in members:
        if member.code in seen:
            raise RosterError(
                f"{source}, {place}: duplicate code {member.code!r} (first at {seen[member.code]})"
            )
        seen[member.code] = place
    if not MIN_MEMBERS <= len(members) <= MAX_MEMBERS:
        raise RosterError(
            f"{source}: {len(members)} members; a roster has {MIN_MEMBERS} to {MAX_MEMBERS}"
        )
    return Roster(assembly=assembly, members=tuple(m for _, m in members))
