"""The attacker: pure functions over the bytes of the files voteboard writes, and over what a
reader of the journal saw, that try to link a member to its choice in a secret ballot.

The attacker is as strong as the tests can make it: it has read voteboard's source, it knows
the true choice of every member (it only wants to prove that the files say it too), it holds
every copy that was taken, and it parses SQLite itself (the WAL, every frame and its commits,
the b-tree pages and their cells, whatever their state) instead of trusting SQLite's reading.

Every attack ends the same way. A *pairing* gives groups of (members, urn rows) that arrived
together: one member and one row when the pairing is exact. A *reader* turns an urn row into a
choice where it can (in clear, or by what a byte position or the length tells once learned
from the members whose choices the attacker knows). The attack then *names* a member's
choice, and `score` says whether it names the minority's choices (every choice but the
majority's) better than a blind guess would: guessing "yes" for everyone names none of them.
"""

from __future__ import annotations

import base64
import functools
import json
import random
import re
import sqlite3
import struct
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from voteboard.core.model import Choice
from voteboard.journal.seal import ballot_digest

LINK_P = 1e-6
"""An attack links ballots when a blind guess would do as well as it did with a chance below
this: a real leak gives far less (the 40 minority members of ES-11/4 all named: 1e-33)."""


# ---- what the attacker recovers ----------------------------------------------------------------


@dataclass(frozen=True)
class UrnRow:
    token: bytes
    vote: str
    sealed: bytes


@dataclass(frozen=True)
class Deposit:
    """A participation event: who voted (public), with the digest of its sealed ballot."""

    seq: int
    vote: str
    member: str
    seal: str | None


@dataclass(frozen=True)
class Group:
    """Members and urn rows that arrived together (one of each: an exact pairing)."""

    members: frozenset[str]
    rows: tuple[UrnRow, ...]


@dataclass(frozen=True)
class View:
    """What one reading of a journal gave: its urn, its participation events, every other
    event (kind and body), and everything else it read, as bytes to search."""

    urn: tuple[UrnRow, ...]
    deposits: tuple[Deposit, ...]
    events: tuple[tuple[int, str, str | None, str], ...]
    raw: bytes = b""


Reader = Callable[[UrnRow], Choice | None]


# ---- scoring against the truth ----------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    named: int  # members the attack named a choice for
    minority: int  # members of the minority (not the majority's choice) in the truth
    hits: int  # minority members named with their true choice
    wrong: int  # members named with a choice that is not theirs
    p: float  # the chance that blind guesses name as many minority members correctly

    @property
    def links(self) -> bool:
        return self.hits > 0 and self.p < LINK_P

    def __str__(self) -> str:
        return (
            f"named {self.named}, minority {self.hits}/{self.minority} right, "
            f"{self.wrong} wrong, p={self.p:.2g}{' LINKS' if self.links else ''}"
        )


def majority(truth: Mapping[str, Choice]) -> Choice:
    return Counter(truth.values()).most_common(1)[0][0]


def score(names: Mapping[str, Choice], truth: Mapping[str, Choice]) -> Score:
    """How many minority members the attack named right, and how likely a blind guesser (one
    that names the same choices without looking, each right with the choice's share of the
    vote) is to do as well."""
    common = majority(truth)
    share = {c: n / len(truth) for c, n in Counter(truth.values()).items()}
    named = {m: c for m, c in names.items() if m in truth}
    chances = [share.get(c, 0.0) for c in named.values() if c is not common]
    hits = sum(1 for m, c in named.items() if c is not common and truth[m] is c)
    wrong = sum(1 for m, c in named.items() if truth[m] is not c)
    minority = sum(1 for c in truth.values() if c is not common)
    return Score(len(named), minority, hits, wrong, _tail(chances, hits))


def _tail(chances: Sequence[float], hits: int) -> float:
    """P(at least `hits` successes) for independent trials of these chances."""
    if hits <= 0:
        return 1.0
    law = [1.0]
    for q in chances:
        nxt = [0.0] * (len(law) + 1)
        for k, pk in enumerate(law):
            nxt[k] += pk * (1 - q)
            nxt[k + 1] += pk * q
        law = nxt
    return min(1.0, sum(law[hits:]))


# ---- naming choices from pairings --------------------------------------------------------------


def name_choices(
    groups: Iterable[Group], reader: Reader, prior: Mapping[Choice, float]
) -> dict[str, Choice]:
    """Each member of a group whose rows the reader can all read gets the choice that its
    group holds most above that choice's share of the vote (for one member and one row: the
    row's choice; for a group that holds one choice: that one)."""
    names: dict[str, Choice] = {}
    for group in groups:
        if not group.members or len(group.members) != len(group.rows):
            continue
        read = [reader(row) for row in group.rows]
        counts = Counter(choice for choice in read if choice is not None)
        if sum(counts.values()) != len(read):
            continue
        best = max(counts, key=lambda c: (counts[c] / prior.get(c, 1.0), c.value))
        for member in group.members:
            names[member] = best
    return names


def pairs_of(groups: Iterable[Group]) -> dict[str, UrnRow]:
    """The exact pairings among groups: one member, one row."""
    return {next(iter(g.members)): g.rows[0] for g in groups if len(g.members) == len(g.rows) == 1}


_WORDS = re.compile(rb"(?<![a-z])(yes|no|abstain)(?![a-z])")
_LETTERS = {b"y": Choice.YES, b"n": Choice.NO, b"a": Choice.ABSTAIN}


def read_clear(row: UrnRow) -> Choice | None:
    """A choice written in the ballot in clear (a word, or its first letter alone)."""
    found = set(_WORDS.findall(row.sealed.lower()))
    if len(found) == 1:
        return Choice(found.pop().decode())
    stripped = row.sealed.strip(b"\x00 ")
    return _LETTERS.get(stripped.lower()) if len(stripped) == 1 else None


def key_reader(key: bytes) -> Reader:
    """The reader that has the vote's key: what every attack would do with it (the control
    that shows the attacks do reach every sealed ballot)."""
    from voteboard.journal.seal import SealError, open_ballot

    def read(row: UrnRow) -> Choice | None:
        try:
            return open_ballot(key, row.vote, row.token, row.sealed)
        except SealError:
            return None

    return read


def learned_names(
    pairs: Mapping[str, UrnRow], truth: Mapping[str, Choice], seed: int
) -> dict[str, Choice]:
    """Does a byte position, or the length, separate the choices? The attacker learns it from
    half of the paired members (whose choices it knows), as a table from a byte's value to
    the choice that value stands for, keeps the position that names the most minority members
    right on that half, and names the other half with it; then the other way round."""
    members = sorted(m for m in pairs if m in truth)
    random.Random(seed).shuffle(members)
    halves = members[::2], members[1::2]
    common = majority(truth)
    names: dict[str, Choice] = {}
    for train, test in (halves, halves[::-1]):
        rule = _fit([(pairs[m].sealed, truth[m]) for m in train], common)
        if rule is None:
            continue
        position, table = rule
        for member in test:
            choice = table.get(_feature(pairs[member].sealed, position))
            if choice is not None:
                names[member] = choice
    return names


def _feature(blob: bytes, position: int) -> int:
    """Byte `position` of a sealed ballot (-1: its length)."""
    if position < 0:
        return len(blob)
    return blob[position] if position < len(blob) else -1


def _fit(
    train: Sequence[tuple[bytes, Choice]], common: Choice
) -> tuple[int, dict[int, Choice]] | None:
    if not train:
        return None
    prior = Counter(choice for _, choice in train)
    best: tuple[int, int, dict[int, Choice]] | None = None
    for position in range(-1, max(len(blob) for blob, _ in train)):
        values = [(_feature(blob, position), choice) for blob, choice in train]
        buckets: dict[int, dict[Choice, int]] = {}
        for value, choice in values:
            bucket = buckets.setdefault(value, {})
            bucket[choice] = bucket.get(choice, 0) + 1
        table: dict[int, Choice] = {}
        for value, counts in buckets.items():
            size = sum(counts.values())
            if size < 2:
                continue
            choice = max(counts, key=lambda c: (counts[c] / prior[c], c.value))
            if choice is not common and counts[choice] * 2 > size:
                table[value] = choice
        if not table:
            continue
        gain = sum(1 if table[v] is c else -1 for v, c in values if v in table)
        if gain > 0 and (best is None or gain > best[0]):
            best = (gain, position, table)
    return None if best is None else (best[1], best[2])


# ---- pairings ----------------------------------------------------------------------------------


def pair_by_digest(urn: Iterable[UrnRow], deposits: Iterable[Deposit]) -> list[Group]:
    """Each participation event names the digest of its sealed ballot: the chain covers the
    urn, and so pairs every member with its row."""
    by_digest = {ballot_digest(row.token, row.sealed): row for row in urn}
    return [
        Group(frozenset([d.member]), (by_digest[d.seal],))
        for d in deposits
        if d.seal is not None and d.seal in by_digest
    ]


def pair_by_difference(views: Sequence[View], vote: str) -> list[Group]:
    """Two readings one after the other: the rows new in the urn went in with the members
    new in the participation events."""
    groups: list[Group] = []
    tokens: set[bytes] = set()
    members: set[str] = set()
    for view in views:
        rows = [r for r in view.urn if r.vote == vote and r.token not in tokens]
        who = {d.member for d in view.deposits if d.vote == vote and d.member not in members}
        if rows or who:
            groups.append(Group(frozenset(who), tuple(rows)))
        tokens |= {r.token for r in rows}
        members |= who
    return groups


def pair_by_wal_order(main: bytes, wal: bytes, vote: str) -> list[Group]:
    """The WAL keeps every commit in order: the urn cells that first appear in the frames of
    a commit went in with the participation events that first appear in the same commit.
    Every frame is read, those of older generations of the log and of unfinished commits
    too."""
    usable = usable_size(main) or usable_size_of_wal(wal)
    tokens: set[bytes] = set()
    seqs: set[int] = set()
    if main:
        for pgno, page in db_pages(main):
            rows, deposits = _urn_and_deposits(page, pgno, usable)
            tokens |= {r.token for r in rows}
            seqs |= {d.seq for d in deposits}
    groups: list[Group] = []
    for commit in wal_commits(wal):
        new_rows: dict[bytes, UrnRow] = {}
        new_members: set[str] = set()
        for frame in commit:
            rows, deposits = _urn_and_deposits(frame.page, frame.pgno, usable)
            for row in rows:
                if row.token not in tokens and row.vote == vote:
                    new_rows[row.token] = row
            for deposit in deposits:
                if deposit.seq not in seqs and deposit.vote == vote:
                    new_members.add(deposit.member)
                seqs.add(deposit.seq)
        tokens |= set(new_rows)
        if new_rows or new_members:
            groups.append(Group(frozenset(new_members), tuple(new_rows.values())))
    return groups


def pair_by_cell_order(main: bytes, wal: bytes, vote: str) -> list[Group]:
    """A page keeps its cells where they were written: the cell pointers are in key order
    (the random token), but a new cell takes the free space just below the last one written.
    While the urn fits on one page, its cells from the top of the page down are the ballots
    in the order they were cast, which the participation events give. Read on the pages as
    the copy holds them (the main file, with the WAL's committed frames over it)."""
    usable = usable_size(main)
    if usable is None:
        return []
    leaves: dict[int, list[tuple[int, UrnRow]]] = {}
    deposits: dict[int, Deposit] = {}
    for pgno, page in current_pages(main, wal).items():
        for cell in page_cells(page, 100 if pgno == 1 else 0, usable):
            row = _as_urn_row(cell)
            if row is not None and row.vote == vote and cell.leaf:
                leaves.setdefault(pgno, []).append((cell.offset, row))
            deposit = _as_deposit(cell)
            if deposit is not None and deposit.vote == vote:
                deposits[deposit.seq] = deposit
    if len(leaves) != 1:
        return []
    (cells,) = leaves.values()
    rows = [row for _, row in sorted(cells, key=lambda c: -c[0])]
    order = [deposits[s] for s in sorted(deposits)]
    return [Group(frozenset([d.member]), (row,)) for d, row in zip(order, rows, strict=False)]


def current_pages(main: bytes, wal: bytes) -> dict[int, bytes]:
    """The pages as a reader of the copy sees them: the main file's, replaced by the frames
    of the WAL's current generation up to its last commit."""
    pages = dict(db_pages(main))
    if len(wal) < 32:
        return pages
    salt = struct.unpack(">II", wal[16:24])
    pending: dict[int, bytes] = {}
    for frame in wal_frames(wal):
        if frame.salt != salt:
            continue
        pending[frame.pgno] = frame.page
        if frame.commit:
            pages.update(pending)
            pending.clear()
    return pages


# ---- the other attacks -------------------------------------------------------------------------


def totals_from_histograms(urn: Sequence[UrnRow], truth_counts: Counter[Choice]) -> str | None:
    """Without pairing anything: does a byte position (or the length) sort the urn into
    classes whose sizes are the totals so far (which would be a running total)? Says where,
    or None. A unanimous urn tells nothing (one class of every ballot) and is not counted."""
    if len(urn) < 10 or sum(1 for n in truth_counts.values() if n) < 2:
        return None
    truth = sorted(truth_counts.values(), reverse=True)[:3]
    for position in range(-1, max(len(r.sealed) for r in urn)):
        values = [_feature(r.sealed, position) for r in urn]
        if len(set(values)) > 3:
            continue
        classes = Counter(values)
        sizes = sorted(classes.values(), reverse=True)
        if len(classes) <= 3 and sizes + [0] * (len(truth) - len(sizes)) == truth:
            where = "the length" if position < 0 else f"byte {position}"
            return f"{where} of the sealed ballots sorts them into the totals {sizes}"
    return None


def early_totals(events: Iterable[tuple[int, str, str | None, str]], vote: str) -> list[str]:
    """Events of the vote that carry choices or totals before its close."""
    found = []
    for seq, kind, event_vote, body in events:
        if event_vote != vote:
            continue
        if kind == "vote_closed" or re.search(r'"(totals|choice|yes|no|abstain)"', body):
            found.append(f"event {seq} ({kind}): {body[:120]}")
    return found


def raw_early_totals(data: bytes, vote: str) -> list[str]:
    """Bytes anywhere (a free block, a stale frame, the -shm) that put totals or a close
    after the vote's id, in the same record."""
    name = vote.encode()
    found = []
    for marker in re.finditer(rb'"totals"|vote_closed|"choice"', data):
        start = data.rfind(name, max(0, marker.start() - 400), marker.start())
        if start >= 0 and b"}" not in data[start : marker.start()]:
            found.append(f"offset {start}: {data[start : marker.end() + 60]!r}")
    return found


_MEMBER = re.compile(rb'"member":"([A-Z0-9]{2,8})"')
_CHOICE_WORD = re.compile(rb'"(yes|no|abstain|choice|intended|previous)"')


def choices_near_members(data: bytes) -> dict[str, Choice]:
    """A choice word in the same record as a member's code (JSON up to the record's end)."""
    names: dict[str, Choice] = {}
    for match in _MEMBER.finditer(data):
        start = data.rfind(b"{", max(0, match.start() - 200), match.start())
        end = data.find(b"}", match.end(), match.end() + 400)
        record = data[start if start >= 0 else match.start() : end if end >= 0 else None]
        words = {w for w in _CHOICE_WORD.findall(record)}
        values = {c for c in Choice if re.search(rb':"' + c.value.encode() + rb'"', record)} | {
            c for c in Choice if c.value.encode() in words
        }
        if words and len(values) == 1:
            names[match.group(1).decode()] = values.pop()
    return names


def key_places(data: bytes, key: bytes) -> list[str]:
    """Where the vote's key is, in any of the forms a program might write it."""
    forms = {
        "raw": key,
        "reversed": key[::-1],
        "hex": key.hex().encode(),
        "HEX": key.hex().upper().encode(),
        "base64": base64.b64encode(key),
        "base64url": base64.urlsafe_b64encode(key),
    }
    found = []
    for name, form in forms.items():
        for shortened in {form, form.rstrip(b"=")}:
            at = data.find(shortened)
            if at >= 0:
                found.append(f"{name} at offset {at}")
    for half in (key[:16], key[16:]):
        at = data.find(half)
        if at >= 0:
            found.append(f"16 bytes of it at offset {at}")
    return found


def carve_urn(data: bytes, vote: str) -> list[UrnRow]:
    """Urn records anywhere in the bytes (a live cell, a free block, a stale frame, a page
    of a backup), found by their record header around the vote's id: (token: a blob of 16,
    vote: text, sealed: a blob)."""
    name = vote.encode()
    text_type = 13 + 2 * len(name)
    rows = []
    for match in re.finditer(re.escape(name), data):
        at = match.start()
        head = at - 16 - 4
        if head < 0 or data[head] != 4 or data[head + 1] != 44 or data[head + 2] != text_type:
            continue
        blob_type = data[head + 3]
        if blob_type < 12 or blob_type % 2:
            continue
        size = (blob_type - 12) // 2
        sealed = data[match.end() : match.end() + size]
        if len(sealed) == size:
            rows.append(UrnRow(data[at - 16 : at], vote, sealed))
    return rows


def carve_deposits(data: bytes, vote: str) -> list[Deposit]:
    """Participation events anywhere in the bytes, by their JSON."""
    found = []
    for match in re.finditer(rb'\{[^{}]{0,600}"kind":"ballot_deposited"[^{}]{0,600}\}', data):
        try:
            body = json.loads(match.group())
        except ValueError:
            continue
        if body.get("vote") == vote and isinstance(body.get("member"), str):
            found.append(Deposit(-1, vote, body["member"], body.get("seal")))
    return found


# ---- SQLite, read by hand ----------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    offset: int
    rowid: int | None
    values: tuple[object, ...]
    leaf: bool


@dataclass(frozen=True)
class Frame:
    index: int
    pgno: int
    commit: int  # the database's size in pages after a commit; 0 inside a commit
    salt: tuple[int, int]
    page: bytes


def usable_size(main: bytes) -> int | None:
    if len(main) < 100 or not main.startswith(b"SQLite format 3\x00"):
        return None
    size = struct.unpack(">H", main[16:18])[0]
    return (65536 if size == 1 else size) - main[20]


def usable_size_of_wal(wal: bytes) -> int:
    return struct.unpack(">I", wal[8:12])[0] if len(wal) >= 32 else 4096


def db_pages(main: bytes) -> Iterator[tuple[int, bytes]]:
    usable = usable_size(main)
    if usable is None:
        return
    size = struct.unpack(">H", main[16:18])[0]
    size = 65536 if size == 1 else size
    for index in range(len(main) // size):
        yield index + 1, main[index * size : (index + 1) * size]


def wal_frames(wal: bytes) -> list[Frame]:
    """Every whole frame of a WAL file, valid or not (stale frames of an older generation of
    the log, frames of a commit not finished)."""
    if len(wal) < 32 or struct.unpack(">I", wal[:4])[0] not in (0x377F0682, 0x377F0683):
        return []
    size = struct.unpack(">I", wal[8:12])[0]
    frames = []
    at, index = 32, 0
    while at + 24 + size <= len(wal):
        pgno, commit, salt1, salt2 = struct.unpack(">IIII", wal[at : at + 16])
        if pgno:
            frames.append(Frame(index, pgno, commit, (salt1, salt2), wal[at + 24 : at + 24 + size]))
        at += 24 + size
        index += 1
    return frames


def wal_commits(wal: bytes) -> list[list[Frame]]:
    """The frames grouped into commits, the older generations of the log first (salt-1 grows
    by one at each restart of the log), each in the order written."""
    frames = sorted(wal_frames(wal), key=lambda f: (f.salt[0], f.index))
    commits: list[list[Frame]] = []
    current: list[Frame] = []
    salt: tuple[int, int] | None = None
    for frame in frames:
        if salt is not None and frame.salt != salt and current:
            commits.append(current)
            current = []
        salt = frame.salt
        current.append(frame)
        if frame.commit:
            commits.append(current)
            current = []
    if current:
        commits.append(current)
    return commits


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = 0
    for i in range(8):
        byte = data[at + i]
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + i + 1
    return (value << 8) | data[at + 8], at + 9


_INT_SIZES = {1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 8}


def _record(payload: bytes) -> tuple[object, ...] | None:
    """The values of a record, or None when it is not whole (spilled to overflow pages)."""
    header, at = _varint(payload, 0)
    types = []
    while at < header:
        kind, at = _varint(payload, at)
        types.append(kind)
    values: list[object] = []
    body = header
    for kind in types:
        if kind == 0:
            values.append(None)
        elif kind in _INT_SIZES:
            size = _INT_SIZES[kind]
            values.append(int.from_bytes(payload[body : body + size], "big", signed=True))
            body += size
        elif kind == 7:
            values.append(struct.unpack(">d", payload[body : body + 8])[0])
            body += 8
        elif kind in (8, 9):
            values.append(kind - 8)
        elif kind >= 12:
            size = (kind - 12) // 2
            chunk = payload[body : body + size]
            if len(chunk) < size:
                return None
            values.append(chunk if kind % 2 == 0 else chunk.decode("utf-8", "replace"))
            body += size
        else:
            return None
    return tuple(values)


def _local_size(payload: int, usable: int, index: bool) -> int:
    most = ((usable - 12) * 64 // 255) - 23 if index else usable - 35
    if payload <= most:
        return payload
    least = ((usable - 12) * 32 // 255) - 23
    local = least + (payload - least) % (usable - 4)
    return local if local <= most else least


@functools.lru_cache(maxsize=1 << 16)
def page_cells(page: bytes, header: int, usable: int) -> tuple[Cell, ...]:
    """The cells of a b-tree page (table or index, leaf or interior) whose record is whole;
    nothing for a page that is no b-tree page or that does not parse."""
    if len(page) < header + 8 or page[header] not in (2, 5, 10, 13):
        return ()
    kind = page[header]
    count = struct.unpack(">H", page[header + 3 : header + 5])[0]
    pointers = header + (12 if kind in (2, 5) else 8)
    cells = []
    for i in range(min(count, (len(page) - pointers) // 2)):
        offset = struct.unpack(">H", page[pointers + 2 * i : pointers + 2 * i + 2])[0]
        try:
            cell = _cell(page, kind, offset, usable)
        except (IndexError, struct.error, ValueError):
            continue
        if cell is not None:
            cells.append(cell)
    return tuple(cells)


def _cell(page: bytes, kind: int, offset: int, usable: int) -> Cell | None:
    if offset < 8 or offset >= len(page):
        return None
    at = offset + (4 if kind in (2, 5) else 0)
    if kind == 5:
        return None  # a table's interior cell: a child and a key, no record
    size, at = _varint(page, at)
    rowid = None
    if kind == 13:
        rowid, at = _varint(page, at)
    local = _local_size(size, usable, index=kind in (2, 10))
    if local < size:
        return None
    values = _record(page[at : at + size])
    return None if values is None else Cell(offset, rowid, values, kind in (10, 13))


def _as_urn_row(cell: Cell) -> UrnRow | None:
    v = cell.values
    if (
        len(v) == 3
        and isinstance(v[0], bytes)
        and len(v[0]) == 16
        and isinstance(v[1], str)
        and isinstance(v[2], bytes)
    ):
        return UrnRow(v[0], v[1], v[2])
    return None


def _as_deposit(cell: Cell) -> Deposit | None:
    v = cell.values
    if cell.rowid is None or len(v) != 7 or v[2] != "ballot_deposited":
        return None
    try:
        body = json.loads(str(v[4]))
    except ValueError:
        return None
    return Deposit(cell.rowid, str(v[1]), str(body.get("member")), body.get("seal"))


@functools.lru_cache(maxsize=1 << 16)
def _urn_and_deposits(
    page: bytes, pgno: int, usable: int
) -> tuple[tuple[UrnRow, ...], tuple[Deposit, ...]]:
    cells = page_cells(page, 100 if pgno == 1 else 0, usable)
    rows = (_as_urn_row(cell) for cell in cells)
    deposits = (_as_deposit(cell) for cell in cells)
    return (
        tuple(row for row in rows if row is not None),
        tuple(deposit for deposit in deposits if deposit is not None),
    )


# ---- reading a copy as SQLite would ------------------------------------------------------------


def read_copy(files: Mapping[str, bytes], scratch: Path) -> View | None:
    """What a copy of the journal shows when opened (its WAL applied), read in a scratch
    folder so that the copy itself is never changed; None when it does not open."""
    scratch.mkdir(parents=True, exist_ok=True)
    for suffix, data in files.items():
        (scratch / f"copy.sqlite{suffix}").write_bytes(data)
    try:
        with closing(sqlite3.connect(scratch / "copy.sqlite")) as db:
            return read_view(db)
    except sqlite3.DatabaseError:
        return None
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            (scratch / f"copy.sqlite{suffix}").unlink(missing_ok=True)


def read_view(db: sqlite3.Connection, after: int = 0) -> View:
    """Everything a connection can read of the journal but its imported history: the urn,
    the events after `after` (participation events apart), and every other table, whole."""
    db.execute("BEGIN")
    try:
        urn = tuple(
            UrnRow(bytes(t), str(v), bytes(s))
            for t, v, s in db.execute("SELECT token, vote, sealed FROM urn")
        )
        events = db.execute(
            "SELECT seq, kind, vote, body FROM events WHERE seq > ? ORDER BY seq", (after,)
        ).fetchall()
        raw = bytearray()
        tables = [
            str(n)
            for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if n not in ("events", "history")
        ]
        for table in tables:
            for row in db.execute(f'SELECT * FROM "{table}"'):
                raw += repr(row).encode() + b"\n"
    finally:
        db.execute("COMMIT")
    deposits = []
    for seq, kind, vote, body in events:
        raw += str(body).encode() + b"\n"
        if kind == "ballot_deposited":
            parsed = json.loads(body)
            deposits.append(Deposit(int(seq), str(vote), str(parsed["member"]), parsed.get("seal")))
    return View(
        urn,
        tuple(deposits),
        tuple((int(s), str(k), None if v is None else str(v), str(b)) for s, k, v, b in events),
        bytes(raw),
    )


@dataclass
class Evidence:
    """Everything an attacker found in one run, for the tests to judge."""

    names: dict[str, list[tuple[str, Mapping[str, Choice]]]] = field(default_factory=dict)
    leaks: dict[str, list[str]] = field(default_factory=dict)

    def name(self, attack: str, where: str, names: Mapping[str, Choice]) -> None:
        self.names.setdefault(attack, []).append((where, dict(names)))

    def leak(self, attack: str, where: str, what: Iterable[str]) -> None:
        found = [f"{where}: {w}" for w in what]
        self.leaks.setdefault(attack, []).extend(found)


def pooled(claims: Sequence[tuple[str, Mapping[str, Choice]]]) -> dict[str, Choice]:
    """One attack's names over every snapshot: each member's most frequent claim."""
    votes: dict[str, Counter[Choice]] = {}
    for _, names in claims:
        for member, choice in names.items():
            votes.setdefault(member, Counter())[choice] += 1
    return {m: c.most_common(1)[0][0] for m, c in votes.items()}


# ---- every attack on everything taken from one vote -------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """Copies of files taken at one moment: suffix ("", "-wal", "-shm") to bytes."""

    where: str
    files: dict[str, bytes]
    before_close: bool


EXACT = ("digest", "wal-order", "cell-order", "poll-digest", "poll-diff")
"""The pairings that pair one member with one urn row (where they pair anything)."""
LINKING = (
    *(f"{p}+{r}" for p in EXACT for r in ("clear", "learned")),
    "copy-diff+clear",
    "member-words",
)
"""The attacks that name members' choices: a pairing and a reader (learning a byte position
needs exact pairs), and the choice words beside a member's code."""
LEAKING = ("key", "histogram-totals", "early-totals", "raw-totals")
"""The attacks that look for something that must not be there at all."""


def analyse(
    snapshots: Sequence[Snapshot],
    polls: Sequence[View],
    vote: str,
    truth: Mapping[str, Choice],
    key: bytes,
    scratch: Path,
    seed: int,
    earlier_keys: Sequence[bytes] = (),
) -> tuple[Evidence, Evidence]:
    """Every attack on every snapshot and poll of a vote: what the attacker found, and what
    the same pairings give with the vote's key (the control: the pairings reach every sealed
    ballot, so that only the seal stands between them and the choices). The keys of earlier
    votes of the same journal are looked for too: destroyed, they must never come back."""
    found, control = Evidence(), Evidence()
    share = {c: n / len(truth) for c, n in Counter(truth.values()).items()}
    opened = key_reader(key)

    def attack(pairing: str, where: str, groups: Sequence[Group]) -> None:
        found.name(f"{pairing}+clear", where, name_choices(groups, read_clear, share))
        if pairing in EXACT:
            found.name(f"{pairing}+learned", where, learned_names(pairs_of(groups), truth, seed))
        control.name(f"{pairing}+key", where, name_choices(groups, opened, share))

    views: list[View] = []
    for snapshot in snapshots:
        where, files = snapshot.where, snapshot.files
        everything = b"".join(files.values())
        for suffix, data in files.items():
            for known in (key, *earlier_keys):
                found.leak("key", f"{where} (file{suffix or ' itself'})", key_places(data, known))
        carved = carve_urn(everything, vote)
        attack("digest", where, pair_by_digest(carved, carve_deposits(everything, vote)))
        main, wal = files.get("", b""), files.get("-wal", b"")
        if wal:
            attack("wal-order", where, pair_by_wal_order(main, wal, vote))
        attack("cell-order", where, pair_by_cell_order(main, wal, vote))
        found.name("member-words", where, choices_near_members(everything))
        view = read_copy(files, scratch)
        if view is not None:
            views.append(view)
        if not snapshot.before_close:
            control.leak("raw-totals", where, raw_early_totals(everything, vote))
            continue
        found.leak("raw-totals", where, raw_early_totals(everything, vote))
        if view is not None:
            _totals(found, where, view, vote, truth)
    attack("copy-diff", "consecutive copies", pair_by_difference(views, vote))
    for number, view in enumerate(polls, 1):
        where = f"poll {number}"
        for known in (key, *earlier_keys):
            found.leak("key", where, key_places(view.raw, known))
        if number % 5 == 0 or number == len(polls):
            attack("poll-digest", where, pair_by_digest(view.urn, view.deposits))
        if not any(kind == "vote_closed" and v == vote for _, kind, v, _ in view.events):
            _totals(found, where, view, vote, truth)
    attack("poll-diff", "consecutive polls", pair_by_difference(polls, vote))
    return found, control


def _totals(
    found: Evidence, where: str, view: View, vote: str, truth: Mapping[str, Choice]
) -> None:
    """What a reading before the close tells of the totals so far."""
    found.leak("early-totals", where, early_totals(view.events, vote))
    so_far = Counter(truth[d.member] for d in view.deposits if d.vote == vote and d.member in truth)
    urn = [row for row in view.urn if row.vote == vote]
    leak = totals_from_histograms(urn, so_far)
    found.leak("histogram-totals", where, [leak] if leak else [])
