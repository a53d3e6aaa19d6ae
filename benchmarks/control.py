"""The control window under a burst of ballots (issue 5), and its start on a long journal
(issue 17), printing JSON.

    QT_QPA_PLATFORM=offscreen python benchmarks/control.py [--quick]

193 ballots arrive at random moments within one second, through the controller as consoles'
ballots do (`submit` with `Origin.CONSOLE` and an `on_done`, as voteboard/ui/network.py; each
made durable in the journal's thread, on a real journal file), while the control window
(1920x1080, its register and its preview) and a hall board (3840x2160) show them. Measured:
the longest stall of the GUI thread's event loop (a 1 ms timer records the gaps between its
ticks); the shortest time between two of the controller's publishes (at most one a frame);
and the time to each ballot's light being painted on the hall board, counted from two
moments: the ballot durable in the journal (`on_done`, told in the journal's thread: what
issue 15 asks to keep under one frame), and its submission (which adds the journal's fsync:
the figure this benchmark gave before, kept for comparison).

Then the start of `voteboard control` on a journal of 10,000 locked votes of 193 ballots and
the 5,539 votes of the UN Digital Library (benchmarks/journal.py makes it, and its snapshot of
the state with it): from opening the journal to the control window's first painted frame
(the preview of the hall board painted), with the hall board's window beside it as on a
single screen. `--quick`: 120 votes.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from journal import large_journal  # benchmarks/journal.py, beside this one
from PySide6.QtCore import QEventLoop, QRect, Qt, QTimer
from PySide6.QtWidgets import QApplication

from voteboard.core.commands import CastBallot
from voteboard.core.model import Choice, Phase
from voteboard.journal.archive import open_journal
from voteboard.ui.board import BoardWidget
from voteboard.ui.control import ControlWindow
from voteboard.ui.controller import Controller, Origin
from voteboard.ui.painter import qrect


def wait(condition: object, timeout_ms: int = 20000) -> None:
    loop = QEventLoop()
    poll = QTimer()
    poll.timeout.connect(lambda: condition() and loop.quit())  # type: ignore[operator]
    poll.start(1)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    poll.stop()


def run(seed: int) -> dict[str, object]:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as folder:
        controller = Controller(open_journal(Path(folder) / "j.sqlite"))
        window = ControlWindow(controller)
        window.resize(1920, 1080)
        window.show()
        hall = BoardWidget(controller.board)
        hall.resize(3840, 2160)
        hall.show()
        controller.board_changed.connect(hall.set_board)
        window.prepare.symbol.setText("A/80/L.90")
        window.prepare.title.setPlainText("A vote of the test")
        window.prepare.prepare_button.click()
        wait(lambda: controller.can("open"))
        controller.phase("open")
        wait(lambda: controller.vote is not None and controller.vote.phase is Phase.OPEN)
        QApplication.processEvents()
        areas = {c.code: qrect(c.area).toAlignedRect() for c in hall.board_layout.cells}

        submitted: dict[str, float] = {}
        durable: dict[str, float] = {}  # written in the journal's thread
        latencies: list[float] = []  # from submission
        from_durable: list[float] = []
        ticks: list[float] = []

        paints: list[float] = []

        def painted(rect: QRect) -> None:
            now = time.perf_counter()
            paints.append(now)
            vote = controller.vote
            for code in [c for c in submitted if areas[c].intersects(rect)]:
                if vote is not None and code in vote.voted:
                    latencies.append(now - submitted.pop(code))
                    from_durable.append(now - durable.pop(code))

        hall.painted.connect(painted)
        published: list[float] = []
        controller.state_changed.connect(lambda _state: published.append(time.perf_counter()))
        heartbeat = QTimer()
        heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
        heartbeat.timeout.connect(lambda: ticks.append(time.perf_counter()))
        heartbeat.start(1)

        def cast(code: str, choice: Choice) -> None:
            # As a console's ballot comes (voteboard/ui/network.py): told once durable.
            def done(error: str | None, code: str = code) -> None:
                assert error is None, error
                durable[code] = time.perf_counter()

            command = CastBallot(at=controller.now(), member=code, choice=choice)
            submitted[code] = time.perf_counter()
            controller.submit(command, Origin.CONSOLE, on_done=done)

        timers = []
        for code in controller.roster.codes:
            timer = QTimer()
            timer.setSingleShot(True)
            timer.setTimerType(Qt.TimerType.PreciseTimer)
            timer.timeout.connect(lambda c=code: cast(c, rng.choice(list(Choice))))
            timer.start(rng.randrange(0, 1000))
            timers.append(timer)
        start = time.perf_counter()
        wait(lambda: len(latencies) == 193 and controller.wait_idle())
        elapsed = time.perf_counter() - start
        heartbeat.stop()
        gaps = [b - a for a, b in itertools.pairwise(ticks)]
        window._closing_confirmed = True
        window.close()
        hall.close()
    ms = sorted(x * 1000 for x in latencies)
    durable_ms = sorted(x * 1000 for x in from_durable)

    def spread(values: list[float]) -> dict[str, float]:
        return {
            "median": round(statistics.median(values), 2),
            "p99": round(values[int(len(values) * 0.99) - 1], 2),
            "max": round(values[-1], 2),
        }

    # Paints of the hall board begun within any one 1/60 s (the controller publishes at most
    # once a frame; a paint a few ms later is the clock's own repaint of the header).
    most = max(sum(1 for q in paints[i:] if q - p < 1 / 60) for i, p in enumerate(paints))
    return {
        "ballots": len(ms),
        "all_on_the_hall_board_after_s": round(elapsed, 3),
        "longest_event_loop_stall_ms": round(max(gaps) * 1000, 2),
        "event_loop_ticks_of_1ms": len(ticks),
        "hall_board_paints": len(paints),
        "most_hall_paints_begun_in_one_frame": most,
        # The controller's publishes (state_changed, its first signal), at most one a frame.
        "shortest_ms_between_publishes": round(
            min(b - a for a, b in itertools.pairwise(published)) * 1000, 2
        ),
        "durable_to_hall_light_ms": spread(durable_ms),
        "submitted_to_hall_light_ms": spread(ms),
    }


def first_frame(votes: int, imported: int) -> dict[str, object]:
    """The control window started as `voteboard control` starts it, on a journal of `votes`
    locked votes and `imported` imported ones: the time from opening the journal to the
    window's first painted frame, and its parts."""
    with tempfile.TemporaryDirectory() as folder:
        path, live, built = large_journal(Path(folder), votes, imported)
        start = time.perf_counter()
        journal = open_journal(path)
        opened = time.perf_counter()
        controller = Controller(journal)
        started = time.perf_counter()
        window = ControlWindow(controller)
        window.resize(1920, 1080)
        painted: list[float] = []
        window.preview.painted.connect(lambda _rect: painted.append(time.perf_counter()))
        window.show()
        window.show_hall_board()
        built_s = time.perf_counter() - started
        wait(lambda: bool(painted))
        assert controller.state == live
        report = {
            "votes": votes,
            "imported_votes": built["imported_votes"],
            "snapshot_at_event": journal._snapshot_seq or None,
            "open_journal_s": round(opened - start, 3),
            "controller_s": round(started - opened, 3),
            "window_built_and_shown_s": round(built_s, 3),
            "first_painted_frame_s": round(painted[0] - start, 3),
        }
        window._closing_confirmed = True
        window.close()
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small journal, for a smoke run")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    assert app is not None
    with tempfile.TemporaryDirectory() as keys:
        # The votes' keys and the hall's signing key of this run stay in its folder.
        os.environ["VOTEBOARD_RUNTIME_DIR"] = str(Path(keys) / "runtime")
        os.environ["VOTEBOARD_CONFIG_DIR"] = str(Path(keys) / "config")
        report = {
            "burst_of_ballots": [run(1), run(2)],
            "start_on_a_long_journal": first_frame(*((120, 20) if args.quick else (10_000, 5539))),
        }
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
