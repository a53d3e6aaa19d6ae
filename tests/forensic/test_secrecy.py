"""Secret ballots attacked as an adversary would (DESIGN §4, "Who we defend against").

Real processes run secret ballots (the members voting as they did on A/RES/ES-11/4, whose every
choice the attacker knows); copies of the journal's files are taken at random moments, a
reader follows the journal as a display does, a backup is made mid-vote, the writer is killed
with SIGKILL, and the WAL is kept whole by a read transaction held across the close and the
lock. On everything taken, every attack of `attacks.py` tries to name members' choices, or to
find the vote's key or a running total.

The same scenario is run through `plain_urn.py`, voteboard with its choices stored in clear,
and the same attacks must link ballots there: that is what shows they are real attacks. With
the sealed urn they must do no better than chance, and with the vote's key (which the test
reads from the runtime folder while the vote is open; the attacker never has it) the same
pairings must name every member's choice: they reach every sealed ballot, and only the seal
stands in their way.

The moments are drawn from a seed, printed; `VOTEBOARD_FORENSIC_SEED=N` runs them again.
"""

from __future__ import annotations

import base64
import os
import random
import re
import secrets
import sqlite3
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.forensic import attacks, scenario
from tests.forensic.attacks import LINKING, Evidence, Score, pooled, score
from tests.forensic.scenario import Run
from voteboard.journal.seal import load_recovery_key, open_from_recovery

SEED = int(os.environ.get("VOTEBOARD_FORENSIC_SEED") or secrets.randbelow(2**32))
RATE = 60  # ballots per second: a vote of 183 ballots lasts about three seconds
COPIES = 24  # copies of the files per vote, at random ballots


@dataclass
class Attacked:
    """A run and what the attacks found in it, without the key and with it."""

    run: Run
    found: Evidence
    control: Evidence


def _analyse(run: Run, scratch: Path, earlier: Sequence[Run] = ()) -> Attacked:
    found, control = attacks.analyse(
        run.snapshots,
        run.polls,
        run.vote,
        run.truth,
        run.key,
        scratch / run.name.replace(" ", "-"),
        SEED,
        earlier_keys=[e.key for e in earlier],
    )
    return Attacked(run, found, control)


def _recovery_key(journal: Path, folder: Path) -> Path:
    """The secretariat's recovery key, set for the journal; its private half kept apart."""
    folder.mkdir(mode=0o700)
    pem = folder / "recovery.pem"
    made = subprocess.run(
        [*scenario.PROGRAMS["sealed"], "recovery", "issue", "--journal", str(journal), "-o", pem],
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    return pem


@pytest.fixture(scope="module")
def sealed(tmp_path_factory: pytest.TempPathFactory) -> list[Attacked]:
    """The real build: two votes in one journal (locked; then closed, with a recovery key
    set), four writers killed, and a vote through the control window."""
    print(f"forensic seed {SEED} (VOTEBOARD_FORENSIC_SEED={SEED} runs these moments again)")
    rng = random.Random(SEED)
    base = tmp_path_factory.mktemp("sealed")
    hall = base / "hall" / "journal.sqlite"
    hall.parent.mkdir()
    first = scenario.observed_vote(
        "sealed", hall, rng, end="lock", rate=RATE, copies=COPIES, name="vote 1 (locked)"
    )
    _recovery_key(hall, base / "secretariat")
    second = scenario.observed_vote(
        "sealed", hall, rng, end="close", rate=RATE, copies=COPIES, name="vote 2 (closed)"
    )
    kills = [
        scenario.killed_vote("sealed", base / f"kill{i}" / "journal.sqlite", rng, moment, name)
        for i, (moment, name) in enumerate(
            [
                ("during", "kill -9 during the vote"),
                ("during", "kill -9 during the vote, again"),
                ("last ballot", "kill -9 at the last ballot"),
                ("closing", "kill -9 as the close waits for a reader"),
            ]
        )
    ]
    control = scenario.control_vote(
        base / "control" / "journal.sqlite", rng, rate=RATE, seed=SEED % 1000, copies=20
    )
    scratch = base / "scratch"
    return [
        _analyse(first, scratch),
        _analyse(second, scratch, earlier=[first]),
        *(_analyse(run, scratch) for run in kills),
        _analyse(control, scratch),
    ]


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> list[Attacked]:
    """The same first vote, through voteboard with its urn in clear."""
    rng = random.Random(SEED)
    base = tmp_path_factory.mktemp("plain")
    hall = base / "hall" / "journal.sqlite"
    hall.parent.mkdir()
    run = scenario.observed_vote(
        "plain", hall, rng, end="close", rate=RATE, copies=COPIES, name="plain vote (closed)"
    )
    return [_analyse(run, base / "scratch")]


def _scores(
    attacked: Attacked, attack: str, evidence: Evidence | None = None
) -> Iterator[tuple[str, Score]]:
    """Each snapshot's score for an attack, then its score over every snapshot."""
    claims = (evidence or attacked.found).names.get(attack, [])
    truth = attacked.run.truth
    for where, names in claims:
        yield where, score(names, truth)
    yield f"{attacked.run.name}: every snapshot", score(pooled(claims), truth)


def _summary(runs: Sequence[Attacked], attack: str) -> str:
    """An attack's score over every snapshot of each run (printed: `pytest -s` shows it)."""
    lines = [
        f"  {a.run.name}: {score(pooled(a.found.names[attack]), a.run.truth)}"
        for a in runs
        if attack in a.found.names
    ]
    return f"{attack} (seed {SEED}):\n" + "\n".join(lines)


# ---- the real build: nothing links, nothing leaks --------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("attack", LINKING)
def test_no_attack_links_a_sealed_ballot(sealed: list[Attacked], attack: str) -> None:
    print(_summary(sealed, attack))
    linked = [
        f"{where}: {result}"
        for attacked in sealed
        for where, result in _scores(attacked, attack)
        if result.links
    ]
    assert not linked, f"{attack} links sealed ballots (seed {SEED}):\n" + "\n".join(linked)


@pytest.mark.slow
@pytest.mark.parametrize("leak", attacks.LEAKING)
def test_nothing_taken_holds_the_key_or_a_running_total(sealed: list[Attacked], leak: str) -> None:
    found = [line for attacked in sealed for line in attacked.found.leaks.get(leak, [])]
    assert not found, f"{leak} (seed {SEED}):\n" + "\n".join(found[:20])


@pytest.mark.slow
def test_no_file_beside_the_journal_holds_a_key_and_none_keeps_an_ended_urn(
    sealed: list[Attacked],
) -> None:
    """At the end, every file in the journal's folder (the journal, its WAL, the backups): the
    key of no vote in it. And once the vote has ended and no reader holds the WAL, no sealed
    ballot of it is left in the journal's files either (the WAL emptied, the urn's cells
    overwritten), besides the backups taken mid-vote."""
    keys = [a.run.key for a in sealed]
    for attacked in sealed:
        run = attacked.run
        assert run.folder, run.name
        for name, data in run.folder.items():
            for key in keys:
                assert not attacks.key_places(data, key), (run.name, name)
        if "kill -9" in run.name and "close waits" not in run.name:
            continue
        for name, data in run.folder.items():
            if "-backup-" not in name:
                assert not attacks.carve_urn(data, run.vote), (run.name, name)


@pytest.mark.slow
def test_the_scenario_took_what_it_meant_to(sealed: list[Attacked]) -> None:
    """Enough to attack: the copies, the polls, the WAL kept whole by the held reader; the
    display's board never showed a total or a choice while open; and every key destroyed."""
    for attacked in sealed:
        run = attacked.run
        assert run.key, run.name
        assert not run.board_problems, (run.name, run.board_problems)
        assert not run.key_after_end or "kill -9" in run.name, (run.name, run.key_after_end)
    first, second = sealed[0].run, sealed[1].run
    for run in (first, second):
        assert len(run.snapshots) >= 20 + 2  # copies, the backup, the files after the end
        assert len(run.polls) >= 50
        assert len(run.acknowledged) == len(run.truth) == 183
        assert run.wal_held > 4096 * len(run.truth), "the held reader did not keep the WAL"
        assert not run.key_after_end
    interrupted = next(a.run for a in sealed if "close waits" in a.run.name)
    assert interrupted.wal_held > 4096 * len(interrupted.truth), "the kill left the WAL whole"
    assert not interrupted.key_after_end  # no key outlives its close (the next writer finishes)
    control = sealed[-1].run
    assert len(control.snapshots) >= 20
    assert not control.key_after_end


@pytest.mark.slow
def test_with_the_key_the_same_pairings_name_every_choice(sealed: list[Attacked]) -> None:
    """The control: the pairings do reach every sealed ballot (in the copies, the WAL kept
    whole, the backup, the reader's view), so that nothing but the seal keeps the choices."""
    for attacked in sealed[:2]:
        run = attacked.run
        for pairing in ("digest", "wal-order", "poll-digest", "poll-diff", "cell-order"):
            *_, (_, every) = _scores(attacked, f"{pairing}+key", attacked.control)
            message = f"{run.name}: {pairing}+key: {every} (seed {SEED})"
            if pairing == "cell-order":  # only while the urn fits on one page
                assert every.wrong == 0, message
                assert every.p < PLAIN_LINKS["cell-order+clear"], message
            else:
                assert every.links, message
        held = dict(_scores(attacked, "wal-order+key", attacked.control))
        (whole,) = [s for where, s in held.items() if "a reader holding the WAL" in where]
        assert whole.hits == whole.minority == 40, whole  # every frame of the vote is there
        assert whole.wrong == 0, whole
        assert attacked.control.leaks.get("raw-totals"), "the close's totals, found after it"
    control_window = sealed[-1]
    *_, (_, every) = _scores(control_window, "digest+key", control_window.control)
    assert every.links, every
    # Every copy, backup and crash holds every ballot acknowledged when it was taken.
    for attacked in sealed:
        for where, result in _scores(attacked, "digest+key", attacked.control):
            taken = re.search(r"after ballot (\d+)", where)
            assert result.wrong == 0, (where, result)
            if taken:
                assert result.named >= int(taken.group(1)), (where, result)


@pytest.mark.slow
def test_the_recovery_copy_of_the_key_opens_only_with_the_recovery_key(
    sealed: list[Attacked],
) -> None:
    """The second vote's key was sealed to the secretariat's recovery key: a copy taken mid-vote
    holds it only sealed (the key search found it nowhere), and only the private half, kept
    off the machine, opens it."""
    run = sealed[1].run
    backups = [s for s in run.snapshots if "backup" in s.where]
    (backup,) = backups
    db_path = run.journal.parent / "look-at-backup.sqlite"
    db_path.write_bytes(backup.files[""])
    with closing(sqlite3.connect(db_path)) as db:
        rows = db.execute("SELECT vote, sealed FROM urn_keys").fetchall()
    assert [vote for vote, _ in rows] == [run.vote]
    pem = run.journal.parents[1] / "secretariat" / "recovery.pem"
    opened = open_from_recovery(load_recovery_key(pem.read_bytes()), rows[0][1], run.vote)
    assert opened == run.key


# ---- the plain urn: the same attacks link ----------------------------------------------------

RECORDED = ("--mode", "recorded", "--choices-from", scenario.SOURCE)
PLAIN_LINKS = {
    attack: 1e-3 if attack.startswith("cell-order") else attacks.LINK_P
    for attack in LINKING
    if attack not in ("copy-diff+clear", "member-words")
}
"""What each attack must do against the plain urn: a chance below this that a blind guess
does as well. The order of a page's cells tells the order of the ballots only while the urn
fits on one page (its first 55 to 60 ballots, with 5 to 20 of the minority's): there it
must name right every member it pairs, better than chance, if not always at 1e-6."""


@pytest.mark.slow
@pytest.mark.parametrize("attack", PLAIN_LINKS)
def test_the_same_attack_links_the_ballots_of_a_plain_urn(
    plain: list[Attacked], attack: str
) -> None:
    print(_summary(plain, attack))
    (attacked,) = plain
    *_, (where, every) = _scores(attacked, attack)
    message = f"{attack} does not link a plain urn: {where}: {every} (seed {SEED})"
    assert every.hits > 0, message
    assert every.p < PLAIN_LINKS[attack], message
    if attack.startswith("cell-order"):
        assert every.wrong == 0, message


@pytest.mark.slow
def test_in_a_plain_urn_the_wal_order_names_every_minority_member(plain: list[Attacked]) -> None:
    (attacked,) = plain
    held = dict(_scores(attacked, "wal-order+clear"))
    (whole,) = [s for where, s in held.items() if "a reader holding the WAL" in where]
    assert whole.hits == whole.minority == 40, whole
    assert whole.wrong == 0, whole


@pytest.mark.slow
def test_in_a_plain_urn_copies_taken_apart_do_better_than_chance(plain: list[Attacked]) -> None:
    """Copies taken at random ballots tell apart only the few ballots cast between two of
    them: weaker than the WAL, but better than a blind guess."""
    (attacked,) = plain
    *_, (_, every) = _scores(attacked, "copy-diff+clear")
    assert every.hits > 0, every
    assert every.p < 0.05, every


@pytest.mark.slow
def test_a_plain_urn_gives_running_totals(plain: list[Attacked]) -> None:
    (attacked,) = plain
    assert attacked.found.leaks.get("histogram-totals"), "the byte that holds the choice"
    for leak in ("key", "early-totals", "raw-totals"):
        assert not attacked.found.leaks.get(leak), leak


# ---- the searches find what is there -----------------------------------------------------------


@pytest.mark.slow
def test_the_raw_searches_find_a_recorded_vote_and_a_key(tmp_path: Path) -> None:
    """A recorded vote puts each member's choice in its event: the search for choice words
    beside members' codes names them all. And a key is found in every form it looks for."""
    journal = tmp_path / "recorded.sqlite"
    subprocess.run(
        [*scenario.PROGRAMS["sealed"], "simulate", "--journal", journal, *RECORDED],
        capture_output=True,
        check=True,
    )
    files = scenario.take(journal, "recorded", True).files
    result = score(attacks.choices_near_members(b"".join(files.values())), scenario.es11_4())
    assert result.links, result  # (a few delegations press another button first, then change)
    assert result.hits >= 30, result

    key = secrets.token_bytes(32)
    for form in (key, key.hex().encode(), base64.b64encode(key), base64.urlsafe_b64encode(key)):
        assert attacks.key_places(b"noise" + form + b"noise", key)
    assert not attacks.key_places(secrets.token_bytes(100_000), key)
