"""The replay player's clock and what it shows, without Qt and without timers.

A vote recorded here plays in its real time order: the board at any moment is the state
folded from its events up to that moment. An imported vote has no timing: it shows its final
board, and offers a reveal that lights the members in board order (labelled as a reveal). The
window drives `advance` from a timer; tests drive it with any steps they like.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import datetime, timedelta

from voteboard.core.board import Board, board_of_vote, revealed
from voteboard.core.roster import Roster
from voteboard.replay.timeline import Timeline

SPEEDS = (0.5, 1.0, 2.0, 5.0, 10.0, 20.0)
REVEAL_STEP_S = 0.25
"""A reveal lights one member every quarter of a second at 1x (48 s for 193 members)."""


@dataclass
class Player:
    """Position (seconds after the opening), speed and play/pause over one vote."""

    duration: float
    marks: tuple[float, ...]
    """The moments something happens (events, or each member of a reveal)."""
    position: float = 0.0
    speed: float = 1.0
    playing: bool = False

    def play(self) -> None:
        if self.position >= self.duration:
            self.position = 0.0
        self.playing = True

    def pause(self) -> None:
        self.playing = False

    def set_speed(self, speed: float) -> None:
        if not SPEEDS[0] <= speed <= SPEEDS[-1]:
            raise ValueError(f"the speed is from {SPEEDS[0]}x to {SPEEDS[-1]}x, not {speed}x")
        self.speed = speed

    def seek(self, seconds: float) -> None:
        self.position = min(max(seconds, 0.0), self.duration)

    def advance(self, elapsed: float) -> bool:
        """Moves on by `elapsed` seconds of the timer at the current speed; stops at the end.
        Returns whether the position changed."""
        if not self.playing:
            return False
        before = self.position
        self.seek(self.position + elapsed * self.speed)
        if self.position >= self.duration:
            self.playing = False
        return self.position != before

    def next_mark(self) -> None:
        """Steps to the next moment something happens (the end after the last)."""
        index = bisect_right(self.marks, self.position + 1e-9)
        self.seek(self.marks[index] if index < len(self.marks) else self.duration)

    def to_end(self) -> None:
        self.pause()
        self.seek(self.duration)


class RecordedReplay:
    """A vote run here, replayed from its events."""

    reveal = False

    def __init__(self, roster: Roster, timeline: Timeline) -> None:
        self.roster = roster
        self.timeline = timeline
        marks = tuple(sorted({max(0.0, o) for o in timeline.offsets}))
        self.player = Player(duration=marks[-1] if marks else 0.0, marks=marks)

    def board(self) -> Board:
        return board_of_vote(self.timeline.state_at(self.player.position), self.roster)

    def moment(self) -> datetime:
        """The moment of the vote that the position stands for."""
        return self.timeline.origin + timedelta(seconds=self.player.position)


class RevealReplay:
    """An imported vote: its final board, and a reveal in board order on demand."""

    reveal = True

    def __init__(self, final: Board) -> None:
        self.final = final
        count = len(final.members)
        marks = tuple(i * REVEAL_STEP_S for i in range(1, count + 1))
        self.player = Player(duration=count * REVEAL_STEP_S, marks=marks)
        self.player.position = self.player.duration  # it opens on its final board

    def board(self) -> Board:
        if self.player.position >= self.player.duration:
            return self.final
        return revealed(self.final, int(self.player.position / REVEAL_STEP_S + 1e-9))
