"""The PDF record as its reader sees it: every word at a size that prints legibly, headings
larger than the text, and the journal's signed head at its foot, each value whole on a line,
so that it can be typed back into `voteboard verify --head`."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.process import voteboard
from voteboard.journal.records import head_of
from voteboard.journal.store import Journal

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


@dataclass(frozen=True)
class Word:
    text: str
    left: float
    right: float
    height: float  # in points (1/72 inch): about 1.2 times the font's size


def words(pdf: Path) -> Iterator[Word]:
    """The words of a PDF with their boxes, as poppler's pdftotext -bbox reads them."""
    page_width = 595.3  # A4
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for left, top, right, bottom, text in _WORD.findall(out):
        assert float(right) <= page_width, f"{text!r} runs off the page"
        yield Word(text, float(left), float(right), float(bottom) - float(top))


@pytest.fixture
def record(tmp_path: Path) -> tuple[Path, Path]:
    journal = tmp_path / "hall.sqlite"
    voteboard("simulate", "--journal", journal, "--choices-from", "A/RES/ES-11/4", "--lock")
    pdf = tmp_path / "record.pdf"
    voteboard("export", "A/RES/ES-11/4", "--format", "pdf", "-o", pdf, "--journal", journal)
    return journal, pdf


def test_every_word_of_the_record_prints_at_a_legible_size(record: tuple[Path, Path]) -> None:
    _, pdf = record
    found = list(words(pdf))
    assert len(found) > 250
    small = [w.text for w in found if w.height < 9]  # 8 pt, the smallest label
    assert not small, f"printed below 8 pt: {small[:10]}"
    size = {w.text: w.height for w in found}
    body = size["Afghanistan,"]
    assert size["A/RES/ES-11/4"] > 1.6 * body  # the symbol heads the page
    assert size["Abstaining"] > 1.1 * body  # a list's heading stands above its names
    assert size["Against"] > 1.1 * body


def test_the_record_carries_the_signed_head_at_its_foot(record: tuple[Path, Path]) -> None:
    journal, pdf = record
    with Journal.open(journal, readonly=True) as opened:
        checkpoint = opened.latest_checkpoint()
        key = opened.hall_key()
    assert checkpoint is not None
    assert key is not None
    texts = [w.text for w in words(pdf)]
    # No ligature (a hash's "ff" printed as one glyph is copied back as U+FB00).
    assert not [t for t in texts if any("\ufb00" <= c <= "\ufb06" for c in t)]
    half = len(checkpoint.signature) // 2
    # Each value whole, as one word: what a reader copies or types is what was signed.
    for value in (
        f"{checkpoint.seq}:{checkpoint.hash}",
        checkpoint.signature[:half],
        checkpoint.signature[half:],
        checkpoint.hall_key,
        checkpoint.text.split(":")[2],
    ):
        assert value in texts
    assert texts.index(checkpoint.hall_key) > texts.index("Zimbabwe")  # at the foot
    # The head read back from the file itself (its metadata) is the one printed.
    head = head_of(str(pdf))
    assert (head.seq, head.hash, head.signature) == (
        checkpoint.seq,
        checkpoint.hash,
        checkpoint.signature,
    )
    assert key.verify(checkpoint.text, checkpoint.signature)
