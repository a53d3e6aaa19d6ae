"""The controller's journal thread: the ballots that wait together are made durable in one
commit, each acknowledged once durable, in the order given, a refused one alone refused."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from voteboard.core.commands import CastBallot
from voteboard.core.model import Choice, Phase, VoteSpec
from voteboard.journal.archive import open_journal
from voteboard.ui.controller import Controller, Origin


def test_ballots_waiting_together_are_made_durable_in_one_commit(
    qtbot: QtBot, tmp_path: Path
) -> None:
    journal = open_journal(tmp_path / "hall.sqlite")
    controller = Controller(journal)
    try:
        assert controller.prepare(VoteSpec(symbol="A/80/L.1", title="One"))
        qtbot.waitUntil(lambda: controller.can("open"))
        assert controller.phase("open")
        qtbot.waitUntil(lambda: controller.wait_idle() and not controller.busy)
        vote = controller.vote
        assert vote is not None
        assert vote.phase is Phase.OPEN
        codes = [c for c in controller.roster.codes if c not in vote.ineligible][:21]
        commits: list[str] = []
        journal._db.set_trace_callback(lambda sql: commits.append(sql) if sql == "COMMIT" else None)
        told: list[tuple[str, str | None]] = []
        entered, release = threading.Event(), threading.Event()

        def first(error: str | None) -> None:  # in the journal's thread: it waits here
            told.append((codes[0], error))
            entered.set()
            assert release.wait(30)

        def ballot(code: str, choice: Choice = Choice.YES) -> CastBallot:
            return CastBallot(at=controller.now(), member=code, choice=choice)

        controller.submit(ballot(codes[0]), Origin.CONSOLE, on_done=first)
        assert entered.wait(30)
        durable = len(commits)  # the first ballot's

        def answer(code: str) -> Callable[[str | None], None]:
            return lambda error: told.append((code, error))

        # These wait while the journal's thread is held: then they go in one commit.
        for code in [*codes[1:10], "XXX", *codes[10:]]:
            controller.submit(ballot(code, Choice.NO), Origin.CONSOLE, on_done=answer(code))
        release.set()
        qtbot.waitUntil(lambda: len(told) == 22 and controller.wait_idle())
        assert commits[durable:] == ["COMMIT"]
        assert [code for code, _ in told] == [codes[0], *codes[1:10], "XXX", *codes[10:]]
        refused = [(code, error) for code, error in told if error is not None]
        assert [code for code, _ in refused] == ["XXX"]
        shown = controller.vote
        assert shown is not None
        assert set(shown.voted) == set(codes)
        assert all(shown.ballots[code] is Choice.NO for code in codes[1:])
    finally:
        controller.shutdown()
    with open_journal(tmp_path / "hall.sqlite") as reopened:
        assert set(reopened.state().votes[vote.id].voted) == set(codes)
