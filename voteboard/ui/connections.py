"""The control window's view of the network: where it listens, who is connected, and the log
of connections, replacements and refusals."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QListWidget, QVBoxLayout, QWidget

from voteboard.core.roster import Roster
from voteboard.ui.network import HallLink
from voteboard.ui.theme import emphasize

LOG_LINES = 500


class NetworkPanel(QWidget):
    """Listening address, the count of consoles and displays connected, the consoles missing,
    and the newest events (a replaced connection, a refused message) at the top."""

    def __init__(self, link: HallLink, roster: Roster, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.link = link
        self.roster = roster
        self.consoles: frozenset[str] = frozenset()
        layout = QVBoxLayout(self)
        where = QLabel(
            f"Listening on {link.url}: remote boards connect with "
            f"'voteboard display --connect {link.url}', consoles with "
            f"'voteboard console --connect {link.url} --seat CODE'. The board's web page is "
            f"{link.url.replace('ws', 'http', 1)}/ (the press and the webcast: relays, "
            "'voteboard web')."
        )
        where.setWordWrap(True)
        where.setStyleSheet("color: #555")
        layout.addWidget(where)
        self.summary = QLabel()
        self.summary.setObjectName("network-summary")
        self.summary.setWordWrap(True)
        emphasize(self.summary, 1.2)
        layout.addWidget(self.summary)
        self.missing = QLabel()
        self.missing.setObjectName("network-missing")
        self.missing.setWordWrap(True)
        layout.addWidget(self.missing)
        layout.addWidget(QLabel("Events, newest first"))
        self.log = QListWidget()
        self.log.setObjectName("network-log")
        layout.addWidget(self.log, 1)
        link.connections_changed.connect(self.show_connections)
        link.logged.connect(self.add_event)
        self.show_connections(link.connections)

    @Slot(object)
    def show_connections(self, connections: dict[str, object]) -> None:
        consoles = connections.get("consoles", [])
        assert isinstance(consoles, list)
        self.consoles = frozenset(consoles)
        displays = connections.get("displays", 0)
        operators = connections.get("operators", 0)
        viewers = connections.get("viewers", 0)
        self.summary.setText(
            f"Consoles {len(self.consoles)} of {len(self.roster)}   ·   "
            f"remote boards {displays}   ·   operators {operators}   ·   web pages {viewers}"
        )
        missing = [m.code for m in self.roster if m.code not in self.consoles]
        if not missing:
            self.missing.setText("Every seat's console is connected.")
        elif len(missing) > 40:
            self.missing.setText(f"{len(missing)} consoles are not connected.")
        else:
            self.missing.setText("Not connected: " + ", ".join(missing))

    @Slot(str)
    def add_event(self, text: str) -> None:
        self.log.insertItem(0, f"{dt.datetime.now():%H:%M:%S}  {text}")
        while self.log.count() > LOG_LINES:
            self.log.takeItem(self.log.count() - 1)
