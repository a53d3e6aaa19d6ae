"""The board as an image, headless: for the press, the report and the tests."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from voteboard import files
from voteboard.core.board import Board
from voteboard.ui.layout import BoardLayout, Panel

if TYPE_CHECKING:
    from PySide6.QtGui import QImage


def ensure_gui_app() -> None:
    """A QGuiApplication for drawing; offscreen unless the caller chose a platform."""
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        QGuiApplication(["voteboard"])


def render_board(
    board: Board,
    width: int,
    height: int,
    panel: Panel = Panel.ALL,
    now: datetime | None = None,
) -> tuple[QImage, BoardLayout]:
    """The board drawn on an image of the given size, and the layout it was drawn with.
    `now` is the moment its header's clock shows (a replay's moment)."""
    ensure_gui_app()
    from PySide6.QtGui import QImage, QPainter

    from voteboard.ui.painter import board_layout, paint_board

    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    layout = board_layout(board, width, height, panel)
    painter = QPainter(image)
    try:
        paint_board(painter, board, layout, now=now)
    finally:
        painter.end()
    return image, layout


def save_board_png(
    board: Board,
    path: Path,
    width: int,
    height: int,
    panel: Panel = Panel.ALL,
    now: datetime | None = None,
) -> None:
    """Draws the board as a PNG file, written whole or not at all; refuses a target that is a
    journal, a database, a folder or a device (`files.OutputError`)."""
    from PySide6.QtCore import QBuffer, QIODevice

    files.check_target(path, replace=True)
    image, _ = render_board(board, width, height, panel, now)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # The stubs ask for bytes; PySide6 takes the format as str (a C string).
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]
        raise OSError(f"cannot draw {path}")
    files.write_output(path, bytes(buffer.data().data()))
