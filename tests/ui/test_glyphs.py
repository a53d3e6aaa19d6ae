"""Every glyph of the board, in each of the six languages, is drawn by a font voteboard ships:
never by a font the machine happens to have, never as a box.

Each string the board draws in a language (the catalog's words with their placeholders filled,
the days of every month, every member's name and label; the record's words where the catalog
has them) is laid out by Qt in the board's font for that language, in both weights, and every
glyph run is read back: its font must be one of the shipped families and no glyph may be
.notdef (index 0). The Chinese cut (Noto Sans CJK SC voteboard) is renamed so that a machine
with the whole Noto Sans CJK installed cannot draw a missing character unseen.

The cut must also hold no more than the characters needed and a small margin (a stale cut is
noticed), and `scripts/build_fonts.py --check` must pass: a word added to the catalog or a name
changed without the font cut again fails here, in CI.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import string
import subprocess
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtGui import QFont, QRawFont, QTextLayout

from voteboard.core.languages import Language, all_words, day_words
from voteboard.core.record_words import all_record_words
from voteboard.resources import asset_path, un_names, un_roster
from voteboard.ui import theme

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "build_fonts.py"
CJK_FILES = ("fonts/NotoSansCJKsc-voteboard-Regular.otf", "fonts/NotoSansCJKsc-voteboard-Bold.otf")
MARGIN = 16
"""As scripts/build_fonts.py: characters the cut may hold that no text needs."""


def _filled(text: str) -> str:
    """A catalog text with its placeholders filled with digits ({time} with a time)."""
    parts: list[str] = []
    for literal, field, _spec, _conversion in string.Formatter().parse(text):
        parts.append(literal)
        if field is not None:
            parts.append("12:34" if field == "time" else "1234567890")
    return "".join(parts)


def _names(language: Language) -> Iterator[str]:
    if language is not Language.EN:
        yield from un_names().texts(language)
        return
    roster = un_roster()
    for member in (*roster.members, *roster.former_members):
        yield member.name
        yield from [member.label] if member.label else []
        for former in member.former:
            yield former.name
            yield from [former.label] if former.label else []


@cache
def board_strings(language: Language) -> tuple[str, ...]:
    """Every string voteboard draws in a language."""
    texts = {_filled(text) for text in (*all_words(language), *all_record_words(language))}
    for month in range(1, 13):
        texts.update(day_words(dt.date(2022, month, day), language) for day in (1, 12))
    texts.update(_names(language))
    return tuple(sorted(texts))


def _char(c: str) -> str:
    return f"{c!r} U+{ord(c):04X}"


def _bad_runs(text: str, font: QFont) -> list[str]:
    """The glyph runs of a string that a font not shipped draws, or that hold .notdef."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    while (line := layout.createLine()).isValid():
        line.setLineWidth(1_000_000)
    layout.endLayout()
    bad: list[str] = []
    for run in layout.glyphRuns():
        family = run.rawFont().familyName()
        if family not in theme.SHIPPED_FAMILIES:
            bad.append(family)
        elif bytes(run.rawFont().fontTable("head").data()) not in _shipped_heads():
            # A font installed on the machine under a shipped family's name (another version
            # of Noto Sans Arabic or DejaVu) drew it: its head table is not a shipped file's.
            bad.append(f"{family} (a font of the machine, not the shipped file)")
        elif 0 in run.glyphIndexes():
            bad.append(f"{family} (.notdef)")
    return bad


@functools.cache
def _shipped_heads() -> frozenset[bytes]:
    """The `head` tables of the shipped font files (their checksums and dates tell each file
    from any other font of the same family name)."""
    return frozenset(
        bytes(QRawFont(str(asset_path(name)), 12).fontTable("head").data())
        for name in theme._FONT_FILES
    )


def glyph_faults(text: str, font: QFont) -> list[str]:
    """What of a string is drawn by a font not shipped, or as .notdef: character by character
    (a glyph run's string indexes are not to be trusted across fallback fonts)."""
    if not _bad_runs(text, font):
        return []
    chars = {c: ", ".join(_bad_runs(c, font)) for c in sorted(set(text))}
    drawn = "; ".join(f"{_char(c)} by {runs}" for c, runs in chars.items() if runs)
    return [f"{text!r}: {drawn or ', '.join(_bad_runs(text, font))}"]


@pytest.mark.usefixtures("qapp")
@pytest.mark.parametrize("bold", [False, True], ids=["regular", "bold"])
@pytest.mark.parametrize("language", list(Language), ids=str)
def test_every_string_of_the_board_is_drawn_by_the_shipped_fonts(
    language: Language, bold: bool
) -> None:
    font = theme.font(40, bold, language)
    strings = board_strings(language)
    assert len(strings) > 250  # the catalog, the days and the 193 members at least
    faults = [fault for text in strings for fault in glyph_faults(text, font)]
    assert not faults, f"{len(faults)} strings not drawn by {theme.SHIPPED_FAMILIES}:\n" + (
        "\n".join(faults)
    )


def _chinese_characters() -> set[str]:
    return {c for text in board_strings(Language.ZH) for c in text}


@pytest.mark.usefixtures("qapp")
@pytest.mark.parametrize("name", CJK_FILES)
def test_the_chinese_cut_holds_every_character_of_the_chinese_texts(name: str) -> None:
    raw = QRawFont(str(asset_path(name)), 40)
    assert raw.isValid()
    assert raw.familyName() == theme.CJK_FAMILY
    # by code point: PySide6 6.11 passes a one-character str to supportsCharacter(QChar) wrong
    missing = sorted(c for c in _chinese_characters() if not raw.supportsCharacter(ord(c)))
    assert not missing, f"{name} lacks " + ", ".join(map(_char, missing))


@pytest.mark.usefixtures("qapp")
@pytest.mark.parametrize("name", CJK_FILES)
def test_the_chinese_cut_holds_no_more_than_it_needs(name: str) -> None:
    """A stale or whole font shipped instead of the cut is noticed (the Basic Multilingual
    Plane is read through, surrogates aside: the whole font has 40,000 characters there)."""
    raw = QRawFont(str(asset_path(name)), 40)
    plane = (code for code in range(0x20, 0x10000) if not 0xD800 <= code < 0xE000)
    held = {chr(code) for code in plane if raw.supportsCharacter(code)}
    needed = _chinese_characters() | set(string.digits)
    assert len(held - needed) <= MARGIN, (
        f"{name} holds {len(held)} characters, {len(needed)} needed"
    )


@pytest.mark.usefixtures("qapp")
def test_the_shipped_families_are_the_themes() -> None:
    files = {
        "fonts/NotoSansArabic-Regular.ttf": theme.ARABIC_FAMILY,
        "fonts/NotoSansArabic-Bold.ttf": theme.ARABIC_FAMILY,
        **dict.fromkeys(CJK_FILES, theme.CJK_FAMILY),
    }
    for name, family in files.items():
        assert QRawFont(str(asset_path(name)), 12).familyName() == family, name
    assert "Source" not in theme.CJK_FAMILY  # the Reserved Font Name of Noto CJK (OFL)


@pytest.fixture(scope="module")
def build_fonts() -> ModuleType:
    """scripts/build_fonts.py as a module (it needs fontTools for its cut and its check)."""
    pytest.importorskip("fontTools")
    spec = importlib.util.spec_from_file_location("build_fonts", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_build_script_finds_the_shipped_cut_complete(build_fonts: ModuleType) -> None:
    assert build_fonts.CJK_FAMILY == theme.CJK_FAMILY
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # the script's characters are the test's: what one checks, the other draws
    assert build_fonts.needed_characters() >= _chinese_characters()


def test_the_build_scripts_check_names_a_character_the_cut_lacks(
    build_fonts: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    needed = build_fonts.needed_characters
    monkeypatch.setattr(build_fonts, "needed_characters", lambda: needed() | {"龘"})
    assert build_fonts.check(lambda _note: None) == 1
    assert "U+9F98" in capsys.readouterr().out
