"""What the scripts that draw windows share: Qt offscreen, with the tests' two named hall
screens (HALL-LEFT 1920x1080, HALL-RIGHT 1280x720), and waiting for a condition while the
event loop runs."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer

REPOSITORY = Path(__file__).resolve().parents[1]
SCREENS = REPOSITORY / "tests" / "screens.json"


def use_hall_screens() -> None:
    """Before the QApplication is made: offscreen, unless the caller chose a platform."""
    os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={SCREENS}")


def wait(condition: Callable[[], bool], timeout_ms: int = 30000) -> None:
    """Runs the event loop until the condition holds (checked every 10 ms), or the timeout."""
    loop = QEventLoop()
    poll = QTimer()
    poll.timeout.connect(lambda: condition() and loop.quit())
    poll.start(10)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    poll.stop()
