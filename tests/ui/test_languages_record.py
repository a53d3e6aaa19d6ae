"""The PDF record in each of the six languages, read back as its reader would: its words and
the members' names in the language (pdftotext), only fonts that voteboard ships embedded
(pdffonts: a glyph borrowed from the machine's fonts would be a box on a hall's machine), the
page laid out from the right in Arabic and headed as large as in English (its pixels)."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.ui.test_board import _secret_board, es_11_4
from voteboard.core.languages import Language
from voteboard.core.model import Light
from voteboard.core.record_words import record_words
from voteboard.resources import un_names, un_roster
from voteboard.ui.record import write_pdf

pytestmark = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdftoppm") and shutil.which("pdffonts")),
    reason="poppler-utils (pdftotext, pdftoppm, pdffonts) is not installed",
)

SHIPPED_FONTS = ("DejaVuSansCondensed", "NotoSansArabic", "NotoSansCJKscvoteboard")


_MARKS = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


def _text(path: Path, language: Language = Language.EN) -> str:
    """The text in the order it was written (`-raw`: a justified line is not cut into columns),
    Arabic's presentation forms made letters again and the direction marks dropped."""
    # pdftotext's raw order spaces out every Arabic letter: Arabic is read in its layout order.
    raw = [] if language.right_to_left else ["-raw"]
    result = subprocess.run(["pdftotext", *raw, str(path), "-"], capture_output=True, text=True)
    text = unicodedata.normalize("NFKC", result.stdout).translate(_MARKS)
    return " ".join(text.split())


def _fonts(path: Path) -> list[str]:
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    return [line.split()[0] for line in lines.splitlines()[2:] if line.strip()]


def _page(path: Path, tmp_path: Path, dpi: int = 50) -> QImage:
    stem = tmp_path / f"{path.stem}-page"
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", path, stem],
        check=True,
    )
    return QImage(f"{stem}.png")


def _ink_rows(image: QImage) -> list[tuple[int, int, int, int]]:
    """Each band of rows holding ink (dark pixels): (top, height, leftmost, rightmost)."""
    bands: list[tuple[int, int, int, int]] = []
    top, lo, hi = -1, 0, 0
    for y in range(image.height()):
        xs = [x for x in range(image.width()) if (image.pixel(x, y) & 0xFF) < 128]
        if xs and top < 0:
            top, lo, hi = y, min(xs), max(xs)
        elif xs:
            lo, hi = min(lo, min(xs)), max(hi, max(xs))
        elif top >= 0:
            bands.append((top, y - top, lo, hi))
            top = -1
    return bands


@pytest.mark.parametrize("language", list(Language), ids=str)
def test_the_record_of_es_11_4_in_each_language(language: Language, tmp_path: Path) -> None:
    target = tmp_path / f"es-11-4-{language.value}.pdf"
    write_pdf(es_11_4(), target, un_roster(), language=language)
    text = _text(target, language)
    words = record_words(language)
    assert " ".join(words.recorded_vote.split()) in text
    for light in (Light.YES, Light.NO, Light.ABSTAIN):
        assert " ".join(words.lists[light].split()) in text, (language, light)
    assert "143" in text
    assert "35" in text
    names = un_names()
    roster = un_roster()
    for code in ("AFG", "FRA", "RUS", "CHN"):
        member = roster.get(code)
        assert member is not None
        official = names.name_on(member, language, es_11_4().vote.date)[0]
        assert " ".join(official.split()) in text, (language, code, official)
    # Every glyph from a font voteboard ships: none borrowed from the machine.
    fonts = _fonts(target)
    assert fonts, "no font embedded"
    assert all(font.split("+")[-1].startswith(SHIPPED_FONTS) for font in fonts), fonts


def test_the_arabic_record_reads_from_the_right_and_is_headed_as_the_english(
    tmp_path: Path,
) -> None:
    pages = {}
    for language in (Language.EN, Language.AR, Language.ZH):
        target = tmp_path / f"{language.value}.pdf"
        write_pdf(es_11_4(), target, un_roster(), language=language)
        pages[language] = _page(target, tmp_path)
    width = pages[Language.EN].width()

    def head(image: QImage) -> tuple[int, int, int]:
        _, height, left, right = _ink_rows(image)[0]
        return height, left, right

    en_height, en_left, en_right = head(pages[Language.EN])
    ar_height, ar_left, ar_right = head(pages[Language.AR])
    zh_height, _, _ = head(pages[Language.ZH])
    # The head's first line (the organisation and the symbol) as large in every language.
    assert 0.6 * en_height <= ar_height <= 1.6 * en_height
    assert 0.6 * en_height <= zh_height <= 1.6 * en_height
    # Both ends of the head are inked (the organisation and the symbol), in each.
    assert en_left < width * 0.2
    assert en_right > width * 0.8
    assert ar_left < width * 0.2
    assert ar_right > width * 0.8
    # The Arabic record's lists start at the right: the first line of names (after the
    # heading "In favour") ends at the right margin and its last line ends short on the left.
    bands = _ink_rows(pages[Language.AR])
    rights = [right for _, _, _, right in bands[5:]]
    assert max(rights) - min(rights) < width * 0.05, "every Arabic line keeps the right margin"
    bands_en = _ink_rows(pages[Language.EN])
    lefts = [left for _, _, left, _ in bands_en[5:]]
    assert max(lefts) - min(lefts) < width * 0.08, "every English line keeps the left margin"


@pytest.mark.parametrize("language", list(Language), ids=str)
def test_a_secret_ballots_record_names_no_choice_in_any_language(
    language: Language, tmp_path: Path
) -> None:
    target = tmp_path / f"secret-{language.value}.pdf"
    write_pdf(_secret_board(), target, un_roster(), language=language)
    text = _text(target, language)
    words = record_words(language)
    assert " ".join(words.secret_ballot.split()) in text
    assert " ".join(words.took_part.split()) in text
    for light in (Light.YES, Light.NO, Light.ABSTAIN):
        heading = " ".join(words.lists[light].split())
        assert heading not in text, (language, heading)
