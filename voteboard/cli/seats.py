"""`voteboard seats`: the keys of the consoles, the displays and the operator."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from voteboard.cli.errors import UserError
from voteboard.core.roles import Role
from voteboard.journal.seats import issue_keys
from voteboard.journal.store import Journal
from voteboard.resources import un_roster


def issue(args: argparse.Namespace) -> int:
    """`voteboard seats issue`: new keys for every seat, the display, the operator and the standby
    desk (or only the
    seats of `--seat`), into a new file and with `--each` a file per key. Everything is checked
    before anything is written; a holder's earlier key is revoked."""
    output: Path = args.output
    # Everything is checked before anything is written: a refusal creates no file and no
    # journal, and issues no key.
    if output.exists():
        raise UserError(f"-o {output}: the file exists; keys are written to a new file only")
    if not output.parent.is_dir():
        raise UserError(f"-o {output}: there is no folder {output.parent}")
    each: Path | None = args.each
    if each is not None and each.exists() and not each.is_dir():
        raise UserError(f"--each {each}: not a folder")
    if each is not None and not each.parent.is_dir():
        raise UserError(f"--each {each}: there is no folder {each.parent}")
    if args.journal.exists():
        with Journal.open(args.journal, readonly=True, create=False) as journal:
            roster = journal.roster
    else:
        roster = un_roster()
    if args.seat:
        codes = list(dict.fromkeys(code.strip().upper() for code in args.seat))
        unknown = [code for code in codes if roster.get(code) is None]
        if unknown:
            raise UserError(f"--seat: not a member of this assembly: {', '.join(unknown)}")
        holders = [(code, Role.CONSOLE) for code in codes]
    else:
        holders = [(m.code, Role.CONSOLE) for m in roster]
        holders += [
            ("display", Role.DISPLAY),
            ("operator", Role.OPERATOR),
            ("standby", Role.STANDBY),
        ]
    if each is not None:
        taken = [h for h, _ in holders if (each / f"{h}.key").exists()]
        if taken:
            raise UserError(f"--each {each}: key files exist already for {', '.join(taken[:5])}")
    try:
        issue_keys(args.journal, roster, holders, output, each)
    except OSError as exc:
        if exc.filename is not None:
            raise UserError(f"{exc.filename}: {exc.strerror or exc}") from None
        raise
    seats = sum(1 for _, role in holders if role is Role.CONSOLE)
    extra = len(holders) - seats
    print(
        f"{output}: {seats} seat keys"
        + (f" and {extra} other keys" if extra else "")
        + " (any earlier key of these holders is revoked). Keep this file secret."
    )
    if each is not None:
        print(f"{each}: one file per key (HOLDER.key), each for its own machine only")
    return 0


def revoke(args: argparse.Namespace) -> int:
    """`voteboard seats revoke`: revokes the valid keys of the holders named (seats' codes,
    `display`, `operator`, `standby`); none is revoked if one of them holds no valid key."""
    if not args.journal.exists():
        raise UserError(f"--journal {args.journal}: there is no journal there")
    with Journal.open(args.journal, create=False) as journal:
        held = {holder for holder, _, _, revoked in journal.key_list() if revoked is None}
        unknown = [h for h in args.holders if h not in held]
        if unknown:
            raise UserError(f"no valid key to revoke for: {', '.join(unknown)}")
        at = dt.datetime.now(dt.UTC).isoformat()
        for holder in args.holders:
            journal.revoke_key(holder, at)
    print(f"revoked: {', '.join(args.holders)}")
    return 0


def listing(args: argparse.Namespace) -> int:
    """`voteboard seats list`: who holds a key, when it was issued and when revoked (never the keys
    themselves)."""
    with Journal.open(args.journal, readonly=True, create=False, check=False) as journal:
        rows = journal.key_list()
    for holder, role, issued, revoked in rows:
        print(f"{holder}\t{role}\tissued {issued}" + (f"\trevoked {revoked}" if revoked else ""))
    if not rows:
        print("no keys issued (see 'voteboard seats issue')")
    return 0
