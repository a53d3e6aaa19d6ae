"""The desk as an officer under pressure uses it: its panels fed states alone, the whole window
by the keyboard only at every desk size, a roll call whose buttons never move, one clock that
never freezes, a preview that is the hall's board, and nothing carried over from the last vote."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from voteboard.core.board import board_of_vote, hall_board
from voteboard.core.commands import (
    CancelVote,
    CastBallot,
    OpenVote,
    PrepareVote,
)
from voteboard.core.model import Choice, Light, Mode, Phase, VoteSpec
from voteboard.core.session import MemoryStore, Session
from voteboard.core.state import AssemblyState
from voteboard.journal.archive import open_journal
from voteboard.resources import un_roster
from voteboard.ui.board import BoardWidget
from voteboard.ui.control import ControlWindow
from voteboard.ui.controller import Controller
from voteboard.ui.painter import footer_texts, header_texts
from voteboard.ui.panels.register import RegisterPanel

from .test_control import click, phase_is, prepare, start, vote_of

SIZES = [(1280, 720), (1366, 768), (1920, 1080), (3840, 2160)]


def open_vote(session: Session, now: datetime) -> None:
    """A recorded vote, A/80/L.1, prepared and opened in the session."""
    session.execute(PrepareVote(at=now, vote="v1", spec=VoteSpec(symbol="A/80/L.1", title="One")))
    session.execute(OpenVote(at=now))


def session_at(now: datetime) -> Session:
    return Session(MemoryStore(), AssemblyState.initial(un_roster()), clock=lambda: now)


# ---- the board's clock ------------------------------------------------------------------------


def test_the_boards_clock_ticks_every_second_while_ballots_arrive(qtbot: QtBot) -> None:
    """Ballots every 150 ms (a new board each time) must not hold back the clock: the board
    restarted its one-second timer at every board, and stayed at 00:00 for as long as
    ballots came."""
    roster = un_roster()
    now = datetime.now(UTC)
    session = session_at(now)
    open_vote(session, now)
    vote = session.state.current_vote
    assert vote is not None
    widget = BoardWidget(board_of_vote(vote, roster))
    qtbot.addWidget(widget)
    widget.resize(1280, 720)
    widget.show()
    qtbot.waitExposed(widget)
    header = widget.board_layout.header
    ticks: list[QRect] = []
    widget.painted.connect(
        lambda rect: ticks.append(rect) if rect.contains(int(header.right - 2), 2) else None
    )
    codes = iter(list(roster.codes))

    def ballot() -> None:
        session.execute(CastBallot(at=now, member=next(codes), choice=Choice.YES))
        current = session.state.current_vote
        assert current is not None
        widget.set_board(board_of_vote(current, roster))

    feeder = QTimer()
    feeder.setInterval(150)
    feeder.timeout.connect(ballot)
    feeder.start()
    try:
        qtbot.waitUntil(lambda: len(ticks) >= 3, timeout=4500)
    finally:
        feeder.stop()
    assert len(widget.board.members) == 193


def test_the_desk_and_the_hall_read_the_same_clock(qtbot: QtBot, tmp_path: Path) -> None:
    window = start(qtbot, tmp_path / "hall.sqlite")
    prepare(qtbot, window)
    click(qtbot, window, "open")
    qtbot.waitUntil(lambda: phase_is(window, Phase.OPEN))
    window.phase.countdown_seconds.setValue(30)
    qtbot.mouseClick(window.phase.countdown_start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.preview.board.closes_at is not None)
    # Read together, within the same second, they agree (the desk once truncated, 0:12, while
    # the hall rounded up, 0:13).
    for _ in range(3):
        qtbot.waitUntil(lambda: window.phase.clock.text().startswith("CLOSES IN"))
        now = datetime.now(UTC)
        window.phase.tick()
        assert window.phase.clock.text() == window.preview.board.clock.words(now) or (
            window.phase.clock.text()
            == window.preview.board.clock.words(now + timedelta(milliseconds=5))
        )
        assert header_texts(window.preview.board, now)[2] == window.preview.board.clock.words(now)
        QTest.qWait(0)
    window.controller.phase("pause")
    qtbot.waitUntil(lambda: phase_is(window, Phase.PAUSED))
    paused = window.phase.clock.text()
    assert paused.startswith("SUSPENDED AT ")
    assert header_texts(window.preview.board, datetime.now(UTC))[3].endswith(paused)


# ---- the hall wall ----------------------------------------------------------------------------


def test_a_cancelled_vote_shows_no_partial_totals(qtbot: QtBot) -> None:
    now = datetime(2026, 12, 1, 10, tzinfo=UTC)
    session = session_at(now)
    open_vote(session, now)
    for code in ("FRA", "BRA", "IND"):
        session.execute(CastBallot(at=now, member=code, choice=Choice.YES))
    board = hall_board(session.state, now.date())
    assert footer_texts(board)[0].startswith("YES 3")
    assert "SO FAR: PRESENT AND VOTING 3" in footer_texts(board)[1]
    session.execute(CancelVote(at=now))
    board = hall_board(session.state, now.date())
    assert footer_texts(board) == ("VOTE CANCELLED", "The vote has no result")
    assert {m.light for m in board.members} == {Light.NONE}
    assert (board.totals.yes, board.totals.no, board.totals.abstain) == (None, None, None)
    assert header_texts(board, now)[2] == "VOTE CANCELLED"


def test_the_countdown_is_the_largest_text_at_the_right_of_the_header(qtbot: QtBot) -> None:
    """Read from the back of the hall: drawn at the symbol's size, larger than the banner's."""
    from voteboard.ui import painter

    now = datetime.now(UTC)
    session = session_at(now)
    open_vote(session, now)
    plain = board_of_vote(session.state.current_vote, un_roster())  # type: ignore[arg-type]
    counting = plain.model_copy(update={"closes_at": now + timedelta(seconds=30)})
    sizes = {}
    original = painter._draw_words

    def spy(p, rect, text, font, *args, **kwargs):  # type: ignore[no-untyped-def]
        sizes[text] = font.pixelSize()
        return original(p, rect, text, font, *args, **kwargs)

    painter._draw_words = spy  # type: ignore[assignment]
    try:
        from PySide6.QtGui import QImage, QPainter

        for board in (plain, counting):
            image = QImage(1920, 1080, QImage.Format.Format_RGB32)
            qp = QPainter(image)
            layout = painter.board_layout(board, 1920, 1080)
            painter._band.cache_clear()
            painter.paint_board(qp, board, layout, now=now)
            qp.end()
    finally:
        painter._draw_words = original
    banner = sizes["VOTING OPEN"]
    countdown = next(size for text, size in sizes.items() if text.startswith("CLOSES IN"))
    assert countdown >= sizes["A/80/L.1"] * 0.95
    assert countdown > banner * 1.15


# ---- the preview is the hall's board ----------------------------------------------------------


def test_the_preview_is_laid_out_as_the_hall_screen_in_every_phase(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = start(qtbot, tmp_path / "hall.sqlite")
    assert window.open_hall("HALL-RIGHT")
    assert window.hall is not None
    qtbot.waitUntil(lambda: window.hall.board_widget.size() == QSize(1280, 720))  # type: ignore[union-attr]
    hall = window.hall.board_widget

    def same() -> None:
        mine, theirs = window.preview.board_layout, hall.board_layout
        assert (mine.width, mine.height) == (1280, 720)
        assert (mine.columns, mine.rows, mine.font_px) == (
            theirs.columns,
            theirs.rows,
            theirs.font_px,
        )
        assert [c.text for c in mine.cells] == [c.text for c in theirs.cells]
        # Scaled, the preview keeps the hall's proportions.
        light = window.preview.light_rect("FRA")
        assert light is not None
        ratio = window.preview.transform().m11()
        assert abs(light.width() - hall.board_layout.cell("FRA").light.w * ratio) < 0.01  # type: ignore[union-attr]

    same()
    window.controller.simulation.set_enabled(True)
    prepare(qtbot, window)
    same()
    click(qtbot, window, "open")
    qtbot.waitUntil(lambda: phase_is(window, Phase.OPEN))
    same()
    click(qtbot, window, "close")

    qtbot.waitUntil(lambda: phase_is(window, Phase.CLOSED))
    same()
    click(qtbot, window, "lock")
    qtbot.waitUntil(lambda: phase_is(window, Phase.LOCKED))
    same()


# ---- safe preparation -------------------------------------------------------------------------


def test_each_prepare_starts_from_the_defaults_never_from_the_last_secret_ballot(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = start(qtbot, tmp_path / "hall.sqlite")
    prepare(qtbot, window, "A/80/L.5", Mode.SECRET)
    form = window.prepare
    assert Mode(form.mode.currentData()) is Mode.RECORDED
    assert form.symbol.text() == ""
    assert form.title.toPlainText() == ""
    assert window.phase.mode_badge.text() == "SECRET BALLOT"
    # The opening of a secret ballot asks, in words.
    qtbot.mouseClick(window.phase.buttons["open"], Qt.MouseButton.LeftButton)
    assert window.confirm.asking
    assert window.confirm.question.text().startswith(
        "SECRET BALLOT: no choice will ever be recorded."
    )
    qtbot.keyClick(window.confirm.no, Qt.Key.Key_Escape)
    assert not window.confirm.isVisible()
    assert window.controller.vote is not None
    assert window.controller.vote.phase is Phase.PREPARED
    click(qtbot, window, "cancel")
    qtbot.waitUntil(lambda: phase_is(window, Phase.CANCELLED))
    assert Mode(form.mode.currentData()) is Mode.RECORDED


def test_what_reaches_the_hall_wall_is_checked(qtbot: QtBot, tmp_path: Path) -> None:
    window = start(qtbot, tmp_path / "hall.sqlite")
    form = window.prepare
    form.symbol.setText("hello world")
    qtbot.mouseClick(form.prepare_button, Qt.MouseButton.LeftButton)
    assert window.message.text() == "A vote needs its title: the hall reads it on the board"
    assert not window.confirm.isVisible()
    form.title.setPlainText("Good\u202eevil")
    qtbot.mouseClick(form.prepare_button, Qt.MouseButton.LeftButton)
    assert window.message.text().startswith("The vote was not prepared: ")
    assert "title" in window.message.text()
    form.title.setPlainText("A test")
    qtbot.mouseClick(form.prepare_button, Qt.MouseButton.LeftButton)
    assert window.confirm.asking
    assert "hello world" in window.confirm.question.text()
    qtbot.mouseClick(window.confirm.no, Qt.MouseButton.LeftButton)
    assert window.controller.vote is None
    qtbot.mouseClick(form.prepare_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.confirm.yes, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.controller.vote is not None and not window.controller.busy)
    assert vote_of(window.controller).spec.symbol == "hello world"
    assert window.message.text().startswith("hello world is prepared as a recorded vote")


def test_a_second_vote_on_a_symbol_is_a_retake_linked_to_the_first(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = start(qtbot, tmp_path / "hall.sqlite")
    prepare(qtbot, window)
    first = window.controller.vote
    assert first is not None
    click(qtbot, window, "cancel")
    qtbot.waitUntil(lambda: phase_is(window, Phase.CANCELLED))
    form = window.prepare
    form.symbol.setText(first.spec.symbol)
    form.title.setPlainText(first.spec.title)
    qtbot.mouseClick(form.prepare_button, Qt.MouseButton.LeftButton)
    assert window.confirm.asking
    assert f"vote {first.id}" in window.confirm.question.text()
    assert "retake" in window.confirm.question.text()
    qtbot.mouseClick(window.confirm.yes, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: phase_is(window, Phase.PREPARED))
    second = window.controller.vote
    assert second is not None
    assert second.id != first.id
    assert second.retake_of == first.id
    assert "(retake)" in window.phase.current.text()


# ---- the roll call ----------------------------------------------------------------------------


def test_a_whole_roll_call_by_the_keys_with_buttons_that_never_move(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = start(qtbot, tmp_path / "hall.sqlite")
    window.resize(1366, 768)
    prepare(qtbot, window)
    click(qtbot, window, "open")
    qtbot.waitUntil(lambda: phase_is(window, Phase.OPEN))
    window.show_tab(2)
    panel = window.roll_call
    panel.answer_pause_s = 0.0
    qtbot.mouseClick(panel.draw, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.confirm.yes, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.called.text().startswith("Calling: "))
    places = {k: b.geometry() for k, b in panel.answers.items()}
    keys = {"y": Choice.YES, "n": Choice.NO, "a": Choice.ABSTAIN, "d": None}
    rng = random.Random(4)
    expected: dict[str, Choice | None] = {}
    window.phase.buttons["close"].setFocus()  # the keys work wherever the focus is
    while panel.called_member() is not None:
        code = panel.called_member()
        assert code is not None
        qtbot.waitUntil(lambda: panel.answers["yes"].isEnabled())
        assert {k: b.geometry() for k, b in panel.answers.items()} == places, code
        key = rng.choice(list(keys))
        expected[code] = keys[key]
        # A letter, as Qt's keyClick(QWidget *, char) takes it: PySide6's stubs lack that one.
        QTest.keyClick(QApplication.focusWidget() or window, key)  # type: ignore[call-overload]

        def moved_on(c: str = code) -> bool:
            return panel.called_member() != c

        qtbot.waitUntil(moved_on)
    qtbot.waitUntil(window.controller.wait_idle)
    vote = window.controller.vote
    assert vote is not None
    assert len(expected) == 193
    assert {c: vote.ballots.get(c) for c in expected} == expected
    assert panel.called.text() == "Every member has been called"


def test_clicks_as_fast_as_they_come_answer_once_each_and_never_stick(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = start(qtbot, tmp_path / "hall.sqlite")
    prepare(qtbot, window)
    click(qtbot, window, "open")
    qtbot.waitUntil(lambda: phase_is(window, Phase.OPEN))
    window.show_tab(2)
    panel = window.roll_call
    panel.answer_pause_s = 0.05
    qtbot.mouseClick(panel.draw, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.confirm.yes, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.answers["yes"].isEnabled())
    rng = random.Random(9)
    for _ in range(120):  # no waiting between clicks: doubles, triples, any button
        button = panel.answers[rng.choice(["yes", "no", "abstain", "skip"])]
        if rng.random() < 0.3:
            qtbot.mouseDClick(button, Qt.MouseButton.LeftButton)
        else:
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        if rng.random() < 0.2:
            QTest.qWait(rng.choice([0, 5, 30, 60]))
    qtbot.waitUntil(window.controller.wait_idle)
    qtbot.waitUntil(lambda: panel.answers["yes"].isEnabled(), timeout=2000)  # never stuck
    vote = window.controller.vote
    assert vote is not None
    assert set(vote.by_secretariat.keys()) == set(vote.voted.keys())
    # Answered in the order of the call, none twice, none skipped silently.
    from voteboard.core.desk import RollCall

    roll = RollCall.of(vote, window.controller.roster.codes)
    assert roll is not None
    called = roll.order[
        : roll.order.index(panel.called_member()) if panel.called_member() else None
    ]
    assert set(vote.voted.keys()) <= set(called)


# ---- the register alone -----------------------------------------------------------------------


def test_the_register_panel_fed_states_alone(qtbot: QtBot) -> None:
    roster = un_roster()
    panel = RegisterPanel(roster)
    qtbot.addWidget(panel)
    panel.resize(420, 600)
    panel.show()
    now = datetime(2026, 12, 1, 10, tzinfo=UTC)
    session = session_at(now)
    session.execute(
        PrepareVote(
            at=now, vote="v1", spec=VoteSpec(symbol="A/80/L.1", title="One", mode=Mode.SECRET)
        )
    )
    session.execute(OpenVote(at=now))
    session.execute(CastBallot(at=now, member="GBR", choice=Choice.NO))
    panel.show_state(session.state)
    row = panel.row_of("GBR")
    assert panel.cell(row, 0).text() == "United Kingdom"  # as the wall reads it
    assert panel.cell(row, 0).toolTip() == "United Kingdom of Great Britain and Northern Ireland"
    assert panel.cell(row, 1).text() == "voted"  # a secret ballot: never the choice
    assert panel.summary.text() == "Voted 1 of 193   ·   missing 192"
    metrics = panel.register.fontMetrics()
    widest = max(metrics.horizontalAdvance(m.board_label) for m in roster)
    assert panel.register.columnWidth(0) >= widest + 8  # no name is cut


# ---- the whole desk by the keyboard, at every size --------------------------------------------


def _fully_shown(widget: QWidget) -> bool:
    region = widget.visibleRegion()
    return widget.isVisible() and region.boundingRect() == widget.rect() and not region.isEmpty()


def _blue_ring(widget: QWidget) -> bool:
    image = widget.grab().toImage()
    ring = QColor("#1d6fd6")
    return any(
        abs(QColor(image.pixel(x, image.height() // 2)).red() - ring.red()) < 30
        and abs(QColor(image.pixel(x, image.height() // 2)).blue() - ring.blue()) < 30
        for x in range(0, 4)
    )


@pytest.mark.parametrize("size", SIZES)
def test_a_whole_vote_by_the_keyboard_alone(
    qtbot: QtBot, tmp_path: Path, size: tuple[int, int]
) -> None:
    """Prepare to lock and the PDF, without the mouse, with a focus that can be seen, at
    1280x720 to 3840x2160, everything in reach."""
    controller = Controller(open_journal(tmp_path / "hall.sqlite"))
    window = ControlWindow(controller)
    qtbot.addWidget(window, before_close_func=lambda w: setattr(w, "_closing_confirmed", True))
    window.resize(*size)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.minimumSizeHint().width() <= size[0]
    assert window.minimumSizeHint().height() <= size[1]
    assert window.size() == QSize(*size)
    for part in (
        window.prepare.symbol,
        window.prepare.title,
        window.prepare.mode,
        window.prepare.majority,
        window.prepare.prepare_button,
        *window.phase.buttons.values(),
        window.phase.clock,
        window.preview,
        window.result.save_pdf,
        window.register.register,
        window.message,
    ):
        assert _fully_shown(part), (size, part.objectName() or part)
    bar = window.tabs.tabBar()
    assert all(bar.tabRect(i).right() <= bar.width() for i in range(bar.count()))

    def keys(*sequence: str | tuple[Qt.Key, Qt.KeyboardModifier]) -> None:
        for item in sequence:
            target = QApplication.focusWidget() or window
            if isinstance(item, str):
                QTest.keyClicks(target, item)
            else:
                QTest.keyClick(target, item[0], item[1])

    none, ctrl = Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ControlModifier
    tab = (Qt.Key.Key_Tab, none)
    keys((Qt.Key.Key_P, ctrl))
    assert QApplication.focusWidget() is window.prepare.symbol
    keys("A/ES-11/L.5", tab, "Territorial integrity of Ukraine", tab)
    assert QApplication.focusWidget() is window.prepare.mode
    keys(tab, (Qt.Key.Key_Down, none), tab, tab)  # the majority: two-thirds
    assert QApplication.focusWidget() is window.prepare.prepare_button
    assert _blue_ring(window.prepare.prepare_button)
    keys((Qt.Key.Key_Space, none))
    qtbot.waitUntil(lambda: phase_is(window, Phase.PREPARED))
    # The focus goes on to the next step, not to whatever follows the disabled Prepare (the
    # screens' box, where a Space opened its list and ate the F5 that followed).
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.phase.buttons["open"])
    keys((Qt.Key.Key_F5, none))
    qtbot.waitUntil(lambda: phase_is(window, Phase.OPEN))
    for code, choice in (("FRA", Choice.YES), ("RUS", Choice.NO), ("IND", Choice.ABSTAIN)):
        controller.cast(code, choice, by_secretariat=False)
    qtbot.waitUntil(lambda: len(vote_of(controller).voted) == 3)
    keys((Qt.Key.Key_F8, none))
    assert window.confirm.asking
    assert QApplication.focusWidget() is window.confirm.no  # Enter or Space would go back
    keys((Qt.Key.Key_Return, ctrl))
    qtbot.waitUntil(lambda: phase_is(window, Phase.CLOSED))
    keys((Qt.Key.Key_F9, none), (Qt.Key.Key_Return, ctrl))
    qtbot.waitUntil(lambda: phase_is(window, Phase.LOCKED))
    assert window.message.text() == "The result of A/ES-11/L.5 is locked: it is final"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.result.save_pdf)
    pdf = tmp_path / "record.pdf"

    def save_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QFileDialog)
        name = dialog.findChild(QLineEdit)
        assert name is not None
        name.setFocus()
        QTest.keyClick(name, Qt.Key.Key_A, ctrl)
        QTest.keyClicks(name, str(pdf))
        QTest.keyClick(name, Qt.Key.Key_Return)

    QTimer.singleShot(200, save_dialog)
    keys((Qt.Key.Key_S, ctrl))
    qtbot.waitUntil(pdf.exists)
    assert window.message.text() == f"The record of A/ES-11/L.5 was saved in {pdf}"


def test_the_confirmation_appears_where_it_was_asked_and_moves_nothing(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = start(qtbot, tmp_path / "hall.sqlite")
    prepare(qtbot, window)
    click(qtbot, window, "open")
    qtbot.waitUntil(lambda: phase_is(window, Phase.OPEN))
    parts = [window.preview, window.result, window.tabs, *window.phase.buttons.values()]
    before = [p.geometry() for p in parts]
    close = window.phase.buttons["close"]
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert window.confirm.asking
    assert [p.geometry() for p in parts] == before
    central = window.centralWidget()
    assert central is not None
    anchor = close.mapTo(central, close.rect().bottomLeft())
    assert 0 <= window.confirm.y() - anchor.y() <= 12
    assert abs(window.confirm.x() - anchor.x()) <= 12
    # On a tab at the other side of the window, the question comes there.
    qtbot.keyClick(window.confirm.no, Qt.Key.Key_Escape)
    window.show_tab(1)
    panel = window.ballot
    panel.member.setCurrentIndex(panel.member.findData("FRA"))
    panel.choice.buttons()[0].setChecked(True)
    qtbot.mouseClick(panel.enter, Qt.MouseButton.LeftButton)
    assert window.confirm.asking
    where = panel.enter.mapTo(central, panel.enter.rect().bottomLeft())
    assert abs(window.confirm.y() - where.y()) <= 12
    assert window.confirm.geometry().right() <= central.width()


def test_a_refusal_stays_until_the_next_command_says_otherwise(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = start(qtbot, tmp_path / "hall.sqlite")
    window.request("close")
    assert window.message.text() == "Close voting is not possible: no vote is prepared"
    prepare(qtbot, window)
    assert window.message.text() == "A/ES-11/L.5 is prepared as a recorded vote: F5 opens voting"
    click(qtbot, window, "open")
    qtbot.waitUntil(lambda: window.message.text() == "Voting is open on A/ES-11/L.5")


def test_the_desk_remembers_its_size_and_place(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Kept beside the hall's signing key, in a folder kept private: made readable by all, the
    key would be refused at the next close (seen: the journal could not be written)."""
    config = tmp_path / "config"
    monkeypatch.setenv("VOTEBOARD_CONFIG_DIR", str(config))
    path = tmp_path / "hall.sqlite"
    window = start(qtbot, path)
    window.resize(1400, 800)
    window.move(100, 60)
    qtbot.waitUntil(lambda: window.size() == QSize(1400, 800))
    window._closing_confirmed = True
    window.close()  # the place is kept as the window closes
    again = ControlWindow(Controller(open_journal(path)))
    qtbot.addWidget(again, before_close_func=lambda w: setattr(w, "_closing_confirmed", True))
    again.place_on_desk()
    again.show()
    qtbot.waitExposed(again)
    assert again.size() == QSize(1400, 800)
    assert config.stat().st_mode & 0o777 == 0o700
    prepare(qtbot, again)
    click(qtbot, again, "open")
    qtbot.waitUntil(lambda: phase_is(again, Phase.OPEN))
    click(qtbot, again, "close")
    qtbot.waitUntil(lambda: phase_is(again, Phase.CLOSED))
    assert (config / "hall-signing-key.pem").exists()


def test_the_phase_and_roll_call_panels_fed_states_alone(qtbot: QtBot, tmp_path: Path) -> None:
    """Each panel shows the state it is given: here states made by the core on its own, not
    the controller's."""
    from voteboard.core.commands import DrawRollCall, PauseVote
    from voteboard.ui.panels.common import ConfirmBar
    from voteboard.ui.panels.phase import PhasePanel
    from voteboard.ui.panels.rollcall import RollCallPanel

    controller = Controller(open_journal(tmp_path / "hall.sqlite"))
    host = QWidget()
    qtbot.addWidget(host)
    confirm = ConfirmBar(host)
    phase = PhasePanel(controller, confirm)
    roll = RollCallPanel(controller, confirm)
    for panel in (phase, roll):
        panel.setParent(host)
    host.resize(900, 700)
    host.show()
    now = datetime.now(UTC) - timedelta(seconds=42.5)
    session = session_at(now)
    spec = VoteSpec(symbol="A/80/L.3", title="Three", mode=Mode.SECRET)
    session.execute(PrepareVote(at=now, vote="v1", spec=spec))
    phase.show_state(session.state)
    enabled = {a for a, b in phase.buttons.items() if b.isEnabled()}
    assert enabled == {"open", "cancel"}
    assert phase.mode_badge.text() == "SECRET BALLOT"
    assert phase.clock.text() == "--:--"
    session.execute(OpenVote(at=now))
    session.execute(PauseVote(at=now + timedelta(seconds=42)))
    phase.show_state(session.state)
    assert {a for a, b in phase.buttons.items() if b.isEnabled()} == {"resume", "close", "cancel"}
    assert phase.clock.text() == "SUSPENDED AT 00:42"
    # The roll call: the member called is the first of the order who has not answered.
    session = session_at(now)
    session.execute(PrepareVote(at=now, vote="v2", spec=VoteSpec(symbol="A/80/L.4", title="4")))
    session.execute(OpenVote(at=now))
    session.execute(DrawRollCall(at=now, first="SEN"))
    codes = list(un_roster().codes)
    order = codes[codes.index("SEN") :] + codes[: codes.index("SEN")]
    for code in order[:3]:
        session.execute(CastBallot(at=now, member=code, choice=Choice.YES, by_secretariat=True))
    roll.show_state(session.state)
    assert roll.called_member() == order[3]
    assert roll.progress.text().endswith("Called 3 of 193.")
    assert not roll.draw.isEnabled()
    controller.shutdown()


def test_enter_on_the_focused_phase_button_does_what_it_says(qtbot: QtBot, tmp_path: Path) -> None:
    """After Prepare the focus is on Open: Enter opens, as Space and F5 do. Enter on Close
    only asks; the bar's focus is on Back, so a second Enter closes nothing."""
    controller = Controller(open_journal(tmp_path / "hall.sqlite"))
    window = ControlWindow(controller)
    qtbot.addWidget(window, before_close_func=lambda w: setattr(w, "_closing_confirmed", True))
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.prepare.symbol.setText("A/ES-11/L.5")
    window.prepare.title.setPlainText("Territorial integrity of Ukraine")
    qtbot.mouseClick(window.prepare.prepare_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.phase.buttons["open"])
    QTest.keyClick(window.phase.buttons["open"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: phase_is(window, Phase.OPEN))
    close = window.phase.buttons["close"]
    close.setFocus()
    QTest.keyClick(close, Qt.Key.Key_Return)
    assert window.confirm.asking
    assert QApplication.focusWidget() is window.confirm.no
    QTest.keyClick(window.confirm.no, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.confirm.asking)
    assert phase_is(window, Phase.OPEN)
