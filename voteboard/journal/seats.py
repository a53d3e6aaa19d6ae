"""The keys of the seats, displays and operator, written to files and to the journal together:
a failure of either leaves no key that nobody holds, and no file of keys that fail."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

from voteboard.core.roles import Role
from voteboard.core.roster import Roster
from voteboard.files import write_new
from voteboard.journal.archive import open_journal
from voteboard.journal.store import new_keys


def issue_keys(
    journal_path: Path,
    roster: Roster,
    holders: Sequence[tuple[str, Role]],
    output: Path,
    each: Path | None = None,
) -> None:
    """New keys for `holders` ((holder, role) pairs): the CSV `output` (holder, role, name,
    key), one `each/HOLDER.key` per key if asked, then the journal (any earlier key of these
    holders is revoked). The files are new and readable by their owner only; if anything
    fails, the files written are removed and the journal is unchanged."""
    keys = new_keys(holder for holder, _ in holders)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["holder", "role", "name", "key"])
    for holder, role in holders:
        member = roster.get(holder)
        name = member.name if member is not None else f"the {role} key"
        writer.writerow([holder, role, name, keys[holder]])
    written: list[Path] = []
    try:
        write_new(output, text.getvalue().encode())
        written.append(output)
        if each is not None:
            each.mkdir(mode=0o700, exist_ok=True)
            for holder, _ in holders:
                write_new(each / f"{holder}.key", (keys[holder] + "\n").encode())
                written.append(each / f"{holder}.key")
        with open_journal(journal_path) as journal:
            journal.issue_keys(list(holders), dt.datetime.now(dt.UTC).isoformat(), keys)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
