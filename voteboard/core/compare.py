"""Two votes on one board: each member's move from the first vote to the second.

For example A/RES/ES-11/1 against A/RES/ES-11/3: who went from yes to abstain, who stopped
voting. Two votes of different eras have different members (131 in 1971, 193 in 2022): those
on one board only are named, not counted as moves, and a former member is named with the
members that succeeded it. Pure: it compares two `Board`s, whatever their source (imported or
run here).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from voteboard.core.board import Board, BoardMember
from voteboard.core.model import Light
from voteboard.core.roster import Roster

LETTER = {
    Light.YES: "Y",
    Light.NO: "N",
    Light.ABSTAIN: "A",
    Light.VOTED: "voted",
    Light.NONE: "NV",
    Light.INELIGIBLE: "no vote",
}
"""The mark of a member's light in the first vote, short enough to stay in the board's cell
(NV: non-voting, as the footer counts it; "no vote": without the right to vote)."""
WORD = {
    Light.YES: "yes",
    Light.NO: "no",
    Light.ABSTAIN: "abstain",
    Light.VOTED: "voted",
    Light.NONE: "non-voting",
    Light.INELIGIBLE: "no right to vote",
}

NEW, GONE = "new", "gone"
"""The mark of a member of the second vote that was not on the first's board: new since a
first vote before it, gone by a first vote after it."""

Move = tuple[Light, Light]

MARK = "  ← "
"""Between a member's name and where it came from, on a comparison's board: a board that
must shorten the name keeps the mark whole (`ui/painter.py`)."""


@dataclass(frozen=True)
class Comparison:
    """Two votes' boards side by side: how each member moved from the first to the second."""

    first: Board
    second: Board
    moves: dict[str, Move]
    """Member code to (light in the first vote, light in the second), for those that moved."""
    not_on_first: tuple[str, ...] = ()
    """The members of the second vote that were not on the first's board, by name (and what
    they continued, where the first's board has it)."""
    not_on_second: tuple[str, ...] = ()
    """The members of the first vote that are not on the second's board, by name (and their
    successors, where there are)."""

    @property
    def counts(self) -> Counter[Move]:
        return Counter(self.moves.values())

    @property
    def unchanged(self) -> int:
        """Members on both boards with the same light."""
        return len(self.second.members) - len(self.not_on_first) - len(self.moves)

    def membership_lines(self) -> list[str]:
        """Who was not a member at both votes, by name: "65 members of A/RES/ES-11/4 were
        not members on 25 October 1971: Angola, ..."."""
        found = []
        for names, of, day_of in (
            (self.not_on_first, self.second, self.first),
            (self.not_on_second, self.first, self.second),
        ):
            if names:
                were = (
                    "member of {} was not a member"
                    if len(names) == 1
                    else ("members of {} were not members")
                )
                found.append(
                    f"{len(names)} {were.format(of.vote.symbol)} {_on(day_of)}: {', '.join(names)}"
                )
        return found

    def lines(self) -> list[str]:
        """Each kind of move with its count, most frequent first: "yes → abstain: 12"."""
        return [
            f"{WORD[a]} → {WORD[b]}: {n}"
            for (a, b), n in sorted(self.counts.items(), key=lambda item: (-item[1], item[0]))
        ]

    def board(self) -> Board:
        """The second vote's board, each member that moved marked with where it came from,
        each one that was not on the first's board marked so."""
        before = {m.code for m in self.first.members}
        first, second = self.first.vote.date, self.second.vote.date
        outside = GONE if first and second and second < first else NEW
        members = tuple(
            _marked(m, LETTER[self.moves[m.code][0]])
            if m.code in self.moves
            else m
            if m.code in before
            else _marked(m, outside)
            for m in self.second.members
        )
        note = f"Compared with {self.first.vote.symbol}: {len(self.moves)} members moved"
        if self.not_on_first:
            note = f"Compared with {self.first.vote.symbol}: {len(self.moves)} moved"
            note += f", {len(self.not_on_first)} {outside}"
        return self.second.model_copy(update={"members": members, "note": note})

    def report(self) -> list[str]:
        """What the window lists: the unchanged, the members of one vote only, the moves."""
        both = len(self.second.members) - len(self.not_on_first)
        unchanged = f"unchanged: {self.unchanged}"
        if self.not_on_first or self.not_on_second:
            unchanged += f" of the {both} members at both votes"
        return [unchanged, *self.membership_lines(), *self.lines()]


def compare(first: Board, second: Board, roster: Roster | None = None) -> Comparison:
    """The moves of every member present in both boards (matched by code), and the members
    on one board only, by name; with a roster, the former members are named with their
    successors ("Czechoslovakia (succeeded by Czechia, Slovakia)")."""
    before = {m.code: m for m in first.members}
    after = {m.code: m for m in second.members}
    moves = {
        m.code: (before[m.code].light, m.light)
        for m in second.members
        if m.code in before and before[m.code].light is not m.light
    }
    return Comparison(
        first,
        second,
        moves,
        not_on_first=tuple(
            _named(m, before, roster) for m in second.members if m.code not in before
        ),
        not_on_second=tuple(_named(m, after, roster) for m in first.members if m.code not in after),
    )


def _marked(member: BoardMember, mark: str) -> BoardMember:
    return member.model_copy(update={"name": f"{member.name}{MARK}{mark}"})


def _named(member: BoardMember, other: dict[str, BoardMember], roster: Roster | None) -> str:
    """A member on one board only, with the members that succeeded it or that it continued
    where the other board has them."""
    if roster is None:
        return member.name

    def name(code: str) -> str:
        shown = other.get(code)
        known = roster.known(code)
        return shown.name if shown else known.name if known else code

    successors = roster.successors_of(member.code)
    if successors:
        return f"{member.name} (succeeded by {', '.join(name(c) for c in successors)})"
    continued = [c for c in roster.predecessors_of(member.code) if c in other]
    if continued:
        return f"{member.name} (succeeding {', '.join(name(c) for c in continued)})"
    return member.name


def _on(board: Board) -> str:
    """ "on 25 October 1971", the day of a board; "on the board of X" without one."""
    day: dt.date | None = board.vote.date
    return f"on {day.day} {day:%B %Y}" if day else f"on the board of {board.vote.symbol}"
