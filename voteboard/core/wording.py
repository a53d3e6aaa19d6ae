"""The board's words in a language: a board made in English (as the journal, the network and
`board --json` carry it) translated at the screen that shows it, and the texts of its header
and footer. Every screen, image and web page words a board through here, so that the hall's
board, a remote board and a replay say the same thing in the same language.

The words that a board carries as prose (its arithmetic, the so-far line, a reveal's note) are
worded again from its numbers; a source's notes on an imported vote (its discrepancies) are the
archive's data and stay as the archive wrote them, in English.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from voteboard.core.board import Board, BoardMember, member_cell
from voteboard.core.clock import Clock
from voteboard.core.compare import MARK
from voteboard.core.languages import Language, Words, day_words
from voteboard.core.model import Light, Mode, Phase
from voteboard.core.names import Names
from voteboard.core.tally import Result, required_votes

OrderKey = Callable[[str], Any]
"""A sort key on a board label in the language's collation (the ui gives QCollator's)."""


@dataclass
class Translation:
    """Translates boards into one language, optionally ordering the members by the language's
    collation instead of the UN's (English) board order. Keeps, per day, the labels and the
    order it found, so that a board made at every ballot costs a few lookups."""

    language: Language = Language.EN
    names: Names | None = None
    order: OrderKey | None = None
    _labels: dict[dt.date | None, dict[str, str]] = field(default_factory=dict, repr=False)
    _ranks: dict[tuple[str, ...], dict[str, int]] = field(default_factory=dict, repr=False)

    @property
    def identity(self) -> bool:
        """Whether boards are shown as made (English, in board order)."""
        return self.language is Language.EN and self.order is None

    def __call__(self, board: Board) -> Board:
        if self.identity or board.language is not Language.EN:
            return board  # boards are made in English; one translated is left as it is
        members: Sequence[BoardMember] = board.members
        if self.names is not None and self.language is not Language.EN:
            labels = self._labels_on(board.vote.date)
            rtl = self.language.right_to_left
            members = [_renamed(m, labels.get(m.code), rtl) for m in members]
        if self.order is not None:
            rank = self._rank(members)
            members = sorted(members, key=lambda m: rank[m.code])
        words = self.language.words
        update: dict[str, Any] = {"members": tuple(members), "language": self.language}
        if self.language is not Language.EN:
            update["arithmetic"] = arithmetic(board, words) if board.arithmetic else ""
            update["so_far"] = so_far(board, words) if board.so_far else ""
            if board.reveal is not None:
                shown, count = board.reveal
                update["note"] = words.reveal.format(shown=shown, count=count)
        return board.model_copy(update=update)

    def _labels_on(self, day: dt.date | None) -> dict[str, str]:
        labels = self._labels.get(day)
        if labels is None:
            assert self.names is not None
            labels = {}
            for code, names in self.names.languages.get(self.language, {}).items():
                labels[code] = names.on(day).board_label
            self._labels[day] = labels
        return labels

    def _rank(self, members: Sequence[BoardMember]) -> dict[str, int]:
        key = tuple(m.code + "\0" + m.name for m in members)
        rank = self._ranks.get(key)
        if rank is None:
            assert self.order is not None
            order = self.order
            ranked = sorted(members, key=lambda m: order(m.name.partition(MARK)[0]))
            rank = {m.code: i for i, m in enumerate(ranked)}
            if len(self._ranks) > 64:
                self._ranks.clear()
            self._ranks[key] = rank
        return rank


def _renamed(member: BoardMember, label: str | None, rtl: bool = False) -> BoardMember:
    if label is None:
        return member
    # A comparison's mark ("  ← Y") stays after the name in any language; read from the right,
    # its arrow points the other way (from the first vote's light to the name).
    _, mark, came_from = member.name.partition(MARK)
    if mark and rtl:
        mark = mark.replace("←", "→")
    return member_cell(member.code, label + mark + came_from if mark else label, member.light)


def arithmetic(board: Board, words: Words) -> str:
    """The outcome's arithmetic worded from the board's numbers (in English, word for word what
    core/tally.py and core/board.py write)."""
    outcome, totals = board.outcome, board.totals
    if outcome is None or totals.yes is None or totals.no is None or totals.abstain is None:
        return ""
    result = words.results[outcome.result]
    if board.vote.majority is None:
        return words.source_outcome.format(
            result=result, yes=totals.yes, no=totals.no, abstain=totals.abstain
        )
    if outcome.result is Result.NO_QUORUM:
        if board.quorum is None:  # a board from a desk that did not send its quorum
            return board.arithmetic
        taking_part = totals.yes + totals.no + totals.abstain
        return words.no_quorum.format(quorum=board.quorum, taking_part=taking_part, result=result)
    pv = outcome.present_and_voting
    rule = words.rules[board.vote.majority].format(pv=pv, members=totals.members)
    if pv == 0 or totals.yes == totals.no:
        why = words.equally_divided.format(yes=totals.yes, no=totals.no, result=result)
    else:
        why = words.result.format(yes=totals.yes, result=result)
    return words.required.format(rule=rule, required=outcome.required, why=why)


def so_far(board: Board, words: Words) -> str:
    """While a recorded vote is open: those present and voting so far and the majority they
    would require."""
    totals, majority = board.totals, board.vote.majority
    if totals.yes is None or totals.no is None or majority is None:
        return ""
    pv = totals.yes + totals.no
    return words.so_far.format(pv=pv, required=required_votes(majority, pv, totals.members))


def clock_words(clock: Clock, now: dt.datetime, language: Language) -> str:
    """The clock as every screen shows it (`Clock.words`), in a language."""
    words = language.words
    left = clock.remaining(now)
    if left is not None:
        return words.closes_in_time.format(time=f"{left // 60}:{left % 60:02d}")
    elapsed = clock.elapsed(now)
    if elapsed is None:
        return day_words(clock.day, language) if clock.day else ""
    minutes, seconds = divmod(elapsed, 60)
    shown = f"{minutes:02d}:{seconds:02d}"
    return words.suspended_at.format(time=shown) if clock.paused else shown


def header_texts(board: Board, now: dt.datetime | None) -> tuple[str, str, str, str, bool]:
    """The header's texts: symbol, title, phase banner, mode with the clock, and whether the
    banner is a countdown (drawn larger: it is read from the back of the hall). The clock is
    the vote's one clock (core/clock.py), the desk's too; without `now`, its words are left
    out (to compare two boards' headers)."""
    language = board.language
    words = language.words
    if board.waiting:
        day = day_words(board.vote.date, language) if board.vote.date else ""
        return ("", "", words.no_vote_in_progress, day, False)
    mode = words.secret_ballot if board.vote.mode is Mode.SECRET else words.recorded_vote
    clock = board.clock
    if board.closes_at is not None and board.phase is Phase.OPEN:
        left = clock.remaining(now) if now is not None else None
        banner = (
            words.closes_in
            if left is None
            else words.closes_in_time.format(time=f"{left // 60}:{left % 60:02d}")
        )
        elapsed = clock.elapsed(now) if now is not None else None
        when = "" if elapsed is None else f"   {elapsed // 60:02d}:{elapsed % 60:02d}"
        opened = words.phases[Phase.OPEN]
        return (board.vote.symbol, board.vote.title, banner, f"{mode}   {opened}{when}", True)
    when = clock_words(clock, now, language) if now is not None else ""
    return (
        board.vote.symbol,
        board.vote.title,
        words.phases[board.phase],
        f"{mode}   {when}".rstrip(),
        False,
    )


def footer_texts(board: Board) -> tuple[str, str]:
    """The footer's two lines: the totals, and the majority with the outcome."""
    totals = board.totals
    words = board.language.words
    if board.waiting:
        unable = sum(m.light is Light.INELIGIBLE for m in board.members)
        first = words.members.format(count=totals.members)
        if unable:
            first += "    " + words.without_a_vote.format(count=unable)
        return first, board.note or words.waiting
    if board.phase is Phase.CANCELLED:
        return words.cancelled, board.note or words.no_result
    if totals.yes is None or totals.no is None or totals.abstain is None:
        first = words.voted_of.format(voted=board.voted, members=totals.members)
    else:
        first = words.totals.format(
            yes=totals.yes, no=totals.no, abstain=totals.abstain, non_voting=totals.non_voting
        )
    second = board.arithmetic or board.so_far
    if board.outcome is not None and board.provisional:
        second = f"{second} {words.provisional}"
    if board.note:
        second = f"{second}   {board.note}".strip()
    return first, second
