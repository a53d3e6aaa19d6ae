"""A delegation's console in each of the six languages: its buttons, its phase and its
questions in the language, every glyph from a shipped font, and in Arabic the window from the
right (the Yes button at the right, where an Arabic reader starts)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextLayout
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from voteboard.core.languages import Language
from voteboard.core.model import Choice, Light, Mode, Phase
from voteboard.core.record_words import console_words
from voteboard.net.client import LinkStatus
from voteboard.net.protocol import SeatState
from voteboard.ui import theme
from voteboard.ui.console import ConsoleWindow


def _console(qtbot: QtBot, language: Language, mode: Mode = Mode.RECORDED) -> ConsoleWindow:
    console = ConsoleWindow("FRA", "ws://127.0.0.1:1", language)
    qtbot.addWidget(console)
    console.resize(960, 640)
    console.show()
    qtbot.waitExposed(console)
    console.show_status(LinkStatus.CONNECTED)
    console.show_message(
        SeatState(
            seat="FRA",
            name="France",
            symbol="A/ES-11/L.5",
            title="Territorial integrity of Ukraine",
            mode=mode,
            phase=Phase.OPEN,
            can_vote=True,
            own=Light.NONE,
        )
    )
    return console


def _families_drawing(text: str, language: Language) -> set[str]:
    layout = QTextLayout(text, theme.font(24, False, language))
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return {run.rawFont().familyName() for run in layout.glyphRuns()}


@pytest.mark.parametrize("language", list(Language), ids=str)
def test_the_console_speaks_the_delegations_language(qtbot: QtBot, language: Language) -> None:
    console = _console(qtbot, language)
    words = console_words(language)
    for choice in Choice:
        assert console.buttons[choice].text() == words.buttons[choice]
    shown = [w.text() for w in console.findChildren(QLabel) + console.findChildren(QPushButton)]
    assert language.words.phases[Phase.OPEN] in shown or any(
        language.words.phases[Phase.OPEN] in text for text in shown
    )
    # Every text on the console drawn by the fonts voteboard ships.
    for text in shown:
        if text.strip():
            assert _families_drawing(text, language) <= theme.SHIPPED_FAMILIES, text
    yes, no = console.buttons[Choice.YES], console.buttons[Choice.NO]
    if language.right_to_left:
        assert console.isRightToLeft()
        # Every line starts at the right, a symbol in Latin letters too.
        assert all(
            label.alignment() & Qt.AlignmentFlag.AlignRight
            for label in console.findChildren(QLabel)
        )
        assert (
            yes.mapTo(console, yes.rect().center()).x() > no.mapTo(console, no.rect().center()).x()
        )
    else:
        assert (
            yes.mapTo(console, yes.rect().center()).x() < no.mapTo(console, no.rect().center()).x()
        )


@pytest.mark.parametrize("language", list(Language), ids=str)
def test_a_secret_ballot_is_asked_again_in_the_language(qtbot: QtBot, language: Language) -> None:
    console = _console(qtbot, language, Mode.SECRET)
    words = console_words(language)
    sent: list[Choice] = []
    console.cast_requested.connect(sent.append)
    console.press(Choice.ABSTAIN)
    assert sent == []
    assert console.question.text() == words.confirm.format(choice=words.chosen[Choice.ABSTAIN])
    assert console.confirm_button.text() == words.cast_it
    console.confirm_button.click()
    assert sent == [Choice.ABSTAIN]
    assert console.question.text() == ""
