"""The journal: one SQLite file, events chained by hash, secret urns sealed.

Every append is one transaction committed with WAL and synchronous=FULL before it returns,
so an acknowledged command survives a kill -9 or a power cut; and only while the file at the
journal's path is still the one being written: a journal deleted, replaced or unmounted
under a writer stops it, and nothing more is acknowledged. A file that is not a journal, or
one whose chain does not verify, is refused and never written to.

A secret ballot is sealed (`seal.py`) before it reaches SQLite: the urn holds ciphertexts
under a random token, each deposit event the digest of its sealed ballot (so the chain
covers the urn), and the vote's key lives outside the journal. The close counts the urn once,
records the digest of what it counted, and destroys the sealed ballots and the key: every
copy of the files ever taken holds only ciphertexts that nobody can open.

Beside the events, the chain holds the journal's own notes: the hall's signing key, the
secretariat's recovery key, and a signed checkpoint of the head after every close, lock and
cancel, which a record carries so that a journal rolled back or rewritten is caught.

Beside the chain, a snapshot of the state folded from it (`snapshots.py`), signed with the
hall's key, lets a journal of a long history open without folding (or checking) every event
again; one that does not check against the chain and the hall's key is never used. The votes
of the past imported from the UN's records are kept beside the chain too (`history.py`).
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import re
import secrets
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from platformdirs import user_data_path

from voteboard import files
from voteboard.core.events import (
    EVENT_ADAPTER,
    EVENT_TYPES,
    BallotDeposited,
    CorrectionRecorded,
    Event,
    VoteCancelled,
    VoteClosed,
    VoteLocked,
    VotePrepared,
)
from voteboard.core.history import ImportedVote
from voteboard.core.model import Choice, Counts, Mode, Refused, VoteSpec
from voteboard.core.roles import Role
from voteboard.core.roster import Roster, RosterError, parse_roster
from voteboard.core.session import UrnCount
from voteboard.core.state import (
    SNAPSHOT_VERSION,
    AssemblyState,
    fold_from,
)
from voteboard.journal import history, seal
from voteboard.journal.history import HistorySummary
from voteboard.journal.seal import HallKey, SealError, Signer
from voteboard.journal.snapshots import SnapshotHead, Snapshots
from voteboard.limits import InputError, read_bounded
from voteboard.resources import with_un_history

SCHEMA_VERSION = 2
"""2: sealed urns, the journal's id, its notes (signed checkpoints, the hall's and the
recovery keys). A journal of version 1 is brought to 2 when it is opened for writing."""
_BUSY_MS = 5000
"""How long a write waits for another connection (Python's sqlite3 default)."""
_CHECKPOINT_WAIT_MS = 250
NOTE_KINDS = ("hall_key", "recovery_key", "checkpoint", "epoch")
"""The journal's own records in the chain, beside the events of the votes (an epoch: a desk
took over the journal, `replica.py`)."""
_EVENTS_ONLY = f"kind NOT IN ({', '.join(repr(k) for k in NOTE_KINDS)})"

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE events (
    seq INTEGER PRIMARY KEY,
    vote TEXT,
    kind TEXT NOT NULL,
    at TEXT NOT NULL,
    body TEXT NOT NULL,
    prev TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX events_by_vote ON events (vote, seq);
"""

_URN = """
-- A secret ballot, sealed: no member, no time, no sequence, no choice in clear. Destroyed with
-- the vote's key when the vote ends.
CREATE TABLE IF NOT EXISTS urn (token BLOB PRIMARY KEY, vote TEXT NOT NULL, sealed BLOB NOT NULL)
    WITHOUT ROWID;
-- An open secret vote's key, sealed to the secretariat's recovery key (never in clear).
CREATE TABLE IF NOT EXISTS urn_keys (vote TEXT PRIMARY KEY, sealed BLOB NOT NULL);
-- The journal's notes (keys, checkpoints) and the deposits are looked up by their kind.
CREATE INDEX IF NOT EXISTS events_by_kind ON events (kind, seq);
"""

_AGENDA = """
CREATE TABLE IF NOT EXISTS agenda (position INTEGER PRIMARY KEY, spec TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS keys (
    holder TEXT PRIMARY KEY, role TEXT NOT NULL, hash TEXT NOT NULL,
    issued_at TEXT NOT NULL, revoked_at TEXT
);
"""
"""The meeting's prepared votes, and the keys of the seats' consoles, the displays and the
operator (stored hashed). Working tables, outside the chain: the record is the events. Added
to journals made before they existed when those are opened for writing."""

_FROZEN_AFTER = 200_000
"""A state read that made more objects than this (a long history: some 66 a vote) is moved out
of the garbage collector's sight (`gc.freeze`, with what else lives then): it lives as long as
the program and holds no cycle, and scanning its objects stalled the control window for half a
second at its first collection and at every full one after."""


class JournalError(Exception):
    """A journal that cannot be used; the message says which file and why."""


def default_journal_path() -> Path:
    """The embedded default: one file in the user's data folder (XDG rules on Linux)."""
    return user_data_path("voteboard", appauthor=False) / "journal.sqlite"


class Link(NamedTuple):
    """An event of the chain (or a note), once checked to follow the one before it."""

    seq: int
    kind: str
    vote: str | None
    body: str
    hash: str


class BrokenChain(Exception):
    """Where the chain breaks: event `seq` does not follow event `after` (removed, inserted,
    reordered), or its own hash does not match it (`altered`)."""

    def __init__(self, seq: int, after: int, *, altered: bool) -> None:
        super().__init__(f"event {seq}")
        self.seq, self.after, self.altered = seq, after, altered


def chain(
    rows: Iterable[tuple[int, str, str | None, str, str, str]], after: int, prev: str
) -> Iterator[Link]:
    """The one walker of the hash chain: rows (seq, kind, vote, body, prev, hash) in order,
    from the event `after` whose hash is `prev` (0 and the roster's hash: the origin). Each
    is yielded once it is checked; BrokenChain at the first that does not follow or match."""
    for seq, kind, vote, body, stored_prev, stored_hash in rows:
        if seq != after + 1 or stored_prev != prev:
            raise BrokenChain(seq, after, altered=False)
        if event_hash(prev, kind, vote, body) != stored_hash:
            raise BrokenChain(seq, after, altered=True)
        yield Link(seq, kind, vote, body, stored_hash)
        after, prev = seq, stored_hash


def event_hash(prev: str, kind: str, vote: str | None, body: str) -> str:
    """The hash of an event: its body, the columns that index it, and the hash before it."""
    return hashlib.sha256(f"{prev}\n{kind}\n{vote or ''}\n{body}".encode()).hexdigest()


def new_keys(holders: Iterable[str]) -> dict[str, str]:
    """A random key (192 bits, URL-safe) for each holder."""
    return {holder: secrets.token_urlsafe(24) for holder in holders}


def key_hash(key: str) -> str:
    """A key as it is kept: its SHA-256 (keys are random, 192 bits: no slow hash is needed)."""
    return hashlib.sha256(key.encode()).hexdigest()


def roster_hash(roster_json: str) -> str:
    """Where the chain starts: a journal's roster is part of what `verify` checks."""
    return hashlib.sha256(f"voteboard roster\n{roster_json}".encode()).hexdigest()


@dataclass(frozen=True)
class Verification:
    """What `verify` found: intact with N events, or the first thing that does not match."""

    intact: bool
    events: int
    problem: str = ""
    seq: int | None = None
    checkpoints: int = 0
    hall_key: str | None = None
    snapshots: int = 0
    """Stored snapshots of the state found to be the fold of the chain."""

    def __str__(self) -> str:
        if not self.intact:
            return f"NOT intact: {self.problem}"
        signed = f", {self.checkpoints} signed checkpoint{'s' if self.checkpoints != 1 else ''}"
        key = f" (hall key {self.hall_key})" if self.hall_key else ""
        folded = ", its snapshot of the state is the fold of the chain" if self.snapshots else ""
        return f"intact, {self.events} events" + (signed + key if self.checkpoints else "") + folded


@dataclass(frozen=True)
class Checkpoint:
    """A signed head of the chain, as a record carries it."""

    seq: int
    hash: str
    text: str
    signature: str
    hall_key: str  # the signing key's fingerprint

    def as_json(self) -> dict[str, object]:
        return {
            "seq": self.seq,
            "hash": self.hash,
            "signed": self.text,
            "signature": self.signature,
            "hall_key": self.hall_key,
        }


@dataclass(frozen=True)
class _Row:
    """A row of the chain before it is chained: an event of a vote, or a note."""

    kind: str
    vote: str | None
    at: str
    body: str

    @classmethod
    def note(cls, kind: str, at: str, **fields: object) -> _Row:
        return cls(kind, None, at, json.dumps({"at": at, **fields}))


_SIGNED = (VoteClosed, VoteLocked, VoteCancelled, CorrectionRecorded)
"""The events followed at once by a signed checkpoint (and, when one is due, a snapshot)."""
_ENDS = ("vote_closed", "vote_locked", "vote_cancelled")
"""The kinds of event that a journal which signs follows with a checkpoint (verify: required)."""


class Journal:
    """A journal file, open for reading and appending. Implements the core's `Store`."""

    def __init__(
        self,
        path: Path,
        connection: sqlite3.Connection,
        roster: Roster,
        meta: Mapping[str, str],
        readonly: bool,
        signer: Signer | None = None,
    ) -> None:
        self.path = path
        self._db = connection
        self.roster = roster
        self.readonly = readonly
        self.journal_id = meta.get("journal_id", "")
        self._origin = roster_hash(meta["roster"])
        self._schema = int(meta["schema"])
        self._signer = signer
        self._seq, self._head_hash = self._stored_head()
        self._keys: dict[str, bytes] = {}  # the keys of open secret votes, by vote
        self._deposits: dict[str, int] = {}  # the sealed ballots each open vote holds
        self._lost: str | None = None
        self._rescued = False
        self._held = files.hold(path) if path.is_file() else None
        self._place: tuple[int, int] | None = None
        self._handle: int | None = None
        self._snapshots = Snapshots(
            connection,
            path,
            self.journal_id,
            roster,
            trusted=signer if signer is not None else Signer(),
            writer=None if readonly else signer,
        )
        if not readonly and path.exists():
            self._handle = os.open(path, os.O_RDONLY)
            stat = os.fstat(self._handle)
            self._place = stat.st_dev, stat.st_ino
            self._shred_stale_keys()

    @property
    def snapshot_every(self) -> int:
        """How many rows of the chain after the last snapshot of the state the next one is
        written (SNAPSHOT_EVERY unless set)."""
        return self._snapshots.every

    @snapshot_every.setter
    def snapshot_every(self, rows: int) -> None:
        self._snapshots.every = rows

    @property
    def snapshot_problem(self) -> str | None:
        """Why the stored snapshot of the state was not used by the last `state()` (altered,
        or not signed by the hall's key), or None: the state was then folded from all the
        events."""
        return self._snapshots.problem

    @property
    def _snapshot_seq(self) -> int:
        """The event of the snapshot the state was last read from or written at (0: none)."""
        return self._snapshots.seq

    # ---- opening -------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path | None = None,
        *,
        roster: Roster | None = None,
        create: bool = True,
        check: bool = True,
        readonly: bool = False,
        signer: Signer | None = None,
    ) -> Journal:
        """Opens (or creates) a journal. `check` verifies the hash chain before any write: the
        events after the stored snapshot of the state when that checks with the hall's key
        (it vouches for the chain up to it), all of them otherwise. A journal opened for
        writing signs its checkpoints and snapshots with `signer` (the hall's key in the
        user's configuration folder unless given)."""
        path = Path(path) if path is not None else default_journal_path()
        if path.exists():
            _check_is_sqlite(path)
            if check or not readonly:
                # Look before writing: a file that is not an intact journal is never touched.
                with closing(_connect(path, readonly=True)) as look:
                    _opened(path, look, check=check, readonly=True, signer=signer).detach()
        elif not create or readonly:
            raise JournalError(f"{path}: there is no journal at this path")
        elif roster is None:
            raise JournalError(f"{path}: a new journal needs a roster")
        else:
            _create(path, roster)
        connection = _connect(path, readonly=readonly)
        if not readonly:
            _upgrade(path, connection)
        return _opened(
            path,
            connection,
            check=False,
            readonly=readonly,
            signer=None if readonly else (signer or Signer()),
        )

    @classmethod
    def in_memory(cls, roster: Roster, name: str = ":memory:") -> Journal:
        """A journal that lives in memory only: what a reading command sees where no journal
        exists yet, without creating one."""
        connection = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        _initialize(connection, roster)
        return _opened(Path(name), connection, check=False, readonly=False)

    def backup(self, target: Path) -> Verification:
        """Copies the journal to a new file, whole and consistent even while another process
        writes it (SQLite's online backup), and returns the copy's own verification.

        The copy is made in memory and written to an unnamed file in the target's folder,
        which is given its name once it is on the disk: the target holds a whole journal or
        nothing, a killed backup leaves no file, and an existing file is never replaced."""
        files.check_new_target(target)
        with closing(sqlite3.connect(":memory:", isolation_level=None)) as copy:
            self._db.backup(copy)
            data = copy.serialize()
        try:
            files.write_new(target, data)
        except FileExistsError:
            raise JournalError(
                f"{target}: a file appeared there meanwhile; it is left as it is"
            ) from None
        except OSError as exc:
            raise JournalError(f"{target}: a backup cannot be made here ({exc.strerror})") from None
        with Journal.open(target, readonly=True, check=False, create=False) as copy_journal:
            return copy_journal.verify()

    def detach(self) -> None:
        """Lets go of the journal without closing its connection (which its owner closes)."""
        self._release_handle()

    def close(self) -> None:
        if not self.readonly:
            self.place_problem()
            with suppress(sqlite3.Error):
                self._truncate_log()
        self._db.close()
        self._release_handle()

    def _release_handle(self) -> None:
        if self._handle is not None:
            os.close(self._handle)
            self._handle = None
        if self._held is not None:
            files.release(self._held)
            self._held = None

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- the file under the writer ------------------------------------------------------------

    def place_problem(self) -> str | None:
        """Why this journal can no longer be written, or None: the file at its path is not the
        one open (deleted, replaced, its disk unmounted), or a write failed. Cheap: two stats."""
        if self._lost is None and self._place is not None and self._handle is not None:
            try:
                stat = os.stat(self.path)
                here: tuple[int, int] | None = (stat.st_dev, stat.st_ino)
            except OSError:
                here = None
            if here != self._place or os.fstat(self._handle).st_nlink == 0:
                what = "deleted or moved" if here is None else "replaced by another file"
                self._lost = (
                    f"{self.path}: the journal was {what} while voteboard was writing it; "
                    "voteboard stopped writing and acknowledges nothing more. Put the journal "
                    "back at its place (or start voteboard on a journal), then start again"
                )
        return self._lost

    def _check_place(self) -> None:
        problem = self.place_problem()
        if problem is not None:
            if not self._db.in_transaction:
                self._rescue()
            raise JournalError(problem)

    def stop_if_lost(self) -> str | None:
        """Where the journal is no longer at its path: stops writing it, its log moved into
        the file it belongs to. Returns the problem, or None."""
        problem = self.place_problem()
        if problem is not None and not self._db.in_transaction:
            self._rescue()
        return problem

    def _rescue(self) -> None:
        """Moves what the write-ahead log holds into the file this journal is (wherever it now
        lies) and empties the log: the log has a name, not an inode, and left at the old
        path it would hold the acknowledged ballots apart from their journal, or be applied
        to another file put there."""
        if not self._rescued:
            self._rescued = True
            with suppress(sqlite3.Error):
                self._truncate_log()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One durable write: refused once the journal is no longer at its path (looked at
        before and just before the commit); rolled back whole on any error."""
        self._check_place()
        try:
            with immediate(self._db) as db:
                yield db
                self._check_place()
        except BaseException:
            if self._lost is not None:
                self._rescue()
            raise

    # ---- the Store of the core -----------------------------------------------------------

    def append(
        self, events: Sequence[Event], urn: tuple[str, Choice] | None = None
    ) -> Sequence[Event]:
        """Writes events (and a secret ballot, sealed, to its urn) in one durable
        transaction; returns them as written. Refuses (JournalError) once the journal is no
        longer at its path, and acknowledges nothing written to a file that was replaced."""
        return self.append_all([(events, urn)])[0]

    def append_all(
        self, groups: Sequence[tuple[Sequence[Event], tuple[str, Choice] | None]]
    ) -> list[Sequence[Event]]:
        """Writes several commands' events (each with its secret ballot, sealed, to its urn)
        in one durable transaction, all or none: a burst of ballots costs one commit; returns
        each group as written. Refuses as `append` does."""
        written: list[Sequence[Event]] = []
        sealed: list[tuple[bytes, str, bytes]] = []
        recoveries: dict[str, bytes] = {}
        for events, urn in groups:
            if urn is not None:
                vote, choice = urn
                key, recovery = self._key_for(vote)
                if recovery is not None:  # the first deposit of the vote: one copy of its key
                    recoveries.setdefault(vote, recovery)
                token = secrets.token_bytes(16)
                ballot = seal.seal_ballot(key, vote, token, choice)
                sealed.append((token, vote, ballot))
                digest = seal.ballot_digest(token, ballot)
                events = [
                    e.model_copy(update={"seal": digest}) if isinstance(e, BallotDeposited) else e
                    for e in events
                ]
            written.append(events)
        events = [e for group in written for e in group]
        # A secret ballot's key is made with the vote, so that its first ballot waits for no
        # new file.
        keys = [
            (e.vote, self._key_for(e.vote)[1])
            for e in events
            if isinstance(e, VotePrepared) and e.spec.mode is Mode.SECRET
        ]
        ending = {e.vote for e in events if isinstance(e, VoteClosed | VoteCancelled)}
        rows: list[_Row] = []
        for e in events:
            rows.append(_Row(e.kind, e.vote, e.at.isoformat(), EVENT_ADAPTER.dump_json(e).decode()))
            # Each close, lock and cancel is followed at once by its signed checkpoint (a batch
            # that closed and locked was signed once, at its end, and failed to verify). A
            # correction after the lock is signed too, so that a record made after it carries
            # a head that covers it (verify does not require that: older journals lack it).
            if self._signer is not None and isinstance(e, _SIGNED):
                rows += self._checkpoint_rows(rows, e.at.isoformat())
        # With a signed checkpoint, the state this journal folds itself is brought up to date,
        # and every SNAPSHOT_EVERY rows it is written as a snapshot in the same transaction:
        # never with a ballot, which is only kept to be folded with the next of those.
        signed = self._signer is not None and any(isinstance(e, _SIGNED) for e in events)
        folded = self._snapshots.fold_own(events) if signed else None
        snapshot = None if folded is None else self._snapshots.new(*folded, *self._chained(rows))
        with self._transaction() as db:
            self._check_unchanged()
            head, seq = self._write_rows(rows)
            deposited: Counter[str] = Counter()
            for deposit in sealed:
                vote = deposit[1]
                self._deposit(deposit, recoveries.pop(vote, None), deposited[vote])
                deposited[vote] += 1
            db.executemany(
                "INSERT INTO urn_keys (vote, sealed) VALUES (?, ?)",
                [(vote, copy) for vote, copy in keys if copy is not None],
            )
            for vote in ending:
                db.execute("DELETE FROM urn WHERE vote = ?", (vote,))
                db.execute("DELETE FROM urn_keys WHERE vote = ?", (vote,))
            if snapshot is not None:
                self._snapshots.write(snapshot)
        self._head_hash, self._seq = head, seq
        self._snapshots.took(events, folded, snapshot)
        # Written to a file that is no longer at the path (replaced between the look and the
        # commit): not acknowledged.
        self._check_place()
        for vote, count in deposited.items():
            self._deposits[vote] = self._deposits.get(vote, 0) + count
        for vote in ending:
            self._destroy_key(vote)
        if ending:
            self._truncate_log()
        return written

    def _check_unchanged(self) -> None:
        if self._stored_head() != (self._seq, self._head_hash):
            raise JournalError(
                f"{self.path}: another program has written to this journal since it was "
                "opened (is a second voteboard control or simulate running on it?); "
                "nothing was written"
            )

    def _write_rows(self, rows: Sequence[_Row]) -> tuple[str, int]:
        """Chains and inserts rows after the head, inside the caller's transaction."""
        head, seq = self._head_hash, self._seq
        values = []
        for row in rows:
            digest = event_hash(head, row.kind, row.vote, row.body)
            seq += 1
            values.append((seq, row.vote, row.kind, row.at, row.body, head, digest))
            head = digest
        self._db.executemany(
            "INSERT INTO events (seq, vote, kind, at, body, prev, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            values,
        )
        self._db.execute("UPDATE meta SET value = ? WHERE key = 'head'", (f"{seq} {head}",))
        return head, seq

    def _chained(self, rows: Sequence[_Row]) -> tuple[str, int]:
        """The head (hash, seq) that writing `rows` after the present head will make."""
        head, seq = self._head_hash, self._seq
        for row in rows:
            head, seq = event_hash(head, row.kind, row.vote, row.body), seq + 1
        return head, seq

    def _write_notes(self, rows: Sequence[_Row]) -> None:
        """The journal's own notes, in a durable transaction of their own."""
        with self._transaction():
            self._check_unchanged()
            head, seq = self._write_rows(rows)
        self._head_hash, self._seq = head, seq

    def _checkpoint_rows(self, rows: Sequence[_Row], at: str) -> list[_Row]:
        """The hall's key (where the journal does not hold it yet) and a checkpoint signing
        the head that `rows` will make."""
        assert self._signer is not None
        try:
            key = self._signer.public()
        except (OSError, ValueError, SealError) as exc:
            raise JournalError(
                f"the hall's signing key ({self._signer.path}) cannot be used: {exc}"
            ) from None
        notes: list[_Row] = []
        if self.hall_key() != key and not any(row.kind == "hall_key" for row in rows):
            notes.append(_Row.note("hall_key", at, public_key=key.pem, fingerprint=key.fingerprint))
        head, seq = self._chained([*rows, *notes])
        signature = self._signer.sign(seal.head_text(self.journal_id, seq, head))
        checkpoint = _Row.note(
            "checkpoint", at, seq=seq, hash=head, signature=signature, hall_key=key.fingerprint
        )
        return [*notes, checkpoint]

    # ---- the sealed urn ------------------------------------------------------------------------

    def _key_for(self, vote: str) -> tuple[bytes, bytes | None]:
        """The vote's key, made when the vote is prepared (or with its first ballot, for a
        vote prepared before), and its copy sealed to the recovery key when the journal has
        one and does not hold that copy yet (the caller writes it in its transaction)."""
        if vote not in self._deposits:
            self._deposits[vote] = self._sealed_count(vote)
        first = self._deposits[vote] == 0 and not self._has_recovery_copy(vote)
        key = self._vote_key(vote, create=first)
        recovery = self.recovery_key() if first else None
        return key, (seal.seal_to_recovery(recovery, key, vote) if recovery else None)

    def _deposit(
        self, sealed: tuple[bytes, str, bytes], recovery: bytes | None, before: int = 0
    ) -> None:
        """Puts a sealed ballot in its urn, inside the caller's transaction, after `before`
        others of the same transaction (the urn is checked before the first of them)."""
        token, vote, ballot = sealed
        db = self._db
        held = (
            db.execute("SELECT count(*) FROM urn WHERE vote = ?", (vote,)).fetchone()[0]
            if not before
            else None
        )
        if held is not None and held != self._deposits[vote]:
            raise Refused(
                f"The urn of {self._symbol(vote)} holds {held} sealed ballots where "
                f"{self._deposits[vote]} were deposited: it was altered outside voteboard. "
                "No more ballots are taken; the vote cannot be counted and must be cancelled "
                "and taken again"
            )
        db.execute("INSERT INTO urn (token, vote, sealed) VALUES (?, ?, ?)", (token, vote, ballot))
        if recovery is not None:
            db.execute("INSERT INTO urn_keys (vote, sealed) VALUES (?, ?)", (vote, recovery))

    def _vote_key(self, vote: str, *, create: bool) -> bytes:
        key = self._keys.get(vote)
        if key is not None:
            return key
        path = seal.vote_key_path(self.journal_id, vote)
        try:
            key = read_bounded(path, seal.VOTE_KEY_SIZE)
        except InputError:
            raise Refused(f"{path}: not the key of a secret ballot") from None
        except FileNotFoundError:
            if not create:
                raise Refused(self._lost_key_message(vote)) from None
            key = seal.new_vote_key()
            try:
                seal.private_folder(path.parent)
                seal.write_secret(path, key)
            except OSError as exc:
                raise JournalError(
                    f"{path}: the secret ballot's key cannot be kept there ({exc}); "
                    "nothing was written"
                ) from None
        if len(key) != seal.VOTE_KEY_SIZE:
            raise Refused(f"{path}: not the key of a secret ballot")
        self._keys[vote] = key
        return key

    def _lost_key_message(self, vote: str) -> str:
        taken_over = self._db.execute(
            "SELECT 1 FROM events WHERE kind = 'epoch' AND seq > "
            "(SELECT min(seq) FROM events WHERE vote = ? AND kind = 'vote_prepared')",
            (vote,),
        ).fetchone()
        if taken_over is not None and not self._has_recovery_copy(vote):
            return (
                f"This desk took over the journal during the secret ballot {self._symbol(vote)} "
                "without being given its key (the primary never sealed it to this standby): its "
                "sealed ballots cannot be counted here. The vote must be taken again: cancel it "
                "and prepare it anew"
            )
        how = (
            "with the secretariat's recovery key, run 'voteboard recovery restore "
            f"--journal {self.path} --key-file FILE', then start again"
            if self._has_recovery_copy(vote)
            else "no recovery key was set for this journal, so there is no other copy"
        )
        return (
            f"The key of the secret ballot {self._symbol(vote)} is lost (voteboard's runtime "
            f"folder, {seal.runtime_dir()}, was emptied, as by a power cut or a restart): its "
            f"sealed ballots cannot be counted. {how[0].upper()}{how[1:]}; otherwise cancel "
            "the vote and take it again"
        )

    def _destroy_key(self, vote: str | None) -> None:
        if vote is None:
            return
        self._keys.pop(vote, None)
        self._deposits.pop(vote, None)
        seal.shred(seal.vote_key_path(self.journal_id, vote))

    def _shred_stale_keys(self) -> None:
        """Destroys the keys of votes that have ended: a process killed between a close and
        the destruction of its key leaves the key behind, and the next writer finishes."""
        if not self.journal_id:
            return
        prefix = f"{self.journal_id}-"
        with suppress(OSError):
            for path in seal.runtime_dir().glob(f"{prefix}*.key"):
                ended = self._db.execute(
                    "SELECT 1 FROM events WHERE vote = ? "
                    "AND kind IN ('vote_closed', 'vote_cancelled')",
                    (path.name[len(prefix) : -len(".key")],),
                ).fetchone()
                if ended is not None:
                    seal.shred(path)

    def _sealed_count(self, vote: str) -> int:
        return int(
            self._db.execute(
                "SELECT count(*) FROM events WHERE vote = ? AND kind = 'ballot_deposited'", (vote,)
            ).fetchone()[0]
        )

    def _has_recovery_copy(self, vote: str) -> bool:
        row = self._db.execute("SELECT 1 FROM urn_keys WHERE vote = ?", (vote,)).fetchone()
        return row is not None

    def _symbol(self, vote: str) -> str:
        row = self._db.execute(
            "SELECT json_extract(body, '$.spec.symbol') FROM events "
            "WHERE vote = ? AND kind = 'vote_prepared'",
            (vote,),
        ).fetchone()
        return f"{row[0]} ({vote})" if row and row[0] else vote

    def _seals(self, vote: str) -> list[str | None]:
        return [
            None if digest is None else str(digest)
            for (digest,) in self._db.execute(
                "SELECT json_extract(body, '$.seal') FROM events "
                "WHERE vote = ? AND kind = 'ballot_deposited' ORDER BY seq",
                (vote,),
            )
        ]

    def count_urn(self, vote: str) -> UrnCount:
        """Opens and counts a vote's urn, once, at its close. Refuses (changing nothing) when
        the key is lost or the urn is not exactly the ballots that were deposited."""
        key = self._vote_key(vote, create=False) if self._sealed_count(vote) else None
        counts = dict.fromkeys(Choice, 0)
        found: list[str] = []
        for token, sealed in self._db.execute(
            "SELECT token, sealed FROM urn WHERE vote = ?", (vote,)
        ):
            if key is None:
                raise Refused(f"The urn of {self._symbol(vote)} holds ballots nobody deposited")
            try:
                counts[seal.open_ballot(key, vote, token, sealed)] += 1
            except SealError as exc:
                raise Refused(
                    f"The urn of {self._symbol(vote)} cannot be counted: {exc} (it was altered "
                    "outside voteboard). Cancel the vote and take it again"
                ) from None
            found.append(seal.ballot_digest(token, sealed))
        deposited = self._seals(vote)
        if sorted(found) != sorted(d for d in deposited if d is not None):
            raise Refused(
                f"The urn of {self._symbol(vote)} holds {len(found)} sealed ballots that are not "
                f"the {len(deposited)} deposited (ballots were added, removed or altered "
                "outside voteboard): it cannot be counted. Cancel the vote and take it again"
            )
        totals = Counts(
            yes=counts[Choice.YES], no=counts[Choice.NO], abstain=counts[Choice.ABSTAIN]
        )
        return UrnCount(totals, seal.urn_digest(found))

    def urn_problems(self) -> list[str]:
        """What stops an open secret vote from being counted (its key lost), for the desk."""
        problems = []
        for vote in self._open_urns():
            try:
                self._vote_key(vote, create=False)
            except Refused as exc:
                problems.append(str(exc))
        return problems

    # ---- the recovery key ----------------------------------------------------------------------

    def recovery_key(self) -> str | None:
        """The public half of the secretariat's recovery key (the latest set), or None."""
        body = self._latest_note("recovery_key")
        return None if body is None else str(body["public_key"])

    def set_recovery_key(self, public: str, at: str) -> list[str]:
        """Sets the recovery key (a note in the chain) for the secret ballots from now on and
        for those open now whose key is at hand, in one transaction. Returns the open votes
        it could not cover (their key is already lost)."""
        note = _Row.note("recovery_key", at, public_key=public, fingerprint=_fingerprint(public))
        covered, lost = [], []
        for vote in self._open_urns():
            try:
                key = self._vote_key(vote, create=False)
            except Refused:
                lost.append(self._symbol(vote))
                continue
            covered.append((vote, seal.seal_to_recovery(public, key, vote)))
        with self._transaction() as db:
            self._check_unchanged()
            head, seq = self._write_rows([note])
            db.executemany("INSERT OR REPLACE INTO urn_keys (vote, sealed) VALUES (?, ?)", covered)
        self._head_hash, self._seq = head, seq
        return lost

    def _open_urns(self) -> list[str]:
        """The secret votes whose urn holds ballots and that have not ended."""
        return [
            str(vote)
            for (vote,) in self._db.execute(
                "SELECT DISTINCT vote FROM urn WHERE vote NOT IN "
                "(SELECT vote FROM events WHERE kind IN ('vote_closed', 'vote_cancelled'))"
            ).fetchall()
        ]

    def restore_keys(self, private: X25519PrivateKey) -> list[str]:
        """Puts back the keys of open secret votes that the runtime folder lost, from their
        copies sealed to the recovery key. Returns the votes restored."""
        restored = []
        for vote, sealed in self._db.execute("SELECT vote, sealed FROM urn_keys").fetchall():
            path = seal.vote_key_path(self.journal_id, vote)
            if path.exists():
                continue
            key = seal.open_from_recovery(private, sealed, vote)
            seal.private_folder(path.parent)
            seal.write_secret(path, key)
            restored.append(self._symbol(vote))
        return restored

    # ---- the desks: the epoch, the standby (replica.py) --------------------------------------

    @property
    def head(self) -> tuple[int, str]:
        """The last row of the chain this journal holds: its seq and its hash."""
        return self._seq, self._head_hash

    @classmethod
    def create_copy(cls, path: Path, journal_id: str, roster_json: str) -> Journal:
        """A new, empty journal made to be the copy of another (a standby's): the same id and
        the same roster, so that the same rows chain to the same hashes."""
        if path.exists():
            raise JournalError(f"{path}: a file is there already; it is left as it is")
        if not _JOURNAL_ID.fullmatch(journal_id):
            raise JournalError(f"the journal's id {journal_id!r} is garbled")
        try:
            roster = parse_roster(roster_json.encode(), "the primary's roster")
        except (RosterError, UnicodeEncodeError) as exc:
            raise JournalError(f"the primary's roster cannot be read ({exc})") from None
        _create(path, roster, journal_id, roster_json)
        return cls.open(path, create=False)

    def roster_text(self) -> str:
        """The roster as the journal stores it (its hash is the chain's origin)."""
        return str(self._meta_value("roster") or "")

    def epoch(self) -> int:
        """The journal's epoch: 1 until a standby desk takes it over, one more at each
        takeover (an `epoch` note of the chain)."""
        body = self._latest_note("epoch")
        return 1 if body is None else int(str(body["epoch"]))

    def begin_epoch(self, desk: str, at: str) -> int:
        """A desk takes the journal over: the next epoch, as a note of the chain followed by
        its signed checkpoint, in one durable transaction. Returns the new epoch."""
        epoch = self.epoch() + 1
        rows = [_Row.note("epoch", at, epoch=epoch, desk=desk)]
        if self._signer is not None:
            rows += self._checkpoint_rows(rows, at)
        self._write_notes(rows)
        return epoch

    def desk_note(self, name: str) -> dict[str, object] | None:
        """What the journal keeps about its desks, outside the chain: `fenced` (another desk
        took over from this one: its epoch, its address), `standby` (the standby's address)."""
        value = self._meta_value(f"desk_{name}")
        try:
            return None if value is None else dict(json.loads(value))
        except (ValueError, TypeError):
            return None

    def set_desk_note(self, name: str, value: Mapping[str, object]) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                (f"desk_{name}", json.dumps(dict(value))),
            )

    def _meta_value(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    # ---- the hall's key and the checkpoints -----------------------------------------------------

    def hall_key(self) -> HallKey | None:
        """The hall's signing key as the journal holds it (the latest), or None."""
        body = self._latest_note("hall_key")
        return None if body is None else HallKey(str(body["public_key"]))

    def hall_keys(self) -> list[HallKey]:
        """Every signing key the hall has used in this journal, oldest first."""
        return [
            HallKey(str(json.loads(body)["public_key"]))
            for (body,) in self._db.execute(
                "SELECT body FROM events WHERE kind = 'hall_key' ORDER BY seq"
            )
        ]

    def latest_checkpoint(self) -> Checkpoint | None:
        """The newest signed checkpoint: what a record made now carries."""
        body = self._latest_note("checkpoint")
        if body is None:
            return None
        seq, digest = int(str(body["seq"])), str(body["hash"])
        return Checkpoint(
            seq,
            digest,
            seal.head_text(self.journal_id, seq, digest),
            str(body["signature"]),
            str(body["hall_key"]),
        )

    def _latest_note(self, kind: str) -> dict[str, object] | None:
        row = self._db.execute(
            "SELECT body FROM events WHERE kind = ? ORDER BY seq DESC LIMIT 1", (kind,)
        ).fetchone()
        return None if row is None else dict(json.loads(row[0]))

    def contains_head(self, seq: int, digest: str) -> str | None:
        """None when this journal's chain passes through event `seq` with hash `digest`;
        otherwise what is wrong (rolled back, or rewritten)."""
        row = self._db.execute("SELECT hash FROM events WHERE seq = ?", (seq,)).fetchone()
        if row is None:
            return (
                f"this journal has no event {seq} (it ends at event {self._stored_head()[0]}): "
                "it was rolled back to an older copy, or events were removed"
            )
        if row[0] != digest:
            return (
                f"event {seq} of this journal is not the one the record was made from (its "
                "hash differs): the journal was rewritten"
            )
        return None

    def _truncate_log(self) -> None:
        """Moves the write-ahead log into the file and empties it. A reader in another process
        can delay this (SQLite answers busy); it is tried again at the next end and at close.
        What it holds of a secret ballot is sealed, and its key is destroyed at the close."""
        # A quarter of a second at most: a display's poll ends sooner, while a reader that
        # holds the log (a backup) would stall the desk for 5 s (Python's busy timeout), for a
        # log that holds nothing in clear.
        self._db.execute(f"PRAGMA busy_timeout = {_CHECKPOINT_WAIT_MS}")
        try:
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            self._db.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")

    # ---- reading -------------------------------------------------------------------------

    def events(self, vote: str | None = None) -> Iterator[Event]:
        """The events in order: all of them, or one vote's (its rights events included)."""
        if vote is None:
            yield from self._read_events(_EVENTS_ONLY, ())
        else:
            yield from self._read_events("vote = ?", (vote,))

    def _read_events(self, where: str, values: tuple[object, ...]) -> Iterator[Event]:
        rows = self._db.execute(f"SELECT kind, body FROM events WHERE {where} ORDER BY seq", values)
        for kind, body in rows:
            yield EVENT_TYPES[kind].model_validate_json(body)

    def state(self) -> AssemblyState:
        """The assembly as the fold of its events, the same code as live operation: from the
        stored snapshot of the state when it checks (signed by this machine's hall key, at an
        event that still has the hash it recorded, its votes those it signed), then the events
        after it; otherwise from the start, and `snapshot_problem` says why where the snapshot
        was altered."""
        collecting = gc.isenabled()
        gc.disable()  # a fold allocates many small objects that all live on: skip the scans
        try:
            with self._reading():
                loaded = self._snapshots.load(self.hall_keys)
                start, state, rows = loaded or (0, AssemblyState.initial(self.roster), None)
                tail = list(self._events_from(start))
            state = fold_from(state, tail)
        finally:
            if collecting:
                if gc.get_count()[0] > _FROZEN_AFTER:
                    gc.freeze()
                gc.enable()
        self._snapshots.start_from(start, state, rows, tail)
        return state

    def snapshot_start(self) -> tuple[AssemblyState, int, str | None]:
        """Where a reader that follows the journal may start: the state of its stored snapshot
        when it checks (as `state` takes it), the snapshot's seq and the chain's hash there;
        else the assembly before any event, 0 and None. The reader then reads the events after
        it with `events_after(seq, hash)`, which checks that they continue the chain."""
        with self._reading():
            loaded = self._snapshots.load(self.hall_keys)
            if loaded is None:
                return AssemblyState.initial(self.roster), 0, None
            seq, state, _ = loaded
            row = self._db.execute("SELECT hash FROM events WHERE seq = ?", (seq,)).fetchone()
        return state, seq, str(row[0])

    def _events_from(self, seq: int) -> Iterator[Event]:
        return self._read_events(f"seq > ? AND {_EVENTS_ONLY}", (seq,))

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """One read transaction: what is read inside it is one moment of the journal, even
        while another process writes."""
        if self._db.in_transaction:
            yield
            return
        self._db.execute("BEGIN")
        try:
            yield
        finally:
            self._db.execute("COMMIT")

    def events_after(self, seq: int, prev: str | None = None) -> tuple[list[Event], int, str]:
        """The events after `seq`, read in one snapshot, each checked to continue the hash
        chain from `prev` (the hash of event `seq`; the chain's origin when `seq` is 0).
        Returns them with the new head (seq, hash). Raises JournalError where the chain
        breaks: a reader that follows another process's writes never shows a forged event."""
        expected = self._origin if seq == 0 else prev
        if expected is None:
            raise ValueError("events_after needs the hash of the event it starts after")
        rows = self._db.execute(
            "SELECT seq, kind, vote, body, prev, hash FROM events WHERE seq > ? ORDER BY seq",
            (seq,),
        ).fetchall()
        events: list[Event] = []
        try:
            for link in chain(rows, seq, expected):
                if link.kind not in NOTE_KINDS:
                    events.append(EVENT_TYPES[link.kind].model_validate_json(link.body))
                seq, expected = link.seq, link.hash
        except BrokenChain as broken:
            if broken.altered:
                raise JournalError(f"{self.path}: event {broken.seq} was altered") from None
            raise JournalError(
                f"{self.path}: event {broken.seq} does not follow event {broken.after}: the "
                "journal was altered or replaced"
            ) from None
        return events, seq, expected

    def data_version(self) -> int:
        """A number that changes when another connection commits (cheap to poll)."""
        return int(self._db.execute("PRAGMA data_version").fetchone()[0])

    def event_count(self) -> int:
        """The events of the votes (the notes left out). The chain numbers its rows from 1
        without a gap (verify checks it), so that this does not count every row."""
        (last,) = self._db.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()
        (notes,) = self._db.execute(
            f"SELECT count(*) FROM events WHERE kind IN ({', '.join(map(repr, NOTE_KINDS))})"
        ).fetchone()
        return int(last) - int(notes)

    def verify(self) -> Verification:
        """Recomputes the hash chain, checks every signed checkpoint and every sealed urn,
        and folds the events again to compare with the stored snapshot of the state; names the
        first thing that does not match."""
        verification = self._verify_chain()
        if not verification.intact:
            return verification
        for stored in self._stored_snapshots():
            head = SnapshotHead.read(stored)
            if head is None:
                return Verification(False, verification.events, "the snapshot is garbled")
            problem = self._snapshots.disagrees(
                head, self._events_until, self._symbol, self.hall_keys
            )
            if problem is not None:
                what = f"the snapshot of the state at event {head.seq} {problem}"
                return Verification(False, verification.events, what, head.seq)
            if head.version == SNAPSHOT_VERSION:
                verification = replace(verification, snapshots=verification.snapshots + 1)
        return verification

    def _verify_on_open(self) -> Verification:
        """The check before a journal is used: the chain after the stored snapshot of the
        state when that checks (its signature vouches for the chain up to it, as it was when
        it was made), else the whole chain; with the checkpoints and the urns. `verify` checks
        every event."""
        head = self._snapshots.trusted_head(self.hall_keys)
        if head is None:
            return self._verify_chain()
        signed = self._db.execute(
            "SELECT 1 FROM events WHERE kind = 'checkpoint' AND seq <= ? LIMIT 1", (head.seq,)
        ).fetchone()
        note = self._db.execute(
            "SELECT body FROM events WHERE kind = 'hall_key' AND seq <= ? "
            "ORDER BY seq DESC LIMIT 1",
            (head.seq,),
        ).fetchone()
        try:
            key = None if note is None else HallKey(str(json.loads(note[0])["public_key"]))
        except (ValueError, KeyError, TypeError):
            return self._verify_chain()
        return self._verify_chain(head.seq, head.hash, key, signed=signed is not None)

    def _stored_snapshots(self) -> list[tuple[object, ...]]:
        return self._snapshots.stored()

    def _events_until(self, seq: int) -> Iterator[Event]:
        return self._read_events(f"seq <= ? AND {_EVENTS_ONLY}", (seq,))

    def _verify_chain(
        self,
        after: int = 0,
        prev: str | None = None,
        key: HallKey | None = None,
        *,
        signed: bool = False,
    ) -> Verification:
        """The hash chain after event `after` (whose hash is `prev`; the whole chain from its
        origin unless given), its signed checkpoints (`key`: the hall's key the journal held
        at `after`; `signed`: whether a checkpoint came before), its head and the sealed urns;
        names the first thing that does not match."""
        prev = self._origin if prev is None else prev
        count = after
        checkpoints = 0
        unsigned: int | None = None  # an end of a vote awaiting its checkpoint
        hashes: dict[int, str] = {after: prev} if after else {}
        rows = self._db.execute(
            "SELECT seq, kind, vote, body, prev, hash FROM events WHERE seq > ? ORDER BY seq",
            (after,),
        )
        links = chain(rows, after, prev)
        while True:
            try:
                link = next(links, None)
            except BrokenChain as broken:
                if broken.seq == 1 and not broken.altered:
                    why = "the journal's roster was altered (the chain starts elsewhere)"
                    return Verification(False, 0, why, 1)
                if broken.altered:
                    why = f"event {broken.seq} was altered (its hash does not match)"
                else:
                    why = (
                        f"event {broken.seq} does not follow event {broken.after}: "
                        "an event was removed or inserted before it"
                    )
                return Verification(False, count, why, broken.seq)
            if link is None:
                break
            seq, kind, body, stored_hash = link.seq, link.kind, link.body, link.hash
            if unsigned is not None and kind not in NOTE_KINDS:
                # Once a journal signs, every close, lock and cancel is signed at once.
                return Verification(
                    False,
                    count,
                    f"event {unsigned} ended or locked a vote but no signed checkpoint follows "
                    "it: a checkpoint was removed",
                    unsigned,
                )
            if kind == "hall_key":
                key = HallKey(str(json.loads(body)["public_key"]))
            elif kind == "checkpoint":
                problem = _check_checkpoint(self.journal_id, json.loads(body), key, hashes)
                if problem:
                    return Verification(
                        False, count, f"the checkpoint at event {seq} {problem}", seq
                    )
                checkpoints += 1
                unsigned = None
            elif (checkpoints or signed) and kind in _ENDS:
                unsigned = seq
            hashes[seq] = stored_hash
            prev = stored_hash
            count += 1
        head_seq, head_hash = self._stored_head()
        if head_seq > count:
            return Verification(
                False,
                count,
                f"the journal ends at event {count} but its head is event {head_seq}: "
                f"the last {head_seq - count} events are missing",
            )
        if head_hash != prev:
            where = "the journal's roster" if count == 0 else "the head of the chain"
            return Verification(False, count, f"{where} was altered")
        if unsigned is not None:
            return Verification(
                False,
                count,
                f"event {unsigned} ended or locked a vote but no signed checkpoint follows it: "
                "a checkpoint was removed",
                unsigned,
            )
        problem = self._urn_problem()
        if problem:
            return Verification(False, count, problem)
        return Verification(
            True, count, checkpoints=checkpoints, hall_key=key.fingerprint if key else None
        )

    def _urn_problem(self) -> str | None:
        """The sealed urns against the chain: an open vote's urn holds exactly the ballots its
        events deposited; an ended vote's urn was destroyed, and its close counted them."""
        if self._schema < 2:
            return None
        urns: dict[str, list[str]] = {}
        for token, vote, sealed in self._db.execute("SELECT token, vote, sealed FROM urn"):
            urns.setdefault(str(vote), []).append(seal.ballot_digest(token, sealed))
        secret = {
            str(v)
            for (v,) in self._db.execute(
                "SELECT vote FROM events WHERE kind = 'vote_prepared' "
                "AND json_extract(body, '$.spec.mode') = 'secret'"
            )
        }
        ends = {
            str(v): (str(k), b)
            for v, k, b in self._db.execute(
                "SELECT vote, kind, body FROM events "
                "WHERE kind IN ('vote_closed', 'vote_cancelled') AND vote IN (SELECT vote FROM "
                "events WHERE kind = 'vote_prepared' AND json_extract(body, '$.spec.mode') = "
                "'secret')"
            )
        }
        for vote in sorted(set(urns) - secret):
            return f"the urn holds {len(urns[vote])} sealed ballots of no secret vote ({vote})"
        for vote in sorted(secret):
            seals = self._seals(vote)
            if None in seals:
                continue  # deposited before ballots were sealed (journal version 1)
            held = urns.get(vote, [])
            name = self._symbol(vote)
            if vote in ends:
                kind, body = ends[vote]
                if held:
                    return (
                        f"the urn of {name} holds {len(held)} sealed ballots after its "
                        f"{'close' if kind == 'vote_closed' else 'cancellation'}, which "
                        "destroyed them: they were put back"
                    )
                closed = json.loads(body)
                if kind == "vote_closed" and closed.get("urn_digest") != seal.urn_digest(
                    [s for s in seals if s is not None]
                ):
                    return (
                        f"the close of {name} counted another urn than the {len(seals)} "
                        "ballots deposited"
                    )
                continue
            deposited = {s for s in seals if s is not None}
            found = set(held)
            if found != deposited or len(held) != len(seals):
                added, missing = len(found - deposited), len(deposited - found)
                parts = []
                if added:
                    parts.append(f"{added} not deposited by any member (added or altered)")
                if missing:
                    parts.append(f"{missing} deposited ballots missing (removed or altered)")
                if len(held) != len(found):
                    parts.append("a ballot held twice")
                return f"the urn of {name} was altered: " + ", ".join(parts)
        return None

    def _stored_head(self) -> tuple[int, str]:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'head'").fetchone()
        return _head(self.path, None if row is None else row[0])

    # ---- the imported history (journal/history.py) --------------------------------------------

    def history_record(self, symbol: str) -> ImportedVote | None:
        """An imported vote by its symbol, in any case, or in another source's spelling of it
        (`A/RES/75/250B` finds `A/RES/75/250 B`)."""
        return history.record(self._db, symbol)

    def history_keys(self) -> dict[str, str]:
        """Each imported vote's symbol by its key (`symbol_key`: the spellings agree)."""
        return history.keys(self._db)

    def add_history(self, votes: Sequence[ImportedVote]) -> None:
        """Stores imported votes in one transaction (callers have set duplicates aside)."""
        with self._transaction() as db:
            history.add(db, votes)

    def replace_history(self, votes: Sequence[ImportedVote]) -> None:
        """Stores what other sources added to imported votes (`ImportedVote.merged`), in one
        transaction: the symbol, and so the row, stays the one first imported."""
        with self._transaction() as db:
            history.replace(db, votes)

    def history_summaries(self) -> list[HistorySummary]:
        """Each imported vote as the history browser lists it, its record not parsed."""
        return history.summaries(self._db)

    def member_history(self, code: str) -> dict[str, str | None]:
        """How a member voted in the imported votes that list it: symbol to its choice (a
        member on none of a record's lists did not vote)."""
        return history.member_history(self._db, code)

    def member_choices(self, code: str) -> dict[str, str | None]:
        """As `member_history`, from the index made when the votes were stored: a member's
        votes across 80 years in milliseconds (the scan, where a read-only journal has none)."""
        return history.member_choices(self._db, code)

    def history(self) -> Iterator[ImportedVote]:
        """Every imported vote, newest first."""
        return history.newest_first(self._db)

    # ---- the meeting's list of prepared votes ------------------------------------------------

    def agenda(self) -> list[VoteSpec]:
        try:
            rows = self._db.execute("SELECT spec FROM agenda ORDER BY position").fetchall()
        except sqlite3.OperationalError:  # a journal made before the list existed, read only
            return []
        return [VoteSpec.model_validate_json(spec) for (spec,) in rows]

    def set_agenda(self, specs: Sequence[VoteSpec]) -> None:
        """Replaces the list, in one transaction."""
        with self._transaction() as db:
            db.execute("DELETE FROM agenda")
            db.executemany(
                "INSERT INTO agenda (position, spec) VALUES (?, ?)",
                [(i, spec.model_dump_json()) for i, spec in enumerate(specs)],
            )

    # ---- the keys of consoles, displays and the operator ---------------------------------------

    def issue_keys(
        self,
        holders: Sequence[tuple[str, Role]],
        at: str,
        keys: Mapping[str, str] | None = None,
    ) -> dict[str, str]:
        """New keys for (holder, role) pairs, replacing (and so revoking) their old ones, all
        in one transaction. Returns each holder's key (made here unless given); only its hash
        is kept."""
        keys = dict(keys) if keys is not None else new_keys(holder for holder, _ in holders)
        with self._transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO keys (holder, role, hash, issued_at, revoked_at) "
                "VALUES (?, ?, ?, ?, NULL)",
                [(h, role, key_hash(keys[h]), at) for h, role in holders],
            )
        return keys

    def revoke_key(self, holder: str, at: str) -> bool:
        """Revokes a holder's key; False when it has none (or it was already revoked)."""
        cursor = self._db.execute(
            "UPDATE keys SET revoked_at = ? WHERE holder = ? AND revoked_at IS NULL", (at, holder)
        )
        return cursor.rowcount > 0

    def key_list(self) -> list[tuple[str, str, str, str | None]]:
        """Every key's holder, role, date of issue and of revocation (never the key)."""
        try:
            rows = self._db.execute(
                "SELECT holder, role, issued_at, revoked_at FROM keys ORDER BY role, holder"
            ).fetchall()
        except sqlite3.OperationalError:  # a journal made before keys existed, read only
            return []
        return [(str(h), str(r), str(i), None if v is None else str(v)) for h, r, i, v in rows]

    def valid_keys(self) -> dict[str, tuple[str, str]]:
        """The hash of every valid (issued, not revoked) key, with its holder and role."""
        try:
            rows = self._db.execute(
                "SELECT hash, holder, role FROM keys WHERE revoked_at IS NULL"
            ).fetchall()
        except sqlite3.OperationalError:  # a journal made before keys existed, read only
            return {}
        return {str(h): (str(holder), str(role)) for h, holder, role in rows}

    def key_holder(self, role: Role, key: str) -> str | None:
        """The holder of a valid (issued, not revoked) key of that role, or None."""
        try:
            row = self._db.execute(
                "SELECT holder FROM keys WHERE hash = ? AND role = ? AND revoked_at IS NULL",
                (key_hash(key), role),
            ).fetchone()
        except sqlite3.OperationalError:  # a journal made before keys existed, read only
            return None
        return None if row is None else str(row[0])


def _opened(
    path: Path,
    connection: sqlite3.Connection,
    *,
    check: bool,
    readonly: bool,
    signer: Signer | None = None,
) -> Journal:
    """A journal on an open connection, after reading its meta (and its chain, with `check`)."""
    try:
        roster, meta = _read_meta(connection, path)
        journal = Journal(path, connection, roster, meta, readonly, signer)
        if check:
            verification = journal._verify_on_open()
            if not verification.intact:
                journal.detach()
                raise JournalError(
                    f"{path}: the journal does not verify "
                    f"({verification.problem}); it is left untouched"
                )
    except sqlite3.DatabaseError as exc:
        connection.close()
        raise _damaged(path, exc) from None
    except JournalError:
        connection.close()
        raise
    return journal


def _check_is_sqlite(path: Path) -> None:
    if not path.is_file():
        raise JournalError(f"{path}: not a file")
    try:
        is_database = files.is_sqlite(path)
    except OSError as exc:
        raise JournalError(f"{path}: cannot be read ({exc.strerror})") from None
    if not is_database:
        raise JournalError(
            f"{path}: not a voteboard journal (not an SQLite database); it is left untouched"
        )


def _connect(path: Path, *, readonly: bool) -> sqlite3.Connection:
    mode = "ro" if readonly else "rw"
    try:
        connection = sqlite3.connect(
            f"file:{path}?mode={mode}", uri=True, isolation_level=None, check_same_thread=False
        )
    except sqlite3.Error as exc:
        raise JournalError(f"{path}: the journal cannot be opened ({exc})") from None
    try:
        if not readonly:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=FULL")
            connection.execute("PRAGMA secure_delete=ON")
            connection.execute("PRAGMA journal_size_limit=0")
            if connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
                connection.executescript(_AGENDA)
        connection.execute("PRAGMA foreign_keys=ON")
    except sqlite3.DatabaseError as exc:
        connection.close()
        raise _damaged(path, exc) from None
    return connection


def _create(
    path: Path, roster: Roster, journal_id: str | None = None, roster_json: str | None = None
) -> None:
    """Makes a new journal in memory and writes it whole to an unnamed file that is then
    given its name: a journal exists whole or not at all, even if the process is killed while
    making it, and no partial file is ever left. A standby's copy is made with the id and the
    roster's text of the journal it copies."""
    with closing(sqlite3.connect(":memory:", isolation_level=None)) as connection:
        _initialize(connection, roster, journal_id, roster_json)
        data = connection.serialize()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # If another process made a journal here meanwhile, keep it.
        with suppress(FileExistsError):
            files.write_new(path, data)
    except OSError as exc:
        raise JournalError(f"{path}: a journal cannot be made here ({exc.strerror})") from None


def _upgrade(path: Path, connection: sqlite3.Connection) -> None:
    """Brings a journal of version 1 to version 2: the urns of ended votes (their choices in
    clear, their totals in the close) are destroyed, and the urn is made anew, sealed. A
    version 1 journal with a secret ballot still open is refused: close it first."""
    try:
        version = int(
            connection.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0]
        )
        if version >= SCHEMA_VERSION:
            return
        with immediate(connection):
            open_urns = connection.execute(
                "SELECT count(*) FROM urn WHERE vote NOT IN (SELECT vote FROM events "
                "WHERE kind IN ('vote_closed', 'vote_cancelled'))"
            ).fetchone()[0]
            if open_urns:
                raise JournalError(
                    f"{path}: an older voteboard is running a secret ballot in this journal; "
                    "close or cancel it with that version first (it is left untouched)"
                )
            connection.execute("DROP TABLE urn")
            _create_tables(connection, _URN)
            connection.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('journal_id', ?)",
                (secrets.token_hex(8),),
            )
            connection.execute(
                "UPDATE meta SET value = ? WHERE key = 'schema'", (str(SCHEMA_VERSION),)
            )
    except JournalError:
        connection.close()
        raise
    except sqlite3.DatabaseError as exc:
        connection.close()
        raise _damaged(path, exc) from None


def _damaged(path: Path, exc: sqlite3.DatabaseError) -> JournalError:
    return JournalError(f"{path}: the journal is damaged ({exc}); it is left untouched")


_HEAD = re.compile(r"([0-9]{1,18}) ([0-9a-f]{64})")
"""The head as the meta table keeps it: the sequence of the last event and its hash."""
_JOURNAL_ID = re.compile(r"[0-9a-f]{1,64}")
"""A journal's id as voteboard makes it (hexadecimal), and nothing that a path could hold."""


def _head(path: Path, value: object) -> tuple[int, str]:
    """The stored head (seq, hash), or JournalError for one that is missing or garbled: the
    meta table was altered outside voteboard."""
    found = _HEAD.fullmatch(value) if isinstance(value, str) else None
    if found is None:
        what = "missing" if value is None else f"garbled ({_shown(value)}, not SEQ HASH)"
        raise JournalError(
            f"{path}: the journal's head (in its meta table) is {what}: the journal was "
            "altered outside voteboard; it is left untouched"
        )
    return int(found[1]), found[2]


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _check_checkpoint(
    journal_id: str, body: dict[str, object], key: HallKey | None, hashes: Mapping[int, str]
) -> str | None:
    """What is wrong with a checkpoint, or None: it signs a head of this chain, with the
    hall's key that the journal held before it."""
    seq, digest = int(str(body["seq"])), str(body["hash"])
    if hashes.get(seq) != digest:
        return f"signs a head (event {seq}) that is not in this chain: the journal was rewritten"
    if key is None or key.fingerprint != body.get("hall_key"):
        return "is signed by a key that the journal does not hold"
    if not key.verify(seal.head_text(journal_id, seq, digest), str(body["signature"])):
        return "has a signature that does not verify: the journal was rewritten"
    return None


def _fingerprint(public_b64: str) -> str:
    return hashlib.sha256(public_b64.encode()).hexdigest()[:32]


@contextmanager
def immediate(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """The journal's one way to write: BEGIN IMMEDIATE (the write lock at once, so a reader
    never upgrades half-way), COMMIT at the end, ROLLBACK on any error."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise


def _create_tables(connection: sqlite3.Connection, schema: str) -> None:
    """The tables of a schema, inside the transaction under way (executescript would commit
    it first). The schema has no trigger: each statement ends at its semicolon."""
    for statement in schema.split(";"):
        if statement.strip():
            connection.execute(statement)


def _initialize(
    connection: sqlite3.Connection,
    roster: Roster,
    journal_id: str | None = None,
    roster_json: str | None = None,
) -> None:
    """Writes the schema and the meta of a new journal, in one transaction."""
    if roster_json is None:
        roster_json = json.dumps(roster.document(), ensure_ascii=False)
    with immediate(connection):
        _create_tables(connection, _SCHEMA + history.SCHEMA + _URN + _AGENDA)
        connection.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?)",
            [
                ("schema", str(SCHEMA_VERSION)),
                ("application", "voteboard"),
                ("journal_id", journal_id or secrets.token_hex(8)),
                ("roster", roster_json),
                ("head", f"0 {roster_hash(roster_json)}"),
            ],
        )


def _read_meta(connection: sqlite3.Connection, path: Path) -> tuple[Roster, dict[str, str]]:
    """The journal's roster and its meta; refuses what is no journal."""
    try:
        meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.OperationalError as exc:
        if "no such table" not in str(exc):
            raise _damaged(path, exc) from None  # such as text that is not UTF-8
        raise JournalError(
            f"{path}: an SQLite database, but not a voteboard journal (no meta table); "
            "it is left untouched"
        ) from None
    if meta.get("application") != "voteboard" or "schema" not in meta:
        raise JournalError(f"{path}: an SQLite database, but not a voteboard journal")
    # SQLite keeps any type in any column: each value is checked to be the text it must be.
    schema = meta["schema"]
    if not isinstance(schema, str) or not re.fullmatch(r"[0-9]{1,9}", schema):
        raise JournalError(f"{path}: the journal's schema version is unreadable")
    version = int(schema)
    if version > SCHEMA_VERSION:
        raise JournalError(
            f"{path}: written by a newer voteboard (journal schema {version}; this version reads "
            f"up to {SCHEMA_VERSION}); upgrade voteboard to open it"
        )
    if not isinstance(meta.get("roster", ""), str):
        raise JournalError(f"{path}: the journal's roster is not text: it was altered")
    # The id names the files of the secret ballots' keys: never a path, never a pattern.
    if "journal_id" in meta and not _JOURNAL_ID.fullmatch(str(meta["journal_id"])):
        raise JournalError(f"{path}: the journal's id is garbled: it was altered")
    _head(path, meta.get("head"))
    try:
        roster = parse_roster(meta["roster"].encode(), f"{path} (roster)")
    except (KeyError, RosterError, UnicodeEncodeError) as exc:
        raise JournalError(f"{path}: the journal's roster cannot be read ({exc})") from None
    return with_un_history(roster), meta
