"""Across the hall: the WebSocket protocol between the control process, remote boards and the
delegations' consoles (issue 7). No Qt here."""
