"""The desk's hall board in another language: chosen in the Hall screen box (by keyboard), the
preview and the hall board change together, lights kept; the record's language beside the PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from voteboard.core.languages import Language
from voteboard.core.model import Choice, Light, Phase
from voteboard.ui import theme
from voteboard.ui.pixels import dominant, near

from .test_board import light_rect
from .test_control import click, phase_is, prepare, start


def test_the_hall_language_changes_the_preview_and_the_hall(qtbot: QtBot, tmp_path: Path) -> None:
    window = start(qtbot, tmp_path / "hall.sqlite")
    try:
        window.show_hall_board()
        assert window.hall is not None
        prepare(qtbot, window)
        click(qtbot, window, "open")
        qtbot.waitUntil(lambda: phase_is(window, Phase.OPEN))
        window.controller.cast("FRA", Choice.YES, by_secretariat=True)
        qtbot.waitUntil(lambda: window.preview.board.members[0].code == "AFG")
        # The keyboard alone: focus the language box, and type to choose Русский.
        window.hall_language.setFocus()
        index = list(Language).index(Language.RU)
        qtbot.keyClick(window.hall_language, Qt.Key.Key_End)
        while window.hall_language.currentIndex() != index:
            qtbot.keyClick(window.hall_language, Qt.Key.Key_Up)
        for widget in (window.preview, window.hall.board_widget):
            board = widget.board
            assert board.language is Language.RU
            names = {m.code: m.name for m in board.members}
            assert names["FRA"] == "Франция"
        hall = window.hall.board_widget
        qtbot.waitUntil(
            lambda: near(
                dominant(hall.grab().toImage(), light_rect(hall, "FRA")),
                theme.LIGHT_FILL[Light.YES],
            )
        )
        # A ballot after the change arrives in the chosen language too.
        window.controller.cast("DEU", Choice.NO, by_secretariat=True)
        qtbot.waitUntil(lambda: {m.code: m.light for m in hall.board.members}["DEU"] == "no")
        assert {m.code: m.name for m in hall.board.members}["DEU"] == "Германия"
        assert window.preview.board.language is Language.RU
    finally:
        window._closing_confirmed = True
        window.close()
