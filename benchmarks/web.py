"""The board on the web (the web issue): a thousand pages' live feeds on one relay, from a
ballot durable at the desk to every page having it, and what they cost the control window,
printing JSON.

    QT_QPA_PLATFORM=offscreen python benchmarks/web.py [--viewers 1000] [--rounds 4]
        [--within 1.0] [--baseline idle-relay|no-relay] [--client raw|websockets] [--pin]

The processes of a hall and its press room, but here on one machine (so they share its cores;
the figures of where the CPU went say how much):

- this one, the control process: the controller on a real journal file, the control window
  (1920x1080) and its endpoint (`HallLink`) on a loopback socket, as in `network.py`;
- the consoles: the 193 seats' connections on one asyncio loop (`Fleet`), which cast their
  ballots at random moments within `--within` seconds (1 s, as in `network.py`: the densest
  burst a vote sees, the desk publishing up to once a frame; a longer spread keeps the relay
  at the same pace, at most a page every 40 ms, only for longer), and one remote board's
  connection to the desk (a `Fleet` display), which notes when each member's light first
  reached a display of the desk: the moment the relay, another display, had it too;
- the relay: `python -m voteboard web --connect ws://127.0.0.1:DESK --key-file DISPLAY.key
  --listen 127.0.0.1:0 --max-per-address N`, a real subprocess with a display's key;
- the viewers: the web pages' feeds (`ws://127.0.0.1:PORT/live`), in 2 processes of half of
  them each, every connection of a process on its one asyncio loop. A viewer does the least
  it can: for each message it notes `time.monotonic()`, the message's CRC-32 and its length,
  and parses nothing. By default it reads its feed with `RawFeed` (RFC 6455 by hand, on an
  asyncio Protocol: about 30 us of CPU a message here against about 70 us for websockets'
  client, whose cost, a thousand feeds at 25 pages a second, would take most of a CPU from the
  relay it measures; `--client websockets` for that one);
- the probe: one more feed, in a process of its own (so it reads each page the moment the
  relay sends it), not counted among the viewers, which parses every message: it maps each
  page's CRC to the members its board shows lit (`board.members[].light` other than `none`;
  an ineligible member, `ineligible`, never casts, so it is never looked up).

A round is one recorded vote on a fresh journal with a fresh relay; the rounds alternate
between no viewer (the relay attached to the desk but without a page, `--baseline idle-relay`,
or no relay at all, `--baseline no-relay`) and `--viewers` viewers (0, 1000, 1000, 0, ...), all
with the same ballots at the same moments. Before each round the benchmark waits (at most
`--quiet-wait` s) for a second in which the machine is nearly idle, so that another job's burst
is let pass. A ballot's latency at a viewer is the first arrival, at that viewer, of a message
whose board shows the member lit (its CRC looked up in the probe's map, offline once the round
is over), minus the moment the desk had the ballot durable (noted with `time.monotonic` in the
journal's thread, where the console is told, as in `network.py`); every process reads
`time.monotonic` (CLOCK_MONOTONIC on Linux, one clock for all). Its figures are over every
(ballot, viewer) pair. Where that time goes is taken ballot by ballot at each hand-over: a
display of the desk has it (the relay's own reception is the same broadcast of the desk), the
probe has it (the relay's folding of the desk's boards into at most a page every 40 ms, the
page made and the broadcast up to the probe's turn), the first viewer has it; and each page
at each viewer against the probe (the viewer's turn in the relay's broadcast to a thousand
sockets, and its process's reading). `--pin` puts the desk and the consoles on CPU 0 and the
relay and the viewers on CPU 1, as if each side had its own machine (but for the kernel's
loopback and the memory).

The control window's event loop is watched as in `control.py` and `network.py`: a 1 ms timer
records the gaps between its ticks, over the same stretch in every round (from the consoles
told to vote to `--within` + 2 s later), so the longest stall with the viewers sits beside
the longest without them. The CPU each process (and each of its threads) ran, and waited in
the run queue for a CPU, over that stretch comes from Linux's schedstat, per second (1.0 = a
whole CPU); the relay's CPU per page broadcast is its CPU over the stretch divided by its
pages; the machine's busy time outside these processes, and its load before the rounds, tell
a run disturbed by other work.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import datetime as dt
import hashlib
import itertools
import json
import math
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from fleet import Fleet  # benchmarks/fleet.py and measure.py, beside this one
from measure import (
    LIT,
    Child,
    TimedController,
    emit,
    figures,
    lit,
    machine,
    percentile,
    threads,
    wait,
)
from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from voteboard.core.model import Choice, Phase
from voteboard.core.roles import Role
from voteboard.journal.archive import open_journal
from voteboard.ui.control import ControlWindow
from voteboard.ui.network import HallLink

GOAL_P99_MS = 100.0
GOAL_STALL_MS = 5.0
VIEWERS = 1000
VIEWER_PROCESSES = 2
WITHIN_S = 1.0
SETTLE_S = 2.0
"""The stretch watched lasts the ballots' spread and this much more."""
SEED = 7
HERE = str(Path(__file__).resolve())
Record = tuple[float, int, int]  # when, CRC-32, length


# ---- figures (and measure.py's) ----------------------------------------------------------------


def spread(values: Sequence[float]) -> dict[str, float | int]:
    if not values:
        return {"count": 0}
    return {
        "min": min(values),
        "median": statistics.median(values),
        "max": max(values),
    }


def pin(pid: int, cpu: int) -> None:
    """Every thread of a process on one CPU (`--pin`); the threads it starts later inherit it."""
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            os.sched_setaffinity(int(task.name), {cpu})
        except OSError:
            continue  # ended meanwhile


def load_average() -> list[float]:
    try:
        return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]
    except (OSError, ValueError):
        return []


# ---- the children -------------------------------------------------------------------------------


def consoles(url: str, key_file: str, seed: int, within_s: float) -> None:
    """Every seat's console and one display connected, then (told "go" on stdin) ballots within
    `within_s`; (told "report") prints when each was sent and answered, and when the display
    first had each member's light lit."""
    keys: dict[str, str] = json.loads(Path(key_file).read_text())
    codes = [holder for holder in keys if holder != "display"]
    fleet = Fleet(url, keys, seats=codes, displays=1)
    try:
        fleet.start(timeout=60)
        emit({"ready": len(codes)})
        if sys.stdin.readline().strip() != "go":
            return
        rng = random.Random(seed)
        choices = {code: rng.choice(list(Choice)) for code in codes}
        answers = fleet.vote(choices, within_s=within_s, seed=seed).result(timeout=120)
        if sys.stdin.readline().strip() != "report":  # the boards after the last ack are in
            return
        seats = fleet.consoles
        shown: dict[str, float] = {}
        for at, message in fleet.displays[0].received:
            if message.get("type") == "board":
                for member in message["board"]["members"]:
                    if member["light"] in LIT and member["code"] not in shown:
                        shown[member["code"]] = at
        emit(
            {
                "sent_at": {code: seats[code].sent_at for code in codes},
                "answered_at": {code: seats[code].answered_at for code in codes},
                "answers": Counter(a.get("type", "none") for a in answers.values()),
                "desk_display_had": shown,
            }
        )
        sys.stdin.readline()  # until told to stop (or the parent is gone)
    finally:
        fleet.stop()


def _frame(data: bytes, at: int, size: int) -> tuple[int, int] | None:
    """Where the payload of the whole frame at `at` begins and ends; None if it is not all
    there yet."""
    if size - at < 2:
        return None
    second = data[at + 1] & 0x7F
    if second < 126:
        head, length = at + 2, second
    elif second == 126:
        if size - at < 4:
            return None
        head, length = at + 4, int.from_bytes(data[at + 2 : at + 4], "big")
    else:
        if size - at < 10:
            return None
        head, length = at + 10, int.from_bytes(data[at + 2 : at + 10], "big")
    return (head, head + length) if head + length <= size else None


def lit_of(message: dict[str, Any]) -> list[str] | None:
    """The members a page's board shows lit (a light other than `none`); None if no page."""
    if message.get("type") != "page":
        return None
    return [m["code"] for m in message["board"]["members"] if m["light"] != "none"]


def complete_page(message: dict[str, Any]) -> bool:
    """Whether a page shows the open vote with every light that may be lit, lit."""
    board = message["board"]
    return bool(
        board.get("phase") == "open" and all(m["light"] != "none" for m in board["members"])
    )


class RawFeed(asyncio.Protocol):
    """A page's feed read with the least work a WebSocket client can do (RFC 6455 by hand):
    the opening handshake, then for each whole frame its time, CRC-32 and length, nothing
    parsed; a ping is answered, a close is returned. The server's frames are never masked
    nor, from the relay (websockets' `broadcast`), fragmented."""

    def __init__(
        self,
        host: str,
        path: str,
        records: list[Record],
        kept: dict[int, bytes],
        probe: Callable[[int, bytes], None] | None,
    ) -> None:
        self.records, self.kept, self.probe = records, kept, probe
        self.key = base64.b64encode(os.urandom(16)).decode()
        self.request = (
            f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {self.key}\r\n"
            "Sec-WebSocket-Version: 13\r\n\r\n"
        ).encode()
        self.open = False
        self.buffer = b""
        self.transport: asyncio.Transport | None = None
        self.first: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        transport.write(self.request)

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.first.done():
            self.first.set_exception(ConnectionError(f"closed before its first page: {exc}"))

    def data_received(self, data: bytes) -> None:
        now = time.monotonic()
        if self.buffer:
            data = self.buffer + data
        if not self.open:
            end = data.find(b"\r\n\r\n")
            if end < 0:
                self.buffer = data
                return
            self._opened(data[:end])
            data = data[end + 4 :]
        size, at = len(data), 0
        view = memoryview(data)
        records = self.records
        while (frame := _frame(data, at, size)) is not None:
            head, end = frame
            opcode = data[at] & 0x0F
            if opcode in (1, 2):
                crc = zlib.crc32(view[head:end])
                records.append((now, crc, end - head))
                if crc not in self.kept:  # each distinct message once, for the offline map
                    self.kept[crc] = data[head:end]
                if self.probe is not None:
                    self.probe(crc, data[head:end])
                if not self.first.done():
                    self.first.set_result(None)
            elif opcode == 9:  # ping
                self._send(0xA, data[head:end])
            elif opcode == 8:  # close
                self._send(0x8, data[head:end])
                assert self.transport is not None
                self.transport.close()
            at = end
        self.buffer = data[at:] if at < size else b""

    def _opened(self, head: bytes) -> None:
        accept = base64.b64encode(
            hashlib.sha1((self.key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest()
        )
        if not head.startswith(b"HTTP/1.1 101") or accept not in head:
            raise ConnectionError(f"no WebSocket: {head[:200]!r}")
        self.open = True

    def _send(self, opcode: int, payload: bytes) -> None:
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        assert self.transport is not None
        self.transport.write(bytes([0x80 | opcode, 0x80 | len(payload)]) + mask + masked)


def viewers(url: str, count: int, probe: bool, client: str) -> None:
    """`count` pages' feeds (and the probe, if asked) on one asyncio loop, read by `RawFeed`
    or by websockets' client. Prints "ready" once each has its first page; then takes lines
    on stdin: `complete CRC` (a page that shows every light, seen by the probe in another
    process), `report` (prints what each received once each has a complete page, or after
    30 s), `stop`."""
    asyncio.run(_viewers(url, count, probe, client))


async def _viewers(url: str, count: int, probe: bool, client: str) -> None:  # noqa: C901
    loop = asyncio.get_running_loop()
    commands: asyncio.Queue[str] = asyncio.Queue()

    records: list[list[Record]] = [[] for _ in range(count + probe)]
    pages: dict[int, list[str] | None] = {}  # the probe's: CRC -> the members lit, None if no page
    complete: set[int] = set()
    kept: dict[int, bytes] = {}  # every distinct message, unparsed: CRC -> it

    def read_stdin() -> None:
        for line in sys.stdin:
            if line.startswith("complete "):  # taken at once, even while a report waits
                loop.call_soon_threadsafe(complete.add, int(line.split()[1]))
            else:
                loop.call_soon_threadsafe(commands.put_nowait, line.strip())
        loop.call_soon_threadsafe(commands.put_nowait, "stop")

    threading.Thread(target=read_stdin, daemon=True).start()

    def parse(crc: int, raw: bytes) -> None:
        """The probe's parse of a message (after its time is noted), once per distinct one."""
        if crc in pages:
            return
        message = json.loads(raw)
        pages[crc] = lit_of(message)
        if pages[crc] is not None and complete_page(message):
            complete.add(crc)
            emit({"complete": crc})

    closers: list[Callable[[], Any]] = []
    tasks: list[asyncio.Task[None]] = []
    where = urllib.parse.urlsplit(url)
    host, port = where.hostname or "127.0.0.1", where.port or 80

    async def open_raw(index: int) -> None:
        _, feed = await loop.create_connection(
            lambda: RawFeed(
                where.netloc,
                where.path or "/",
                records[index],
                kept,
                parse if probe and index == count else None,
            ),
            host,
            port,
        )
        assert feed.transport is not None
        closers.append(feed.transport.close)
        await asyncio.wait_for(feed.first, 60)

    async def read(connection: ClientConnection, index: int) -> None:
        append = records[index].append
        recv = connection.recv
        monotonic, crc32 = time.monotonic, zlib.crc32
        looked = parse if probe and index == count else None
        try:
            while True:
                raw = await recv(decode=False)
                now, crc = monotonic(), crc32(raw)
                append((now, crc, len(raw)))
                if crc not in kept:
                    kept[crc] = raw
                if looked is not None:
                    looked(crc, raw)
        except ConnectionClosed:
            pass

    async def open_websockets(index: int) -> None:
        connection = await connect(
            url, compression=None, max_size=1 << 20, open_timeout=60, ping_interval=None
        )
        closers.append(connection.close)
        raw = await connection.recv(decode=False)
        crc = zlib.crc32(raw)
        records[index].append((time.monotonic(), crc, len(raw)))
        kept.setdefault(crc, raw)
        if probe and index == count:
            parse(crc, raw)
        tasks.append(asyncio.create_task(read(connection, index)))

    opening = open_raw if client == "raw" else open_websockets
    await asyncio.gather(*(opening(i) for i in range(count + probe)))  # the probe is the last
    emit({"ready": count, "probe": probe})

    def has_complete(index: int) -> bool:
        return any(crc in complete for _, crc, _ in reversed(records[index]))

    while True:
        command = await commands.get()
        if command == "report":
            deadline = time.monotonic() + 30
            waiting = set(range(count + probe))
            while waiting and time.monotonic() < deadline:
                waiting = {i for i in waiting if not has_complete(i)}
                if waiting:
                    await asyncio.sleep(0.05)
            emit(
                {
                    "records": records[:count],
                    "probe": records[count] if probe else None,
                    "pages": {str(crc): lit for crc, lit in pages.items()} if probe else None,
                    "kept": {} if probe else {str(c): raw.decode() for c, raw in kept.items()},
                    "without_a_complete_page": len(waiting),
                }
            )
        elif command == "stop":
            break
    for task in tasks:
        task.cancel()
    for close in closers:
        result = close()
        if asyncio.iscoroutine(result):
            await result


# ---- the control process ------------------------------------------------------------------------


def pause(seconds: float) -> None:
    """Runs the event loop for that long, with no timer of its own but one."""
    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    loop.exec()


def run(viewers: int, args: argparse.Namespace) -> dict[str, Any]:  # noqa: C901 (a round)
    """One round: a recorded vote of 193 consoles, on a fresh journal, with `viewers` pages on
    the relay."""
    children: list[Child] = []
    with tempfile.TemporaryDirectory() as folder:
        journal = open_journal(Path(folder) / "j.sqlite")
        holders = [(m.code, Role.CONSOLE) for m in journal.roster]
        at = dt.datetime.now(dt.UTC).isoformat()
        keys = journal.issue_keys([*holders, ("display", Role.DISPLAY)], at=at)
        key_file = Path(folder) / "keys.json"
        key_file.touch(mode=0o600)
        key_file.write_text(json.dumps(keys))
        display_key = Path(folder) / "display.key"
        display_key.touch(mode=0o600)
        display_key.write_text(keys["display"] + "\n")
        controller = TimedController(journal)
        link = HallLink(controller)
        link.start()
        window = ControlWindow(controller, network=link)
        window.resize(1920, 1080)
        window.show()
        try:
            window.prepare.symbol.setText("A/80/L.92")
            window.prepare.title.setPlainText("A vote of the test")
            window.prepare.prepare_button.click()
            if not wait(lambda: controller.can("open")) or not controller.phase("open"):
                raise RuntimeError("the vote was not prepared")
            wait(lambda: not controller.busy and controller.wait_idle())
            vote = controller.state.current_vote
            if vote is None or vote.phase is not Phase.OPEN:
                raise RuntimeError(f"the vote did not open: {vote}")

            relay = None
            if viewers or args.baseline == "idle-relay":
                arguments = ["-m", "voteboard", "web", "--connect", link.url]
                arguments += ["--key-file", str(display_key), "--listen", "127.0.0.1:0"]
                arguments += ["--max-per-address", str(viewers + 1000)]
                relay = Child("relay", arguments, text_on_stderr=True)
                children.append(relay)
                serving = relay.take(lambda line: "serving http://" in line or "refused" in line)
                if "serving" not in serving:
                    raise RuntimeError(f"relay: {serving}")
                relay.take(lambda line: "connected to" in line)
                page_url = serving.split("serving http://")[1].split("/ ")[0]
                page_url = f"ws://{page_url}/live"
            fleet = Child(
                "consoles",
                [HERE, "--child-consoles", link.url, str(key_file), str(SEED), str(args.within)],
            )
            children.append(fleet)
            watchers: list[Child] = []
            if viewers:
                assert relay is not None
                shares = [
                    viewers // VIEWER_PROCESSES + (i < viewers % VIEWER_PROCESSES)
                    for i in range(VIEWER_PROCESSES)
                ]

                def forward(message: dict[str, Any]) -> None:
                    if "complete" in message:  # the probe's: to the viewers' processes
                        for other in watchers[1:]:
                            other.say(f"complete {message['complete']}")

                watchers.append(  # the probe, alone in its process: it reads at once
                    Child(
                        "probe",
                        [HERE, "--child-viewers", page_url, "0", "1", args.client],
                        on_line=forward,
                    )
                )
                for i, share in enumerate(shares):
                    watchers.append(
                        Child(
                            f"viewers {i + 1}",
                            [HERE, "--child-viewers", page_url, str(share), "0", args.client],
                        )
                    )
                children += watchers
            for child in children:
                if child is not relay:
                    child.key("ready", 120)
            members = len(controller.roster)
            displays = 1 + (relay is not None)

            def everyone() -> bool:
                consoles = link.connections["consoles"]
                assert isinstance(consoles, list)
                return len(consoles) == members and link.connections["displays"] == displays

            if not wait(everyone, 30000) or not wait(controller.wait_idle):
                raise RuntimeError(f"not all connected: {link.connections}")
            pause(0.3)  # the viewers' first pages are in; the clock's messages go on

            published: dict[str, float] = {}
            publishes: list[float] = []

            def on_publish(_state: object) -> None:
                # The controller's first signal of a publish, before the endpoint's slot of
                # board_changed hands the board to the network: its board is already made.
                now = time.monotonic()
                publishes.append(now)
                for code in lit(controller.board) - published.keys():
                    published[code] = now

            controller.state_changed.connect(on_publish)
            pids = {c.name: c.process.processId() for c in children}
            pids["control"] = os.getpid()
            if args.pin:
                for name, pid in pids.items():
                    pin(pid, 0 if name in ("control", "consoles") else 1)
            before = {name: threads(pid) for name, pid in pids.items()}
            machine_before = machine()
            ticks: list[float] = []
            heartbeat = QTimer()
            heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
            heartbeat.timeout.connect(lambda: ticks.append(time.monotonic()))
            heartbeat.start(1)
            start = time.monotonic()
            fleet.say("go")
            pause(args.within + SETTLE_S)
            heartbeat.stop()
            elapsed = time.monotonic() - start
            after = {name: threads(pid) for name, pid in pids.items()}
            machine_after = machine()
            controller.state_changed.disconnect(on_publish)
            fleet.say("report")
            cast = fleet.key("answers", 120)
            # The viewers first, each once it has a page with every light; then the probe,
            # whose map must hold every page they had.
            for watcher in watchers[1:]:
                watcher.say("report")
            reports = [watcher.key("records", 120) for watcher in watchers[1:]]
            if watchers:
                watchers[0].say("report")
                reports.insert(0, watchers[0].key("records", 120))
        finally:
            for child in children:
                child.end()
            window._closing_confirmed = True
            window.close()

    cpu: dict[str, dict[str, list[float]]] = {}
    for process, pid in pids.items():
        for tid, (name, ran, waited) in after[process].items():
            _, ran0, waited0 = before[process].get(tid, (name, 0, 0))
            role = "main thread" if tid == pid else f"thread {name}"
            entry = cpu.setdefault(process, {}).setdefault(role, [0.0, 0.0])
            entry[0] += (ran - ran0) / 1e9
            entry[1] += (waited - waited0) / 1e9
    ours = sum(ran for roles in cpu.values() for ran, _ in roles.values())
    clock_ticks = os.sysconf("SC_CLK_TCK")
    used = [(b - a) / clock_ticks for a, b in zip(machine_before, machine_after, strict=True)]
    durable = controller.durable
    desk_display: dict[str, float] = cast["desk_display_had"]
    steps = {
        # On the way to the web: the desk's endpoint publishes to its displays (the relay
        # among them; the consoles' process holds another, which notes when it had each).
        "durable_to_a_display_of_the_desk_as_the_relay": (durable, desk_display),
        # Beside it, the control window's own publish (its GUI thread).
        "durable_to_the_control_windows_publish": (durable, published),
    }
    result: dict[str, Any] = {
        "viewers": viewers,
        "relay": relay is not None,
        "seconds_watched": elapsed,
        "ballots_durable": len(durable),
        "answers": cast["answers"],
        "gaps_s": [b - a for a, b in itertools.pairwise(ticks)],
        "cpu_s": cpu,
        "machine_s": {
            **dict(zip(("busy", "idle", "iowait", "steal"), used, strict=True)),
            "busy_outside_these_processes": used[0] - ours,
        },
        "publishes": len(publishes),
        "steps_s": {
            name: [end[c] - begin[c] for c in begin if c in end]
            for name, (begin, end) in steps.items()
        },
    }
    if viewers:
        seen = pages_seen(reports, durable, desk_display, start)
        result["steps_s"].update(seen.pop("steps_s"))
        result.update(seen)
    return result


def page_map(reports: list[dict[str, Any]]) -> tuple[dict[int, frozenset[str] | None], set[int]]:
    """CRC -> the members lit of every page any viewer had (None for a message that is not a
    page), from the probe's parse and the viewers' kept messages; and the CRCs of those the
    probe did not get."""
    probe, *others = reports
    pages = {
        int(crc): None if codes is None else frozenset(codes)
        for crc, codes in probe["pages"].items()
    }
    missed = set()
    for report in others:
        for crc, raw in report["kept"].items():
            if int(crc) not in pages:
                codes = lit_of(json.loads(raw))
                pages[int(crc)] = None if codes is None else frozenset(codes)
                missed.add(int(crc))
    return pages, missed


def pages_seen(
    reports: list[dict[str, Any]],
    durable: dict[str, float],
    desk_display: dict[str, float],
    start: float,
) -> dict[str, Any]:
    """Each (ballot, viewer) pair's latency, from what the viewers noted and the probe's map
    (the probe's report first)."""
    probe, *others = reports
    pages, probe_missed = page_map(reports)
    probe_had: dict[int, float] = {}  # a page's CRC -> when the probe first had it
    probe_lit: dict[str, float] = {}  # a member -> when the probe first had it lit
    sizes: Counter[int] = Counter()
    clock_sizes: Counter[int] = Counter()
    for at, crc, length in probe["probe"]:
        shown = pages.get(crc)
        (clock_sizes if shown is None else sizes)[length] += 1
        if at < start or shown is None:
            continue
        probe_had.setdefault(crc, at)
        for code in shown:
            probe_lit.setdefault(code, at)
    latencies: list[float] = []
    after_probe: list[float] = []
    first_viewer: dict[str, float] = {}
    missing = unknown = 0
    page_counts: list[int] = []
    clock_counts: list[int] = []
    arrivals: dict[int, list[float]] = {}  # a page's CRC -> when each viewer first had it
    for report in others:
        for records in report["records"]:
            seen: set[str] = set()
            page_count = clock_count = 0
            had: set[int] = set()
            for at, crc, _ in records:
                if at < start:
                    continue
                if crc not in pages:
                    unknown += 1
                    continue
                shown = pages[crc]
                if shown is None:
                    clock_count += 1
                    continue
                page_count += 1
                if crc not in had:
                    had.add(crc)
                    arrivals.setdefault(crc, []).append(at)
                    if crc in probe_had:
                        after_probe.append(at - probe_had[crc])
                for code in shown - seen:
                    if code in durable:
                        latencies.append(at - durable[code])
                        if at < first_viewer.get(code, math.inf):
                            first_viewer[code] = at
                seen |= shown
            missing += sum(1 for code in durable if code not in seen)
            page_counts.append(page_count)
            clock_counts.append(clock_count)
    broadcast = [max(times) - min(times) for times in arrivals.values() if len(times) > 1]
    return {
        "latency_s": latencies,
        "pairs_missing": missing,
        "messages_unknown": unknown,
        "distinct_messages_the_probe_did_not_get": len(probe_missed),
        "viewers_without_the_last_page": sum(r["without_a_complete_page"] for r in others),
        "page_messages_per_viewer": spread(page_counts),
        "clock_messages_per_viewer": spread(clock_counts),
        "page_bytes": spread(list(sizes.elements())),
        "clock_bytes": spread(list(clock_sizes.elements())),
        "pages_broadcast": len(arrivals),
        "broadcast_first_to_last_viewer_s": broadcast,
        "steps_s": {
            "to_the_probe_fold_make_send": [
                probe_lit[c] - desk_display[c]
                for c in durable
                if c in probe_lit and c in desk_display
            ],
            "to_the_first_viewer": [
                first_viewer[c] - desk_display[c] for c in first_viewer if c in desk_display
            ],
            "each_page_at_each_viewer_minus_at_the_probe": after_probe,
        },
    }


def summary(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """The rounds of one configuration together: their pairs pooled."""
    gaps = [x for r in rounds for x in r["gaps_s"]]
    seconds = sum(r["seconds_watched"] for r in rounds)
    cpu: dict[str, dict[str, dict[str, float]]] = {}
    for r in rounds:
        for process, roles in r["cpu_s"].items():
            for name, (ran, waited) in roles.items():
                entry = cpu.setdefault(process, {}).setdefault(name, {"ran": 0.0, "waited": 0.0})
                entry["ran"] += ran / seconds
                entry["waited"] += waited / seconds
    processes = {
        process: {
            "total_ran": round(sum(e["ran"] for e in roles.values()), 3),
            "total_waited": round(sum(e["waited"] for e in roles.values()), 3),
            **{
                name: {k: round(v, 3) for k, v in entry.items()}
                for name, entry in sorted(roles.items())
                if entry["ran"] >= 0.005
            },
        }
        for process, roles in cpu.items()
    }
    steps = {name for r in rounds for name in r["steps_s"]}
    out: dict[str, Any] = {
        "rounds": len(rounds),
        "relay": rounds[0]["relay"],
        "ballots_durable_per_round": [r["ballots_durable"] for r in rounds],
        "answers": dict(sum((Counter(r["answers"]) for r in rounds), Counter())),
        "machine_before_each_round": [r["before_the_round"] for r in rounds],
    }
    if rounds[0]["viewers"]:
        latency = figures([x for r in rounds for x in r["latency_s"]])
        out.update(
            {
                "durable_to_viewer_ms": latency,
                "p99_under_100_ms": latency.get("p99", math.inf) < GOAL_P99_MS,
                "p99_of_each_round_ms": [figures(r["latency_s"])["p99"] for r in rounds],
                "max_of_each_round_ms": [figures(r["latency_s"])["max"] for r in rounds],
                "pairs_missing": sum(r["pairs_missing"] for r in rounds),
                "messages_unknown": sum(r["messages_unknown"] for r in rounds),
                "distinct_messages_the_probe_did_not_get": [
                    r["distinct_messages_the_probe_did_not_get"] for r in rounds
                ],
                "viewers_without_the_last_page": [
                    r["viewers_without_the_last_page"] for r in rounds
                ],
                "page_messages_per_viewer_per_round": [
                    r["page_messages_per_viewer"] for r in rounds
                ],
                "clock_messages_per_viewer_per_round": [
                    r["clock_messages_per_viewer"] for r in rounds
                ],
                "pages_broadcast_per_round": [r["pages_broadcast"] for r in rounds],
                "relay_cpu_ms_per_page_broadcast": [
                    round(
                        1000
                        * sum(ran for ran, _ in r["cpu_s"]["relay"].values())
                        / max(1, r["pages_broadcast"]),
                        1,
                    )
                    for r in rounds
                ],
                "page_bytes": rounds[0]["page_bytes"],
                "clock_bytes": rounds[0]["clock_bytes"],
                "one_page_first_to_last_viewer_ms": figures(
                    [x for r in rounds for x in r["broadcast_first_to_last_viewer_s"]]
                ),
            }
        )
    out.update(
        {
            "control_window": {
                "longest_event_loop_stall_ms": round(max(gaps) * 1000, 2),
                "longest_stall_of_each_round_ms": [
                    round(max(r["gaps_s"]) * 1000, 2) for r in rounds
                ],
                "p99_gap_of_the_1ms_timer_ms": round(percentile(gaps, 0.99) * 1000, 2),
                "ticks_per_second": round(len(gaps) / seconds),
            },
            "where_the_time_goes_ms": {
                name: figures([x for r in rounds for x in r["steps_s"].get(name, [])])
                for name in sorted(steps, key=STEPS.index)
            },
            "desk_publishes_per_round": [r["publishes"] for r in rounds],
            "cpus_per_second_watched": {
                "machine": {
                    k: round(sum(r["machine_s"][k] for r in rounds) / seconds, 2)
                    for k in rounds[0]["machine_s"]
                },
                **processes,
            },
        }
    )
    return out


STEPS = [
    "durable_to_a_display_of_the_desk_as_the_relay",
    "to_the_probe_fold_make_send",
    "to_the_first_viewer",
    "each_page_at_each_viewer_minus_at_the_probe",
    "durable_to_the_control_windows_publish",
]


def quiet(below: float, at_most_s: float) -> dict[str, float]:
    """Waits (at most that long) for a second in which the machine's busy CPUs, with none of
    this benchmark's processes running, stay below `below`: another job's burst is let pass
    before a round begins. Says how long it waited and how busy that last second was."""
    clock_ticks = os.sysconf("SC_CLK_TCK")
    began = time.monotonic()
    while True:
        before = machine()
        time.sleep(1.0)
        busy = (machine()[0] - before[0]) / clock_ticks
        waited = time.monotonic() - began - 1.0
        if busy < below or waited >= at_most_s:
            return {"waited_s": round(waited, 1), "busy_cpus_the_second_before": round(busy, 2)}


def idle_load(seconds: float = 2.0) -> dict[str, Any]:
    """The machine's busy CPUs before the rounds, with none of this benchmark's processes."""
    before = machine()
    time.sleep(seconds)
    after = machine()
    clock_ticks = os.sysconf("SC_CLK_TCK")
    return {
        "busy_cpus": round((after[0] - before[0]) / clock_ticks / seconds, 2),
        "load_average_1_5_15_min": load_average(),
    }


def main(argv: list[str]) -> int:
    match argv:
        case ["--child-consoles", url, key_file, seed, within]:
            consoles(url, key_file, int(seed), float(within))
            return 0
        case ["--child-viewers", url, count, probe, client]:
            viewers(url, int(count), probe == "1", client)
            return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--viewers", type=int, default=VIEWERS, help="pages on the relay")
    parser.add_argument(
        "--rounds", type=int, default=4, help="rounds, alternately 0, N, N, 0, 0, N... viewers"
    )
    parser.add_argument(
        "--within", type=float, default=WITHIN_S, help="seconds the ballots are spread over"
    )
    parser.add_argument(
        "--client",
        choices=("raw", "websockets"),
        default="raw",
        help="how the viewers read their feeds: RFC 6455 by hand (the cheapest), or websockets",
    )
    parser.add_argument(
        "--pin",
        action="store_true",
        help="the desk and the consoles on CPU 0, the relay and the viewers on CPU 1 (as if "
        "on machines of their own, but for the kernel's work and the memory)",
    )
    parser.add_argument(
        "--quiet-below",
        type=float,
        default=0.3,
        help="before each round, wait for a second with fewer busy CPUs than this",
    )
    parser.add_argument(
        "--quiet-wait", type=float, default=60, help="the longest wait for such a second"
    )
    parser.add_argument(
        "--baseline",
        choices=("idle-relay", "no-relay"),
        default="idle-relay",
        help="the rounds without viewers: the relay attached with no page, or no relay",
    )
    args = parser.parse_args(argv)
    if args.viewers < 1 or args.rounds < 2:
        parser.error("--viewers is 1 or more, --rounds 2 or more")
    if args.pin and len(os.sched_getaffinity(0)) < 2:
        parser.error("--pin needs 2 CPUs")
    pattern = [0, args.viewers, args.viewers, 0]
    plan = [pattern[i % 4] for i in range(args.rounds)]
    app = QApplication.instance() or QApplication(sys.argv)
    assert app is not None
    before = idle_load()
    with tempfile.TemporaryDirectory() as keys:
        # The votes' keys and the hall's signing key of this run stay in its folder.
        os.environ["VOTEBOARD_RUNTIME_DIR"] = str(Path(keys) / "runtime")
        os.environ["VOTEBOARD_CONFIG_DIR"] = str(Path(keys) / "config")
        rounds = []
        for count in plan:
            calm = quiet(args.quiet_below, args.quiet_wait)
            rounds.append({**run(count, args), "before_the_round": calm})
    baseline = "relay attached, no page" if args.baseline == "idle-relay" else "no relay"
    result = {
        "goal": f"{args.viewers} viewers on one relay: ballot durable to viewer p99 < "
        f"{GOAL_P99_MS:g} ms; the control window's longest stall within {GOAL_STALL_MS:g} ms "
        f"of the rounds without viewers ({baseline})",
        "processes": "control window and endpoint (this process); 193 consoles and a display "
        "(one asyncio loop); the relay (python -m voteboard web); the viewers in "
        f"{VIEWER_PROCESSES} processes (one asyncio loop each), the probe in one more; "
        "all on this machine",
        "cpus": os.cpu_count(),
        "pinned": "desk and consoles on CPU 0, relay and viewers on CPU 1" if args.pin else None,
        "viewers_client": args.client,
        "ballots_within_s": args.within,
        "rounds": ", ".join(str(count) for count in plan) + " viewers",
        "machine_before_the_rounds": before,
        "load_average_after_1_5_15_min": load_average(),
    }
    without = summary([r for r in rounds if r["viewers"] == 0])
    with_viewers = summary([r for r in rounds if r["viewers"]])
    result["without_viewers"] = without
    result[f"with_{args.viewers}_viewers"] = with_viewers
    stall = with_viewers["control_window"]["longest_event_loop_stall_ms"]
    stall_0 = without["control_window"]["longest_event_loop_stall_ms"]
    result["side_by_side"] = {
        "durable_to_viewer_p99_ms": with_viewers["durable_to_viewer_ms"].get("p99"),
        "p99_goal_met": with_viewers["p99_under_100_ms"],
        "longest_stall_ms_without_and_with_viewers": [stall_0, stall],
        "stall_goal_met": stall - stall_0 <= GOAL_STALL_MS,
    }
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
