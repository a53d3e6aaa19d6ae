"""The control desk when its journal is taken away (moved, replaced, unmounted): the desk says
so at once, acknowledges nothing more, and the ballots it acknowledged are in the file that
was written (tests/journal/test_place.py attacks the journal itself, without Qt)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.journal.test_place import EVENTS, acknowledged_in, beside, places
from voteboard.core.model import Choice, Mode, VoteSpec
from voteboard.journal.archive import open_journal
from voteboard.ui.controller import Controller

__all__ = ["places"]  # the fixture, shared with the journal's own tests


def voted(controller: Controller) -> set[str]:
    vote = controller.vote
    return set() if vote is None else set(vote.voted)


@pytest.mark.parametrize("event", list(EVENTS))
def test_the_controller_announces_a_lost_journal_and_refuses_what_follows(
    qtbot: QtBot, tmp_path: Path, places: tuple[Path, bytes], event: str
) -> None:
    journal, _ = places
    controller = Controller(open_journal(journal))
    try:
        controller.prepare(
            VoteSpec(symbol="S/9", title="Election", mode=Mode.SECRET), unusual_symbol=True
        )
        qtbot.waitUntil(lambda: controller.can("open"))
        controller.phase("open")
        qtbot.waitUntil(lambda: controller.can("close"))
        controller.cast("FRA", Choice.YES, by_secretariat=False)
        qtbot.waitUntil(lambda: voted(controller) == {"FRA"})
        os.link(journal, tmp_path / "held.sqlite")
        # No command is sent: the desk is told by watching the file.
        with qtbot.waitSignal(controller.failed, timeout=3000) as lost:
            orphan = EVENTS[event](journal, tmp_path)
        assert lost.args is not None
        assert str(journal) in lost.args[0]
        assert "stopped" in lost.args[0]
        # A ballot sent now is refused, and shown nowhere.
        with qtbot.waitSignal(controller.failed, timeout=3000) as refused:
            controller.cast("DEU", Choice.NO, by_secretariat=False)
        assert refused.args is not None
        assert str(journal) in refused.args[0]
        qtbot.waitUntil(controller.wait_idle)
        assert voted(controller) == {"FRA"}
    finally:
        controller.shutdown()
    assert acknowledged_in(orphan, "secret") == [("FRA", "voted")], (
        f"the ballot acknowledged is not in the file written; left at the journal's old "
        f"name: {beside(journal)}"
    )
