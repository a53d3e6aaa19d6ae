"""Real votes of three eras, from the UN Digital Library's voting file beside the project, for
the tests of a member's votes through its names and of comparisons across eras.

Not a test module: the replay and the window tests both build their journal with it.
"""

from __future__ import annotations

import csv
import functools
import gzip
from pathlib import Path

import pytest

from voteboard.journal.archive import import_paths, open_journal

UNDL = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "data"
    / "un-digital-library"
    / "ga-voting-1946-2025.csv.gz"
)
needs_undl = pytest.mark.skipif(not UNDL.is_file(), reason=f"{UNDL} is not there")

FIRST, CHINA, EIGHTIES = "A/RES/17(I)[RULE-73]", "A/RES/2758(XXVI)", "A/RES/40/63"
"""26 January 1946 (51 members: the USSR, Turkey, Czechoslovakia, Yugoslavia); 25 October
1971 (131 members: Congo (Leopoldville), Burma, Democratic Yemen); 10 December 1985 (Zaire,
Burma, the German Democratic Republic). Every new journal holds the ES-11 votes of 2022 and
2023 besides (Turkey until 1 June 2022, Türkiye after)."""
ERAS = (FIRST, CHINA, EIGHTIES)


@functools.cache
def _rows() -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """The file's header and the rows of the three votes (341 rows), read once per run."""
    with gzip.open(UNDL, "rt", encoding="utf-8", newline="") as file:
        reader = csv.reader(file)
        header = tuple(next(reader))
        symbol, day = header.index("resolution"), header.index("date")
        rows = []
        for row in reader:
            if row[day] >= "1986":  # the file is in the order of the days
                break
            if row[symbol] in ERAS:
                rows.append(tuple(row))
    assert {row[symbol] for row in rows} == set(ERAS), "the file is not in the order of days"
    return header, tuple(rows)


def eras_journal(path: Path) -> Path:
    """A new journal (with the shipped ES-11 votes) into which the three votes' real rows are
    imported, from a CSV beside it, as `voteboard import` does."""
    header, rows = _rows()
    source = path.with_name("eras.csv")
    with source.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(rows)
    with open_journal(path) as journal:
        report = import_paths(journal, [source])
    assert sorted(report.imported) == sorted(ERAS), list(report.lines())
    return path
