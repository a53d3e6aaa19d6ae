"""The hall theme: dark ground, high contrast, and the colours of the lights, in one place.

Green, red and amber are the lights' colours and serve nothing else on the board.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QColor, QFont, QFontDatabase
from PySide6.QtWidgets import QWidget

from voteboard.core.model import Light, Phase
from voteboard.resources import asset_path

BACKGROUND = QColor("#0b0f14")
BAND = QColor("#151c26")
TEXT = QColor("#f2f4f7")
DIM = QColor("#8d97a8")
RULE = QColor("#2b3544")
ACCENT = QColor("#6cb4ff")
"""Banners and the outcome: blue and white, never a light's colour."""

LIGHT_FILL: dict[Light, QColor] = {
    Light.YES: QColor("#1fb54a"),
    Light.NO: QColor("#e5352b"),
    Light.ABSTAIN: QColor("#ffb000"),
    Light.VOTED: QColor("#e9eef5"),
    Light.NONE: QColor("#1a222d"),
    Light.INELIGIBLE: QColor("#1a222d"),
}
LIGHT_EDGE: dict[Light, QColor] = {
    Light.NONE: QColor("#3c4859"),
    Light.INELIGIBLE: QColor("#5b6574"),
}
LIGHT_LETTER: dict[Light, str] = {Light.YES: "Y", Light.NO: "N", Light.ABSTAIN: "A"}
LETTER_INK = QColor("#0b0f14")
INELIGIBLE_NAME = QColor("#5b6574")

PHASE_BANNER: dict[Phase, str] = {
    Phase.PREPARED: "VOTE PREPARED",
    Phase.OPEN: "VOTING OPEN",
    Phase.PAUSED: "VOTING SUSPENDED",
    Phase.CLOSED: "VOTING CLOSED",
    Phase.LOCKED: "FINAL RESULT",
    Phase.CANCELLED: "VOTE CANCELLED",
}

FAMILY = "DejaVu Sans Condensed"
_FONT_FILES = ("fonts/DejaVuSansCondensed.ttf", "fonts/DejaVuSansCondensed-Bold.ttf")


@cache
def load_fonts() -> str:
    """Loads the shipped font (so that a machine without fonts still draws letters)."""
    families: list[str] = []
    for name in _FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(asset_path(name)))
        if font_id < 0:
            raise RuntimeError(f"the font {asset_path(name)} could not be loaded")
        families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return families[0] if families else FAMILY


def font(pixels: float, bold: bool = False) -> QFont:
    """The board's font at a pixel size (made once per size: painting asks for it per cell)."""
    return QFont(_font(max(1, round(pixels)), bold))


@cache
def _font(pixels: int, bold: bool) -> QFont:
    result = QFont(load_fonts())
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
