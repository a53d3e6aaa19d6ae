"""The PDF record as its reader sees it, page by page: laid out like the voting annex of a
General Assembly verbatim record (the symbol, title, date, "Recorded vote", then "In favour:",
"Against:", "Abstaining:" in bold with their counts, each before its names), every word at a
size that prints legibly and inside the page, nothing overlapping, the result with its
arithmetic, the corrections with their notes, and the journal's signed head at its foot, each
value whole on a line, so that it can be typed back into `voteboard verify --head`.

The PDFs are made by the command line, as a user makes them; poppler reads them back
(`pdftotext -bbox` gives each word's box) and draws them (`pdftoppm`), and the drawn pages
are looked at: a heading must be drawn, and in bold, not only be found in the text."""

from __future__ import annotations

import html
import json
import re
import shutil
import statistics
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.process import voteboard
from voteboard.core.commands import RecordCorrection, WithdrawRight
from voteboard.core.model import Choice
from voteboard.core.session import Session
from voteboard.journal.archive import open_journal
from voteboard.journal.records import head_of
from voteboard.journal.store import Journal

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="needs poppler's pdftotext and pdftoppm",
)
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.DOTALL)
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)
_MARGIN = 20 / 25.4 * 72  # the page's left and right margins, 20 mm, in points
_INDENT = 18  # the names under a heading, in points
_DPI = 100


@dataclass(frozen=True)
class Word:
    text: str
    page: int  # from 0
    left: float
    top: float
    right: float
    bottom: float

    @property
    def height(self) -> float:
        """In points (1/72 inch): about 1.2 times the font's size."""
        return self.bottom - self.top


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: tuple[Word, ...]


def pages(pdf: Path) -> list[Page]:
    """The pages of a PDF with their words' boxes, as poppler's pdftotext -bbox reads them;
    every word must lie on its page, inside the margins, and overlap no other word."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    found = []
    for number, (width, height, body) in enumerate(_PAGE.findall(out)):
        page = Page(
            float(width),
            float(height),
            tuple(
                Word(html.unescape(text), number, float(x0), float(y0), float(x1), float(y1))
                for x0, y0, x1, y1, text in _WORD.findall(body)
            ),
        )
        for w in page.words:
            assert w.left >= _MARGIN - 0.5, f"{w.text!r} runs into the left margin"
            assert w.right <= page.width - _MARGIN + 0.5, f"{w.text!r} runs off the page"
            assert 0 < w.top < w.bottom < page.height, f"{w.text!r} is off the page"
        for i, a in enumerate(page.words):
            for b in page.words[i + 1 :]:
                # Boxes include the line's leading: a true overlap is more than a point.
                overlap_x = min(a.right, b.right) - max(a.left, b.left)
                overlap_y = min(a.bottom, b.bottom) - max(a.top, b.top)
                assert overlap_x < 1 or overlap_y < 1, f"{a.text!r} overlaps {b.text!r}"
        found.append(page)
    return found


def words(pdf: Path) -> Iterator[Word]:
    for page in pages(pdf):
        yield from page.words


def text_of(pdf: Path) -> str:
    """The words in reading order, one space between them (lines joined)."""
    return " ".join(w.text for w in words(pdf))


class Drawn:
    """The pages as pdftoppm draws them at 100 dpi, to look at what a reader sees."""

    def __init__(self, pdf: Path, folder: Path) -> None:
        from PySide6.QtGui import QImage

        subprocess.run(
            ["pdftoppm", "-r", str(_DPI), "-png", str(pdf), str(folder / "page")], check=True
        )
        self.files = sorted(folder.glob("page-*.png"))
        self.images = [QImage(str(f)) for f in self.files]

    def ink(self, word: Word) -> float:
        """How dark the word's box is, from 0 (white) to 1: bold is darker than regular."""
        image = self.images[word.page]
        scale = _DPI / 72
        dark, count = 0.0, 0
        for y in range(int(word.top * scale), int(word.bottom * scale) + 1):
            for x in range(int(word.left * scale), int(word.right * scale) + 1):
                dark += 1 - image.pixelColor(x, y).lightnessF()
                count += 1
        return dark / count


def board_json(journal: Path, vote: str) -> dict[str, Any]:
    out = voteboard("board", vote, "--json", "--journal", journal).stdout
    board: dict[str, Any] = json.loads(out)
    return board


def export_pdf(journal: Path, vote: str, pdf: Path) -> Path:
    voteboard("export", vote, "--format", "pdf", "-o", pdf, "--journal", journal)
    return pdf


def find(found: Sequence[Word], phrase: str, start: int = 0) -> int:
    """The index of the first word of `phrase` (words in a row) in `found`, from `start`."""
    wanted = phrase.split()
    for i in range(start, len(found) - len(wanted) + 1):
        if [w.text for w in found[i : i + len(wanted)]] == wanted:
            return i
    raise AssertionError(f"{phrase!r} is not in the record")


def body_height(found: Sequence[Word]) -> float:
    """The height of the text's words: the most common one (the names make most words)."""
    return statistics.mode(round(w.height, 1) for w in found)


def check_heading(
    found: Sequence[Word], drawn: Drawn, label: str, count: int | None = None
) -> Word:
    """A heading as the annex has it, "In favour: 143": bold, at the size of the text or
    larger, at the page's left margin, its count (if it has one) beside it on its line, and
    what it heads after it, indented below it on the same page. Gives the first word after."""
    at = find(found, label)
    heading = found[at : at + len(label.split()) + (count is not None)]
    if count is not None:
        number = heading[-1]
        assert number.text == str(count), f"{label} {number.text}, the board says {count}"
    body = body_height(found)
    names = [w for w in found if w.page == heading[0].page and round(w.height, 1) == body]
    regular = statistics.mean(drawn.ink(w) for w in names[:40])
    for w in heading:
        assert w.height >= body, f"{w.text!r} of {label!r} is smaller than the text"
        assert drawn.ink(w) > 1.2 * regular, f"{w.text!r} of {label!r} is not bold"
        assert abs(w.top - heading[0].top) < 0.5, f"{label!r} is not on one line"
    assert abs(heading[0].left - _MARGIN) < 0.5, f"{label!r} is not at the left margin"
    first = found[at + len(heading)]
    assert first.page == heading[0].page, f"{label!r} is at a page's foot without its names"
    assert first.top >= heading[0].bottom - 0.5
    assert abs(first.left - (_MARGIN + _INDENT)) < 0.5, f"the names after {label!r}"
    return first


@pytest.fixture
def record(tmp_path: Path) -> tuple[Path, Path]:
    journal = tmp_path / "hall.sqlite"  # a vote locked in it signs its head
    voteboard(
        "simulate", "--journal", journal, "--symbol", "A/ES-11/L.5", "--choices-from",
        "A/RES/ES-11/4", "--lock",
    )  # fmt: skip
    return journal, export_pdf(journal, "A/RES/ES-11/4", tmp_path / "record.pdf")


def test_every_word_of_the_record_prints_at_a_legible_size(record: tuple[Path, Path]) -> None:
    _, pdf = record
    found = list(words(pdf))
    assert len(found) > 250
    small = [w.text for w in found if w.height < 9]  # 8 pt, the smallest label
    assert not small, f"printed below 8 pt: {small[:10]}"
    body = body_height(found)
    assert round(next(w for w in found if w.text == "Afghanistan,").height, 1) == body
    assert max(w.height for w in found if w.text == "A/RES/ES-11/4") > 1.6 * body  # heads it
    assert found[find(found, "Abstaining:")].height > 1.1 * body  # above its names
    assert found[find(found, "Against:")].height > 1.1 * body


def test_the_record_of_es_11_4_reads_like_the_annex_of_the_verbatim_record(
    record: tuple[Path, Path], tmp_path: Path
) -> None:
    journal, pdf = record
    board = board_json(journal, "A/RES/ES-11/4")
    totals = board["totals"]
    drawn = Drawn(pdf, tmp_path)
    laid_out = pages(pdf)
    assert len(drawn.images) == len(laid_out) == 2
    for number, (image, page) in enumerate(zip(drawn.images, laid_out, strict=True)):
        assert (image.width(), image.height()) == (827, 1170)  # A4 at 100 dpi
        # Each page ends with the symbol and its number, below everything else.
        lowest = max(w.top for w in page.words)
        foot = sorted((w for w in page.words if w.top > lowest - 2), key=lambda w: w.left)
        assert [w.text for w in foot] == ["A/RES/ES-11/4", "Page", str(number + 1), "of", "2"]
        assert max(w.bottom for w in page.words if w not in foot) < foot[0].top
    found = [w for page in laid_out for w in page.words]
    text = " ".join(w.text for w in found)
    # The top of the first page: the organisation, the symbol, the session and meeting of the
    # imported record, the date, the title.
    top = " ".join(w.text for w in found[:30])
    for line in (
        "United Nations",
        "General Assembly",
        "Eleventh emergency special session",
        "14th plenary meeting",
        "Wednesday, 12 October 2022",
        "Territorial integrity of Ukraine: defending the principles",
    ):
        assert line in top
    united = found[find(found, "United Nations")]
    symbol = next(w for w in found if w.text == "A/RES/ES-11/4")
    assert symbol.page == united.page == 0
    assert abs(united.left - _MARGIN) < 0.5  # the organisation at the left, the symbol at the
    assert abs(symbol.right - (laid_out[0].width - _MARGIN)) < 0.5  # right, on its line
    assert abs(symbol.top - united.top) < 0.5
    assert symbol.bottom < found[find(found, "Territorial integrity")].top
    mode = found[find(found, "Recorded vote")]
    assert mode.height >= body_height(found)
    assert "Secret ballot" not in text
    # The lists, in the annex's order, each heading with the board's count.
    starts = []
    first_names = {}
    for label, count in (
        ("In favour:", totals["yes"]),
        ("Against:", totals["no"]),
        ("Abstaining:", totals["abstain"]),
        ("Non-voting:", totals["non_voting"]),
    ):
        first_names[label] = check_heading(found, drawn, label, count).text
        starts.append(find(found, label))
    assert starts == sorted(starts)
    assert mode.top < found[starts[0]].top
    assert first_names == {
        "In favour:": "Afghanistan,",
        "Against:": "Belarus,",
        "Abstaining:": "Algeria,",
        "Non-voting:": "Azerbaijan,",
    }
    # The names in their official form of the day, in full.
    assert "United Kingdom of Great Britain and Northern Ireland," in text
    assert "Bolivia (Plurinational State of)," in text
    # The result, as the verbatim record states it, with its arithmetic, after the lists.
    result = find(found, "Result")
    assert result > starts[-1]
    assert "Adopted by 143 votes to 5, with 35 abstentions." in text
    assert "Required: two-thirds of 148 present and voting = 99. Yes 143: ADOPTED" in text
    assert "Total membership: 193; non-voting: 10. This result is final" in text
    assert "Without the right to vote" not in text  # nobody had lost it


def test_the_record_of_a_secret_ballot_names_who_took_part_and_no_choice(
    tmp_path: Path,
) -> None:
    journal = tmp_path / "hall.sqlite"
    voteboard(
        "simulate", "--journal", journal, "--mode", "secret", "--symbol", "A/78/L.99",
        "--title", "Question put to a secret ballot", "--lock",
    )  # fmt: skip
    pdf = export_pdf(journal, "A/78/L.99", tmp_path / "secret.pdf")
    board = board_json(journal, "A/78/L.99")
    totals = board["totals"]
    drawn = Drawn(pdf, tmp_path)
    found = list(words(pdf))
    text = " ".join(w.text for w in found)
    assert len(drawn.images) == len(pages(pdf))
    assert "Secret ballot" in text
    assert "Recorded vote" not in text
    took_part = totals["members"] - totals["non_voting"]
    check_heading(found, drawn, "Members that took part in the ballot:", took_part)
    for heading in ("favour:", "Against:", "Abstaining:", "Non-voting:"):
        assert heading not in [w.text for w in found], f"a secret record lists {heading}"
    # Who took part, in board order, and no name anywhere else (a name beside a choice).
    voted = [m for m in board["members"] if m["light"] == "voted"]
    assert len(voted) == took_part
    listed = text[text.index("in the ballot:") : text.index("A secret ballot:")]
    assert listed.count(",") == took_part - 1
    after = text[text.index("A secret ballot:") :]
    assert not [m["name"] for m in board["members"] if f" {m['name']}" in after]
    # The totals, public once the urn is counted, and the result.
    assert f"by {totals['yes']} votes to {totals['no'] or 'none'}" in text
    assert "This result is final" in text


def test_the_record_of_a_vote_with_corrections_gives_each_note(tmp_path: Path) -> None:
    journal = tmp_path / "hall.sqlite"
    with open_journal(journal) as opened:  # Afghanistan in arrears (Article 19)
        session = Session(opened, opened.state())
        session.execute(WithdrawRight(at=session.clock(), member="AFG"))
    voteboard(
        "simulate", "--journal", journal, "--symbol", "A/ES-11/L.5", "--majority", "two-thirds",
        "--title", "Territorial integrity of Ukraine", "--choices-from", "A/RES/ES-11/4", "--lock",
    )  # fmt: skip
    note = 'pressed the wrong button <b>"No"</b> & then\nleft the hall'
    with Journal.open(journal) as opened:
        session = Session(opened, opened.state())
        session.execute(
            RecordCorrection(at=session.clock(), member="KEN", intended=Choice.NO, note=note)
        )
        session.execute(RecordCorrection(at=session.clock(), member="IND", intended=Choice.YES))
    pdf = export_pdf(journal, "A/ES-11/L.5", tmp_path / "corrected.pdf")
    totals = board_json(journal, "A/ES-11/L.5")["totals"]
    drawn = Drawn(pdf, tmp_path)
    found = list(words(pdf))
    text = " ".join(w.text for w in found)
    assert len(drawn.images) == len(pages(pdf))
    # The counts are the vote's own (Afghanistan could not vote), the lists split the others.
    assert totals["yes"] == 142
    check_heading(found, drawn, "In favour:", totals["yes"])
    check_heading(found, drawn, "Against:", totals["no"])
    check_heading(found, drawn, "Abstaining:", totals["abstain"])
    article_19 = "Without the right to vote (Article 19 of the Charter):"
    absent = int(found[find(found, "Non-voting:") + 1].text)
    assert absent + 1 == totals["non_voting"]
    assert check_heading(found, drawn, article_19, 1).text == "Afghanistan"
    assert "Total membership: 193; non-voting: 11, of whom 1 without the right to vote." in text
    # Each correction, with its note on one line, as typed (escaped, never read as markup).
    assert find(found, "Corrections") > find(found, "Result")
    assert check_heading(found, drawn, "Result").text == "Adopted"
    assert check_heading(found, drawn, "Corrections").text == "The"
    assert (
        "The delegation of Kenya informed the Secretariat that it had intended to vote against "
        '(note: "pressed the wrong button <b>"No"</b> & then left the hall").'
    ) in text
    assert (
        "The delegation of India informed the Secretariat that it had intended to vote in favour."
    ) in text
    assert "they do not change the result" in text
    assert text.index("Kenya informed") < text.index("India informed")
    # A correction is never split between two pages, its note away from it.
    kenya = find(found, "The delegation of Kenya")
    assert found[kenya].page == found[find(found, 'hall").', kenya)].page
    # The tally is the one of the vote: the corrections change nothing.
    assert "Adopted by 142 votes to 5, with 35 abstentions." in text


def test_the_session_and_meeting_head_the_record_where_known(qapp: object, tmp_path: Path) -> None:
    from voteboard.core.board import board_of_record
    from voteboard.core.history import ImportedVote
    from voteboard.journal.archive import find_vote, read_journal
    from voteboard.ui.record import write_pdf

    with read_journal(tmp_path / "none.sqlite") as shipped:
        vote = find_vote(shipped, shipped.state(), "A/RES/ES-11/4")
        assert isinstance(vote, ImportedVote)
        board = board_of_record(vote, shipped.roster)
        pdf = tmp_path / "es-11-4.pdf"
        write_pdf(board, pdf, shipped.roster, session=vote.session, meeting=vote.meeting)
    found = list(words(pdf))
    top = " ".join(w.text for w in found[:20])
    assert (
        "Eleventh emergency special session 14th plenary meeting Wednesday, 12 October 2022"
    ) in top
    assert found[find(found, "In favour:") + 2].text == "143"


def test_the_record_carries_the_signed_head_at_its_foot(record: tuple[Path, Path]) -> None:
    journal, pdf = record
    with Journal.open(journal, readonly=True) as opened:
        checkpoint = opened.latest_checkpoint()
        key = opened.hall_key()
    assert checkpoint is not None
    assert key is not None
    found = list(words(pdf))
    texts = [w.text for w in found]
    # No ligature (a hash's "ff" printed as one glyph is copied back as U+FB00).
    assert not [t for t in texts if any("\ufb00" <= c <= "\ufb06" for c in t)]
    half = len(checkpoint.signature) // 2
    # Each value whole, as one word: what a reader copies or types is what was signed.
    values = (
        f"{checkpoint.seq}:{checkpoint.hash}",
        checkpoint.signature[:half],
        checkpoint.signature[half:],
        checkpoint.hall_key,
        checkpoint.text.split(":")[2],
    )
    for value in values:
        assert value in texts
    assert texts.index(checkpoint.hall_key) > texts.index("Zimbabwe")  # at the foot
    # All of it on one page, never split.
    assert len({found[texts.index(v)].page for v in values}) == 1
    assert found[texts.index("head,")].page == found[texts.index(checkpoint.hall_key)].page
    # The head read back from the file itself (its metadata) is the one printed.
    head = head_of(str(pdf))
    assert (head.seq, head.hash, head.signature) == (
        checkpoint.seq,
        checkpoint.hash,
        checkpoint.signature,
    )
    assert key.verify(checkpoint.text, checkpoint.signature)
