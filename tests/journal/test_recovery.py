"""A power cut in the middle of a secret ballot: the runtime folder, and the vote's key with
it, is gone. With the secretariat's recovery key the vote is still counted, exactly; without
one it must be cancelled and taken again; a wrong key is refused and changes nothing.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.process import voteboard
from voteboard.core.commands import CancelVote, CloseVote
from voteboard.core.model import Counts, Phase, Refused
from voteboard.core.session import Session
from voteboard.journal.seal import Signer
from voteboard.journal.store import Journal

SYMBOL = "A/ES-11/L.5"


@pytest.fixture
def runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's own runtime folder (the programs it starts inherit it): wiping it touches
    no other test's keys."""
    folder = tmp_path / "runtime"
    monkeypatch.setenv("VOTEBOARD_RUNTIME_DIR", str(folder))
    return folder


def open_secret_vote(journal: Path) -> int:
    """The members of ES-11/4 vote again, secretly; the vote is left open. Returns how many
    ballots were acknowledged."""
    result = voteboard(
        "simulate",
        "--journal",
        journal,
        "--mode",
        "secret",
        "--choices-from",
        "A/RES/ES-11/4",
        "--symbol",
        SYMBOL,
        "--majority",
        "two-thirds",
    )
    lines = result.stdout.splitlines()
    assert all(line.endswith(" voted") for line in lines)
    return len(lines)


def power_cut(runtime: Path) -> None:
    assert any(runtime.iterdir()), "the open vote's key was not in the runtime folder"
    shutil.rmtree(runtime)


def close(journal: Path) -> Counts:
    """Closes the open vote through a Session, as the control window does."""
    with Journal.open(journal) as opened:
        session = Session(opened, opened.state())
        vote = session.state.current_vote
        assert vote is not None
        session.execute(CloseVote(at=session.clock()))
        closed = session.state.votes[vote.id]
        assert closed.phase is Phase.CLOSED
        assert closed.totals is not None
        return closed.totals


def still_open(journal: Path) -> None:
    with Journal.open(journal, readonly=True) as opened:
        vote = opened.state().current_vote
        assert vote is not None
        assert vote.phase is Phase.OPEN


def restore(journal: Path, key: Path) -> subprocess.CompletedProcess[str]:
    result = voteboard("recovery", "restore", "--journal", journal, "--key-file", key, check=False)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_a_vote_cut_by_a_power_cut_is_counted_with_the_recovery_key(
    tmp_path: Path, runtime: Path
) -> None:
    journal, key = tmp_path / "hall.sqlite", tmp_path / "recovery.pem"
    issued = voteboard("recovery", "issue", "--journal", journal, "-o", key)
    assert str(key) in issued.stdout
    assert key.stat().st_mode & 0o777 == 0o600
    assert open_secret_vote(journal) == 143 + 5 + 35
    power_cut(runtime)
    with pytest.raises(Refused, match=r"voteboard recovery restore --journal") as refused:
        close(journal)
    assert SYMBOL in str(refused.value)
    still_open(journal)
    restored = restore(journal, key)
    assert restored.returncode == 0, restored.stderr
    assert f"{SYMBOL}" in restored.stdout
    assert "its key is back" in restored.stdout
    assert close(journal) == Counts(yes=143, no=5, abstain=35)
    verified = voteboard("verify", "--journal", journal)
    assert "intact" in verified.stdout
    # The key lived until the close, and went with it.
    assert not list(runtime.glob("*.key"))


def test_without_a_recovery_key_the_vote_must_be_cancelled_and_taken_again(
    tmp_path: Path, runtime: Path
) -> None:
    journal = tmp_path / "hall.sqlite"
    open_secret_vote(journal)
    power_cut(runtime)
    with pytest.raises(Refused, match="cancel the vote and take it again") as refused:
        close(journal)
    assert "no recovery key" in str(refused.value).lower()
    assert "voteboard recovery restore" not in str(refused.value)
    still_open(journal)
    with Journal.open(journal) as opened:
        session = Session(opened, opened.state())
        vote = session.state.current_vote
        assert vote is not None
        session.execute(CancelVote(at=session.clock(), reason="power cut"))
        assert session.state.votes[vote.id].phase is Phase.CANCELLED
    assert "intact" in voteboard("verify", "--journal", journal).stdout


def test_a_wrong_recovery_key_is_refused_and_changes_nothing(tmp_path: Path, runtime: Path) -> None:
    journal, key = tmp_path / "hall.sqlite", tmp_path / "recovery.pem"
    voteboard("recovery", "issue", "--journal", journal, "-o", key)
    other_key = tmp_path / "other-recovery.pem"
    voteboard("recovery", "issue", "--journal", tmp_path / "other.sqlite", "-o", other_key)
    open_secret_vote(journal)
    power_cut(runtime)
    hall_key = Signer().path
    Signer().public()  # the hall's signing key exists (made at first use)
    minutes = tmp_path / "minutes.txt"
    minutes.write_text("minutes of the 14th plenary meeting\n")
    wrong = [
        (other_key, "not sealed to this recovery key"),  # another journal's recovery key
        (hall_key, "not a voteboard recovery key"),  # the hall's key
        (minutes, "not a voteboard recovery key"),
        (tmp_path / "missing.pem", "missing.pem"),
    ]
    for given, message in wrong:
        result = restore(journal, given)
        assert result.returncode != 0, given
        assert result.stderr.startswith("voteboard recovery: "), result.stderr
        assert message in result.stderr, result.stderr
        assert not (runtime.exists() and list(runtime.glob("*.key"))), "a key was written"
        with pytest.raises(Refused, match="voteboard recovery restore"):
            close(journal)
    # The right key still works after all that.
    assert restore(journal, key).returncode == 0
    assert close(journal) == Counts(yes=143, no=5, abstain=35)


def test_a_recovery_key_issued_mid_vote_is_honest_about_the_open_vote(
    tmp_path: Path, runtime: Path
) -> None:
    """A recovery key issued while a secret ballot is already open: either it covers that
    vote too (its key is on the machine at that moment), or voteboard says that it does not.
    It must never tell, after a power cut, that nothing is missing."""
    journal, key = tmp_path / "hall.sqlite", tmp_path / "recovery.pem"
    open_secret_vote(journal)
    voteboard("recovery", "issue", "--journal", journal, "-o", key)
    power_cut(runtime)
    restored = restore(journal, key)
    assert "nothing to restore" not in restored.stdout, restored.stdout
    if restored.returncode == 0:
        assert close(journal) == Counts(yes=143, no=5, abstain=35)
    else:
        assert SYMBOL in restored.stderr
        with pytest.raises(Refused, match="cancel the vote and take it again") as refused:
            close(journal)
        assert "no recovery key was set" not in str(refused.value).lower()
