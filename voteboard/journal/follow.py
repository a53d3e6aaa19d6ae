"""Following a journal that another process writes (the hall board beside the control desk).

The follower holds a read-only connection, polls SQLite's `data_version` (which changes when
another connection commits), reads only the events after the last one it saw, checks that
they continue the hash chain, and folds them into the assembly's state with the same code as
live operation. A journal that does not exist yet is waited for; one that is replaced by
another file is read again from its start.
"""

from __future__ import annotations

import os
from pathlib import Path

from voteboard.core.roster import Roster
from voteboard.core.state import AssemblyState, evolve, fold_from
from voteboard.journal.store import Journal, JournalError


class JournalFollower:
    """The state of a journal as it grows. `poll()` answers whether it changed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._journal: Journal | None = None
        self._identity: tuple[int, int] | None = None
        self._version = -1
        self._seq = 0
        self._hash: str | None = None
        self.state: AssemblyState | None = None
        self.started_from = 0
        """The seq of the snapshot the state was read from (0: from the first event)."""
        self._start: AssemblyState | None = None

    @property
    def roster(self) -> Roster | None:
        return None if self._journal is None else self._journal.roster

    def close(self) -> None:
        if self._journal is not None:
            self._journal.close()
            self._journal = None

    def poll(self) -> bool:
        """Reads what was committed since the last poll. Raises JournalError for a file that
        is not an intact journal (the follower then stays where it was)."""
        identity = _identity(self.path)
        if identity is None:
            return False
        fresh = identity != self._identity
        if fresh:
            self.close()
            self._journal = Journal.open(self.path, readonly=True, check=False, create=False)
            self._identity, self._version = identity, -1
            # From the journal's signed snapshot where it checks: a long history is not read
            # again from its first event (the events after it are checked against the chain).
            self._start, self._seq, self._hash = self._journal.snapshot_start()
            self.started_from = self._seq
            self.state = None
        assert self._journal is not None
        version = self._journal.data_version()
        if version == self._version:
            return False
        events, self._seq, self._hash = self._journal.events_after(self._seq, self._hash)
        self._version = version
        if self.state is None:
            # The first reading folds runs of one vote at once, as opening a journal does.
            start = self._start or AssemblyState.initial(self._journal.roster)
            self.state = fold_from(start, events)
        else:
            state = self.state
            for event in events:
                state = evolve(state, event)
            self.state = state
        return fresh or bool(events)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return stat.st_dev, stat.st_ino


__all__ = ["JournalError", "JournalFollower"]
