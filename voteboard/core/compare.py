"""Two votes on one board: each member's move from the first vote to the second.

For example A/RES/ES-11/1 against A/RES/ES-11/3: who went from yes to abstain, who stopped
voting. Pure: it compares two `Board`s, whatever their source (imported or run here).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from voteboard.core.board import Board
from voteboard.core.model import Light

LETTER = {
    Light.YES: "Y",
    Light.NO: "N",
    Light.ABSTAIN: "A",
    Light.VOTED: "voted",
    Light.NONE: "did not vote",
    Light.INELIGIBLE: "no right to vote",
}
WORD = {
    Light.YES: "yes",
    Light.NO: "no",
    Light.ABSTAIN: "abstain",
    Light.VOTED: "voted",
    Light.NONE: "non-voting",
    Light.INELIGIBLE: "no right to vote",
}

Move = tuple[Light, Light]


@dataclass(frozen=True)
class Comparison:
    """Two votes' boards side by side: how each member moved from the first to the second."""

    first: Board
    second: Board
    moves: dict[str, Move]
    """Member code to (light in the first vote, light in the second), for those that moved."""

    @property
    def counts(self) -> Counter[Move]:
        return Counter(self.moves.values())

    @property
    def unchanged(self) -> int:
        return len(self.second.members) - len(self.moves)

    def lines(self) -> list[str]:
        """Each kind of move with its count, most frequent first: "yes → abstain: 12"."""
        return [
            f"{WORD[a]} → {WORD[b]}: {n}"
            for (a, b), n in sorted(self.counts.items(), key=lambda item: (-item[1], item[0]))
        ]

    def board(self) -> Board:
        """The second vote's board, each member that moved marked with where it came from."""
        members = tuple(
            m.model_copy(update={"name": f"{m.name}  ← {LETTER[self.moves[m.code][0]]}"})
            if m.code in self.moves
            else m
            for m in self.second.members
        )
        note = f"Compared with {self.first.vote.symbol}: {len(self.moves)} members moved"
        return self.second.model_copy(update={"members": members, "note": note})


def compare(first: Board, second: Board) -> Comparison:
    """The moves of every member present in both boards (matched by code)."""
    before = {m.code: m.light for m in first.members}
    moves = {
        m.code: (before[m.code], m.light)
        for m in second.members
        if m.code in before and before[m.code] is not m.light
    }
    return Comparison(first, second, moves)
