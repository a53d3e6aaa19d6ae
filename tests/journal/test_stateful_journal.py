"""The random command sequences of the core's stateful test, on a real journal file: every
invariant is checked on the events as the file holds them, and at the end what is reopened is
what was live, the chain verifies (the sealed urns with it), and the urn of every secret
ballot that ended was destroyed while the urns of open ones hold one sealed ballot per member
that voted."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import settings

from tests.core.test_stateful import ROSTER, VoteMachine
from voteboard.core.events import Event
from voteboard.core.model import Phase
from voteboard.core.session import Session
from voteboard.core.state import AssemblyState
from voteboard.journal.store import Journal


class JournalVoteMachine(VoteMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp())
        self.journal = Journal.open(self.folder / "j.sqlite", roster=ROSTER)
        self.session = Session(self.journal, AssemblyState.initial(ROSTER), clock=self.tick)

    def teardown(self) -> None:
        self.journal.close()
        try:
            with Journal.open(self.folder / "j.sqlite") as reopened:
                assert reopened.verify().intact
                assert reopened.state() == self.session.state
                for vote in self.session.state.votes.values():
                    if not vote.secret:
                        continue
                    held = reopened._db.execute(
                        "SELECT count(*) FROM urn WHERE vote = ?", (vote.id,)
                    ).fetchone()[0]
                    ended = vote.phase not in (Phase.PREPARED, Phase.OPEN, Phase.PAUSED)
                    assert held == (0 if ended else len(vote.voted))
        finally:
            shutil.rmtree(self.folder)

    def stored_events(self) -> list[Event]:
        return list(self.journal.events())


JournalVoteMachine.TestCase.settings = settings(
    max_examples=25, stateful_step_count=40, deadline=None
)
test_journal_vote_machine = JournalVoteMachine.TestCase
