"""Where everything goes on the board: pure geometry, given a way to measure text.

Columns are filled top to bottom in board order. The column count and the font size are chosen
together: the largest font at which every name fits its cell; a name is shortened only when it
cannot fit at the smallest legible size.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cached_property


class Panel(StrEnum):
    """Which part of the roster a screen shows (a board on each side of the podium)."""

    ALL = "all"
    LEFT = "left"
    RIGHT = "right"


@dataclass(frozen=True)
class Rect:
    """A rectangle on the board, in pixels: its left and top edges, its width and height."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h


@dataclass(frozen=True)
class Cell:
    """One member's place: its light, its name, and the text drawn (shortened or not)."""

    code: str
    light: Rect
    name: Rect
    text: str
    shortened: bool

    @cached_property
    def area(self) -> Rect:
        left = min(self.light.x, self.name.x)
        right = max(self.light.right, self.name.right)
        return Rect(left, self.name.y, right - left, self.name.h)


@dataclass(frozen=True)
class BoardLayout:
    """The whole board on a screen: the header, the grid of cells and the footer, with the columns,
    rows and font size chosen for the names."""

    width: int
    height: int
    header: Rect
    grid: Rect
    footer: Rect
    columns: int
    rows: int
    font_px: float
    cells: tuple[Cell, ...]
    right_to_left: bool = False
    """Mirrored: columns from the right, each light on its name's right (Arabic)."""

    def cell(self, code: str) -> Cell | None:
        return next((c for c in self.cells if c.code == code), None)


MIN_FONT_PX = 10.0
"""Below this a name is no longer legible on a 1280x720 projector: shorten instead."""

Measure = Callable[[str, float], float]
"""Width in pixels of a text at a font size in pixels."""
Shorten = Callable[[str, float, float], str]
"""A text shortened with an ellipsis to fit a width at a font size."""


def panel_members(codes: Sequence[str], panel: Panel) -> slice:
    """The slice of the roster a panel shows: the first half (rounded up) or the second."""
    half = math.ceil(len(codes) / 2)
    if panel is Panel.LEFT:
        return slice(0, half)
    if panel is Panel.RIGHT:
        return slice(half, len(codes))
    return slice(0, len(codes))


def mirrored(layout: BoardLayout) -> BoardLayout:
    """The layout read from the right: every cell's light and name mirrored about the middle
    of the screen, so that the first column is the rightmost and each light is on its name's
    right. The bands span the screen and stay; what they draw is mirrored by the painter."""

    def flip(rect: Rect) -> Rect:
        return Rect(layout.width - rect.right, rect.y, rect.w, rect.h)

    cells = tuple(
        Cell(c.code, flip(c.light), flip(c.name), c.text, c.shortened) for c in layout.cells
    )
    return replace(layout, cells=cells, right_to_left=not layout.right_to_left)


def layout_board(
    width: int,
    height: int,
    names: Sequence[tuple[str, str]],
    measure: Measure,
    shorten: Shorten,
) -> BoardLayout:
    """Places the header, the grid of (code, name) cells and the footer on a screen."""
    margin = max(4.0, min(width, height) * 0.012)
    band = float(max(48, round(min(height, width) * 0.115)))  # whole pixels: the bands are images
    header = Rect(0, 0, width, band)
    footer = Rect(0, height - band, width, band)
    grid = Rect(margin, band + margin, width - 2 * margin, height - 2 * band - 2 * margin)
    count = max(len(names), 1)
    reference = 100.0
    widest = max((measure(label, reference) for _, label in names), default=0.0) / reference

    def fit(columns: int) -> tuple[float, float]:
        """(font size the height allows, font size the widest name allows) for a count."""
        rows = math.ceil(count / columns)
        cell_h = grid.h / rows
        cell_w = grid.w / columns
        by_height = cell_h * 0.62
        light = min(cell_h * 0.8, by_height * 1.35)
        room = cell_w - light - by_height * 0.9
        by_width = room / widest if widest else by_height
        return by_height, by_width

    best_columns, best_px = 1, 0.0
    for columns in range(1, count + 1):
        by_height, by_width = fit(columns)
        px = min(by_height, by_width)
        if px > best_px:
            best_columns, best_px = columns, px
    if best_px < MIN_FONT_PX:
        # Every name cannot fit at a legible size: keep the size legible, shorten the longest.
        legible = [c for c in range(1, count + 1) if fit(c)[0] >= MIN_FONT_PX]
        if legible:
            best_columns = max(legible, key=lambda c: min(fit(c)[1], fit(c)[0]))
            best_px = min(fit(best_columns)[0], max(fit(best_columns)[1], MIN_FONT_PX))
    columns = best_columns
    rows = math.ceil(count / columns)
    cell_h = grid.h / rows
    cell_w = grid.w / columns
    px = max(float(math.floor(best_px)), 1.0)  # fonts come in whole pixels: never round up
    light_size = min(cell_h * 0.8, px * 1.35)
    gap = px * 0.45
    cells = []
    for index, (code, label) in enumerate(names):
        column, row = divmod(index, rows)
        x = grid.x + column * cell_w
        y = grid.y + row * cell_h
        light = Rect(x + gap * 0.5, y + (cell_h - light_size) / 2, light_size, light_size)
        name_x = light.right + gap
        name = Rect(name_x, y, x + cell_w - gap * 0.5 - name_x, cell_h)
        text = label
        if measure(label, px) > name.w:
            text = shorten(label, px, name.w)
        cells.append(Cell(code, light, name, text, text != label))
    return BoardLayout(width, height, header, grid, footer, columns, rows, px, tuple(cells))
