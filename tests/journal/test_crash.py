"""kill -9 at random moments: every acknowledged ballot survives and the chain stays intact."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from voteboard.core.events import BallotCast, BallotChanged, BallotDeposited
from voteboard.core.model import Phase
from voteboard.journal.store import Journal

KILLS = 10


def _run_and_kill(journal: Path, mode: str, seed: int, after: int) -> list[tuple[str, str]]:
    """Starts a simulated vote, reads `after` acknowledgements, then kills it with SIGKILL."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "voteboard",
            "simulate",
            "--journal",
            str(journal),
            "--mode",
            mode,
            "--seed",
            str(seed),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        bufsize=1,
    )
    assert process.stdout is not None
    acknowledged = []
    for _ in range(after):
        line = process.stdout.readline()
        if not line:
            break
        member, choice = line.split()
        acknowledged.append((member, choice))
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    process.stdout.close()
    assert process.returncode in (-signal.SIGKILL, 0)
    return acknowledged


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["recorded", "secret"])
def test_kill_minus_nine_loses_no_acknowledged_ballot(tmp_path: Path, mode: str) -> None:
    rng = random.Random(2022)
    for round_ in range(KILLS):
        journal = tmp_path / f"{mode}{round_}.sqlite"
        acknowledged = _run_and_kill(journal, mode, seed=round_, after=rng.randint(0, 200))
        if not journal.exists():
            assert not acknowledged
            continue
        with Journal.open(journal) as reopened:
            assert reopened.verify().intact
            state = reopened.state()
            events = list(reopened.events())
            vote = state.current_vote
            urn = reopened.count_urn(vote.id) if vote is not None else None
        if vote is None:
            assert not acknowledged
            continue
        assert vote.phase is Phase.OPEN
        if mode == "recorded":
            # What was acknowledged is the beginning of what the journal holds, in order.
            stored = [
                (e.member, e.choice.value)
                for e in events
                if isinstance(e, BallotCast | BallotChanged)
            ]
        else:
            stored = [(e.member, "voted") for e in events if isinstance(e, BallotDeposited)]
            # The urn and the participation events were written together, never one alone.
            assert urn is not None
            assert urn.totals.ballots == len(stored) == len(vote.voted)
        assert stored[: len(acknowledged)] == acknowledged, round_
    verify = subprocess.run(
        [sys.executable, "-m", "voteboard", "verify", "--journal", str(journal)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert verify.returncode == 0
    assert "intact" in verify.stdout
