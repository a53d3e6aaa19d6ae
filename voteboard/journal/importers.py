"""Importers of the UN's records of past votes: DGACM JSON lines and UN Digital Library CSV.

The format is told from the content, never from the file name. Records are read one at a time
(a 900,000-row CSV never sits in memory), and a bad record is refused with its place and the
reason, in words, while reading goes on: only a file that cannot be read at all stops an import.

Everything is read within the bounds of `voteboard.limits`: the file's size, a line's (or a CSV
row's), a field's, JSON's depth and its numbers' digits. Counts are whole numbers written in
digits, and a record whose counts add up to more members than the roster has is refused.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import gzip
import os
import re
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from pydantic import ValidationError

from voteboard.core.errors import validation_sentence
from voteboard.core.history import ImportedVote, RecordedBallot
from voteboard.core.model import Choice, Counts, Majority
from voteboard.core.roster import Roster
from voteboard.core.tally import Tally, decide_outcome
from voteboard.limits import (
    MAX_DIGITS,
    MAX_IMPORT_BYTES,
    MAX_LINE_BYTES,
    InputError,
    JSONSyntaxError,
    load_json,
    size_text,
    whole_number,
)

_SNIFF_BYTES = 1 << 16
_BALLOT_CACHE = 1 << 16
_RECORDED = "By a recorded vote"
_WITHOUT_A_VOTE = "Without a vote"

# A vote is carried as a letter while it is read (Y, N, A, or X for not voting): letters hash
# in C, where Choice members hash in Python, and a CSV holds 900,000 of them.
_CHOICES: Mapping[str, Choice | None] = {
    "Y": Choice.YES,
    "N": Choice.NO,
    "A": Choice.ABSTAIN,
    "X": None,
}
_WORDS = {"Y": "in favour", "N": "against", "A": "abstaining", "X": "not voting"}
# UNDL letters as written: X (current file) and NV (2024 file) are non-voting, and the UN's
# guide to its Digital Library says a blank means non-participating.
_UNDL_LETTERS = {"Y": "Y", "N": "N", "A": "A", "X": "X", "NV": "X", "": "X"}
_DGACM_LISTS = (
    ("MS_in_favour", "MS_in_favour_count", "Y"),
    ("MS_against", "MS_against_count", "N"),
    ("MS_abstaining", "MS_abstaining_count", "A"),
)
# Both headers of the UN Digital Library file, mapped to what voteboard reads from them.
_UNDL_HEADER = {
    "undl_id": "undl_id",
    "ms_code": "code",
    "ms_codes": "code",
    "ms_name": "name",
    "ms_names": "name",
    "ms_vote": "vote",
    "ms_votes": "vote",
    "date": "date",
    "session": "session",
    "resolution": "symbol",
    "resolutions": "symbol",
    "draft": "draft",
    "meeting": "meeting",
    "title": "title",
    "agenda_title": "agenda",
    "agenda_titles": "agenda",
    "total_yes": "yes",
    "yes": "yes",
    "total_no": "no",
    "no": "no",
    "total_abstentions": "abstain",
    "abstentions": "abstain",
    "total_non_voting": "non_voting",
    "non-voting": "non_voting",
    "committee_report": "committee_report",
    "subjects": "subjects",
    "vote_note": "vote_note",
    "undl_link": "undl_link",
}
_UNDL_NEEDED = {
    "vote": "ms_vote",
    "symbol": "resolution",
    "yes": "total_yes",
    "no": "total_no",
    "abstain": "total_abstentions",
}
_MONTHS = {
    month: number
    for number, month in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
}
# Digits 0-9 only: \d would take other scripts' digits too, which int() reads.
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[T ][0-9:.]*)?")
_WRITTEN_DATE = re.compile(r"([0-9]{1,2}) ([A-Za-z]+),? ([0-9]{4})")


class ImportFileError(Exception):
    """A file that cannot be read at all; the message names the file and says why."""


@dataclass(frozen=True)
class RefusedRecord:
    """A record refused, where it is and why; `row` when it is one row of a CSV (one member's
    ballot), not a whole record."""

    place: str
    symbol: str
    reason: str
    row: bool = False


@dataclass(frozen=True)
class Skipped:
    """A record that holds no recorded vote, and why it is not imported (a resolution
    adopted without a vote, or one whose source does not say how it was adopted)."""

    place: str
    symbol: str
    reason: str
    without_a_vote: bool = False


@dataclass(frozen=True)
class Parsed:
    """A record read into a vote; `warning` is what the person importing it should know."""

    place: str
    vote: ImportedVote
    warning: str = ""


class _RecordError(Exception):
    """A record that cannot be imported; the message is the reason its RefusedRecord gives."""


class _RowTooLong(Exception):
    """A CSV row that runs over several lines past MAX_LINE_BYTES (a quoted field left open):
    its lines are not kept."""


def read_history(path: Path, roster: Roster) -> Iterator[Parsed | RefusedRecord | Skipped]:
    """Detects the format from the content (not the file name) and yields one item per record,
    streaming.

    Raises ImportFileError at once for a file it cannot read at all (missing, not a file, not
    text, an unknown format), and later only if the file becomes unreadable while it is read.
    """
    layout = _detect(path)
    members = _Members(roster)
    if layout is None:
        return _read_dgacm(path, members)
    return _read_undl(path, layout, members)


# --- files ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where a UN Digital Library CSV keeps what voteboard reads (None: not in this file)."""

    width: int
    columns: Mapping[str, int]
    symbol: int
    vote: int
    code: int | None
    name: int | None
    undl_id: int | None
    voteboard: bool = False
    """A record exported by voteboard (its signed head's columns follow the Library's)."""


_GZIP = b"\x1f\x8b"


class _Unzipped:
    """A gzip file's data, read as a binary file is; refused once it unpacks to more than
    MAX_IMPORT_BYTES (a small file can unpack to terabytes), and with the file named when its
    data is damaged or cut short."""

    def __init__(self, path: Path, raw: BinaryIO) -> None:
        self._path, self._raw = path, raw
        self._data = gzip.GzipFile(fileobj=raw, mode="rb")
        self._unpacked = 0

    def read(self, size: int = -1) -> bytes:
        return self._counted(lambda: self._data.read(size))

    def readline(self, size: int = -1) -> bytes:
        return self._counted(lambda: self._data.readline(size))

    def _counted(self, read: Callable[[], bytes]) -> bytes:
        try:
            data = read()
        except (OSError, EOFError, zlib.error) as exc:
            reason = "it is cut short" if isinstance(exc, EOFError) else str(exc)
            raise ImportFileError(
                f"{self._path}: the gzip data is damaged after {self._unpacked:,} bytes ({reason})"
            ) from None
        self._unpacked += len(data)
        if self._unpacked > MAX_IMPORT_BYTES:
            raise ImportFileError(
                f"{self._path}: unpacks to more than {size_text(MAX_IMPORT_BYTES)}, larger "
                "than an import file can be"
            )
        return data

    def fileno(self) -> int:
        return self._raw.fileno()

    def close(self) -> None:
        self._data.close()
        self._raw.close()

    def __enter__(self) -> _Unzipped:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _open(path: Path) -> BinaryIO | _Unzipped:
    """The file's bytes, unpacked when it is gzip data (told from its first bytes, not its
    name: `.csv.gz` as the UN Digital Library's file is kept)."""
    try:
        if not path.exists():
            raise ImportFileError(f"{path}: no such file")
        if not path.is_file():
            raise ImportFileError(f"{path}: not a file")
        handle = path.open("rb")
        try:
            magic = handle.read(2)
            handle.seek(0)
        except OSError:
            handle.close()
            raise
        return _Unzipped(path, handle) if magic == _GZIP else handle
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def _detect(path: Path) -> _Layout | None:
    """None for DGACM JSON lines, or the layout of a UN Digital Library CSV."""
    with _open(path) as handle:
        try:
            size = os.fstat(handle.fileno()).st_size
            head = handle.read(_SNIFF_BYTES)
        except OSError as exc:
            raise ImportFileError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if size > MAX_IMPORT_BYTES:
        raise ImportFileError(
            f"{path}: {size:,} bytes, larger than an import file can be "
            f"({size_text(MAX_IMPORT_BYTES)}; the UN Digital Library's 1946-2025 file is 357 MB)"
        )
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportFileError(f"{path}: UTF-16 text; voteboard reads UTF-8 (save it as UTF-8)")
    if b"\0" in head:
        raise ImportFileError(f"{path}: not a text file (it holds binary data)")
    # The first line decides the format, so it must be text; a later line that is not UTF-8
    # is refused on its own, wherever it is.
    text = head.decode("utf-8", "replace").removeprefix("\ufeff")
    if not text.strip():
        raise ImportFileError(f"{path}: the file is empty")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head.lstrip().split(b"\n", 1)[0])
    except UnicodeDecodeError:
        raise ImportFileError(f"{path}: not UTF-8 text (its first line is not)") from None
    if text.lstrip().startswith("{"):
        return None
    first = text.split("\n", 1)[0].rstrip("\r")
    try:
        header = next(csv.reader([first]), [])
    except csv.Error:
        header = []
    columns: dict[str, int] = {}
    for position, cell in enumerate(header):
        known = _UNDL_HEADER.get(cell.strip().lower())
        if known is not None:
            columns.setdefault(known, position)
    if "vote" not in columns and "symbol" not in columns:
        shown = first if len(first) <= 60 else first[:57] + "..."
        raise ImportFileError(
            f"{path}: neither DGACM JSON lines nor a UN Digital Library CSV "
            f"(its first line is {shown!r})"
        )
    missing = [repr(name) for key, name in _UNDL_NEEDED.items() if key not in columns]
    if "code" not in columns and "name" not in columns:
        missing.insert(0, "'ms_code' (or 'ms_name')")
    if missing:
        raise ImportFileError(
            f"{path}, line 1: a UN Digital Library CSV, but without the "
            + ("columns " if len(missing) > 1 else "column ")
            + ", ".join(missing)
        )
    return _Layout(
        width=len(header),
        columns=columns,
        symbol=columns["symbol"],
        vote=columns["vote"],
        code=columns.get("code"),
        name=columns.get("name"),
        undl_id=columns.get("undl_id"),
        voteboard="journal_head" in (cell.strip().lower() for cell in header),
    )


class _Lines:
    """A binary file's lines as text, each at most MAX_LINE_BYTES; a line that is not UTF-8,
    or longer, is noted, not fatal.

    `problem` says what was wrong with a line read since the reader last took it ('' for
    nothing): readers take it after each record, so the record that holds such a line is
    refused. A line too long is given as an empty line: its bytes are skipped, never held.
    With `rows` (a CSV reader, which calls `new_record` before each row), a row that goes on
    over several lines past MAX_LINE_BYTES raises _RowTooLong; reading can go on after it.
    """

    def __init__(self, handle: BinaryIO | _Unzipped, *, rows: bool = False) -> None:
        self._readline = handle.readline
        self._rows = rows
        self.number = 0
        self.problem = ""
        self._record = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        raw = self._readline(MAX_LINE_BYTES + 1)
        if not raw:
            raise StopIteration
        self.number += 1
        length = len(raw)  # with the line's end
        if length > MAX_LINE_BYTES:
            if not raw.endswith(b"\n"):
                while (rest := self._readline(1 << 16)) and not rest.endswith(b"\n"):
                    pass
            self.problem = self.problem or f"longer than {size_text(MAX_LINE_BYTES)}"
            return "\n"
        if self._rows:
            self._record += length
            if self._record > MAX_LINE_BYTES:
                self._record = 0
                raise _RowTooLong
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            self.problem = self.problem or "not UTF-8 text"
            text = raw.decode("utf-8", "replace")
        return text.removeprefix("\ufeff") if self.number == 1 else text

    def new_record(self) -> str:
        """Starts a record; returns (and forgets) the problem of the lines read before."""
        problem, self.problem, self._record = self.problem, "", 0
        return problem


# --- members ----------------------------------------------------------------------------------


def _name_key(name: str) -> str:
    """A name compared without regard to case or runs of (non-breaking) spaces."""
    return " ".join(name.split()).upper()


class _Members:
    """The roster's look-ups, built once per file: board position, and every spelling's code."""

    def __init__(self, roster: Roster) -> None:
        everyone = (*roster.members, *roster.former_members)
        self.position = {member.code: index for index, member in enumerate(everyone)}
        self.today = len(roster.members)
        spellings: dict[str, set[str]] = {}
        for member in everyone:
            names = (
                *member.aliases,
                member.name,
                member.board_label,
                *(former.name for former in member.former),
                *(former.label for former in member.former if former.label),
            )
            for name in names:
                spellings.setdefault(_name_key(name), set()).add(member.code)
        # A spelling shared by two members names neither: such a record is refused, not guessed.
        self.by_name = {name: codes.pop() for name, codes in spellings.items() if len(codes) == 1}
        self._ballots: dict[tuple[str, str, str], RecordedBallot] = {}

    def code_of(self, name: str) -> str | None:
        code = self.by_name.get(name)
        return code if code is not None else self.by_name.get(_name_key(name))

    def ballot(self, code: str, name: str, letter: str) -> RecordedBallot:
        """A ballot, shared between records: validating 900,000 alike ones would cost seconds.

        The cache is bounded (cleared when full), so memory does not grow with the file.
        Raises ValidationError for a code that is not a member code.
        """
        key = (code, name, letter)
        ballot = self._ballots.get(key)
        if ballot is None:
            if len(self._ballots) >= _BALLOT_CACHE:
                self._ballots.clear()
            ballot = RecordedBallot(code=code, name=name, choice=_CHOICES[letter])
            self._ballots[key] = ballot
        return ballot

    def board_order(self, ballots: Mapping[str, RecordedBallot]) -> tuple[RecordedBallot, ...]:
        """The ballots in roster board order, members not on the roster after them as read."""
        after = len(self.position)
        ranked = sorted(
            (self.position.get(code, after + index), ballot)
            for index, (code, ballot) in enumerate(ballots.items())
        )
        return tuple(ballot for _, ballot in ranked)


@dataclass
class _Book:
    """One record's ballots as they are read: a repeat with the same vote is kept once and
    noted, a repeat with another vote refuses the record."""

    ballots: dict[str, RecordedBallot] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    listed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_WORDS, 0))
    repeated: set[str] = field(default_factory=set)
    conflict: str = ""

    def add(self, ballot: RecordedBallot, letter: str, line: int = 0) -> None:
        """Adds a ballot voting `letter`; `line` is the CSV line it was read from, if any."""
        self.listed[letter] += 1
        first = self.ballots.get(ballot.code)
        if first is None:
            self.ballots[ballot.code] = ballot
            if line:
                self.lines[ballot.code] = line
        elif first.choice is ballot.choice:
            self.repeated.add(ballot.code)
        elif not self.conflict:
            earlier = self.lines.get(ballot.code)
            words = {choice: _WORDS[letter] for letter, choice in _CHOICES.items()}
            self.conflict = (
                f"{ballot.name or ballot.code} is listed twice with different votes: "
                + words[first.choice]
                + (f" (line {earlier})" if earlier else "")
                + f" and {words[ballot.choice]}"
                + (f" (line {line})" if line else "")
            )

    def discrepancy(self, what: str, totals: Counts, non_voting: int | None) -> str:
        """Says precisely where the lists disagree with the official counts, or ''."""
        yes, no, abstain, not_voting = (self.listed[letter] for letter in "YNAX")
        parts = []
        mismatch = (yes, no, abstain) != (totals.yes, totals.no, totals.abstain)
        if non_voting is not None and not_voting != non_voting:
            mismatch = True
        if mismatch:
            lists = f"{yes} in favour, {no} against, {abstain} abstaining"
            counts = f"{totals.yes}-{totals.no}-{totals.abstain}"
            if non_voting is not None:
                lists += f", {not_voting} not voting"
                counts += f", {non_voting} not voting"
            parts.append(f"the {what} name {lists} but the official counts are {counts}")
        if self.repeated:
            many = len(self.repeated)
            parts.append(
                f"{many} member{'s are' if many > 1 else ' is'} listed more than once "
                "with the same vote (counted once)"
            )
        return "; ".join(parts)


# --- values -----------------------------------------------------------------------------------


def _count(value: object, what: str) -> int:
    """An official count: a whole number, as a JSON integer or written in digits (120, or
    120.0 as the UN Digital Library writes its totals), or N.A. for none. Not 1e3, 1_41, +5,
    12.5 or a number of thousands of digits, which Python alone would read or choke on."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value  # a JSON integer, of at most MAX_DIGITS digits (`load_json`)
    if isinstance(value, str):
        text = value.strip()
        if text.upper() == "N.A.":
            return 0
        if not text:
            raise _RecordError(f"the count {what} is empty")
        if text.isascii() and text.isdigit() and len(text) > MAX_DIGITS:
            raise _RecordError(f"the count {what} is a number of {len(text):,} digits")
        try:
            return whole_number(text, zero_fraction=True)
        except InputError:
            value = text if len(text) <= 40 else text[:37] + "..."
    raise _RecordError(f"the count {what} is {value!r}, not a number")


def _within_the_roster(totals: Counts, non_voting: int | None, members: int) -> None:
    """Refuses counts that add up to more members than the roster has (the board would show
    a negative number of members not voting)."""
    counted = totals.ballots + (non_voting or 0)
    if counted > members:
        parts = f"{totals.yes} in favour, {totals.no} against, {totals.abstain} abstaining"
        if non_voting is not None:
            parts += f", {non_voting} not voting"
        raise _RecordError(
            f"the official counts ({parts}) add up to {counted}, more than the {members} "
            "members of the roster"
        )


def _date(text: str) -> dt.date | None:
    """A date written as the UN writes it: 12 October 2022, or ISO 2022-10-12 (with a time)."""
    text = " ".join(text.split())
    if not text:
        return None
    try:
        if match := _ISO_DATE.fullmatch(text):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        match = _WRITTEN_DATE.fullmatch(text)
        if match and match[2].lower() in _MONTHS:
            return dt.date(int(match[3]), _MONTHS[match[2].lower()], int(match[1]))
    except ValueError:
        pass
    raise _RecordError(f"the date {text!r} is not a date")


def _text(record: Mapping[str, object], key: str) -> str:
    value = record.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _RecordError(f"{key} is not text")
    return value.strip()


def _vote(fields: dict[str, object]) -> ImportedVote:
    try:
        return ImportedVote.model_validate(fields)
    except ValidationError as exc:
        raise _RecordError(validation_sentence(exc, "the record")) from None


# --- DGACM JSON lines -------------------------------------------------------------------------


def _read_dgacm(path: Path, members: _Members) -> Iterator[Parsed | RefusedRecord | Skipped]:
    with _open(path) as handle:
        lines = _Lines(handle)
        try:
            for line in lines:
                place = f"{path.name}, line {lines.number}"
                problem = lines.new_record()
                if problem:
                    yield RefusedRecord(place, "", f"the line is {problem}")
                    continue
                if not line.strip():
                    continue
                try:
                    record = load_json(line)
                except JSONSyntaxError as exc:
                    yield RefusedRecord(place, "", f"not valid JSON ({exc.detail})")
                    continue
                except InputError as exc:
                    yield RefusedRecord(place, "", str(exc))
                    continue
                if not isinstance(record, dict):
                    yield RefusedRecord(place, "", "not a JSON object")
                    continue
                yield _dgacm_item(record, place, members)
        except OSError as exc:
            raise ImportFileError(
                f"{path}, line {lines.number}: cannot be read ({exc.strerror or exc})"
            ) from None


def _dgacm_item(
    record: dict[str, object], place: str, members: _Members
) -> Parsed | RefusedRecord | Skipped:
    """A DGACM record's vote, its refusal, or why it holds no recorded vote."""
    adoption = record.get("adoption_type")
    adoption = adoption.strip() if isinstance(adoption, str) else ""
    symbol = record.get("symbol")
    symbol = symbol.strip() if isinstance(symbol, str) else ""
    if adoption == _WITHOUT_A_VOTE:
        return Skipped(place, symbol, "adopted without a vote", without_a_vote=True)
    if adoption != _RECORDED:
        said = f"the adoption type is {adoption!r}" if adoption else "the adoption type is empty"
        if not _gives_a_vote(record):
            return Skipped(
                place,
                symbol,
                f"{said} and the record gives no counts and no lists: how it was adopted is "
                "not known from this source",
            )
        warning = f"{said}; imported as a recorded vote, as its counts and lists are given"
    else:
        warning = ""
    if not symbol:
        return RefusedRecord(place, "", "the record has no symbol")
    try:
        vote = _dgacm_vote(record, symbol, members)
    except _RecordError as exc:
        return RefusedRecord(place, symbol, str(exc))
    vote, rule = _with_the_rule(vote)
    return Parsed(place, vote, "; ".join(filter(None, [warning, vote.discrepancy, rule])))


def _gives_a_vote(record: Mapping[str, object]) -> bool:
    """Whether a record gives any count above zero or any name on a list."""
    for list_key, count_key, _ in _DGACM_LISTS:
        names = record.get(list_key)
        if isinstance(names, list) and names:
            return True
        try:
            if _count(record.get(count_key, "0"), count_key) > 0:
                return True
        except _RecordError:
            return True  # a count that is not a number: the record is read, and refused
    return False


def _with_the_rule(vote: ImportedVote) -> tuple[ImportedVote, str]:
    """The vote with its majority rule where the rules of procedure give it: two-thirds of
    those present and voting in an emergency special session (the President announces it
    there, as for ES-11/1 to 6). If that rule would reject what the source records adopted,
    the rule is left unsaid, and the warning says why."""
    if vote.majority is not None or not vote.session_code.startswith("ES-"):
        return vote, ""
    ruled = vote.model_copy(update={"majority": Majority.TWO_THIRDS})
    decided = decide_outcome(Tally.of(vote.totals, len(vote.ballots) or 1), Majority.TWO_THIRDS)
    if decided.result is not vote.result:
        return vote, (
            f"an emergency special session's vote, but two-thirds would make it "
            f"{decided.result.value} where the source records it {vote.result.value}: shown "
            "as the source records it"
        )
    return ruled, ""


def _dgacm_vote(record: dict[str, object], symbol: str, members: _Members) -> ImportedVote:
    counts: dict[str, int] = {}
    book = _Book()
    unknown: list[str] = []
    for list_key, count_key, letter in _DGACM_LISTS:
        counts[letter] = _count(record.get(count_key, ""), _WORDS[letter])
        names = record.get(list_key, [])
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise _RecordError(f"{list_key} is not a list of names")
        for name in names:
            code = members.code_of(name)
            if code is None:
                if name not in unknown:
                    unknown.append(name)
            else:
                book.add(members.ballot(code, name, letter), letter)
    if unknown:
        many = len(unknown) > 1
        raise _RecordError(
            f"unknown member name{'s' if many else ''}: {', '.join(map(repr, unknown))}"
        )
    if book.conflict:
        raise _RecordError(book.conflict)
    totals = Counts(yes=counts["Y"], no=counts["N"], abstain=counts["A"])
    _within_the_roster(totals, None, members.today)
    return _vote(
        {
            "symbol": symbol,
            "title": _text(record, "title"),
            "date": _date(_text(record, "adoption_date")),
            "session": _text(record, "session"),
            "meeting": _text(record, "adoption_meeting"),
            "record": _text(record, "pv"),
            "draft": _text(record, "originating_document"),
            "agenda": _text(record, "agenda_item_name"),
            "source": "dgacm",
            "totals": totals,
            "ballots": members.board_order(book.ballots),
            "discrepancy": book.discrepancy("lists", totals, None),
        }
    )


# --- UN Digital Library CSV -------------------------------------------------------------------


@dataclass
class _Resolution:
    """The rows of one resolution as they are read: its first row gives the resolution's own
    fields, every row one member's ballot."""

    key: tuple[str, str]
    first: list[str]
    line: int
    book: _Book = field(default_factory=_Book)
    off_roster: list[str] = field(default_factory=list)


def _read_undl(
    path: Path, layout: _Layout, members: _Members
) -> Iterator[Parsed | RefusedRecord | Skipped]:
    file = path.name
    with _open(path) as handle:
        lines = _Lines(handle, rows=True)
        reader = csv.reader(lines)
        try:
            try:
                next(reader)
            except (csv.Error, StopIteration, _RowTooLong):
                raise ImportFileError(f"{path}, line 1: the header cannot be read") from None
            current: _Resolution | None = None
            # Lines are counted by `lines`, not by the reader, which loses count when a row
            # is cut short.
            while True:
                start = lines.number + 1
                lines.new_record()
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    lines.new_record()
                    yield RefusedRecord(
                        f"{file}, line {start}", "", f"not a CSV row ({exc})", row=True
                    )
                    continue
                except _RowTooLong:
                    lines.new_record()
                    yield RefusedRecord(
                        f"{file}, line {start}",
                        "",
                        f"the row goes on to line {lines.number}, longer than "
                        f"{size_text(MAX_LINE_BYTES)} (a quoted field left open?)",
                        row=True,
                    )
                    continue
                problem = lines.new_record()
                if not problem and len(row) != layout.width and not "".join(row).strip():
                    continue
                read = f"the row is {problem}" if problem else _undl_row(row, layout, members)
                if isinstance(read, str):
                    symbol = row[layout.symbol].strip() if len(row) == layout.width else ""
                    yield RefusedRecord(f"{file}, line {start}", symbol, read, row=True)
                    continue
                key, letter, ballot = read
                if current is None or current.key != key:
                    if current is not None:
                        yield _undl_item(current, layout, members, file)
                    current = _Resolution(key, row, start)
                if ballot.code not in members.position and ballot.code not in current.book.ballots:
                    current.off_roster.append(f"{ballot.code} ({ballot.name})")
                current.book.add(ballot, letter, start)
            if current is not None:
                yield _undl_item(current, layout, members, file)
        except OSError as exc:
            raise ImportFileError(
                f"{path}, line {lines.number}: cannot be read ({exc.strerror or exc})"
            ) from None


def _undl_row(
    row: list[str], layout: _Layout, members: _Members
) -> tuple[tuple[str, str], str, RecordedBallot] | str:
    """One row's resolution key, vote letter and ballot, or the reason it is refused."""
    if len(row) != layout.width:
        return f"{len(row)} fields where the header has {layout.width}"
    symbol = row[layout.symbol].strip()
    if not symbol:
        return "the row has no resolution symbol"
    written = row[layout.vote].strip().upper()
    letter = _UNDL_LETTERS.get(written)
    if letter is None:
        return f"the vote {written!r} is not Y, N, A, X or NV"
    name = "" if layout.name is None else row[layout.name].strip()
    code = "" if layout.code is None else row[layout.code].strip()
    if not code:
        found = members.code_of(name)
        if found is None:
            return f"no member code, and {name!r} is not the name of a member"
        code = found
    try:
        ballot = members.ballot(code, name, letter)
    except ValidationError:
        return f"{code!r} is not a member code"
    undl_id = "" if layout.undl_id is None else row[layout.undl_id].strip()
    return (symbol, undl_id), letter, ballot


def _undl_item(
    resolution: _Resolution, layout: _Layout, members: _Members, file: str
) -> Parsed | RefusedRecord:
    """The vote of one resolution's rows, or its refusal."""
    symbol = resolution.key[0]

    def cell(name: str) -> str:
        at = layout.columns.get(name)
        return "" if at is None else resolution.first[at].strip()

    try:
        if resolution.book.conflict:
            raise _RecordError(resolution.book.conflict)
        totals = Counts(
            yes=_count(cell("yes"), _WORDS["Y"]),
            no=_count(cell("no"), _WORDS["N"]),
            abstain=_count(cell("abstain"), _WORDS["A"]),
        )
        non_voting = _count(cell("non_voting"), _WORDS["X"]) if cell("non_voting") else None
        _within_the_roster(totals, non_voting, members.today)
        discrepancy = resolution.book.discrepancy("rows", totals, non_voting)
        # The Digital Library's `meeting` is the symbol of the meeting's verbatim record
        # (A/ES-11/PV.14); DGACM's is its name (14th plenary meeting), beside its `pv`.
        meeting = cell("meeting")
        record_symbol = meeting if "/PV." in meeting.upper() else ""
        undl_id = resolution.key[1]
        vote = _vote(
            {
                "symbol": symbol,
                "title": cell("title"),
                "date": _date(cell("date")),
                "session": cell("session"),
                "meeting": "" if record_symbol else meeting,
                "record": record_symbol,
                "draft": cell("draft"),
                "agenda": cell("agenda"),
                "source": "voteboard" if layout.voteboard else "undl",
                "totals": totals,
                "non_voting": non_voting,
                "ballots": members.board_order(resolution.book.ballots),
                "discrepancy": discrepancy,
                "undl_ids": (undl_id,) if undl_id else (),
                "undl_link": cell("undl_link"),
                "committee_report": cell("committee_report"),
                "subjects": cell("subjects"),
                "vote_note": cell("vote_note"),
            }
        )
    except _RecordError as exc:
        return RefusedRecord(f"{file}, line {resolution.line}", symbol, str(exc))
    vote, rule = _with_the_rule(vote)
    warnings = [w for w in (discrepancy, rule) if w]
    if resolution.off_roster:
        warnings.append(
            "not on the roster, kept but not shown on the board: "
            + ", ".join(resolution.off_roster)
        )
    return Parsed(f"{file}, line {resolution.line}", vote, "; ".join(warnings))
