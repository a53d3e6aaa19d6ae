"""The replay window, driven through its widgets."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from tests.process import voteboard
from tests.replay.test_replay import run_vote
from tests.replay.undl import CHINA, EIGHTIES, FIRST, eras_journal, needs_undl
from voteboard.core.board import board_of_record
from voteboard.journal.browse import Entry
from voteboard.journal.store import Journal
from voteboard.replay.player import Player
from voteboard.replay.session import ReplaySession
from voteboard.ui.replay import MEMBER, TITLE, ReplayWindow


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    path = tmp_path / "j.sqlite"
    run_vote(path)
    return path


def open_window(qtbot: QtBot, path: Path, width: int = 1920, height: int = 1080) -> ReplayWindow:
    journal = Journal.open(path, readonly=True)
    window = ReplayWindow(ReplaySession(journal))
    qtbot.addWidget(window, before_close_func=lambda _w: journal.close())
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot: QtBot, journal_path: Path) -> ReplayWindow:
    return open_window(qtbot, journal_path)


@pytest.fixture
def eras(qtbot: QtBot, tmp_path: Path) -> ReplayWindow:
    """The window on the shipped ES-11 votes of 2022 and 2023 and real votes of 1946, 1971
    and 1985."""
    return open_window(qtbot, eras_journal(tmp_path / "eras.sqlite"))


def row_of(window: ReplayWindow, symbol: str) -> int:
    return next(i for i, e in enumerate(window.model.rows) if e.symbol == symbol)


def entry_of(window: ReplayWindow, ref: str) -> Entry:
    """A vote of the window's list, by its id or symbol."""
    entry = window.find_vote(ref)
    assert entry is not None, ref
    return entry


def player(window: ReplayWindow) -> Player:
    """The player of the vote the window shows."""
    assert window.replay is not None, "no vote open"
    return window.replay.player


def test_search_as_you_type_and_a_members_column(qtbot: QtBot, window: ReplayWindow) -> None:
    total = len(window.all)
    assert window.count.text() == f"{total} of {total} votes"
    dates = [e.date for e in window.model.rows]
    assert dates == sorted(dates, reverse=True)  # newest first
    assert "A/77/L.9" in {e.symbol for e in window.model.rows}  # a vote run here, beside them
    qtbot.keyClicks(window.search, "territorial")
    assert [e.symbol for e in window.model.rows] == ["A/RES/ES-11/4"]
    assert window.count.text() == f"1 of {total} votes"
    window.search.clear()
    window.member.setCurrentIndex(window.member.findData("RUS"))
    assert window.model.headerData(MEMBER, Qt.Orientation.Horizontal) == "Russian Federation"
    row = row_of(window, "A/RES/ES-11/4")
    assert window.model.data(window.model.index(row, MEMBER)) == "No"
    window.mode.setCurrentIndex(window.mode.findData("secret"))
    assert window.model.rows == []


def test_enter_in_the_search_opens_the_first_vote_found(qtbot: QtBot, window: ReplayWindow) -> None:
    """By the keyboard alone: type, Enter, and the vote is on the board and the list has the
    keys (Down, Up and Enter go on from there)."""
    window.search.setFocus()
    qtbot.keyClicks(window.search, "territorial")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.board.board.vote.symbol == "A/RES/ES-11/4"
    assert window.table.hasFocus() or QApplication.focusWidget() is window.table
    assert window.table.currentIndex().row() == 0
    window.search.clear()
    qtbot.keyClicks(window.search, "no such vote")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)  # nothing found: nothing happens
    assert window.board.board.vote.symbol == "A/RES/ES-11/4"


def test_an_imported_vote_opens_on_its_final_board_and_reveals(
    qtbot: QtBot, window: ReplayWindow, journal_path: Path
) -> None:
    entry = window.find_vote("A/RES/ES-11/4")
    assert entry is not None
    window.open_entry(entry)
    with Journal.open(journal_path, readonly=True) as journal:
        record = journal.history_record("A/RES/ES-11/4")
        roster = journal.roster
    assert record is not None
    assert window.board.board == board_of_record(record, roster)
    assert "no timing" in window.caption.text()
    assert window.reveal.isEnabled()
    window.speed.setCurrentIndex(window.speed.findData(20.0))
    qtbot.mouseClick(window.reveal, Qt.MouseButton.LeftButton)
    assert window.board.board.note.startswith("Reveal in board order")
    qtbot.waitUntil(lambda: not player(window).playing, timeout=10000)
    assert window.board.board == board_of_record(record, roster)


def test_a_moment_saved_as_png_is_the_image_of_board_at(
    qtbot: QtBot, window: ReplayWindow, journal_path: Path, tmp_path: Path
) -> None:
    entry = window.find_vote("v1")
    assert entry is not None
    window.open_entry(entry)
    assert "in the time it took" in window.caption.text()
    window.slider.setValue(95_000)  # 95 s after the opening
    assert window.time.text().startswith("01:35 / ")
    assert window.board.board.phase.value in ("open", "paused")
    ours, theirs = tmp_path / "ours.png", tmp_path / "theirs.png"
    window.save_png(ours)
    voteboard("board", "v1", "--at", "95", "--png", str(theirs), "--journal", str(journal_path))
    assert QImage(str(ours)) == QImage(str(theirs))
    qtbot.mouseClick(window.result, Qt.MouseButton.LeftButton)
    assert window.board.board.phase.value == "locked"


def test_two_votes_compared_on_one_board(window: ReplayWindow) -> None:
    first = window.find_vote("A/RES/ES-11/1")
    second = window.find_vote("A/RES/ES-11/3")
    assert first is not None
    assert second is not None
    window.open_entry(first)
    comparison = window.compare_with(second)
    assert comparison is not None
    assert window.moves.item(0).text() == f"unchanged: {comparison.unchanged}"
    assert window.moves.item(1).text() == comparison.lines()[0]
    assert window.board.board.vote.symbol == "A/RES/ES-11/3"
    assert not window.play_button.isEnabled()


def test_replay_refuses_an_unknown_vote_and_a_wrong_speed(journal_path: Path) -> None:
    for args, message in (
        (["A/NOPE/1"], "voteboard replay: no vote 'A/NOPE/1'"),
        (["v1", "--speed", "40"], "voteboard replay: --speed is from 0.5 to 20, not 40"),
    ):
        result = voteboard("replay", *args, "--journal", str(journal_path), check=False)
        assert result.returncode == 2
        assert result.stderr.startswith(message)


def test_a_click_selects_and_compare_takes_the_vote_shown_and_the_selected_one(
    qtbot: QtBot, window: ReplayWindow
) -> None:
    window.open_entry(entry_of(window, "A/RES/ES-11/1"))
    window.table.selectRow(row_of(window, "A/RES/ES-11/3"))
    qtbot.mouseClick(window.compare_button, Qt.MouseButton.LeftButton)
    assert window.caption.text() == "A/RES/ES-11/3 compared with A/RES/ES-11/1"
    assert window.moves.item(0).text() != "unchanged: 193"


def test_the_speed_chosen_stays_for_the_next_vote(window: ReplayWindow) -> None:
    window.choose_speed(10.0)
    window.open_entry(entry_of(window, "v1"))
    assert player(window).speed == 10.0
    window.choose_speed(3.0)
    assert window.speed.currentText() == "3x"
    assert player(window).speed == 3.0


def test_a_members_column_for_votes_run_here(window: ReplayWindow) -> None:
    vote = window.state.votes["v1"]
    member = next(iter(vote.ballots.keys()))
    window.member.setCurrentIndex(window.member.findData(member))
    row = row_of(window, "A/77/L.9")
    assert window.model.data(window.model.index(row, MEMBER)) == vote.ballots[member].value.title()


def test_a_journal_without_history_opens(qtbot: QtBot, tmp_path: Path) -> None:
    from voteboard.resources import un_roster

    path = tmp_path / "bare.sqlite"
    Journal.open(path, roster=un_roster()).close()
    with Journal.open(path, readonly=True) as journal:
        window = ReplayWindow(ReplaySession(journal))
        qtbot.addWidget(window)
        assert window.count.text() == "0 of 0 votes"
        assert window.board.board.waiting
        window.toggle_play()
        window.to_end()


def test_a_record_with_totals_only_is_not_compared(qtbot: QtBot, journal_path: Path) -> None:
    from voteboard.journal.archive import open_journal, shipped_votes

    with open_journal(journal_path) as journal:
        bare = shipped_votes()[0].model_copy(update={"symbol": "A/RES/75/254", "ballots": ()})
        journal.add_history([bare])
    with Journal.open(journal_path, readonly=True) as journal:
        window = ReplayWindow(ReplaySession(journal))
        qtbot.addWidget(window)
        window.member.setCurrentIndex(window.member.findData("TUR"))
        row = row_of(window, "A/RES/75/254")
        assert window.model.data(window.model.index(row, MEMBER)) == "no list in the record"
        window.open_entry(entry_of(window, "A/RES/ES-11/1"))
        assert window.compare_with(entry_of(window, "A/RES/75/254")) is None
        assert window.moves.item(0).text() == (
            "A/RES/75/254 gives only its totals, no member's vote: nothing to compare"
        )


def member_cell(window: ReplayWindow, symbol: str, role: int = Qt.ItemDataRole.DisplayRole) -> str:
    """What the member's column says of a vote."""
    return str(window.model.data(window.model.index(row_of(window, symbol), MEMBER), role))


def type_member(qtbot: QtBot, window: ReplayWindow, text: str) -> None:
    """A name typed into the member chooser, then Enter."""
    line = window.member_line
    line.clear()
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)


@needs_undl
def test_a_members_votes_run_through_its_names(qtbot: QtBot, eras: ReplayWindow) -> None:
    type_member(qtbot, eras, "USSR")
    assert eras.member.currentData() == "RUS"
    assert eras.member.currentText() == "USSR — now Russian Federation"
    assert eras.model.headerData(MEMBER, Qt.Orientation.Horizontal) == "Russian Federation"
    first = {m.code: m.light.value for m in eras.source.final_board(entry_of(eras, FIRST)).members}
    assert member_cell(eras, FIRST) == f"{first['RUS'].title()} (as USSR)"
    assert member_cell(eras, FIRST, Qt.ItemDataRole.ToolTipRole) == (
        f"Union of Soviet Socialist Republics: {first['RUS'].title()}"
    )
    assert member_cell(eras, "A/RES/ES-11/4") == "No"
    # Every vote of the 80 years lists the member under the name of its day, newest first.
    shown = [member_cell(eras, e.symbol).partition(" (as ")[2] for e in eras.model.rows]
    assert shown == ["", "", "", "", "", "", "USSR)", "USSR)", "USSR)"]
    type_member(qtbot, eras, "zaire")
    assert eras.member.currentData() == "COD"
    assert member_cell(eras, EIGHTIES).endswith("(as Zaire)")
    assert member_cell(eras, CHINA).endswith("(as Congo (Leopoldville))")
    assert member_cell(eras, FIRST) == "not a member"
    type_member(qtbot, eras, "Burma")
    assert eras.member.currentData() == "MMR"
    assert member_cell(eras, CHINA).endswith("(as Burma)")
    type_member(qtbot, eras, "Czechoslovakia")
    assert eras.member.currentData() == "CSK"
    assert eras.model.headerData(MEMBER, Qt.Orientation.Horizontal) == "Czechoslovakia"
    assert member_cell(eras, "A/RES/ES-11/4") == "not a member"
    assert member_cell(eras, EIGHTIES) in ("Yes", "No", "Abstain", "did not vote")
    type_member(qtbot, eras, "Atlantis")
    assert eras.member.currentData() is None
    assert eras.count.text() == "No member was ever called 'Atlantis'"


def test_the_member_chooser_completes_any_name(qtbot: QtBot, window: ReplayWindow) -> None:
    completer = window.member.completer()
    assert completer is not None
    completer.setCompletionPrefix("yugoslav")
    found = [
        completer.completionModel().index(i, 0).data() for i in range(completer.completionCount())
    ]
    assert found == [
        "The former Yugoslav Republic of Macedonia — now North Macedonia",
        "Yugoslavia — until 2003",
    ]
    type_member(qtbot, window, "")
    assert window.member.currentData() is None
    assert window.model.columnCount() == MEMBER


@needs_undl
def test_the_decade_filter(eras: ReplayWindow) -> None:
    decades = [eras.decade.itemText(i) for i in range(eras.decade.count())]
    assert decades == ["All decades", "2020s", "1980s", "1970s", "1940s"]
    eras.decade.setCurrentIndex(eras.decade.findData("1970s"))
    assert [e.symbol for e in eras.model.rows] == [CHINA]
    assert eras.count.text() == f"1 of {len(eras.all)} votes"
    eras.session.setCurrentIndex(eras.session.findData("ES-11"))
    assert eras.model.rows == []  # both filters at once
    eras.decade.setCurrentIndex(0)
    assert {e.session for e in eras.model.rows} == {"ES-11"}


def test_the_decade_filter_is_reached_by_the_keyboard(qtbot: QtBot, window: ReplayWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.session.setFocus()
    qtbot.keyClick(window.session, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: window.decade.hasFocus())
    window.search.setFocus()
    qtbot.keyClick(window.search, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.decade.hasFocus())
    qtbot.keyClick(window.decade, Qt.Key.Key_Down)
    assert window.decade.currentData() == "2020s"
    assert window.model.rows
    assert {e.date[:3] for e in window.model.rows} == {"202"}
    qtbot.keyClick(window.decade, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.member.hasFocus())


@needs_undl
def test_votes_of_different_eras_compared_name_the_members_of_one_only(
    eras: ReplayWindow,
) -> None:
    eras.open_entry(entry_of(eras, CHINA))
    comparison = eras.compare_with(entry_of(eras, "A/RES/ES-11/4"))
    assert comparison is not None
    items = [eras.moves.item(i).text() for i in range(eras.moves.count())]
    assert items[0] == f"unchanged: {comparison.unchanged} of the 128 members at both votes"
    assert items[1].startswith(
        "65 members of A/RES/ES-11/4 were not members on 25 October 1971: Andorra, Angola, "
    )
    assert items[2].startswith(
        "3 members of A/RES/2758(XXVI) were not members on 12 October 2022: Czechoslovakia "
        "(succeeded by Czechia, Slovakia), "
    )
    assert items[3:] == comparison.lines()
    assert sum(int(line.rpartition(": ")[2]) for line in items[3:]) == len(comparison.moves)
    board = eras.board.board
    assert board.vote.symbol == "A/RES/ES-11/4"
    assert {m.code: m.name for m in board.members}["AGO"] == "Angola  ← new"
    assert board.note == f"Compared with {CHINA}: {len(comparison.moves)} moved, 65 new"


@needs_undl
@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1920, 1080)])
def test_the_window_fits_with_a_members_column(
    qtbot: QtBot, tmp_path: Path, width: int, height: int
) -> None:
    window = open_window(qtbot, eras_journal(tmp_path / "eras.sqlite"), width, height)
    assert window.width() == width  # no control asks for more than the screen
    header = window.table.horizontalHeader()
    metrics = window.table.fontMetrics()
    for name, code in (("USSR", "RUS"), ("Zaire", "COD"), ("Tanganyika", "TZA")):
        type_member(qtbot, window, name)
        viewport = window.table.viewport().width()
        # The member's column is in sight, beside a title that can still be read ...
        assert header.sectionViewportPosition(MEMBER) + header.sectionSize(MEMBER) <= viewport
        assert header.sectionSize(TITLE) >= 100
        for e in window.model.rows:
            text = member_cell(window, e.symbol)
            fits = metrics.horizontalAdvance(text) < header.sectionSize(MEMBER) - 8
            # ... whole but for a long name of old at 1366 pixels, which its tooltip gives.
            assert fits or (width < 1920 and "(as " in text), (code, text)
            tip = member_cell(window, e.symbol, Qt.ItemDataRole.ToolTipRole)
            assert tip.endswith(text.partition(" (as ")[0])
    window.grab().save(str(tmp_path / f"replay-{width}x{height}.png"))


def test_the_history_model_keeps_qts_rules(
    qtmodeltester: ModelTester, window: ReplayWindow
) -> None:
    qtmodeltester.check(window.model)
    window.member.setCurrentIndex(window.member.findData("TUR"))
    qtmodeltester.check(window.model)
