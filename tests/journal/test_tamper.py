"""Tampering with a journal, as someone with the file in hand would: every change is caught.

The sealed urn against its chain (a ballot added, altered, removed, put back after the close),
the chain recomputed after an edit (the signed checkpoints catch it), a journal rolled back to
an older copy, rewritten, or replaced by another (a later record tells), a record whose
signature was altered; and the signatures checked with openssl alone, as the README says.
"""

from __future__ import annotations

import base64
import importlib.util
import itertools
import json
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.clock import TickingClock
from tests.process import voteboard
from voteboard.core.commands import CastBallot, CloseVote, OpenVote, PrepareVote
from voteboard.core.model import Choice, Mode, Phase, Refused, VoteSpec
from voteboard.core.session import Session
from voteboard.journal import seal
from voteboard.journal.seal import Signer
from voteboard.journal.store import Journal, event_hash, roster_hash
from voteboard.resources import un_roster

QT = importlib.util.find_spec("PySide6") is not None
"""The PDF record is drawn by Qt: without it (CI's run of the journal's tests with PySide6
absent), the JSON and CSV records carry the same head and are attacked alike."""
FORMATS = ["json", "csv", "pdf"] if QT else ["json", "csv"]

# ---- helpers ------------------------------------------------------------------------------


def verify(journal: Path, *head: str | Path) -> subprocess.CompletedProcess[str]:
    """`voteboard verify` (with `--head HEAD` when given); never a traceback."""
    args: list[str | Path] = ["verify", "--journal", journal]
    if head:
        args += ["--head", *head]
    result = voteboard(*args, check=False)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def assert_caught(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    for word in words:
        assert word in result.stdout, result.stdout


def open_secret_vote(journal: Path, symbol: str = "S/1") -> list[str]:
    """A secret ballot left open by `voteboard simulate` (no --close): the members who voted."""
    result = voteboard(
        "simulate", "--journal", journal, "--mode", "secret", "--seed", "5", "--symbol", symbol
    )
    members = [line.split()[0] for line in result.stdout.splitlines()]
    assert len(members) > 100
    return members


def sql(path: Path, *statements: str | tuple[str, tuple[object, ...]]) -> None:
    with closing(sqlite3.connect(path)) as db, db:
        for statement in statements:
            if isinstance(statement, tuple):
                db.execute(*statement)
            else:
                db.execute(statement)


def urn_rows(path: Path) -> list[tuple[bytes, str, bytes]]:
    with closing(sqlite3.connect(path)) as db:
        return db.execute("SELECT token, vote, sealed FROM urn ORDER BY token").fetchall()


def flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


def add_ballot(path: Path) -> None:
    """A copy of a sealed ballot under a new token (as if stuffed into the urn)."""
    sql(path, "INSERT INTO urn SELECT randomblob(16), vote, sealed FROM urn LIMIT 1")


def alter_ballot(path: Path) -> None:
    token, _, sealed = urn_rows(path)[0]
    sql(path, ("UPDATE urn SET sealed = ? WHERE token = ?", (flip(sealed, 14), token)))


def remove_ballot(path: Path) -> None:
    token = urn_rows(path)[0][0]
    sql(path, ("DELETE FROM urn WHERE token = ?", (token,)))


URN_TAMPERING: dict[str, tuple[Callable[[Path], None], str]] = {
    "added": (add_ballot, "1 not deposited by any member"),
    "altered": (alter_ballot, "1 not deposited by any member (added or altered), 1 deposited"),
    "removed": (remove_ballot, "1 deposited ballots missing"),
}


def rewrite(
    path: Path,
    edit: Callable[[int, str, str], str],
    *,
    keep: Callable[[str], bool] = lambda kind: True,
    forger: Ed25519PrivateKey | None = None,
) -> None:
    """Rewrites a journal as a forger with the file and voteboard's own code would: each body
    through `edit(seq, kind, body)`, the rows `keep` refuses dropped, the hash chain and the
    meta head recomputed with the journal's own `event_hash`; with `forger`, the hall's key
    replaced by the forger's and every checkpoint signed again with it."""
    forged = None
    if forger is not None:
        forged = seal.HallKey(
            forger.public_key()
            .public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            .decode()
        )
    with closing(sqlite3.connect(path)) as db, db:
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        rows = db.execute("SELECT seq, vote, kind, at, body FROM events ORDER BY seq").fetchall()
        db.execute("DELETE FROM events")
        head, number = roster_hash(meta["roster"]), 0
        for seq, vote, kind, at, body in rows:
            if not keep(kind):
                continue
            body = edit(seq, kind, body)
            if forger is not None and forged is not None and kind == "hall_key":
                note = json.loads(body)
                note |= {"public_key": forged.pem, "fingerprint": forged.fingerprint}
                body = json.dumps(note)
            if forger is not None and forged is not None and kind == "checkpoint":
                text = seal.head_text(meta["journal_id"], number, head)
                signature = base64.b64encode(forger.sign(text.encode())).decode()
                note = json.loads(body)
                note |= {"seq": number, "hash": head, "signature": signature}
                note["hall_key"] = forged.fingerprint
                body = json.dumps(note)
            number += 1
            digest = event_hash(head, kind, vote, body)
            db.execute(
                "INSERT INTO events (seq, vote, kind, at, body, prev, hash) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (number, vote, kind, at, body, head, digest),
            )
            head = digest
        db.execute("UPDATE meta SET value = ? WHERE key = 'head'", (f"{number} {head}",))


def first(kind: str) -> Callable[[int, str, str], str]:
    """An edit of the first event of `kind`: the first "yes" in its body becomes "no"."""
    done: list[int] = []

    def edit(seq: int, event_kind: str, body: str) -> str:
        if event_kind != kind or done or '"yes"' not in body:
            return body
        done.append(seq)
        changed = body.replace('"yes"', '"no"', 1).replace('"yes":', '"no":', 1)
        assert changed != body
        return changed

    return edit


def swap_totals(seq: int, kind: str, body: str) -> str:
    """The close of a secret ballot, its yes and no swapped."""
    if kind != "vote_closed":
        return body
    event = json.loads(body)
    totals = event["totals"]
    totals["yes"], totals["no"] = totals["no"], totals["yes"]
    assert totals["yes"] != totals["no"]
    return json.dumps(event, separators=(",", ":"))


def locked_vote(journal: Path, symbol: str, seed: str) -> None:
    voteboard("simulate", "--journal", journal, "--seed", seed, "--symbol", symbol, "--lock")


def export(journal: Path, vote: str, fmt: str, target: Path) -> Path:
    voteboard("export", vote, "--format", fmt, "-o", target, "--journal", journal)
    return target


@dataclass(frozen=True)
class Hall:
    """A journal with two locked recorded votes (A/1, A/2), a backup of it taken after the
    first, and the records of A/2 (JSON, CSV, PDF) made at the end."""

    journal: Path
    early: Path
    records: dict[str, Path]

    def record(self, fmt: str) -> Path:
        return self.records[fmt]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Hall, Path]:
    """Made once for the module (each test works on copies): the hall, and another journal
    (another id) that holds votes of the same symbols."""
    folder = tmp_path_factory.mktemp("archive")
    journal, early = folder / "hall.sqlite", folder / "early-copy.sqlite"
    locked_vote(journal, "A/1", "1")
    voteboard("backup", "--journal", journal, "-o", early)
    locked_vote(journal, "A/2", "2")
    records = {fmt: export(journal, "A/2", fmt, folder / f"a2.{fmt}") for fmt in FORMATS}
    other = folder / "other.sqlite"
    locked_vote(other, "A/2", "2")
    locked_vote(other, "A/7", "7")
    return Hall(journal, early, records), other


@pytest.fixture
def hall(archive: tuple[Hall, Path], tmp_path: Path) -> Hall:
    """A copy of the archive's hall, for this test alone."""
    made = archive[0]
    journal, early = tmp_path / "hall.sqlite", tmp_path / "early-copy.sqlite"
    shutil.copyfile(made.journal, journal)
    shutil.copyfile(made.early, early)
    records = {fmt: tmp_path / path.name for fmt, path in made.records.items()}
    for fmt, path in made.records.items():
        shutil.copyfile(path, records[fmt])
    return Hall(journal, early, records)


@pytest.fixture(scope="module")
def open_secret(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A journal whose secret ballot S/1 is left open (made once; tests work on copies)."""
    journal = tmp_path_factory.mktemp("secret") / "hall.sqlite"
    open_secret_vote(journal)
    return journal


# ---- the sealed urn of an open vote -------------------------------------------------------


@pytest.mark.parametrize("how", list(URN_TAMPERING))
def test_a_sealed_ballot_tampered_with_while_the_vote_is_open_is_reported(
    open_secret: Path, tmp_path: Path, how: str
) -> None:
    journal = tmp_path / "hall.sqlite"
    shutil.copyfile(open_secret, journal)
    assert verify(journal).returncode == 0
    tamper, problem = URN_TAMPERING[how]
    tamper(journal)
    result = verify(journal)
    assert_caught(result, "NOT intact", "the urn of S/1", "was altered", problem)


def test_sealed_ballots_of_no_secret_vote_are_reported(hall: Hall) -> None:
    journal = hall.journal
    with closing(sqlite3.connect(journal)) as db:
        vote = db.execute("SELECT vote FROM events WHERE kind = 'vote_prepared'").fetchone()[0]
    sql(journal, ("INSERT INTO urn VALUES (randomblob(16), ?, randomblob(29))", (vote,)))
    assert_caught(verify(journal), "NOT intact", "sealed ballots of no secret vote")


@pytest.fixture
def writer(tmp_path: Path) -> Iterator[tuple[Path, Journal, Session]]:
    """A secret ballot under way in this process: 12 ballots deposited, the journal open."""
    path = tmp_path / "hall.sqlite"
    journal = Journal.open(path, roster=un_roster())
    session = Session(journal, journal.state(), clock=TickingClock(step=timedelta(seconds=1)))
    spec = VoteSpec(symbol="S/2", title="Election", mode=Mode.SECRET)
    session.execute(
        PrepareVote(at=session.clock(), vote="v-secret", spec=spec, unusual_symbol=True)
    )
    session.execute(OpenVote(at=session.clock()))
    for i, code in enumerate(journal.roster.codes[:12]):
        session.execute(CastBallot(at=session.clock(), member=code, choice=list(Choice)[i % 3]))
    yield path, journal, session
    journal.close()


@pytest.mark.parametrize("how", list(URN_TAMPERING))
def test_the_close_of_an_urn_tampered_with_mid_vote_is_refused(
    writer: tuple[Path, Journal, Session], how: str
) -> None:
    path, journal, session = writer
    URN_TAMPERING[how][0](path)  # by another program, while the writer holds the journal
    events = journal.event_count()
    with pytest.raises(Refused, match=r"The urn of S/2 \(v-secret\)"):
        session.execute(CloseVote(at=session.clock()))
    with pytest.raises(Refused):
        journal.count_urn("v-secret")
    # Nothing was written: the vote is still open, its urn still there to be looked at.
    assert journal.event_count() == events
    vote = session.state.current_vote
    assert vote is not None
    assert vote.phase is Phase.OPEN
    assert len(urn_rows(path)) == {"added": 13, "altered": 12, "removed": 11}[how]


# ---- the urn of an ended vote ---------------------------------------------------------------


def close_in_process(path: Path) -> str:
    """Closes the journal's open vote through a Session; returns the vote's id."""
    with Journal.open(path) as journal:
        session = Session(journal, journal.state())
        vote = session.state.current_vote
        assert vote is not None
        session.execute(CloseVote(at=session.clock()))
        return vote.id


def test_the_urn_of_a_closed_vote_put_back_is_reported(tmp_path: Path) -> None:
    journal = tmp_path / "hall.sqlite"
    open_secret_vote(journal)
    kept = urn_rows(journal)  # a copy of the sealed ballots, taken while the vote was open
    close_in_process(journal)
    assert urn_rows(journal) == []
    assert verify(journal).returncode == 0
    with closing(sqlite3.connect(journal)) as db, db:
        db.executemany("INSERT INTO urn (token, vote, sealed) VALUES (?, ?, ?)", kept)
    assert_caught(verify(journal), "NOT intact", "the urn of S/1", "they were put back")


def test_the_urn_digest_of_a_close_altered_is_reported(tmp_path: Path) -> None:
    journal = tmp_path / "hall.sqlite"
    open_secret_vote(journal)
    close_in_process(journal)
    with closing(sqlite3.connect(journal)) as db:
        seq, body = db.execute("SELECT seq, body FROM events WHERE kind = 'vote_closed'").fetchone()
    digest = json.loads(body)["urn_digest"]
    assert digest
    other = seal.urn_digest(["0" * 64])
    sql(journal, ("UPDATE events SET body = ? WHERE seq = ?", (body.replace(digest, other), seq)))
    assert_caught(verify(journal), "NOT intact", f"event {seq} was altered")


# ---- the chain recomputed: the signed checkpoints -----------------------------------------


@pytest.mark.parametrize(
    ("mode", "edit"),
    [("recorded", first("ballot_cast")), ("secret", swap_totals)],
    ids=["a recorded ballot", "the totals of a secret close"],
)
def test_an_edit_with_the_chain_recomputed_fails_on_the_signed_checkpoint(
    tmp_path: Path, mode: str, edit: Callable[[int, str, str], str]
) -> None:
    journal = tmp_path / "hall.sqlite"
    voteboard(
        "simulate", "--journal", journal, "--mode", mode, "--seed", "2", "--symbol", "A/3", "--lock"
    )
    record = export(journal, "A/3", "json", tmp_path / "a3.json")
    head = json.loads(record.read_text())["head"]
    rewrite(journal, edit)
    # The chain itself is whole again: only the signatures tell.
    with closing(sqlite3.connect(journal)) as db:
        events = db.execute("SELECT seq, prev, hash FROM events ORDER BY seq").fetchall()
    assert all(a[2] == b[1] for a, b in itertools.pairwise(events))
    result = verify(journal)
    assert_caught(
        result, "NOT intact: the checkpoint at event", "that is not in this chain", "rewritten"
    )
    # And the record made before says so too.
    result = verify(journal, record)
    assert_caught(result, f"does NOT hold the head {head['seq']}:{head['hash']}", "rewritten")
    result = verify(journal, f"{head['seq']}:{head['hash']}")
    assert_caught(result, "does NOT hold the head", "its hash differs", "rewritten")


def test_a_checkpoint_whose_signature_was_altered_is_reported(hall: Hall) -> None:
    journal = hall.journal

    def forge(seq: int, kind: str, body: str) -> str:
        if kind != "checkpoint":
            return body
        note = json.loads(body)
        signature = base64.b64decode(note["signature"])
        note["signature"] = base64.b64encode(flip(signature, 10)).decode()
        return json.dumps(note)

    rewrite(journal, forge)
    assert_caught(verify(journal), "NOT intact: the checkpoint at event", "does not verify")


def test_checkpoints_stripped_and_the_chain_recomputed_are_caught_by_a_record(
    hall: Hall,
) -> None:
    """A forger who drops the hall's key and every checkpoint before recomputing the chain
    leaves nothing for `verify` alone to check a signature of; a record made before tells."""
    journal, record = hall.journal, hall.record("csv")
    rewrite(journal, first("ballot_cast"), keep=lambda kind: kind not in ("checkpoint", "hall_key"))
    assert_caught(verify(journal, record), "does NOT hold the head", "a key this journal does not")


def test_a_chain_signed_again_with_a_forged_key_is_caught_by_a_record(hall: Hall) -> None:
    """A forger who replaces the hall's key by one of their own and signs every checkpoint
    again: `verify` names the key it checked with (not the hall's), and a record made before
    is signed by a key that the forged journal does not hold."""
    journal, record = hall.journal, hall.record("json")
    hall_key = Signer().public().fingerprint
    rewrite(journal, first("ballot_cast"), forger=Ed25519PrivateKey.generate())
    alone = verify(journal)
    verified = alone.stdout.splitlines()[0]
    assert hall_key not in verified, "the forged journal names the hall's own key"
    assert_caught(verify(journal, record), "does NOT hold the head", "a key this journal does not")


def test_a_checkpoint_removed_and_the_chain_recomputed_is_reported(hall: Hall) -> None:
    """Once a journal signs, every close, lock and cancel is followed by its checkpoint: a
    forger who drops the last one (to hide an edit after it) is caught by `verify` alone."""
    journal = hall.journal
    seen: list[int] = []

    def keep(kind: str) -> bool:
        if kind == "checkpoint":
            seen.append(1)
            return len(seen) != 4  # the lock of A/2's, the last of four
        return True

    rewrite(journal, lambda _seq, _kind, body: body, keep=keep)
    assert_caught(verify(journal), "ended or locked a vote but no signed checkpoint follows")


def test_verify_says_when_the_journal_is_signed_by_another_key_than_this_machines(
    hall: Hall,
) -> None:
    """Signed anew with a forger's key, a rewritten journal verifies on its own; on the
    hall's machine, `verify` says that its key is not the machine's."""
    journal = hall.journal
    rewrite(journal, first("ballot_cast"), forger=Ed25519PrivateKey.generate())
    result = verify(journal)
    assert result.returncode == 0
    own = Signer().public().fingerprint
    assert f"not by this machine's hall key {own}" in result.stdout


# ---- rolled back, rewritten, replaced: a later record tells ---------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_journal_rolled_back_to_an_older_copy_lacks_the_head_of_a_later_record(
    hall: Hall, fmt: str
) -> None:
    journal, early, record = hall.journal, hall.early, hall.record(fmt)
    held = verify(journal, record)
    assert held.returncode == 0, held.stdout + held.stderr
    assert "holds the head" in held.stdout
    assert "signed by the hall key" in held.stdout
    # The older copy, on its own, is a whole journal: only the record tells it is behind.
    assert verify(early).returncode == 0
    result = verify(early, record)
    assert_caught(result, "does NOT hold the head", "rolled back")


def test_a_journal_rolled_back_in_place_lacks_the_head(hall: Hall) -> None:
    journal, early, record = hall.journal, hall.early, hall.record("json")
    head = json.loads(record.read_text())["head"]
    shutil.copyfile(early, journal)  # the old copy put back at the journal's place
    assert_caught(verify(journal, record), "does NOT hold the head", "rolled back")
    given = f"{head['seq']}:{head['hash']}"
    assert_caught(verify(journal, given), "does NOT hold the head", "rolled back")


def test_a_rewritten_journal_does_not_hold_a_head_given_by_hand(hall: Hall) -> None:
    journal, record = hall.journal, hall.record("json")
    head = json.loads(record.read_text())["head"]
    given = f"{head['seq']}:{head['hash']}"
    assert verify(journal, given).returncode == 0
    rewrite(journal, first("ballot_cast"))
    result = verify(journal, given)
    assert_caught(result, f"does NOT hold the head {given}", "rewritten")


def test_another_journal_at_the_path_is_not_the_one_of_the_record(
    hall: Hall, archive: tuple[Hall, Path], tmp_path: Path
) -> None:
    journal, record = hall.journal, hall.record("json")
    other = tmp_path / "other.sqlite"
    shutil.copyfile(archive[1], other)
    other.replace(journal)
    assert verify(journal).returncode == 0  # a whole journal, but not that one
    assert_caught(verify(journal, record), "does NOT hold the head", "of another journal")


def _alter_signature(record: Path, fmt: str) -> None:
    data = record.read_bytes()
    if fmt == "json":
        signature = json.loads(data)["head"]["signature"]
    elif fmt == "csv":
        header, row = data.decode().splitlines()[:2]
        signature = row.split(",")[header.split(",").index("head_signature")]
    else:
        start = data.index(b"<voteboard:signature>") + len(b"<voteboard:signature>")
        signature = data[start : data.index(b"<", start)].decode()
    raw = base64.b64decode(signature)
    altered = base64.b64encode(flip(raw, 0)).decode()
    assert len(altered) == len(signature)
    record.write_bytes(data.replace(signature.encode(), altered.encode(), 1))


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_record_whose_signature_was_altered_is_refused(hall: Hall, fmt: str) -> None:
    journal, record = hall.journal, hall.record(fmt)
    assert verify(journal, record).returncode == 0
    _alter_signature(record, fmt)
    result = verify(journal, record)
    assert_caught(result, "does NOT hold the head", "signature does not verify", "altered")


def test_a_record_whose_head_was_altered_is_refused(hall: Hall) -> None:
    """The head moved back to an earlier event of the same chain, with its true hash: the
    signature no longer matches it."""
    journal, record = hall.journal, hall.record("json")
    document = json.loads(record.read_text())
    with closing(sqlite3.connect(journal)) as db:
        earlier = db.execute("SELECT hash FROM events WHERE seq = 5").fetchone()[0]
    head = document["head"]
    head["signed"] = seal.head_text(document["journal"], 5, earlier)
    head["seq"], head["hash"] = 5, earlier
    record.write_text(json.dumps(document, indent=1))
    assert_caught(verify(journal, record), "does NOT hold the head", "signature does not verify")


# ---- the signatures with standard tools alone (the README's commands) -------------------------


def sh(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, shell=True, cwd=cwd, capture_output=True, text=True, check=False)


def test_the_head_of_a_record_checks_with_openssl_alone(hall: Hall, tmp_path: Path) -> None:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    journal = hall.journal
    shutil.copyfile(hall.record("json"), tmp_path / "r.json")
    printed = voteboard("hall-key", "--journal", journal, "-o", tmp_path / "hall-key.pem").stdout
    fingerprint = json.loads((tmp_path / "r.json").read_text())["head"]["hall_key"]
    assert fingerprint in printed
    steps = [
        """sed -n 's/^ *"signed": "\\(.*\\)",$/\\1/p' r.json | tr -d '\\n' > head.txt""",
        """sed -n 's/^ *"signature": "\\(.*\\)",$/\\1/p' r.json | base64 -d > head.sig""",
    ]
    for step in steps:
        done = sh(step, tmp_path)
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "head.txt").read_text().startswith("voteboard-head:1:")
    assert len((tmp_path / "head.sig").read_bytes()) == 64  # an Ed25519 signature
    check = (
        "openssl pkeyutl -verify -pubin -inkey hall-key.pem -rawin -in head.txt -sigfile head.sig"
    )
    verified = sh(check, tmp_path)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "Signature Verified Successfully" in verified.stdout
    # An altered head does not verify.
    text = (tmp_path / "head.txt").read_text()
    seq = text.split(":")[3]
    (tmp_path / "head.txt").write_text(text.replace(f":{seq}:", f":{int(seq) + 1}:", 1))
    refused = sh(check, tmp_path)
    assert refused.returncode != 0
    assert "Signature Verified Successfully" not in refused.stdout
    # The fingerprint is the SHA-256 of the key's DER form.
    digest = sh("openssl pkey -pubin -in hall-key.pem -outform DER | sha256sum", tmp_path)
    assert digest.returncode == 0, digest.stderr
    assert digest.stdout.split()[0] == fingerprint


def test_a_close_and_a_lock_written_together_are_each_signed(tmp_path: Path) -> None:
    """One append holding a close and a lock (an import, a batch) verifies: each end of a vote
    is followed at once by its checkpoint (it was signed once, at the batch's end, and the
    journal was then refused as one whose checkpoint was removed)."""
    from voteboard.core.commands import LockVote
    from voteboard.core.session import MemoryStore
    from voteboard.core.state import AssemblyState

    roster = un_roster()
    clock = TickingClock()
    batch = MemoryStore()
    session = Session(batch, AssemblyState.initial(roster), clock=clock)
    spec = VoteSpec(symbol="A/80/L.1", title="Batch")
    for command in (
        PrepareVote(at=clock(), vote="v1", spec=spec),
        OpenVote(at=clock()),
        CastBallot(at=clock(), member="FRA", choice=Choice.YES),
        CloseVote(at=clock()),
        LockVote(at=clock()),
    ):
        session.execute(command)
    path = tmp_path / "batch.sqlite"
    with Journal.open(path, roster=roster) as journal:
        journal.append(list(batch.events))
    with Journal.open(path, readonly=True) as journal:
        checked = journal.verify()
        kinds = [row[0] for row in journal._db.execute("SELECT kind FROM events ORDER BY seq")]
    assert checked.intact, checked.problem
    ends = [i for i, kind in enumerate(kinds) if kind in ("vote_closed", "vote_locked")]
    assert all(kinds[i + 1] in ("hall_key", "checkpoint") for i in ends)
    assert kinds.count("hall_key") == 1
