"""Snapshots of the state folded from a journal's chain, kept beside it, so that a journal of a
long history opens without folding (or checking) every event again.

A snapshot is signed with the hall's key and written in the transaction of a close, lock,
cancel or correction, never with a ballot. It is used only when its signature checks with this
machine's hall key (kept outside the journal) and the event it was made at still has the hash
it recorded; one altered, unreadable or signed by another key is set aside (`problem` says
why) and every event is folded instead. `Journal.verify` folds every event again and names a
vote on which it differs.
"""

from __future__ import annotations

import gc
import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from voteboard.core.events import Event
from voteboard.core.roster import Roster
from voteboard.core.state import (
    SNAPSHOT_VERSION,
    AssemblyState,
    MemberSet,
    assembly_from_snapshot,
    assembly_snapshot,
    fold,
    fold_from,
    vote_from_snapshot,
    vote_snapshot,
)
from voteboard.journal.seal import HallKey, SealError, Signer

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS snapshots (
    seq INTEGER PRIMARY KEY, hash TEXT NOT NULL, version INTEGER NOT NULL,
    assembly TEXT NOT NULL, digest TEXT NOT NULL, signature TEXT NOT NULL, hall_key TEXT NOT NULL
)""",
    "CREATE TABLE IF NOT EXISTS snapshot_votes (vote TEXT PRIMARY KEY, state TEXT NOT NULL)",
)
"""A snapshot of the state folded from the events up to `seq` (the assembly in its row, each
vote in a row of `snapshot_votes`), so that opening a journal folds only the events after it.
One is kept, the newest. It is signed with the hall's key (`digest` covers the assembly and
every vote's row), and trusted only when the signature checks with the key kept outside the
journal and `hash` is still the hash of event `seq`; otherwise every event is folded. Outside
the chain, like the agenda: derived from it, and compared with it by `verify`. Made with the
first snapshot, in its transaction: a journal too short to need one (SNAPSHOT_EVERY) has
none, and an older journal gets them once it is written to that far."""
SNAPSHOT_EVERY = 10_000
"""A snapshot is written with the first close, lock, cancel or correction that comes this many
rows of the chain after the last one (some fifty votes of 193 ballots): opening a journal
then folds and checks no more than about that many, however long its history."""
_SNAPSHOT_PREFIX = "voteboard-snapshot"
_SNAPSHOT_ERRORS = (KeyError, TypeError, ValueError, RecursionError)
"""What reading a snapshot of another shape raises (json and pydantic errors are ValueErrors)."""


class SnapshotHead(NamedTuple):
    """A row of the snapshots table, its columns checked to be of their types."""

    seq: int
    hash: str
    version: int
    assembly: str
    digest: str
    signature: str
    hall_key: str

    @classmethod
    def read(cls, row: Sequence[object]) -> SnapshotHead | None:
        """The row's head, or None for one garbled (SQLite keeps any type in any column)."""
        seq, head, version, assembly, digest, signature, hall_key = row
        if (
            isinstance(seq, int)
            and isinstance(version, int)
            and isinstance(head, str)
            and isinstance(assembly, str)
            and isinstance(digest, str)
            and isinstance(signature, str)
            and isinstance(hall_key, str)
        ):
            return cls(seq, head, version, assembly, digest, signature, hall_key)
        return None


@dataclass(frozen=True)
class _NewSnapshot:
    """A snapshot made, to be written: its head, the rows of the votes it changes (by vote),
    the digest of every vote's row, and whether it replaces all the rows."""

    head: SnapshotHead
    votes: dict[str, str]
    digests: dict[str, str]
    whole: bool


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _snapshot_digest(assembly: str, digests: Mapping[str, str]) -> str:
    """What a snapshot's signature covers beside its head: the assembly's row and the digest
    of every vote's row, by vote."""
    digest = hashlib.sha256(f"{_SNAPSHOT_PREFIX}:{SNAPSHOT_VERSION}\n{assembly}".encode())
    for vote in sorted(digests):
        digest.update(f"\n{vote} {digests[vote]}".encode())
    return digest.hexdigest()


def _snapshot_text(journal_id: str, seq: int, head: str, digest: str) -> str:
    """What the hall's key signs for a snapshot (never the text of a checkpoint)."""
    return f"{_SNAPSHOT_PREFIX}:{SNAPSHOT_VERSION}:{journal_id}:{seq}:{head}:{digest}"


class Snapshots:
    """A journal's snapshot of its folded state: read and checked when the journal's state is
    asked for, checked again by `verify`, and written by a journal open to write, from the
    state it folds itself as it writes its events."""

    def __init__(
        self,
        db: sqlite3.Connection,
        path: Path,
        journal_id: str,
        roster: Roster,
        *,
        trusted: Signer,
        writer: Signer | None,
    ) -> None:
        """`trusted`: this machine's hall key, the one a snapshot must be signed with to be
        used; `writer`: the key that signs the snapshots written, None for a journal that
        writes none (read only)."""
        self._db = db
        self._path = path
        self._journal_id = journal_id
        self._roster = roster
        self._codes = roster.codes
        self._index = {code: place for place, code in enumerate(self._codes)}
        self._trusted = trusted
        self._writer = writer
        self.every = SNAPSHOT_EVERY
        self.problem: str | None = None
        """Why the stored snapshot was not used by the last `load` (altered, or not signed by
        the hall's key), or None: the state was then folded from all the events."""
        self.seq = 0
        """The event of the snapshot the state was last read from or written at (0: none)."""
        # What the journal (open to write) folded itself, for its next snapshot: the state
        # after its own events but `_unfolded`, the votes whose rows the snapshot table does
        # not hold as they are now, and the digests of those it does.
        self._folded: AssemblyState | None = None
        self._unfolded: list[Event] = []
        self._dirty: set[str] = set()
        self._rows: dict[str, str] | None = None

    # ---- written ------------------------------------------------------------------------------

    def fold_own(self, events: Sequence[Event]) -> tuple[AssemblyState, set[str]] | None:
        """The journal's state once `events` are written, from what it folded before, and the
        votes those and `_unfolded` touched; None when it folds nothing (its state was never
        asked for, or its events did not fold: it then stops making snapshots)."""
        if self._folded is None:
            return None
        events = [*self._unfolded, *events]
        try:
            state = fold_from(self._folded, events)
        except (KeyError, ValueError):
            self._folded = None
            return None
        return state, {e.vote for e in events if e.vote is not None}

    def new(
        self, state: AssemblyState, touched: set[str], head: str, seq: int
    ) -> _NewSnapshot | None:
        """The snapshot of `state` at event `seq` (whose hash is `head`), signed, when it is
        due (`every` rows since the last one): the votes changed since, written again, or all
        of them when the table's rows are not known to be this journal's."""
        assert self._writer is not None
        if seq - self.seq < self.every:
            return None
        known = self._rows
        changed = set(state.order)
        if known is not None:
            changed = self._dirty | touched | (changed - known.keys())
        try:
            votes = {
                vote: _compact(vote_snapshot(state.votes[vote], self._index)) for vote in changed
            }
            assembly = _compact(assembly_snapshot(state))
            key = self._writer.public()
        except (ValueError, OSError, SealError):
            return None  # a vote this version cannot write: the events are folded at opening
        digests = {**(known or {}), **{vote: _sha256(text) for vote, text in votes.items()}}
        digest = _snapshot_digest(assembly, digests)
        signature = self._writer.sign(_snapshot_text(self._journal_id, seq, head, digest))
        head_row = SnapshotHead(
            seq, head, SNAPSHOT_VERSION, assembly, digest, signature, key.fingerprint
        )
        return _NewSnapshot(head_row, votes, digests, whole=known is None)

    def write(self, snapshot: _NewSnapshot) -> None:
        """Replaces the stored snapshot, inside the caller's transaction."""
        db = self._db
        for statement in _SCHEMA:
            db.execute(statement)
        if snapshot.whole:
            db.execute("DELETE FROM snapshot_votes")
        db.executemany(
            "INSERT OR REPLACE INTO snapshot_votes (vote, state) VALUES (?, ?)",
            list(snapshot.votes.items()),
        )
        db.execute("DELETE FROM snapshots")
        db.execute(
            "INSERT INTO snapshots (seq, hash, version, assembly, digest, signature, hall_key) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            snapshot.head,
        )

    def took(
        self,
        events: Sequence[Event],
        folded: tuple[AssemblyState, set[str]] | None,
        snapshot: _NewSnapshot | None,
    ) -> None:
        """Keeps count of what was written, once it is durable."""
        if self._folded is None:
            return
        if folded is None:
            self._unfolded.extend(events)
            return
        self._folded, self._unfolded = folded[0], []
        self._dirty |= folded[1]
        if snapshot is not None:
            self._rows, self._dirty = snapshot.digests, set()
            self.seq = snapshot.head.seq

    # ---- read ---------------------------------------------------------------------------------

    def load(
        self, hall_keys: Callable[[], Iterable[HallKey]]
    ) -> tuple[int, AssemblyState, dict[str, str]] | None:
        """The stored snapshot's seq, state and the digests of its votes' rows, when it checks
        against the chain and the hall's key (`hall_keys`: those the journal holds); None
        otherwise (see `problem`)."""
        self.problem = None
        head = self.trusted_head(hall_keys)
        if head is None:
            return None
        try:
            texts = self._votes()
            digests = {vote: _sha256(text) for vote, text in texts.items()}
            if _snapshot_digest(head.assembly, digests) != head.digest:
                self._refused(head.seq, "holds votes that are not the ones it signed")
                return None
            return head.seq, self._decode(head, texts), digests
        except _SNAPSHOT_ERRORS:
            self._refused(head.seq, "cannot be read")
            return None

    def start_from(
        self, seq: int, state: AssemblyState, digests: dict[str, str] | None, tail: Sequence[Event]
    ) -> None:
        """Takes the state the journal read: the snapshot at `seq` (0: none; `digests`: of its
        votes' rows), then the events `tail` folded onto it. A journal that writes snapshots
        makes its next one from there."""
        self.seq = seq
        if self._writer is not None:
            self._folded, self._unfolded, self._rows = state, [], digests
            self._dirty = {e.vote for e in tail if e.vote is not None}

    def _refused(self, seq: int | str, what: str) -> None:
        self.problem = (
            f"{self._path}: the snapshot of the state at event {seq} {what}: it was altered "
            "outside voteboard, and the state was folded from all the events instead"
        )

    def stored(self) -> list[tuple[object, ...]]:
        """The rows of the snapshots table, newest first (none in a journal made before it)."""
        try:
            return self._db.execute(
                "SELECT seq, hash, version, assembly, digest, signature, hall_key FROM snapshots "
                "ORDER BY seq DESC"
            ).fetchall()
        except sqlite3.OperationalError:  # a journal made before snapshots, read only
            return []

    def trusted_head(self, hall_keys: Callable[[], Iterable[HallKey]]) -> SnapshotHead | None:
        """The stored snapshot's head when it may be trusted: of this version, signed with
        this machine's hall key (kept outside the journal), at an event of the chain that
        still has the hash it recorded. None otherwise; `problem` says what was wrong unless
        there was simply none usable here (none, of another version, no hall key on this
        machine, or signed by an earlier key of the hall's, one of `hall_keys`)."""
        stored = self.stored()
        if not stored:
            return None
        head = SnapshotHead.read(stored[0])
        if head is None:
            self._refused("?", "is garbled")
            return None
        key = self._trusted_key()
        if head.version != SNAPSHOT_VERSION or key is None:
            return None
        if head.hall_key != key.fingerprint:
            if head.hall_key not in {k.fingerprint for k in hall_keys()}:
                self._refused(head.seq, "is signed by a key this journal never held")
            return None
        if not key.verify(self._text(head), head.signature):
            self._refused(head.seq, "has a signature that does not verify")
            return None
        row = self._db.execute("SELECT hash FROM events WHERE seq = ?", (head.seq,)).fetchone()
        if row is None or row[0] != head.hash:
            self._refused(
                head.seq, "does not match the chain (that event is not the one it was made at)"
            )
            return None
        return head

    def _text(self, head: SnapshotHead) -> str:
        return _snapshot_text(self._journal_id, head.seq, head.hash, head.digest)

    def _trusted_key(self) -> HallKey | None:
        """This machine's hall key, kept outside the journal: the one that a snapshot must be
        signed with to be used. None where this machine has none."""
        try:
            return self._trusted.existing()
        except (OSError, ValueError, SealError):
            return None

    def _votes(self) -> dict[str, str]:
        """The rows of the snapshot's votes, by vote (ValueError for a row that is not text)."""
        texts = {}
        for vote, text in self._db.execute("SELECT vote, state FROM snapshot_votes"):
            if not isinstance(vote, str) or not isinstance(text, str):
                raise ValueError("a vote's row is not text")
            texts[vote] = text
        return texts

    def _decode(self, head: SnapshotHead, texts: Mapping[str, str]) -> AssemblyState:
        """The state a snapshot holds; raises one of _SNAPSHOT_ERRORS where it does not read."""
        shared: dict[tuple[str, str], MemberSet] = {}
        votes = {}
        for vote, text in texts.items():
            votes[vote] = vote_from_snapshot(json.loads(text), self._codes, shared)
            if votes[vote].id != vote:
                raise ValueError(f"the row of vote {vote} holds vote {votes[vote].id}")
        return assembly_from_snapshot(self._roster, json.loads(head.assembly), votes, shared)

    # ---- verified -----------------------------------------------------------------------------

    def disagrees(
        self,
        head: SnapshotHead,
        events_until: Callable[[int], Iterable[Event]],
        symbol: Callable[[str], str],
        hall_keys: Callable[[], Iterable[HallKey]],
    ) -> str | None:
        """What is wrong with a stored snapshot, or None: it is the fold of the events up to
        its event (`events_until`), that event has the hash it recorded, its votes are those it
        signed, and the hall's key (this machine's, or one of `hall_keys`, those the journal
        holds) signed it. A vote on which it differs is named by its `symbol`."""
        if head.version != SNAPSHOT_VERSION:
            return None  # made by another version of voteboard: never used by this one
        row = self._db.execute("SELECT hash FROM events WHERE seq = ?", (head.seq,)).fetchone()
        if row is None or row[0] != head.hash:
            return "names an event that is not in this chain: it was altered"
        try:
            texts = self._votes()
            stored = self._decode(head, texts)
        except _SNAPSHOT_ERRORS:
            return "cannot be read: it was altered"
        collecting = gc.isenabled()
        gc.disable()
        try:
            folded = fold(self._roster, events_until(head.seq))
        finally:
            if collecting:
                gc.enable()
        for vote in sorted({*folded.votes.keys(), *stored.votes.keys()}):
            if folded.votes.get(vote) != stored.votes.get(vote):
                return f"disagrees with the chain on the vote {symbol(vote)}: it was altered"
        if stored != folded:
            return "disagrees with the chain on the rights to vote or the order of the votes"
        digests = {vote: _sha256(text) for vote, text in texts.items()}
        if _snapshot_digest(head.assembly, digests) != head.digest:
            return "holds votes that are not the ones it signed: it was altered"
        keys = {key.fingerprint: key for key in hall_keys()}
        own = self._trusted_key()
        if own is not None:
            keys[own.fingerprint] = own
        key = keys.get(head.hall_key)
        if key is None or not key.verify(self._text(head), head.signature):
            return "is not signed by the hall's key: it was forged"
        return None
