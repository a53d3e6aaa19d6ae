"""Python's full garbage collections held back while a board shows an open vote.

A full collection scans every object of the process: 50 to 150 ms in the control process
and on a remote board, during which no thread runs (not the endpoint, not the journal, not
the paint), so a ballot cast then waits that long for its light. While a vote is open the
full collections wait (the young generations are still collected as usual, so the cycles
made meanwhile are freed); once no board shows an open vote, they go on as before, and one
that was due comes then. Nothing is ever kept out of the collector's sight for good.
"""

from __future__ import annotations

import gc

_HELD_THRESHOLD = 1 << 30
"""The oldest generation's threshold while held: never reached within a vote."""

_holders: set[int] = set()
_oldest: int | None = None
"""The oldest generation's threshold before the collections were held (None: not held)."""


def hold(holder: int, held: bool) -> None:
    """Holds the full collections back for `holder` (any key, such as the id of a widget), or
    lets them go for it; they go on once no holder holds them."""
    global _oldest
    if held:
        _holders.add(holder)
    else:
        _holders.discard(holder)
    young, middle, oldest = gc.get_threshold()
    if _holders and _oldest is None:
        _oldest = oldest
        gc.set_threshold(young, middle, _HELD_THRESHOLD)
    elif not _holders and _oldest is not None:
        gc.set_threshold(young, middle, _oldest)
        _oldest = None


def held() -> bool:
    """Whether the full collections are held back now."""
    return _oldest is not None
