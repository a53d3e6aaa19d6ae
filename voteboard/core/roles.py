"""Who holds a key of the hall and connects to the desk: a delegation's console, a hall board,
the operator or the standby desk. The journal keeps keys by role; the network's hello names one."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """What a key lets its holder be: a delegation's console, a hall board, or the operator."""

    CONSOLE = "console"
    """A delegation's voting console: its seat votes."""
    DISPLAY = "display"
    """A hall board (or a web relay) fed by the desk: it only receives the board."""
    OPERATOR = "operator"
    """The secretariat's own client."""
    STANDBY = "standby"
    """The standby desk: it follows the journal of the primary desk, and may take over."""
