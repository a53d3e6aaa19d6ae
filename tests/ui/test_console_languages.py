"""A delegation's console in the six languages: every word it shows is the language's (its own
catalog's, and the board's mode and phase banner), its fonts are the language's, a secret
ballot's question is asked in it, and in Arabic the whole window reads from right to left, the
Yes button at the right. The console is fed as its connection feeds it (`show_status`,
`show_message`), without a desk behind it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from voteboard.core.languages import Language
from voteboard.core.model import Choice, Light, Mode, Phase
from voteboard.core.names import LocalName, MemberNames, Names
from voteboard.core.record_words import CONSOLE_WORDS, ConsoleWords
from voteboard.net.client import LinkStatus
from voteboard.net.protocol import Ack, Replaced, SeatState
from voteboard.ui import theme
from voteboard.ui.console import ConsoleWindow

LANGUAGES = list(Language)
URL = "wss://127.0.0.1:1/"
FRANCE = {
    Language.EN: "France",
    Language.FR: "France",
    Language.ES: "Francia",
    Language.RU: "Франция",
    Language.ZH: "法国",
    Language.AR: "فرنسا",
}
NAMES = Names(
    languages={
        language: {"FRA": MemberNames(today=LocalName(name=name))}
        for language, name in FRANCE.items()
        if language is not Language.EN
    }
)


def seat(
    mode: Mode = Mode.RECORDED,
    phase: Phase | None = Phase.OPEN,
    own: Light = Light.NONE,
    *,
    can_vote: bool = True,
) -> SeatState:
    return SeatState(
        seat="FRA",
        name="France",
        symbol="A/ES-11/L.5",
        title="Territorial integrity of Ukraine",
        mode=mode,
        phase=phase,
        can_vote=can_vote,
        own=own,
    )


def console(qtbot: QtBot, language: Language) -> ConsoleWindow:
    window = ConsoleWindow("FRA", URL, language, names=NAMES)
    qtbot.addWidget(window)
    window.resize(960, 640)
    window.show()
    return window


def shown(window: ConsoleWindow) -> set[str]:
    """Every text the window shows: its labels' and its buttons', and its title."""
    texts = {window.windowTitle()}
    widgets: list[QLabel | QPushButton] = [
        *window.findChildren(QLabel),
        *window.findChildren(QPushButton),
    ]
    for widget in widgets:
        if widget.isVisibleTo(window) and widget.text():
            texts.add(widget.text())
    return texts


def catalog_texts(words: ConsoleWords, language: Language) -> set[str]:
    """Every text the console may show in a language, its values put in."""
    board = language.words
    chosen = words.chosen
    texts = {
        words.window_title.format(seat="FRA"),
        words.seat_name.format(name=FRANCE[language], seat="FRA"),
        *words.buttons.values(),
        words.cast_it,
        words.back,
        words.connecting,
        words.connected,
        words.reconnecting,
        words.refused,
        words.replaced,
        words.replaced_here,
        words.sending,
        words.recorded,
        words.no_vote,
        words.ineligible,
        words.not_open,
        words.not_voted,
        words.did_not_vote,
        words.secret_cast,
        *(words.confirm.format(choice=chosen[c]) for c in Choice),
        *(
            words.own_ballot.format(choice=chosen[c], change=change)
            for c in Choice
            for change in (words.may_change, "")
        ),
        *(
            words.vote_line.format(symbol="A/ES-11/L.5", mode=mode)
            for mode in (board.recorded_vote, board.secret_ballot)
        ),
        *board.phases.values(),
        "Territorial integrity of Ukraine",  # the vote's title, as it was written
        "FRA",
    }
    return texts


def walk(qtbot: QtBot, window: ConsoleWindow) -> list[set[str]]:
    """The console through a recorded vote and a secret ballot: what it shows at each step."""
    seen = [shown(window)]
    window.show_status(LinkStatus.CONNECTED)
    window.show_message(seat(phase=Phase.PREPARED, can_vote=False))
    seen.append(shown(window))
    window.show_message(seat())
    seen.append(shown(window))
    with qtbot.waitSignal(window.cast_requested) as cast:
        window.press(Choice.YES)
    assert cast.args == [Choice.YES]
    seen.append(shown(window))
    window.show_message(Ack(ref=1))
    seen.append(shown(window))
    window.show_message(seat(own=Light.YES))
    seen.append(shown(window))
    window.show_message(seat(phase=Phase.CLOSED, own=Light.YES, can_vote=False))
    seen.append(shown(window))
    window.show_message(seat(Mode.SECRET))
    window.press(Choice.ABSTAIN)
    seen.append(shown(window))
    with qtbot.waitSignal(window.cast_requested) as cast:
        window.confirm_button.click()
    assert cast.args == [Choice.ABSTAIN]
    window.show_message(Ack(ref=2))
    window.show_message(seat(Mode.SECRET, own=Light.VOTED, can_vote=False))
    seen.append(shown(window))
    window.show_message(seat(own=Light.INELIGIBLE, can_vote=False))
    seen.append(shown(window))
    for status in (LinkStatus.RECONNECTING, LinkStatus.REFUSED, LinkStatus.REPLACED):
        window.show_status(status)
        seen.append(shown(window))
    window.show_message(Replaced())
    seen.append(shown(window))
    return seen


@pytest.mark.parametrize("language", LANGUAGES, ids=str)
def test_every_text_of_the_console_is_in_its_language(qtbot: QtBot, language: Language) -> None:
    window = console(qtbot, language)
    words = CONSOLE_WORDS[language]
    expected = catalog_texts(words, language)
    seen = walk(qtbot, window)
    for texts in seen:
        assert texts <= expected, texts - expected
    everything = set().union(*seen)
    # Each step said what the catalog says for it.
    for text in (
        words.window_title.format(seat="FRA"),
        words.seat_name.format(name=FRANCE[language], seat="FRA"),
        words.connecting,
        words.no_vote,
        words.not_open,
        words.not_voted,
        words.sending,
        words.recorded,
        words.own_ballot.format(choice=words.chosen[Choice.YES], change=words.may_change),
        words.own_ballot.format(choice=words.chosen[Choice.YES], change=""),
        words.confirm.format(choice=words.chosen[Choice.ABSTAIN]),
        words.cast_it,
        words.back,
        words.secret_cast,
        words.ineligible,
        words.reconnecting,
        words.refused,
        words.replaced,
        words.replaced_here,
        language.words.phases[Phase.OPEN],
        language.words.phases[Phase.CLOSED],
        words.vote_line.format(symbol="A/ES-11/L.5", mode=language.words.recorded_vote),
        words.vote_line.format(symbol="A/ES-11/L.5", mode=language.words.secret_ballot),
        *words.buttons.values(),
    ):
        assert text in everything, text
    if language is not Language.EN:  # no English word left (a text without letters aside)
        english = catalog_texts(CONSOLE_WORDS[Language.EN], Language.EN)
        left = {t for t in everything & english if any(c.isalpha() for c in t)}
        # The vote's title as written; France and No are French and Spanish words too.
        assert left <= {"Territorial integrity of Ukraine", "FRA", "France (FRA)", "No"}, left


def test_the_english_console_says_what_it_always_said(qtbot: QtBot) -> None:
    window = ConsoleWindow("FRA", URL)
    qtbot.addWidget(window)
    assert window.windowTitle() == "voteboard: console of FRA"
    assert [b.text() for b in window.buttons.values()] == ["Yes", "No", "Abstain"]
    window.show_status(LinkStatus.CONNECTED)
    window.show_message(seat(Mode.SECRET))
    assert window.connection.text() == "Connected to the control desk"
    assert window.vote.text() == "A/ES-11/L.5   ·   SECRET BALLOT"
    assert window.phase.text() == "VOTING OPEN"
    assert window.name.text() == "France (FRA)"  # the desk's name: no catalog given
    window.press(Choice.NO)
    assert window.question.text() == (
        "Cast NO in this secret ballot? It cannot be changed once cast."
    )


@pytest.mark.parametrize("language", LANGUAGES, ids=str)
def test_a_secret_ballot_is_confirmed_in_the_language_and_leaves_no_trace(
    qtbot: QtBot, language: Language
) -> None:
    window = console(qtbot, language)
    words = CONSOLE_WORDS[language]
    window.show_status(LinkStatus.CONNECTED)
    window.show_message(seat(Mode.SECRET))
    window.press(Choice.NO)
    assert window.confirm.isVisible()
    assert window.question.text() == words.confirm.format(choice=words.chosen[Choice.NO])
    assert window.confirm_button.text() == words.cast_it
    assert not window.buttons[Choice.YES].isEnabled()  # one question at a time
    with qtbot.waitSignal(window.cast_requested):
        qtbot.mouseClick(window.confirm_button, Qt.MouseButton.LeftButton)
    window.show_message(Ack(ref=1))
    window.show_message(seat(Mode.SECRET, own=Light.VOTED, can_vote=False))
    assert not window.confirm.isVisible()
    assert window.own.text() == words.secret_cast
    assert not window.question.text()  # the choice named nowhere any more
    said = {words.confirm.format(choice=words.chosen[Choice.NO])}
    said |= {
        words.own_ballot.format(choice=words.chosen[Choice.NO], change=c)
        for c in ("", words.may_change)
    }
    assert not shown(window) & said
    assert not any(button.isChecked() for button in window.buttons.values())


def _x(window: ConsoleWindow, choice: Choice) -> int:
    return window.buttons[choice].mapTo(window, QPoint(0, 0)).x()


@pytest.mark.parametrize("language", LANGUAGES, ids=str)
def test_the_console_is_laid_out_in_the_languages_direction_and_fonts(
    qtbot: QtBot, language: Language
) -> None:
    window = console(qtbot, language)
    window.show_status(LinkStatus.CONNECTED)
    window.show_message(seat())
    qtbot.waitExposed(window)
    rtl = language.right_to_left
    expected = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
    assert window.layoutDirection() is expected
    for widget in (window.own, window.buttons[Choice.YES], window.confirm_button):
        assert widget.layoutDirection() is expected
        assert widget.font().families() == list(theme.families(language))
    yes, no, abstain = (_x(window, c) for c in (Choice.YES, Choice.NO, Choice.ABSTAIN))
    if rtl:  # Yes at the right, as Arabic reads: the first
        assert yes > no > abstain
        # Every line starts at the right, a symbol in Latin letters too.
        labels = window.findChildren(QLabel)
        assert all(label.alignment() & Qt.AlignmentFlag.AlignRight for label in labels)
        # The seat's name at the right, its link's state at the left.
        assert window.name.mapTo(window, QPoint(0, 0)).x() > window.connection.x()
    else:
        assert yes < no < abstain
        assert window.name.mapTo(window, QPoint(0, 0)).x() < window.connection.x()
    # The buttons' words fit them (a longer word in another language is not cut).
    for button in window.buttons.values():
        assert button.fontMetrics().horizontalAdvance(button.text()) < button.width()
