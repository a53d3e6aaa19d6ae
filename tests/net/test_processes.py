"""The hall's programs as separate processes on real sockets: the control process killed with
kill -9 during an open vote and started again, a remote display killed and started again,
and the command line's refusals."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import pytest

from tests.process import voteboard
from voteboard.core.commands import OpenVote, PrepareVote
from voteboard.core.model import Choice, Mode, VoteSpec
from voteboard.core.roles import Role
from voteboard.core.session import Session
from voteboard.journal.archive import open_journal
from voteboard.journal.store import Journal
from voteboard.net.client import HallClient
from voteboard.net.protocol import Ack, Hello, SeatState, ServerMessage

SEATS = ["FRA", "BRA", "CHN", "IND", "KEN", "MEX", "NOR", "PER", "QAT", "SEN", "THA", "URY"]


class Lines:
    """What a running program says on stderr about itself, read as it comes."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self._process = process
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self._process.stderr is not None
        for line in self._process.stderr:  # to the end of the program's output
            with self._changed:
                self.lines.append(line.strip())
                self._changed.notify_all()
        with self._changed:
            self.lines.append("<end>")
            self._changed.notify_all()

    def wait_for(self, pattern: str, timeout: float = 30.0, after: int = 0) -> re.Match[str]:
        """The first line from `after` on that matches (waiting for it, not sleeping)."""
        with self._changed:
            found: list[re.Match[str]] = []

            def match() -> bool:
                for line in self.lines[after:]:
                    hit = re.search(pattern, line)
                    if hit:
                        found.append(hit)
                        return True
                return "<end>" in self.lines

            assert self._changed.wait_for(match, timeout), f"no {pattern!r} in {self.lines}"
            assert found, f"the program ended without saying {pattern!r}: {self.lines}"
            return found[0]


@contextmanager
def program(*args: str | Path) -> Iterator[tuple[subprocess.Popen[str], Lines]]:
    with subprocess.Popen(
        [sys.executable, "-m", "voteboard", *map(str, args)],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    ) as process:
        lines = Lines(process)
        try:
            yield process, lines
        finally:
            if process.poll() is None:
                process.terminate()
            process.wait()
            lines.reader.join()  # its reading ends with the output, before the pipe is closed


def open_vote(path: Path, mode: Mode = Mode.RECORDED) -> tuple[dict[str, str], Path]:
    """A journal with keys issued (and written to a keys file) and a vote open."""
    with open_journal(path) as journal:
        holders = [(m.code, Role.CONSOLE) for m in journal.roster] + [("display", Role.DISPLAY)]
        keys = journal.issue_keys(holders, at="2026-11-28")
        session = Session(journal, journal.state())
        spec = VoteSpec(symbol="A/77/L.1", title="A test of the hall", mode=mode)
        session.execute(PrepareVote(at=session.clock(), vote="v1", spec=spec))
        session.execute(OpenVote(at=session.clock()))
    key_file = path.with_name("display.key")  # the display's key alone, as on its machine
    key_file.write_text(keys["display"] + "\n", encoding="utf-8")
    return keys, key_file


class Console:
    """The consoles' own client (it reconnects by itself), one per seat, without a window."""

    def __init__(self, url: str, seat: str, key: str) -> None:
        self.seat = seat
        self.messages: list[ServerMessage] = []
        self.changed = threading.Condition()
        self.client = HallClient(
            url, Hello(role=Role.CONSOLE, seat=seat, key=key), self._message, lambda _s: None
        )
        self.client.start()

    def _message(self, message: ServerMessage) -> None:
        with self.changed:
            self.messages.append(message)
            self.changed.notify_all()

    def wait(self, condition: Callable[[], bool], timeout: float = 30.0) -> None:
        with self.changed:
            assert self.changed.wait_for(condition, timeout), (self.seat, self.messages[-3:])

    def acked(self, ref: int) -> bool:
        return any(isinstance(m, Ack) and m.ref == ref for m in self.messages)

    def own(self) -> str | None:
        states = [m for m in self.messages if isinstance(m, SeatState)]
        return states[-1].own if states else None


def recorded(path: Path) -> dict[str, str]:
    with Journal.open(path, readonly=True, create=False) as journal:
        vote = journal.state().current_vote
        assert vote is not None
        return {code: choice.value for code, choice in vote.ballots.items()}


def test_the_control_process_killed_during_a_vote_loses_no_acknowledged_ballot(
    tmp_path: Path,
) -> None:
    path = tmp_path / "hall.sqlite"
    keys, _ = open_vote(path)
    args = ("control", "--journal", path, "--listen", "127.0.0.1:0")
    with program(*args) as (process, lines):
        port = lines.wait_for(r"listening on ws://127\.0\.0\.1:(\d+)").group(1)
        url = f"ws://127.0.0.1:{port}"
        consoles = [Console(url, seat, keys[seat]) for seat in SEATS]
        try:
            for console in consoles:
                console.client.connected.wait(20)
            choices = {c.seat: list(Choice)[i % 3] for i, c in enumerate(consoles)}
            # Half vote and are acknowledged; the other half vote and the process is killed
            # at once, whatever it has done with them.
            refs = {c.seat: c.client.cast(choices[c.seat]) for c in consoles[:6]}
            for console in consoles[:6]:
                console.wait(partial(console.acked, refs[console.seat]))
            late = {c.seat: c.client.cast(choices[c.seat]) for c in consoles[6:]}
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            acked = {c.seat for c in consoles if c.acked({**refs, **late}[c.seat])}
            assert acked >= set(SEATS[:6])

            with program(*args[:-1], f"127.0.0.1:{port}") as (_again, lines_again):
                lines_again.wait_for("listening on")
                # Every acknowledged ballot is in the journal, and the consoles, connected
                # again by themselves, are told so by the seat's state.
                held = recorded(path)
                assert {s: held.get(s) for s in acked} == {s: choices[s].value for s in acked}
                for console in consoles:

                    def told(c: Console = console) -> bool:
                        return c.own() == held.get(c.seat, "none")

                    console.wait(console.client.connected.is_set)
                    console.wait(told)
                # Those that were not acknowledged vote again, and are.
                again = {
                    c.seat: c.client.cast(choices[c.seat]) for c in consoles if c.seat not in held
                }
                for console in consoles:
                    if console.seat in again:
                        console.wait(partial(console.acked, again[console.seat]))
                assert recorded(path) == {s: c.value for s, c in choices.items()}
        finally:
            for console in consoles:
                console.client.stop()


def test_a_remote_display_killed_and_started_again_shows_the_current_board(
    tmp_path: Path,
) -> None:
    path = tmp_path / "hall.sqlite"
    keys, key_file = open_vote(path)
    with program("control", "--journal", path, "--listen", "127.0.0.1:0") as (_, lines):
        url = "ws://127.0.0.1:" + lines.wait_for(r"listening on ws://[\d.]+:(\d+)").group(1)
        display = ("display", "--connect", url, "--key-file", key_file, "--windowed")
        console = Console(url, "FRA", keys["FRA"])
        try:
            with program(*display) as (board, board_lines):
                board_lines.wait_for(r"board A/77/L\.1 open, 0 voted")
                ref = console.client.cast(Choice.NO)
                console.wait(lambda: console.acked(ref))
                board_lines.wait_for(r"board A/77/L\.1 open, 1 voted")
                os.kill(board.pid, signal.SIGKILL)
                board.wait()
            ref = console.client.cast(Choice.YES)  # a change while the board is away
            console.wait(lambda: console.acked(ref))
            with program(*display) as (_board, board_lines):
                first = board_lines.wait_for(r"display: board (.*)$")
                assert first.group(1) == "A/77/L.1 open, 1 voted"
            assert recorded(path) == {"FRA": "yes"}
        finally:
            console.client.stop()


def test_a_display_or_console_with_a_wrong_key_is_told_why(tmp_path: Path) -> None:
    path = tmp_path / "hall.sqlite"
    _, _key_file = open_vote(path)
    wrong = tmp_path / "wrong.key"
    wrong.write_text("x" * 32 + "\n", encoding="utf-8")
    with program("control", "--journal", path, "--listen", "127.0.0.1:0") as (_, lines):
        url = "ws://127.0.0.1:" + lines.wait_for(r"listening on ws://[\d.]+:(\d+)").group(1)
        result = voteboard("display", "--connect", url, "--key-file", wrong, check=False)
        assert result.returncode == 2
        assert "refused: the key is not valid for a display (wrong, or revoked)" in result.stderr
        with program("console", "--connect", url, "--seat", "FRA", "--key-file", wrong) as (
            _console,
            console_lines,
        ):
            console_lines.wait_for(r"FRA refused: the key is not valid for seat FRA")


def test_keys_are_issued_to_a_new_private_file_listed_and_revoked(tmp_path: Path) -> None:
    path = tmp_path / "hall.sqlite"
    keys = tmp_path / "keys.csv"
    result = voteboard("seats", "issue", "--journal", path, "-o", keys)
    assert "193 seat keys and 3 other keys" in result.stdout
    assert keys.stat().st_mode & 0o777 == 0o600
    rows = keys.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "holder,role,name,key"
    assert len(rows) == 1 + 193 + 3  # the display, the operator, the standby desk
    fra = next(r for r in rows if r.startswith("FRA,")).split(",")
    with Journal.open(path, readonly=True, create=False) as journal:
        assert journal.key_holder(Role.CONSOLE, fra[3]) == "FRA"
        assert journal.key_holder(Role.DISPLAY, fra[3]) is None
    # An existing file is never overwritten, and nothing is issued then.
    again = voteboard("seats", "issue", "--journal", path, "-o", keys, check=False)
    assert again.returncode == 2
    assert "the file exists" in again.stderr
    with Journal.open(path, readonly=True, create=False) as journal:
        assert journal.key_holder(Role.CONSOLE, fra[3]) == "FRA"
    bad = voteboard(
        "seats",
        "issue",
        "--journal",
        path,
        "-o",
        tmp_path / "one.csv",
        "--seat",
        "XXX",
        check=False,
    )
    assert (bad.returncode, "not a member of this assembly: XXX" in bad.stderr) == (2, True)
    assert not (tmp_path / "one.csv").exists()
    # One seat's key again (a console lost), in a file of its own: the old one stops working.
    each = tmp_path / "each"
    voteboard(
        "seats",
        "issue",
        "--journal",
        path,
        "-o",
        tmp_path / "fra.csv",
        "--seat",
        "fra",
        "--each",
        each,
    )
    assert [p.name for p in each.iterdir()] == ["FRA.key"]
    assert (each / "FRA.key").stat().st_mode & 0o777 == 0o600
    new_key = (each / "FRA.key").read_text(encoding="utf-8").strip()
    with Journal.open(path, readonly=True, create=False) as journal:
        assert journal.key_holder(Role.CONSOLE, fra[3]) is None
        assert journal.key_holder(Role.CONSOLE, new_key) == "FRA"
    # The list of every key is for the secretariat: a console given it is refused.
    whole = voteboard(
        "console",
        "--connect",
        "ws://127.0.0.1:1",
        "--seat",
        "FRA",
        "--key-file",
        keys,
        check=False,
    )
    assert whole.returncode == 2
    assert "holds more than one key" in whole.stderr
    voteboard("seats", "revoke", "--journal", path, "display")
    listing = voteboard("seats", "list", "--journal", path).stdout
    assert re.search(r"^display\tdisplay\tissued \S+\trevoked \S+$", listing, re.M)
    assert fra[3] not in listing
    unknown = voteboard("seats", "revoke", "--journal", path, "display", check=False)
    assert (unknown.returncode, "no valid key to revoke for: display" in unknown.stderr) == (
        2,
        True,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["control", "--listen", "0.0.0.0:0"],
            "0.0.0.0 is not a loopback address: a hall network needs TLS",
        ),
        (["control", "--listen", "127.0.0.1:0", "--tls-cert", "c.pem"], "go together"),
        (["control", "--listen", "nowhere"], "is not ADDRESS:PORT"),
        (["control", "--insecure-test-network"], "need --listen"),
        (["display", "--connect", "ws://127.0.0.1:1"], "--connect needs --key-file"),
        (
            ["display", "--connect", "ws://127.0.0.1:1", "--key-file", "k", "--journal", "j"],
            "two sources",
        ),
        (["console", "--connect", "http://x", "--seat", "FRA", "--key-file", "k"], "ws://"),
        (["console", "--connect", "ws://x", "--seat", "FR4", "--key-file", "k"], "member's code"),
        (
            ["console", "--connect", "ws://x", "--seat", "FRA", "--key-file", "missing"],
            "--key-file missing: No such file or directory",
        ),
        (
            ["console", "--connect", "ws://127.0.0.1:99999", "--seat", "FRA", "--key-file", "k"],
            "not a URL such as",
        ),
        (
            ["display", "--connect", "ws://[bad", "--key-file", "k"],
            "not a URL such as",
        ),
        (
            [
                "console",
                "--connect",
                "ws://x:1",
                "--seat",
                "FRA",
                "--key-file",
                "k",
                "--tls-ca",
                "k",
            ],
            "--tls-ca goes with a wss:// URL",
        ),
        (
            ["seats", "issue", "--journal", "journal.sqlite", "-o", "k.csv", "--seat", "ZZZ"],
            "not a member of this assembly: ZZZ",
        ),
        (
            ["seats", "issue", "--journal", "journal.sqlite", "-o", "nowhere/k.csv"],
            "there is no folder nowhere",
        ),
        (["seats", "revoke", "--journal", "journal.sqlite", "FRA"], "there is no journal there"),
    ],
)
def test_the_command_line_refuses_what_cannot_work_and_creates_nothing(
    tmp_path: Path, args: list[str], message: str
) -> None:
    (tmp_path / "k").write_text("y" * 32, encoding="utf-8")
    journal = tmp_path / "journal.sqlite"
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "voteboard",
            *args,
            *(["--journal", str(journal)] if args[0] == "control" else []),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not journal.exists()
    assert not (tmp_path / "data").exists()
    assert not (tmp_path / "k.csv").exists()


def test_a_port_already_taken_is_refused_before_the_journal_is_made(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        journal = tmp_path / "journal.sqlite"
        result = voteboard(
            "control", "--journal", journal, "--listen", f"127.0.0.1:{port}", check=False
        )
    assert result.returncode == 2
    assert f"--listen 127.0.0.1:{port}: Address already in use" in result.stderr
    assert not journal.exists()
