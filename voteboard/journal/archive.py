"""The archive over a journal: votes run here and votes imported, found, listed and imported.

The six votes of the eleventh emergency special session ship with voteboard and are put into
every new journal, so that a new installation's history is never empty.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from voteboard.core.board import Board, board_of_record, board_of_vote
from voteboard.core.history import ImportedVote
from voteboard.core.roster import Roster
from voteboard.core.state import AssemblyState, VoteState
from voteboard.journal.importers import Parsed, Refusal, read_history
from voteboard.journal.store import Journal, default_journal_path
from voteboard.resources import asset_path, un_roster

SHIPPED_VOTES = "votes-es11.jsonl"


def shipped_votes() -> list[ImportedVote]:
    """The ES-11 votes that come with voteboard."""
    lines = asset_path(SHIPPED_VOTES).read_text(encoding="utf-8").splitlines()
    return [ImportedVote.model_validate_json(line) for line in lines if line.strip()]


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
    refused: list[Refusal] = field(default_factory=list)

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
        if isinstance(item, Refusal):
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
    """One line of the list of votes."""

    board: Board
    sort_key: str

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
        }


def summaries(journal: Journal, state: AssemblyState, search: str = "") -> list[VoteSummary]:
    """Every vote of the journal and of the history, newest first; `search` over symbol, title."""
    needle = search.casefold()
    found = []
    for vote in state.votes.values():
        if _matches(needle, vote.spec.symbol, vote.spec.title):
            moment = (vote.opened_at or vote.prepared_at).isoformat()
            found.append(VoteSummary(board_of_vote(vote, journal.roster), moment))
    for record in journal.history():
        if _matches(needle, record.symbol, record.title):
            day = record.date.isoformat() if record.date else ""
            found.append(VoteSummary(board_of_record(record, journal.roster), day))
    found.sort(key=lambda s: s.sort_key, reverse=True)
    return found


def _matches(needle: str, *texts: str) -> bool:
    return not needle or any(needle in text.casefold() for text in texts)


def find_vote(journal: Journal, state: AssemblyState, ref: str) -> VoteState | ImportedVote | None:
    """A vote by its id or its symbol (the newest vote of that symbol in the journal first)."""
    if ref in state.votes:
        return state.votes[ref]
    folded = ref.casefold()
    for vote_id in reversed(state.order):
        vote = state.votes[vote_id]
        if vote.spec.symbol.casefold() == folded:
            return vote
    return journal.history_record(ref)


def import_paths(journal: Journal, paths: Iterable[Path]) -> ImportReport:
    report = ImportReport()
    for path in paths:
        import_file(journal, path, report)
    return report
