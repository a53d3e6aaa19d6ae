"""From a ballot being accepted to its light being painted (issue 4), printing JSON.

    QT_QPA_PLATFORM=offscreen python benchmarks/latency.py

193 ballots arrive at random moments within one second (timers on the event loop, as a
console's messages would). Each is executed by a real `Session` on a real journal file (so it
is durable when accepted), the board is rebuilt from the state and given to the BoardWidget
of the hall's size; the latency ends when the widget's paint that covers that member's light
has finished. It also counts the paints: Qt merges every repaint asked for before the event
loop turns again into one, so no more than one repaint is ever queued; and a burst of 20
ballots delivered at once gives one paint.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QRect, Qt, QTimer
from PySide6.QtWidgets import QApplication

from voteboard.core.board import board_of_vote
from voteboard.core.commands import CastBallot, OpenVote, PrepareVote
from voteboard.core.model import Choice, VoteSpec
from voteboard.core.session import Session
from voteboard.journal.archive import open_journal
from voteboard.ui.board import BoardWidget
from voteboard.ui.painter import qrect

FRAME_S = 1 / 60


def run(width: int, height: int, seed: int) -> dict[str, object]:
    rng = random.Random(seed)
    with (
        tempfile.TemporaryDirectory() as folder,
        open_journal(Path(folder) / "j.sqlite") as journal,
    ):
        session = Session(journal, journal.state())
        spec = VoteSpec(symbol="A/80/L.1", title="Latency")
        session.execute(PrepareVote(at=session.clock(), vote="v", spec=spec))
        session.execute(OpenVote(at=session.clock()))
        vote = session.state.current_vote
        assert vote is not None
        widget = BoardWidget(board_of_vote(vote, journal.roster))
        widget.resize(width, height)
        widget.show()
        QApplication.processEvents()
        layout = widget.board_layout
        areas = {c.code: qrect(c.area).toAlignedRect() for c in layout.cells}

        accepted: dict[str, float] = {}
        latencies: list[float] = []
        paints: list[float] = []
        done = QEventLoop()

        def on_paint(rect: QRect) -> None:
            now = time.perf_counter()
            paints.append(now)
            for code in [c for c in accepted if areas[c].intersects(rect)]:
                latencies.append(now - accepted.pop(code))
            if len(latencies) == len(areas) and not accepted:
                done.quit()

        def cast(member: str, choice: Choice) -> None:
            session.execute(CastBallot(at=session.clock(), member=member, choice=choice))
            accepted[member] = time.perf_counter()
            current = session.state.current_vote
            assert current is not None
            widget.set_board(board_of_vote(current, journal.roster))

        widget.painted.connect(on_paint)
        members = [m.code for m in journal.roster]
        start = time.perf_counter()
        for member in members:
            choice = rng.choice([Choice.YES, Choice.NO])  # the burst changes them to abstain
            timer = QTimer(widget)
            timer.setSingleShot(True)
            timer.setTimerType(Qt.TimerType.PreciseTimer)
            timer.timeout.connect(lambda m=member, c=choice: cast(m, c))
            timer.start(rng.randrange(0, 1000))
        done.exec()
        elapsed = time.perf_counter() - start
        widget.painted.disconnect(on_paint)

        # Paints per frame: the most paints that began within any one 1/60 s.
        most = max(sum(1 for q in paints[i:] if q - p < FRAME_S) for i, p in enumerate(paints))
        # A burst: 20 more ballots (changes of mind) given before the loop turns: one paint.
        burst_paints: list[float] = []
        widget.painted.connect(lambda _r: burst_paints.append(time.perf_counter()))
        for member in members[:20]:
            session.execute(CastBallot(at=session.clock(), member=member, choice=Choice.ABSTAIN))
            current = session.state.current_vote
            assert current is not None
            widget.set_board(board_of_vote(current, journal.roster))
        for _ in range(5):
            QApplication.processEvents()
        widget.close()

    latencies.sort()
    ms = [x * 1000 for x in latencies]
    return {
        "size": f"{width}x{height}",
        "ballots": len(ms),
        "within_s": round(elapsed, 3),
        "latency_ms": {
            "median": round(statistics.median(ms), 3),
            "p99": round(ms[int(len(ms) * 0.99) - 1], 3),
            "max": round(ms[-1], 3),
        },
        "paints": len(paints),
        "most_paints_begun_in_one_frame": most,
        "paints_for_a_burst_of_20_ballots": len(burst_paints),
    }


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    assert app is not None
    print(json.dumps([run(1920, 1080, 1), run(3840, 2160, 2)], indent=1))


if __name__ == "__main__":
    main()
