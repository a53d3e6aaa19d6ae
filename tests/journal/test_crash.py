"""kill -9 at random moments: every acknowledged ballot survives and the chain stays intact."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from voteboard.core.model import Choice, Phase
from voteboard.journal.store import Journal

KILLS = 12


def _simulate(journal: Path, seed: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "voteboard",
            "simulate",
            "--journal",
            str(journal),
            "--seed",
            str(seed),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        bufsize=1,
    )


@pytest.mark.slow
def test_kill_minus_nine_loses_no_acknowledged_ballot(tmp_path: Path) -> None:
    rng = random.Random(2022)
    for round_ in range(KILLS):
        journal = tmp_path / f"j{round_}.sqlite"
        process = _simulate(journal, seed=round_)
        assert process.stdout is not None
        wanted = rng.randint(0, 150)
        acknowledged: dict[str, Choice] = {}
        for _ in range(wanted):
            line = process.stdout.readline()
            if not line:
                break
            member, choice = line.split()
            acknowledged[member] = Choice(choice)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        process.stdout.close()
        assert process.returncode == -signal.SIGKILL
        if not journal.exists():
            assert not acknowledged
            continue
        with Journal.open(journal) as reopened:
            assert reopened.verify().intact
            state = reopened.state()
        if not acknowledged:
            continue
        vote = state.current_vote
        assert vote is not None
        assert vote.phase is Phase.OPEN
        for member, choice in acknowledged.items():
            assert vote.ballots.get(member) is choice, (round_, member)
        verify = subprocess.run(
            [sys.executable, "-m", "voteboard", "verify", "--journal", str(journal)],
            capture_output=True,
            text=True,
        )
        assert verify.returncode == 0
        assert "intact" in verify.stdout
