"""The roster: the members of an assembly in board order, and how a roster file is read.

The core reads no files: it parses the bytes that the caller read, and names the source in
its messages so that the person who wrote a bad roster file knows where to look.
"""

from __future__ import annotations

import bisect
import csv
import functools
import io
import unicodedata
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


class Period(BaseModel, frozen=True, extra="forbid"):
    """A time of membership: from `start` (the day of admission) to `end` (the day it ended,
    not a day of membership), or still now."""

    start: date
    end: date | None = None

    def holds(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


class Member(BaseModel, frozen=True, extra="forbid"):
    """One seat on the roster.

    `periods` are the times it was a member (none: always, as in a roster without history);
    `successors` are the members that continued a state that is no longer one."""

    code: MemberCode
    name: str = Field(min_length=1, max_length=_NAME_CHARS)
    label: str | None = Field(default=None, min_length=1, max_length=_NAME_CHARS)
    can_vote: bool = True
    aliases: tuple[Annotated[str, Field(max_length=_NAME_CHARS)], ...] = ()
    former: tuple[FormerName, ...] = ()
    periods: tuple[Period, ...] = ()
    successors: tuple[MemberCode, ...] = ()

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

    def member_on(self, day: date) -> bool:
        """Whether it was a member on that day (always, for a roster without history)."""
        return not self.periods or any(period.holds(day) for period in self.periods)

    def names(self) -> tuple[tuple[date | None, str, str], ...]:
        """Every (until, name, board label) it bore, oldest first; `until` None for today's."""
        former = sorted(self.former, key=lambda f: f.until)
        return (
            *((f.until, f.name, f.label or f.name) for f in former),
            (None, self.name, self.board_label),
        )

    @property
    def until(self) -> date | None:
        """The day it ceased to be a member (None: it still is, or the roster does not say)."""
        ends = [p.end for p in self.periods]
        return None if not ends or None in ends else max(e for e in ends if e is not None)


def board_key(name: str) -> str:
    """The UN's board order: English alphabetical order of the name, accents ignored
    ("Costa Rica, Côte d'Ivoire, Croatia")."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True)
class Roster:
    """The members of an assembly, in board order, with O(1) look-up by code."""

    assembly: str
    members: tuple[Member, ...]
    former_members: tuple[Member, ...] = ()
    """States that were members and are no longer (the USSR's seat is the Russian
    Federation's, so it is not one): they sit only on the boards of their days."""
    _index: Mapping[str, int] = field(init=False, repr=False, compare=False)
    _labels: dict[date, tuple[tuple[str, str], ...]] = field(init=False, repr=False, compare=False)
    _days: dict[int, Roster] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {m.code: i for i, m in enumerate(self.members)})
        object.__setattr__(self, "_labels", {})
        object.__setattr__(self, "_days", {})
        if len(self._index) != len(self.members):
            raise RosterError("the roster has two members with the same code")
        if any(m.code in self._index for m in self.former_members):
            raise RosterError("a former member has the code of a member")

    @property
    def has_history(self) -> bool:
        """Whether the roster knows who was a member when (and so the board order of a day)."""
        return bool(self.former_members) or any(m.periods for m in self.members)

    def on(self, day: date | None) -> Roster:
        """The roster of a day: its members then, under their names of that day, in the board
        order of that day. Without history (or a day), the members as they are, in their order,
        under their names of the day. Kept per day: a replay asks for each vote's day."""
        if day is None:
            return self
        # The roster changes only on the days a membership or a name begins or ends: a day is
        # kept under the last of those before it (some two hundred eras, not 1,100 days).
        era = bisect.bisect_right(self._changes, day)
        known = self._days.get(era)
        if known is not None:
            return known
        if self.has_history:
            chosen = [m for m in (*self.members, *self.former_members) if m.member_on(day)]
        else:
            chosen = list(self.members)
        dated = []
        for member in chosen:
            name, label = member.name_on(day)
            shown = member.model_copy(
                update={"name": name, "label": label if label != name else None, "former": ()}
            )
            dated.append(shown)
        if self.has_history:
            dated.sort(key=lambda m: board_key(m.name))
        roster = Roster(assembly=self.assembly, members=tuple(dated))
        self._days[era] = roster
        return roster

    @functools.cached_property
    def _changes(self) -> list[date]:
        """Every day on which a membership or a name begins or ends, in order."""
        days: set[date] = set()
        for member in (*self.members, *self.former_members):
            days.update(former.until for former in member.former)
            for period in member.periods:
                days.add(period.start)
                if period.end is not None:
                    days.add(period.end)
        return sorted(days)

    def known(self, code: str) -> Member | None:
        """A member or a former member, by its code."""
        return self.get(code) or next((m for m in self.former_members if m.code == code), None)

    def successors_of(self, code: str) -> tuple[str, ...]:
        """The members that continued a former member (none for a member)."""
        member = self.known(code)
        return member.successors if member is not None else ()

    def predecessors_of(self, code: str) -> tuple[str, ...]:
        """The former members that a member continued (Germany: the German Democratic
        Republic; the United Republic of Tanzania: Zanzibar)."""
        return tuple(m.code for m in self.former_members if code in m.successors)

    def document(self) -> dict[str, object]:
        """The roster as the JSON document that `parse_roster` reads back."""
        document: dict[str, object] = {
            "assembly": self.assembly,
            "members": [m.model_dump(mode="json", exclude_defaults=True) for m in self.members],
        }
        if self.former_members:
            document["former_members"] = [
                m.model_dump(mode="json", exclude_defaults=True) for m in self.former_members
            ]
        return document

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
    former: list[tuple[str, Member]] = []
    if text.lstrip().startswith(("{", "[")):
        members, former, assembly = _members_from_json(text, source)
    else:
        members, assembly = _members_from_csv(text, source), source
    return _checked(members, former, assembly, source)


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


def _members_from_json(
    text: str, source: str
) -> tuple[list[tuple[str, Member]], list[tuple[str, Member]], str]:
    try:
        document = load_json(text)
    except InputError as exc:
        raise RosterError(f"{source}{exc.place}: {exc.reason}") from None
    assembly = source
    entries: object = document
    former: list[tuple[str, Member]] = []
    if isinstance(document, dict):
        unknown = set(document) - {"assembly", "about", "members", "former_members"}
        if unknown:
            raise RosterError(f"{source}: unknown key {sorted(unknown)[0]!r}")
        named = document.get("assembly")
        if named is not None and not isinstance(named, str):
            raise RosterError(f"{source}: the assembly's name is not text")
        if named is not None and len(named) > _NAME_CHARS:
            raise RosterError(f"{source}: the assembly's name is over {_NAME_CHARS} characters")
        assembly = named or source
        entries = document.get("members")
        former = _entries(document.get("former_members", []), source, "former member")
    members = _entries(entries, source, "member")
    return members, former, assembly


def _entries(entries: object, source: str, what: str) -> list[tuple[str, Member]]:
    if not isinstance(entries, list):
        raise RosterError(f"{source}: expected a list of {what}s")
    members = []
    for number, entry in enumerate(entries, start=1):
        place = f"{what} {number}"
        if not isinstance(entry, dict):
            raise RosterError(f"{source}, {place}: expected an object with code and name")
        members.append((place, _member(entry, source, place)))
    return members


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


def _checked(
    members: Sequence[tuple[str, Member]],
    former: Sequence[tuple[str, Member]],
    assembly: str,
    source: str,
) -> Roster:
    seen: dict[str, str] = {}
    for place, member in (*members, *former):
        if member.code in seen:
            raise RosterError(
                f"{source}, {place}: duplicate code {member.code!r} (first at {seen[member.code]})"
            )
        seen[member.code] = place
    if not MIN_MEMBERS <= len(members) <= MAX_MEMBERS:
        raise RosterError(
            f"{source}: {len(members)} members; a roster has {MIN_MEMBERS} to {MAX_MEMBERS}"
        )
    if len(former) > MAX_MEMBERS:
        raise RosterError(f"{source}: {len(former)} former members; at most {MAX_MEMBERS}")
    for place, member in (*members, *former):
        for successor in member.successors:
            if successor not in seen:
                raise RosterError(
                    f"{source}, {place}: its successor {successor!r} is not on the roster"
                )
    return Roster(
        assembly=assembly,
        members=tuple(m for _, m in members),
        former_members=tuple(m for _, m in former),
    )
