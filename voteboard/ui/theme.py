"""The hall theme: dark ground, high contrast, the lights' colours (from `core/palette.py`, which
the web page's style sheet is written from too) and the fonts."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QColor, QFont, QFontDatabase
from PySide6.QtWidgets import QWidget

from voteboard.core import palette
from voteboard.core.languages import Language
from voteboard.core.model import Light
from voteboard.resources import asset_path

BACKGROUND = QColor(palette.BACKGROUND)
BAND = QColor(palette.BAND)
TEXT = QColor(palette.TEXT)
DIM = QColor(palette.DIM)
RULE = QColor(palette.RULE)
ACCENT = QColor(palette.ACCENT)
"""Banners and the outcome: blue and white, never a light's colour."""

LIGHT_FILL: dict[Light, QColor] = {light: QColor(hex) for light, hex in palette.LIGHT_FILL.items()}
LIGHT_EDGE: dict[Light, QColor] = {light: QColor(hex) for light, hex in palette.LIGHT_EDGE.items()}
LETTER_INK = QColor(palette.LETTER_INK)
INELIGIBLE_NAME = QColor(palette.INELIGIBLE_NAME)

PHASE_BANNER = Language.EN.words.phases
"""The banner of each phase in English (core/languages.py has the six languages)."""

FAMILY = "DejaVu Sans Condensed"
ARABIC_FAMILY = "Noto Sans Arabic"
CJK_FAMILY = "Noto Sans CJK SC voteboard"
"""Noto Sans CJK cut down to the characters voteboard draws (scripts/build_fonts.py), under its
own family name: a machine with the whole font installed cannot stand in for it unseen."""
SHIPPED_FAMILIES = frozenset({FAMILY, ARABIC_FAMILY, CJK_FAMILY})
_FONT_FILES = (
    "fonts/DejaVuSansCondensed.ttf",
    "fonts/DejaVuSansCondensed-Bold.ttf",
    "fonts/NotoSansArabic-Regular.ttf",
    "fonts/NotoSansArabic-Bold.ttf",
    "fonts/NotoSansCJKsc-voteboard-Regular.otf",
    "fonts/NotoSansCJKsc-voteboard-Bold.otf",
)
_FAMILIES: dict[Language, tuple[str, ...]] = {
    # Arabic words in Noto Sans Arabic, the Latin of a symbol and the digits in DejaVu.
    Language.AR: (ARABIC_FAMILY, FAMILY),
    # Latin and digits in DejaVu, as on every board; the Han characters and the full-width
    # punctuation of Chinese in Noto Sans CJK.
    Language.ZH: (FAMILY, CJK_FAMILY),
}


@cache
def load_fonts() -> str:
    """Loads the shipped fonts (so that a machine without fonts still draws letters, and a
    Chinese or Arabic board never depends on what a machine has installed)."""
    families: list[str] = []
    for name in _FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(asset_path(name)))
        if font_id < 0:
            raise RuntimeError(f"the font {asset_path(name)} could not be loaded")
        families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return families[0] if families else FAMILY


def families(language: Language = Language.EN) -> tuple[str, ...]:
    """The font families that draw a language's board, first choice first."""
    return _FAMILIES.get(language, (FAMILY,))


def font(pixels: float, bold: bool = False, language: Language = Language.EN) -> QFont:
    """The board's font at a pixel size (made once per size: painting asks for it per cell)."""
    return QFont(_font(max(1, round(pixels)), bold, language))


@cache
def _font(pixels: int, bold: bool, language: Language) -> QFont:
    load_fonts()
    result = QFont(FAMILY)
    result.setFamilies(list(families(language)))
    result.setPixelSize(pixels)
    result.setBold(bold)
    result.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return result


def emphasize(widget: QWidget, scale: float, *, bold: bool = True) -> None:
    """A widget's text larger (`scale` times its font's size) and, unless told, bold: the one
    way the desk, the console and the network tab make a line stand out."""
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(bold)
    widget.setFont(font)
