"""The one clock of a vote: how long it has been open, how long its countdown has left, and
whether it stands still (suspended). The desk, the hall board, every remote board and the
replay read it from here, so that they never disagree by a second.

Time open excludes suspensions: a suspended vote's clock stands still and says so. A countdown
is rounded up (at 12.5 s left it reads 0:13, and reaches 0:00 only when the vote closes); time
open is rounded down (it reads 00:01 after a whole second).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from voteboard.core.model import Phase
from voteboard.core.state import VoteState


@dataclass(frozen=True)
class Clock:
    """What a vote's clock is made of, at any moment."""

    phase: Phase
    opened_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None
    """When voting closed (or the vote was cancelled or locked before it was closed)."""
    paused_at: dt.datetime | None = None
    paused_s: float = 0.0
    closes_at: dt.datetime | None = None
    day: dt.date | None = None
    """The vote's day: what the clock shows before the vote is opened."""

    @property
    def paused(self) -> bool:
        return self.phase is Phase.PAUSED

    @property
    def running(self) -> bool:
        """Whether the clock's words change by themselves (the board then ticks each second)."""
        return self.phase is Phase.OPEN and self.opened_at is not None

    def elapsed(self, now: dt.datetime) -> int | None:
        """Whole seconds the vote has been open, suspensions left out (None: never opened)."""
        if self.opened_at is None:
            return None
        end = now
        for stop in (self.ended_at, self.paused_at):
            if stop is not None and stop < end:
                end = stop
        seconds = (end - self.opened_at).total_seconds() - self.paused_s
        return max(0, math.floor(seconds + 1e-6))

    def remaining(self, now: dt.datetime) -> int | None:
        """Whole seconds the countdown has left, rounded up (None: no countdown runs)."""
        if self.closes_at is None or self.phase is not Phase.OPEN:
            return None
        return max(0, math.ceil((self.closes_at - now).total_seconds() - 1e-6))

    def words(self, now: dt.datetime) -> str:
        """The clock as every screen shows it: `00:42`, `CLOSES IN 0:13`, `SUSPENDED AT 00:42`,
        or the day before the vote opens."""
        left = self.remaining(now)
        if left is not None:
            return f"CLOSES IN {left // 60}:{left % 60:02d}"
        elapsed = self.elapsed(now)
        if elapsed is None:
            return self.day.strftime("%d %B %Y").lstrip("0") if self.day else ""
        minutes, seconds = divmod(elapsed, 60)
        shown = f"{minutes:02d}:{seconds:02d}"
        return f"SUSPENDED AT {shown}" if self.paused else shown

    def next_change(self, now: dt.datetime) -> float | None:
        """Seconds until the words change next (None: they do not change by themselves), so
        that a screen's timer fires on the second, not up to a second late."""
        if not self.running or self.opened_at is None:
            return None
        if self.remaining(now) is not None and self.closes_at is not None:
            fraction = (self.closes_at - now).total_seconds() % 1.0
        else:
            fraction = 1.0 - ((now - self.opened_at).total_seconds() - self.paused_s) % 1.0
        return fraction if fraction > 0.001 else 1.0


def clock_of(vote: VoteState) -> Clock:
    """The clock of a vote run by voteboard."""
    return Clock(
        phase=vote.phase,
        opened_at=vote.opened_at,
        ended_at=vote.closed_at or vote.ended_at,
        paused_at=vote.paused_at,
        paused_s=vote.paused_s,
        closes_at=vote.closes_at,
        day=(vote.opened_at or vote.prepared_at).date(),
    )
