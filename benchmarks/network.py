"""Ballots over the network (issue 7): from a console's ballot to its light on a remote board,
with and without 10 more remote boards, printing JSON.

    QT_QPA_PLATFORM=offscreen python benchmarks/network.py

Four processes, as in a hall, but here on one machine (so they share its cores; the figures
of where the CPU went say how much):

- this one, the control process: the controller on a real journal file, the control window
  (1920x1080) and its endpoint (`HallLink`) on a loopback socket;
- the consoles: the 193 seats' connections on one asyncio loop (`Fleet`), which cast their
  ballots at random moments within one second (`--consoles`);
- the measured remote board: a `HallDisplay` (1920x1080) fed by a `RemoteLink`; for each
  member it notes when the first paint covering the member's cell with its light lit ended
  (`--board`);
- the extra remote boards: 10 display connections (`Fleet` with no seat) that receive every
  board message, in a process of their own (`--displays`).

A round is one recorded vote on a fresh journal; the rounds alternate between no extra remote
board and 10 (0, 10, 10, 0, 0, 10), all with the same ballots at the same moments. A ballot's
latency is the end of the remote paint minus the moment its console sent it: every process
reads `time.monotonic` (CLOCK_MONOTONIC on Linux, one clock for all). The control window's
event loop is watched as in `control.py`, from the first ballot to the last light on the
remote board: a 1 ms timer records the gaps between its ticks. Where the time goes is taken
ballot by ballot at each hand-over: the endpoint's thread submits the ballot to the
controller, the journal's thread has it durable (and acknowledges it), the GUI thread learns
it, the board is published (at most once a frame), the remote board's network thread has
parsed it, its GUI thread shows it, its paint ends. The CPU each thread ran, and waited in
the run queue for a CPU, during the rounds comes from Linux's schedstat, per second of voting
(1.0 = a whole CPU); the machine's busy time outside these processes tells a run disturbed by
other work.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import os
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from fleet import Fleet  # benchmarks/fleet.py and measure.py, beside this one
from measure import Child, TimedController, emit, figures, lit, machine, percentile, threads, wait
from PySide6.QtCore import QRect, QSocketNotifier, Qt, QTimer
from PySide6.QtWidgets import QApplication

from voteboard.core.board import Board
from voteboard.core.model import Choice, Light, Phase
from voteboard.journal.archive import open_journal
from voteboard.net.protocol import BoardUpdate, Hello
from voteboard.resources import un_roster
from voteboard.ui import display
from voteboard.ui.control import ControlWindow
from voteboard.ui.layout import Panel
from voteboard.ui.network import HallLink, RemoteLink
from voteboard.ui.painter import qrect

GOAL_P99_MS = 30.0
EXTRA_BOARDS = 10
ROUNDS = (0, EXTRA_BOARDS, EXTRA_BOARDS, 0, 0, EXTRA_BOARDS)
SEED = 7
HERE = str(Path(__file__).resolve())


# ---- the children ---------------------------------------------------------------------------


def consoles(url: str, key_file: str, seed: int) -> None:
    """Every seat's console connected, then (told "go" on stdin) ballots within one second;
    prints when each was sent and answered."""
    keys: dict[str, str] = json.loads(Path(key_file).read_text())
    codes = [holder for holder in keys if holder != "display"]
    fleet = Fleet(url, keys, seats=codes)
    try:
        fleet.start(timeout=60)
        emit({"ready": len(codes)})
        if sys.stdin.readline().strip() != "go":
            return
        rng = random.Random(seed)
        choices = {code: rng.choice(list(Choice)) for code in codes}
        answers = fleet.vote(choices, within_s=1.0, seed=seed).result(timeout=60)
        seats = fleet.consoles
        emit(
            {
                "sent_at": {code: seats[code].sent_at for code in codes},
                "answered_at": {code: seats[code].answered_at for code in codes},
                "answers": Counter(a.get("type", "none") for a in answers.values()),
            }
        )
        sys.stdin.readline()  # until told to stop (or the parent is gone)
    finally:
        fleet.stop()


def displays(url: str, key_file: str, count: int) -> None:
    """`count` remote boards' connections that receive every board message; (told to stop)
    prints how many board messages each received."""
    keys: dict[str, str] = json.loads(Path(key_file).read_text())
    fleet = Fleet(url, {"display": keys["display"]}, seats=[], displays=count)
    try:
        fleet.start(timeout=60)
        emit({"ready": count})
        sys.stdin.readline()
        boards = [sum(1 for _, m in s.received if m.get("type") == "board") for s in fleet.displays]
        emit({"board_messages": boards})
    finally:
        fleet.stop()


def board(url: str, key_file: str) -> int:
    """The measured remote board. For each member: when the board message that first shows
    its light lit was parsed by the network's thread and reached the GUI thread, and when
    the first paint covering its cell with the light lit ended. Prints them once every member
    that may vote has been painted lit; ends when told to (or at the end of stdin)."""
    app = QApplication(sys.argv)
    keys: dict[str, str] = json.loads(Path(key_file).read_text())
    window = display.HallDisplay(display.initial_board(un_roster()), Panel.ALL)
    widget = window.board_widget
    link = RemoteLink(url, Hello(role="display", key=keys["display"]), parent=window)
    parsed_at: dict[int, float] = {}  # id of a message -> when the network's thread had it
    parsed: dict[str, float] = {}
    shown: dict[str, float] = {}
    painted: dict[str, float] = {}
    paints: list[float] = []
    areas: dict[str, QRect] = {}
    expected: set[str] = set()

    def arrived(message: object) -> None:  # in the network's thread
        parsed_at[id(message)] = time.monotonic()

    def message(message: object) -> None:
        now = time.monotonic()
        at = parsed_at.pop(id(message), now)
        if isinstance(message, BoardUpdate):
            board = message.hall_board()
            if areas:
                for code in lit(board) - shown.keys():
                    parsed[code], shown[code] = at, now
            window.show_board(board)

    def on_paint(rect: QRect) -> None:
        now = time.monotonic()
        board = widget.board
        if not areas:
            if board.phase is Phase.OPEN and not board.waiting and not lit(board):
                # The open vote is on the board: from now on every light is a ballot.
                cells = widget.board_layout.cells
                areas.update({c.code: qrect(c.area).toAlignedRect() for c in cells})
                expected.update(m.code for m in board.members if m.light is not Light.INELIGIBLE)
                emit({"ready": len(expected)})
            return
        paints.append(now)
        for code in lit(board) - painted.keys():
            if areas[code].intersects(rect):
                painted[code] = now
        if expected and len(painted) == len(expected):
            expected.clear()  # told once
            emit({"parsed": parsed, "shown": shown, "painted": painted, "paints": len(paints)})

    def status(status: str) -> None:
        if status in ("refused", "replaced"):
            emit({"error": f"remote board {status}"})
            app.exit(2)

    def told() -> None:
        notifier.setEnabled(False)
        sys.stdin.readline()
        app.quit()

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(told)
    link.message.connect(arrived, Qt.ConnectionType.DirectConnection)
    link.message.connect(message)
    link.status.connect(status)
    widget.painted.connect(on_paint)
    window.resize(1920, 1080)
    window.show()
    link.start()
    try:
        return int(app.exec())
    finally:
        link.stop()


# ---- the control process --------------------------------------------------------------------


def run(extra_boards: int, seed: int) -> dict[str, Any]:  # noqa: C901 (one round, set-up to figures)
    """One round: a recorded vote of 193 consoles within a second, on a fresh journal."""
    children: list[Child] = []
    with tempfile.TemporaryDirectory() as folder:
        journal = open_journal(Path(folder) / "j.sqlite")
        holders = [(m.code, "console") for m in journal.roster]
        at = dt.datetime.now(dt.UTC).isoformat()
        keys = journal.issue_keys([*holders, ("display", "display")], at=at)
        key_file = Path(folder) / "keys.json"
        key_file.touch(mode=0o600)
        key_file.write_text(json.dumps(keys))
        controller = TimedController(journal)
        link = HallLink(controller)
        link.start()
        window = ControlWindow(controller, network=link)
        window.resize(1920, 1080)
        window.show()
        try:
            window.prepare.symbol.setText("A/80/L.91")
            window.prepare.title.setPlainText("A vote of the test")
            window.prepare.prepare_button.click()
            if not wait(lambda: controller.can("open")) or not controller.phase("open"):
                raise RuntimeError("the vote was not prepared")
            wait(lambda: not controller.busy and controller.wait_idle())
            vote = controller.state.current_vote
            if vote is None or vote.phase is not Phase.OPEN:
                raise RuntimeError(f"the vote did not open: {vote}")

            remote = Child("remote board", [HERE, "--board", link.url, str(key_file)])
            fleet = Child("consoles", [HERE, "--consoles", link.url, str(key_file), str(seed)])
            children += [remote, fleet]
            if extra_boards:
                arguments = [HERE, "--displays", link.url, str(key_file), str(extra_boards)]
                children.append(Child("extra boards", arguments))
            for child in children:
                child.key("ready")
            members = len(controller.roster)

            def everyone() -> bool:
                consoles = link.connections["consoles"]
                assert isinstance(consoles, list)
                return len(consoles) == members and link.connections["displays"] == 1 + extra_boards

            if not wait(everyone, 30000) or not wait(controller.wait_idle):
                raise RuntimeError(f"not all connected: {link.connections}")
            QApplication.processEvents()

            published: dict[str, float] = {}
            publishes: list[float] = []

            def on_board(shown: Board) -> None:
                now = time.monotonic()
                publishes.append(now)
                for code in lit(shown) - published.keys():
                    published[code] = now

            controller.board_changed.connect(on_board)
            pids = {c.name: c.process.processId() for c in children}
            pids["control"] = os.getpid()
            endpoint = link.server._thread.native_id
            before = {name: threads(pid) for name, pid in pids.items()}
            machine_before = machine()
            ticks: list[float] = []
            heartbeat = QTimer()
            heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
            heartbeat.timeout.connect(lambda: ticks.append(time.monotonic()))
            heartbeat.start(1)
            start = time.monotonic()
            fleet.say("go")
            seen = remote.key("painted")
            elapsed = time.monotonic() - start
            heartbeat.stop()
            after = {name: threads(pid) for name, pid in pids.items()}
            machine_after = machine()
            controller.board_changed.disconnect(on_board)
            cast = fleet.key("answers")
            boards_received = None
            if extra_boards:
                children[-1].say("stop")
                boards_received = children[-1].key("board_messages")["board_messages"]
        finally:
            for child in children:
                child.end()
            window._closing_confirmed = True
            window.close()

    def role(process: str) -> Callable[[int, str], str]:
        def of(tid: int, name: str) -> str:
            if tid == pids[process]:
                return "gui thread" if process in ("control", "remote board") else "main thread"
            if process == "control" and tid == endpoint:
                return "endpoint's thread"
            if process == "control" and name.startswith("voteboard-jour"):
                return "journal's thread"
            if process != "control" and name.startswith("python"):
                return "network's thread"  # Python's threads are not named (3.11)
            return f"other threads ({name})"

        return of

    cpu: dict[str, dict[str, list[float]]] = {}
    for process in pids:
        of = role(process)
        for tid, (name, ran, waited) in after[process].items():
            _, ran0, waited0 = before[process].get(tid, (name, 0, 0))
            entry = cpu.setdefault(process, {}).setdefault(of(tid, name), [0.0, 0.0])
            entry[0] += (ran - ran0) / 1e9
            entry[1] += (waited - waited0) / 1e9
    ours = sum(ran for roles in cpu.values() for ran, _ in roles.values())
    ticks_s = os.sysconf("SC_CLK_TCK")
    used = [(b - a) / ticks_s for a, b in zip(machine_before, machine_after, strict=True)]

    sent: dict[str, float] = cast["sent_at"]
    painted: dict[str, float] = seen["painted"]
    steps = {
        "console_to_endpoint_submitting_it": (sent, controller.submitted),
        "durable_in_journal_thread_and_acknowledged": (controller.submitted, controller.durable),
        "to_control_gui_thread": (controller.durable, controller.learnt),
        "until_published_once_a_frame": (controller.learnt, published),
        "to_remote_board_network_thread_parsed": (published, seen["parsed"]),
        "to_remote_board_gui_thread": (seen["parsed"], seen["shown"]),
        "remote_board_paint_ended": (seen["shown"], painted),
    }
    return {
        "extra_remote_boards": extra_boards,
        "seconds": elapsed,
        "ballots_sent": len(sent),
        "answers": cast["answers"],
        "latency_s": [painted[c] - sent[c] for c in sent if c in painted],
        "ack_s": [cast["answered_at"][c] - sent[c] for c in sent],
        "steps_s": {
            name: [end[c] - begin[c] for c in begin if c in end]
            for name, (begin, end) in steps.items()
        },
        "gaps_s": [b - a for a, b in itertools.pairwise(ticks)],
        "cpu_s": cpu,
        "machine_s": {
            **dict(zip(("busy", "idle", "iowait", "steal"), used, strict=True)),
            "busy_outside_these_processes": used[0] - ours,
        },
        "publishes": len(publishes),
        "remote_board_paints": seen["paints"],
        "board_messages_received_by_each_extra_board": boards_received,
    }


def summary(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """The rounds of one configuration together: their ballots pooled."""
    latency = figures([x for r in rounds for x in r["latency_s"]])
    gaps = [x for r in rounds for x in r["gaps_s"]]
    seconds = sum(r["seconds"] for r in rounds)
    cpu: dict[str, dict[str, dict[str, float]]] = {}
    for r in rounds:
        for process, roles in r["cpu_s"].items():
            for name, (ran, waited) in roles.items():
                entry = cpu.setdefault(process, {}).setdefault(name, {"ran": 0.0, "waited": 0.0})
                entry["ran"] += ran / seconds
                entry["waited"] += waited / seconds
    return {
        "rounds": len(rounds),
        "ballot_to_remote_light_ms": latency,
        "p99_under_30_ms": latency.get("p99", math.inf) < GOAL_P99_MS,
        "p99_of_each_round_ms": [figures(r["latency_s"])["p99"] for r in rounds],
        "control_window": {
            "longest_event_loop_stall_ms": round(max(gaps) * 1000, 2),
            "longest_stall_of_each_round_ms": [round(max(r["gaps_s"]) * 1000, 2) for r in rounds],
            "p99_gap_of_the_1ms_timer_ms": round(percentile(gaps, 0.99) * 1000, 2),
            "ticks_per_second": round(len(gaps) / seconds),
        },
        "where_the_time_goes_ms": {
            name: figures([x for r in rounds for x in r["steps_s"][name]])
            for name in rounds[0]["steps_s"]
        },
        "ballot_to_ack_on_the_console_ms": figures([x for r in rounds for x in r["ack_s"]]),
        "answers": dict(sum((Counter(r["answers"]) for r in rounds), Counter())),
        "publishes_per_round": [r["publishes"] for r in rounds],
        "remote_board_paints_per_round": [r["remote_board_paints"] for r in rounds],
        "board_messages_each_extra_board_received_per_round": [
            sorted(set(r["board_messages_received_by_each_extra_board"])) for r in rounds
        ]
        if rounds[0]["extra_remote_boards"]
        else None,
        "cpus_per_second_of_voting": {
            "machine": {
                k: round(sum(r["machine_s"][k] for r in rounds) / seconds, 2)
                for k in rounds[0]["machine_s"]
            },
            **{
                process: {
                    name: {k: round(v, 3) for k, v in entry.items()}
                    for name, entry in sorted(roles.items())
                }
                for process, roles in cpu.items()
            },
        },
    }


def main(argv: list[str]) -> int:
    match argv:
        case ["--consoles", url, key_file, seed]:
            consoles(url, key_file, int(seed))
            return 0
        case ["--displays", url, key_file, count]:
            displays(url, key_file, int(count))
            return 0
        case ["--board", url, key_file]:
            return board(url, key_file)
        case []:
            pass
        case _:
            print(__doc__, file=sys.stderr)
            return 2
    app = QApplication.instance() or QApplication(sys.argv)
    assert app is not None
    rounds = [run(extra, SEED) for extra in ROUNDS]
    result = {
        "goal": f"ballot to remote light p99 < {GOAL_P99_MS:g} ms, 193 consoles within 1 s; "
        f"{EXTRA_BOARDS} extra remote boards do not slow the control window",
        "processes": "control window and endpoint (this process); 193 consoles (one asyncio "
        "loop); the measured remote board (HallDisplay 1920x1080); the extra remote boards "
        "(display connections of a Fleet, in a process of their own); all on this machine",
        "cpus": os.cpu_count(),
        "rounds": "alternately without and with the extra boards: "
        + ", ".join(str(extra) for extra in ROUNDS),
        **{
            f"with_{extra}_extra_remote_boards": summary(
                [r for r in rounds if r["extra_remote_boards"] == extra]
            )
            for extra in sorted(set(ROUNDS))
        },
    }
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
