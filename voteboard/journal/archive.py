"""The archive over a journal: votes run here and votes imported, found, listed and imported.

The six votes of the eleventh emergency special session ship with voteboard and are put into
every new journal, so that a new installation's history is never empty.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path

from voteboard.core.board import Board, board_of_record, board_of_vote
from voteboard.core.history import ImportedVote
from voteboard.core.roster import Roster
from voteboard.core.state import AssemblyState, VoteState
from voteboard.core.symbols import same_symbol
from voteboard.journal.importers import Parsed, RefusedRecord, read_history
from voteboard.journal.store import Journal, default_journal_path
from voteboard.resources import SHIPPED_VOTES, shipped_votes, un_roster

__all__ = ["SHIPPED_VOTES", "shipped_votes"]  # read from here by the tests and the scripts too


def open_journal(path: Path | None, *, roster: Roster | None = None) -> Journal:
    """Opens a journal to write in; a new one gets the UN roster and the shipped votes."""
    journal = Journal.open(path, roster=roster or un_roster())
    if journal.event_count() == 0:
        shipped = shipped_votes()
        if journal.history_record(shipped[0].symbol) is None:
            journal.add_history(shipped)
    return journal


def read_journal(path: Path | None) -> Journal:
    """Opens a journal to read only; where there is none yet, what a new one would hold
    (the shipped votes), without creating a file."""
    journal_path = path if path is not None else default_journal_path()
    if not journal_path.exists():
        journal = Journal.in_memory(un_roster(), name=str(journal_path))
        journal.add_history(shipped_votes())
        return journal
    return Journal.open(journal_path, readonly=True)


@dataclass
class ImportReport:
    """What an import did: imported, skipped as duplicates, and refused, with the reasons."""

    imported: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    refused: list[RefusedRecord] = field(default_factory=list)

    def lines(self) -> Iterator[str]:
        for refusal in self.refused:
            what = f" ({refusal.symbol})" if refusal.symbol else ""
            yield f"refused: {refusal.place}{what}: {refusal.reason}"
        yield from (f"warning: {w}" for w in self.warnings)
        yield from (f"duplicate with other ballots: {c}" for c in self.conflicts)
        yield (
            f"imported {len(self.imported)} votes; skipped {len(self.duplicates)} duplicates"
            f" ({len(self.conflicts)} with ballots that disagree); refused {len(self.refused)}"
            " records"
        )


def import_file(journal: Journal, path: Path, report: ImportReport) -> None:
    """Imports one file's votes; a repeated symbol is a duplicate and is never stored twice."""
    batch: dict[str, ImportedVote] = {}
    places: dict[str, str] = {}
    for item in read_history(path, journal.roster):
        if isinstance(item, RefusedRecord):
            report.refused.append(item)
            continue
        _take(journal, item, batch, places, report)
        if len(batch) >= 500:
            journal.add_history(list(batch.values()))
            batch.clear()
    journal.add_history(list(batch.values()))


def _take(
    journal: Journal,
    item: Parsed,
    batch: dict[str, ImportedVote],
    places: dict[str, str],
    report: ImportReport,
) -> None:
    vote = item.vote
    first = batch.get(vote.symbol) or journal.history_record(vote.symbol)
    if first is not None:
        report.duplicates.append(vote.symbol)
        if not first.same_ballots(vote):
            earlier = places.get(vote.symbol, "the journal")
            report.conflicts.append(
                f"{item.place}: {vote.symbol} was already imported (from {earlier}) with other "
                "ballots; the first record is kept"
            )
        return
    if item.warning:
        report.warnings.append(f"{item.place}: {vote.symbol}: {item.warning}")
    batch[vote.symbol] = vote
    places[vote.symbol] = item.place
    report.imported.append(vote.symbol)


@dataclass(frozen=True)
class VoteSummary:
    """One line of the list of votes; `retake_of` is the vote of the journal that it retakes."""

    board: Board
    sort_key: str
    retake_of: str | None = None

    def as_json(self) -> dict[str, object]:
        vote = self.board.vote
        return {
            "id": vote.id,
            "symbol": vote.symbol,
            "date": vote.date.isoformat() if vote.date else None,
            "title": vote.title,
            "mode": vote.mode.value,
            "phase": self.board.phase.value,
            "totals": self.board.totals.model_dump(mode="json"),
            "retake_of": self.retake_of,
        }


def summaries(journal: Journal, state: AssemblyState, search: str = "") -> list[VoteSummary]:
    """Every vote of the journal and of the history, newest first; `search` over symbol, title."""
    needle = search.casefold()
    found = []
    for vote in state.votes.values():
        if _matches(needle, vote.spec.symbol, vote.spec.title):
            moment = (vote.opened_at or vote.prepared_at).isoformat()
            found.append(VoteSummary(board_of_vote(vote, journal.roster), moment, vote.retake_of))
    for record in journal.history():
        if _matches(needle, record.symbol, record.title):
            day = record.date.isoformat() if record.date else ""
            found.append(VoteSummary(board_of_record(record, journal.roster), day))
    found.sort(key=lambda s: s.sort_key, reverse=True)
    return found


def _matches(needle: str, *texts: str) -> bool:
    return not needle or any(needle in text.casefold() for text in texts)


class AmbiguousVote(LookupError):
    """A symbol that names several votes of the journal (a vote and its retakes): which one is
    meant is told by its id. The message lists them."""

    def __init__(self, ref: str, votes: Sequence[VoteState]) -> None:
        self.ref, self.votes = ref, tuple(votes)
        listed = "; ".join(describe_vote(v) for v in self.votes)
        super().__init__(
            f"{ref} names {len(self.votes)} votes of this journal: {listed}. Give the id of "
            "the one meant instead (see 'voteboard votes')"
        )


def describe_vote(vote: VoteState) -> str:
    """A vote of the journal in a few words, to tell it from the others on its symbol: its
    id, phase, when it was prepared and the vote it retakes."""
    moment = vote.prepared_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    retake = f", a retake of {vote.retake_of}" if vote.retake_of else ""
    return f"{vote.id} ({vote.phase.value}, prepared {moment}{retake})"


def votes_on(state: AssemblyState, symbol: str) -> list[VoteState]:
    """The votes of the journal on `symbol` (a vote and its retakes), oldest first."""
    return [state.votes[v] for v in state.order if same_symbol(state.votes[v].spec.symbol, symbol)]


def find_vote(journal: Journal, state: AssemblyState, ref: str) -> VoteState | ImportedVote | None:
    """A vote by its id in the journal, else by its symbol (any case): the journal's one vote
    on that symbol, else the imported record of it. A symbol on which the journal holds several
    votes is refused (`AmbiguousVote`): the id tells them apart."""
    if ref in state.votes:
        return state.votes[ref]
    named = votes_on(state, ref)
    if len(named) > 1:
        raise AmbiguousVote(ref, named)
    if named:
        return named[0]
    return journal.history_record(ref)


def import_paths(journal: Journal, paths: Iterable[Path]) -> ImportReport:
    """Imports the files in turn, into one report of what was imported, skipped and refused."""
    report = ImportReport()
    for path in paths:
        import_file(journal, path, report)
    return report
