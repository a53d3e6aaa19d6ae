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
from voteboard.core.symbols import same_symbol, symbol_key
from voteboard.journal.importers import Parsed, RefusedRecord, Skipped, read_history
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
    """What an import did: imported, merged into a vote known from another source, skipped
    (with the reason), and refused (records and rows, with the reasons)."""

    imported: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    refused: list[RefusedRecord] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    without_a_vote: int = 0

    def lines(self) -> Iterator[str]:
        for refusal in self.refused:
            what = f" ({refusal.symbol})" if refusal.symbol else ""
            kind = "refused row" if refusal.row else "refused"
            yield f"{kind}: {refusal.place}{what}: {refusal.reason}"
        for skip in self.skipped:
            what = f" ({skip.symbol})" if skip.symbol else ""
            yield f"skipped: {skip.place}{what}: {skip.reason}"
        yield from (f"warning: {w}" for w in self.warnings)
        yield from (f"sources disagree: {c}" for c in self.conflicts)
        yield from (f"also from another source: {m}" for m in self.merged)
        rows = sum(1 for r in self.refused if r.row)
        records = len(self.refused) - rows
        parts = [
            f"imported {len(self.imported)} {_plural(len(self.imported), 'vote')}",
            f"{len(self.duplicates)} already known ({len(self.merged)} completed from this "
            f"source, {len(self.conflicts)} whose sources disagree)",
        ]
        if self.without_a_vote:
            parts.append(f"{self.without_a_vote} adopted without a vote (not votes: not imported)")
        parts.append(f"skipped {len(self.skipped)} {_plural(len(self.skipped), 'record')}")
        parts.append(
            f"refused {records} {_plural(records, 'record')} and {rows} {_plural(rows, 'row')}"
        )
        yield "; ".join(parts)


def _plural(count: int, word: str) -> str:
    return word if count == 1 else word + "s"


def import_file(journal: Journal, path: Path, report: ImportReport) -> None:
    """Imports one file's votes. A resolution already known, under any spelling of its symbol
    (`symbol_key`), is never stored twice: what this source adds to it (its identifiers, its
    record's symbol) is kept with it, and ballots that disagree are reported, member by
    member."""
    batch = _Batch(journal.history_keys())
    for item in read_history(path, journal.roster):
        if isinstance(item, RefusedRecord):
            report.refused.append(item)
        elif isinstance(item, Skipped):
            if item.without_a_vote:
                report.without_a_vote += 1
            else:
                report.skipped.append(item)
        else:
            _take(journal, item, batch, report)
        if len(batch.new) + len(batch.updates) >= 500:
            batch.flush(journal)
    batch.flush(journal)


@dataclass
class _Batch:
    """The votes read and not yet stored (new, or completed by this source), by key; the
    symbol of every vote known by key; where each vote of this file was read."""

    known: dict[str, str]
    new: dict[str, ImportedVote] = field(default_factory=dict)
    updates: dict[str, ImportedVote] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)

    def flush(self, journal: Journal) -> None:
        journal.add_history(list(self.new.values()))
        journal.replace_history(list(self.updates.values()))
        self.new.clear()
        self.updates.clear()


def _take(journal: Journal, item: Parsed, batch: _Batch, report: ImportReport) -> None:
    vote = item.vote
    key = symbol_key(vote.symbol)
    first = batch.new.get(key) or batch.updates.get(key)
    if first is None and key in batch.known:
        first = journal.history_record(batch.known[key])
    if first is None:
        if item.warning:
            report.warnings.append(f"{item.place}: {vote.symbol}: {item.warning}")
        batch.new[key] = vote
        batch.known[key] = vote.symbol
        batch.places[key] = item.place
        report.imported.append(vote.symbol)
        return
    report.duplicates.append(vote.symbol)
    earlier = batch.places.get(key, "the journal")
    named = vote.symbol if vote.symbol == first.symbol else f"{vote.symbol} ({first.symbol})"
    differences = ballot_differences(first, vote, journal.roster)
    if differences:
        report.conflicts.append(
            f"{item.place}: {named} from {vote.source.upper()} disagrees with the record "
            f"from {first.source.upper()} ({earlier}): {differences}; the first record's "
            "ballots are kept"
        )
    merged = first.merged(vote)
    if merged is not first:
        if key in batch.new:
            batch.new[key] = merged
        else:
            batch.updates[key] = merged
        added = _what_was_added(first, merged)
        if added:
            report.merged.append(f"{item.place}: {named}: {added}")


def _what_was_added(first: ImportedVote, merged: ImportedVote) -> str:
    said = []
    if merged.undl_ids != first.undl_ids:
        said.append("Digital Library record " + ", ".join(merged.undl_ids))
    if merged.record != first.record:
        said.append(f"verbatim record {merged.record}")
    if merged.spellings != first.spellings:
        said.append("spelling " + ", ".join(merged.spellings))
    return "; ".join(said)


_WORDS = {"yes": "in favour", "no": "against", "abstain": "abstaining", None: "not voting"}


def ballot_differences(first: ImportedVote, other: ImportedVote, roster: Roster) -> str:
    """How two records of one vote differ, by member name and by count ('' when they agree):
    "Cameroon abstaining in UNDL, not voting in DGACM"."""
    ours, theirs = first.choices(), other.choices()
    parts = []
    for record, listed in ((first, ours), (other, theirs)):
        if not listed and (ours or theirs) and record.totals.ballots:
            # A/RES/75/254 A-C: DGACM gives the counts and no list at all.
            t = record.totals
            parts.append(
                f"the {record.source.upper()} record lists no member's vote (only the counts "
                f"{t.yes}-{t.no}-{t.abstain})"
            )
            ours = theirs = {}
    for code in sorted(set(ours) | set(theirs), key=lambda c: (c not in roster, c)):
        a, b = ours.get(code), theirs.get(code)
        if a is b:
            continue
        member = roster.known(code)
        name = member.name_on(first.date)[1] if member else code
        parts.append(
            f"{name} {_WORDS[b.value if b else None]} in {other.source.upper()}, "
            f"{_WORDS[a.value if a else None]} in {first.source.upper()}"
        )
    if first.totals != other.totals:
        t, u = first.totals, other.totals
        parts.append(
            f"totals {u.yes}-{u.no}-{u.abstain} in {other.source.upper()}, "
            f"{t.yes}-{t.no}-{t.abstain} in {first.source.upper()}"
        )
    if len(parts) > 12:
        parts = [*parts[:12], f"and {len(parts) - 12} more"]
    return "; ".join(parts)


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
    if needle:
        # Only the records that match are read whole.
        matching = (
            journal.history_record(row.symbol)
            for row in journal.history_summaries()
            if _matches(needle, row.symbol, row.title)
        )
        records: Iterable[ImportedVote | None] = matching
    else:
        records = journal.history()
    for record in records:
        if record is not None:
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
