"""The one painting code of the board: the hall window, the operator's preview, the replay
player and the headless image all call `paint_board`, so that all four show the same thing."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import cache, lru_cache

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPen,
    QPolygonF,
    QStaticText,
    QTransform,
)

from voteboard.core.board import Board
from voteboard.core.compare import MARK
from voteboard.core.languages import Language
from voteboard.core.model import Light, Phase
from voteboard.core.wording import footer_texts, header_texts
from voteboard.ui import theme
from voteboard.ui.layout import (
    BoardLayout,
    Cell,
    Panel,
    Rect,
    layout_board,
    mirrored,
    panel_members,
)

__all__ = ["board_layout", "footer_texts", "header_texts", "paint_board", "paint_light", "qrect"]

_ALIGN_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_ALIGN_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def qrect(rect: Rect) -> QRectF:
    """A rectangle of the layout as Qt's."""
    return QRectF(rect.x, rect.y, rect.w, rect.h)


def board_layout(board: Board, width: int, height: int, panel: Panel = Panel.ALL) -> BoardLayout:
    """The layout of a board's members (those of the panel) on a screen of this size."""
    language = board.language
    if language.right_to_left and panel is not Panel.ALL:
        # Read from the right, the board begins on the right-hand screen: it bears the first
        # half of the roster, the left-hand one the second.
        panel = Panel.LEFT if panel is Panel.RIGHT else Panel.RIGHT
    members = board.members[panel_members([m.code for m in board.members], panel)]

    def measure(text: str, pixels: float) -> float:
        return QFontMetricsF(theme.font(pixels, language=language)).horizontalAdvance(text)

    def shorten(text: str, pixels: float, room: float) -> str:
        metrics = QFontMetricsF(theme.font(pixels, language=language))
        # A comparison's mark ("  ← Y") is what the board is read for: the name gives way.
        name, mark, came_from = text.rpartition(MARK)
        if mark:
            kept = mark + came_from
            room -= metrics.horizontalAdvance(kept)
            return metrics.elidedText(name, Qt.TextElideMode.ElideRight, max(room, 0)) + kept
        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)

    layout = layout_board(width, height, [(m.code, m.name) for m in members], measure, shorten)
    # Arabic is read from the right: the first column is the rightmost, each light is on its
    # name's right (the first member, Afghanistan, at the top right).
    return mirrored(layout) if language.right_to_left else layout


def paint_board(
    painter: QPainter,
    board: Board,
    layout: BoardLayout,
    *,
    now: datetime | None = None,
    only: QRectF | Sequence[QRectF] | None = None,
) -> None:
    """Paints the whole board, or only what intersects `only` (the rectangles of a partial
    repaint)."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    targets = [only] if isinstance(only, QRectF) else only
    lights = {m.code: m.light for m in board.members}
    for target in targets or [QRectF(0, 0, layout.width, layout.height)]:
        _paint_part(painter, board, layout, lights, now, target)


def _paint_part(
    painter: QPainter,
    board: Board,
    layout: BoardLayout,
    lights: dict[str, Light],
    now: datetime | None,
    target: QRectF,
) -> None:
    header, footer = qrect(layout.header), qrect(layout.footer)
    # The bands are opaque images: only the ground between them needs clearing.
    ground = target.intersected(
        QRectF(0, header.bottom(), layout.width, footer.top() - header.bottom())
    )
    if not ground.isEmpty():
        painter.fillRect(ground, theme.BACKGROUND)
    language = board.language
    if target.intersects(header):
        _paint_band(painter, _draw_header, (*header_texts(board, now), language), header)
    if target.intersects(footer):
        lines = (*footer_texts(board), board.phase is Phase.LOCKED, language)
        _paint_band(painter, _draw_footer, lines, footer)
    left, top, right, bottom = target.left(), target.top(), target.right(), target.bottom()
    font_px = layout.font_px
    for x, y, x_end, y_end, cell in _boxes(layout):
        if x < right and x_end > left and y < bottom and y_end > top:
            paint_cell(painter, cell, lights[cell.code], font_px, language)


_Box = tuple[float, float, float, float, Cell]
_BOXES: dict[int, tuple[BoardLayout, tuple[_Box, ...]]] = {}


def _boxes(layout: BoardLayout) -> tuple[_Box, ...]:
    """Each cell's area as plain numbers (left, top, right, bottom), for the test of which
    cells a repaint meets: read for every cell at every paint, the properties of 193 areas
    cost more than the few cells drawn. Kept for the last few layouts (the hall's, the
    preview's), by identity: a layout is never changed."""
    kept = _BOXES.get(id(layout))
    if kept is not None and kept[0] is layout:
        return kept[1]
    boxes = tuple(
        (a.x, a.y, a.x + a.w, a.y + a.h, cell) for cell in layout.cells for a in (cell.area,)
    )
    if len(_BOXES) >= 8:
        _BOXES.pop(next(iter(_BOXES)))
    _BOXES[id(layout)] = (layout, boxes)
    return boxes


def paint_cell(
    painter: QPainter,
    cell: Cell,
    light: Light,
    font_px: float,
    language: Language = Language.EN,
) -> None:
    """One member: its light (colour, shape and letter) and its name, both copied from
    images drawn once (opaque, on the board's ground, at whole pixels: a plain copy). Right
    to left, the name ends at the edge of its area beside the light."""
    painter.drawImage(
        QPoint(round(cell.light.x), round(cell.light.y)), _sprite(light, cell.light.w, language)
    )
    name = _name_image(cell.text, font_px, light is Light.INELIGIBLE, language)
    x = cell.name.right - name.width() if language.right_to_left else cell.name.x
    painter.drawImage(
        QPoint(round(x), round(cell.name.y + (cell.name.h - name.height()) / 2)), name
    )


@lru_cache(maxsize=1024)
def _name_image(text: str, font_px: float, ineligible: bool, language: Language) -> QImage:
    """A name drawn once in the board's font on the board's ground: 193 copies of small opaque
    images cost a third of laying out and blending 193 names' glyphs every frame."""
    font = theme.font(font_px, language=language)
    metrics = QFontMetricsF(font)
    width = max(1, math.ceil(metrics.horizontalAdvance(text)) + 2)
    height = max(1, math.ceil(metrics.height()))
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(theme.BACKGROUND)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.setPen(theme.INELIGIBLE_NAME if ineligible else theme.TEXT)
    painter.setFont(font)
    if language.right_to_left:
        # The paragraph's direction, not only its letters': a name's brackets and dashes
        # ("بوليفيا (دولة - المتعددة القوميات)") are placed as an Arabic reader expects.
        painter.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        painter.drawText(QRectF(0, 0, width - 1, height), _ALIGN_RIGHT, text)
    else:
        painter.drawText(QPointF(0, metrics.ascent()), text)
    painter.end()
    return image


@cache
def _sprite(light: Light, size: float, language: Language = Language.EN) -> QImage:
    """A light drawn once per size and kind, then copied into place: 193 antialiased shapes
    per frame cost more than 193 copies."""
    side = math.ceil(size)
    image = QImage(side, side, QImage.Format.Format_RGB32)
    image.fill(theme.BACKGROUND)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    paint_light(painter, QRectF(0, 0, size, size), light, language)
    painter.end()
    return image


Texts = tuple[str | bool, ...]


def _paint_band(
    painter: QPainter, draw: Callable[[QPainter, QRectF, Texts], None], texts: Texts, band: QRectF
) -> None:
    """A header or footer. Unscaled and on whole pixels (the hall's own board), it is drawn
    straight where it goes: the same pixels as its image would give (its ground, then its
    words' images at the same whole pixels), without making and copying an image of the
    band's size (3840x248: 1 ms) each time its numbers change. Scaled (a preview), it is
    drawn straight too, through the scale: its ground, then the same words' images at the
    same places, scaled as the whole band's image would be (making that image and scaling
    it cost the preview 2 ms at every ballot). Otherwise (off whole pixels), it is copied
    from its image, drawn once."""
    size = band.size().toSize()
    whole = QRectF(band.topLeft(), QSizeF(size))
    transform = painter.combinedTransform()
    kind = transform.type().value
    if (
        kind > QTransform.TransformationType.TxScale.value
        or whole != band
        or (
            kind <= QTransform.TransformationType.TxTranslate.value
            and not _integral(band.x() + transform.dx(), band.y() + transform.dy())
        )
    ):
        painter.drawImage(band.topLeft(), _band(draw, texts, size))
        return
    painter.save()
    try:
        painter.setClipRect(whole, Qt.ClipOperation.IntersectClip)  # as the image's edges
        painter.fillRect(whole, theme.BAND)
        painter.translate(band.topLeft())
        draw(painter, QRectF(0, 0, size.width(), size.height()), texts)
    finally:
        painter.restore()


def _integral(*values: float) -> bool:
    return all(value == math.floor(value) for value in values)


@lru_cache(maxsize=32)
def _band(draw: Callable[[QPainter, QRectF, Texts], None], texts: Texts, size: QSize) -> QImage:
    """A header or footer drawn once for its texts and size (its large text is the costliest
    part of a frame, and it changes far less often than the lights)."""
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(theme.BAND)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    draw(painter, QRectF(0, 0, size.width(), size.height()), texts)
    painter.end()
    return image


@cache
def _static_text(text: str, pixels: float, bold: bool, language: Language) -> QStaticText:
    """Text laid out once and drawn many times (names and letters are painted every frame)."""
    static = QStaticText(text)
    static.setPerformanceHint(QStaticText.PerformanceHint.AggressiveCaching)
    static.prepare(font=theme.font(pixels, bold, language))
    return static


def paint_light(
    painter: QPainter, box: QRectF, light: Light, language: Language = Language.EN
) -> None:
    """The light: yes a green disc with Y, no a red square with N, abstain an amber diamond
    with A, voted a white disc, none a dark ring, ineligible a struck ring."""
    fill = theme.LIGHT_FILL[light]
    edge = theme.LIGHT_EDGE.get(light, fill)
    inset = box.width() * 0.06
    shape = box.adjusted(inset, inset, -inset, -inset)
    pen = QPen(edge)
    pen.setWidthF(max(1.0, box.width() * 0.08))
    painter.setPen(pen)
    painter.setBrush(fill)
    if light is Light.NO:
        painter.drawRect(shape)
    elif light is Light.ABSTAIN:
        c = shape.center()
        half = shape.width() / 2 * 1.08
        painter.drawPolygon(
            QPolygonF(
                [
                    QPointF(c.x(), c.y() - half),
                    QPointF(c.x() + half, c.y()),
                    QPointF(c.x(), c.y() + half),
                    QPointF(c.x() - half, c.y()),
                ]
            )
        )
    else:
        painter.drawEllipse(shape)
    if light is Light.INELIGIBLE:
        painter.drawLine(shape.bottomLeft(), shape.topRight())
    letter = language.words.letters.get(light)
    if letter and language is Language.ZH and box.height() * 0.5 < 12:
        letter = None  # a Chinese character under 12 pixels is a blot: shape and colour tell
    if letter:
        # A Chinese character is denser than a Latin letter: smaller, it leaves the light's
        # colour the larger part of the light.
        pixels = round(box.height() * (0.5 if language is Language.ZH else 0.62))
        painter.setPen(theme.LETTER_INK)
        painter.setFont(theme.font(pixels, True, language))
        text = _static_text(letter, pixels, True, language)
        size = text.size()
        painter.drawStaticText(
            QPointF(box.center().x() - size.width() / 2, box.center().y() - size.height() / 2),
            text,
        )
    painter.setBrush(Qt.BrushStyle.NoBrush)


def _fitted(
    text: str, pixels: float, room: float, bold: bool = False, language: Language = Language.EN
) -> QFont:
    """The font at `pixels`, or smaller until the text fits `room` (a portrait screen's bands
    are narrow): a band's text is never cut."""
    font = theme.font(pixels, bold, language)
    width = QFontMetricsF(font).horizontalAdvance(text)
    if width > room > 0:
        font = theme.font(max(1.0, math.floor(pixels * room / width)), bold, language)
    return font


def _draw_header(painter: QPainter, band: QRectF, texts: Texts) -> None:
    symbol, title, banner, mode = (str(t) for t in texts[:4])
    countdown = bool(texts[4])
    language = Language(str(texts[5]))
    h = band.height()
    pad = h * 0.18
    inner = band.width() - 2 * pad
    # A countdown is as large as the symbol: it is what the back of the hall must read.
    banner_px = h * (0.34 if countdown else 0.28)
    font = theme.font
    banner_w = QFontMetricsF(font(banner_px, True, language)).horizontalAdvance(banner)
    mode_w = QFontMetricsF(font(h * 0.2, False, language)).horizontalAdvance(mode)
    right_w = min(max(band.width() * 0.3, banner_w, mode_w), inner * 0.5)
    left = QRectF(pad, pad * 0.6, inner - right_w - pad, h - pad * 1.2)
    right = QRectF(band.right() - right_w - pad, left.y(), right_w, left.height())
    rtl = language.right_to_left
    if rtl:  # the symbol and title on the right, the phase and the clock on the left
        left, right = _mirror(left, band), _mirror(right, band)
    top, bottom = left.height() * 0.5, left.height() * 0.5
    symbol_font = _fitted(symbol, h * 0.34, left.width(), True, language)
    symbol_rect = QRectF(left.x(), left.y(), left.width(), top)
    _draw_words(painter, symbol_rect, symbol, symbol_font, right=rtl, language=language)
    title_font = font(h * 0.2, False, language)
    title_rect = QRectF(left.x(), left.y() + top, left.width(), bottom)
    shown = QFontMetricsF(title_font).elidedText(
        title, Qt.TextElideMode.ElideRight, title_rect.width()
    )
    _draw_words(painter, title_rect, shown, title_font, theme.DIM, right=rtl, language=language)
    banner_font = _fitted(banner, banner_px, right.width(), True, language)
    banner_rect = QRectF(right.x(), right.y(), right.width(), top)
    _draw_words(
        painter, banner_rect, banner, banner_font, theme.ACCENT, right=not rtl, language=language
    )
    mode_rect = QRectF(right.x(), right.y() + top, right.width(), bottom)
    mode_font = _fitted(mode, h * 0.2, right.width(), False, language)
    _draw_words(painter, mode_rect, mode, mode_font, right=not rtl, language=language)


def _mirror(rect: QRectF, band: QRectF) -> QRectF:
    """A rectangle of a band mirrored about the band's middle (the band of a board read from
    the right)."""
    return QRectF(band.left() + band.right() - rect.right(), rect.y(), rect.width(), rect.height())


@lru_cache(maxsize=4096)
def _right_to_left(text: str) -> bool:
    """Whether a text holds letters written from right to left (Arabic)."""
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


def _draw_words(
    painter: QPainter,
    rect: QRectF,
    text: str,
    font: QFont,
    colour: QColor = theme.TEXT,
    *,
    right: bool = False,
    language: Language = Language.EN,
) -> None:
    """One line of text, centred vertically in `rect`, from images of its words.

    Qt rasterizes glyphs over 64 pixels as paths (3.7 ms for the totals' line at 3840x2160);
    drawn once per word, a line whose numbers change with every ballot costs the new numbers
    only. A line of Arabic is drawn whole, from right to left: its words' order, the place of
    its digits and its punctuation are the bidirectional algorithm's, which only Qt's layout
    of the whole line applies."""
    metrics = QFontMetricsF(font)
    y = rect.y() + (rect.height() - metrics.height()) / 2
    if _right_to_left(text):
        image, bearing = _line_image(text, font.pixelSize(), font.bold(), colour.rgba(), language)
        width = image.width() - 2 * bearing
        x = rect.right() - width if right else rect.x()
        painter.drawImage(QPointF(round(x - bearing), round(y)), image)
        return
    space = metrics.horizontalAdvance(" ")
    x = rect.right() - metrics.horizontalAdvance(text) if right else rect.x()
    for word in text.split(" "):
        if word:
            image, bearing = _word_image(
                word, font.pixelSize(), font.bold(), colour.rgba(), language
            )
            painter.drawImage(QPointF(round(x - bearing), round(y)), image)
            x += metrics.horizontalAdvance(word)
        x += space


@lru_cache(maxsize=2048)
def _word_image(
    word: str, pixels: int, bold: bool, rgba: int, language: Language = Language.EN
) -> tuple[QImage, int]:
    """A word drawn once on a transparent ground, with the room its glyphs may overhang."""
    font = theme.font(pixels, bold, language)
    metrics = QFontMetricsF(font)
    bearing = math.ceil(pixels * 0.1)
    width = math.ceil(metrics.horizontalAdvance(word)) + 2 * bearing
    image = QImage(max(width, 1), max(math.ceil(metrics.height()), 1), _TRANSPARENT_FORMAT)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QColor.fromRgba(rgba))
    painter.setFont(font)
    painter.drawText(QPointF(bearing, metrics.ascent()), word)
    painter.end()
    return image, bearing


@lru_cache(maxsize=256)
def _line_image(
    text: str, pixels: int, bold: bool, rgba: int, language: Language
) -> tuple[QImage, int]:
    """A line drawn whole on a transparent ground, in a right-to-left paragraph."""
    font = theme.font(pixels, bold, language)
    metrics = QFontMetricsF(font)
    bearing = math.ceil(pixels * 0.1)
    advance = math.ceil(metrics.horizontalAdvance(text))
    height = max(math.ceil(metrics.height()), 1)
    image = QImage(max(advance + 2 * bearing, 1), height, _TRANSPARENT_FORMAT)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    painter.setPen(QColor.fromRgba(rgba))
    painter.setFont(font)
    painter.drawText(QRectF(bearing, 0, advance, height), _ALIGN_RIGHT, text)
    painter.end()
    return image, bearing


_TRANSPARENT_FORMAT = QImage.Format.Format_ARGB32_Premultiplied


def _draw_footer(painter: QPainter, band: QRectF, texts: Texts) -> None:
    first, second, final = str(texts[0]), str(texts[1]), bool(texts[2])
    language = Language(str(texts[3]))
    rtl = language.right_to_left
    h = band.height()
    pad = h * 0.15
    room = band.width() - 2 * pad
    first_font = _fitted(first, h * 0.34, room, True, language)
    first_rect = QRectF(pad, pad * 0.5, room, h * 0.5)
    _draw_words(painter, first_rect, first, first_font, right=rtl, language=language)
    second_font = _fitted(second, h * 0.22, room, False, language)
    if second_font.pixelSize() < h * 0.14:
        second_font = theme.font(h * 0.14, False, language)  # below this, shorten instead
    shown = QFontMetricsF(second_font).elidedText(second, Qt.TextElideMode.ElideRight, room)
    colour = theme.ACCENT if final else theme.TEXT
    second_rect = QRectF(pad, h * 0.52, room, h * 0.42)
    _draw_words(painter, second_rect, shown, second_font, colour, right=rtl, language=language)
