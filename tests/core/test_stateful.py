"""Random sequences of commands (Hypothesis): the rules hold at every step, whatever the order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from voteboard.core.commands import (
    CancelVote,
    CastBallot,
    CloseVote,
    Command,
    LockVote,
    OpenVote,
    PauseVote,
    PrepareVote,
    RecordCorrection,
    RestoreRight,
    ResumeVote,
    WithdrawRight,
)
from voteboard.core.events import EVENT_ADAPTER, Event
from voteboard.core.model import Choice, Light, Majority, Mode, Phase, Refused, VoteSpec
from voteboard.core.roster import Member, Roster
from voteboard.core.session import MemoryStore, Session
from voteboard.core.state import AssemblyState, VoteState, fold

ROSTER = Roster(
    assembly="Test assembly",
    members=tuple(Member(code=f"M{i:02d}", name=f"Member {i}") for i in range(20)),
)
MEMBERS = st.sampled_from([*ROSTER.codes, "XXX"])
CHOICES = st.sampled_from(list(Choice))
_CHOICE_WORDS = tuple(f'"{c.value}"' for c in Choice)


def _snapshot(vote: VoteState) -> tuple[object, ...]:
    return (vote.phase, vote.tally(), tuple(vote.light(c) for c in ROSTER.codes), vote.outcome())


class VoteMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.store = MemoryStore()
        self.now = datetime(2024, 1, 1, tzinfo=UTC)
        self.session = Session(self.store, AssemblyState.initial(ROSTER), clock=self.tick)
        self.count = 0
        self.locked: dict[str, tuple[object, ...]] = {}

    def tick(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now

    def stored_events(self) -> list[Event]:
        """The events as the store holds them."""
        return self.store.events

    def run(self, command: Command) -> None:
        before, stored = self.session.state, len(self.stored_events())
        try:
            self.session.execute(command)
        except Refused:
            assert self.session.state is before
            assert len(self.stored_events()) == stored

    @rule(mode=st.sampled_from(list(Mode)), majority=st.sampled_from(list(Majority)))
    def prepare(self, mode: Mode, majority: Majority) -> None:
        self.count += 1
        spec = VoteSpec(symbol=f"A/{self.count}", title="Test", mode=mode, majority=majority)
        self.run(PrepareVote(at=self.tick(), vote=f"v{self.count}", spec=spec))

    @rule(kind=st.sampled_from([OpenVote, PauseVote, ResumeVote, CloseVote, LockVote, CancelVote]))
    def phase(self, kind: type[OpenVote]) -> None:
        self.run(kind(at=self.tick()))

    @rule(member=MEMBERS, choice=CHOICES, by_secretariat=st.booleans())
    def cast(self, member: str, choice: Choice, by_secretariat: bool) -> None:
        self.run(
            CastBallot(at=self.tick(), member=member, choice=choice, by_secretariat=by_secretariat)
        )

    @rule(ballots=st.lists(st.tuples(MEMBERS, CHOICES, st.booleans()), min_size=1, max_size=6))
    def burst(self, ballots: list[tuple[str, Choice, bool]]) -> None:
        """Ballots made durable together (as the journal's thread takes a burst): the same
        as each executed in its turn, a refused one changing nothing of the others."""
        casts = [
            CastBallot(at=self.tick(), member=member, choice=choice, by_secretariat=by)
            for member, choice, by in ballots
        ]
        alone = Session(MemoryStore(), self.session.state)
        expected: list[str | None] = []
        for cast in casts:
            try:
                alone.execute(cast)
            except Refused as exc:
                expected.append(str(exc))
            else:
                expected.append(None)
        stored = len(self.stored_events())
        results = self.session.execute_ballots(casts)
        assert [str(r) if isinstance(r, Refused) else None for r in results] == expected
        assert self.session.state == alone.state
        written = [e for r in results if not isinstance(r, Refused) for e in r]
        assert len(self.stored_events()) == stored + len(written)

    @rule(member=MEMBERS, withdraw=st.booleans())
    def right(self, member: str, withdraw: bool) -> None:
        self.run((WithdrawRight if withdraw else RestoreRight)(at=self.tick(), member=member))

    @rule(member=MEMBERS, intended=st.one_of(st.none(), CHOICES))
    def correct(self, member: str, intended: Choice | None) -> None:
        self.run(RecordCorrection(at=self.tick(), member=member, intended=intended))

    @invariant()
    def the_fold_of_the_events_is_the_live_state(self) -> None:
        assert fold(ROSTER, self.stored_events()) == self.session.state

    @invariant()
    def counts_add_up_to_the_roster(self) -> None:
        for vote in self.session.state.votes.values():
            lights = [vote.light(c) for c in ROSTER.codes]
            assert len(lights) - lights.count(Light.NONE) - lights.count(Light.INELIGIBLE) == len(
                vote.voted
            )
            if vote.secret and vote.totals is None:
                continue
            tally = vote.tally()
            assert tally.yes + tally.no + tally.abstain + tally.non_voting == len(ROSTER)
            assert tally.yes + tally.no + tally.abstain == len(vote.voted)
            if not vote.secret:
                assert tally.yes == lights.count(Light.YES)
                assert tally.no == lights.count(Light.NO)

    @invariant()
    def a_locked_vote_never_changes(self) -> None:
        for vote in self.session.state.votes.values():
            if vote.phase is Phase.LOCKED:
                snapshot = _snapshot(vote)
                assert self.locked.setdefault(vote.id, snapshot) == snapshot

    @invariant()
    def a_secret_vote_links_no_member_to_a_choice(self) -> None:
        secret = {v.id for v in self.session.state.votes.values() if v.secret}
        for vote_id in secret:
            vote = self.session.state.votes[vote_id]
            assert len(vote.ballots) == 0
            assert {vote.light(c) for c in vote.voted} <= {Light.VOTED, Light.INELIGIBLE}
            if vote.phase in (Phase.PREPARED, Phase.OPEN, Phase.PAUSED):
                try:
                    vote.counts()
                except Refused:
                    pass
                else:
                    raise AssertionError("a secret ballot's totals were given while open")
        for event in self.stored_events():
            if event.vote in secret:
                serialized = EVENT_ADAPTER.dump_json(event).decode()
                if event.kind != "vote_closed":
                    assert not any(word in serialized for word in _CHOICE_WORDS), serialized


VoteMachine.TestCase.settings = settings(max_examples=150, stateful_step_count=60, deadline=None)
test_vote_machine = VoteMachine.TestCase
