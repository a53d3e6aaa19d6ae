"""The command line (DESIGN §7). Imports the Qt user interface only for windows and images."""

from __future__ import annotations

import argparse
import json
import secrets
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from voteboard import __version__
from voteboard.core.board import Board, board_of_record, board_of_vote
from voteboard.core.commands import CastBallot, CloseVote, LockVote, OpenVote, PrepareVote
from voteboard.core.delegations import plan_ballots
from voteboard.core.history import ImportedVote
from voteboard.core.model import Choice, Majority, Mode, Phase, Refused, VoteSpec
from voteboard.core.session import Session, new_vote_id
from voteboard.core.state import AssemblyState, VoteState
from voteboard.core.symbols import preparation_problem, symbol_problem
from voteboard.files import OutputError
from voteboard.journal.archive import (
    AmbiguousVote,
    find_vote,
    import_paths,
    open_journal,
    read_journal,
    summaries,
)
from voteboard.journal.export import write_export
from voteboard.journal.importers import ImportFileError
from voteboard.journal.seal import SealError
from voteboard.journal.store import Journal, JournalError
from voteboard.replay.timeline import Timeline


class UserError(Exception):
    """A mistake in what the user asked for: printed as a message, exit status 2, no traceback."""


Handler = Callable[[argparse.Namespace], int]


def _journal_option(parser: argparse.ArgumentParser, required: bool = False) -> None:
    parser.add_argument(
        "--journal",
        type=Path,
        required=required,
        metavar="PATH",
        help="the journal file (default: journal.sqlite in the user's data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="voteboard",
        description=(
            "The vote board of a plenary hall: the panel of names and lights, the "
            "secretariat's control of each vote, secret ballots and the replay of past votes."
        ),
    )
    parser.add_argument("--version", action="version", version=f"voteboard {__version__}")
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="check that this machine can run the board: versions, assets, font, journal, "
        "screens, and the board full screen on every screen for a moment; one line per check "
        "(exit status 1 if any failed)",
    )
    parser.add_argument(
        "--smoke-seconds",
        type=_smoke_seconds,
        default=None,
        metavar="S",
        help="with --smoke-test: how long the boards stay up (default 3)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    simulate = commands.add_parser(
        "simulate", help="a scripted vote without a screen, for tests and load"
    )
    _journal_option(simulate, required=True)
    simulate.add_argument("--mode", choices=[m.value for m in Mode], default="recorded")
    simulate.add_argument(
        "--majority", choices=[m.value for m in Majority], default="simple", metavar="RULE"
    )
    simulate.add_argument(
        "--symbol",
        default=None,
        metavar="S",
        help="the document symbol; one that is not of the UN's form is taken as given, with a "
        "note (a second vote on a symbol is a retake of the first)",
    )
    simulate.add_argument("--title", default="Simulated vote", metavar="T")
    source = simulate.add_mutually_exclusive_group()
    source.add_argument("--seed", type=int, default=None, metavar="N")
    source.add_argument(
        "--choices-from", default=None, metavar="VOTE", help="vote as the members did in VOTE"
    )
    simulate.add_argument(
        "--rate",
        type=float,
        default=0.0,
        metavar="N",
        help="ballots per second on average, in bursts (default 0: as fast as they are durable)",
    )
    simulate.add_argument("--close", action="store_true", help="close the vote at the end")
    simulate.add_argument("--lock", action="store_true", help="close and lock the vote")
    simulate.set_defaults(handler=_simulate)

    replay = commands.add_parser("replay", help="the replay player: past votes on the board")
    replay.add_argument("vote", nargs="?", default=None, metavar="VOTE")
    _journal_option(replay)
    replay.add_argument(
        "--speed", type=float, default=None, metavar="X", help="play at once, 0.5 to 20 times"
    )
    replay.set_defaults(handler=_replay)

    import_ = commands.add_parser(
        "import", help="import UN votes: DGACM JSON lines or UN Digital Library CSV"
    )
    import_.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    _journal_option(import_)
    import_.set_defaults(handler=_import)

    votes = commands.add_parser("votes", help="list the votes, newest first")
    _journal_option(votes)
    votes.add_argument("--search", default="", metavar="TEXT", help="in symbol and title")
    votes.add_argument("--json", action="store_true")
    votes.set_defaults(handler=_votes)

    board = commands.add_parser("board", help="what the board shows for a vote")
    board.add_argument("vote", metavar="VOTE", help="a vote's id or its document symbol")
    _journal_option(board)
    board.add_argument(
        "--at", type=_seconds, default=None, metavar="SECONDS", help="seconds after the opening"
    )
    board.add_argument("--json", action="store_true")
    board.add_argument("--png", type=Path, default=None, metavar="FILE", help="draw it as PNG")
    board.add_argument(
        "--size", type=_size, default=(1920, 1080), metavar="WxH", help="default 1920x1080"
    )
    board.add_argument("--panel", choices=["all", "left", "right"], default="all")
    board.set_defaults(handler=_board)

    control = commands.add_parser("control", help="the secretariat's control window (the main job)")
    _journal_option(control)
    control.add_argument(
        "--hall-screen", default=None, metavar="NAME", help="put the hall board on this screen"
    )
    control.add_argument(
        "--simulate", action="store_true", help="simulated delegations vote after each opening"
    )
    control.add_argument(
        "--rate",
        type=float,
        default=8.0,
        metavar="N",
        help="simulated ballots per second (default 8)",
    )
    control.add_argument(
        "--listen",
        type=_address,
        default=None,
        metavar="ADDRESS:PORT",
        help="serve remote boards and consoles over WebSocket (loopback unless an address is "
        "given; a hall network needs --tls-cert and --tls-key)",
    )
    control.add_argument("--tls-cert", type=Path, default=None, metavar="F", help="PEM")
    control.add_argument("--tls-key", type=Path, default=None, metavar="F", help="PEM")
    control.add_argument(
        "--insecure-test-network",
        action="store_true",
        help="allow a network address without TLS: for a test bench only, never in a hall",
    )
    control.set_defaults(handler=_control)

    display = commands.add_parser(
        "display", help="the hall board, full screen, following the journal's current vote"
    )
    _journal_option(display)
    _connect_options(display, seat=False)
    display.add_argument(
        "--screen", default=None, metavar="NAME", help="the screen's name (see --list-screens)"
    )
    display.add_argument("--panel", choices=["all", "left", "right"], default="all")
    display.add_argument("--windowed", action="store_true", help="in a window, not full screen")
    display.add_argument("--list-screens", action="store_true", help="print the screens' names")
    display.set_defaults(handler=_display)

    console = commands.add_parser("console", help="a delegation's voting console")
    _connect_options(console, seat=True)
    console.set_defaults(handler=_console)

    seats = commands.add_parser("seats", help="the keys of the consoles, displays and operator")
    seat_commands = seats.add_subparsers(dest="seats_command", metavar="ACTION", required=True)
    issue = seat_commands.add_parser(
        "issue", help="new keys for every seat (or those given), the displays and the operator"
    )
    _journal_option(issue, required=True)
    issue.add_argument("-o", dest="output", type=Path, required=True, metavar="FILE")
    issue.add_argument(
        "--seat", action="append", default=None, metavar="CODE", help="only this seat (repeat)"
    )
    issue.add_argument(
        "--each",
        type=Path,
        default=None,
        metavar="DIR",
        help="also write each key to a file of its own, DIR/HOLDER.key, for its machine",
    )
    issue.set_defaults(handler=_seats_issue)
    revoke = seat_commands.add_parser("revoke", help="revoke keys: seats' codes, display, operator")
    _journal_option(revoke, required=True)
    revoke.add_argument("holders", nargs="+", metavar="HOLDER")
    revoke.set_defaults(handler=_seats_revoke)
    listing = seat_commands.add_parser("list", help="who holds a key (never the keys)")
    _journal_option(listing, required=True)
    listing.set_defaults(handler=_seats_list)

    export = commands.add_parser("export", help="the record of a vote as a file")
    export.add_argument("vote", metavar="VOTE")
    export.add_argument("--format", choices=["json", "csv", "pdf"], required=True)
    export.add_argument("-o", dest="output", required=True, metavar="FILE")
    _journal_option(export)
    export.set_defaults(handler=_export)

    verify = commands.add_parser(
        "verify", help="check the journal's hash chain, its signed checkpoints and sealed urns"
    )
    _journal_option(verify)
    verify.add_argument(
        "--head",
        default=None,
        metavar="SEQ:HASH|FILE",
        help="also check that the journal holds this head, given as SEQ:HASH or as a record "
        "(an export in JSON, CSV or PDF): a journal rolled back or rewritten since is caught",
    )
    verify.set_defaults(handler=_verify)
    hall_key = commands.add_parser(
        "hall-key", help="the hall's public signing key (PEM) that the journal's checkpoints use"
    )
    _journal_option(hall_key)
    hall_key.add_argument(
        "-o", dest="output", type=Path, default=None, metavar="FILE", help="write it to FILE"
    )
    hall_key.set_defaults(handler=_hall_key)
    recovery = commands.add_parser(
        "recovery", help="the secretariat's recovery key for the secret ballots' keys"
    )
    recovery_commands = recovery.add_subparsers(
        dest="recovery_command", metavar="ACTION", required=True
    )
    make = recovery_commands.add_parser(
        "issue", help="make a recovery key: its private half to FILE (keep it off the machine)"
    )
    _journal_option(make, required=True)
    make.add_argument("-o", dest="output", type=Path, required=True, metavar="FILE")
    make.set_defaults(handler=_recovery_issue)
    restore = recovery_commands.add_parser(
        "restore", help="after a power cut: put back the keys of the open secret ballots"
    )
    _journal_option(restore, required=True)
    restore.add_argument("--key-file", type=Path, required=True, metavar="FILE")
    restore.set_defaults(handler=_recovery_restore)
    backup = commands.add_parser(
        "backup", help="copy the journal to a new file, even while a vote is running"
    )
    _journal_option(backup)
    backup.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE", help="a new file"
    )
    backup.set_defaults(handler=_backup)
    return parser


def _connect_options(parser: argparse.ArgumentParser, *, seat: bool) -> None:
    parser.add_argument(
        "--connect",
        default=None,
        required=seat,
        metavar="URL",
        help="the control process (ws://HOST:PORT, or wss:// on a hall network)",
    )
    if seat:
        parser.add_argument("--seat", required=True, metavar="CODE", help="the member's code")
    parser.add_argument(
        "--key-file",
        type=Path,
        default=None,
        required=seat,
        metavar="F",
        help="the key (alone in the file, or the CSV of 'voteboard seats issue')",
    )
    parser.add_argument(
        "--tls-ca",
        type=Path,
        default=None,
        metavar="F",
        help="the hall's certificate authority (PEM), for wss:// with a hall's own certificate",
    )


def _address(text: str) -> tuple[str, int]:
    """ADDRESS:PORT, [IPv6]:PORT or PORT alone (on loopback)."""
    host, _, port = text.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    try:
        number = int(port)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not ADDRESS:PORT (such as 0.0.0.0:8765)"
        ) from None
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"{number} is not a port (0 to 65535)")
    return host, number


def _seconds(text: str) -> float:
    """A moment of a vote, in seconds after its opening: a number from 0 to a year."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 <= value <= 366 * 24 * 3600:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and a year of seconds")
    return value


def _smoke_seconds(text: str) -> float:
    """How long the smoke test keeps the boards up: 0 to a day of seconds."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 <= value <= 24 * 3600:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 86400 seconds")
    return value


def _size(text: str) -> tuple[int, int]:
    """A screen size, WIDTHxHEIGHT, from 320x180 to 7680x4320."""
    width, _, height = text.lower().partition("x")
    try:
        size = int(width), int(height)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size like 1920x1080") from None
    if not (320 <= size[0] <= 7680 and 180 <= size[1] <= 4320):
        raise argparse.ArgumentTypeError(f"{text} is outside 320x180 to 7680x4320")
    return size


def _validation_message(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']}" if where else str(first["msg"])


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.smoke_seconds is not None and not args.smoke_test:
        parser.error("--smoke-seconds goes with --smoke-test")
    if args.smoke_test:
        if args.command is not None:
            parser.error(f"--smoke-test runs alone, without a command ({args.command})")
        from voteboard.ui import smoke

        seconds = args.smoke_seconds
        return smoke.run(smoke.DEFAULT_SECONDS if seconds is None else seconds)
    if args.command is None:
        parser.print_help()
        return 0
    handler: Handler = args.handler
    try:
        return handler(args)
    except (UserError, Refused) as exc:
        print(f"voteboard {args.command}: {exc}", file=sys.stderr)
        return 2
    except ValidationError as exc:
        print(f"voteboard {args.command}: {_validation_message(exc)}", file=sys.stderr)
        return 2
    except (JournalError, OutputError, SealError) as exc:
        print(f"voteboard {args.command}: {exc}", file=sys.stderr)
        return 1
    except (sqlite3.Error, OSError) as exc:
        print(f"voteboard {args.command}: the journal could not be used ({exc})", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _find(journal: Journal, state: AssemblyState, ref: str) -> VoteState | ImportedVote:
    """The vote that VOTE names: an id of the journal or a symbol; a symbol of several votes
    of the journal (a vote and its retakes) is refused with their ids."""
    try:
        vote = find_vote(journal, state, ref)
    except AmbiguousVote as exc:
        raise UserError(str(exc)) from None
    if vote is None:
        raise UserError(f"no vote {ref!r} in {journal.path} (see 'voteboard votes')")
    return vote


def _board_of(journal: Journal, vote: VoteState | ImportedVote, at: float | None) -> Board:
    if isinstance(vote, ImportedVote):
        if at is not None:
            print(
                f"{vote.symbol} was imported and has no timing: its final board is shown",
                file=sys.stderr,
            )
        return board_of_record(vote, journal.roster)
    if at is not None:
        timeline = Timeline(journal.roster, list(journal.events(vote=vote.id)))
        return board_of_vote(timeline.state_at(at), journal.roster)
    return board_of_vote(vote, journal.roster)


def _moment_of(journal: Journal, vote: VoteState | ImportedVote, at: float | None) -> Any:
    """The moment `--at` stands for, for the header's clock (None: no clock to show)."""
    if at is None or isinstance(vote, ImportedVote):
        return None
    return Timeline(journal.roster, list(journal.events(vote=vote.id))).origin + timedelta(
        seconds=at
    )


def _simulate(args: argparse.Namespace) -> int:
    if args.rate < 0:
        raise UserError("--rate must be 0 or more ballots per second")
    # Everything is checked before the journal is opened to write: a refusal creates nothing.
    with read_journal(args.journal) as look:
        state = look.state()
        current = state.current_vote
        if current is not None and current.phase in (Phase.OPEN, Phase.PAUSED):
            raise UserError(
                f"{current.spec.symbol} ({current.id}) is still {current.phase.value} in this "
                "journal; close or cancel it first"
            )
        choices = None
        if args.choices_from is not None:
            choices = _choices_of(_find(look, state, args.choices_from))
    if args.seed is not None and args.mode == "secret":
        print(
            f"voteboard simulate: --seed {args.seed}: anyone who knows the seed can reproduce "
            "every choice of this secret ballot (for tests only)",
            file=sys.stderr,
        )
    # Without --seed the plan comes from the system's randomness, never from the clock: the
    # moment of a vote's opening must not tell its choices.
    seed = args.seed if args.seed is not None else secrets.randbits(64)
    vote_id = new_vote_id()
    spec = VoteSpec(
        symbol=args.symbol if args.symbol is not None else f"A/SIM/{vote_id[2:]}",
        title=args.title,
        mode=Mode(args.mode),
        majority=Majority(args.majority),
    )
    problem = preparation_problem(spec.symbol, spec.title)
    if problem is not None:
        raise UserError(problem)
    unusual = symbol_problem(spec.symbol) if args.symbol is not None else None
    if unusual is not None:
        # The command line is the officer here: the symbol typed is the symbol meant.
        print(f"voteboard simulate: note: {unusual}: taken as given", file=sys.stderr)
    with open_journal(args.journal) as journal:
        session = Session(journal, journal.state())
        prepare = PrepareVote(at=session.clock(), vote=vote_id, spec=spec, unusual_symbol=True)
        session.execute(prepare)
        session.execute(OpenVote(at=session.clock()))
        vote = session.state.current_vote
        assert vote is not None
        retake = f", a retake of {vote.retake_of}" if vote.retake_of else ""
        print(f"{spec.symbol}: vote {vote_id} open{retake}", file=sys.stderr, flush=True)
        plan = plan_ballots(
            journal.roster,
            seed=seed,
            ineligible=vote.ineligible,
            choices=choices,
            changes=spec.mode is Mode.RECORDED,
        )
        for ballot in plan:
            if args.rate > 0:
                time.sleep(ballot.delay / args.rate)
            session.execute(
                CastBallot(at=session.clock(), member=ballot.member, choice=ballot.choice)
            )
            shown = ballot.choice.value if spec.mode is Mode.RECORDED else "voted"
            print(f"{ballot.member} {shown}", flush=True)
        if args.close or args.lock:
            session.execute(CloseVote(at=session.clock()))
        if args.lock:
            session.execute(LockVote(at=session.clock()))
        outcome = session.state.votes[vote_id].outcome()
        if outcome is not None:
            print(f"{spec.symbol}: {outcome.arithmetic}", file=sys.stderr)
    return 0


def _choices_of(vote: VoteState | ImportedVote) -> dict[str, Choice]:
    if isinstance(vote, ImportedVote):
        return vote.choices()
    if vote.secret:
        raise UserError(f"{vote.spec.symbol} was a secret ballot: its choices are not known")
    return dict(vote.ballots)


def _import(args: argparse.Namespace) -> int:
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


def _votes(args: argparse.Namespace) -> int:
    with read_journal(args.journal) as journal:
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


def _board(args: argparse.Namespace) -> int:
    if args.png is not None:
        from voteboard.files import check_target

        check_target(args.png, replace=True)  # before anything is read or drawn
    with read_journal(args.journal) as journal:
        vote = _find(journal, journal.state(), args.vote)
        board = _board_of(journal, vote, args.at)
        moment = _moment_of(journal, vote, args.at)
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


def _control(args: argparse.Namespace) -> int:
    if not 0 < args.rate <= 1000:
        raise UserError("--rate must be more than 0 and at most 1000 ballots per second")
    if (args.tls_cert is None) != (args.tls_key is None):
        raise UserError("--tls-cert and --tls-key go together")
    if args.listen is None and (args.tls_cert or args.insecure_test_network):
        raise UserError("--tls-cert, --tls-key and --insecure-test-network need --listen")
    if args.listen is not None and args.tls_cert is None and not args.insecure_test_network:
        from voteboard.net.server import is_loopback

        if not is_loopback(args.listen[0]):
            raise UserError(
                f"{args.listen[0]} is not a loopback address: a hall network needs TLS "
                "(--tls-cert and --tls-key)"
            )
    if args.listen is not None:
        _can_listen(*args.listen)  # before the journal is opened (or created)
    tls = None
    if args.tls_cert is not None:
        from voteboard.net.server import ServerError, tls_context

        try:
            tls = tls_context(args.tls_cert, args.tls_key)
        except ServerError as exc:
            raise UserError(str(exc)) from None
    from PySide6.QtWidgets import QApplication

    from voteboard.ui import display
    from voteboard.ui.application import application
    from voteboard.ui.control import ControlWindow
    from voteboard.ui.controller import Controller

    app = application()
    if args.hall_screen is not None and display.find_screen(args.hall_screen) is None:
        known = ", ".join(display.screen_names())
        raise UserError(f"there is no screen named {args.hall_screen!r} (screens: {known})")
    journal = open_journal(args.journal)
    print(f"voteboard control: journal {journal.path}", file=sys.stderr, flush=True)
    controller = Controller(journal, simulate=args.simulate, rate=args.rate)
    link = None
    if args.listen is not None:
        from voteboard.net.server import ServerError
        from voteboard.ui.network import HallLink

        host, port = args.listen
        try:
            link = HallLink(
                controller, host=host, port=port, tls=tls, insecure_test=args.insecure_test_network
            )
            link.start()
        except ServerError as exc:
            controller.shutdown()
            raise UserError(str(exc)) from None
        print(f"voteboard control: listening on {link.url}", file=sys.stderr, flush=True)
    window = ControlWindow(controller, network=link)
    # Where it was last closed, else the desk's screen (never larger: at 1366x768 the status
    # line fell below the screen's edge), leaving room for the hall board on a single screen.
    window.place_on_desk()
    window.show()
    # The hall board: on the screen named; else on a screen other than the desk's; else, with
    # a single screen, in a window beside the control window.
    names = display.screen_names()
    primary = display.screen_name(QApplication.primaryScreen())
    if args.hall_screen is not None:
        window.open_hall(args.hall_screen)
    elif len(names) > 1:
        window.open_hall(next(n for n in names if n != primary))
    else:
        window.open_hall(names[0], full_screen=False)
    for notice in (window.restart_notice, window.message.text()):
        if notice:
            print(f"voteboard control: {notice}", file=sys.stderr, flush=True)
    try:
        return app.exec()
    finally:
        if link is not None:
            link.stop()


def _replay(args: argparse.Namespace) -> int:
    from voteboard.replay.player import SPEEDS

    if args.speed is not None and not SPEEDS[0] <= args.speed <= SPEEDS[-1]:
        raise UserError(f"--speed is from {SPEEDS[0]:g} to {SPEEDS[-1]:g}, not {args.speed:g}")
    from voteboard.ui.application import application
    from voteboard.ui.replay import ReplayWindow

    journal = read_journal(args.journal)
    vote = None
    if args.vote is not None:
        try:
            vote = _find(journal, journal.state(), args.vote)
        except UserError:
            journal.close()
            raise
    app = application()
    window = ReplayWindow(journal)
    if vote is not None:
        entry = window.find_vote(vote.symbol if isinstance(vote, ImportedVote) else vote.id)
        if entry is None:
            journal.close()
            raise UserError(f"no vote {args.vote!r} in {journal.path} (see 'voteboard votes')")
        window.open_entry(entry)
        if args.speed is not None:
            window.choose_speed(args.speed)
            window.toggle_play()
    window.resize(1800, 1000)
    window.show()
    shown = f"{args.vote} from " if args.vote is not None else ""
    print(f"voteboard replay: {shown}{journal.path}", file=sys.stderr, flush=True)
    try:
        return app.exec()
    finally:
        journal.close()


def _display(args: argparse.Namespace) -> int:
    from voteboard.journal.store import default_journal_path
    from voteboard.resources import un_roster
    from voteboard.ui import display
    from voteboard.ui.application import application
    from voteboard.ui.layout import Panel

    app = application()
    if args.list_screens:
        for line in display.describe_screens():
            print(line)
        return 0
    screen = display.find_screen(args.screen)
    if screen is None:
        names = ", ".join(display.screen_names())
        raise UserError(f"there is no screen named {args.screen!r} (screens: {names})")
    if args.connect is not None:
        return _remote_display(args, app, screen)
    if args.key_file is not None or args.tls_ca is not None:
        raise UserError("--key-file and --tls-ca go with --connect")
    path = args.journal if args.journal is not None else default_journal_path()
    if path.exists():
        # A file that is not a journal is refused now, not shown as an empty hall.
        Journal.open(path, readonly=True, create=False, check=True).close()
    else:
        print(f"voteboard display: waiting for a journal at {path}", file=sys.stderr)
    window = display.HallDisplay(display.initial_board(un_roster()), Panel(args.panel))
    watch = display.JournalWatch(path, window)
    watch.board_changed.connect(window.show_board)
    watch.problem.connect(
        lambda text: print(
            f"voteboard display: {text or 'the journal reads again'}", file=sys.stderr
        )
    )
    window.place(screen, full_screen=not args.windowed)
    window.follow_screen_changes()
    watch.start()
    print(
        f"voteboard display: showing {path} on {display.screen_name(screen)}"
        f" ({'windowed' if args.windowed else 'full screen'}, panel {args.panel})",
        file=sys.stderr,
        flush=True,
    )
    try:
        return app.exec()
    finally:
        watch.stop()


def _can_listen(host: str, port: int) -> None:
    """Refuses an address that cannot be listened on (unknown, not this machine's, or its port
    taken), before anything else is done."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (OSError, UnicodeError) as exc:
        raise UserError(f"--listen {host}:{port}: unknown address ({exc})") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise UserError(f"--listen {host}:{port}: {exc.strerror or exc}") from None


def _hello(args: argparse.Namespace, role: str, seat: str | None) -> Any:
    """The hello of a remote board or a console, with the key read from its file."""
    from websockets.exceptions import InvalidURI
    from websockets.uri import parse_uri

    from voteboard.net.client import load_key
    from voteboard.net.protocol import Hello

    if not args.connect.startswith(("ws://", "wss://")):
        raise UserError(f"--connect {args.connect}: give a ws:// or wss:// URL")
    try:
        parse_uri(args.connect)
    except (InvalidURI, ValueError):
        raise UserError(f"--connect {args.connect}: not a URL such as ws://10.0.0.5:8765") from None
    if args.tls_ca is not None and not args.connect.startswith("wss://"):
        raise UserError("--tls-ca goes with a wss:// URL (TLS)")
    try:
        key = load_key(args.key_file, role, seat)
    except OSError as exc:
        raise UserError(f"--key-file {args.key_file}: {exc.strerror or exc}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise UserError(f"--key-file {args.key_file}: {exc}") from None
    try:
        return Hello(role=role, seat=seat, key=key)  # type: ignore[arg-type]
    except ValidationError:
        raise UserError(f"--key-file {args.key_file}: that is not a voteboard key") from None


def _client_tls(args: argparse.Namespace, client_tls: Callable[..., Any]) -> Any:
    try:
        return client_tls(args.connect, args.tls_ca)
    except (OSError, ValueError) as exc:
        raise UserError(f"--tls-ca {args.tls_ca}: {exc}") from None


def _say(command: str) -> Callable[[str], None]:
    return lambda text: print(f"voteboard {command}: {text}", file=sys.stderr, flush=True)


def _remote_display(args: argparse.Namespace, app: Any, screen: Any) -> int:
    """A hall board fed by the control process over the network."""
    from voteboard.resources import un_roster
    from voteboard.ui import display
    from voteboard.ui.layout import Panel
    from voteboard.ui.network import RemoteBoard, client_tls

    if args.journal is not None:
        raise UserError("--journal and --connect are two sources: give one")
    if args.key_file is None:
        raise UserError("--connect needs --key-file (the display key of 'voteboard seats issue')")
    hello = _hello(args, "display", None)
    tls = _client_tls(args, client_tls)
    say = _say("display")
    initial = display.initial_board(un_roster())
    window = display.HallDisplay(initial, Panel(args.panel))
    remote = RemoteBoard(args.connect, hello, initial, tls, window)
    remote.board_changed.connect(window.show_board)
    remote.said.connect(say)

    def ended(why: str) -> None:
        say(why)
        app.exit(2)

    remote.ended.connect(ended)
    window.place(screen, full_screen=not args.windowed)
    window.follow_screen_changes()
    remote.start()
    say(
        f"showing {args.connect} on {display.screen_name(screen)}"
        f" ({'windowed' if args.windowed else 'full screen'}, panel {args.panel})"
    )
    try:
        return int(app.exec())
    finally:
        remote.stop()


def _console(args: argparse.Namespace) -> int:
    from voteboard.ui.application import application
    from voteboard.ui.console import ConsoleWindow

    seat = args.seat.strip().upper()
    if not seat.isalpha() or not 2 <= len(seat) <= 8:
        raise UserError(f"--seat {args.seat!r}: give the member's code, such as FRA")
    hello = _hello(args, "console", seat)
    app = application()
    say = _say("console")
    from voteboard.ui.network import RemoteLink, client_tls

    tls = _client_tls(args, client_tls)
    window = ConsoleWindow(seat, args.connect)
    link = RemoteLink(args.connect, hello, tls, window)
    window.attach(link)

    def status(status: str) -> None:
        # What the console says about itself never names a ballot.
        say(f"{seat} {status}" + (f": {window.refusal}" if window.refusal else ""))

    link.status.connect(status)
    window.resize(960, 640)
    window.show()
    link.start()
    say(f"{seat} connecting to {args.connect}")
    try:
        return int(app.exec())
    finally:
        link.stop()


def _seats_issue(args: argparse.Namespace) -> int:
    import csv
    import datetime as dt
    import io

    from voteboard.files import write_new
    from voteboard.journal.store import new_keys
    from voteboard.resources import un_roster

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
        holders = [(code, "console") for code in codes]
    else:
        holders = [(m.code, "console") for m in roster]
        holders += [("display", "display"), ("operator", "operator")]
    if each is not None:
        taken = [h for h, _ in holders if (each / f"{h}.key").exists()]
        if taken:
            raise UserError(f"--each {each}: key files exist already for {', '.join(taken[:5])}")
    keys = new_keys(holder for holder, _ in holders)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["holder", "role", "name", "key"])
    for holder, role in holders:
        member = roster.get(holder)
        name = member.name if member is not None else f"the {role} key"
        writer.writerow([holder, role, name, keys[holder]])
    # The files first (new, readable by their owner only), then the keys in the journal: a
    # failure of either leaves no key that nobody holds, and no file of keys that fail.
    written: list[Path] = []
    try:
        write_new(output, text.getvalue().encode())
        written.append(output)
        if each is not None:
            each.mkdir(mode=0o700, exist_ok=True)
            for holder, _ in holders:
                write_new(each / f"{holder}.key", (keys[holder] + "\n").encode())
                written.append(each / f"{holder}.key")
        with open_journal(args.journal) as journal:
            journal.issue_keys(holders, dt.datetime.now(dt.UTC).isoformat(), keys)
    except BaseException as exc:
        for path in written:
            path.unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.filename is not None:
            raise UserError(f"{exc.filename}: {exc.strerror or exc}") from None
        raise
    seats = sum(1 for _, role in holders if role == "console")
    extra = len(holders) - seats
    print(
        f"{output}: {seats} seat keys"
        + (f" and {extra} other keys" if extra else "")
        + " (any earlier key of these holders is revoked). Keep this file secret."
    )
    if each is not None:
        print(f"{each}: one file per key (HOLDER.key), each for its own machine only")
    return 0


def _seats_revoke(args: argparse.Namespace) -> int:
    import datetime as dt

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


def _seats_list(args: argparse.Namespace) -> int:
    with Journal.open(args.journal, readonly=True, create=False, check=False) as journal:
        rows = journal.key_list()
    for holder, role, issued, revoked in rows:
        print(f"{holder}\t{role}\tissued {issued}" + (f"\trevoked {revoked}" if revoked else ""))
    if not rows:
        print("no keys issued (see 'voteboard seats issue')")
    return 0


def _export(args: argparse.Namespace) -> int:
    from voteboard.files import check_target

    if args.output.endswith(("/", ".")) or Path(args.output).is_dir():
        raise UserError(f"-o {args.output}: give a file's name, not a folder")
    args.output = Path(args.output)
    check_target(args.output, replace=True)  # before anything is read or drawn
    with read_journal(args.journal) as journal:
        vote = _find(journal, journal.state(), args.vote)
        try:
            if args.format == "pdf":
                from voteboard.ui.record import write_pdf

                board = _board_of(journal, vote, None)
                write_pdf(board, args.output, journal.roster, journal.latest_checkpoint())
            else:
                write_export(journal, vote, args.format, args.output)
        except OutputError:
            raise
        except OSError as exc:
            raise UserError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    print(f"{args.output}: the record of {args.vote} as {args.format}")
    return 0


def _verify(args: argparse.Namespace) -> int:
    from voteboard.journal.records import RecordError, head_of

    head = None
    if args.head is not None:
        try:
            head = head_of(args.head)
        except RecordError as exc:
            raise UserError(f"--head {args.head}: {exc}") from None
    with Journal.open(args.journal, readonly=True, check=False, create=False) as journal:
        verification = journal.verify()
        print(f"{journal.path}: {verification}")
        _compare_hall_key(journal)
        if head is None:
            return 0 if verification.intact else 1
        problem = head.check(journal)
    if problem is None:
        print(f"{journal.path}: holds the head {head.seq}:{head.hash}{head.described}")
        return 0 if verification.intact else 1
    print(f"{journal.path}: does NOT hold the head {head.seq}:{head.hash}: {problem}")
    return 1


def _compare_hall_key(journal: Journal) -> None:
    """Says so when the journal is signed by another key than this machine's hall key: a
    journal rewritten and signed anew with a forger's key verifies on its own."""
    from voteboard.journal.seal import Signer

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


def _hall_key(args: argparse.Namespace) -> int:
    with read_journal(args.journal) as journal:
        key = journal.hall_key()
    if key is None:
        raise UserError(
            f"{journal.path} holds no hall key yet: it is written with the first close, lock "
            "or cancel of a vote"
        )
    if args.output is not None:
        from voteboard.files import write_output

        write_output(args.output, key.pem.encode())
        print(f"{args.output}: the hall's public key, fingerprint {key.fingerprint}")
    else:
        print(key.pem, end="")
        print(f"fingerprint (SHA-256 of its DER form): {key.fingerprint}")
    return 0


def _recovery_issue(args: argparse.Namespace) -> int:
    import datetime as dt

    from voteboard.files import check_new_target, write_new
    from voteboard.journal.seal import new_recovery_key

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


def _recovery_restore(args: argparse.Namespace) -> int:
    from voteboard.journal.seal import load_recovery_key

    try:
        private = load_recovery_key(args.key_file.read_bytes())
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


def _backup(args: argparse.Namespace) -> int:
    with Journal.open(args.journal, readonly=True, check=False, create=False) as journal:
        verification = journal.backup(args.output)
    print(f"{args.output}: a copy of {journal.path}, {verification}")
    return 0 if verification.intact else 1
