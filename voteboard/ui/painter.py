"""The one painting code of the board: the hall window, the operator's preview, the replay
player and the headless image all call `paint_board`, so that all four show the same thing."""

from __future__ import annotations

import math
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
from voteboard.core.model import Light, Mode, Phase
from voteboard.ui import theme
from voteboard.ui.layout import BoardLayout, Cell, Panel, Rect, layout_board, panel_members

_ALIGN_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_ALIGN_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def qrect(rect: Rect) -> QRectF:
    """A rectangle of the layout as Qt's."""
    return QRectF(rect.x, rect.y, rect.w, rect.h)


def board_layout(board: Board, width: int, height: int, panel: Panel = Panel.ALL) -> BoardLayout:
    """The layout of a board's members (those of the panel) on a screen of this size."""
    members = board.members[panel_members([m.code for m in board.members], panel)]

    def measure(text: str, pixels: float) -> float:
        return QFontMetricsF(theme.font(pixels)).horizontalAdvance(text)

    def shorten(text: str, pixels: float, room: float) -> str:
        metrics = QFontMetricsF(theme.font(pixels))
        # A comparison's mark ("  ← Y") is what the board is read for: the name gives way.
        name, mark, came_from = text.rpartition(MARK)
        if mark:
            kept = mark + came_from
            room -= metrics.horizontalAdvance(kept)
            return metrics.elidedText(name, Qt.TextElideMode.ElideRight, max(room, 0)) + kept
        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)

    return layout_board(width, height, [(m.code, m.name) for m in members], measure, shorten)


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
    if target.intersects(header):
        _paint_band(painter, _draw_header, header_texts(board, now), header)
    if target.intersects(footer):
        lines = (*footer_texts(board), board.phase is Phase.LOCKED)
        _paint_band(painter, _draw_footer, lines, footer)
    left, top, right, bottom = target.left(), target.top(), target.right(), target.bottom()
    font_px = layout.font_px
    for x, y, x_end, y_end, cell in _boxes(layout):
        if x < right and x_end > left and y < bottom and y_end > top:
            paint_cell(painter, cell, lights[cell.code], font_px)


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


def paint_cell(painter: QPainter, cell: Cell, light: Light, font_px: float) -> None:
    """One member: its light (colour, shape and letter) and its name, both copied from
    images drawn once (opaque, on the board's ground, at whole pixels: a plain copy)."""
    painter.drawImage(
        QPoint(round(cell.light.x), round(cell.light.y)), _sprite(light, cell.light.w)
    )
    name = _name_image(cell.text, font_px, light is Light.INELIGIBLE)
    painter.drawImage(
        QPoint(round(cell.name.x), round(cell.name.y + (cell.name.h - name.height()) / 2)), name
    )


@lru_cache(maxsize=1024)
def _name_image(text: str, font_px: float, ineligible: bool) -> QImage:
    """A name drawn once in the board's font on the board's ground: 193 copies of small opaque
    images cost a third of laying out and blending 193 names' glyphs every frame."""
    metrics = QFontMetricsF(theme.font(font_px))
    width = max(1, math.ceil(metrics.horizontalAdvance(text)) + 2)
    height = max(1, math.ceil(metrics.height()))
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(theme.BACKGROUND)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.setPen(theme.INELIGIBLE_NAME if ineligible else theme.TEXT)
    painter.setFont(theme.font(font_px))
    painter.drawText(QPointF(0, metrics.ascent()), text)
    painter.end()
    return image


@cache
def _sprite(light: Light, size: float) -> QImage:
    """A light drawn once per size and kind, then copied into place: 193 antialiased shapes
    per frame cost more than 193 copies."""
    side = math.ceil(size)
    image = QImage(side, side, QImage.Format.Format_RGB32)
    image.fill(theme.BACKGROUND)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    paint_light(painter, QRectF(0, 0, size, size), light)
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
    copied from the image, drawn once."""
    size = band.size().toSize()
    whole = QRectF(band.topLeft(), QSizeF(size))
    transform = painter.combinedTransform()
    if (
        transform.type().value > QTransform.TransformationType.TxTranslate.value
        or whole != band
        or not _integral(band.x() + transform.dx(), band.y() + transform.dy())
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
def _static_text(text: str, pixels: float, bold: bool) -> QStaticText:
    """Text laid out once and drawn many times (names and letters are painted every frame)."""
    static = QStaticText(text)
    static.setPerformanceHint(QStaticText.PerformanceHint.AggressiveCaching)
    static.prepare(font=theme.font(pixels, bold))
    return static


def paint_light(painter: QPainter, box: QRectF, light: Light) -> None:
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
    letter = theme.LIGHT_LETTER.get(light)
    if letter:
        pixels = round(box.height() * 0.62)
        painter.setPen(theme.LETTER_INK)
        painter.setFont(theme.font(pixels, bold=True))
        text = _static_text(letter, pixels, True)
        size = text.size()
        painter.drawStaticText(
            QPointF(box.center().x() - size.width() / 2, box.center().y() - size.height() / 2),
            text,
        )
    painter.setBrush(Qt.BrushStyle.NoBrush)


def header_texts(board: Board, now: datetime | None) -> tuple[str, str, str, str, bool]:
    """The header's texts: symbol, title, phase banner, mode with the clock, and whether the
    banner is a countdown (drawn larger: it is read from the back of the hall). The clock is
    the vote's one clock (core/clock.py), the desk's too; without `now`, its words are left
    out (to compare two boards' headers)."""
    if board.waiting:
        day = board.vote.date.strftime("%d %B %Y").lstrip("0") if board.vote.date else ""
        return ("", "", "NO VOTE IN PROGRESS", day, False)
    mode = "SECRET BALLOT" if board.vote.mode is Mode.SECRET else "RECORDED VOTE"
    clock = board.clock
    if board.closes_at is not None and board.phase is Phase.OPEN:
        left = clock.remaining(now) if now is not None else None
        banner = "CLOSES IN" if left is None else f"CLOSES IN {left // 60}:{left % 60:02d}"
        elapsed = clock.elapsed(now) if now is not None else None
        when = "" if elapsed is None else f"   {elapsed // 60:02d}:{elapsed % 60:02d}"
        return (board.vote.symbol, board.vote.title, banner, f"{mode}   VOTING OPEN{when}", True)
    when = clock.words(now) if now is not None else ""
    return (
        board.vote.symbol,
        board.vote.title,
        theme.PHASE_BANNER[board.phase],
        f"{mode}   {when}".rstrip(),
        False,
    )


def _fitted(text: str, pixels: float, room: float, bold: bool = False) -> QFont:
    """The font at `pixels`, or smaller until the text fits `room` (a portrait screen's bands
    are narrow): a band's text is never cut."""
    font = theme.font(pixels, bold)
    width = QFontMetricsF(font).horizontalAdvance(text)
    if width > room > 0:
        font = theme.font(max(1.0, math.floor(pixels * room / width)), bold)
    return font


def _draw_header(painter: QPainter, band: QRectF, texts: Texts) -> None:
    symbol, title, banner, mode = (str(t) for t in texts[:4])
    countdown = bool(texts[4])
    h = band.height()
    pad = h * 0.18
    inner = band.width() - 2 * pad
    # A countdown is as large as the symbol: it is what the back of the hall must read.
    banner_px = h * (0.34 if countdown else 0.28)
    banner_w = QFontMetricsF(theme.font(banner_px, bold=True)).horizontalAdvance(banner)
    mode_w = QFontMetricsF(theme.font(h * 0.2)).horizontalAdvance(mode)
    right_w = min(max(band.width() * 0.3, banner_w, mode_w), inner * 0.5)
    left = QRectF(pad, pad * 0.6, inner - right_w - pad, h - pad * 1.2)
    right = QRectF(band.right() - right_w - pad, left.y(), right_w, left.height())
    top, bottom = left.height() * 0.5, left.height() * 0.5
    symbol_font = _fitted(symbol, h * 0.34, left.width(), bold=True)
    _draw_words(painter, QRectF(left.x(), left.y(), left.width(), top), symbol, symbol_font)
    title_font = theme.font(h * 0.2)
    title_rect = QRectF(left.x(), left.y() + top, left.width(), bottom)
    shown = QFontMetricsF(title_font).elidedText(
        title, Qt.TextElideMode.ElideRight, title_rect.width()
    )
    _draw_words(painter, title_rect, shown, title_font, theme.DIM)
    banner_font = _fitted(banner, banner_px, right.width(), bold=True)
    banner_rect = QRectF(right.x(), right.y(), right.width(), top)
    _draw_words(painter, banner_rect, banner, banner_font, theme.ACCENT, right=True)
    mode_rect = QRectF(right.x(), right.y() + top, right.width(), bottom)
    _draw_words(painter, mode_rect, mode, _fitted(mode, h * 0.2, right.width()), right=True)


def _draw_words(
    painter: QPainter,
    rect: QRectF,
    text: str,
    font: QFont,
    colour: QColor = theme.TEXT,
    *,
    right: bool = False,
) -> None:
    """One line of text, centred vertically in `rect`, from images of its words.

    Qt rasterizes glyphs over 64 pixels as paths (3.7 ms for the totals' line at 3840x2160);
    drawn once per word, a line whose numbers change with every ballot costs the new numbers
    only."""
    metrics = QFontMetricsF(font)
    space = metrics.horizontalAdvance(" ")
    x = rect.right() - metrics.horizontalAdvance(text) if right else rect.x()
    y = rect.y() + (rect.height() - metrics.height()) / 2
    for word in text.split(" "):
        if word:
            image, bearing = _word_image(word, font.pixelSize(), font.bold(), colour.rgba())
            painter.drawImage(QPointF(round(x - bearing), round(y)), image)
            x += metrics.horizontalAdvance(word)
        x += space


@lru_cache(maxsize=2048)
def _word_image(word: str, pixels: int, bold: bool, rgba: int) -> tuple[QImage, int]:
    """A word drawn once on a transparent ground, with the room its glyphs may overhang."""
    font = theme.font(pixels, bold)
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


_TRANSPARENT_FORMAT = QImage.Format.Format_ARGB32_Premultiplied


def footer_texts(board: Board) -> tuple[str, str]:
    """The footer's two lines: the totals, and the majority with the outcome."""
    totals = board.totals
    if board.waiting:
        unable = sum(m.light is Light.INELIGIBLE for m in board.members)
        first = f"{totals.members} MEMBERS" + (f"    {unable} WITHOUT A VOTE" if unable else "")
        return first, board.note or "Waiting for the next vote"
    if board.phase is Phase.CANCELLED:
        return "VOTE CANCELLED", board.note or "The vote has no result"
    if totals.yes is None or totals.no is None or totals.abstain is None:
        first = f"VOTED {board.voted} OF {totals.members}"
    else:
        first = (
            f"YES {totals.yes}    NO {totals.no}    ABSTENTIONS {totals.abstain}    "
            f"NON-VOTING {totals.non_voting}"
        )
    second = board.arithmetic or board.so_far
    if board.outcome is not None and board.provisional:
        second = f"{second} (PROVISIONAL)"
    if board.note:
        second = f"{second}   {board.note}".strip()
    return first, second


def _draw_footer(painter: QPainter, band: QRectF, texts: Texts) -> None:
    first, second, final = str(texts[0]), str(texts[1]), bool(texts[2])
    h = band.height()
    pad = h * 0.15
    room = band.width() - 2 * pad
    first_font = _fitted(first, h * 0.34, room, bold=True)
    _draw_words(painter, QRectF(pad, pad * 0.5, room, h * 0.5), first, first_font)
    second_font = _fitted(second, h * 0.22, room)
    if second_font.pixelSize() < h * 0.14:
        second_font = theme.font(h * 0.14)  # below this, shorten instead of shrinking
    shown = QFontMetricsF(second_font).elidedText(second, Qt.TextElideMode.ElideRight, room)
    colour = theme.ACCENT if final else theme.TEXT
    _draw_words(painter, QRectF(pad, h * 0.52, room, h * 0.42), shown, second_font, colour)
