"""A journal copied, row for row, to a standby desk while it is written.

The primary reads the rows of its chain after the last one the standby holds (`read_after`),
with the sealed ballots those rows deposited and the copies of the urns' keys sealed to the
recovery key; the standby checks every row against its own chain (the hash of each, and the
signature of each checkpoint with the hall's key the chain holds) and writes them, as they
are stored, in one durable transaction (`apply`). So the standby's journal is the primary's:
the same id, the same roster, the same hashes, and `verify` says so of either.

What crosses is what the primary's journal holds: ciphertexts, never a choice in clear. An
open secret ballot's key does not live in the journal; the primary seals it to the standby's
own key (`seal.seal_to_recovery`), and the standby opens it into its runtime folder, where the
primary keeps its own (`keep_vote_key`). The close destroys the urn and the key on both.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections import Counter
from dataclasses import dataclass, field

from pydantic import ValidationError

from voteboard.core.events import EVENT_TYPES, BallotDeposited, Event
from voteboard.journal import seal
from voteboard.journal.seal import HallKey, SealError
from voteboard.journal.store import (
    _ENDS,
    NOTE_KINDS,
    BrokenChain,
    Journal,
    JournalError,
    _check_checkpoint,
    chain,
)

READ_LIMIT = 2000
"""The most rows read for one message to the standby (a long journal is caught up in turns)."""

Row = tuple[int, str | None, str, str, str, str, str]
"""A row of the chain as stored: seq, vote, kind, at, body, prev, hash."""


class ReplicaError(JournalError):
    """What the primary sent does not continue the standby's journal: nothing was written."""


@dataclass(frozen=True)
class Batch:
    """Rows of the chain with the sealed ballots they deposited."""

    rows: list[Row] = field(default_factory=list)
    urn: list[tuple[bytes, str, bytes]] = field(default_factory=list)
    """The sealed ballots the rows deposited: token, vote, ciphertext."""
    recovery: list[tuple[str, bytes]] = field(default_factory=list)
    """The urns' keys sealed to the recovery key, for the votes of the rows."""
    ended: list[str] = field(default_factory=list)
    """Secret votes of the rows that the primary has already ended (their urns destroyed)."""

    @property
    def last(self) -> int:
        return self.rows[-1][0] if self.rows else 0


def read_after(journal: Journal, seq: int, limit: int = READ_LIMIT) -> Batch:
    """The rows after `seq` (at most about `limit`, never cut between an event and the notes
    that follow it), read in one snapshot with their sealed ballots."""
    db = journal._db
    with journal._reading():
        rows: list[Row] = db.execute(
            "SELECT seq, vote, kind, at, body, prev, hash FROM events WHERE seq > ? "
            "ORDER BY seq LIMIT ?",
            (seq, limit + 16),
        ).fetchall()
        if len(rows) > limit:
            cut = limit
            while cut < len(rows) and rows[cut][2] in NOTE_KINDS:
                cut += 1  # an end's checkpoint goes with it
            if cut == len(rows):
                cut = limit
                while cut > 1 and rows[cut][2] in NOTE_KINDS:
                    cut -= 1
            rows = rows[:cut]
        seals: dict[str, set[str]] = {}
        for _, vote, kind, _, body, _, _ in rows:
            if kind == "ballot_deposited" and vote is not None:
                digest = json.loads(body).get("seal")
                if digest:
                    seals.setdefault(vote, set()).add(str(digest))
        urn: list[tuple[bytes, str, bytes]] = []
        recovery: list[tuple[str, bytes]] = []
        for vote, wanted in seals.items():
            for token, sealed in db.execute(
                "SELECT token, sealed FROM urn WHERE vote = ?", (vote,)
            ):
                if seal.ballot_digest(token, sealed) in wanted:
                    urn.append((bytes(token), vote, bytes(sealed)))
        votes = sorted({vote for _, vote, _, _, _, _, _ in rows if vote is not None})
        for vote in votes:
            row = db.execute("SELECT sealed FROM urn_keys WHERE vote = ?", (vote,)).fetchone()
            if row is not None:
                recovery.append((vote, bytes(row[0])))
        ended = [
            vote
            for vote in sorted(seals)
            if db.execute(
                "SELECT 1 FROM events WHERE vote = ? AND kind IN ('vote_closed', 'vote_cancelled')",
                (vote,),
            ).fetchone()
        ]
    return Batch(rows, urn, recovery, ended)


def stored_head(journal: Journal) -> tuple[int, str]:
    """The head as the file holds it now (a reader's `head` is the one it opened with)."""
    return journal._stored_head()


def open_secret_votes(journal: Journal) -> list[str]:
    """The secret ballots prepared and not ended: those whose key a standby must hold."""
    return [
        str(vote)
        for (vote,) in journal._db.execute(
            "SELECT vote FROM events WHERE kind = 'vote_prepared' "
            "AND json_extract(body, '$.spec.mode') = 'secret' AND vote NOT IN "
            "(SELECT vote FROM events WHERE kind IN ('vote_closed', 'vote_cancelled'))"
        )
    ]


def vote_key(journal: Journal, vote: str) -> bytes | None:
    """The key of an open secret ballot, as this desk holds it (None: it holds none)."""
    path = seal.vote_key_path(journal.journal_id, vote)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data if len(data) == seal.VOTE_KEY_SIZE else None


def keep_vote_key(journal: Journal, vote: str, key: bytes) -> None:
    """Keeps an open secret ballot's key where the desk that counts it looks for it (the
    runtime folder, never the journal)."""
    path = seal.vote_key_path(journal.journal_id, vote)
    if path.exists():
        return
    seal.private_folder(path.parent)
    seal.write_secret(path, key)


def _check_rows(journal: Journal, batch: Batch) -> tuple[list[Event], dict[str, list[str]]]:
    """Every row checked to continue the chain (hash, signed checkpoints, well-formed events);
    returns the events and each vote's deposited seals. ReplicaError at the first fault."""
    seq, prev = journal.head
    key: HallKey | None = journal.hall_key()
    signs = key is not None
    hashes = {seq: prev}
    events: list[Event] = []
    seals: dict[str, list[str]] = {}
    unsigned: int | None = None
    links = chain(((s, k, v, b, p, h) for s, v, k, _, b, p, h in batch.rows), seq, prev)
    try:
        for link in links:
            hashes[link.seq] = link.hash
            if link.kind == "hall_key":
                key = HallKey(str(json.loads(link.body)["public_key"]))
                signs = True
            elif link.kind == "checkpoint":
                problem = _check_checkpoint(journal.journal_id, json.loads(link.body), key, hashes)
                if problem:
                    raise ReplicaError(f"the checkpoint at event {link.seq} {problem}")
                unsigned = None
            elif link.kind not in NOTE_KINDS:
                if unsigned is not None:
                    raise ReplicaError(f"event {unsigned} ended a vote without its checkpoint")
                event = EVENT_TYPES[link.kind].model_validate_json(link.body)
                events.append(event)
                if isinstance(event, BallotDeposited) and event.seal:
                    seals.setdefault(event.vote, []).append(event.seal)
                if signs and link.kind in _ENDS:
                    unsigned = link.seq
    except BrokenChain as broken:
        what = "was altered" if broken.altered else f"does not follow event {broken.after}"
        raise ReplicaError(
            f"event {broken.seq} {what}: it does not continue this journal"
        ) from None
    except (KeyError, ValueError, ValidationError, SealError) as exc:
        raise ReplicaError(f"a row after event {seq} is not a voteboard event ({exc})") from None
    if unsigned is not None:
        raise ReplicaError(f"event {unsigned} ended a vote without its checkpoint")
    return events, seals


def apply(journal: Journal, batch: Batch) -> list[Event]:
    """Writes the primary's rows after this journal's head, as they are, with their sealed
    ballots, in one durable transaction, once every row is checked. Returns the events (the
    notes left out). Raises ReplicaError, writing nothing, for rows that do not continue the
    chain, a checkpoint that does not verify, or a sealed ballot that no row deposited."""
    if not batch.rows:
        return []
    events, seals = _check_rows(journal, batch)
    given: Counter[str] = Counter()
    for token, vote, sealed in batch.urn:
        if seal.ballot_digest(token, sealed) not in seals.get(vote, ()):
            raise ReplicaError(f"a sealed ballot of {vote} that no event deposited")
        given[vote] += 1
    for vote, deposited in seals.items():
        if vote not in batch.ended and given[vote] != len(deposited):
            raise ReplicaError(
                f"{len(deposited)} ballots deposited in {vote}, {given[vote]} sealed ballots sent"
            )
    ending = {e.vote for e in events if e.kind in ("vote_closed", "vote_cancelled")}
    db = journal._db
    with journal._transaction():
        journal._check_unchanged()
        db.executemany(
            "INSERT INTO events (seq, vote, kind, at, body, prev, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            batch.rows,
        )
        last = batch.rows[-1]
        db.execute("UPDATE meta SET value = ? WHERE key = 'head'", (f"{last[0]} {last[6]}",))
        db.executemany(
            "INSERT INTO urn (token, vote, sealed) VALUES (?, ?, ?)",
            [u for u in batch.urn if u[1] not in batch.ended and u[1] not in ending],
        )
        db.executemany(
            "INSERT OR REPLACE INTO urn_keys (vote, sealed) VALUES (?, ?)",
            [r for r in batch.recovery if r[0] not in ending],
        )
        for vote in ending:
            db.execute("DELETE FROM urn WHERE vote = ?", (vote,))
            db.execute("DELETE FROM urn_keys WHERE vote = ?", (vote,))
    journal._head_hash, journal._seq = last[6], last[0]
    for vote in seals:
        journal._deposits.pop(vote, None)  # counted again from the chain when next needed
    for vote in ending:
        journal._destroy_key(vote)
    if ending:
        journal._truncate_log()
    return events


def set_working_tables(
    journal: Journal,
    keys: list[tuple[str, str, str, str, str | None]] | None,
    agenda: list[str] | None,
) -> None:
    """The primary's keys (hashed, as stored) and its list of prepared votes: what a desk
    that takes over needs beside the chain (the consoles' keys above all)."""
    with journal._transaction() as db:
        if keys is not None:
            db.execute("DELETE FROM keys")
            db.executemany(
                "INSERT INTO keys (holder, role, hash, issued_at, revoked_at) "
                "VALUES (?, ?, ?, ?, ?)",
                keys,
            )
        if agenda is not None:
            db.execute("DELETE FROM agenda")
            db.executemany(
                "INSERT INTO agenda (position, spec) VALUES (?, ?)", list(enumerate(agenda))
            )


def working_tables(
    journal: Journal,
) -> tuple[list[tuple[str, str, str, str, str | None]], list[str]]:
    """The keys table and the agenda as stored (see `set_working_tables`)."""
    db = journal._db
    with journal._reading():
        keys = [
            (str(h), str(r), str(d), str(i), None if v is None else str(v))
            for h, r, d, i, v in db.execute(
                "SELECT holder, role, hash, issued_at, revoked_at FROM keys ORDER BY holder"
            )
        ]
        agenda = [str(s) for (s,) in db.execute("SELECT spec FROM agenda ORDER BY position")]
    return keys, agenda


def b64(data: bytes) -> str:
    """Bytes as base64 text (what the messages to the standby carry)."""
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    """Base64 to bytes; ReplicaError for what is not base64."""
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ReplicaError("a sealed value is not base64") from None
