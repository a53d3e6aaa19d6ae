"""Safe preparation in the core (`decide`): a title, text that shows what it holds, a UN symbol
or the officer's confirmation, and a retake linked to the vote it takes again; old journals
still fold."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.clock import TickingClock
from voteboard.core.commands import CancelVote, CloseVote, LockVote, OpenVote, PrepareVote
from voteboard.core.decide import decide, retaken
from voteboard.core.events import EVENT_ADAPTER, VotePrepared
from voteboard.core.model import Mode, Phase, Refused, VoteSpec
from voteboard.core.roster import Roster
from voteboard.core.session import MemoryStore, Session
from voteboard.core.state import AssemblyState, fold
from voteboard.core.symbols import UnusualSymbol, preparation_problem, symbol_problem

TITLE = "Territorial integrity of Ukraine"


def command(
    session: Session,
    symbol: str,
    title: str = TITLE,
    vote: str = "v1",
    unusual_symbol: bool = False,
) -> PrepareVote:
    spec = VoteSpec(symbol=symbol, title=title)
    return PrepareVote(at=session.clock(), vote=vote, spec=spec, unusual_symbol=unusual_symbol)


def refused(session: Session, store: MemoryStore, prepare: PrepareVote) -> str:
    """The reason `prepare` is refused, having checked that it changed nothing."""
    before = session.state
    with pytest.raises(Refused) as error:
        session.execute(prepare)
    assert session.state is before
    assert store.events == []
    return str(error.value)


@pytest.mark.parametrize("title", ["", " ", "\u3000 \u00a0"])
def test_a_vote_needs_its_title(session: Session, store: MemoryStore, title: str) -> None:
    reason = refused(session, store, command(session, "A/ES-11/L.5", title))
    assert reason == (
        "Cannot prepare the vote: a vote needs its title, which the hall reads under the symbol"
    )


def test_a_blank_symbol_is_refused_whatever_is_confirmed(
    session: Session, store: MemoryStore
) -> None:
    reason = refused(session, store, command(session, "  ", unusual_symbol=True))
    assert reason == "Cannot prepare the vote: a vote needs its document symbol"


@pytest.mark.parametrize(
    ("symbol", "title", "words"),
    [
        (
            "A/ES-11/L.5",
            "Yes \u202eoN",
            "the title has a right-to-left override (U+202E) at character 5",
        ),
        ("A/ES-11/L.5", "One\ntwo", "the title has a line break (U+000A) at character 4"),
        (
            "A/ES-\u206611/L.5",
            TITLE,
            "the symbol has a left-to-right isolate (U+2066) at character 6",
        ),
        ("hello\x00world", TITLE, "the symbol has a null character (U+0000) at character 6"),
    ],
)
def test_hidden_characters_are_refused_whatever_is_confirmed(
    session: Session, store: MemoryStore, symbol: str, title: str, words: str
) -> None:
    for confirmed in (False, True):
        reason = refused(session, store, command(session, symbol, title, unusual_symbol=confirmed))
        assert reason.startswith(f"Cannot prepare the vote: {words}: it could make the hall")


def test_an_unusual_symbol_needs_the_officers_confirmation(
    session: Session, store: MemoryStore
) -> None:
    with pytest.raises(UnusualSymbol) as error:
        session.execute(command(session, "hello world"))
    assert store.events == []
    assert error.value.symbol == "hello world"
    assert str(error.value) == (
        "Cannot prepare the vote: 'hello world' is not a UN document symbol (such as "
        "A/ES-11/L.5 or A/RES/77/1); prepare it as it is only if the officer confirms this symbol"
    )
    (event,) = session.execute(command(session, "hello world", unusual_symbol=True))
    assert isinstance(event, VotePrepared)
    assert event.spec.symbol == "hello world"
    assert session.state.votes["v1"].spec.symbol == "hello world"


def test_a_un_symbol_needs_no_confirmation(session: Session) -> None:
    for number, symbol in enumerate(["A/ES-11/L.5", "A/RES/77/1", "A/C.1/78/L.10"]):
        session.execute(command(session, symbol, vote=f"v{number}"))
        session.execute(CancelVote(at=session.clock()))
    assert [v.retake_of for v in session.state.votes.values()] == [None, None, None]


def test_a_second_vote_on_a_symbol_is_a_retake_of_the_latest(session: Session) -> None:
    session.execute(command(session, "A/ES-11/L.5", vote="first"))
    session.execute(CancelVote(at=session.clock(), reason="a fault of the board"))
    (event,) = session.execute(command(session, "A/ES-11/L.5", vote="second"))
    assert isinstance(event, VotePrepared)
    assert event.retake_of == "first"
    for action in (OpenVote, CloseVote, LockVote):
        session.execute(action(at=session.clock()))
    session.execute(command(session, "A/ES-11/L.6", vote="other"))
    session.execute(CancelVote(at=session.clock()))
    # The same symbol in another case is the same document.
    session.execute(command(session, "a/es-11/l.5", vote="third", unusual_symbol=True))
    votes = session.state.votes
    assert [(v, votes[v].retake_of) for v in session.state.order] == [
        ("first", None),
        ("second", "first"),
        ("other", None),
        ("third", "second"),
    ]
    assert votes["second"].phase is Phase.LOCKED
    found = retaken(session.state, "A/ES-11/L.5")
    assert found is not None
    assert found.id == "third"
    assert retaken(session.state, "A/ES-11/L.7") is None


def test_a_retake_survives_the_journal(
    session: Session, store: MemoryStore, roster: Roster
) -> None:
    session.execute(command(session, "A/ES-11/L.5", vote="first"))
    session.execute(CancelVote(at=session.clock()))
    session.execute(command(session, "A/ES-11/L.5", vote="second"))
    stored = [EVENT_ADAPTER.validate_json(EVENT_ADAPTER.dump_json(e)) for e in store.events]
    assert stored == store.events
    assert fold(roster, stored).votes["second"].retake_of == "first"


def test_the_retake_link_is_written_only_when_there_is_one(session: Session) -> None:
    (first,) = session.execute(command(session, "A/ES-11/L.5", vote="first"))
    session.execute(CancelVote(at=session.clock()))
    (second,) = session.execute(command(session, "A/ES-11/L.5", vote="second"))
    # A journal without retakes keeps the shape that earlier versions read.
    assert b"retake_of" not in EVENT_ADAPTER.dump_json(first)
    assert b'"retake_of":"first"' in EVENT_ADAPTER.dump_json(second)


def test_old_journals_still_fold_whatever_they_prepared(roster: Roster) -> None:
    """Events written before these rules (an empty title, an odd symbol, no retake link) are
    what happened: they fold as they are, and only new commands are held to the rules."""
    old = [
        '{"v":1,"at":"2025-01-02T10:00:00Z","vote":"v1","kind":"vote_prepared",'
        '"spec":{"symbol":"hello world","title":"","mode":"recorded","majority":"simple",'
        '"quorum":null},"ineligible":[]}',
        '{"v":1,"at":"2025-01-02T10:01:00Z","vote":"v1","kind":"vote_cancelled","reason":""}',
        '{"v":1,"at":"2025-01-02T10:02:00Z","vote":"v2","kind":"vote_prepared",'
        '"spec":{"symbol":"hello world","title":"","mode":"secret","majority":"simple",'
        '"quorum":null},"ineligible":[]}',
    ]
    events = [EVENT_ADAPTER.validate_json(line) for line in old]
    state = fold(roster, events)
    assert [v.spec.symbol for v in state.votes.values()] == ["hello world", "hello world"]
    assert [v.retake_of for v in state.votes.values()] == [None, None]
    assert state.votes["v2"].spec.mode is Mode.SECRET
    # Written again, the old events are byte for byte what they were.
    assert [EVENT_ADAPTER.dump_json(e).decode() for e in events] == old


symbols = st.one_of(
    st.sampled_from(["A/ES-11/L.5", "A/RES/77/1", "A/78/L.1/Rev.1", "A/RES/75/250 B"]),
    st.text(min_size=1, max_size=30),
)
titles = st.one_of(st.sampled_from([TITLE, "", " "]), st.text(max_size=30))


@settings(max_examples=400, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(symbol=symbols, title=titles, confirmed=st.booleans())
def test_decide_prepares_exactly_what_the_rules_allow(
    roster: Roster, symbol: str, title: str, confirmed: bool
) -> None:
    state = AssemblyState.initial(roster)
    prepare = PrepareVote(
        at=TickingClock()(),
        vote="v1",
        spec=VoteSpec(symbol=symbol, title=title),
        unusual_symbol=confirmed,
    )
    forbidden = preparation_problem(symbol, title)
    unusual = symbol_problem(symbol)
    if forbidden is not None or (unusual is not None and not confirmed):
        with pytest.raises(Refused) as error:
            decide(state, prepare)
        assert (forbidden or unusual or "") in str(error.value)
        assert isinstance(error.value, UnusualSymbol) is (forbidden is None)
        return
    (event,) = decide(state, prepare).events
    assert isinstance(event, VotePrepared)
    assert event.spec == prepare.spec


def test_a_quorum_above_the_membership_is_refused(roster: Roster) -> None:
    state, now = AssemblyState.initial(roster), TickingClock()()
    spec = VoteSpec(symbol="A/80/L.1", title="One", quorum=len(roster) + 1)
    with pytest.raises(Refused, match="a quorum of 194 is more than the 193 members"):
        decide(state, PrepareVote(at=now, vote="v1", spec=spec))
    spec = VoteSpec(symbol="A/80/L.1", title="One", quorum=len(roster))
    assert decide(state, PrepareVote(at=now, vote="v1", spec=spec)).events
