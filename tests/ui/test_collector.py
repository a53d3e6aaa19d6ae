"""No full garbage collection while a board is seen showing an open vote; as before once none
does."""

from __future__ import annotations

import gc
from datetime import UTC, datetime

from pytestqt.qtbot import QtBot

from voteboard.core.board import Board, board_of_vote
from voteboard.core.commands import CloseVote, OpenVote, PrepareVote
from voteboard.core.model import VoteSpec
from voteboard.core.session import MemoryStore, Session
from voteboard.core.state import AssemblyState
from voteboard.resources import un_roster
from voteboard.ui import collector
from voteboard.ui.board import BoardWidget


def test_full_collections_wait_while_a_board_shows_an_open_vote(qtbot: QtBot) -> None:
    roster = un_roster()
    now = datetime.now(UTC)
    session = Session(MemoryStore(), AssemblyState.initial(roster), clock=lambda: now)
    session.execute(PrepareVote(at=now, vote="v1", spec=VoteSpec(symbol="A/80/L.1", title="One")))
    threshold = gc.get_threshold()

    def board() -> Board:
        vote = session.state.current_vote
        assert vote is not None
        return board_of_vote(vote, roster)

    prepared = board()
    one, two, hidden = BoardWidget(prepared), BoardWidget(prepared), BoardWidget(prepared)
    for widget in (one, two):
        qtbot.addWidget(widget)
        widget.show()
    assert not collector.held()
    session.execute(OpenVote(at=now))
    hidden.set_board(board())
    assert not collector.held()  # not seen: it holds nothing back
    one.set_board(board())
    two.set_board(board())
    assert collector.held()
    assert gc.get_threshold()[:2] == threshold[:2]  # the young generations as before
    assert gc.get_threshold()[2] > 10**6
    session.execute(CloseVote(at=now))
    one.set_board(board())
    assert collector.held()  # the other still shows it open
    two.hide()
    assert not collector.held()
    assert gc.get_threshold() == threshold
    two.show()
    assert collector.held()
    two.deleteLater()
    qtbot.waitUntil(lambda: not collector.held())
    assert gc.get_threshold() == threshold
    hidden.deleteLater()
