"""What `network.py` and `web.py` measure with (not part of the installed program): the
percentiles, the CPU each thread ran and waited (Linux's schedstat), the controller that
notes when each console's ballot was durable, and the child processes that talk to the
benchmark in lines of JSON (or, for a `voteboard` command, its lines of text on stderr).
"""

from __future__ import annotations

import json
import math
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QProcess, QTimer

from voteboard.core.board import Board
from voteboard.core.commands import CastBallot, Command
from voteboard.core.model import Light
from voteboard.ui.controller import CommandOutcome, Controller, Done, Origin

ROOT = Path(__file__).resolve().parent.parent
Threads = dict[int, tuple[str, int, int]]
LIT = frozenset({Light.YES, Light.NO, Light.ABSTAIN, Light.VOTED})
"""The lights that say a member has voted (a secret ballot's `voted` among them)."""


# ---- figures ------------------------------------------------------------------------------------


def percentile(values: Iterable[float], q: float) -> float:
    """The nearest-rank percentile: the smallest value that a share q of the values do not
    exceed (of 193 values, p99 is the 192nd smallest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def figures(values_s: Sequence[float]) -> dict[str, float | int]:
    """Count, median, p95, p99 and maximum of durations in seconds, in milliseconds."""
    ms = [v * 1000 for v in values_s]
    if not ms:
        return {"count": 0}
    return {
        "count": len(ms),
        "median": round(percentile(ms, 0.5), 2),
        "p95": round(percentile(ms, 0.95), 2),
        "p99": round(percentile(ms, 0.99), 2),
        "max": round(max(ms), 2),
    }


def threads(pid: int) -> Threads:
    """Each thread of a process: its name, and the nanoseconds it has run on a CPU and waited
    in the run queue for one (Linux's schedstat; nothing elsewhere)."""
    found = {}
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            name = (task / "comm").read_text().strip()
            ran, waited = (task / "schedstat").read_text().split()[:2]
        except (OSError, ValueError):
            continue  # ended meanwhile
        found[int(task.name)] = (name, int(ran), int(waited))
    return found


def machine() -> list[int]:
    """The machine's CPU time so far, in clock ticks: busy, idle, iowait, steal."""
    try:
        line = Path("/proc/stat").read_text().splitlines()[0].split()
    except OSError:
        return [0, 0, 0, 0]
    user, nice, system, idle, iowait, irq, softirq, steal = (int(x) for x in line[1:9])
    return [user + nice + system + irq + softirq, idle, iowait, steal]


def lit(board: Board) -> set[str]:
    """The members whose light the board shows lit."""
    return {m.code for m in board.members if m.light in LIT}


def emit(message: dict[str, Any]) -> None:
    """A line of JSON to the parent process."""
    print(json.dumps(message, separators=(",", ":")), flush=True)


# ---- the control process ----------------------------------------------------------------------


class TimedController(Controller):
    """The controller, noting for each console's ballot when the endpoint's thread submitted
    it, when the journal's thread had it durable (and told the console), and when the GUI
    thread learnt that. It changes nothing of what the controller does."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.submitted: dict[str, float] = {}
        self.durable: dict[str, float] = {}
        self.learnt: dict[str, float] = {}
        # Queued to the GUI thread, after the controller's own slot: when the GUI learnt it.
        self._writer.done.connect(self._learnt)

    def _learnt(self, outcome: CommandOutcome, *_: object) -> None:  # in the GUI thread
        if isinstance(outcome.command, CastBallot) and outcome.origin is Origin.CONSOLE:
            self.learnt[outcome.command.member] = time.monotonic()

    def submit(
        self, command: Command, origin: Origin = Origin.OPERATOR, on_done: Done | None = None
    ) -> bool:
        if isinstance(command, CastBallot) and origin is Origin.CONSOLE:
            member, answer = command.member, on_done
            self.submitted[member] = time.monotonic()  # in the endpoint's thread

            def done(error: str | None) -> None:  # in the journal's thread
                self.durable[member] = time.monotonic()
                if answer is not None:
                    answer(error)

            on_done = done
        return super().submit(command, origin, on_done)


def wait(condition: Callable[[], object], timeout_ms: int = 20000) -> bool:
    """Runs the event loop until the condition holds (polled every millisecond) or the time
    is out; says whether it holds. Not used while the control window is watched."""
    loop = QEventLoop()
    poll = QTimer()

    def check() -> None:
        if condition():
            loop.quit()

    poll.timeout.connect(check)
    poll.start(1)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    poll.stop()
    return bool(condition())


class Child:
    """A process (`python ARGUMENTS…`) talking in lines: JSON on its stdout (a benchmark run
    in another mode, told what to do on its stdin), or text on its stderr (`text_on_stderr`:
    a `voteboard` command, stopped with SIGTERM)."""

    def __init__(
        self,
        name: str,
        arguments: list[str],
        *,
        text_on_stderr: bool = False,
        on_line: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self.name = name
        self.lines: list[Any] = []
        self.text_on_stderr = text_on_stderr
        self.on_line = on_line
        self.process = QProcess()
        self.process.setWorkingDirectory(str(ROOT))
        if text_on_stderr:
            self.process.setProcessChannelMode(QProcess.ProcessChannelMode.SeparateChannels)
            self.process.setReadChannel(QProcess.ProcessChannel.StandardError)
            self.process.readyReadStandardError.connect(self._read)
        else:
            self.process.setProcessChannelMode(QProcess.ProcessChannelMode.ForwardedErrorChannel)
            self.process.readyReadStandardOutput.connect(self._read)
        self.process.start(sys.executable, arguments)

    def _read(self) -> None:
        while self.process.canReadLine():
            line = bytes(self.process.readLine().data()).decode().strip()
            if not line:
                continue
            if self.text_on_stderr:
                self.lines.append(line)
                continue
            message = json.loads(line)
            self.lines.append(message)
            if self.on_line is not None:
                self.on_line(message)

    def running(self) -> bool:
        return self.process.state() is not QProcess.ProcessState.NotRunning

    def take(self, found: Callable[[Any], bool], timeout_s: float = 60) -> Any:
        """Its first line that `found` accepts, once it has printed it (RuntimeError if it does
        not). The event loop runs meanwhile, woken by the child's output only: no polling
        timer adds to what the control window's heartbeat measures."""
        signal = (
            self.process.readyReadStandardError
            if self.text_on_stderr
            else self.process.readyReadStandardOutput
        )

        def there() -> Any:
            return next((line for line in self.lines if found(line)), None)

        loop = QEventLoop()
        timeout = QTimer()
        timeout.setSingleShot(True)

        def check() -> None:
            self._read()
            if there() is not None or not self.running():
                loop.quit()

        signal.connect(check)
        self.process.finished.connect(check)
        timeout.timeout.connect(loop.quit)
        timeout.start(round(timeout_s * 1000))
        self._read()
        if there() is None and self.running():
            loop.exec()
        timeout.stop()
        signal.disconnect(check)
        self.process.finished.disconnect(check)
        line = there()
        if line is None:
            raise RuntimeError(f"{self.name}: not there within {timeout_s} s: {self.lines[-5:]}")
        return line

    def key(self, key: str, timeout_s: float = 60) -> dict[str, Any]:
        """Its first JSON line with that key (RuntimeError if it reports an error instead)."""
        line: dict[str, Any] = self.take(lambda m: key in m or "error" in m, timeout_s)
        if "error" in line:
            raise RuntimeError(f"{self.name}: {line['error']}")
        return line

    def say(self, text: str) -> None:
        self.process.write(f"{text}\n".encode())
        self.process.waitForBytesWritten(5000)

    def end(self) -> None:
        if not self.running():
            return
        if self.text_on_stderr:
            self.process.terminate()  # SIGTERM: a voteboard command stops as it is told to
        else:
            self.say("stop")
            self.process.closeWriteChannel()
        if not self.process.waitForFinished(15000):
            self.process.kill()
            self.process.waitForFinished(5000)
