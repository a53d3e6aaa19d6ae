"""The hall over the network, in one process: the real control window and its endpoint on a
real loopback socket, a real remote board (the hall display fed by the network) and the
seats' consoles (the fleet: the same protocol, one connection per seat)."""

from __future__ import annotations

import json
import logging
import random
import socket
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from benchmarks.fleet import Fleet
from tests.ui.test_board import CHOICE_COLOURS
from tests.ui.test_control import click, phase_is, prepare
from voteboard.core.model import Choice, Light, Mode, Phase
from voteboard.core.roles import Role
from voteboard.journal.archive import open_journal
from voteboard.net.protocol import Hello
from voteboard.resources import un_roster
from voteboard.ui import display, theme
from voteboard.ui.console import ConsoleWindow
from voteboard.ui.control import ControlWindow
from voteboard.ui.controller import Controller
from voteboard.ui.layout import Panel
from voteboard.ui.network import HallLink, RemoteBoard, RemoteLink
from voteboard.ui.painter import footer_texts
from voteboard.ui.pixels import dominant, near

COLOUR = dict(zip((Choice.YES, Choice.NO, Choice.ABSTAIN), CHOICE_COLOURS, strict=True))


@dataclass
class Hall:
    window: ControlWindow
    link: HallLink
    keys: dict[str, str]
    path: Path

    @property
    def url(self) -> str:
        return self.link.url


@pytest.fixture
def hall(qtbot: QtBot, tmp_path: Path) -> Iterator[Hall]:
    path = tmp_path / "hall.sqlite"
    journal = open_journal(path)
    holders = [(m.code, Role.CONSOLE) for m in journal.roster]
    keys = journal.issue_keys([*holders, ("display", Role.DISPLAY)], at="2026-11-28")
    controller = Controller(journal)
    link = HallLink(controller)
    link.start()
    window = ControlWindow(controller, network=link)
    qtbot.addWidget(window, before_close_func=lambda w: setattr(w, "_closing_confirmed", True))
    window.resize(1920, 1080)
    window.show()
    qtbot.waitExposed(window)
    yield Hall(window, link, keys, path)
    window._closing_confirmed = True
    window.close()


def remote_board(qtbot: QtBot, hall: Hall) -> tuple[display.HallDisplay, RemoteBoard]:
    """A hall board fed over the network, as `voteboard display --connect` makes it."""
    roster = hall.window.controller.roster
    initial = display.initial_board(roster)
    board = display.HallDisplay(initial, Panel.ALL)
    qtbot.addWidget(board)
    hello = Hello(role=Role.DISPLAY, key=hall.keys["display"])
    remote = RemoteBoard(hall.url, hello, initial, parent=board)
    remote.board_changed.connect(board.show_board)
    board.resize(1920, 1080)
    board.show()
    qtbot.waitExposed(board)
    remote.start()
    qtbot.waitUntil(lambda: remote.link.client.connected.is_set())
    return board, remote


def seat_console(qtbot: QtBot, hall: Hall, seat: str) -> tuple[ConsoleWindow, RemoteLink]:
    """A seat's console window and its connection, as `voteboard console` makes them."""
    console = ConsoleWindow(seat, hall.url)
    qtbot.addWidget(console)
    hello = Hello(role=Role.CONSOLE, seat=seat, key=hall.keys[seat])
    link = RemoteLink(hall.url, hello, parent=console)
    console.attach(link)
    console.resize(960, 640)
    console.show()
    link.start()
    return console, link


def ballots(path: Path) -> dict[str, str]:
    """The recorded ballots of the journal, last one per member, read from the file itself."""
    with sqlite3.connect(path) as db:
        rows = db.execute(
            "SELECT body FROM events WHERE kind IN ('ballot_cast', 'ballot_changed') ORDER BY seq"
        )
        return {b["member"]: b["choice"] for b in (json.loads(r[0]) for r in rows)}


def start_fleet(qtbot: QtBot, hall: Hall, displays: int = 0) -> Fleet:
    fleet = Fleet(
        hall.url, hall.keys, seats=list(hall.window.controller.roster.codes), displays=displays
    )
    fleet.start()
    members = len(hall.window.controller.roster)
    qtbot.waitUntil(lambda: len(hall.link.connections["consoles"]) == members)  # type: ignore[arg-type]
    return fleet


def test_193_consoles_vote_within_a_second_durable_acknowledged_and_on_a_remote_board(
    qtbot: QtBot, hall: Hall
) -> None:
    board, link = remote_board(qtbot, hall)
    fleet = start_fleet(qtbot, hall)
    try:
        window = hall.window
        roster = window.controller.roster
        # The control window shows who is connected: the register's column and the tab.
        marks = {
            window.register.cell(r, 0).toolTip() for r in range(window.register.register.rowCount())
        }
        assert marks == {"console connected"}
        assert window.register.register.columnCount() == 3  # a mark beside the name, not a column
        assert window.network_panel is not None
        assert window.network_panel.summary.text().startswith("Consoles 193 of 193")
        assert "remote boards 1" in window.network_panel.summary.text()

        prepare(qtbot, window)
        click(qtbot, window, "open")
        qtbot.waitUntil(lambda: phase_is(window, Phase.OPEN))
        rng = random.Random(4)
        choices = {code: rng.choice(list(Choice)) for code in roster.codes}
        answers = fleet.vote(choices, within_s=1.0, seed=4)
        qtbot.waitUntil(answers.done, timeout=20_000)
        assert {a["type"] for a in answers.result().values()} == {"ack"}
        # Every acknowledged ballot is in the journal's file.
        assert ballots(hall.path) == {code: c.value for code, c in choices.items()}
        # The remote board shows each one, at the place it says it drew each light.
        qtbot.waitUntil(lambda: board.board_widget.board.voted == len(roster))
        image = board.board_widget.grab().toImage()
        for code, choice in choices.items():
            rect = board.board_widget.light_rect(code)
            assert rect is not None
            assert near(dominant(image, rect), COLOUR[choice]), code
        # It is the hall's own board, to the pixel.
        assert board.board_widget.board == window.controller.board
    finally:
        fleet.stop()
        link.stop()


def test_a_secret_ballot_sends_no_message_that_pairs_a_seat_with_a_choice(
    qtbot: QtBot, hall: Hall, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="voteboard.net")
    fleet = start_fleet(qtbot, hall, displays=2)
    try:
        window = hall.window
        roster = window.controller.roster
        prepare(qtbot, window, mode=Mode.SECRET)
        click(qtbot, window, "open")
        qtbot.waitUntil(lambda: phase_is(window, Phase.OPEN))
        rng = random.Random(5)
        choices = {code: rng.choice(list(Choice)) for code in roster.codes}
        answers = fleet.vote(choices, within_s=1.0, seed=5)
        qtbot.waitUntil(answers.done, timeout=20_000)
        assert {a["type"] for a in answers.result().values()} == {"ack"}
        # A second ballot of the same seat is refused, for a reason that names no choice.
        again = fleet.vote({"FRA": Choice.NO}, within_s=0)
        qtbot.waitUntil(again.done, timeout=10_000)
        assert again.result()["FRA"]["type"] == "refused"
        for action in ("close", "lock"):
            click(qtbot, window, action)
            qtbot.waitUntil(lambda: not window.controller.busy)
        qtbot.waitUntil(lambda: phase_is(window, Phase.LOCKED))
        expected = {c.value: sum(1 for x in choices.values() if x is c) for c in Choice}
        qtbot.waitUntil(
            lambda: any(
                m.get("type") == "board" and m["board"]["phase"] == "locked"
                for s in fleet.displays
                for _, m in s.received
            )
        )
    finally:
        fleet.stop()
    received = fleet.everything_received()
    assert len(received) > 2 * len(roster)
    words = {c.value for c in Choice}
    for holder, message in received:
        kind = message["type"]
        if kind == "seat":
            assert message["own"] not in words, (holder, message)
        elif kind == "board":
            board = message["board"]
            assert {m["light"] for m in board["members"]} <= {"voted", "none", "ineligible"}
            totals = board["totals"]
            if board["phase"] in ("open", "paused", "prepared"):
                assert (totals["yes"], totals["no"], totals["abstain"]) == (None, None, None)
        else:
            assert words.isdisjoint(str(value) for value in message.values()), message
    # The totals appear once the vote is closed, and only the totals.
    last = next(m for _, m in reversed(received) if m["type"] == "board")
    assert {k: last["board"]["totals"][k] for k in expected} == expected
    # No log line and no line of the control window's network log names a choice.
    lines = [r.getMessage() for r in caplog.records]
    assert window.network_panel is not None
    lines += [
        window.network_panel.log.item(i).text() for i in range(window.network_panel.log.count())
    ]
    assert any("refused console FRA" in line for line in lines)
    for line in lines:
        assert words.isdisjoint(line.lower().replace(",", " ").replace(":", " ").split()), line


def test_a_console_window_votes_changes_and_shows_its_seat(qtbot: QtBot, hall: Hall) -> None:
    console, link = seat_console(qtbot, hall, "FRA")
    try:
        qtbot.waitUntil(lambda: console.status == "connected")
        assert console.own.text() == "No vote in progress"
        assert not any(b.isEnabled() for b in console.buttons.values())
        window = hall.window
        prepare(qtbot, window)
        qtbot.waitUntil(lambda: console.own.text() == "Voting has not opened yet")
        click(qtbot, window, "open")
        qtbot.waitUntil(lambda: console.buttons[Choice.YES].isEnabled())
        assert console.vote.text() == "A/ES-11/L.5   ·   RECORDED VOTE"
        assert console.phase.text() == "VOTING OPEN"

        qtbot.mouseClick(console.buttons[Choice.YES], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: console.own.text().startswith("Your ballot: YES, recorded"))
        assert ballots(hall.path) == {"FRA": "yes"}
        assert console.buttons[Choice.YES].isChecked()
        light = console.light.grab().toImage()
        assert near(light.pixelColor(36, 20), theme.LIGHT_FILL[Light.YES])
        # A recorded ballot may be changed while the vote is open; the board follows.
        qtbot.mouseClick(console.buttons[Choice.ABSTAIN], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: console.own.text().startswith("Your ballot: ABSTAIN"))
        assert ballots(hall.path) == {"FRA": "abstain"}
        qtbot.waitUntil(
            lambda: (
                window.controller.board.members[roster_index(window, "FRA")].light is Light.ABSTAIN
            )
        )
        # Closed: the buttons go grey, and the console says so.
        click(qtbot, window, "close")
        qtbot.waitUntil(lambda: console.phase.text() == "VOTING CLOSED")
        assert not any(b.isEnabled() for b in console.buttons.values())
    finally:
        link.stop()


def test_a_secret_ballot_on_the_console_asks_once_more_then_never_shows_the_choice(
    qtbot: QtBot, hall: Hall
) -> None:
    console, link = seat_console(qtbot, hall, "BRA")
    try:
        window = hall.window
        prepare(qtbot, window, mode=Mode.SECRET)
        click(qtbot, window, "open")
        qtbot.waitUntil(lambda: console.buttons[Choice.NO].isEnabled())
        qtbot.mouseClick(console.buttons[Choice.NO], Qt.MouseButton.LeftButton)
        assert console.confirm.isVisible()
        assert "cannot be changed" in console.question.text()
        assert not console.buttons[Choice.YES].isEnabled()  # one question at a time
        qtbot.mouseClick(console.confirm_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: console.own.text().startswith("Your ballot has been cast"))
        assert not console.confirm.isVisible()
        texts = [console.own.text(), console.message.text(), console.question.text()]
        words = {w.strip(".,:;?").upper() for t in texts for w in t.split()}
        assert words.isdisjoint({"YES", "NO", "ABSTAIN"}), texts
        assert not any(b.isChecked() or b.isEnabled() for b in console.buttons.values())
        light = console.light.grab().toImage()
        assert near(light.pixelColor(36, 20), theme.LIGHT_FILL[Light.VOTED])
        assert window.controller.vote is not None
        assert "BRA" in window.controller.vote.voted
    finally:
        link.stop()


def roster_index(window: ControlWindow, code: str) -> int:
    return window.controller.roster.codes.index(code)


def test_a_second_connection_for_a_seat_replaces_the_first_and_the_operator_sees_it(
    qtbot: QtBot, hall: Hall
) -> None:
    first = Fleet(hall.url, hall.keys, seats=["CHN"])
    first.start()
    second = Fleet(hall.url, hall.keys, seats=["CHN"])
    try:
        second.start()
        qtbot.waitUntil(lambda: "replaced" in hall.window.message.text())
        assert hall.window.message.text().startswith("Console CHN: a new connection replaced")
        replaced = [m for _, m in first.consoles["CHN"].received if m["type"] == "replaced"]
        assert replaced == [{"type": "replaced"}]
        assert hall.link.connections["consoles"] == ["CHN"]
    finally:
        first.stop()
        second.stop()


def test_a_remote_board_says_when_it_has_lost_the_control_desk(qtbot: QtBot, hall: Hall) -> None:
    board, remote = remote_board(qtbot, hall)
    try:
        prepare(qtbot, hall.window)
        assert hall.window.controller.board.vote.symbol == "A/ES-11/L.5"
        qtbot.waitUntil(lambda: board.board_widget.board == hall.window.controller.board)
        hall.link.stop()
        qtbot.waitUntil(lambda: "lost" in board.board_widget.board.note)
        note = board.board_widget.board.note
        assert note.startswith("Connection to the control desk lost at ")
        assert note.endswith(": reconnecting")
        # The note is drawn in the footer, where the board says it draws it.
        painter_texts = footer_texts(board.board_widget.board)
        assert note in painter_texts[1]
    finally:
        remote.stop()


def test_a_remote_board_that_never_reached_the_control_desk_says_so(qtbot: QtBot) -> None:
    with socket.socket() as closed:  # a port with nobody listening
        closed.bind(("127.0.0.1", 0))
        url = f"ws://127.0.0.1:{closed.getsockname()[1]}"
    initial = display.initial_board(un_roster())
    board = display.HallDisplay(initial, Panel.ALL)
    qtbot.addWidget(board)
    remote = RemoteBoard(url, Hello(role=Role.DISPLAY, key="k" * 32), initial, parent=board)
    remote.board_changed.connect(board.show_board)
    remote.start()
    try:
        assert board.board_widget.board.note == f"Not connected to the control desk yet ({url})"
        assert footer_texts(board.board_widget.board)[1] == board.board_widget.board.note
        qtbot.waitUntil(lambda: "Cannot reach" in board.board_widget.board.note)  # it tried
    finally:
        remote.stop()
