"""Reading the board's lights back from its pixels: the smoke test's check of every screen,
and the tests' (one reader for both, so both judge a colour alike)."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage

from voteboard.core.model import Light
from voteboard.ui.theme import LIGHT_FILL

TOLERANCE = 12
"""How far (per channel, 0 to 255) a light read back may be from its colour."""


def expected_colour(light: Light) -> QColor:
    """The colour a light must have on the screen: the theme's."""
    return LIGHT_FILL[light]


def dominant(image: QImage, rect: QRectF) -> QColor:
    """The commonest colour in the middle of a light (its fill, around its letter: the very
    centre is the letter's ink)."""
    inner = rect.adjusted(
        rect.width() * 0.2, rect.height() * 0.2, -rect.width() * 0.2, -rect.height() * 0.2
    ).toRect()
    inner = inner.intersected(image.rect())
    counts = Counter(
        image.pixel(x, y)
        for x in range(inner.left(), inner.right() + 1)
        for y in range(inner.top(), inner.bottom() + 1)
    )
    if not counts:
        return QColor()
    return QColor.fromRgb(counts.most_common(1)[0][0])


def near(a: QColor, b: QColor, tolerance: int = TOLERANCE) -> bool:
    """Whether two colours are the same light (per channel, within the tolerance)."""
    return all(
        abs(x - y) <= tolerance
        for x, y in zip((a.red(), a.green(), a.blue()), (b.red(), b.green(), b.blue()), strict=True)
    )
