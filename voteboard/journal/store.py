"""The journal: one SQLite file, events chained by hash, secret urns without order.

Every append is one transaction committed with WAL and synchronous=FULL before it returns,
so an acknowledged command survives a kill -9 or a power cut. A file that is not a journal,
or one whose chain does not verify, is refused and never written to.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import secrets
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_path

from voteboard.core.events import EVENT_ADAPTER, EVENT_TYPES, Event, VoteCancelled, VoteClosed
from voteboard.core.history import ImportedVote
from voteboard.core.model import Choice, Counts, VoteSpec
from voteboard.core.roster import Roster, RosterError, parse_roster
from voteboard.core.state import AssemblyState, fold

SCHEMA_VERSION = 1
_SQLITE_MAGIC = b"SQLite format 3\x00"

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
-- A secret ballot's choice: no member, no time, no sequence. The random token is the key of
-- a table without rowid, so the stored order is the token's, unrelated to the order of casting.
CREATE TABLE urn (token BLOB PRIMARY KEY, vote TEXT NOT NULL, choice TEXT NOT NULL)
    WITHOUT ROWID;
CREATE TABLE history (
    symbol TEXT PRIMARY KEY,
    date TEXT,
    title TEXT NOT NULL,
    source TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX history_by_date ON history (date);
CREATE INDEX history_by_symbol ON history (symbol COLLATE NOCASE);
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


class JournalError(Exception):
    """A journal that cannot be used; the message says which file and why."""


def default_journal_path() -> Path:
    """The embedded default: one file in the user's data folder (XDG rules on Linux)."""
    return user_data_path("voteboard", appauthor=False) / "journal.sqlite"


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
    """What `verify` found: intact with N events, or the first event that does not match."""

    intact: bool
    events: int
    problem: str = ""
    seq: int | None = None

    def __str__(self) -> str:
        if self.intact:
            return f"intact, {self.events} events"
        return f"NOT intact: {self.problem}"


class Journal:
    """A journal file, open for reading and appending. Implements the core's `Store`."""

    def __init__(
        self,
        path: Path,
        connection: sqlite3.Connection,
        roster: Roster,
        origin: str,
        readonly: bool,
    ) -> None:
        self.path = path
        self._db = connection
        self.roster = roster
        self.readonly = readonly
        self._origin = origin
        self._seq, self._head_hash = self._stored_head()

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
    ) -> Journal:
        """Opens (or creates) a journal. `check` verifies the hash chain before any write."""
        path = Path(path) if path is not None else default_journal_path()
        if path.exists():
            _check_is_sqlite(path)
            if check or not readonly:
                # Look before writing: a file that is not an intact journal is never touched.
                with closing(_connect(path, readonly=True)) as look:
                    _opened(path, look, check=check, readonly=True)
        elif not create or readonly:
            raise JournalError(f"{path}: there is no journal at this path")
        elif roster is None:
            raise JournalError(f"{path}: a new journal needs a roster")
        else:
            _create(path, roster)
        return _opened(path, _connect(path, readonly=readonly), check=False, readonly=readonly)

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

        The copy is made beside its place and linked there once it is on the disk, so the
        target holds a whole journal or nothing; an existing file is never replaced."""
        if target.exists():
            raise JournalError(f"{target}: a file is there already; a backup goes to a new file")
        try:
            partial = _new_file_beside(target)
        except OSError as exc:
            raise JournalError(f"{target}: a backup cannot be made here ({exc.strerror})") from None
        try:
            with closing(sqlite3.connect(partial, isolation_level=None)) as copy:
                self._db.backup(copy)
                # A copy stands alone: no write-ahead log beside it.
                copy.execute("PRAGMA journal_mode=DELETE")
            _fsync_file(partial)
            _link_new(partial, target)
        except FileExistsError:
            raise JournalError(
                f"{target}: a file appeared there meanwhile; it is left as it is"
            ) from None
        finally:
            partial.unlink(missing_ok=True)
        with Journal.open(target, readonly=True, check=False, create=False) as copy:
            return copy.verify()

    def close(self) -> None:
        if not self.readonly:
            self._truncate_log()
        self._db.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- the Store of the core -----------------------------------------------------------

    def append(self, events: Sequence[Event], urn: tuple[str, Choice] | None = None) -> None:
        """Writes events (and a secret ballot's choice to its urn) in one durable transaction."""
        head, seq = self._head_hash, self._seq
        rows = []
        for event in events:
            body = EVENT_ADAPTER.dump_json(event).decode()
            digest = event_hash(head, event.kind, event.vote, body)
            seq += 1
            rows.append((seq, event.vote, event.kind, event.at.isoformat(), body, head, digest))
            head = digest
        ending = {e.vote for e in events if isinstance(e, VoteClosed | VoteCancelled)}
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            if self._stored_head() != (self._seq, self._head_hash):
                raise JournalError(
                    f"{self.path}: another program has written to this journal since it was "
                    "opened (is a second voteboard control or simulate running on it?); "
                    "nothing was written"
                )
            db.executemany(
                "INSERT INTO events (seq, vote, kind, at, body, prev, hash) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            db.execute("UPDATE meta SET value = ? WHERE key = 'head'", (f"{seq} {head}",))
            if urn is not None:
                db.execute(
                    "INSERT INTO urn (token, vote, choice) VALUES (?, ?, ?)",
                    (secrets.token_bytes(16), urn[0], urn[1].value),
                )
            for vote in ending:
                self._shuffle_urn(vote)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        self._head_hash, self._seq = head, seq
        if ending:
            self._truncate_log()

    def _shuffle_urn(self, vote: str | None) -> None:
        """Rewrites a vote's urn in the order of its random keys.

        SQLite lays the cells of a page out in the order they were inserted, whatever the
        key: left alone, the bytes of the file would keep the order of casting. Old cells are
        zeroed (secure_delete).
        """
        rows = self._db.execute(
            "SELECT token, vote, choice FROM urn WHERE vote = ? ORDER BY token", (vote,)
        ).fetchall()
        if rows:
            self._db.execute("DELETE FROM urn WHERE vote = ?", (vote,))
            self._db.executemany("INSERT INTO urn (token, vote, choice) VALUES (?, ?, ?)", rows)

    def _truncate_log(self) -> None:
        """Moves the write-ahead log into the file and empties it: after a secret vote ends,
        nothing of the order of its ballots stays in the log. A reader in another process can
        delay this (SQLite answers busy); it is tried again at the next end and at close."""
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()

    def count_urn(self, vote: str) -> Counts:
        counts = dict.fromkeys(Choice, 0)
        for choice, number in self._db.execute(
            "SELECT choice, count(*) FROM urn WHERE vote = ? GROUP BY choice", (vote,)
        ):
            counts[Choice(choice)] = number
        return Counts(yes=counts[Choice.YES], no=counts[Choice.NO], abstain=counts[Choice.ABSTAIN])

    # ---- reading -------------------------------------------------------------------------

    def events(self, vote: str | None = None) -> Iterator[Event]:
        """The events in order: all of them, or one vote's (its rights events included)."""
        if vote is None:
            rows = self._db.execute("SELECT kind, body FROM events ORDER BY seq")
        else:
            rows = self._db.execute(
                "SELECT kind, body FROM events WHERE vote = ? ORDER BY seq", (vote,)
            )
        for kind, body in rows:
            yield EVENT_TYPES[kind].model_validate_json(body)

    def state(self) -> AssemblyState:
        """The assembly as the fold of every event: the same code as live operation."""
        collecting = gc.isenabled()
        gc.disable()  # a fold allocates many small objects that all live on: skip the scans
        try:
            return fold(self.roster, self.events())
        finally:
            if collecting:
                gc.enable()

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
        for number, kind, vote, body, stored_prev, stored_hash in rows:
            if number != seq + 1 or stored_prev != expected:
                raise JournalError(
                    f"{self.path}: event {number} does not follow event {seq}: the journal "
                    "was altered or replaced"
                )
            if event_hash(expected, kind, vote, body) != stored_hash:
                raise JournalError(f"{self.path}: event {number} was altered")
            events.append(EVENT_TYPES[kind].model_validate_json(body))
            seq, expected = number, stored_hash
        return events, seq, expected

    def data_version(self) -> int:
        """A number that changes when another connection commits (cheap to poll)."""
        return int(self._db.execute("PRAGMA data_version").fetchone()[0])

    def event_count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM events").fetchone()[0])

    def verify(self) -> Verification:
        """Recomputes the hash chain; names the first event that does not match."""
        prev = self._origin
        expected_seq = 1
        count = 0
        for seq, kind, vote, body, stored_prev, stored_hash in self._db.execute(
            "SELECT seq, kind, vote, body, prev, hash FROM events ORDER BY seq"
        ):
            if seq == 1 and stored_prev != prev:
                return Verification(
                    False, 0, "the journal's roster was altered (the chain starts elsewhere)", 1
                )
            if seq != expected_seq or stored_prev != prev:
                return Verification(
                    False,
                    count,
                    f"event {seq} does not follow event {expected_seq - 1}: "
                    "an event was removed or inserted before it",
                    seq,
                )
            if event_hash(prev, kind, vote, body) != stored_hash:
                return Verification(
                    False, count, f"event {seq} was altered (its hash does not match)", seq
                )
            prev = stored_hash
            expected_seq += 1
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
        return Verification(True, count)

    def _stored_head(self) -> tuple[int, str]:
        value = self._db.execute("SELECT value FROM meta WHERE key = 'head'").fetchone()[0]
        seq, _, digest = str(value).partition(" ")
        return int(seq), digest

    # ---- history -------------------------------------------------------------------------

    def history_record(self, symbol: str) -> ImportedVote | None:
        row = self._db.execute(
            "SELECT record FROM history WHERE symbol = ? COLLATE NOCASE", (symbol,)
        ).fetchone()
        return None if row is None else ImportedVote.model_validate_json(row[0])

    def history_summaries(
        self,
    ) -> list[tuple[str, str | None, str, str, str | None, str | None, int, int, int, int]]:
        """Each imported vote's symbol, date, title, source, session, result, totals and
        whether it lists the members' votes, read by SQLite from the stored records (no
        record is parsed here)."""
        return self._db.execute(
            "SELECT symbol, date, title, source, json_extract(record, '$.session'), "
            "json_extract(record, '$.result'), json_extract(record, '$.totals.yes'), "
            "json_extract(record, '$.totals.no'), json_extract(record, '$.totals.abstain'), "
            "json_array_length(record, '$.ballots') > 0 FROM history"
        ).fetchall()

    def member_history(self, code: str) -> dict[str, str | None]:
        """How a member voted in the imported votes that list it: symbol to its choice (a
        member on none of a record's lists did not vote)."""
        rows = self._db.execute(
            "SELECT h.symbol, json_extract(b.value, '$.choice') FROM history AS h, "
            "json_each(h.record, '$.ballots') AS b WHERE json_extract(b.value, '$.code') = ?",
            (code,),
        )
        return {symbol: choice for symbol, choice in rows}

    def history(self) -> Iterator[ImportedVote]:
        """Every imported vote, newest first."""
        for (record,) in self._db.execute(
            "SELECT record FROM history ORDER BY date DESC, symbol DESC"
        ):
            yield ImportedVote.model_validate_json(record)

    # ---- the meeting's list of prepared votes ------------------------------------------------

    def agenda(self) -> list[VoteSpec]:
        try:
            rows = self._db.execute("SELECT spec FROM agenda ORDER BY position").fetchall()
        except sqlite3.OperationalError:  # a journal made before the list existed, read only
            return []
        return [VoteSpec.model_validate_json(spec) for (spec,) in rows]

    def set_agenda(self, specs: Sequence[VoteSpec]) -> None:
        """Replaces the list, in one transaction."""
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("DELETE FROM agenda")
            db.executemany(
                "INSERT INTO agenda (position, spec) VALUES (?, ?)",
                [(i, spec.model_dump_json()) for i, spec in enumerate(specs)],
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    # ---- the keys of consoles, displays and the operator ---------------------------------------

    def issue_keys(
        self,
        holders: Sequence[tuple[str, str]],
        at: str,
        keys: Mapping[str, str] | None = None,
    ) -> dict[str, str]:
        """New keys for (holder, role) pairs, replacing (and so revoking) their old ones, all
        in one transaction. Returns each holder's key (made here unless given); only its hash
        is kept."""
        keys = dict(keys) if keys is not None else new_keys(holder for holder, _ in holders)
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany(
                "INSERT OR REPLACE INTO keys (holder, role, hash, issued_at, revoked_at) "
                "VALUES (?, ?, ?, ?, NULL)",
                [(h, role, key_hash(keys[h]), at) for h, role in holders],
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
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

    def key_holder(self, role: str, key: str) -> str | None:
        """The holder of a valid (issued, not revoked) key of that role, or None."""
        try:
            row = self._db.execute(
                "SELECT holder FROM keys WHERE hash = ? AND role = ? AND revoked_at IS NULL",
                (key_hash(key), role),
            ).fetchone()
        except sqlite3.OperationalError:  # a journal made before keys existed, read only
            return None
        return None if row is None else str(row[0])

    def add_history(self, votes: Sequence[ImportedVote]) -> None:
        """Stores imported votes in one transaction (callers have set duplicates aside)."""
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany(
                "INSERT INTO history (symbol, date, title, source, record) VALUES (?, ?, ?, ?, ?)",
                [
                    (
                        v.symbol,
                        v.date.isoformat() if v.date else None,
                        v.title,
                        v.source,
                        v.model_dump_json(),
                    )
                    for v in votes
                ],
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise


def _opened(path: Path, connection: sqlite3.Connection, *, check: bool, readonly: bool) -> Journal:
    """A journal on an open connection, after reading its meta (and its chain, with `check`)."""
    try:
        roster, origin = _read_meta(connection, path)
        journal = Journal(path, connection, roster, origin, readonly)
        if check:
            verification = journal.verify()
            if not verification.intact:
                raise JournalError(
                    f"{path}: the journal's hash chain does not verify "
                    f"({verification.problem}); it is left untouched"
                )
    except sqlite3.DatabaseError as exc:
        connection.close()
        raise JournalError(
            f"{path}: the journal is damaged ({exc}); it is left untouched"
        ) from None
    except JournalError:
        connection.close()
        raise
    return journal


def _check_is_sqlite(path: Path) -> None:
    if not path.is_file():
        raise JournalError(f"{path}: not a file")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise JournalError(f"{path}: cannot be read ({exc.strerror})") from None
    if header != _SQLITE_MAGIC:
        raise JournalError(
            f"{path}: not a voteboard journal (not an SQLite database); it is left untouched"
        )


def _connect(path: Path, *, readonly: bool) -> sqlite3.Connection:
    mode = "ro" if readonly else "rwc"
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
        raise JournalError(
            f"{path}: the journal is damaged ({exc}); it is left untouched"
        ) from None
    return connection


def _create(path: Path, roster: Roster) -> None:
    """Makes a new journal beside its place, then links it there: a journal exists whole or
    not at all, even if the process is killed while making it."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fresh = _new_file_beside(path)
    except OSError as exc:
        raise JournalError(f"{path}: a journal cannot be made here ({exc.strerror})") from None
    try:
        with closing(_connect(fresh, readonly=False)) as connection:
            _initialize(connection, roster)
        # If another process made a journal here meanwhile, keep it.
        with suppress(FileExistsError):
            _link_new(fresh, path)
    finally:
        fresh.unlink(missing_ok=True)


def _new_file_beside(path: Path) -> Path:
    """A new empty file in the folder of `path`, readable by its owner only (a journal holds
    the urns of secret ballots)."""
    fresh = path.with_name(f".{path.name}.{os.getpid()}.new")
    fresh.unlink(missing_ok=True)
    os.close(os.open(fresh, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600))
    return fresh


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _link_new(fresh: Path, path: Path) -> None:
    """Gives the whole file `fresh` the name `path`, never replacing a file (FileExistsError),
    and makes the new name durable."""
    os.link(fresh, path)
    _fsync_file(path.parent)


def _initialize(connection: sqlite3.Connection, roster: Roster) -> None:
    """Writes the schema and the meta of a new journal, in one transaction."""
    document = {
        "assembly": roster.assembly,
        "members": [m.model_dump(mode="json", exclude_defaults=True) for m in roster],
    }
    roster_json = json.dumps(document, ensure_ascii=False)
    connection.executescript("BEGIN IMMEDIATE;" + _SCHEMA + _AGENDA)
    connection.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?)",
        [
            ("schema", str(SCHEMA_VERSION)),
            ("application", "voteboard"),
            ("roster", roster_json),
            ("head", f"0 {roster_hash(roster_json)}"),
        ],
    )
    connection.execute("COMMIT")


def _read_meta(connection: sqlite3.Connection, path: Path) -> tuple[Roster, str]:
    """The journal's roster and the hash its chain starts from; refuses what is no journal."""
    try:
        meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.OperationalError:
        raise JournalError(
            f"{path}: an SQLite database, but not a voteboard journal (no meta table); "
            "it is left untouched"
        ) from None
    if meta.get("application") != "voteboard" or "schema" not in meta:
        raise JournalError(f"{path}: an SQLite database, but not a voteboard journal")
    try:
        version = int(meta["schema"])
    except ValueError:
        raise JournalError(f"{path}: the journal's schema version is unreadable") from None
    if version > SCHEMA_VERSION:
        raise JournalError(
            f"{path}: written by a newer voteboard (journal schema {version}; this version reads "
            f"up to {SCHEMA_VERSION}); upgrade voteboard to open it"
        )
    try:
        return parse_roster(meta["roster"].encode(), f"{path} (roster)"), roster_hash(
            meta["roster"]
        )
    except (KeyError, RosterError) as exc:
        raise JournalError(f"{path}: the journal's roster cannot be read ({exc})") from None
