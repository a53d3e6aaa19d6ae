"""The votes of a journal as the replay window browses and plays them, without Qt: the window
asks this session and never reads the journal itself (DESIGN §8: within ui, only the
controller and the hall display's follower reach the journal)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from voteboard.core.board import Board, board_of_record, board_of_vote
from voteboard.core.compare import Comparison, compare
from voteboard.core.roster import Member, Roster, board_key
from voteboard.core.state import AssemblyState
from voteboard.journal.browse import Entry, entries
from voteboard.journal.store import Journal
from voteboard.replay.player import RecordedReplay, RevealReplay
from voteboard.replay.timeline import Timeline

CHOICE_WORDS = {"yes": "Yes", "no": "No", "abstain": "Abstain", None: "did not vote"}
NOT_A_MEMBER = "not a member"
NO_LIST = "no list in the record"


@dataclass(frozen=True)
class MemberVotes:
    """A member's votes in every vote of the journal, each under the name it bore that day
    (Turkey until 1 June 2022, then Türkiye)."""

    member: Member
    """Its roster entry (a member, or a former member such as Czechoslovakia)."""
    choices: Mapping[str, str | None]
    """Its choice by vote key (`Entry.key`), in the votes whose lists name it."""
    seated: bool = True
    """Whether it is on the roster of the votes run here (a former member is not)."""

    @property
    def name(self) -> str:
        """Its name today, or the last it bore."""
        return self.member.name

    def member_at(self, entry: Entry) -> bool:
        """Whether it was a member at the vote: on its day for an imported vote (a day
        unknown: yes), on the roster for a vote run here."""
        if entry.vote_id is not None:
            return self.seated
        day = entry.day
        return day is None or self.member.member_on(day)

    def name_at(self, entry: Entry) -> str:
        """The name it bore on the vote's day ("" when it was not a member then)."""
        return self._names_at(entry)[0]

    def label_at(self, entry: Entry) -> str:
        """The name the board showed on the vote's day ("USSR"; "" when not a member)."""
        return self._names_at(entry)[1]

    def _names_at(self, entry: Entry) -> tuple[str, str]:
        if not self.member_at(entry) and self.choices.get(entry.key) is None:
            return "", ""
        return self.member.name_on(entry.day)

    def vote_at(self, entry: Entry) -> str:
        """Its vote in words, with the name it bore then where that is not today's: "Yes (as
        USSR)", "No", "not a member"."""
        choice = self.choice_at(entry)
        label = self.label_at(entry)
        if choice == NO_LIST or not label or label == self.member.board_label:
            return choice
        return f"{choice} (as {label})"

    def choice_at(self, entry: Entry) -> str:
        """Its vote, in words: Yes, No, Abstain, did not vote, not a member, ... A member on
        none of the record's lists did not vote."""
        choice = self.choices.get(entry.key)
        if choice is None and not self.member_at(entry):
            return NOT_A_MEMBER
        if not entry.listed:
            return NO_LIST
        return CHOICE_WORDS.get(choice, choice or "")


class ReplaySession:
    """Every vote of a journal (run here or imported), each one's replay, final board and a
    member's choices in all of them."""

    def __init__(self, journal: Journal) -> None:
        self._journal = journal
        self.path: Path = journal.path
        self.roster: Roster = journal.roster
        self.state: AssemblyState = journal.state()
        self.entries: list[Entry] = entries(journal, self.state)
        self._votes: dict[str, MemberVotes] = {}
        self._names: list[tuple[str, str, str]] | None = None

    def member_votes(self, member: str) -> MemberVotes:
        """How the member (or former member) voted in each vote, by the vote's key (an
        imported vote's symbol, a vote run here's id): yes, no, abstain, None (did not vote),
        or only that it voted in a secret ballot. Read once per member."""
        known = self._votes.get(member)
        if known is not None:
            return known
        found = self.roster.known(member)
        if found is None:
            raise LookupError(f"{member} is not on the roster of {self.path}")
        votes: dict[str, str | None] = self._journal.member_choices(member)
        for vote in self.state.votes.values():
            if vote.secret:
                votes[vote.id] = "voted (secret)" if member in vote.voted else None
            else:
                choice = vote.ballots.get(member)
                votes[vote.id] = choice.value if choice else None
        self._votes[member] = MemberVotes(found, votes, seated=member in self.roster)
        return self._votes[member]

    def member_names(self) -> list[tuple[str, str]]:
        """Every name of every member and former member, as the member chooser lists them,
        with the member's code, in board order: "Türkiye", "Turkey — now Türkiye", "USSR —
        now Russian Federation", "Czechoslovakia — until 1992", "DR Congo — Democratic
        Republic of the Congo" (a name held in today's name is not listed again)."""
        return [(shown, code) for shown, code, _ in self._chooser()]

    def find_member(self, text: str) -> tuple[str, str] | None:
        """The chooser's entry for a name typed (any case, accents ignored): the one of that
        name, else the first whose name begins so, else the first whose name holds it, else
        the first entry that does; None for nothing typed or nothing found."""
        wanted = board_key(text.strip())
        if not wanted:
            return None
        names = self._chooser()
        ranked = (
            ((s, c) for s, c, name in names if board_key(name) == wanted),
            ((s, c) for s, c, name in names if board_key(name).startswith(wanted)),
            ((s, c) for s, c, name in names if wanted in board_key(name)),
            ((s, c) for s, c, _ in names if wanted in board_key(s)),
        )
        return next((found for rank in ranked for found in rank), None)

    def _chooser(self) -> list[tuple[str, str, str]]:
        """(shown, code, name) for every name of every member, kept: see `member_names`."""
        if self._names is None:
            found: list[tuple[str, str, str]] = []
            for member in (*self.roster.members, *self.roster.former_members):
                last = member.until
                ended = "" if last is None else f" — until {(last - timedelta(days=1)).year}"
                today = board_key(member.name)
                found.append((f"{member.name}{ended}", member.code, member.name))
                seen = {today}
                for until, name, label in reversed(member.names()):
                    for text in (name, label):
                        if board_key(text) in today or board_key(text) in seen:
                            continue
                        seen.add(board_key(text))
                        if until is None:  # today's shorter name: "DR Congo"
                            shown = f"{text} — {member.name}"
                        else:
                            shown = f"{text} — {'later' if last else 'now'} {member.name}"
                        found.append((shown, member.code, text))
            self._names = sorted(found, key=lambda item: board_key(item[0]))
        return self._names

    def compare(self, first: Entry, second: Entry) -> Comparison:
        """Two votes' final boards compared, the members of one era only named with their
        successors."""
        return compare(self.final_board(first), self.final_board(second), self.roster)

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
