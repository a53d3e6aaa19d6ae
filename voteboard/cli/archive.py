"""The archive's commands: import, votes, board, export, verify, hall-key, recovery, backup.
None opens a window; `board --png` and `export --format pdf` draw with Qt, imported then."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from voteboard.cli.common import board_of, existing_journal, find, moment_of, translation_of
from voteboard.cli.errors import UserError
from voteboard.core.history import ImportedVote
from voteboard.core.languages import Language
from voteboard.core.wording import footer_texts
from voteboard.files import OutputError, check_new_target, check_target, write_new, write_output
from voteboard.journal.archive import import_paths, open_journal, read_journal, summaries
from voteboard.journal.export import write_export
from voteboard.journal.importers import ImportFileError
from voteboard.journal.records import RecordError, head_of
from voteboard.journal.seal import SealError, Signer, new_recovery_key, read_recovery_key
from voteboard.journal.store import Journal


def import_(args: argparse.Namespace) -> int:
    """`voteboard import`: each file's votes into the journal, and for each file what was
    imported, skipped and refused; a file that cannot be read is said (status 1) and the next
    one still imported."""
    status = 0
    with open_journal(args.journal) as journal:
        for path in args.paths:
            try:
                report = import_paths(journal, [path])
            except ImportFileError as exc:
                print(f"voteboard import: {exc}", file=sys.stderr)
                status = 1
                continue
            for line in report.lines():
                print(f"{path.name}: {line}")
    return status


def votes(args: argparse.Namespace) -> int:
    """`voteboard votes`: the votes of the journal and of the history, newest first, a line each or
    as JSON; `--search` keeps those whose symbol or title holds the text."""
    with read_journal(existing_journal(args.journal)) as journal:
        found = summaries(journal, journal.state(), args.search)
    if args.json:
        print(json.dumps([s.as_json() for s in found], ensure_ascii=False, indent=1))
        return 0
    for summary in found:
        row = summary.as_json()
        totals = summary.board.totals
        counts = (
            f"{totals.yes}-{totals.no}-{totals.abstain}"
            if totals.yes is not None
            else f"{totals.members - totals.non_voting} voted"
        )
        # An imported vote is named by its symbol alone: its id is its symbol.
        ident = "(imported)" if row["id"] == row["symbol"] else row["id"]
        retake = f"[retake of {summary.retake_of}] " if summary.retake_of else ""
        print(
            f"{row['date'] or '':10}  {row['symbol']:<24} {ident:<14} {row['mode']:<8} "
            f"{row['phase']:<9} {counts:<12} {retake}{row['title']}"
        )
    if not found:
        print("no votes" + (f" match {args.search!r}" if args.search else ""), file=sys.stderr)
    return 0


def board(args: argparse.Namespace) -> int:
    """`voteboard board`: what the board shows for a vote (`--at` seconds after its opening): its
    totals and arithmetic as text, as JSON, or drawn as a PNG."""
    if args.png is not None:
        check_target(args.png, replace=True)  # before anything is read or drawn
    with read_journal(existing_journal(args.journal)) as journal:
        vote = find(journal, journal.state(), args.vote)
        board = translation_of(args)(board_of(journal, vote, args.at))
        moment = moment_of(journal, vote, args.at)
    if args.png is not None:
        from voteboard.ui.image import save_board_png
        from voteboard.ui.layout import Panel

        width, height = args.size
        try:
            save_board_png(board, args.png, width, height, Panel(args.panel), moment)
        except OutputError:
            raise
        except OSError as exc:
            raise UserError(f"cannot write {args.png}: {exc.strerror or exc}") from None
    if args.json:
        print(board.model_dump_json(indent=1))
    elif args.png is None and board.language is not Language.EN:
        print(f"{board.vote.symbol}  {board.vote.title}  ({board.phase.value})")
        print("\n".join(line for line in footer_texts(board) if line))
    elif args.png is None:
        totals = board.totals
        print(f"{board.vote.symbol}  {board.vote.title}  ({board.phase.value})")
        print(
            f"Yes {totals.yes}  No {totals.no}  Abstentions {totals.abstain}  "
            f"Non-voting {totals.non_voting}"
        )
        if board.arithmetic:
            print(board.arithmetic)
    return 0


def export(args: argparse.Namespace) -> int:
    """`voteboard export`: the record of a vote as a JSON, CSV or PDF file; `-o` must name a file,
    never a folder or a journal."""
    if args.output.endswith(("/", ".")) or Path(args.output).is_dir():
        raise UserError(f"-o {args.output}: give a file's name, not a folder")
    args.output = Path(args.output)
    check_target(args.output, replace=True)  # before anything is read or drawn
    with read_journal(existing_journal(args.journal)) as journal:
        vote = find(journal, journal.state(), args.vote)
        try:
            if args.format == "pdf":
                from voteboard.ui.record import write_pdf

                board = board_of(journal, vote, None)
                # An imported record names its session and meeting; a vote run here does not.
                session, meeting = vote.heading() if isinstance(vote, ImportedVote) else ("", "")
                write_pdf(
                    board,
                    args.output,
                    journal.roster,
                    journal.latest_checkpoint(),
                    session=session,
                    meeting=meeting,
                    language=Language(args.language),
                )
            else:
                write_export(journal, vote, args.format, args.output)
        except OutputError:
            raise
        except OSError as exc:
            raise UserError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    print(f"{args.output}: the record of {args.vote} as {args.format}")
    return 0


def verify(args: argparse.Namespace) -> int:
    """`voteboard verify`: checks the journal's hash chain, its signed checkpoints and its sealed
    urns, and with `--head` that the journal still holds that head (a journal rolled back or
    rewritten since is caught). Status 1 when anything does not match."""
    head = None
    if args.head is not None:
        try:
            head = head_of(args.head)
        except RecordError as exc:
            shown = args.head if len(args.head) <= 120 else f"{args.head[:60]}…"
            raise UserError(f"--head {shown}: {exc}") from None
    with Journal.open(args.journal, readonly=True, check=False, create=False) as journal:
        verification = journal.verify()
        print(f"{journal.path}: {verification}")
        compare_hall_key(journal)
        if head is None:
            return 0 if verification.intact else 1
        problem = head.check(journal)
    if problem is None:
        print(f"{journal.path}: holds the head {head.seq}:{head.hash}{head.described}")
        return 0 if verification.intact else 1
    print(f"{journal.path}: does NOT hold the head {head.seq}:{head.hash}: {problem}")
    return 1


def compare_hall_key(journal: Journal) -> None:
    """Says so when the journal is signed by another key than this machine's hall key: a
    journal rewritten and signed anew with a forger's key verifies on its own."""
    signed = journal.hall_key()
    try:
        own = Signer().existing()
    except (OSError, ValueError, SealError):
        own = None
    if signed is not None and own is not None and signed != own:
        print(
            f"{journal.path}: note: its checkpoints are signed by the key {signed.fingerprint}, "
            f"not by this machine's hall key {own.fingerprint}: compare it with the hall's "
            "published fingerprint"
        )


def hall_key(args: argparse.Namespace) -> int:
    """`voteboard hall-key`: the hall's public signing key (PEM) and its fingerprint, printed or
    written to `-o`; refused while the journal holds none."""
    with read_journal(existing_journal(args.journal)) as journal:
        key = journal.hall_key()
    if key is None:
        raise UserError(
            f"{journal.path} holds no hall key yet: it is written with the first close, lock "
            "or cancel of a vote"
        )
    if args.output is not None:
        write_output(args.output, key.pem.encode())
        print(f"{args.output}: the hall's public key, fingerprint {key.fingerprint}")
    else:
        print(key.pem, end="")
        print(f"fingerprint (SHA-256 of its DER form): {key.fingerprint}")
    return 0


def recovery_issue(args: argparse.Namespace) -> int:
    """`voteboard recovery issue`: a new recovery key, its private half to a new file (to be kept
    off the machine), its public half into the journal; the file is removed again if the journal
    refuses. Names the open secret votes whose key is already lost: this key cannot cover them."""
    check_new_target(args.output)
    private, public = new_recovery_key()
    with open_journal(args.journal) as journal:
        write_new(args.output, private)
        try:
            uncovered = journal.set_recovery_key(public, dt.datetime.now(dt.UTC).isoformat())
        except BaseException:
            args.output.unlink(missing_ok=True)
            raise
    print(
        f"{args.output}: the recovery key of {journal.path}. Copy it to removable media (or "
        "print it), keep it locked away from this machine, then delete this file: with it, a "
        "secret ballot interrupted by a power cut can still be counted."
    )
    for symbol in uncovered:
        print(
            f"voteboard recovery: {symbol} is open and its key is already lost: this recovery "
            "key cannot cover it",
            file=sys.stderr,
        )
    return 0


def recovery_restore(args: argparse.Namespace) -> int:
    """`voteboard recovery restore`: after a power cut, puts back the keys of the open secret
    ballots from their copies sealed to the recovery key, so that those votes can be counted at
    their close."""
    try:
        private = read_recovery_key(args.key_file)
    except OSError as exc:
        raise UserError(f"--key-file {args.key_file}: {exc.strerror or exc}") from None
    except SealError as exc:
        raise UserError(f"--key-file {args.key_file}: {exc}") from None
    if not args.journal.exists():
        raise UserError(f"--journal {args.journal}: there is no journal there")
    with Journal.open(args.journal, readonly=True, create=False) as journal:
        restored = journal.restore_keys(private)
    if not restored:
        print("no secret ballot's key was missing: nothing to restore")
    for symbol in restored:
        print(f"{symbol}: its key is back; the vote can be counted at its close")
    return 0


def backup(args: argparse.Namespace) -> int:
    """`voteboard backup`: a consistent copy of the journal in a new file, even while a vote is
    running; status 1 when the copy does not verify."""
    with Journal.open(args.journal, readonly=True, check=False, create=False) as journal:
        verification = journal.backup(args.output)
    print(f"{args.output}: a copy of {journal.path}, {verification}")
    return 0 if verification.intact else 1
