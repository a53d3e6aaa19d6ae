"""Board painting benchmarks (issue 4), printing JSON, measured side by side in one run.

    QT_QPA_PLATFORM=offscreen python benchmarks/board.py

- a full repaint of the board at 3840x2160 (BoardWidget, one paintEvent), and the obvious way
  to build it as a baseline in the same run: one QLabel per member, coloured by its palette;
- one ballot changing one light: the repaint of that light's area only;
- `voteboard board VOTE --png` at 3840x2160, the whole process;
- the full repaint at 3840x2160 in each of the six languages (issue 18), the English one beside
  the QLabel baseline of the same run.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QGridLayout, QLabel, QWidget

from voteboard.core.board import Board, board_of_record
from voteboard.core.languages import Language
from voteboard.core.model import Light
from voteboard.journal.archive import open_journal, shipped_votes
from voteboard.resources import un_roster
from voteboard.ui import theme
from voteboard.ui.board import BoardWidget
from voteboard.ui.languages import translation
from voteboard.ui.painter import paint_board, qrect

WIDTH, HEIGHT = 3840, 2160


def timed(action: Callable[[], object], repeat: int) -> dict[str, float]:
    action()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    samples.sort()
    return {
        "median_ms": round(statistics.median(samples) * 1000, 3),
        "p90_ms": round(samples[int(len(samples) * 0.9)] * 1000, 3),
    }


def label_grid(board: Board) -> QWidget:
    """The baseline: a QLabel per member, its background coloured through the palette."""
    grid = QWidget()
    layout = QGridLayout(grid)
    rows = 28
    for index, member in enumerate(board.members):
        label = QLabel(member.name)
        label.setAutoFillBackground(True)
        palette = label.palette()
        palette.setColor(QPalette.ColorRole.Window, theme.LIGHT_FILL[member.light])
        palette.setColor(QPalette.ColorRole.WindowText, QColor("#0b0f14"))
        label.setPalette(palette)
        label.setFont(theme.font(34))
        column, row = divmod(index, rows)
        layout.addWidget(label, row, column)
    grid.resize(WIDTH, HEIGHT)
    return grid


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    board = board_of_record(shipped_votes()[3], un_roster())
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_ARGB32_Premultiplied)

    widget = BoardWidget(board)
    widget.resize(WIDTH, HEIGHT)
    layout = widget.board_layout

    def full_paint() -> None:
        painter = QPainter(image)
        paint_board(painter, board, layout)
        painter.end()

    cell = layout.cell("AZE")
    assert cell is not None
    area = qrect(cell.area)

    def one_light() -> None:
        painter = QPainter(image)
        painter.setClipRect(area)
        paint_board(painter, board, layout, only=QRectF(area))
        painter.end()

    baseline = label_grid(board)
    baseline.show()
    widget.show()
    app.processEvents()

    report: dict[str, object] = {
        "size": f"{WIDTH}x{HEIGHT}",
        "full_repaint_board": timed(full_paint, 60),
        "full_repaint_board_widget_render": timed(lambda: widget.render(image), 30),
        "full_repaint_qlabel_baseline_render": timed(lambda: baseline.render(image), 30),
        "one_light_repaint": timed(one_light, 300),
    }
    board_ms = report["full_repaint_board_widget_render"]["median_ms"]  # type: ignore[index]
    label_ms = report["full_repaint_qlabel_baseline_render"]["median_ms"]  # type: ignore[index]
    report["baseline_over_board"] = round(label_ms / board_ms, 2)
    by_language: dict[str, object] = {}
    for language in Language:
        shown = BoardWidget(board, translation=translation(language))
        shown.resize(WIDTH, HEIGHT)
        shown.show()
        app.processEvents()
        by_language[language.value] = timed(lambda shown=shown: shown.render(image), 30)
        shown.close()
    report["full_repaint_widget_render_by_language"] = by_language
    english_ms = by_language["en"]["median_ms"]  # type: ignore[index]
    report["qlabel_baseline_over_english_board"] = round(label_ms / english_ms, 2)
    assert Light.NONE is board.members[[m.code for m in board.members].index("AZE")].light
    with tempfile.TemporaryDirectory() as folder:
        open_journal(Path(folder) / "none.sqlite").close()  # `board` reads an existing journal
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "voteboard",
                    "board",
                    "A/RES/ES-11/4",
                    "--png",
                    str(Path(folder) / "b.png"),
                    "--size",
                    f"{WIDTH}x{HEIGHT}",
                    "--journal",
                    str(Path(folder) / "none.sqlite"),
                ],
                check=True,
            )
            runs.append(time.perf_counter() - start)
        report["board_png_process_s"] = {
            "median": round(statistics.median(runs), 3),
            "max": round(max(runs), 3),
        }
    import json

    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
