"""A recorded vote through time: the state folded from its events up to any moment."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import timedelta
from itertools import accumulate

from voteboard.core.events import Event, VoteOpened
from voteboard.core.roster import Roster
from voteboard.core.state import VoteState, fold_vote


class Timeline:
    """The events of one vote, in order, with the moment each happened."""

    def __init__(self, roster: Roster, events: Sequence[Event]) -> None:
        if not events:
            raise ValueError("a timeline needs the events of a vote")
        self.roster = roster
        self.events = tuple(events)
        # The journal's order is the truth; a clock stepped back must not reorder it, so the
        # moments are the running latest time (a prefix of the events for every moment).
        self._times = list(accumulate((e.at for e in self.events), max))
        opened = next((e.at for e in self.events if isinstance(e, VoteOpened)), None)
        self.origin = opened or self.events[0].at

    @property
    def offsets(self) -> list[float]:
        """Each event's moment, in seconds after the opening (never going backwards)."""
        return [(t - self.origin).total_seconds() for t in self._times]

    def state_at(self, seconds: float | None = None) -> VoteState:
        """The vote `seconds` after it was opened (None: its final state)."""
        if seconds is None:
            return fold_vote(self.roster, self.events)
        moment = self.origin + timedelta(seconds=seconds)
        count = max(bisect_right(self._times, moment), 1)
        return fold_vote(self.roster, self.events[:count])
