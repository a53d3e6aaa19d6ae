"""Fuzzing what `verify --head` and the key files read: a record's head (given as SEQ:HASH or
as a record's file), the head and meta that a journal stores, a console's key and the recovery
key. Each reader returns what it reads or raises its own error; never another exception."""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.clock import TickingClock
from tests.fuzz.nasty import (
    FUZZ,
    FUZZ_FEW,
    json_values,
    mutated,
    mutated_bytes,
    outcome,
    token,
    write,
)
from voteboard.core.commands import CastBallot, CloseVote, LockVote, OpenVote, PrepareVote
from voteboard.core.model import Choice, VoteSpec
from voteboard.core.session import Session
from voteboard.journal.records import Head, RecordError, head_of
from voteboard.journal.seal import HEAD_PREFIX, SealError, new_recovery_key, read_recovery_key
from voteboard.journal.store import Journal, JournalError, Verification
from voteboard.net.client import load_key
from voteboard.resources import un_roster

HASH = "ab" * 32
SIGNED = f"{HEAD_PREFIX}:0123456789abcdef:12:{HASH}"
JSON_RECORD = json.dumps(
    {
        "vote": {"symbol": "A/RES/1"},
        "head": {"signed": SIGNED, "signature": "c2ln", "hall_key": "k"},
    }
)
CSV_RECORD = f"symbol,journal_head,head_signature,hall_key\nA/RES/1,{SIGNED},c2ln,k\n"
PDF_RECORD = (
    b"%PDF-1.7\n<voteboard:head>" + SIGNED.encode() + b"</voteboard:head>"
    b"<voteboard:signature>c2ln</voteboard:signature><voteboard:hallKey>k</voteboard:hallKey>"
)


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def check_head(given: str) -> Head | None:
    head = outcome(lambda: head_of(given), RecordError)
    if isinstance(head, RecordError):
        assert str(head)
        return None
    assert 0 <= head.seq < 2**63  # an SQLite integer
    assert len(head.hash) == 64
    assert all(c in "0123456789abcdef" for c in head.hash)
    return head


# ---- a record's head -------------------------------------------------------------------------


@FUZZ
@given(text=st.one_of(st.text(max_size=90), mutated(f"12:{HASH}"), mutated(f"{'9' * 30}:{HASH}")))
def test_a_head_given_by_hand(text: str) -> None:
    if "\0" not in text:
        check_head(text)


@FUZZ
@given(data=st.binary(max_size=300))
def test_a_record_of_any_bytes(folder: Path, data: bytes) -> None:
    check_head(str(write(folder, "record", data)))


@FUZZ
@given(
    data=st.one_of(
        mutated_bytes(JSON_RECORD.encode()),
        mutated_bytes(CSV_RECORD.encode()),
        mutated_bytes(PDF_RECORD),
    )
)
def test_a_record_mutated_anywhere(folder: Path, data: bytes) -> None:
    head = check_head(str(write(folder, "record", data)))
    if head is not None:
        assert head.journal_id is not None
        assert head.signature
        assert head.hall_key


@FUZZ
@given(field=st.sampled_from(["signed", "signature", "hall_key", "x"]), value=json_values())
def test_any_json_value_in_a_record_s_head(folder: Path, field: str, value: object) -> None:
    document = json.loads(JSON_RECORD)
    document["head"][field] = value
    check_head(str(write(folder, "record.json", json.dumps(document))))


@FUZZ
@given(raw=token())
def test_any_raw_token_as_a_record_s_head(folder: Path, raw: str) -> None:
    check_head(str(write(folder, "record.json", JSON_RECORD.replace('"c2ln"', raw))))


# ---- the head and meta that a journal stores -------------------------------------------------


@pytest.fixture(scope="module")
def journal_file(folder: Path) -> Path:
    """A journal with a locked vote and its signed checkpoint."""
    path = folder / "journal.sqlite"
    roster = un_roster()
    journal = Journal.open(path, roster=roster)
    session = Session(journal, journal.state(), clock=TickingClock(step=timedelta(seconds=1)))
    session.execute(
        PrepareVote(at=session.clock(), vote="v1", spec=VoteSpec(symbol="A/1/L.1", title="T"))
    )
    session.execute(OpenVote(at=session.clock()))
    for code in roster.codes[:5]:
        session.execute(CastBallot(at=session.clock(), member=code, choice=Choice.YES))
    session.execute(CloseVote(at=session.clock()))
    session.execute(LockVote(at=session.clock()))
    journal.close()
    return path


def stored(key: str) -> st.SearchStrategy[object]:
    """Values for a meta key: gone, any text, a number, a blob, or its own value altered."""
    return st.one_of(
        st.none(),
        st.text(max_size=80),
        st.integers(min_value=-(2**63), max_value=2**63 - 1),
        st.floats(allow_nan=False),  # SQLite keeps NaN as NULL, which meta refuses
        st.binary(max_size=24),
        st.sampled_from([f"99 {HASH}", f"{'9' * 40} {HASH}", "-1 x", "0x10", "1e3", "../x", "*"]),
        mutated(f"12 {HASH}") if key == "head" else st.just(""),
    )


@FUZZ_FEW
@given(
    key=st.sampled_from(["head", "schema", "journal_id", "application", "roster"]),
    data=st.data(),
    check=st.booleans(),
)
def test_any_stored_head_or_meta(
    folder: Path, journal_file: Path, key: str, data: st.DataObject, check: bool
) -> None:
    path = folder / "altered.sqlite"
    shutil.copy(journal_file, path)
    with closing(sqlite3.connect(path)) as db, db:
        if key == "roster":
            (roster,) = db.execute("SELECT value FROM meta WHERE key = 'roster'").fetchone()
            value: object = data.draw(mutated(roster))
        else:
            value = data.draw(stored(key))
        if value is None:
            db.execute("DELETE FROM meta WHERE key = ?", (key,))
        else:
            db.execute("UPDATE meta SET value = ? WHERE key = ?", (value, key))

    def read() -> Verification:
        with Journal.open(path, readonly=True, check=check, create=False) as journal:
            Head(12, HASH).check(journal)
            return journal.verify()

    verification = outcome(read, JournalError)
    if isinstance(verification, JournalError):
        assert str(verification).startswith(str(path)), verification
    else:
        assert isinstance(verification.intact, bool)


# ---- key files -------------------------------------------------------------------------------


@FUZZ
@given(data=st.one_of(st.binary(max_size=80), mutated_bytes(b"kR2cR6v1bS0x_Y4n9y2lJ7oQ8wZt3uVh\n")))
def test_a_console_s_key_file(folder: Path, data: bytes) -> None:
    path = write(folder, "FRA.key", data)
    # ValueError, UnicodeDecodeError among them: what the command line turns into a sentence.
    key = outcome(lambda: load_key(path, "console", "FRA"), ValueError)
    assert str(key)
    if isinstance(key, str):
        assert "\n" not in key


RECOVERY = new_recovery_key()[0]


@FUZZ
@given(data=st.one_of(st.binary(max_size=200), mutated_bytes(RECOVERY)))
def test_a_recovery_key_file(folder: Path, data: bytes) -> None:
    path = write(folder, "recovery.pem", data)
    key = outcome(lambda: read_recovery_key(path), SealError)
    assert not isinstance(key, SealError) or str(key)


def test_a_device_without_end_is_read_no_further_than_a_key() -> None:
    with pytest.raises(ValueError, match="larger than 64 KB: not a voteboard key file"):
        load_key(Path("/dev/zero"), "console", "FRA")
    with pytest.raises(SealError, match="larger than 64 KB: not a voteboard recovery key"):
        read_recovery_key(Path("/dev/zero"))
