"""The board widget: the hall window's, the operator's preview's and the replay's board.

It keeps the layout for its size and repaints only what a new state changed: one ballot
repaints one light and the footer. Qt merges the update requests of a frame into one paint.
A preview is given the hall screen's size (`set_design_size`): it is laid out as the hall's
board is, and drawn scaled, so that it never differs from what the hall sees.
`python -m voteboard.ui.board` shows it on the ES-11/4 vote.
"""

from __future__ import annotations

import functools
import itertools
import sys
from datetime import UTC, datetime

from PySide6.QtCore import QRect, QRectF, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QHideEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QShowEvent,
    QTransform,
)
from PySide6.QtWidgets import QApplication, QWidget

from voteboard.core.board import Board
from voteboard.core.model import Phase
from voteboard.core.wording import Translation
from voteboard.ui import collector
from voteboard.ui.layout import BoardLayout, Cell, Panel
from voteboard.ui.painter import board_layout, footer_texts, header_texts, paint_board, qrect


class BoardWidget(QWidget):
    """Shows a `Board`; `set_board` with the next state repaints only what changed.

    Qt merges the repaints asked for before the event loop runs again into one paint, so a
    burst of ballots never queues more than one repaint. `painted` tells what was drawn."""

    painted = Signal(QRect)
    _keys = itertools.count()

    def __init__(
        self,
        board: Board,
        panel: Panel = Panel.ALL,
        parent: QWidget | None = None,
        *,
        translation: Translation | None = None,
    ):
        super().__init__(parent)
        self._translation = translation or Translation()
        self._made = board  # as given (in English, as the journal and the network carry it)
        self._board = self._translation(board)
        self._panel = panel
        self._layout: BoardLayout | None = None
        self._now: datetime | None = None
        self._design: QSize | None = None
        self._cells_of: BoardLayout | None = None  # the layout `_cells` indexes
        self._cells: dict[str, Cell] = {}
        self.setMinimumSize(320, 180)
        # paint_board covers every pixel: Qt need not clear the widget before each paint.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        # The clock's timer fires when its words change (on the second), whatever arrives
        # meanwhile: a new board never restarts it (ballots every half second froze it).
        self._clock = QTimer(self)
        self._clock.setSingleShot(True)
        self._clock.setTimerType(Qt.TimerType.PreciseTimer)
        self._clock.timeout.connect(self._tick)
        self._follow_clock(restart=True)
        # While it shows an open vote, no full garbage collection stalls its lights.
        self._key = next(self._keys)
        self.destroyed.connect(functools.partial(collector.hold, self._key, False))

    @property
    def board(self) -> Board:
        """The board shown: in the widget's language and order."""
        return self._board

    @property
    def translation(self) -> Translation:
        return self._translation

    def set_translation(self, translation: Translation) -> None:
        """Shows the board in another language or order (laid out again)."""
        self._translation = translation
        self._board = translation(self._made)
        self._layout = None
        self.update()

    @property
    def design_size(self) -> QSize:
        """The size the board is laid out at: the widget's own, or the hall screen's."""
        return self._design if self._design is not None else self.size()

    def set_design_size(self, size: QSize | None) -> None:
        """Lays the board out as on a screen of this size and draws it scaled to the widget,
        keeping its proportions (None: laid out at the widget's own size)."""
        if size is not None and (size.width() < 1 or size.height() < 1):
            size = None
        if size != self._design:
            self._design = size
            self._layout = None
            self.update()

    @property
    def board_layout(self) -> BoardLayout:
        size = self.design_size
        if self._layout is None or (self._layout.width, self._layout.height) != (
            size.width(),
            size.height(),
        ):
            self._layout = board_layout(self._board, size.width(), size.height(), self._panel)
        return self._layout

    def transform(self) -> QTransform:
        """From the layout's coordinates to the widget's (scaled and centred for a preview)."""
        if self._design is None:
            return QTransform()
        scale = min(self.width() / self._design.width(), self.height() / self._design.height())
        dx = (self.width() - self._design.width() * scale) / 2
        dy = (self.height() - self._design.height() * scale) / 2
        return QTransform(scale, 0, 0, scale, dx, dy)

    def light_rect(self, code: str) -> QRectF | None:
        """Where the member's light is drawn, in widget coordinates (None: not on this panel)."""
        cell = self.board_layout.cell(code)
        return None if cell is None else self.transform().mapRect(qrect(cell.light))

    def _update_part(self, rect: QRectF, transform: QTransform | None = None) -> None:
        transform = self.transform() if transform is None else transform
        self.update(transform.mapRect(rect).toAlignedRect().adjusted(-1, -1, 1, 1))

    def set_board(self, board: Board) -> None:
        """Shows the next state, repainting the cells whose light changed and the bands."""
        self._made = board
        self._hold()
        board = self._translation(board)
        previous, self._board = self._board, board
        clock_changed = previous.clock != board.clock
        self._follow_clock(restart=clock_changed)
        # One pass over the members: a member unchanged is the same object (core/board.py
        # makes each member once per light), so a ballot costs the few that changed.
        lit: list[str] = []
        same_members = len(previous.members) == len(board.members)
        if same_members:
            for old, new in zip(previous.members, board.members, strict=True):
                if old is new:
                    continue
                if old.code != new.code or old.name != new.name:
                    same_members = False
                    break
                if old.light is not new.light:
                    lit.append(new.code)
        if not same_members or self._layout is None:
            self._layout = None
            self.update()
            return
        layout = self.board_layout
        transform = self.transform()
        if self._cells_of is not layout:
            self._cells_of, self._cells = layout, {c.code: c for c in layout.cells}
        for code in lit:
            cell = self._cells.get(code)
            if cell is not None:
                self._update_part(qrect(cell.area), transform)
        if clock_changed or header_texts(previous, None) != header_texts(board, None):
            self._update_part(qrect(layout.header), transform)
        if previous.phase != board.phase or footer_texts(previous) != footer_texts(board):
            self._update_part(qrect(layout.footer), transform)

    def set_now(self, now: datetime | None) -> None:
        """The moment the header's clock shows: a replay's moment (None: the real time)."""
        if now != self._now:
            self._now = now
            self._follow_clock(restart=True)
            self._update_part(qrect(self.board_layout.header))

    def _follow_clock(self, *, restart: bool) -> None:
        clock = self._board.clock
        if self._now is not None or not clock.running:
            self._clock.stop()
            return
        if restart or not self._clock.isActive():
            wait = clock.next_change(datetime.now(UTC)) or 1.0
            self._clock.start(max(1, round(wait * 1000)))

    @Slot()
    def _tick(self) -> None:
        self._update_part(qrect(self.board_layout.header))
        self._follow_clock(restart=True)

    def _hold(self) -> None:
        """Full garbage collections wait while this board is seen showing an open vote."""
        collector.hold(self._key, self._made.phase is Phase.OPEN and self.isVisible())

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self._hold()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt override)
        super().hideEvent(event)
        self._hold()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        if self._design is None:
            self._layout = None
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        layout, now = self.board_layout, self._now or datetime.now(UTC)
        try:
            if self._design is None:
                # The region's own rectangles, not their bounding box: a light and the footer
                # repainted together must not repaint every cell between them.
                parts = [QRectF(rect) for rect in event.region()]  # type: ignore[attr-defined]
                paint_board(painter, self._board, layout, now=now, only=parts)
            else:
                transform = self.transform()
                inverse, _ = transform.inverted()
                painter.fillRect(self.rect(), self.palette().window())
                painter.setTransform(transform)
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
                parts = [
                    inverse.mapRect(QRectF(rect))
                    for rect in event.region()  # type: ignore[attr-defined]
                ]
                paint_board(painter, self._board, layout, now=now, only=parts)
        finally:
            painter.end()
        self.painted.emit(event.rect())


def main() -> int:
    """Shows the board of A/RES/ES-11/4 in a window."""
    from voteboard.core.board import board_of_record
    from voteboard.resources import shipped_votes, un_roster

    app = QApplication(sys.argv)
    record = next(v for v in shipped_votes() if v.symbol == "A/RES/ES-11/4")
    board = board_of_record(record, un_roster())
    widget = BoardWidget(board)
    widget.setWindowTitle("voteboard: A/RES/ES-11/4")
    widget.resize(1280, 720)
    widget.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
