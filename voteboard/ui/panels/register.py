"""The register: every member, its ballot (or only that it voted, in a secret ballot), who
entered it, and whether its console is connected."""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable

from PySide6.QtCore import QSize, Qt, Slot
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from voteboard.core.model import Choice
from voteboard.core.roster import Roster
from voteboard.core.state import AssemblyState, VoteState
from voteboard.ui import theme
from voteboard.ui.panels.common import CHOICE_WORDS, emphasize


class RegisterPanel(QWidget):
    """Fed with states (`show_state`) and with the consoles connected (`show_consoles`).
    Only the rows that a new state changed are touched: a burst of 193 ballots stays cheap."""

    def __init__(self, roster: Roster, *, consoles: bool = False) -> None:
        super().__init__()
        self.roster = roster
        layout = QVBoxLayout(self)
        self.summary = QLabel("No vote yet")
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        emphasize(self.summary, 1.1)
        self._summary = _Holder(self.summary)
        layout.addWidget(self._summary)
        self.only_missing = QCheckBox("Only the members that have &not voted")
        self.only_missing.toggled.connect(lambda _on: self._filter())
        layout.addWidget(self.only_missing)
        self.register = QTableWidget(len(roster), 3)
        self.register.setObjectName("register")
        self.register.setHorizontalHeaderLabels(["Member", "Ballot", "By"])
        self.register.verticalHeader().hide()
        # Rows as tall as the text: more members in view at once.
        self.register.verticalHeader().setDefaultSectionSize(
            self.register.fontMetrics().height() + 8
        )
        self.register.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.register.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.register.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.register.setWordWrap(False)
        self.register.setTextElideMode(Qt.TextElideMode.ElideNone)
        header = self.register.horizontalHeader()
        # Fixed widths: a column sized to its contents is measured again over all its rows at
        # every change (0.4 ms a ballot). The name column is as wide as the longest name, so
        # no name is cut (the table scrolls sideways when the panel is narrower).
        metrics = self.register.fontMetrics()
        # The hall's own labels (the full name is the tooltip): the officer reads what the
        # wall reads, and no name is cut.
        widest = (
            max(metrics.horizontalAdvance(m.board_label) for m in roster) if len(roster) else 80
        )
        widths = [
            widest + (40 if consoles else 20),
            metrics.horizontalAdvance("no right to vote") + 18,
            metrics.horizontalAdvance("secretariat") + 18,
        ]
        for column, width in enumerate(widths):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.register.setColumnWidth(column, width)
        header.setStretchLastSection(True)
        self.register.setMinimumWidth(
            sum(widths)
            + self.register.verticalScrollBar().sizeHint().width()
            + 2 * self.register.frameWidth()
        )
        self.register.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._rows: dict[str, int] = {}
        for row, member in enumerate(roster):
            self._rows[member.code] = row
            name = QTableWidgetItem(member.board_label)
            name.setToolTip(member.name)
            if consoles:  # a mark beside the name: no column taken from it
                _mark_console(name, connected=False)
            self.register.setItem(row, 0, name)
            self.register.setItem(row, 1, QTableWidgetItem(""))
            self.register.setItem(row, 2, QTableWidgetItem(""))
        layout.addWidget(self.register, 1)
        self._vote: VoteState | None = None
        self._consoles: frozenset[str] = frozenset()

    def row_of(self, code: str) -> int:
        return self._rows[code]

    def cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.register.item(row, column)
        assert item is not None
        return item

    @Slot(object)
    def show_state(self, state: AssemblyState) -> None:
        vote = state.current_vote or state.last_vote
        previous = self._vote
        if vote is previous and vote is not None:
            return  # a state that changed nothing of this vote (a countdown's tick, a right)
        changed: Collection[str] = (
            _changed(previous, vote)
            if previous is not None and vote is not None and previous.id == vote.id
            else self._rows.keys()
        )
        for code in changed:
            row = self._rows.get(code)
            if row is None:
                continue
            ballot, by = _cells(vote, code, state)
            cell = self.cell(row, 1)
            if cell.text() != ballot:
                cell.setText(ballot)
                cell.setForeground(_colour(ballot))
            cell = self.cell(row, 2)
            if cell.text() != by:
                cell.setText(by)
        self._vote = vote
        self._filter(changed)
        if vote is None:
            self.summary.setText("No vote yet")
        else:
            eligible = vote.members - len(vote.ineligible)
            voted = len(vote.voted)
            self.summary.setText(f"Voted {voted} of {eligible}   ·   missing {eligible - voted}")
        self._summary.fit()

    def _filter(self, codes: Iterable[str] | None = None) -> None:
        """Hides the members that voted when only the missing are asked for (those of `codes`,
        the rows a state changed; all when None)."""
        vote = self._vote
        only = self.only_missing.isChecked()
        for code in self._rows if codes is None else codes:
            row = self._rows.get(code)
            if row is None:
                continue
            hide = only and vote is not None and (code in vote.voted or code in vote.ineligible)
            if hide != self.register.isRowHidden(row):  # each change lays the table out again
                self.register.setRowHidden(row, hide)

    @Slot(object)
    def show_consoles(self, connections: dict[str, object]) -> None:
        """The mark beside each member: whether its seat's console is connected."""
        online = connections.get("consoles", [])
        assert isinstance(online, list)
        connected = frozenset(online)
        # Only the seats that changed (193 consoles connecting are 193 of these in a row).
        for code in connected ^ self._consoles:
            row = self._rows.get(code)
            if row is not None:
                _mark_console(self.cell(row, 0), connected=code in connected)
        self._consoles = connected


def _changed(previous: VoteState, vote: VoteState) -> set[str]:
    """The members whose row differs between two states of one vote: a ballot changes one
    or two of the persistent maps, and a map compared with itself costs nothing."""
    changed: set[str] = set()
    for old, new in (
        (previous.voted, vote.voted),
        (previous.ballots, vote.ballots),
        (previous.by_secretariat, vote.by_secretariat),
        (previous.ineligible, vote.ineligible),
    ):
        if old is not new:
            changed.update(code for code, _ in set(new.items()).symmetric_difference(old.items()))
    return changed


class _Holder(QWidget):
    """Holds a label whose text changes with every ballot. A label in a layout lays its panel
    out again at each change of text, and each widget above it up to the window: the tabs
    then repaint whole (5 ms a ballot at 1920x1080). The holder has no layout, so a change of
    text stops here; it is as tall as the text needs at its width (`fit`)."""

    def __init__(self, label: QLabel) -> None:
        super().__init__()
        self._label = label
        label.setParent(self)
        self.fit()

    def fit(self) -> None:
        """Makes the holder as tall as its label's text (a change of height is laid out)."""
        label = self._label
        width = self.width()
        height = label.heightForWidth(width) if width > 0 and label.wordWrap() else -1
        if height < 0:
            height = label.sizeHint().height()
        if (self.minimumHeight(), self.maximumHeight()) != (height, height):
            self.setFixedHeight(height)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(self._label.sizeHint().width(), self.minimumHeight())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(self._label.minimumSizeHint().width(), self.minimumHeight())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        self._label.setGeometry(self.rect())
        self.fit()
        super().resizeEvent(event)


def _cells(vote: VoteState | None, code: str, state: AssemblyState) -> tuple[str, str]:
    if vote is None:
        return ("no right to vote" if code in state.ineligible else "", "")
    if code in vote.ineligible:
        return "no right to vote", ""
    if code not in vote.voted:
        return "", ""
    by = "secretariat" if code in vote.by_secretariat else "delegation"
    if vote.secret:
        return "voted", by
    choice = vote.ballots.get(code)
    return (CHOICE_WORDS[choice].lower() if choice else "voted"), by


def _colour(ballot: str) -> QColor:
    choice = next((c for c in Choice if c.value == ballot), None)
    return QColor("#222") if choice is None else theme.LIGHT_FILL[choice.light].darker(140)


@functools.cache
def _console_mark(connected: bool) -> QIcon:
    """A blue disc (console connected) or a grey ring (offline), made once: not green, which
    beside a name would read as a yes."""
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor("#1d4f91" if connected else "#9aa0a6")
    painter.setPen(colour)
    painter.setBrush(colour if connected else Qt.GlobalColor.transparent)
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


def _mark_console(item: QTableWidgetItem, *, connected: bool) -> None:
    item.setIcon(_console_mark(connected))
    item.setToolTip("console connected" if connected else "console offline")
