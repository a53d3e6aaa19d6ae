"""The replay window, driven through its widgets."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from tests.process import voteboard
from tests.replay.test_replay import run_vote
from voteboard.core.board import board_of_record
from voteboard.journal.browse import Entry
from voteboard.journal.store import Journal
from voteboard.replay.player import Player
from voteboard.replay.session import ReplaySession
from voteboard.ui.replay import ReplayWindow


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    path = tmp_path / "j.sqlite"
    run_vote(path)
    return path


@pytest.fixture
def window(qtbot: QtBot, journal_path: Path) -> ReplayWindow:
    journal = Journal.open(journal_path, readonly=True)
    window = ReplayWindow(ReplaySession(journal))
    qtbot.addWidget(window, before_close_func=lambda _w: journal.close())
    window.resize(1920, 1080)
    window.show()
    qtbot.waitExposed(window)
    return window


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
    assert window.model.headerData(6, Qt.Orientation.Horizontal) == "Russian Federation"
    row = row_of(window, "A/RES/ES-11/4")
    assert window.model.data(window.model.index(row, 6)) == "No"
    window.mode.setCurrentIndex(window.mode.findData("secret"))
    assert window.model.rows == []


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
    assert window.model.data(window.model.index(row, 6)) == vote.ballots[member].value.title()


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
        assert window.model.data(window.model.index(row, 6)) == "no list in the record"
        window.open_entry(entry_of(window, "A/RES/ES-11/1"))
        assert window.compare_with(entry_of(window, "A/RES/75/254")) is None
        assert window.moves.item(0).text() == (
            "A/RES/75/254 gives only its totals, no member's vote: nothing to compare"
        )
