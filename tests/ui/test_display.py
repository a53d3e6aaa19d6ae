"""The hall display: on the screen named, following a journal that another process writes."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from tests.process import running, voteboard
from voteboard.core.board import board_of_vote
from voteboard.core.commands import CastBallot, OpenVote, PrepareVote
from voteboard.core.model import Choice, Light, Phase, VoteSpec
from voteboard.core.session import Session
from voteboard.journal.archive import open_journal
from voteboard.resources import un_roster
from voteboard.ui import theme
from voteboard.ui.display import HallDisplay, JournalWatch, find_screen, initial_board
from voteboard.ui.painter import header_texts
from voteboard.ui.pixels import dominant, near


def hall(qtbot: QtBot, path: Path, screen: str = "HALL-RIGHT") -> tuple[HallDisplay, JournalWatch]:
    window = HallDisplay(initial_board(un_roster()))
    qtbot.addWidget(window)
    watch = JournalWatch(path, window)
    watch.board_changed.connect(window.show_board)
    target = find_screen(screen)
    assert target is not None
    window.place(target)
    qtbot.waitExposed(window)
    watch.start()
    return window, watch


def test_the_board_goes_full_screen_on_the_screen_named(qtbot: QtBot, tmp_path: Path) -> None:
    assert [s.name() for s in QGuiApplication.screens()] == ["HALL-LEFT", "HALL-RIGHT"]
    window, watch = hall(qtbot, tmp_path / "none.sqlite", "HALL-RIGHT")
    assert window.isFullScreen()
    assert window.screen().name() == "HALL-RIGHT"
    right = find_screen("HALL-RIGHT")
    assert right is not None
    assert window.geometry() == right.geometry()
    assert window.board_widget.size().toTuple() == (1280, 720)
    # No journal yet: every member unlit, waiting for the first vote.
    board = window.board_widget.board
    assert board.waiting
    assert {m.light for m in board.members} == {Light.NONE}
    assert header_texts(board, None)[2] == "NO VOTE IN PROGRESS"
    window.toggle_full_screen()
    assert not window.isFullScreen()
    assert window.screen().name() == "HALL-RIGHT"
    watch.stop()


def test_the_board_shows_a_vote_run_by_another_process(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    window, watch = hall(qtbot, path)
    voteboard("simulate", "--journal", str(path), "--seed", "8", "--symbol", "A/HALL/1", "--lock")
    widget = window.board_widget
    qtbot.waitUntil(
        lambda: widget.board.vote.symbol == "A/HALL/1" and widget.board.phase is Phase.LOCKED,
        timeout=5000,
    )
    with open_journal(path) as journal:
        vote = journal.state().last_vote
        assert vote is not None
        expected = board_of_vote(vote, journal.roster)
    assert widget.board == expected
    image = widget.grab().toImage()
    for member in expected.members:
        rect = widget.light_rect(member.code)
        assert rect is not None
        assert near(dominant(image, rect), theme.LIGHT_FILL[member.light]), member.code
    watch.stop()


LIGHT = {Choice.YES: Light.YES, Choice.NO: Light.NO, Choice.ABSTAIN: Light.ABSTAIN}


def test_a_ballot_reaches_the_hall_within_a_second(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    with open_journal(path) as journal:
        window, watch = hall(qtbot, path)
        widget = window.board_widget
        session = Session(journal, journal.state())
        session.execute(
            PrepareVote(
                at=session.clock(), vote="v1", spec=VoteSpec(symbol="A/80/L.2", title="Two")
            )
        )
        session.execute(OpenVote(at=session.clock()))
        qtbot.waitUntil(lambda: widget.board.phase is Phase.OPEN, timeout=1000)
        for member, choice in [("FRA", Choice.YES), ("BRA", Choice.NO), ("IND", Choice.ABSTAIN)]:
            session.execute(CastBallot(at=session.clock(), member=member, choice=choice))
            committed = time.monotonic()

            def lit(m: str = member, c: Choice = choice) -> bool:
                return next(x.light for x in widget.board.members if x.code == m) is LIGHT[c]

            qtbot.waitUntil(lit, timeout=1000)
            assert time.monotonic() - committed < 1.0
            rect = widget.light_rect(member)
            assert rect is not None

            def drawn(r: QRectF = rect, c: Choice = choice) -> bool:
                return near(dominant(widget.grab().toImage(), r), theme.LIGHT_FILL[LIGHT[c]])

            qtbot.waitUntil(drawn, timeout=1000)
        watch.stop()


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return voteboard("display", *map(str, args), check=False)


def test_screens_are_listed_and_chosen_by_name(tmp_path: Path) -> None:
    listed = run("--list-screens")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0].split("\t")[:3] == ["HALL-LEFT", "1920x1080+0+0", "primary"]
    assert lines[1].split("\t")[:2] == ["HALL-RIGHT", "1280x720+1920+0"]
    wrong = run("--screen", "HALL-3", "--journal", tmp_path / "j.sqlite")
    assert wrong.returncode == 2
    assert wrong.stderr.strip() == (
        "voteboard display: there is no screen named 'HALL-3' (screens: HALL-LEFT, HALL-RIGHT)"
    )
    assert not (tmp_path / "j.sqlite").exists()


def test_a_file_that_is_not_a_journal_is_refused(tmp_path: Path) -> None:
    notes = tmp_path / "notes.sqlite"
    notes.write_text("minutes of the meeting\n")
    result = run("--journal", notes)
    assert result.returncode == 1
    assert "not a voteboard journal" in result.stderr
    assert "Traceback" not in result.stderr
    assert notes.read_text() == "minutes of the meeting\n"


def test_the_display_command_starts_on_the_named_screen(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    with running("display", "--journal", path, "--screen", "HALL-RIGHT", "--panel", "left") as said:
        assert next(said).startswith("voteboard display: waiting for a journal")
        assert next(said) == (
            f"voteboard display: showing {path} on HALL-RIGHT (full screen, panel left)"
        )
