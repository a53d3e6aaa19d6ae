"""What the board shows, as data: the one model behind every screen, image and `board --json`.

`Board` serializes to exactly the shape of DESIGN §7; the fields the painter needs beside it
(the arithmetic, the times, the corrections) are excluded from that JSON.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Container

from pydantic import BaseModel, Field

from voteboard.core.clock import Clock
from voteboard.core.history import ImportedVote
from voteboard.core.languages import Language
from voteboard.core.model import Choice, Light, Majority, Mode, Phase, Refused
from voteboard.core.roster import Roster
from voteboard.core.state import AssemblyState, VoteState
from voteboard.core.tally import Result, Tally, decide_outcome, required_votes

_INTENDED = {
    Choice.YES: "to vote in favour",
    Choice.NO: "to vote against",
    Choice.ABSTAIN: "to abstain",
    None: "not to vote",
}


class BoardVote(BaseModel, frozen=True, extra="forbid"):
    """The question on the board: its document symbol, title, day, mode and majority rule."""

    id: str
    symbol: str
    title: str
    date: dt.date | None
    mode: Mode
    majority: Majority | None


class BoardMember(BaseModel, frozen=True, extra="forbid"):
    """One member's cell: its code, the name the board shows, and its light."""

    code: str
    name: str
    light: Light


class BoardTotals(BaseModel, frozen=True, extra="forbid"):
    """The counts; yes, no and abstain are None while a secret ballot is open."""

    yes: int | None
    no: int | None
    abstain: int | None
    non_voting: int
    members: int


class BoardOutcome(BaseModel, frozen=True, extra="forbid"):
    """Adopted or rejected, with those present and voting and the majority they required."""

    result: Result
    present_and_voting: int
    required: int | None


class Board(BaseModel, frozen=True, extra="forbid"):
    """One moment of the board."""

    vote: BoardVote
    phase: Phase
    members: tuple[BoardMember, ...]
    totals: BoardTotals
    outcome: BoardOutcome | None
    arithmetic: str = Field(default="", exclude=True)
    voted: int = Field(default=0, exclude=True)
    opened_at: dt.datetime | None = Field(default=None, exclude=True)
    closed_at: dt.datetime | None = Field(default=None, exclude=True)
    corrections: tuple[str, ...] = Field(default=(), exclude=True)
    note: str = Field(default="", exclude=True)
    closes_at: dt.datetime | None = Field(default=None, exclude=True)
    """While a countdown runs: when the vote closes by itself (announced on the board)."""
    waiting: bool = Field(default=False, exclude=True)
    """No vote yet: the board shows the members, unlit, and waits for the first vote."""
    paused_at: dt.datetime | None = Field(default=None, exclude=True)
    """While the vote is suspended: since when (the clock stands still)."""
    paused_s: float = Field(default=0.0, exclude=True)
    """Time the vote spent suspended before: not counted as time open."""
    so_far: str = Field(default="", exclude=True)
    """While a recorded vote is open: those present and voting so far and the majority that
    they would require (the hall follows the arithmetic as it builds up)."""
    quorum: int | None = Field(default=None, exclude=True)
    """The quorum the vote required, if any (its arithmetic says it when it was not met)."""
    reveal: tuple[int, int] | None = Field(default=None, exclude=True)
    """A reveal of a vote without timing: (members shown, members); its note says so."""
    language: Language = Field(default=Language.EN, exclude=True)
    """The language of its words and names (core/wording.py translates a board)."""

    @property
    def provisional(self) -> bool:
        """Closed but not locked: the outcome may still change (a recount, a cancel)."""
        return self.phase is Phase.CLOSED

    @property
    def clock(self) -> Clock:
        """The vote's one clock (core/clock.py), as the desk's is."""
        return Clock(
            phase=self.phase,
            opened_at=self.opened_at,
            ended_at=self.closed_at,
            paused_at=self.paused_at,
            paused_s=self.paused_s,
            closes_at=self.closes_at,
            day=self.vote.date,
        )


@functools.lru_cache(maxsize=4096)
def _member(code: str, name: str, light: Light) -> BoardMember:
    """A member's cell, made once per light (frozen, so shared by every board that shows it):
    a board is made at every publish, and making 193 cells was most of its cost."""
    return BoardMember.model_construct(code=code, name=name, light=light)


member_cell = _member
"""A member's cell, shared by every board that shows the same name and light (the board widget
repaints only the members that are not the same object)."""


def board_of_vote(vote: VoteState, roster: Roster) -> Board:
    """The board of a vote run by voteboard, at the state given. A cancelled vote shows
    neither lights nor totals: it has no result, and its partial count is no one's business
    on the wall (its ballots stay in the journal)."""
    day = (vote.opened_at or vote.prepared_at).date()
    cancelled = vote.phase is Phase.CANCELLED
    # Built for every ballot: the members are made from checked values without validation.
    light = vote.light
    if cancelled:

        def light(code: str) -> Light:
            return Light.INELIGIBLE if code in vote.ineligible else Light.NONE

    members = tuple(_member(code, name, light(code)) for code, name in roster.labels_on(day))
    try:
        tally: Tally | None = None if cancelled else vote.tally()
    except Refused:
        tally = None
    outcome = vote.outcome()
    non_voting = len(roster) - len(vote.voted)
    so_far = ""
    if tally is not None and vote.phase in (Phase.OPEN, Phase.PAUSED):
        pv = tally.present_and_voting
        required = required_votes(vote.spec.majority, pv, len(roster))
        so_far = f"SO FAR: PRESENT AND VOTING {pv}    REQUIRED MAJORITY {required}"
    return Board(
        vote=BoardVote(
            id=vote.id,
            symbol=vote.spec.symbol,
            title=vote.spec.title,
            date=day,
            mode=vote.spec.mode,
            majority=vote.spec.majority,
        ),
        phase=vote.phase,
        members=members,
        totals=BoardTotals(
            yes=tally.yes if tally else None,
            no=tally.no if tally else None,
            abstain=tally.abstain if tally else None,
            non_voting=len(roster) if cancelled else non_voting,
            members=len(roster),
        ),
        outcome=None
        if outcome is None
        else BoardOutcome(
            result=outcome.result,
            present_and_voting=outcome.present_and_voting,
            required=outcome.required,
        ),
        arithmetic=outcome.arithmetic if outcome else "",
        voted=0 if cancelled else len(vote.voted),
        opened_at=vote.opened_at,
        closed_at=vote.closed_at or (vote.ended_at if cancelled else None),
        closes_at=vote.closes_at if vote.phase is Phase.OPEN else None,
        paused_at=vote.paused_at,
        paused_s=vote.paused_s,
        so_far=so_far,
        quorum=outcome.quorum if outcome else None,
        corrections=tuple(
            _correction_text(roster, c.member, c.intended, c.note) for c in vote.corrections
        ),
    )


def hall_board(state: AssemblyState, today: dt.date) -> Board:
    """What the hall sees: the meeting's current vote (its final result stays until the next
    vote is prepared), or the waiting board before the first one."""
    vote = state.current_vote or state.last_vote
    if vote is None:
        return waiting_board(state.roster, state.ineligible, today)
    return board_of_vote(vote, state.roster)


def waiting_board(roster: Roster, ineligible: Container[str], day: dt.date) -> Board:
    """The board before the meeting's first vote: every member unlit (or without the right
    to vote), no symbol, no totals."""
    members = tuple(
        BoardMember(
            code=m.code,
            name=m.name_on(day)[1],
            light=Light.INELIGIBLE if m.code in ineligible else Light.NONE,
        )
        for m in roster
    )
    return Board(
        vote=BoardVote(id="", symbol="", title="", date=day, mode=Mode.RECORDED, majority=None),
        phase=Phase.PREPARED,
        members=members,
        totals=BoardTotals(yes=None, no=None, abstain=None, non_voting=0, members=len(roster)),
        outcome=None,
        waiting=True,
    )


def revealed(board: Board, count: int) -> Board:
    """The final board of a vote with no timing, its first `count` members lit in board
    order and the others not yet: a reveal, labelled as one (not what happened in the hall)."""
    members = tuple(
        m
        if i < count or m.light is Light.INELIGIBLE
        else m.model_copy(update={"light": Light.NONE})
        for i, m in enumerate(board.members)
    )
    shown = min(max(count, 0), len(board.members))
    note = f"Reveal in board order, not the order of voting ({shown} of {len(board.members)})"
    reveal = (shown, len(board.members))
    if shown == len(board.members):
        return board.model_copy(update={"note": note, "reveal": reveal})
    lit = [m.light for m in members]
    totals = board.totals.model_copy(
        update={
            "yes": lit.count(Light.YES),
            "no": lit.count(Light.NO),
            "abstain": lit.count(Light.ABSTAIN),
            "non_voting": len(lit)
            - lit.count(Light.YES)
            - lit.count(Light.NO)
            - lit.count(Light.ABSTAIN),
        }
    )
    # The result is told at the end of the reveal, not before.
    return board.model_copy(
        update={
            "members": members,
            "note": note,
            "reveal": reveal,
            "totals": totals,
            "outcome": None,
            "arithmetic": "",
        }
    )


def _correction_text(roster: Roster, code: str, intended: Choice | None, note: str = "") -> str:
    """The correction as the record states it, with the officer's note when there is one: on
    one line, its line breaks, control characters and direction overrides made spaces (a note
    must not reorder or hide the words around it); escaping is for whoever prints it."""
    member = roster.get(code)
    name = member.board_label if member else code
    kept = "".join(c if c.isprintable() or c in "\u200c\u200d" else " " for c in note)
    note = " ".join(kept.split())
    said = f' (note: "{note}")' if note else ""
    return (
        f"The delegation of {name} informed the Secretariat that it had intended "
        f"{_INTENDED[intended]}{said}."
    )


def board_of_record(record: ImportedVote, roster: Roster) -> Board:
    """The final board of an imported vote: the members of its day (`Roster.on`), in the board
    order of that day and under their names of that day, lights from its lists, totals as the
    source says. A state the source lists that was not a member that day is not on the board
    (not "non-voting"), unless it voted: then it is shown, after the others, and noted."""
    of_day = roster.on(record.date)
    choices = record.choices()
    members = [
        _member(m.code, m.board_label, choices[m.code].light if m.code in choices else Light.NONE)
        for m in of_day
    ]
    notes = [f"Note: {record.discrepancy}"] if record.discrepancy else []
    outsiders = [b for b in record.ballots if b.code not in of_day]
    for ballot in outsiders:
        if ballot.choice is not None:
            known = roster.known(ballot.code)
            name = known.name_on(record.date)[1] if known else ballot.name or ballot.code
            members.append(_member(ballot.code, name, ballot.choice.light))
    totals = record.totals
    # The official totals decide, even where the lists are incomplete (A/RES/75/254 has none).
    non_voting = max(0, len(members) - totals.ballots)
    if record.non_voting is not None and record.non_voting != non_voting:
        listed = [b.name or b.code for b in outsiders if b.choice is None]
        not_members = f", among them {', '.join(listed)}, not members on the day" if listed else ""
        notes.append(
            f"Note: the source counts {record.non_voting} not voting{not_members}; "
            f"the board counts {non_voting} of the {len(members)} members"
        )
    tally = Tally.of(totals, len(members))
    if record.majority is not None:
        decided = decide_outcome(tally, record.majority)
        outcome = BoardOutcome(
            result=decided.result,
            present_and_voting=decided.present_and_voting,
            required=decided.required,
        )
        arithmetic = decided.arithmetic
    else:
        outcome = BoardOutcome(
            result=record.result, present_and_voting=tally.present_and_voting, required=None
        )
        arithmetic = source_outcome(record)
    return Board(
        vote=BoardVote(
            id=record.symbol,
            symbol=record.symbol,
            title=record.title,
            date=record.date,
            mode=Mode.RECORDED,
            majority=record.majority,
        ),
        phase=Phase.LOCKED,
        members=tuple(members),
        totals=BoardTotals(
            yes=totals.yes,
            no=totals.no,
            abstain=totals.abstain,
            non_voting=non_voting,
            members=len(members),
        ),
        outcome=outcome,
        arithmetic=arithmetic,
        voted=totals.ballots,
        note="; ".join(notes),
    )


def source_outcome(record: ImportedVote) -> str:
    """The outcome of a vote whose majority rule the source does not give, worded alike on
    every board, image, record and replay: what the source recorded, with its counts."""
    totals = record.totals
    return (
        f"Majority not given by the source, which records it {record.result.value.upper()}: "
        f"{totals.yes} in favour, {totals.no} against, {totals.abstain} abstaining"
    )
