"""Builds assets/votes-es11.jsonl: the votes of the eleventh emergency special session.

Run by a maintainer when the DGACM extract changes:
    python scripts/build_es11_asset.py [../shared/data/un-voting-dgacm/ES-11.json]
It reads the extract through the product's own importer, so the asset holds what an import
would store (with the two-thirds majority of an emergency special session), and what the UN
Digital Library's file adds to each vote when it is beside the extract (its record numbers and
pages, the Library's wording: `ImportedVote.merged`), as an import of both would. The product
reads only the asset.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from voteboard.core.history import ImportedVote
from voteboard.journal.importers import Parsed, read_history
from voteboard.resources import un_roster

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "data" / "un-voting-dgacm" / "ES-11.json"
LIBRARY = ROOT.parent / "shared" / "data" / "un-digital-library" / "ga-voting-1946-2025.csv.gz"
TARGET = ROOT / "assets" / "votes-es11.jsonl"
EXPECTED = [f"A/RES/ES-11/{number}" for number in range(1, 7)]


def symbol_order(vote: ImportedVote) -> list[int | str]:
    """Orders symbols as a person reads them: ES-11/2 before ES-11/10."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", vote.symbol)]


def main(source: Path, target: Path) -> int:
    votes: list[ImportedVote] = []
    for item in read_history(source, un_roster()):
        if not isinstance(item, Parsed):
            print(f"{item.place}: {item.symbol} refused: {item.reason}", file=sys.stderr)
            return 1
        votes.append(item.vote)
    votes.sort(key=symbol_order)
    if LIBRARY.is_file():
        library = {
            item.vote.symbol: item.vote
            for item in read_history(LIBRARY, un_roster())
            if isinstance(item, Parsed) and item.vote.symbol in EXPECTED
        }
        votes = [
            vote.merged(library[vote.symbol]) if vote.symbol in library else vote for vote in votes
        ]
    symbols = [vote.symbol for vote in votes]
    if symbols != EXPECTED:
        print(f"{source}: expected {', '.join(EXPECTED)}, found {symbols}", file=sys.stderr)
        return 1
    target.write_text("".join(vote.model_dump_json() + "\n" for vote in votes), encoding="utf-8")
    print(f"{len(votes)} votes written to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE, TARGET))
