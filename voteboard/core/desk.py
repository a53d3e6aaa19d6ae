"""The desk's rules: which command of the life of a vote is possible now, which asks to be
confirmed, and who the roll call calls next. The control window shows them; it does not
decide them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from voteboard.core.commands import (
    CancelVote,
    CloseVote,
    LockVote,
    OpenVote,
    PauseVote,
    PhaseCommand,
    ResumeVote,
)
from voteboard.core.decide import allowed
from voteboard.core.model import Phase
from voteboard.core.state import VoteState

PHASE_ACTIONS = ("open", "pause", "resume", "close", "lock", "cancel")
"""The commands of the life of a vote, in the order the desk shows them."""


def phase_command(action: str, at: dt.datetime, reason: str = "") -> PhaseCommand:
    """The command of one of PHASE_ACTIONS, given at `at` (a suspension's or a cancel's
    reason with it)."""
    match action:
        case "open":
            return OpenVote(at=at)
        case "pause":
            return PauseVote(at=at, reason=reason)
        case "resume":
            return ResumeVote(at=at)
        case "close":
            return CloseVote(at=at)
        case "lock":
            return LockVote(at=at)
        case "cancel":
            return CancelVote(at=at, reason=reason)
    raise ValueError(f"no such action: {action}")


ALWAYS_CONFIRMED = frozenset({"close", "lock", "cancel"})
"""Commands that cannot be undone: each asks first, on a button of its own."""


def possible(vote: VoteState | None, action: str) -> bool:
    """Whether `action` (prepare, or one of PHASE_ACTIONS) is possible for the current vote."""
    if action == "prepare":
        return vote is None or not vote.in_progress
    return vote is not None and allowed(vote.phase, action)


def confirmed(vote: VoteState, action: str) -> bool:
    """Whether the action asks to be confirmed: those that cannot be undone, and the opening
    of a secret ballot (after it, no choice is ever recorded: run by mistake, a recorded
    vote's record is lost for good)."""
    return action in ALWAYS_CONFIRMED or (action == "open" and vote.secret)


@dataclass(frozen=True)
class RollCall:
    """A vote taken by roll call: every member with the right to vote is called in board
    order, from the member drawn by lot, once.

    The call is never a counter: the member called is always the first in the order who has
    neither voted nor been passed over, so a click, a double click, a refusal or a restart
    can neither skip a member nor call one twice."""

    order: tuple[str, ...]

    @classmethod
    def of(cls, vote: VoteState, codes: Sequence[str]) -> RollCall | None:
        """The roll call of a vote, in the roster's board order (None: none was drawn)."""
        if vote.roll_call_from is None or vote.roll_call_from not in codes:
            return None
        start = list(codes).index(vote.roll_call_from)
        turned = [*codes[start:], *codes[:start]]
        return cls(tuple(c for c in turned if c not in vote.ineligible))

    def called(self, voted: Collection[str], passed: Iterable[str] = ()) -> str | None:
        """The member to call now (None: every member has been called)."""
        skip = set(passed)
        return next((c for c in self.order if c not in voted and c not in skip), None)

    def passed_before_last(self, voted: Collection[str]) -> tuple[str, ...]:
        """The members before the last one who voted that have not voted: those the call had
        passed over when it stopped (a desk that starts again goes on after the last answer)."""
        last = max((i for i, c in enumerate(self.order) if c in voted), default=-1)
        return tuple(c for c in self.order[:last] if c not in voted)

    def progress(self, voted: Collection[str], passed: Iterable[str] = ()) -> int:
        """How many members have been called and answered (or were passed over)."""
        answered = set(passed) | {c for c in self.order if c in voted}
        return sum(c in answered for c in self.order)


def answering(vote: VoteState | None) -> bool:
    """Whether roll-call answers are taken now: a recorded vote, open, with a draw."""
    return (
        vote is not None
        and vote.phase is Phase.OPEN
        and not vote.secret
        and vote.roll_call_from is not None
    )
