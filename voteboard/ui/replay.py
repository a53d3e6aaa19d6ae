"""The replay player: the archive on the board, in time, searchable, and side by side.

A history browser (every vote of the journal, the shipped ES-11 votes and every imported UN
vote, newest first, searched as one types, filtered by session, decade, mode and outcome, with
a member's own votes beside them under the name it bore each day) and the same board the hall
saw, played through time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QElapsedTimer,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Slot,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSlider,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from voteboard.core.board import Board
from voteboard.core.compare import Comparison
from voteboard.core.model import Mode
from voteboard.core.wording import Translation
from voteboard.files import OutputError
from voteboard.journal.browse import Entry, decades, search, sessions
from voteboard.replay.player import SPEEDS, RecordedReplay, RevealReplay
from voteboard.replay.session import MemberVotes, ReplaySession
from voteboard.ui import display
from voteboard.ui.board import BoardWidget
from voteboard.ui.image import save_board_png

TICK_MS = 40
TITLE, MODE, MEMBER = 2, 3, 5
"""The columns of the title, the mode and, when a member is chosen, of its vote."""
WIDEST = {0: "A/RES/ES-11/10", 1: "0000-00-00", 3: "recorded", 4: "rejected 100-10-10"}
"""The widest usual text of each column of fixed width (the title takes the rest)."""


class HistoryModel(QAbstractTableModel):
    """The browser's rows; a member's column when a member is chosen: its vote, with the name
    it bore that day where that is not today's ("Yes (as USSR)")."""

    HEADERS = ("Symbol", "Date", "Title", "Mode", "Result (Y-N-A)")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Entry] = []
        self.member: MemberVotes | None = None

    def show(self, rows: list[Entry], member: MemberVotes | None) -> None:
        self.beginResetModel()
        self.rows, self.member = rows, member
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS) + (1 if self.member else 0)

    def headerData(  # noqa: N802 (Qt override)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole and section < len(self.HEADERS):
            return self.HEADERS[section]
        if section < len(self.HEADERS) or self.member is None:
            return None
        # The board's shorter name ("DR Congo") heads the column; the tooltip gives the full.
        if role == Qt.ItemDataRole.DisplayRole:
            return self.member.member.board_label
        return self.member.name if role == Qt.ItemDataRole.ToolTipRole else None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        entry = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.ToolTipRole:
            # The whole text of a cell that may be cut; the member's full name of the day.
            if column == MEMBER and self.member is not None:
                name = self.member.name_at(entry) or self.member.name
                return f"{name}: {self.member.choice_at(entry)}"
            return self.data(index) if column in (0, TITLE) else None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return entry.symbol
        if column == 1:
            return entry.date[:10]
        if column == TITLE:
            return entry.title
        if column == MODE:
            return "secret" if entry.mode is Mode.SECRET else "recorded"
        if column == 4:
            return f"{entry.outcome} {entry.totals}".strip()
        return None if self.member is None else self.member.vote_at(entry)


class ReplayWindow(QMainWindow):
    """The history browser beside the board, with the player's controls under it."""

    def __init__(self, session: ReplaySession, *, translation: Translation | None = None) -> None:
        super().__init__()
        self.translation = translation or Translation()
        self.setWindowTitle(f"voteboard: replay — {session.path}")
        self.source = session  # the journal, as the replay reads it (never read here)
        self.state = session.state
        self.all = session.entries
        self.replay: RecordedReplay | RevealReplay | None = None
        self.entry: Entry | None = None
        self.comparison: Comparison | None = None
        self.hall: display.HallDisplay | None = None

        browser = QWidget()
        left = QVBoxLayout(browser)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search symbol and title…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.refresh)
        left.addWidget(self.search)
        filters = QHBoxLayout()
        self.session = QComboBox()
        self.session.addItem("All sessions", None)
        for name in sessions(self.all):
            self.session.addItem(f"Session {name}", name)
        self.decade = QComboBox()
        self.decade.setToolTip("The votes of a decade (Ctrl+D)")
        self.decade.addItem("All decades", None)
        for name in decades(self.all):
            self.decade.addItem(name, name)
        self.mode = QComboBox()
        self.mode.addItem("Any mode", None)
        self.mode.addItem("Recorded", Mode.RECORDED.value)
        self.mode.addItem("Secret", Mode.SECRET.value)
        self.outcome = QComboBox()
        self.outcome.addItem("Any outcome", None)
        for value in sorted({e.outcome for e in self.all if e.outcome}):
            self.outcome.addItem(value, value)
        for box in (self.session, self.decade, self.mode, self.outcome):
            box.currentIndexChanged.connect(self.refresh)
            filters.addWidget(box)
        filters.addStretch(1)
        left.addLayout(filters)
        # A member's votes are a column of the list, not a filter: a line of their own.
        self.member_line = QLineEdit()
        self.member = self._member_chooser(session, self.member_line)
        self.member.currentIndexChanged.connect(self.refresh)
        left.addWidget(self.member)
        self.count = QLabel()
        left.addWidget(self.count)
        self.model = HistoryModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        # A column that would say "recorded" on every row is not shown.
        self.table.setColumnHidden(MODE, all(e.mode is Mode.RECORDED for e in self.all))
        self._fit_columns()
        # A click selects (for a comparison); a double click or Enter opens the vote.
        self.table.activated.connect(lambda index: self.open_entry(self.model.rows[index.row()]))
        # Enter in the search box opens the first vote found, and the list takes the keys.
        self.search.returnPressed.connect(self._open_first_found)
        left.addWidget(self.table, 1)
        self.compare_button = QPushButton("Compare the vote shown with the selected vote")
        self.compare_button.clicked.connect(self._compare_selected)
        left.addWidget(self.compare_button)
        self.moves = QListWidget()
        self.moves.setWordWrap(True)  # the members of one era only, by name, in full
        self.moves.setMaximumHeight(220)
        self.moves.hide()  # until there is a comparison to tell: the list takes its room
        left.addWidget(self.moves)

        stage = QWidget()
        right = QVBoxLayout(stage)
        self.caption = QLabel("Choose a vote: a double click (or Enter) opens it")
        right.addWidget(self.caption)
        self.board = BoardWidget(
            display.initial_board(session.roster), translation=self.translation
        )
        right.addWidget(self.board, 1)
        transport = QHBoxLayout()
        self.play_button = QPushButton("Play")
        self.play_button.clicked.connect(self.toggle_play)
        self.speed = QComboBox()
        for speed in SPEEDS:
            self.speed.addItem(f"{speed:g}x", speed)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.currentIndexChanged.connect(self._speed_chosen)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.valueChanged.connect(self._slider_moved)
        self.time = QLabel("")
        self.step = QPushButton("Next event")
        self.step.clicked.connect(self.next_event)
        self.result = QPushButton("Result")
        self.result.clicked.connect(self.to_end)
        self.reveal = QPushButton("Reveal in board order")
        self.reveal.clicked.connect(self.start_reveal)
        self.save = QPushButton("Save PNG…")
        self.save.clicked.connect(self._save_dialog)
        for widget in (self.play_button, self.speed, self.step, self.result, self.reveal):
            transport.addWidget(widget)
        transport.addWidget(self.slider, 1)
        transport.addWidget(self.time)
        transport.addWidget(self.save)
        right.addLayout(transport)
        hall = QHBoxLayout()
        self.screens = QComboBox()
        self.screens.addItems(display.screen_names())
        self.full_screen = QPushButton("Show full screen there")
        self.full_screen.clicked.connect(self._to_hall)
        hall.addWidget(QLabel("Hall screen"))
        hall.addWidget(self.screens)
        hall.addWidget(self.full_screen)
        hall.addStretch(1)
        right.addLayout(hall)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(browser)
        splitter.addWidget(stage)
        splitter.setSizes([860, 1060])  # 45% for the list: 600 pixels at 1366
        self.setCentralWidget(splitter)
        QShortcut(QKeySequence(Qt.Key.Key_Space), self).activated.connect(self.toggle_play)
        QShortcut(QKeySequence(Qt.Key.Key_Right), self).activated.connect(self.next_event)
        QShortcut(QKeySequence(Qt.Key.Key_End), self).activated.connect(self.to_end)
        for keys, target in (("Ctrl+F", self.search), ("Ctrl+D", self.decade)):
            QShortcut(QKeySequence(keys), self).activated.connect(target.setFocus)
        QShortcut(QKeySequence("Ctrl+M"), self).activated.connect(self._to_member)

        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._clock = QElapsedTimer()
        self.refresh()
        if self.all:
            self.open_entry(self.all[0])  # the newest vote, until another is chosen
        self._update_controls()

    # ---- the browser --------------------------------------------------------------------------

    def _member_chooser(self, session: ReplaySession, line: QLineEdit) -> QComboBox:
        """A member by any of its names, former members included: typing "Zaire", "USSR" or
        "Czechoslovakia" finds it (the list holds every name, each with the member's code)."""
        chooser = QComboBox()
        chooser.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        chooser.setLineEdit(line)
        chooser.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        chooser.setToolTip("A member's votes, by any name it bore (Ctrl+M)")
        chooser.addItem("", None)
        for shown, code in session.member_names():
            chooser.addItem(shown, code)
        line.setPlaceholderText("A member's votes: any of its names…")
        line.setClearButtonEnabled(True)
        line.editingFinished.connect(self._member_typed)
        completer = QCompleter(chooser.model(), chooser)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        chooser.setCompleter(completer)
        return chooser

    @Slot()
    def _member_typed(self) -> None:
        """Enter (or leaving the chooser): the member of the name typed (part of a name is
        enough), or none when the text was cleared."""
        text = self.member.currentText()
        if text == self.member.itemText(self.member.currentIndex()) and text:
            return
        found = self.source.find_member(text)
        self.member.setCurrentIndex(0 if found is None else self.member.findText(found[0]))
        if found is None and text.strip():
            self.count.setText(f"No member was ever called {text.strip()!r}")

    @Slot()
    def _to_member(self) -> None:
        self.member.setFocus()
        self.member_line.selectAll()

    @Slot()
    def refresh(self) -> None:
        mode = self.mode.currentData()
        rows = search(
            self.all,
            self.search.text(),
            session=self.session.currentData(),
            decade=self.decade.currentData(),
            mode=Mode(mode) if mode else None,
            outcome=self.outcome.currentData(),
        )
        code = self.member.currentData()
        self.model.show(rows, self.source.member_votes(code) if code else None)
        self._fit_columns()
        self.count.setText(f"{len(rows)} of {len(self.all)} votes")

    def _fit_columns(self) -> None:
        """Each column as wide as its usual text and its header, the title taking the rest;
        a member's column as wide as its words and its names (measured, never read from
        thousands of rows), but never more than a quarter of the list (its tooltip tells a
        name cut)."""
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        bold = header.fontMetrics()
        widths = dict(WIDEST)
        member = self.model.member
        if member is not None:
            then = [
                f"did not vote (as {label})" for until, _, label in member.member.names() if until
            ]
            widths[MEMBER] = max((member.member.board_label, "not a member", *then), key=len)
        limits = {MEMBER: max(140, self.table.viewport().width() // 4)}
        for column, text in widths.items():
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            width = max(metrics.horizontalAdvance(text), bold.horizontalAdvance(title)) + 18
            header.resizeSection(column, min(width, limits.get(column, 220)))

    def find_vote(self, ref: str) -> Entry | None:
        folded = ref.casefold()
        return next(
            (e for e in self.all if e.vote_id == ref or e.symbol.casefold() == folded), None
        )

    def _open_first_found(self) -> None:
        if not self.model.rows:
            return
        self.table.setCurrentIndex(self.model.index(0, 0))
        self.table.setFocus()
        self.open_entry(self.model.rows[0])

    def open_entry(self, entry: Entry) -> None:
        """Shows a vote: a vote run here at its opening, ready to play; an imported one on its
        final board."""
        self.pause()
        self.entry, self.comparison = entry, None
        self._tell([])
        self.replay = self.source.replay_of(entry)
        if entry.vote_id is not None:
            self.caption.setText(f"{entry.symbol}: replayed from its events, in the time it took")
        else:
            self.caption.setText(
                f"{entry.symbol}: imported from the UN's record, which has no timing; "
                "its final board is shown"
            )
        self.replay.player.set_speed(float(self.speed.currentData()))
        self.slider.blockSignals(True)
        self.slider.setRange(0, round(self.replay.player.duration * 1000))
        self.slider.blockSignals(False)
        self._show()

    # ---- the player ---------------------------------------------------------------------------

    def current_board(self) -> Board | None:
        if self.comparison is not None:
            return self.comparison.board()
        return None if self.replay is None else self.replay.board()

    def _show(self) -> None:
        board = self.current_board()
        if board is not None:
            # The header's clock shows the replay's moment, not today's time.
            now = self._moment()
            for widget in (self.board, self.hall.board_widget if self.hall else None):
                if widget is not None:
                    widget.set_board(board)
                    widget.set_now(now)
        self._update_controls()

    def _update_controls(self) -> None:
        replay = self.replay
        has = replay is not None and self.comparison is None
        self.play_button.setEnabled(has)
        self.step.setEnabled(has)
        self.result.setEnabled(has)
        self.slider.setEnabled(has)
        self.reveal.setEnabled(has and isinstance(replay, RevealReplay))
        self.compare_button.setEnabled(self.entry is not None)
        self.save.setEnabled(replay is not None)
        if replay is None:
            self.time.setText("")
            return
        player = replay.player
        self.play_button.setText("Pause" if player.playing else "Play")
        self.slider.blockSignals(True)
        self.slider.setValue(round(player.position * 1000))
        self.slider.blockSignals(False)
        self.time.setText(f"{_clock(player.position)} / {_clock(player.duration)}")

    @Slot()
    def toggle_play(self) -> None:
        if self.replay is None or self.comparison is not None:
            return
        if self.replay.player.playing:
            self.pause()
        else:
            self.replay.player.play()
            self._clock.start()
            self._timer.start()
            self._show()

    def pause(self) -> None:
        self._timer.stop()
        if self.replay is not None:
            self.replay.player.pause()
        self._update_controls()

    @Slot()
    def start_reveal(self) -> None:
        if isinstance(self.replay, RevealReplay):
            self.replay.player.seek(0)
            self.toggle_play()

    @Slot()
    def next_event(self) -> None:
        if self.replay is not None and self.comparison is None:
            self.replay.player.next_mark()
            self._show()

    @Slot()
    def to_end(self) -> None:
        if self.replay is not None and self.comparison is None:
            self.replay.player.to_end()
            self._timer.stop()
            self._show()

    def seek(self, seconds: float) -> None:
        if self.replay is not None:
            self.replay.player.seek(seconds)
            self._show()

    @Slot(int)
    def _slider_moved(self, value: int) -> None:
        self.seek(value / 1000)

    def choose_speed(self, speed: float) -> None:
        """Plays at this speed (0.5 to 20 times); a speed not in the menu is added to it."""
        index = self.speed.findData(speed)
        if index < 0:
            self.speed.addItem(f"{speed:g}x", speed)
            index = self.speed.count() - 1
        self.speed.setCurrentIndex(index)
        if self.replay is not None:
            self.replay.player.set_speed(speed)

    @Slot(int)
    def _speed_chosen(self, _index: int) -> None:
        if self.replay is not None:
            self.replay.player.set_speed(float(self.speed.currentData()))

    @Slot()
    def _tick(self) -> None:
        if self.replay is None:
            self._timer.stop()
            return
        elapsed = self._clock.restart() / 1000
        if self.replay.player.advance(elapsed):
            self._show()
        if not self.replay.player.playing:
            self._timer.stop()
            self._update_controls()

    # ---- compare, save, hall ------------------------------------------------------------------

    def compare_with(self, other: Entry) -> Comparison | None:
        """The vote shown against another: the other's board, each member's move marked."""
        if self.entry is None:
            return None
        unlisted = next((e for e in (self.entry, other) if not e.listed), None)
        if unlisted is not None:
            self._tell(
                [f"{unlisted.symbol} gives only its totals, no member's vote: nothing to compare"]
            )
            return None
        self.pause()
        self.comparison = self.source.compare(self.entry, other)
        self.caption.setText(f"{other.symbol} compared with {self.entry.symbol}")
        self._tell(self.comparison.report())
        self._show()
        return self.comparison

    def _tell(self, lines: list[str]) -> None:
        """What a comparison found, under the list (hidden when there is nothing to tell)."""
        self.moves.clear()
        self.moves.addItems(lines)
        self.moves.setVisible(bool(lines))

    @Slot()
    def _compare_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.compare_with(self.model.rows[rows[0].row()])

    def save_png(self, path: Path, width: int = 1920, height: int = 1080) -> None:
        """The moment shown, as `voteboard board VOTE --at SECONDS --png` draws it."""
        board = self.current_board()
        if board is not None:
            save_board_png(self.translation(board), path, width, height, now=self._moment())

    def _moment(self) -> Any:
        if isinstance(self.replay, RecordedReplay) and self.comparison is None:
            return self.replay.moment()
        return None

    @Slot()
    def _save_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "The board as PNG", "board.png", "PNG (*.png)")
        if name:
            try:
                self.save_png(Path(name))
            except (OutputError, OSError) as exc:
                QMessageBox.warning(self, "The board was not saved", str(exc))

    @Slot()
    def _to_hall(self) -> None:
        screen = display.find_screen(self.screens.currentText())
        board = self.current_board()
        if screen is None or board is None:
            return
        if self.hall is None:
            self.hall = display.HallDisplay(board, translation=self.translation)
        self.hall.place(screen)
        self._show()  # the board and its clock's moment, on the hall screen too


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 60:02d}:{whole % 60:02d}"
