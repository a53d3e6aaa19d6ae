"""The head a record carries, read back for `verify --head`: by hand (SEQ:HASH) or from a
record's file, and every file that is not a record refused in words, with its line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from voteboard.journal.records import Head, RecordError, head_of
from voteboard.journal.seal import HEAD_PREFIX

HASH = "ab" * 32
SIGNED = f"{HEAD_PREFIX}:0123456789abcdef:12:{HASH}"


def record(tmp_path: Path, content: bytes | str, name: str = "record") -> str:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return str(path)


def test_a_head_by_hand_and_from_each_kind_of_record(tmp_path: Path) -> None:
    assert head_of(f" 12:{HASH.upper()} ") == Head(12, HASH)
    head = {"signed": SIGNED, "signature": "c2ln", "hall_key": "k"}
    json_record = record(tmp_path, json.dumps({"head": head}), "r.json")
    csv_record = record(tmp_path, f"journal_head,head_signature,hall_key\n{SIGNED},c2ln,k\n")
    pdf_record = record(
        tmp_path,
        b"%PDF-1.7 <voteboard:head>" + SIGNED.encode() + b"</voteboard:head><voteboard:signature>"
        b"c2ln</voteboard:signature><voteboard:hallKey>k</voteboard:hallKey>",
    )
    for given in (json_record, csv_record, pdf_record):
        assert head_of(given) == Head(12, HASH, "0123456789abcdef", "c2ln", "k", given)


NO_HEAD = "this record carries no signed head"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"head": 5}', NO_HEAD),
        ('{"head": {"signed": ["x"], "signature": 1, "hall_key": {}}}', NO_HEAD),
        ('{"head": {"signed": "' + SIGNED.replace(":12:", ":" + "1" * 30 + ":") + '"}}', NO_HEAD),
        ("{\n" + '"a": [' * 50_000, "line 2: arrays and objects nested more than 32 deep"),
        ('{"head": ' + "1" * 5000 + "}", "line 1: a number of 5,000 digits at column 10"),
        ('{"head": "\\ud800"}', "line 1: a lone surrogate escape (\\ud800) at column 11"),
        ('{"head": NaN}', "line 1: NaN at column 10: not a JSON number"),
        ('{"head": {,}}', "line 1: not valid JSON (Expecting property name"),
        ("journal_head\n" + "x" * 200_000 + "\n", "line 2: field larger than field limit"),
        ("symbol,title\nA/1,One\n", "not a voteboard record (no head in it"),
        (b"%PDF <voteboard:head>\xff\xfe</voteboard:head>", NO_HEAD),
        (b"\xff\xfe\x00garbage", "not a voteboard record (no head in it"),
    ],
)
def test_a_file_that_is_no_record_is_refused_in_words(
    tmp_path: Path, content: str | bytes, message: str
) -> None:
    with pytest.raises(RecordError) as error:
        head_of(record(tmp_path, content))
    assert str(error.value).startswith(message)


def test_what_is_neither_a_head_nor_a_record(tmp_path: Path) -> None:
    with pytest.raises(RecordError, match="the sequence of a head has at most 18 digits"):
        head_of("1" * 5000 + ":" + HASH)
    with pytest.raises(RecordError, match="give SEQ:HASH"):
        head_of(str(tmp_path))
    with pytest.raises(RecordError, match="give SEQ:HASH"):
        head_of("/dev/zero")
    with pytest.raises(RecordError, match="File name too long"):
        head_of("x" * 5000)
    big = tmp_path / "big.pdf"
    with big.open("wb") as handle:
        handle.truncate(64 * 1024 * 1024 + 1)
    with pytest.raises(RecordError, match="the file is larger than 64 MB: not a voteboard record"):
        head_of(str(big))
