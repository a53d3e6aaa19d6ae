"""A clock for tests: it moves a fixed step each time it is read, so events have distinct times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class TickingClock:
    def __init__(
        self,
        start: datetime = datetime(2022, 10, 12, 15, 0, tzinfo=UTC),
        step: timedelta = timedelta(seconds=1),
    ) -> None:
        self.now = start
        self.step = step

    def __call__(self) -> datetime:
        self.now += self.step
        return self.now
