"""The board in each of the six languages, read back from its pixels: every light where the
widget says it drew it, every name inside its own cell and on the screen, Arabic mirrored
(Afghanistan at the top right, each light on its name's right, the words from the right)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QFontMetricsF, QImage
from pytestqt.qtbot import QtBot

from tests.ui.test_board import _secret_board, es_11_4
from voteboard.core.board import Board
from voteboard.core.languages import Language
from voteboard.core.model import Light
from voteboard.core.wording import footer_texts, header_texts
from voteboard.ui import theme
from voteboard.ui.board import BoardWidget
from voteboard.ui.languages import translation
from voteboard.ui.layout import Rect
from voteboard.ui.painter import qrect
from voteboard.ui.pixels import dominant, near

SIZES = [(1280, 720), (3840, 2160)]


def _shown(
    qtbot: QtBot,
    board: Board,
    size: tuple[int, int],
    language: Language,
    *,
    by_language: bool = False,
) -> tuple[BoardWidget, QImage]:
    widget = BoardWidget(board, translation=translation(language, by_language=by_language))
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    return widget, widget.grab().toImage()


def _inked(image: QImage, rect: Rect, ground: QColor = theme.BACKGROUND) -> tuple[int, int] | None:
    """The leftmost and rightmost columns of a rectangle holding ink (not the ground)."""
    box = qrect(rect).toRect().intersected(image.rect())
    ground_rgb = ground.rgb()
    columns = [
        x
        for x in range(box.left(), box.right() + 1)
        if any(image.pixel(x, y) != ground_rgb for y in range(box.top(), box.bottom() + 1, 2))
    ]
    return (columns[0], columns[-1]) if columns else None


def _check_board(widget: BoardWidget, image: QImage, language: Language) -> None:
    board, layout = widget.board, widget.board_layout
    width, height = image.width(), image.height()
    assert len(layout.cells) == len(board.members) == 193
    metrics = QFontMetricsF(theme.font(layout.font_px, language=language))
    areas = []
    slack = max(5.0, layout.font_px * 0.3)  # a glyph's side bearing
    for member, cell in zip(board.members, layout.cells, strict=True):
        assert member.code == cell.code
        # The light where the widget says it drew it, in its colour.
        rect = widget.light_rect(member.code)
        assert rect is not None
        assert near(dominant(image, rect), theme.LIGHT_FILL[member.light]), (language, member)
        # Everything on the screen, the name fitting its room beside the light.
        for part in (cell.light, cell.name):
            assert part.x >= 0
            assert part.right <= width
            assert part.y >= 0
            assert part.bottom <= height
        assert metrics.horizontalAdvance(cell.text) <= cell.name.w + 0.5, (language, cell.text)
        # The name is drawn (not blank), its ink within its own room and next to the light.
        inked = _inked(image, cell.name)
        assert inked is not None, (language, cell.text)
        if language.right_to_left:
            assert cell.light.x > cell.name.right - 1
            assert cell.name.right - inked[1] <= slack, (cell.text, inked, cell.name)
        else:
            assert cell.light.right < cell.name.x + 1
            assert inked[0] - cell.name.x <= slack, (cell.text, inked, cell.name)
        areas.append(cell.area)
    # No two members' cells overlap.
    for i, a in enumerate(areas):
        for b in areas[i + 1 : i + 40]:
            assert (
                a.right <= b.x + 0.01
                or b.right <= a.x + 0.01
                or a.bottom <= b.y + 0.01
                or (b.bottom <= a.y + 0.01)
            ), (a, b)
    first = layout.cells[0]
    assert first.code == "AFG"
    if language.right_to_left:
        # Afghanistan at the top right: the first column is the rightmost.
        assert first.light.right == max(c.light.right for c in layout.cells)
        assert first.light.y == min(c.light.y for c in layout.cells)
    else:
        assert first.light.x == min(c.light.x for c in layout.cells)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("language", list(Language), ids=str)
def test_es_11_4_in_each_language(qtbot: QtBot, language: Language, size: tuple[int, int]) -> None:
    widget, image = _shown(qtbot, es_11_4(), size, language)
    _check_board(widget, image, language)
    board = widget.board
    assert board.language is language
    first, second = footer_texts(board)
    assert "143" in first
    assert "99" in second
    # The totals' line starts where the language starts a line: at the right in Arabic.
    footer = widget.board_layout.footer
    inked = _inked(image, Rect(footer.x, footer.y, footer.w, footer.h * 0.5), theme.BAND)
    assert inked is not None
    if language.right_to_left:
        assert footer.right - inked[1] < footer.h * 0.3 < inked[0]
    else:
        assert inked[0] < footer.h * 0.3 < footer.right - inked[1]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("language", list(Language), ids=str)
def test_an_open_secret_ballot_in_each_language(
    qtbot: QtBot, language: Language, size: tuple[int, int]
) -> None:
    widget, image = _shown(qtbot, _secret_board(), size, language)
    _check_board(widget, image, language)
    board = widget.board
    assert {m.light for m in board.members} <= {Light.VOTED, Light.NONE, Light.INELIGIBLE}
    assert board.totals.yes is None
    assert header_texts(board, None)[3].startswith(language.words.secret_ballot)
    assert footer_texts(board)[0] == language.words.voted_of.format(voted=150, members=193)


@pytest.mark.parametrize("language", [Language.FR, Language.RU, Language.ZH, Language.AR], ids=str)
def test_the_language_order_moves_the_names_and_keeps_every_light(
    qtbot: QtBot, language: Language
) -> None:
    board = es_11_4()
    widget, image = _shown(qtbot, board, (1920, 1080), language, by_language=True)
    _check_board_order(widget, image, board)


def _check_board_order(widget: BoardWidget, image: QImage, made: Board) -> None:
    shown = widget.board
    assert [m.code for m in shown.members] != [m.code for m in made.members]
    assert sorted(m.code for m in shown.members) == sorted(m.code for m in made.members)
    lights = {m.code: m.light for m in made.members}
    for member in shown.members:
        rect = widget.light_rect(member.code)
        assert rect is not None
        assert near(dominant(image, rect), theme.LIGHT_FILL[lights[member.code]]), member


def test_french_order_by_collation() -> None:
    """Égypte sorts among the E's in French, not after Z (QCollator, not code points)."""
    board = translation(Language.FR, by_language=True)(es_11_4())
    names = [m.name for m in board.members]
    egypt = next(n for n in names if n.startswith("Égypte"))
    assert names.index("Équateur") < names.index("Espagne") < names.index("Estonie")
    assert names.index(egypt) < names.index("El Salvador")


def test_an_arabic_board_begins_on_the_right_hand_screen(qtbot: QtBot) -> None:
    """Read from the right, the first half of the roster is on the right-hand panel."""
    from voteboard.ui.layout import Panel

    shown = {}
    for panel in (Panel.LEFT, Panel.RIGHT):
        widget = BoardWidget(es_11_4(), panel, translation=translation(Language.AR))
        qtbot.addWidget(widget)
        widget.resize(1280, 720)
        shown[panel] = widget
    assert shown[Panel.RIGHT].light_rect("AFG") is not None
    assert shown[Panel.RIGHT].light_rect("ZWE") is None
    assert shown[Panel.LEFT].light_rect("ZWE") is not None
    assert (
        len(shown[Panel.LEFT].board_layout.cells) + len(shown[Panel.RIGHT].board_layout.cells)
        == 193
    )
