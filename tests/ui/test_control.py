"""The control window, driven through its own widgets, on a real journal file."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from tests.process import running, voteboard
from voteboard.core.model import Choice, Light, Majority, Mode, Phase
from voteboard.core.state import VoteState
from voteboard.journal.archive import open_journal
from voteboard.journal.store import NOTE_KINDS, Journal
from voteboard.ui import theme
from voteboard.ui.control import ControlWindow
from voteboard.ui.controller import Controller
from voteboard.ui.pixels import dominant, near

from .test_board import CHOICE_COLOURS, light_rect

LIGHT_OF = {Choice.YES: Light.YES, Choice.NO: Light.NO, Choice.ABSTAIN: Light.ABSTAIN}


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    return tmp_path / "hall.sqlite"


def start(qtbot: QtBot, path: Path, *, simulate: bool = False, rate: float = 500) -> ControlWindow:
    controller = Controller(open_journal(path), simulate=simulate, rate=rate, seed=7)
    window = ControlWindow(controller)
    # At the end of a test the window closes without asking (a vote may still be open).
    qtbot.addWidget(window, before_close_func=lambda w: setattr(w, "_closing_confirmed", True))
    window.resize(1920, 1080)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot: QtBot, journal_path: Path) -> Iterator[ControlWindow]:
    window = start(qtbot, journal_path)
    yield window
    window._closing_confirmed = True
    window.close()


def vote_of(controller: Controller) -> VoteState:
    """The vote the desk works on, once one is prepared."""
    vote = controller.vote
    assert vote is not None, "no vote prepared"
    return vote


def prepare(
    qtbot: QtBot, window: ControlWindow, symbol: str = "A/ES-11/L.5", mode: Mode = Mode.RECORDED
) -> None:
    window.prepare.symbol.setText(symbol)
    window.prepare.title.setPlainText("Territorial integrity of Ukraine")
    window.prepare.mode.setCurrentIndex(window.prepare.mode.findData(mode))
    window.prepare.majority.setCurrentIndex(window.prepare.majority.findData(Majority.TWO_THIRDS))
    qtbot.mouseClick(window.prepare.prepare_button, Qt.MouseButton.LeftButton)
    if window.confirm.asking:  # an unusual symbol, or a retake: asked, and confirmed here
        qtbot.mouseClick(window.confirm.yes, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.phase.buttons["open"].isEnabled())


def click(qtbot: QtBot, window: ControlWindow, action: str) -> None:
    button = window.phase.buttons[action]
    assert button.isEnabled(), action
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    if window.confirm.isVisible():
        qtbot.mouseClick(window.confirm.yes, Qt.MouseButton.LeftButton)


def phase_is(window: ControlWindow, phase: Phase) -> bool:
    vote = window.controller.vote
    return vote is not None and vote.phase is phase and not window.controller.busy


def register(window: ControlWindow) -> dict[str, tuple[str, str]]:
    """What the register shows: member code -> (ballot, entered by)."""
    panel = window.register
    return {
        m.code: (
            panel.cell(panel.row_of(m.code), 1).text(),
            panel.cell(panel.row_of(m.code), 2).text(),
        )
        for m in window.controller.roster
    }


def events(path: Path) -> list[tuple[str, str]]:
    """The events of the votes as the file holds them (not the journal's own notes)."""
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT kind, body FROM events ORDER BY seq")
        return [(kind, body) for kind, body in rows if kind not in NOTE_KINDS]


def pdf_text(path: Path) -> str:
    """A PDF's text as pdftotext reads it (Debian's poppler-utils), spaces run together."""
    result = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(result.stdout.split())


def preview_lights(window: ControlWindow) -> dict[str, QColor]:
    image = window.preview.grab().toImage()
    return {
        m.code: dominant(image, light_rect(window.preview, m.code))
        for m in window.controller.roster
    }


def test_a_recorded_vote_with_simulated_delegations_from_prepare_to_lock(
    qtbot: QtBot, journal_path: Path
) -> None:
    window = start(qtbot, journal_path, simulate=True)
    roster = window.controller.roster
    try:
        prepare(qtbot, window)
        assert window.phase.current.text() == "A/ES-11/L.5: prepared and not yet open"
        assert window.phase.mode_badge.text() == "RECORDED VOTE"
        assert {b for a, b in window.phase.buttons.items() if b.isEnabled()} == {
            window.phase.buttons["open"],
            window.phase.buttons["cancel"],
        }
        assert window.preview.board.phase is Phase.PREPARED
        assert set(register(window).values()) == {("", "")}

        click(qtbot, window, "open")
        qtbot.waitUntil(lambda: phase_is(window, Phase.OPEN))
        assert window.phase.buttons["close"].isEnabled()
        assert not window.phase.buttons["open"].isEnabled()
        assert not window.phase.buttons["lock"].isEnabled()
        # The simulated delegations vote; all of them, then the register and board agree.
        qtbot.waitUntil(lambda: window.controller.simulation.remaining == 0, timeout=10000)
        qtbot.waitUntil(window.controller.wait_idle)
        vote = window.controller.vote
        assert vote is not None
        assert len(vote.voted) > 170
        shown = register(window)
        for member in roster:
            choice = vote.ballots.get(member.code)
            expected = (choice.value if choice else "", "delegation" if choice else "")
            assert shown[member.code] == expected, member.name
        assert window.register.summary.text().startswith(
            f"Voted {len(vote.voted)} of 193   ·   missing {193 - len(vote.voted)}"
        )
        lights = preview_lights(window)
        for member in roster:
            light = (
                LIGHT_OF[vote.ballots[member.code]] if member.code in vote.ballots else Light.NONE
            )
            assert near(lights[member.code], theme.LIGHT_FILL[light]), member.code

        click(qtbot, window, "close")
        qtbot.waitUntil(lambda: phase_is(window, Phase.CLOSED))
        assert "Provisional until the result is locked." in window.result.result.text()
        board = window.preview.board
        assert board.totals.yes == vote.running.yes
        click(qtbot, window, "lock")
        qtbot.waitUntil(lambda: phase_is(window, Phase.LOCKED))
        assert board.arithmetic in window.result.result.text()
        assert "locked: its result is final" in window.phase.current.text()
        assert window.prepare.prepare_button.isEnabled()
        kinds = [kind for kind, _ in events(journal_path)]
        assert kinds[:2] == ["vote_prepared", "vote_opened"]
        assert kinds[-2:] == ["vote_closed", "vote_locked"]
    finally:
        window._closing_confirmed = True
        window.close()


def test_a_secret_ballot_never_shows_a_members_choice(qtbot: QtBot, journal_path: Path) -> None:
    window = start(qtbot, journal_path, simulate=True)
    try:
        prepare(qtbot, window, "A/77/L.99", Mode.SECRET)
        click(qtbot, window, "open")
        qtbot.waitUntil(lambda: phase_is(window, Phase.OPEN))  # the delegations' plan is made
        qtbot.waitUntil(lambda: window.controller.simulation.remaining == 0, timeout=10000)
        qtbot.waitUntil(window.controller.wait_idle)
        ballots = {b for b, _ in register(window).values()}
        assert ballots == {"voted", ""}
        image = window.preview.grab().toImage()
        for member in window.controller.roster:
            colour = dominant(image, light_rect(window.preview, member.code))
            assert not any(near(colour, c) for c in CHOICE_COLOURS), member.code
        texts = " ".join(w.text() for w in window.findChildren(type(window.register.summary)))
        for word in ("yes", "Yes 1", "abstain", "Abstentions"):
            assert word not in texts.replace("Abstains", "")
        click(qtbot, window, "close")
        qtbot.waitUntil(lambda: phase_is(window, Phase.CLOSED))
        # The totals come from the urn at the close, and only the totals.
        assert {b for b, _ in register(window).values()} == {"voted", ""}
        assert "Yes " in window.result.result.text()
    finally:
        window._closing_confirmed = True
        window.close()


def test_refused_commands_are_greyed_out_and_refused_if_forced(
    qtbot: QtBot, window: ControlWindow, journal_path: Path
) -> None:
    assert not any(b.isEnabled() for b in window.phase.buttons.values())
    window.request("close")
    assert window.message.text() == "Close voting is not possible: no vote is prepared"
    prepare(qtbot, window)
    assert not window.phase.buttons["close"].isEnabled()
    assert not window.phase.buttons["lock"].isEnabled()
    window.request("close")
    assert "the vote is prepared and not yet open" in window.message.text()
    click(qtbot, window, "open")
    qtbot.waitUntil(lambda: phase_is(window, Phase.OPEN))
    window.request("lock")
    assert window.message.text() == "Lock the result is not possible: the vote is open"
    # Forced past the window, the rules refuse it too, and the journal holds nothing of it.
    window.controller.phase("lock")
    qtbot.waitUntil(lambda: "Cannot lock the vote: it is open" in window.message.text())
    assert [k for k, _ in events(journal_path)] == ["vote_prepared", "vote_opened"]


def test_a_double_click_sends_a_command_once(
    qtbot: QtBot, window: ControlWindow, journal_path: Path
) -> None:
    prepare(qtbot, window)
    qtbot.mouseDClick(window.phase.buttons["open"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.phase.buttons["open"], Qt.MouseButton.LeftButton)
    window.request("open")  # while the first is on its way: ignored
    qtbot.waitUntil(lambda: phase_is(window, Phase.OPEN))
    assert [k for k, _ in events(journal_path)] == ["vote_prepared", "vote_opened"]
    window.request("open")
    assert window.message.text() == "Open voting is not possible: the vote is open"
    # A double click on Close asks, and confirms nothing: the answer is elsewhere.
    qtbot.mouseClick(window.phase.buttons["close"], Qt.MouseButton.LeftButton)
    qtbot.mouseDClick(window.phase.buttons["close"], Qt.MouseButton.LeftButton)
    assert window.confirm.isVisible()
    assert window.controller.vote is not None
    assert window.controller.vote.phase is Phase.OPEN


def test_the_countdown_is_announced_then_closes_the_vote(
    qtbot: QtBot, window: ControlWindow, journal_path: Path
) -> None:
    prepare(qtbot, window)
    click(qtbot, window, "open")
    qtbot.waitUntil(lambda: phase_is(window, Phase.OPEN))
    window.phase.countdown_seconds.setMinimum(1)
    window.phase.countdown_seconds.setValue(1)
    qtbot.mouseClick(window.phase.countdown_start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.preview.board.closes_at is not None)
    from datetime import UTC, datetime

    from voteboard.ui.painter import header_texts

    assert header_texts(window.preview.board, datetime.now(UTC))[2] == "CLOSES IN 0:01"
    qtbot.waitUntil(lambda: phase_is(window, Phase.CLOSED), timeout=5000)
    assert window.message.text() == "The countdown ran out: the vote was closed automatically"
    closed = [body for kind, body in events(journal_path) if kind == "vote_closed"]
    assert '"automatic":true' in closed[0]


def test_a_ballot_entered_by_the_secretariat(qtbot: QtBot, window: ControlWindow) -> None:
    prepare(qtbot, window)
    click(qtbot, window, "open")
    qtbot.waitUntil(lambda: phase_is(window, Phase.OPEN))
    window.tabs.setCurrentIndex(1)
    window.ballot.member.setCurrentIndex(window.ballot.member.findData("FRA"))
    no = window.findChild(type(window.ballot.choice.buttons()[0]), "ballot-no")
    assert no is not None
    no.setChecked(True)
    qtbot.mouseClick(window.ballot.enter, Qt.MouseButton.LeftButton)
    assert window.confirm.question.text() == (
        "Enter the ballot NO on behalf of France? It is marked as entered by the secretariat."
    )
    qtbot.mouseClick(window.confirm.yes, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: register(window)["FRA"] == ("no", "secretariat"))
    assert near(preview_lights(window)["FRA"], theme.LIGHT_FILL[Light.NO])
    assert window.ballot.choice.checkedButton() is None


def test_a_correction_after_lock_is_listed_with_the_result(
    qtbot: QtBot, window: ControlWindow
) -> None:
    prepare(qtbot, window)
    click(qtbot, window, "open")
    qtbot.waitUntil(lambda: phase_is(window, Phase.OPEN))
    window.controller.cast("KEN", Choice.ABSTAIN, by_secretariat=False)
    click(qtbot, window, "close")
    qtbot.waitUntil(lambda: phase_is(window, Phase.CLOSED))
    assert not window.correction.record.isEnabled()
    click(qtbot, window, "lock")
    qtbot.waitUntil(lambda: phase_is(window, Phase.LOCKED))
    locked_at = window.controller.checkpoint
    window.tabs.setCurrentIndex(4)
    window.correction.member.setCurrentIndex(window.correction.member.findData("KEN"))
    window.correction.intended.setCurrentIndex(
        window.correction.intended.findData("to vote in favour")
    )
    qtbot.mouseClick(window.correction.record, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.confirm.yes, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Corrections (1)" in window.result.result.text())
    # The correction is signed: a record made now carries a head that covers it.
    with Journal.open(window.controller.journal_path, readonly=True) as journal:
        kinds = [e.kind for e in journal.events()]
        checkpoint = journal.latest_checkpoint()
    assert kinds[-1] == "correction_recorded"
    qtbot.waitUntil(lambda: window.controller.checkpoint == checkpoint)
    assert checkpoint is not None
    assert locked_at is not None
    assert checkpoint.seq > locked_at.seq  # signed after the correction, not only at the lock
    assert "Kenya" in window.result.result.text()
    assert "intended to vote in favour" in window.result.result.text()
    assert "Yes 0 · No 0 · Abstentions 1" in window.result.result.text()


def test_a_roll_call_from_a_member_drawn_by_lot(
    qtbot: QtBot, window: ControlWindow, journal_path: Path
) -> None:
    prepare(qtbot, window)
    click(qtbot, window, "open")
    qtbot.waitUntil(lambda: phase_is(window, Phase.OPEN))
    window.tabs.setCurrentIndex(2)
    qtbot.mouseClick(window.roll_call.draw, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.confirm.yes, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.roll_call.called.text().startswith("Calling: "))
    vote = window.controller.vote
    assert vote is not None
    assert vote.roll_call_from is not None
    codes = list(window.controller.roster.codes)
    start_at = codes.index(vote.roll_call_from)
    order = codes[start_at:] + codes[:start_at]
    first = window.controller.roster.get(order[0])
    assert first is not None
    assert window.roll_call.called.text() == f"Calling: {first.name}"
    assert not window.roll_call.draw.isEnabled()
    answers = ["yes", "no", "abstain", "skip"]
    window.roll_call.answer_pause_s = 0.005  # the buttons' rest after an answer, short for the test
    for index, code in enumerate(order):
        member = window.controller.roster.get(code)
        assert member is not None
        button = window.roll_call.answers[answers[index % 4]]
        qtbot.waitUntil(button.isEnabled)
        assert window.roll_call.called.text() == f"Calling: {member.name}"
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.roll_call.called.text() == "Every member has been called")
    qtbot.waitUntil(window.controller.wait_idle)
    vote = window.controller.vote
    assert vote is not None
    for index, code in enumerate(order):
        expected = answers[index % 4]
        assert vote.ballots.get(code) == (None if expected == "skip" else Choice(expected))
    assert set(vote.by_secretariat.keys()) == set(vote.voted.keys())
    drawn = [body for kind, body in events(journal_path) if kind == "roll_call_drawn"]
    assert f'"first":"{order[0]}"' in drawn[0]


def test_a_double_click_in_the_roll_call_answers_once(qtbot: QtBot, window: ControlWindow) -> None:
    prepare(qtbot, window)
    click(qtbot, window, "open")
    qtbot.waitUntil(lambda: phase_is(window, Phase.OPEN))
    window.tabs.setCurrentIndex(2)
    qtbot.mouseClick(window.roll_call.draw, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.confirm.yes, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.roll_call.answers["yes"].isEnabled())
    called = window.roll_call.called.text()
    # The rest after an answer, long enough that this machine's load cannot end it between
    # the clicks: what is tested is that they answer once.
    window.roll_call.answer_pause_s = 60
    qtbot.mouseClick(window.roll_call.answers["yes"], Qt.MouseButton.LeftButton)
    qtbot.mouseDClick(window.roll_call.answers["yes"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.roll_call.answers["skip"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(vote_of(window.controller).voted) == 1)
    assert not window.roll_call.answers["yes"].isEnabled()  # resting
    window.roll_call.answer_pause_s = 0
    window.roll_call.refresh()
    qtbot.waitUntil(lambda: window.roll_call.answers["yes"].isEnabled())
    vote = window.controller.vote
    assert vote is not None
    assert len(vote.voted) == 1
    assert window.roll_call.called.text() != called
    assert window.roll_call.progress.text().endswith("Called 1 of 193.")
    # A refused answer (the vote suspended meanwhile) calls the same member again.
    waiting = window.roll_call.called.text()
    window.controller.phase("pause")
    qtbot.mouseClick(window.roll_call.answers["no"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: phase_is(window, Phase.PAUSED))
    assert window.roll_call.called.text() == waiting


def test_rights_are_withdrawn_before_a_vote_and_shown_on_the_board(
    qtbot: QtBot, window: ControlWindow
) -> None:
    window.tabs.setCurrentIndex(3)
    window.rights.member.setCurrentIndex(window.rights.member.findData("VEN"))
    qtbot.mouseClick(window.rights.withdraw, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.rights.without_right.count() == 1)
    prepare(qtbot, window)
    assert near(preview_lights(window)["VEN"], theme.LIGHT_FILL[Light.INELIGIBLE])
    assert register(window)["VEN"] == ("no right to vote", "")
    click(qtbot, window, "open")
    qtbot.waitUntil(lambda: phase_is(window, Phase.OPEN))
    assert not window.rights.withdraw.isEnabled()


def test_the_pdf_record_lists_and_totals(
    qtbot: QtBot, window: ControlWindow, tmp_path: Path
) -> None:
    prepare(qtbot, window)
    click(qtbot, window, "open")
    qtbot.waitUntil(lambda: phase_is(window, Phase.OPEN))
    ballots = {"FRA": Choice.YES, "BRA": Choice.YES, "RUS": Choice.NO, "IND": Choice.ABSTAIN}
    for code, choice in ballots.items():
        window.controller.cast(code, choice, by_secretariat=False)
    qtbot.waitUntil(lambda: len(vote_of(window.controller).voted) == 4)
    click(qtbot, window, "close")
    qtbot.waitUntil(lambda: phase_is(window, Phase.CLOSED))
    click(qtbot, window, "lock")
    qtbot.waitUntil(lambda: phase_is(window, Phase.LOCKED))
    path = tmp_path / "record.pdf"
    assert window.save_pdf_file(path)
    flat = pdf_text(path)
    assert "A/ES-11/L.5" in flat
    assert "In favour: 2 Brazil, France" in flat
    assert "Against: 1 Russian Federation" in flat
    assert "Abstaining: 1 India" in flat
    assert "Non-voting: 189" in flat
    assert "Adopted by 2 votes to 1, with 1 abstention." in flat
    assert "Required: two-thirds of 3 present and voting = 2. Yes 2: ADOPTED" in flat


def test_closing_the_window_during_an_open_vote_asks_and_keeps_the_vote(
    qtbot: QtBot, journal_path: Path
) -> None:
    window = start(qtbot, journal_path)
    prepare(qtbot, window)
    click(qtbot, window, "open")
    qtbot.waitUntil(lambda: phase_is(window, Phase.OPEN))

    def answer(button: QMessageBox.StandardButton) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        assert "A/ES-11/L.5 is open" in box.text()
        box.button(button).click()

    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.No))
    window.close()
    assert window.isVisible()
    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.Yes))
    window.close()
    assert not window.isVisible()
    with Journal.open(journal_path, readonly=True) as journal:
        vote = journal.state().current_vote
        assert vote is not None
        assert vote.phase is Phase.OPEN


def test_the_meeting_list_of_votes_is_loaded_and_kept(
    qtbot: QtBot, journal_path: Path, tmp_path: Path
) -> None:
    agenda = tmp_path / "agenda.csv"
    agenda.write_text(
        "symbol,title,mode,majority\nA/77/L.1,First,recorded,simple\nA/77/L.2,Second,secret,\n"
    )
    window = start(qtbot, journal_path)
    bad = tmp_path / "bad.csv"
    bad.write_text("symbol,title,mode\nA/1,One,loud\n")
    assert not window.load_agenda_file(bad)
    assert window.message.text().startswith("The list of votes was not loaded: bad.csv, line 2")
    assert window.load_agenda_file(agenda)
    assert window.prepare.agenda.count() == 2
    window.prepare.agenda.setCurrentRow(1)
    assert window.prepare.symbol.text() == "A/77/L.2"
    assert Mode(window.prepare.mode.currentData()) is Mode.SECRET
    window._closing_confirmed = True
    window.close()
    window = start(qtbot, journal_path)
    assert [window.prepare.agenda.item(i).text() for i in range(2)] == [
        "A/77/L.1",
        "A/77/L.2 (secret ballot)",
    ]
    window._closing_confirmed = True
    window.close()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")
def test_export_pdf_from_the_command_line(tmp_path: Path) -> None:

    path = tmp_path / "es-11-4.pdf"
    open_journal(tmp_path / "new.sqlite").close()  # a new hall's journal: the shipped votes
    voteboard(
        "export",
        "A/RES/ES-11/4",
        "--format",
        "pdf",
        "-o",
        str(path),
        "--journal",
        str(tmp_path / "new.sqlite"),
    )
    text = pdf_text(path)
    assert "In favour: 143" in text
    # The imported record's session and meeting head it, as the UN's annex does.
    assert "Eleventh emergency special session 14th plenary meeting" in text
    assert "Against: 5 Belarus, Democratic People's Republic of Korea, Nicaragua" in text
    assert "Abstaining: 35" in text
    assert "Non-voting: 10" in text


def test_a_kill_during_an_open_vote_then_control_again(qtbot: QtBot, journal_path: Path) -> None:
    """A real control process, killed with SIGKILL in the middle of an open vote: the vote comes
    back in the same phase with every ballot it had shown, and the operator is told."""
    import signal
    import sys

    child = Path(__file__).with_name("control_child.py")
    with subprocess.Popen(
        [sys.executable, str(child), str(journal_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as process:
        assert process.stdout is not None
        shown = 0
        for line in process.stdout:
            phase, count = line.split()
            if phase == "open":
                shown = int(count)
                if shown >= 30:
                    break
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert shown >= 30
    window = start(qtbot, journal_path)
    vote = window.controller.vote
    assert vote is not None
    assert vote.spec.symbol == "A/80/L.99"
    assert vote.phase is Phase.OPEN
    assert len(vote.voted) >= shown  # every ballot the window had shown is there
    assert window.message.text() == (
        "voteboard stopped while A/80/L.99 was open. The vote is back as the journal holds "
        f"it: open, with {len(vote.voted)} ballots."
    )
    assert sum(1 for b, _ in register(window).values() if b) == len(vote.voted)
    assert window.phase.buttons["close"].isEnabled()
    click(qtbot, window, "close")
    qtbot.waitUntil(lambda: phase_is(window, Phase.CLOSED))


def test_voteboard_control_starts_with_the_hall_board_on_the_screen_named(tmp_path: Path) -> None:

    journal = tmp_path / "hall.sqlite"
    wrong = voteboard("control", "--journal", str(journal), "--hall-screen", "HALL-9", check=False)
    assert wrong.returncode == 2
    assert wrong.stderr.strip() == (
        "voteboard control: there is no screen named 'HALL-9' (screens: HALL-LEFT, HALL-RIGHT)"
    )
    assert not journal.exists()
    with running(
        "control", "--journal", journal, "--hall-screen", "HALL-RIGHT", "--simulate"
    ) as said:
        assert next(said) == f"voteboard control: journal {journal}"
        assert next(said) == "voteboard control: The hall board is full screen on HALL-RIGHT"


def test_a_restart_with_a_countdown_stops_it_and_says_so(qtbot: QtBot, journal_path: Path) -> None:
    from voteboard.core.commands import OpenVote, PrepareVote, StartCountdown
    from voteboard.core.model import VoteSpec
    from voteboard.core.session import Session

    with open_journal(journal_path) as journal:
        session = Session(journal, journal.state())
        session.execute(
            PrepareVote(
                at=session.clock(), vote="v1", spec=VoteSpec(symbol="A/80/L.7", title="Restart")
            )
        )
        session.execute(OpenVote(at=session.clock()))
        session.execute(StartCountdown(at=session.clock(), seconds=600))
    window = start(qtbot, journal_path)
    qtbot.waitUntil(lambda: vote_of(window.controller).closes_at is None)
    qtbot.waitUntil(window.controller.wait_idle)
    assert vote_of(window.controller).phase is Phase.OPEN
    assert window.message.text() == (
        "voteboard stopped while A/80/L.7 was open. The vote is back as the journal holds it: "
        "open, with 0 ballots. Its countdown was stopped: start it again if it is still wanted."
    )


def test_mistakes_in_the_form_and_the_files_are_refused_with_a_message(
    qtbot: QtBot, window: ControlWindow, tmp_path: Path
) -> None:
    window.prepare.symbol.setText("A/1")
    window.prepare.title.setPlainText("word " * 500)
    qtbot.mouseClick(window.prepare.prepare_button, Qt.MouseButton.LeftButton)
    assert window.message.text() == (
        "The vote was not prepared: title: String should have at most 2000 characters"
    )
    assert window.controller.vote is None
    huge = tmp_path / "huge.csv"
    huge.write_text("symbol,title\nA/1," + "x" * 200_000 + "\n")
    assert not window.load_agenda_file(huge)
    assert "huge.csv, line 2: field larger than field limit" in window.message.text()
    assert window.prepare.agenda.count() == 0


def test_export_to_a_folder_is_refused(tmp_path: Path) -> None:

    for target in (str(tmp_path), f"{tmp_path}/sub/"):
        result = voteboard(
            "export",
            "A/RES/ES-11/4",
            "--format",
            "pdf",
            "-o",
            target,
            "--journal",
            str(tmp_path / "none.sqlite"),
            check=False,
        )
        assert result.returncode == 2
        assert "give a file's name, not a folder" in result.stderr
        assert "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_journal_whose_snapshot_was_altered_opens_with_an_alert(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """The officer is told, not only the log: the state shown comes from the events."""
    from tests.journal.test_snapshots import build_hall, forge_a_ballot, full_fold

    hall = build_hall(tmp_path / "hall.sqlite")
    forge_a_ballot(hall, "v1", "AFG", "n")
    window = start(qtbot, hall)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "alert") is not None)
    alert = window.findChild(QMessageBox, "alert")
    assert alert is not None
    assert alert.windowTitle() == "The journal was altered"
    assert "voteboard verify" in alert.text()
    assert window.controller.state == full_fold(hall)
