"""The board widget: the hall window's, the operator's preview's and the replay's board.

It keeps the layout for its size and repaints only what a new state changed: one ballot
repaints one light and the footer. Qt merges the update requests of a frame into one paint.
`python -m voteboard.ui.board` shows it on the ES-11/4 vote.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime

from PySide6.QtCore import QRect, QRectF, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QApplication, QWidget

from voteboard.core.board import Board
from voteboard.core.model import Phase
from voteboard.ui.layout import BoardLayout, Panel
from voteboard.ui.painter import board_layout, footer_texts, header_texts, paint_board, qrect


class BoardWidget(QWidget):
    """Shows a `Board`; `set_board` with the next state repaints only what changed.

    Qt merges the repaints asked for before the event loop runs again into one paint, so a
    burst of ballots never queues more than one repaint. `painted` tells what was drawn."""

    painted = Signal(QRect)

    def __init__(self, board: Board, panel: Panel = Panel.ALL, parent: QWidget | None = None):
        super().__init__(parent)
        self._board = board
        self._panel = panel
        self._layout: BoardLayout | None = None
        self._now: datetime | None = None
        self.setMinimumSize(320, 180)
        # paint_board covers every pixel: Qt need not clear the widget before each paint.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._tick)
        self._follow_clock()

    @property
    def board(self) -> Board:
        return self._board

    @property
    def board_layout(self) -> BoardLayout:
        if self._layout is None or (self._layout.width, self._layout.height) != (
            self.width(),
            self.height(),
        ):
            self._layout = board_layout(self._board, self.width(), self.height(), self._panel)
        return self._layout

    def light_rect(self, code: str) -> QRectF | None:
        """Where the member's light is drawn, in widget coordinates (None: not on this panel)."""
        cell = self.board_layout.cell(code)
        return None if cell is None else qrect(cell.light)

    def set_board(self, board: Board) -> None:
        """Shows the next state, repainting the cells whose light changed and the bands."""
        previous, self._board = self._board, board
        same_members = [(m.code, m.name) for m in previous.members] == [
            (m.code, m.name) for m in board.members
        ]
        self._follow_clock()
        if not same_members or self._layout is None:
            self._layout = None
            self.update()
            return
        layout = self.board_layout
        changed = {
            new.code
            for old, new in zip(previous.members, board.members, strict=True)
            if old.light is not new.light
        }
        for code in changed:
            cell = layout.cell(code)
            if cell is not None:
                self.update(qrect(cell.area).toAlignedRect())
        if (
            header_texts(previous, None) != header_texts(board, None)
            or previous.closes_at != board.closes_at
            or (previous.opened_at, previous.closed_at) != (board.opened_at, board.closed_at)
        ):
            self.update(qrect(layout.header).toAlignedRect())
        if footer_texts(previous) != footer_texts(board) or previous.phase != board.phase:
            self.update(qrect(layout.footer).toAlignedRect())

    def set_now(self, now: datetime | None) -> None:
        """The moment the header's clock shows: a replay's moment (None: the real time)."""
        if now != self._now:
            self._now = now
            self._follow_clock()
            self.update(qrect(self.board_layout.header).toAlignedRect())

    def _follow_clock(self) -> None:
        if self._board.phase is Phase.OPEN and self._now is None:
            self._clock.start()
        else:
            self._clock.stop()

    @Slot()
    def _tick(self) -> None:
        self.update(qrect(self.board_layout.header).toAlignedRect())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        self._layout = None
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        layout, now = self.board_layout, self._now or datetime.now(UTC)
        try:
            # The region's own rectangles, not their bounding box: a light and the footer
            # repainted together must not repaint every cell between them.
            parts = [QRectF(rect) for rect in event.region()]  # type: ignore[attr-defined]
            paint_board(painter, self._board, layout, now=now, only=parts)
        finally:
            painter.end()
        self.painted.emit(event.rect())


def main() -> int:
    """Shows the board of A/RES/ES-11/4 in a window."""
    from voteboard.core.board import board_of_record
    from voteboard.journal.archive import read_journal

    app = QApplication(sys.argv)
    with read_journal(None) as journal:
        record = journal.history_record("A/RES/ES-11/4")
        assert record is not None
        board = board_of_record(record, journal.roster)
    widget = BoardWidget(board)
    widget.setWindowTitle("voteboard: A/RES/ES-11/4")
    widget.resize(1280, 720)
    widget.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
