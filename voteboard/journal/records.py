"""The head that a record carries, and the check of a journal against it.

Every record (the JSON, CSV and PDF exports) carries the journal's latest signed checkpoint:
the sequence and hash of the chain's head, the hall's signature of it and the fingerprint of
the hall's key. Whoever holds a record can later ask a journal whether it still holds that
head (`voteboard verify --head`): a journal rolled back to an older copy lacks it, and one
rewritten (even with its chain recomputed) has another hash there, and the signature tells a
forged record from a real one.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from voteboard.journal.seal import HEAD_PREFIX
from voteboard.journal.store import Checkpoint, Journal

_SPELLED = re.compile(r"^(\d+):([0-9a-f]{64})$")
_SIGNED = re.compile(HEAD_PREFIX + r":([0-9a-f]+):(\d+):([0-9a-f]{64})")
_XMP = re.compile(rb"<voteboard:(head|signature|hallKey)>([^<]*)</voteboard:\1>")


class RecordError(Exception):
    """A head that cannot be read from what was given."""


@dataclass(frozen=True)
class Head:
    """A head of the chain, as given by hand (SEQ:HASH) or read from a record."""

    seq: int
    hash: str
    journal_id: str | None = None
    signature: str | None = None
    hall_key: str | None = None
    source: str = ""

    @property
    def text(self) -> str:
        return f"{HEAD_PREFIX}:{self.journal_id}:{self.seq}:{self.hash}"

    @property
    def described(self) -> str:
        if self.signature is None:
            return ""
        return f" (signed by the hall key {self.hall_key}, as the record {self.source} says)"

    def check(self, journal: Journal) -> str | None:
        """None when the journal holds this head (and the record's signature is the hall's);
        otherwise what is wrong."""
        if self.journal_id is not None and self.journal_id != journal.journal_id:
            return (
                f"the record is of another journal ({self.journal_id}; this one is "
                f"{journal.journal_id})"
            )
        if self.signature is not None:
            keys = {key.fingerprint: key for key in journal.hall_keys()}
            key = keys.get(self.hall_key or "")
            if key is None:
                return f"the record is signed by a key this journal does not hold ({self.hall_key})"
            if not key.verify(self.text, self.signature):
                return "the record's signature does not verify: the record was altered"
        return journal.contains_head(self.seq, self.hash)


def head_of(given: str) -> Head:
    """A head from SEQ:HASH, or from a record file (JSON, CSV or PDF export)."""
    spelled = _SPELLED.match(given.strip().lower())
    if spelled:
        return Head(int(spelled[1]), spelled[2])
    path = Path(given)
    if not path.is_file():
        raise RecordError("give SEQ:HASH (as a record prints it) or a record's file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RecordError(exc.strerror or str(exc)) from None
    if data.startswith(b"%PDF"):
        fields = {name.decode(): value.decode() for name, value in _XMP.findall(data)}
        return _signed_head(
            fields.get("head"), fields.get("signature"), fields.get("hallKey"), path
        )
    text = data.decode("utf-8", errors="replace")
    if text.lstrip().startswith("{"):
        try:
            head = json.loads(text).get("head") or {}
        except (json.JSONDecodeError, AttributeError):
            raise RecordError("not a voteboard record (JSON that cannot be read)") from None
        return _signed_head(head.get("signed"), head.get("signature"), head.get("hall_key"), path)
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows or "journal_head" not in rows[0]:
        raise RecordError("not a voteboard record (no head in it: a JSON, CSV or PDF export)")
    row = rows[0]
    return _signed_head(row["journal_head"], row.get("head_signature"), row.get("hall_key"), path)


def _signed_head(signed: str | None, signature: str | None, key: str | None, path: Path) -> Head:
    found = _SIGNED.fullmatch(signed or "")
    if found is None or not signature or not key:
        raise RecordError(
            "this record carries no signed head (it was made before the journal's first "
            "checkpoint, or it is not a voteboard record)"
        )
    return Head(int(found[2]), found[3], found[1], signature, key, str(path))


def xmp_packet(checkpoint: Checkpoint | None) -> bytes:
    """The head as XMP metadata for a PDF record (read back by `head_of`)."""
    fields = ""
    if checkpoint is not None:
        fields = (
            f"<voteboard:head>{checkpoint.text}</voteboard:head>"
            f"<voteboard:signature>{checkpoint.signature}</voteboard:signature>"
            f"<voteboard:hallKey>{checkpoint.hall_key}</voteboard:hallKey>"
        )
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:voteboard="https://voteboard.invalid/ns/record/1/">'
        f"{fields}</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    ).encode()
