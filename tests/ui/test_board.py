"""What the board draws, read back from its pixels at the places it says it drew them."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from tests.process import voteboard
from voteboard.core.board import Board, board_of_record, board_of_vote
from voteboard.core.commands import CastBallot, CloseVote, LockVote, OpenVote, PrepareVote
from voteboard.core.model import Choice, Light, Mode, VoteSpec
from voteboard.core.session import MemoryStore, Session
from voteboard.core.state import AssemblyState
from voteboard.journal.archive import open_journal, shipped_votes
from voteboard.resources import un_roster
from voteboard.ui import theme
from voteboard.ui.board import BoardWidget
from voteboard.ui.layout import Panel
from voteboard.ui.painter import footer_texts
from voteboard.ui.pixels import dominant, near

CHOICE_COLOURS = [theme.LIGHT_FILL[light] for light in (Light.YES, Light.NO, Light.ABSTAIN)]


def light_rect(widget: BoardWidget, code: str) -> QRectF:
    """Where the light of a member on the widget's panel is drawn."""
    rect = widget.light_rect(code)
    assert rect is not None, f"{code} is not on this panel"
    return rect


def es_11_4() -> Board:
    return board_of_record(shipped_votes()[3], un_roster())


def shown(
    qtbot: QtBot, board: Board, size: tuple[int, int], panel: Panel = Panel.ALL
) -> tuple[BoardWidget, QImage]:
    widget = BoardWidget(board, panel)
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    return widget, widget.grab().toImage()


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_every_light_of_es_11_4_has_its_members_colour(qtbot: QtBot, size: tuple[int, int]) -> None:
    board = es_11_4()
    widget, image = shown(qtbot, board, size)
    assert (image.width(), image.height()) == size
    for member in board.members:
        rect = widget.light_rect(member.code)
        assert rect is not None
        assert near(dominant(image, rect), theme.LIGHT_FILL[member.light]), member.code
    lights = Counter(m.light for m in board.members)
    assert (lights[Light.YES], lights[Light.NO], lights[Light.ABSTAIN]) == (143, 5, 35)


def test_the_totals_and_the_arithmetic_are_in_the_footer() -> None:
    first, second = footer_texts(es_11_4())
    assert first == "YES 143    NO 5    ABSTENTIONS 35    NON-VOTING 10"
    assert second == "Required: two-thirds of 148 present and voting = 99. Yes 143: ADOPTED"


def _secret_board() -> Board:
    roster = un_roster()
    now = datetime(2022, 10, 10, 15, tzinfo=UTC)
    session = Session(MemoryStore(), AssemblyState.initial(roster), clock=lambda: now)
    spec = VoteSpec(symbol="A/ES-11/L.5", title="Secret ballot", mode=Mode.SECRET)
    session.execute(PrepareVote(at=now, vote="v1", spec=spec))
    session.execute(OpenVote(at=now))
    for index, code in enumerate(roster.codes[:150]):
        session.execute(
            CastBallot(
                at=now + timedelta(seconds=index), member=code, choice=list(Choice)[index % 3]
            )
        )
    vote = session.state.current_vote
    assert vote is not None
    return board_of_vote(vote, roster)


def test_an_open_secret_ballot_shows_no_choice_colour_and_no_totals(qtbot: QtBot) -> None:
    board = _secret_board()
    widget, image = shown(qtbot, board, (1920, 1080))
    for member in board.members[:150]:
        rect = widget.light_rect(member.code)
        assert rect is not None
        assert near(dominant(image, rect), theme.LIGHT_FILL[Light.VOTED])
    coloured = sum(
        1
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
        if any(near(QColor.fromRgb(image.pixel(x, y)), c, 40) for c in CHOICE_COLOURS)
    )
    assert coloured == 0
    assert footer_texts(board)[0] == "VOTED 150 OF 193"


def test_a_ballot_repaints_its_light(qtbot: QtBot) -> None:
    board = es_11_4()
    widget, _ = shown(qtbot, board, (1280, 720))
    members = list(board.members)
    index = next(i for i, m in enumerate(members) if m.code == "AZE")
    assert members[index].light is Light.NONE
    members[index] = members[index].model_copy(update={"light": Light.NO})
    widget.set_board(board.model_copy(update={"members": tuple(members)}))
    qtbot.waitUntil(
        lambda: near(
            dominant(widget.grab().toImage(), light_rect(widget, "AZE")), theme.LIGHT_FILL[Light.NO]
        )
    )


def test_the_two_panels_split_the_roster(qtbot: QtBot) -> None:
    board = es_11_4()
    left, _ = shown(qtbot, board, (1280, 720), Panel.LEFT)
    right, _ = shown(qtbot, board, (1280, 720), Panel.RIGHT)
    assert left.light_rect("AFG") is not None
    assert left.light_rect("ZWE") is None
    assert right.light_rect("ZWE") is not None
    assert right.light_rect("AFG") is None
    assert len(left.board_layout.cells) + len(right.board_layout.cells) == 193


def test_board_png_is_the_same_board_headless(tmp_path: Path) -> None:
    target = tmp_path / "es-11-4.png"
    open_journal(tmp_path / "new.sqlite").close()  # a new hall's journal: the shipped votes
    result = voteboard(
        "board",
        "A/RES/ES-11/4",
        "--png",
        str(target),
        "--size",
        "1280x720",
        "--journal",
        str(tmp_path / "new.sqlite"),
        "--json",
    )
    board = json.loads(result.stdout)
    image = QImage(str(target))
    assert (image.width(), image.height()) == (1280, 720)
    from voteboard.ui.painter import board_layout

    layout = board_layout(es_11_4(), 1280, 720)
    lights = {m["code"]: Light(m["light"]) for m in board["members"]}
    for cell in layout.cells:
        rect = QRectF(cell.light.x, cell.light.y, cell.light.w, cell.light.h)
        assert near(dominant(image, rect), theme.LIGHT_FILL[lights[cell.code]]), cell.code


@pytest.mark.parametrize("size", [(1080, 1920), (720, 1280), (3840, 2160), (1280, 720)])
def test_the_bands_texts_are_never_cut_at_the_screens_edge(
    qtbot: QtBot, size: tuple[int, int]
) -> None:
    """On a portrait screen the header and footer are narrow: their texts shrink to fit, so
    the band's right margin stays clear (text cut at the edge would paint into it)."""
    widget, image = shown(qtbot, es_11_4(), size)
    layout = widget.board_layout
    for band in (layout.header, layout.footer):
        margin = band.h * 0.1
        clear = {
            image.pixel(x, y)
            for x in range(int(band.right - margin), int(band.right))
            for y in range(int(band.y), int(band.bottom))
        }
        assert clear == {theme.BAND.rgb()}, (size, band)
    assert all(cell.light.x >= 0 and cell.name.right <= size[0] for cell in layout.cells)


def test_the_lock_repaints_the_footer_that_said_provisional(qtbot: QtBot) -> None:
    """A lock changes no light and no total, but the footer's words and colour: it is
    repainted (the widget's backing store, not a fresh grab, is what the hall sees)."""
    roster = un_roster()
    now = datetime(2022, 10, 12, 15, tzinfo=UTC)
    session = Session(MemoryStore(), AssemblyState.initial(roster), clock=lambda: now)
    session.execute(PrepareVote(at=now, vote="v1", spec=VoteSpec(symbol="A/80/L.1", title="One")))
    session.execute(OpenVote(at=now))
    session.execute(CastBallot(at=now, member="FRA", choice=Choice.YES))
    session.execute(CloseVote(at=now))
    vote = session.state.current_vote
    assert vote is not None
    widget = BoardWidget(board_of_vote(vote, roster))
    qtbot.addWidget(widget)
    widget.resize(1280, 720)
    widget.show()
    qtbot.waitExposed(widget)
    assert footer_texts(widget.board)[1].endswith("(PROVISIONAL)")
    session.execute(LockVote(at=now))
    locked = session.state.last_vote
    assert locked is not None
    footer = widget.board_layout.footer
    with qtbot.waitSignal(widget.painted) as painted:
        widget.set_board(board_of_vote(locked, roster))
    rect = painted.args[0]
    assert rect.contains(int(footer.x + 1), int(footer.y + 1))
    assert rect.contains(int(footer.right - 1), int(footer.bottom - 1))


def test_an_imported_votes_image_shows_its_day() -> None:
    """`board --png` of a vote of the UN's records: it has no timing, and its header says the
    day it was taken, as the replay's does."""
    from voteboard.cli.common import moment_of
    from voteboard.core.board import board_of_record
    from voteboard.journal.archive import shipped_votes
    from voteboard.journal.store import Journal
    from voteboard.resources import un_roster
    from voteboard.ui.painter import header_texts

    record = shipped_votes()[3]  # A/RES/ES-11/4, 12 October 2022
    with Journal.in_memory(un_roster()) as journal:
        moment = moment_of(journal, record, None)
        board = board_of_record(record, journal.roster)
    assert header_texts(board, moment)[3] == "RECORDED VOTE   12 October 2022"
