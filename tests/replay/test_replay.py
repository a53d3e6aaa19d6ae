"""Replaying past votes: seeking, playing, revealing, comparing, and the history browser."""

from __future__ import annotations

import json
import random
import unicodedata
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.clock import TickingClock
from voteboard.core.board import board_of_record, board_of_vote
from voteboard.core.commands import (
    CastBallot,
    CloseVote,
    LockVote,
    OpenVote,
    PauseVote,
    PrepareVote,
    ResumeVote,
)
from voteboard.core.compare import compare
from voteboard.core.delegations import plan_ballots
from voteboard.core.model import Choice, Light, Mode, VoteSpec
from voteboard.core.session import Session
from voteboard.core.state import fold
from voteboard.journal.archive import import_paths, open_journal, shipped_votes
from voteboard.journal.browse import entries, search
from voteboard.journal.store import Journal
from voteboard.replay.player import REVEAL_STEP_S, Player, RecordedReplay, RevealReplay
from voteboard.replay.timeline import Timeline
from voteboard.resources import un_roster

DGACM = Path(__file__).resolve().parents[3] / "shared" / "data" / "un-voting-dgacm"
needs_dgacm = pytest.mark.skipif(not DGACM.is_dir(), reason=f"{DGACM} is not there")


def run_vote(path: Path, mode: Mode = Mode.RECORDED, seed: int = 4) -> str:
    """A whole vote on a real journal, with a pause, changes of mind and uneven times."""
    rng = random.Random(seed)
    clock = TickingClock(step=timedelta(milliseconds=700))
    with open_journal(path) as journal:
        session = Session(journal, journal.state(), clock=clock)
        session.execute(
            PrepareVote(
                at=clock(), vote="v1", spec=VoteSpec(symbol="A/77/L.9", title="Test", mode=mode)
            )
        )
        session.execute(OpenVote(at=clock()))
        plan = plan_ballots(journal.roster, seed=seed, changes=mode is Mode.RECORDED)
        for index, ballot in enumerate(plan):
            if index == 60:
                session.execute(PauseVote(at=clock()))
                clock.now += timedelta(seconds=20)
                session.execute(ResumeVote(at=clock()))
            clock.now += timedelta(seconds=rng.random() * 2)
            session.execute(CastBallot(at=clock(), member=ballot.member, choice=ballot.choice))
        session.execute(CloseVote(at=clock()))
        session.execute(LockVote(at=clock()))
    return "v1"


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Journal, RecordedReplay]:
    path = tmp_path_factory.mktemp("replay") / "j.sqlite"
    vote = run_vote(path)
    journal = Journal.open(path, readonly=True)
    timeline = Timeline(journal.roster, list(journal.events(vote=vote)))
    return journal, RecordedReplay(journal.roster, timeline)


@settings(max_examples=60, deadline=None)
@given(fraction=st.floats(min_value=0, max_value=1.05))
def test_seeking_gives_the_state_folded_from_the_journal_at_that_time(
    recorded: tuple[Journal, RecordedReplay], fraction: float
) -> None:
    journal, replay = recorded
    replay.player.seek(fraction * replay.player.duration)
    moment = replay.timeline.origin + timedelta(seconds=replay.player.position)
    # Independently: every event of the journal up to that moment, folded as at start-up.
    state = fold(journal.roster, [e for e in journal.events() if e.at <= moment])
    vote = state.votes["v1"]
    assert replay.board() == board_of_vote(vote, journal.roster)


def test_next_event_and_the_result(recorded: tuple[Journal, RecordedReplay]) -> None:
    _, replay = recorded
    player = replay.player
    player.seek(0)
    phases = []
    for _ in range(len(player.marks) + 1):
        player.next_mark()
        phases.append(replay.board().phase.value)
    assert phases[0] == "open"
    assert "paused" in phases
    assert phases[-1] == "locked"
    player.seek(0)
    player.to_end()
    assert replay.board().phase.value == "locked"


def test_playing_at_10x_reaches_the_end_in_a_tenth_of_the_time() -> None:
    player = Player(duration=84.0, marks=(84.0,), position=0.0)
    player.set_speed(10.0)
    player.play()
    tick, ticks = 0.04, 0
    while player.playing:
        player.advance(tick)
        ticks += 1
    assert player.position == 84.0
    assert ticks == pytest.approx(84.0 / 10 / tick, abs=1)
    with pytest.raises(ValueError, match=r"from 0\.5x to 20\.0x"):
        player.set_speed(40.0)


def test_a_secret_vote_replays_who_voted_and_the_totals_never_a_choice(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    vote = run_vote(path, Mode.SECRET, seed=9)
    with Journal.open(path, readonly=True) as journal:
        replay = RecordedReplay(
            journal.roster, Timeline(journal.roster, list(journal.events(vote=vote)))
        )
    choices = {Light.YES, Light.NO, Light.ABSTAIN}
    replay.player.seek(0)
    voted_before = -1
    while replay.player.position < replay.player.duration:
        replay.player.next_mark()
        board = replay.board()
        assert not {m.light for m in board.members} & choices
        if board.phase.value == "open":
            assert board.totals.yes is None
            assert board.voted >= voted_before
            voted_before = board.voted
    assert board.totals.yes is not None  # the totals, at the close
    assert board.phase.value == "locked"


def test_an_imported_vote_opens_on_its_final_board_and_reveals_in_board_order() -> None:
    record = shipped_votes()[3]
    final = board_of_record(record, un_roster())
    replay = RevealReplay(final)
    assert replay.board() == final
    replay.player.seek(0)
    assert {m.light for m in replay.board().members} <= {Light.NONE, Light.INELIGIBLE}
    replay.player.seek(10 * REVEAL_STEP_S)
    shown = replay.board()
    assert [m.light for m in shown.members[:10]] == [m.light for m in final.members[:10]]
    assert {m.light for m in shown.members[10:]} <= {Light.NONE, Light.INELIGIBLE}
    assert shown.note.startswith("Reveal in board order, not the order of voting (10 of 193)")
    assert shown.outcome is None
    lit = [m.light for m in final.members[:10]]
    assert shown.totals.yes == lit.count(Light.YES)
    replay.player.to_end()
    assert replay.board() == final


def _choices(record: dict[str, object]) -> dict[str, str]:
    """Name (without accents: the source writes COTE and CÔTE) to choice, from the lists."""
    found = {}
    lists = (("MS_in_favour", "yes"), ("MS_against", "no"), ("MS_abstaining", "abstain"))
    for key, choice in lists:
        for name in record.get(key) or []:  # type: ignore[attr-defined]
            plain = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
            found[plain] = choice
    return found


@needs_dgacm
def test_comparing_es_11_1_and_es_11_3_gives_the_counts_of_the_data() -> None:
    raw = {}
    for line in (DGACM / "ES-11.json").read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            raw[record["symbol"]] = record
    first, third = _choices(raw["A/RES/ES-11/1"]), _choices(raw["A/RES/ES-11/3"])
    expected = Counter(
        (first.get(name), third.get(name))
        for name in set(first) | set(third)
        if first.get(name) != third.get(name)
    )
    roster = un_roster()
    shipped = {v.symbol: v for v in shipped_votes()}
    comparison = compare(
        board_of_record(shipped["A/RES/ES-11/1"], roster),
        board_of_record(shipped["A/RES/ES-11/3"], roster),
    )
    word = {Light.YES: "yes", Light.NO: "no", Light.ABSTAIN: "abstain", Light.NONE: None}
    got = Counter({(word[a], word[b]): n for (a, b), n in comparison.counts.items()})
    assert got == expected
    assert got[("yes", "abstain")] > 0
    assert "yes → abstain: " + str(expected[("yes", "abstain")]) in comparison.lines()
    marked = comparison.board()
    moved = next(m for m in marked.members if m.code in comparison.moves)
    assert "←" in moved.name


@needs_dgacm
def test_the_history_lists_every_resolution_and_finds_es_11_4(tmp_path: Path) -> None:
    with open_journal(tmp_path / "j.sqlite") as journal:
        import_paths(journal, sorted(DGACM.glob("*.json")))
        items = entries(journal, journal.state())
        assert (
            len(
                {e.symbol for e in items if e.source in ("dgacm",)}
                | {e.symbol for e in items if e.symbol.startswith("A/RES/ES-11/")}
            )
            == 731
        )
        assert [e.symbol for e in search(items, "territorial integrity")] == ["A/RES/ES-11/4"]
        assert [e.symbol for e in search(items, "TERRITORIAL ukraine")] == ["A/RES/ES-11/4"]
        dates = [e.date for e in items]
        assert dates == sorted(dates, reverse=True)
        session_77 = search(items, session="77")
        assert len(session_77) == 88
        turkiye = journal.member_history("TUR")
        # A member on none of a record's lists did not vote.
        assert {turkiye.get(e.symbol) for e in session_77} == {"yes", "no", "abstain", None}
        assert turkiye["A/RES/ES-11/4"] == "yes"


def test_sessions_come_from_resolution_and_draft_symbols() -> None:
    from voteboard.journal.browse import session_of

    assert session_of("A/RES/77/250") == "77"
    assert session_of("A/RES/ES-11/4") == "ES-11"
    assert session_of("A/ES-11/L.5") == "ES-11"
    assert session_of("A/77/L.9") == "77"
    assert session_of("S/RES/2623", "Security Council") == "Security Council"


def test_same_day_votes_are_in_the_order_of_their_numbers(tmp_path: Path) -> None:
    base = shipped_votes()[0]
    with open_journal(tmp_path / "j.sqlite") as journal:
        journal.add_history(
            [base.model_copy(update={"symbol": f"A/RES/80/{n}"}) for n in (74, 106, 9)]
        )
        items = [e.symbol for e in entries(journal, journal.state()) if "/80/" in e.symbol]
    assert items == ["A/RES/80/106", "A/RES/80/74", "A/RES/80/9"]


def test_a_clock_stepped_back_does_not_reorder_the_replay(tmp_path: Path) -> None:
    """The journal's order is the truth: a ballot stamped earlier than the one before it (the
    desk's clock was set back) still comes after it, and the board never goes backwards."""
    times = iter([0, 1, 2, 5, 3, 8, 9])
    start = TickingClock().now

    def clock() -> datetime:
        return start + timedelta(seconds=next(times))

    with open_journal(tmp_path / "j.sqlite") as journal:
        session = Session(journal, journal.state())
        session.execute(
            PrepareVote(at=clock(), vote="v1", spec=VoteSpec(symbol="A/1", title="Test"))
        )
        session.execute(OpenVote(at=clock()))
        for code in ("FRA", "BRA", "DEU"):
            session.execute(CastBallot(at=clock(), member=code, choice=Choice.YES))
        session.execute(CloseVote(at=clock()))
        events = list(journal.events(vote="v1"))
        replay = RecordedReplay(journal.roster, Timeline(journal.roster, events))
    voted, seen = [], -1
    replay.player.seek(0)
    while replay.player.position < replay.player.duration:
        replay.player.next_mark()
        board = replay.board()
        assert board.voted >= seen
        seen = board.voted
        voted.append(board.voted)
    assert voted[-1] == 3
    assert board.phase.value == "closed"
