"""Two desks as separate processes on real sockets: the primary killed with kill -9 at a random
moment of a vote (recorded and secret) while 193 consoles vote, the standby taken over by the
officer at its keyboard, the vote finished there; every acknowledged ballot kept, the totals
right, the standby's journal intact, and the old primary, started again, fenced."""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from websockets.sync.client import connect

from benchmarks.fleet import Fleet
from tests.net.test_processes import Lines
from voteboard.core.commands import OpenVote, PrepareVote
from voteboard.core.model import Choice, Mode, Phase, VoteSpec
from voteboard.core.roles import Role
from voteboard.core.session import Session
from voteboard.journal.archive import open_journal
from voteboard.journal.store import Journal
from voteboard.net.client import HallClient
from voteboard.net.protocol import Hello, Welcome
from voteboard.net.standby import ask_desk

CHILD = Path(__file__).with_name("desk_child.py")
ROUNDS = int(os.environ.get("VOTEBOARD_STANDBY_ROUNDS", "2"))
"""Rounds of each mode in the suite (set it higher to attack longer: 20 each, 40 rounds, were
run by hand)."""


@contextmanager
def desk(tmp: Path, name: str, *args: str | Path) -> Iterator[tuple[subprocess.Popen[str], Lines]]:
    """`voteboard control ARGS` in its own process, its own runtime and configuration folders
    (the standby's, unless it is the primary whose vote the test prepared), an officer at its
    keyboard (stdin)."""
    env = dict(os.environ)
    if name != "primary":
        for var in ("VOTEBOARD_RUNTIME_DIR", "VOTEBOARD_CONFIG_DIR"):
            folder = tmp / f"{name}-{var.split('_')[1].lower()}"
            folder.mkdir(mode=0o700, exist_ok=True)
            env[var] = str(folder)
    env["XDG_CONFIG_HOME"] = str(tmp / f"{name}-settings")
    with subprocess.Popen(
        [sys.executable, str(CHILD), "control", *map(str, args)],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=env,
    ) as process:
        lines = Lines(process)
        try:
            yield process, lines
        finally:
            if process.poll() is None:
                process.kill()
            process.wait()
            lines.reader.join()


def officer(process: subprocess.Popen[str], action: str) -> None:
    assert process.stdin is not None
    process.stdin.write(action + "\n")
    process.stdin.flush()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def setup(path: Path, mode: Mode) -> tuple[dict[str, str], Path]:
    """A journal with keys issued (the standby's in its own file) and a vote open."""
    with open_journal(path) as journal:
        holders = [(m.code, Role.CONSOLE) for m in journal.roster]
        holders += [("standby", Role.STANDBY), ("display", Role.DISPLAY)]
        keys = journal.issue_keys(holders, at="2026-12-02")
        session = Session(journal, journal.state())
        spec = VoteSpec(symbol="A/80/L.20", title="A vote across a takeover", mode=mode)
        session.execute(PrepareVote(at=session.clock(), vote="v1", spec=spec))
        session.execute(OpenVote(at=session.clock()))
    key_file = path.with_name("standby.key")
    key_file.write_text(keys.pop("standby") + "\n", encoding="utf-8")
    return keys, key_file


class Board:
    """A remote board given both desks' addresses (the program's own client)."""

    def __init__(self, urls: list[str], key: str) -> None:
        self.welcomes: list[int] = []
        self.changed = threading.Condition()
        self.client = HallClient(
            urls, Hello(role=Role.DISPLAY, key=key), self._message, lambda _s: None
        )
        self.client.start()

    def _message(self, message: object) -> None:
        if isinstance(message, Welcome):
            with self.changed:
                self.welcomes.append(message.epoch)
                self.changed.notify_all()

    def wait_epoch(self, epoch: int, timeout: float = 30) -> None:
        with self.changed:
            assert self.changed.wait_for(lambda: epoch in self.welcomes, timeout), self.welcomes


def vote_of(path: Path) -> Any:
    with Journal.open(path, readonly=True, create=False, check=False) as journal:
        state = journal.state()
    return state.current_vote or state.last_vote


async def _all_closed(fleet: Fleet) -> None:
    await asyncio.gather(*fleet._tasks, return_exceptions=True)


async def _settle() -> None:
    for _ in range(3):  # the cancelled vote's tasks end
        await asyncio.sleep(0)


def answered(fleet: Fleet) -> dict[str, str]:
    return {
        code: str(seat.answer.get("type"))
        for code, seat in fleet.consoles.items()
        if seat.answer is not None
    }


@pytest.mark.parametrize(
    ("mode", "seed"),
    [(m, s) for m in (Mode.RECORDED, Mode.SECRET) for s in range(ROUNDS)],
    ids=lambda v: str(v),
)
def test_the_primary_killed_mid_vote_the_standby_takes_over_and_keeps_every_ballot(
    tmp_path: Path, mode: Mode, seed: int
) -> None:
    rng = random.Random(f"{mode}-{seed}")
    a_path, b_path = tmp_path / "primary.sqlite", tmp_path / "standby.sqlite"
    keys, standby_key = setup(a_path, mode)
    display_key = keys.pop("display")
    choices = {code: rng.choice(list(Choice)) for code in keys}
    b_port = free_port()
    b_url = f"ws://127.0.0.1:{b_port}"
    with desk(tmp_path, "primary", "--journal", a_path, "--listen", "127.0.0.1:0") as (a, a_lines):
        a_port = a_lines.wait_for(r"listening on ws://127\.0\.0\.1:(\d+)").group(1)
        a_url = f"ws://127.0.0.1:{a_port}"
        with desk(
            tmp_path,
            "standby",
            "--standby-of",
            a_url,
            "--key-file",
            standby_key,
            "--journal",
            b_path,
            "--listen",
            f"127.0.0.1:{b_port}",
        ) as (b, b_lines):
            b_lines.wait_for(r"standby: following")
            board = Board([a_url, b_url], display_key)
            board.wait_epoch(1)
            fleet = Fleet(a_url, keys)
            fleet.start()
            try:
                # The primary dies after a random number of acknowledgements (0 to 192).
                wanted = rng.randrange(0, len(keys))
                voting = fleet.vote(choices, within_s=1.0, seed=seed)

                async def until_answered() -> None:
                    while len(answered(fleet)) < wanted:
                        await asyncio.sleep(0.001)

                fleet.call(until_answered())
                os.kill(a.pid, signal.SIGKILL)
                a.wait()
                fleet.call(_all_closed(fleet))  # what A sent before it died is read
                voting.cancel()
                fleet.call(_settle())
                acked = {code for code, kind in answered(fleet).items() if kind == "ack"}
            finally:
                fleet.stop()
            assert len(acked) >= wanted

            officer(b, "take over")
            b_lines.wait_for(r"officer: took over")
            b_lines.wait_for(rf"listening on ws://127\.0\.0\.1:{b_port}")
            # Every acknowledged ballot is on the standby, as it was cast.
            vote = vote_of(b_path)
            assert vote.phase is Phase.OPEN
            assert acked <= set(vote.voted)
            if mode is Mode.RECORDED:
                assert {c: vote.ballots[c] for c in acked} == {c: choices[c] for c in acked}
            # The board goes to the new desk by itself; the consoles (the fleet) are sent
            # there, and those not acknowledged vote again.
            board.wait_epoch(2)
            board.client.stop()
            answer = ask_desk(b_url, None)
            assert answer is not None
            assert answer["epoch"] == 2
            assert answer["acting"]
            again = Fleet(b_url, keys)
            again.start()
            try:
                rest = {c: choices[c] for c in keys if c not in vote.voted}
                answers = again.call(again._vote(rest, 0.5, seed), timeout=60)
                assert {a["type"] for a in answers.values()} <= {"ack"}
            finally:
                again.stop()
            officer(b, "close")
            b_lines.wait_for(r"officer: close asked")
            b_lines.wait_for(r"officer: phase closed")
            officer(b, "lock")
            b_lines.wait_for(r"officer: lock asked")
            b_lines.wait_for(r"officer: phase locked")
            vote = vote_of(b_path)
            assert set(vote.voted) == set(keys)
            tally = Counter(choices.values())
            assert (vote.totals.yes, vote.totals.no, vote.totals.abstain) == (
                tally[Choice.YES],
                tally[Choice.NO],
                tally[Choice.ABSTAIN],
            )
            with Journal.open(b_path, readonly=True, create=False, check=False) as journal:
                verification = journal.verify()
                assert verification.intact, verification
                assert journal.epoch() == 2
            # The old primary, started again, learns from the desk that took over that it was
            # taken over: it acts no more, and says so.
            with desk(
                tmp_path, "primary", "--journal", a_path, "--listen", f"127.0.0.1:{a_port}"
            ) as (_old, old_lines):
                old_lines.wait_for(r"FENCED: The desk at ws://127\.0\.0\.1:\d+ took over")
                old = ask_desk(a_url, None)
                assert old is not None
                assert not old["acting"]
                with connect(a_url, open_timeout=10) as console:
                    console.send(
                        Hello(role=Role.CONSOLE, seat="FRA", key=keys["FRA"]).model_dump_json()
                    )
                    refusal = json.loads(console.recv(10))
                assert refusal["type"] == "refused"
                assert refusal["epoch"] == 2
                assert "taken over" in refusal["reason"]
            with Journal.open(a_path, readonly=True, create=False) as journal:
                assert json.dumps(journal.desk_note("fenced"))  # it stays fenced
