"""The head that a record carries, and the check of a journal against it.

Every record (the JSON, CSV and PDF exports) carries the journal's latest signed checkpoint:
the sequence and hash of the chain's head, the hall's signature of it and the fingerprint of
the hall's key. Whoever holds a record can later ask a journal whether it still holds that
head (`voteboard verify --head`): a journal rolled back to an older copy lacks it, and one
rewritten (even with its chain recomputed) has another hash there, and the signature tells a
forged record from a real one.

A record file is read within bounds (`voteboard.limits`): its size, its JSON's depth and
numbers, a CSV field's length; a sequence of at most 18 digits (SQLite's integers).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from voteboard.journal.seal import HEAD_PREFIX
from voteboard.journal.store import Checkpoint, Journal
from voteboard.limits import MAX_DIGITS, MAX_RECORD_BYTES, InputError, load_json, read_bounded

_SPELLED = re.compile(r"^([0-9]+):([0-9a-f]{64})$")
_SIGNED = re.compile(
    HEAD_PREFIX + f":([0-9a-f]{{1,64}}):([0-9]{{1,{MAX_DIGITS}}}):([0-9a-f]{{64}})"
)
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
    """A head from SEQ:HASH, or from a record file (JSON, CSV or PDF export). Raises
    RecordError, saying why (and at which line of the file), for anything else."""
    spelled = _SPELLED.match(given.strip().lower())
    if spelled:
        if len(spelled[1]) > MAX_DIGITS:
            raise RecordError(f"the sequence of a head has at most {MAX_DIGITS} digits")
        return Head(int(spelled[1]), spelled[2])
    path = Path(given)
    try:
        if not path.is_file():
            raise RecordError("give SEQ:HASH (as a record prints it) or a record's file")
        data = read_bounded(path, MAX_RECORD_BYTES)
    except OSError as exc:
        raise RecordError(exc.strerror or str(exc)) from None
    except InputError as exc:
        raise RecordError(f"{exc}: not a voteboard record") from None
    if data.startswith(b"%PDF"):
        fields = {
            name.decode(): value.decode("utf-8", errors="replace")
            for name, value in _XMP.findall(data)
        }
        return _signed_head(
            fields.get("head"), fields.get("signature"), fields.get("hallKey"), path
        )
    text = data.decode("utf-8", errors="replace")
    if text.lstrip().startswith("{"):
        return _json_head(text, path)
    return _csv_head(text, path)


def _json_head(text: str, path: Path) -> Head:
    try:
        document = load_json(text)
    except InputError as exc:
        where = f"line {exc.line}: " if exc.line else ""
        raise RecordError(f"{where}{exc}: not a voteboard record") from None
    head = document.get("head") if isinstance(document, dict) else None
    if not isinstance(head, dict):
        head = {}
    return _signed_head(
        _text(head.get("signed")), _text(head.get("signature")), _text(head.get("hall_key")), path
    )


def _csv_head(text: str, path: Path) -> Head:
    reader = csv.DictReader(io.StringIO(text))
    try:
        row = next(reader, None)
    except csv.Error as exc:
        raise RecordError(f"line {reader.line_num + 1}: {exc}: not a voteboard record") from None
    if row is None or "journal_head" not in row:
        raise RecordError("not a voteboard record (no head in it: a JSON, CSV or PDF export)")
    return _signed_head(
        _text(row["journal_head"]),
        _text(row.get("head_signature")),
        _text(row.get("hall_key")),
        path,
    )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


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
