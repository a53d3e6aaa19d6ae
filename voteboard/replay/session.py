"""The votes of a journal as the replay window browses and plays them, without Qt: the window
asks this session and never reads the journal itself (DESIGN §8: within ui, only the
controller and the hall display's follower reach the journal)."""

from __future__ import annotations

from pathlib import Path

from voteboard.core.board import Board, board_of_record, board_of_vote
from voteboard.core.roster import Roster
from voteboard.core.state import AssemblyState
from voteboard.journal.browse import Entry, entries
from voteboard.journal.store import Journal
from voteboard.replay.player import RecordedReplay, RevealReplay
from voteboard.replay.timeline import Timeline


class ReplaySession:
    """Every vote of a journal (run here or imported), each one's replay, final board and a
    member's choices in all of them."""

    def __init__(self, journal: Journal) -> None:
        self._journal = journal
        self.path: Path = journal.path
        self.roster: Roster = journal.roster
        self.state: AssemblyState = journal.state()
        self.entries: list[Entry] = entries(journal, self.state)

    def member_votes(self, member: str) -> dict[str, str | None]:
        """How the member voted in each vote, by the vote's key (an imported vote's symbol, a
        vote run here's id): yes, no, abstain, None (did not vote), or only that it voted in
        a secret ballot."""
        votes: dict[str, str | None] = dict(self._journal.member_history(member))
        for vote in self.state.votes.values():
            if vote.secret:
                votes[vote.id] = "voted (secret)" if member in vote.voted else None
            else:
                choice = vote.ballots.get(member)
                votes[vote.id] = choice.value if choice else None
        return votes

    def replay_of(self, entry: Entry) -> RecordedReplay | RevealReplay:
        """A vote run here replayed from its events, in the time it took; an imported one
        revealed on its final board (its record has no timing)."""
        if entry.vote_id is not None:
            events = list(self._journal.events(vote=entry.vote_id))
            return RecordedReplay(self.roster, Timeline(self.roster, events))
        return RevealReplay(self.final_board(entry))

    def final_board(self, entry: Entry) -> Board:
        if entry.vote_id is not None:
            return board_of_vote(self.state.votes[entry.vote_id], self.roster)
        record = self._journal.history_record(entry.symbol)
        if record is None:
            raise LookupError(f"{entry.symbol} is not in {self.path}")
        return board_of_record(record, self.roster)

    def close(self) -> None:
        self._journal.close()
