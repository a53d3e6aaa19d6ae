"""What the panels share: the one confirmation bar, a member picker, and emphasis."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from voteboard.core.model import Choice
from voteboard.core.roster import Roster
from voteboard.ui.theme import emphasize

__all__ = ["CHOICE_WORDS", "FOCUS_STYLE", "ConfirmBar", "emphasize", "member_box", "note", "picked"]

CHOICE_WORDS = {Choice.YES: "Yes", Choice.NO: "No", Choice.ABSTAIN: "Abstain"}
FOCUS_STYLE = (
    "QPushButton:focus, QComboBox:focus, QLineEdit:focus, QPlainTextEdit:focus, "
    "QSpinBox:focus, QCheckBox:focus, QRadioButton:focus, QListWidget:focus, "
    "QTableWidget:focus { outline: none; border: 3px solid #1d6fd6; }"
)
"""A focus that can be seen across a desk: three pixels of blue (the style's own ring is one
pixel of grey)."""


class ConfirmBar(QFrame):
    """The one confirmation of the desk: a question floating just below (or above) the control
    that asked it, over the window, so that nothing moves when it appears. The action happens
    only on its own button (Ctrl+Enter); Back (Escape) is where the focus goes first, so a
    repeated key or a double click confirms nothing."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.setObjectName("confirm")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setStyleSheet(
            "#confirm { background: #fff4d6; border: 2px solid #c98a00; border-radius: 4px; }"
        )
        self.question = QLabel()
        self.question.setObjectName("confirm-question")
        self.question.setWordWrap(True)
        self.yes = QPushButton()
        self.yes.setObjectName("confirm-yes")
        self.no = QPushButton("Back (Esc)")
        self.no.setObjectName("confirm-no")
        self.no.setAutoDefault(True)  # Enter, like Space, goes back; only Ctrl+Enter confirms
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.yes)
        row.addWidget(self.no)
        layout.addLayout(row)
        self._action: Callable[[], object] | None = None
        self.anchor: QWidget | None = None
        self.yes.clicked.connect(self._confirmed)
        self.no.clicked.connect(self.dismiss)
        for key, slot in (("Escape", self.dismiss), ("Ctrl+Return", self._confirmed)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        shortcut = QShortcut(QKeySequence("Ctrl+Enter"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self._confirmed)
        host.installEventFilter(self)
        self.hide()

    @property
    def asking(self) -> bool:
        return self._action is not None and self.isVisible()

    def ask(
        self, anchor: QWidget, question: str, answer: str, action: Callable[[], object]
    ) -> None:
        """Asks, next to `anchor` (the control that asked), whether to do `action`."""
        self.question.setText(question)
        self.yes.setText(f"{answer} (Ctrl+Enter)")
        self._action = action
        self.anchor = anchor
        self._place()
        self.show()
        self.raise_()
        self.no.setFocus()

    def _place(self) -> None:
        host = self.parentWidget()
        anchor = self.anchor
        if host is None or anchor is None:
            return
        width = min(max(anchor.width(), 420), max(200, host.width() - 8))
        self.setFixedWidth(width)
        self.adjustSize()
        height = self.sizeHint().height()
        self.setFixedHeight(height)
        below = anchor.mapTo(host, QPoint(0, anchor.height() + 4))
        above = anchor.mapTo(host, QPoint(0, -height - 4))
        where = below if below.y() + height <= host.height() else above
        x = min(max(4, where.x()), host.width() - width - 4)
        y = min(max(4, where.y()), max(4, host.height() - height - 4))
        self.move(x, y)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return False

    @Slot()
    def dismiss(self) -> None:
        had = self._action is not None
        self._action = None
        self.hide()
        if had and self.anchor is not None and self.anchor.isEnabled():
            self.anchor.setFocus()

    @Slot()
    def _confirmed(self) -> None:
        action, self._action = self._action, None
        self.hide()
        if self.anchor is not None and self.anchor.isEnabled():
            self.anchor.setFocus()
        if action is not None:
            action()


def member_box(roster: Roster) -> QComboBox:
    """A member picked by typing any part of its name."""
    box = QComboBox()
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    for member in roster:
        box.addItem(member.name, member.code)
    box.setCurrentIndex(-1)
    completer = box.completer()
    if completer is not None:
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return box


def picked(box: QComboBox) -> str | None:
    """The member a picker names, or None when its text names none exactly."""
    code = box.currentData()
    if box.currentIndex() < 0 or box.currentText() != box.itemText(box.currentIndex()):
        return None
    return str(code) if code else None


def note(text: str) -> QLabel:
    """A sentence that says what a panel is for."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #444")
    return label
