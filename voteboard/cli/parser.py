"""What the commands and options are (DESIGN §7). Imports nothing but argparse: `--version`
and `--help` answer without loading the program; the handlers are named, not imported, and
`main` imports the one chosen."""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import TYPE_CHECKING

from voteboard import __version__

if TYPE_CHECKING:
    Commands = argparse._SubParsersAction[argparse.ArgumentParser]
    """argparse's registry of subcommands, where each family adds its own."""

MODES = ["recorded", "secret"]
"""`core.model.Mode`'s values (a test keeps them equal)."""
MAJORITIES = ["simple", "two-thirds", "members"]
"""`core.model.Majority`'s values (a test keeps them equal)."""


def build_parser() -> argparse.ArgumentParser:
    """The `voteboard` command line: its options and every family's commands, each naming its
    handler (`family:function`) for `main` to import."""
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

    _archive_commands(commands)
    _simulate_command(commands)
    _window_commands(commands)
    _web_command(commands)
    _seats_commands(commands)
    return parser


def _archive_commands(commands: Commands) -> None:
    """import, votes, board, export, verify, hall-key, recovery, backup (cli/archive.py)."""
    import_ = commands.add_parser(
        "import", help="import UN votes: DGACM JSON lines or UN Digital Library CSV"
    )
    import_.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    _journal_option(import_)
    import_.set_defaults(handler="archive:import_")

    votes = commands.add_parser("votes", help="list the votes, newest first")
    _journal_option(votes)
    votes.add_argument("--search", default="", metavar="TEXT", help="in symbol and title")
    votes.add_argument("--json", action="store_true")
    votes.set_defaults(handler="archive:votes")

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
    _language_options(board)
    board.set_defaults(handler="archive:board")

    export = commands.add_parser("export", help="the record of a vote as a file")
    export.add_argument("vote", metavar="VOTE")
    export.add_argument("--format", choices=["json", "csv", "pdf"], required=True)
    export.add_argument("-o", dest="output", required=True, metavar="FILE")
    _journal_option(export)
    _language_options(export, order=False)
    export.set_defaults(handler="archive:export")

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
    verify.set_defaults(handler="archive:verify")
    hall_key = commands.add_parser(
        "hall-key", help="the hall's public signing key (PEM) that the journal's checkpoints use"
    )
    _journal_option(hall_key)
    hall_key.add_argument(
        "-o", dest="output", type=Path, default=None, metavar="FILE", help="write it to FILE"
    )
    hall_key.set_defaults(handler="archive:hall_key")
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
    make.set_defaults(handler="archive:recovery_issue")
    restore = recovery_commands.add_parser(
        "restore", help="after a power cut: put back the keys of the open secret ballots"
    )
    _journal_option(restore, required=True)
    restore.add_argument("--key-file", type=Path, required=True, metavar="FILE")
    restore.set_defaults(handler="archive:recovery_restore")
    backup = commands.add_parser(
        "backup", help="copy the journal to a new file, even while a vote is running"
    )
    _journal_option(backup)
    backup.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE", help="a new file"
    )
    backup.set_defaults(handler="archive:backup")


def _simulate_command(commands: Commands) -> None:
    """simulate (cli/simulate.py)."""
    simulate = commands.add_parser(
        "simulate", help="a scripted vote without a screen, for tests and load"
    )
    _journal_option(simulate, required=True)
    simulate.add_argument("--mode", choices=MODES, default="recorded")
    simulate.add_argument("--majority", choices=MAJORITIES, default="simple", metavar="RULE")
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
        type=_rate,
        default=0.0,
        metavar="N",
        help="ballots per second on average, in bursts (default 0: as fast as they are durable)",
    )
    simulate.add_argument("--close", action="store_true", help="close the vote at the end")
    simulate.add_argument("--lock", action="store_true", help="close and lock the vote")
    simulate.set_defaults(handler="simulate:simulate")


def _window_commands(commands: Commands) -> None:
    """control, display, replay, console: the windows (cli/windows.py)."""
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
        type=_rate,
        default=8.0,
        metavar="N",
        help="simulated ballots per second (default 8)",
    )
    control.add_argument(
        "--listen",
        type=_address,
        default=None,
        metavar="ADDRESS:PORT",
        help="serve remote boards and consoles over WebSocket, and the board's web page on the "
        "same port (loopback unless an address is given; a hall network needs --tls-cert and "
        "--tls-key)",
    )
    control.add_argument("--tls-cert", type=Path, default=None, metavar="F", help="PEM")
    control.add_argument("--tls-key", type=Path, default=None, metavar="F", help="PEM")
    control.add_argument(
        "--insecure-test-network",
        action="store_true",
        help="allow a network address without TLS: for a test bench only, never in a hall",
    )
    control.add_argument(
        "--standby-of",
        default=None,
        metavar="URL",
        help="be the standby desk of the primary desk at URL (ws:// or wss://, with --key-file: "
        "the standby's key): follow its journal into --journal, read-only, and take over when "
        "the officer confirms (then serve --listen)",
    )
    control.add_argument(
        "--key-file",
        type=Path,
        default=None,
        metavar="F",
        help="the standby's key ('voteboard seats issue'), with --standby-of",
    )
    control.add_argument(
        "--tls-ca",
        type=Path,
        default=None,
        metavar="F",
        help="the hall's certificate authority (PEM), for a wss:// primary or standby desk",
    )
    control.add_argument(
        "--ack-without-standby",
        action="store_true",
        help="acknowledge a console's ballot once this desk holds it, without waiting for the "
        "standby desk to hold it too (by default, a standby in step is waited for)",
    )
    _language_options(control)
    control.set_defaults(handler="windows:control")

    display = commands.add_parser(
        "display",
        help="the hall board, full screen: following a journal (--journal, on this machine), "
        "or the control desk over the network (--connect with --key-file); one of the two",
    )
    display.add_argument(
        "--journal",
        type=Path,
        default=None,
        metavar="PATH",
        help="the journal to follow (default: journal.sqlite in the user's data folder; it may "
        "not exist yet: the board waits for it); not with --connect",
    )
    _connect_options(display, seat=False)
    display.add_argument(
        "--screen", default=None, metavar="NAME", help="the screen's name (see --list-screens)"
    )
    display.add_argument("--panel", choices=["all", "left", "right"], default="all")
    display.add_argument("--windowed", action="store_true", help="in a window, not full screen")
    display.add_argument("--list-screens", action="store_true", help="print the screens' names")
    _language_options(display)
    display.set_defaults(handler="windows:display")

    console = commands.add_parser("console", help="a delegation's voting console")
    _connect_options(console, seat=True)
    _language_options(console, order=False)
    console.set_defaults(handler="windows:console")

    replay = commands.add_parser("replay", help="the replay player: past votes on the board")
    replay.add_argument("vote", nargs="?", default=None, metavar="VOTE")
    _journal_option(replay)
    replay.add_argument(
        "--speed", type=_number, default=None, metavar="X", help="play at once, 0.5 to 20 times"
    )
    _language_options(replay)
    replay.set_defaults(handler="windows:replay")


def _seats_commands(commands: Commands) -> None:
    """seats issue, revoke, list (cli/seats.py)."""
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
    issue.set_defaults(handler="seats:issue")
    revoke = seat_commands.add_parser("revoke", help="revoke keys: seats' codes, display, operator")
    _journal_option(revoke, required=True)
    revoke.add_argument("holders", nargs="+", metavar="HOLDER")
    revoke.set_defaults(handler="seats:revoke")
    listing = seat_commands.add_parser("list", help="who holds a key (never the keys)")
    _journal_option(listing, required=True)
    listing.set_defaults(handler="seats:listing")


_LANGUAGES = ["ar", "zh", "en", "es", "fr", "ru"]


def _language_options(parser: argparse.ArgumentParser, *, order: bool = True) -> None:
    """`--language` (the six official languages of the UN) and, for a board, `--order`."""
    parser.add_argument(
        "--language",
        choices=_LANGUAGES,
        default="en",
        help="the language of its words and names: ar, zh, en, es, fr or ru (default en)",
    )
    if order:
        parser.add_argument(
            "--order",
            choices=["un", "language"],
            default="un",
            help="the members in the UN's board order (English alphabetical, the default: "
            "each light where delegates expect it) or in the language's own alphabetical order",
        )


def _web_command(commands: Commands) -> None:
    """web: a relay of the board's web page (cli/web.py)."""
    web = commands.add_parser(
        "web",
        help="serve the board's web page, its overlay and its JSON from a journal (--journal), "
        "the control desk or another relay (--connect); one of the two",
    )
    web.add_argument(
        "--journal",
        type=Path,
        default=None,
        metavar="PATH",
        help="the journal to follow on this machine (it may not exist yet); not with --connect",
    )
    web.add_argument(
        "--connect",
        default=None,
        metavar="URL",
        help="the control desk (ws://HOST:PORT, with --key-file: a display's key) or another "
        "relay's feed (ws://HOST:PORT/live, no key)",
    )
    _standby_desk_option(web)
    web.add_argument(
        "--key-file", type=Path, default=None, metavar="F", help="a display's key, for the desk"
    )
    web.add_argument(
        "--tls-ca",
        type=Path,
        default=None,
        metavar="F",
        help="the hall's certificate authority (PEM), for a wss:// source",
    )
    web.add_argument(
        "--listen",
        type=_address,
        required=True,
        metavar="ADDRESS:PORT",
        help="where to serve (loopback unless an address is given; beyond this machine it needs "
        "--tls-cert and --tls-key)",
    )
    web.add_argument("--tls-cert", type=Path, default=None, metavar="F", help="PEM")
    web.add_argument("--tls-key", type=Path, default=None, metavar="F", help="PEM")
    web.add_argument(
        "--insecure-test-network",
        action="store_true",
        help="allow a network address without TLS: for a test bench only",
    )
    web.add_argument(
        "--max-viewers",
        type=int,
        default=5000,
        metavar="N",
        help="pages served at once (default 5000; past it a page is told to try again)",
    )
    web.add_argument(
        "--max-per-address",
        type=int,
        default=200,
        metavar="N",
        help="pages one address may hold open (default 200)",
    )
    web.set_defaults(handler="web:web")


def _journal_option(parser: argparse.ArgumentParser, required: bool = False) -> None:
    parser.add_argument(
        "--journal",
        type=Path,
        required=required,
        metavar="PATH",
        help="the journal file (default: journal.sqlite in the user's data folder)",
    )


def _standby_desk_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--standby-desk",
        default=None,
        metavar="URL",
        help="the standby desk's address, beside --connect: if it takes over, this goes there "
        "by itself",
    )


def _connect_options(parser: argparse.ArgumentParser, *, seat: bool) -> None:
    parser.add_argument(
        "--connect",
        default=None,
        required=seat,
        metavar="URL",
        help="the control process (ws://HOST:PORT, or wss:// on a hall network)"
        + ("" if seat else "; needs --key-file, and no --journal"),
    )
    _standby_desk_option(parser)
    if seat:
        parser.add_argument("--seat", required=True, metavar="CODE", help="the member's code")
    parser.add_argument(
        "--key-file",
        type=Path,
        default=None,
        required=seat,
        metavar="F",
        help="the key (alone in the file, or the CSV of 'voteboard seats issue')"
        + ("" if seat else "; with --connect only"),
    )
    parser.add_argument(
        "--tls-ca",
        type=Path,
        default=None,
        metavar="F",
        help="the hall's certificate authority (PEM), for wss:// with a hall's own certificate"
        + ("" if seat else "; with --connect only"),
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
    return _seconds_up_to(text, 366 * 24 * 3600, "a year of seconds")


def _smoke_seconds(text: str) -> float:
    """How long the smoke test keeps the boards up: 0 to a day of seconds."""
    return _seconds_up_to(text, 24 * 3600, "86400 seconds")


def _seconds_up_to(text: str, most: float, words: str) -> float:
    """A number of seconds from 0 to `most` (`words` says the most in the message)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(value) or not 0 <= value <= most:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and {words}")
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


def _number(text: str) -> float:
    """A finite number (`nan` and `inf` are not numbers of anything)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
    return value


def _rate(text: str) -> float:
    """Ballots per second: a finite number, 0 or more."""
    value = _number(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is not 0 or more ballots per second")
    return value
