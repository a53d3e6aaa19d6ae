"""The windows: `control` (the secretariat's desk), `display` (a hall board), `replay` and
`console`. The only commands that import Qt, once their options are checked: a mistake is
said before any window is made."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from voteboard.cli.common import check_desk_url, existing_journal, find, say, translation_of
from voteboard.cli.errors import UserError
from voteboard.core.history import ImportedVote
from voteboard.core.languages import Language
from voteboard.core.roles import Role
from voteboard.journal.archive import open_journal, read_journal
from voteboard.journal.store import Journal, JournalError, default_journal_path
from voteboard.net.client import LinkStatus, load_key
from voteboard.net.protocol import Hello
from voteboard.net.server import ServerError, is_loopback, probe_listen, tls_context
from voteboard.replay.player import SPEEDS
from voteboard.replay.session import ReplaySession
from voteboard.resources import un_names, un_roster


def control(args: argparse.Namespace) -> int:
    """`voteboard control`: the secretariat's control window on the journal, the hall board on its
    screen and, with `--listen`, the endpoint of the remote boards and consoles. The options are
    checked (the address probed, the TLS files loaded) before the journal is opened."""
    if not 0 < args.rate <= 1000:
        raise UserError("--rate must be more than 0 and at most 1000 ballots per second")
    if (args.tls_cert is None) != (args.tls_key is None):
        raise UserError("--tls-cert and --tls-key go together")
    if args.listen is None and (args.tls_cert or args.insecure_test_network):
        raise UserError("--tls-cert, --tls-key and --insecure-test-network need --listen")
    if (
        args.listen is not None
        and args.tls_cert is None
        and not args.insecure_test_network
        and not is_loopback(args.listen[0])
    ):
        raise UserError(
            f"{args.listen[0]} is not a loopback address: a hall network needs TLS "
            "(--tls-cert and --tls-key)"
        )
    tls = None
    try:
        if args.listen is not None:
            probe_listen(*args.listen)  # before the journal is opened (or created)
        if args.tls_cert is not None:
            tls = tls_context(args.tls_cert, args.tls_key)
    except ServerError as exc:
        raise UserError(str(exc)) from None
    if args.standby_of is None and args.key_file is not None:
        raise UserError("--key-file goes with --standby-of (the standby's key)")
    if args.standby_of is not None:
        check_desk_url("--standby-of", args.standby_of)
        if args.key_file is None:
            raise UserError(
                "--standby-of needs --key-file (the standby key of 'voteboard seats issue')"
            )
        if args.simulate:
            raise UserError("--simulate is for a primary desk, not for --standby-of")
    from voteboard.ui import display
    from voteboard.ui.application import application

    app = application()
    if args.hall_screen is not None and display.find_screen(args.hall_screen) is None:
        known = ", ".join(display.screen_names())
        raise UserError(f"there is no screen named {args.hall_screen!r} (screens: {known})")
    if args.standby_of is not None:
        return _standby(args, app, tls)
    journal = open_journal(args.journal)
    print(f"voteboard control: journal {journal.path}", file=sys.stderr, flush=True)
    window = _desk(args, journal, tls)
    try:
        return app.exec()
    finally:
        if window.network is not None:
            window.network.stop()


def _desk(args: argparse.Namespace, journal: Journal, tls: Any, notice: str = "") -> Any:
    """The control window of a desk on its journal, with its endpoint (`--listen`) and the
    hall board, shown: at start, or when a standby takes over."""
    from voteboard.ui.control import ControlWindow
    from voteboard.ui.controller import Controller

    controller = Controller(journal, simulate=args.simulate, rate=args.rate, took_over=bool(notice))
    link = None
    if args.listen is not None:
        from voteboard.ui.network import HallLink, client_tls

        host, port = args.listen
        peer = args.standby_of or controller.standby_address()
        try:
            link = HallLink(
                controller,
                host=host,
                port=port,
                tls=tls,
                insecure_test=args.insecure_test_network,
                wait_for_standby=not args.ack_without_standby,
                peer_tls=client_tls(peer, args.tls_ca) if peer else None,
            )
            link.start()
        except ServerError as exc:
            controller.shutdown()
            raise UserError(str(exc)) from None
        print(f"voteboard control: listening on {link.url}", file=sys.stderr, flush=True)
    window = ControlWindow(controller, network=link, translation=translation_of(args))
    # Where it was last closed, else the desk's screen (never larger: at 1366x768 the status
    # line fell below the screen's edge), leaving room for the hall board on a single screen.
    window.place_on_desk()
    window.show()
    window.show_hall_board(args.hall_screen)
    if notice:
        window.take_notice(notice)
    for line in (window.restart_notice, window.message.text()):
        if line:
            print(f"voteboard control: {line}", file=sys.stderr, flush=True)

    def fenced(why: str) -> None:
        print(f"voteboard control: FENCED: {why}", file=sys.stderr, flush=True)

    controller.fenced_changed.connect(fenced)
    if controller.fenced:
        fenced(controller.fenced)
    return window


def _standby(args: argparse.Namespace, app: Any, tls: Any) -> int:
    """`voteboard control --standby-of URL`: the standby desk's window, following the primary;
    the desk's control window once the officer has it take over."""
    from voteboard.ui.network import client_tls
    from voteboard.ui.standby import StandbyDesk, StandbyWindow

    path = args.journal if args.journal is not None else default_journal_path()
    roster = un_roster()
    if path.exists():
        try:
            with Journal.open(path, readonly=True, create=False) as existing:
                roster = existing.roster
        except JournalError as exc:
            raise UserError(f"--journal {path}: {exc}") from None
    hello = _hello(args.standby_of, args.key_file, args.tls_ca, Role.STANDBY, None)
    try:
        primary_tls = client_tls(args.standby_of, args.tls_ca)
    except (OSError, ValueError) as exc:
        raise UserError(f"--tls-ca {args.tls_ca}: {exc}") from None
    address = ""
    if args.listen is not None:
        host, port = args.listen
        scheme = "wss" if tls is not None else "ws"
        address = f"{scheme}://{f'[{host}]' if ':' in host else host}:{port}"
    desk = StandbyDesk(args.standby_of, hello, path, roster, tls=primary_tls, address=address)
    kept: list[Any] = []
    tell = say("control")

    def took_over(journal: Journal, epoch: int) -> None:
        notice = (
            f"This desk took over the journal (epoch {epoch}) from the primary desk at "
            f"{args.standby_of}."
        )
        tell(f"took over: epoch {epoch}")
        kept.append(_desk(args, journal, tls, notice))

    said: list[str] = []

    def status(status: Any) -> None:  # a line when the state changes, not at every event
        if not said or said[-1] != status.state:
            said.append(status.state)
            tell(
                f"standby: {status.state} at event {status.seq}"
                + (f": {status.reason}" if status.reason else "")
            )

    desk.status_changed.connect(status)
    window = StandbyWindow(desk, took_over, translation=None)
    room = window.screen().availableGeometry()  # a 1366x768 laptop: the whole screen, not beyond
    window.resize(min(1200, room.width()), min(800, room.height() - 40))
    window.show()
    desk.start()
    tell(f"standby of {args.standby_of}, journal {path}")
    try:
        return int(app.exec())
    finally:
        for desk_window in kept:
            if desk_window.network is not None:
                desk_window.network.stop()


def replay(args: argparse.Namespace) -> int:
    """`voteboard replay`: the replay player on the journal's votes, opened on VOTE if one is given
    (and playing at once with `--speed`)."""
    if args.speed is not None and not SPEEDS[0] <= args.speed <= SPEEDS[-1]:
        raise UserError(f"--speed is from {SPEEDS[0]:g} to {SPEEDS[-1]:g}, not {args.speed:g}")
    from voteboard.ui.application import application
    from voteboard.ui.replay import ReplayWindow

    journal = read_journal(existing_journal(args.journal))
    vote = None
    if args.vote is not None:
        try:
            vote = find(journal, journal.state(), args.vote)
        except UserError:
            journal.close()
            raise
    app = application()
    window = ReplayWindow(ReplaySession(journal), translation=translation_of(args))
    if vote is not None:
        entry = window.find_vote(vote.symbol if isinstance(vote, ImportedVote) else vote.id)
        if entry is None:
            journal.close()
            raise UserError(f"no vote {args.vote!r} in {journal.path} (see 'voteboard votes')")
        window.open_entry(entry)
        if args.speed is not None:
            window.choose_speed(args.speed)
            window.toggle_play()
    # 1800x1000 where the screen has room for it (its title bar and borders too); on a
    # smaller screen (a 1366x768 laptop) the whole screen, never beyond its edges.
    room = window.screen().availableGeometry()
    if room.width() >= 1800 + 40 and room.height() >= 1000 + 80:
        window.resize(1800, 1000)
        window.show()
    else:
        window.showMaximized()
    shown = f"{args.vote} from " if args.vote is not None else ""
    print(f"voteboard replay: {shown}{journal.path}", file=sys.stderr, flush=True)
    try:
        return app.exec()
    finally:
        journal.close()


def display(args: argparse.Namespace) -> int:
    """`voteboard display`: the hall board on the screen named, following the journal on this
    machine or, with `--connect`, the control desk over the network (`remote_display`);
    `--list-screens` prints the screens instead."""
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
        return remote_display(args, app, screen)
    if args.key_file is not None or args.tls_ca is not None:
        raise UserError("--key-file and --tls-ca go with --connect")
    path = args.journal if args.journal is not None else default_journal_path()
    if path.exists():
        # A file that is not a journal is refused now, not shown as an empty hall.
        Journal.open(path, readonly=True, create=False, check=True).close()
    else:
        print(f"voteboard display: waiting for a journal at {path}", file=sys.stderr)
    window = display.HallDisplay(
        display.initial_board(un_roster()), Panel(args.panel), translation=translation_of(args)
    )
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


def hello_of(args: argparse.Namespace, role: Role, seat: str | None) -> Any:
    """The hello of a remote board or a console, with the key read from its file."""
    check_desk_url("--connect", args.connect)
    if args.standby_desk is not None:
        check_desk_url("--standby-desk", args.standby_desk)
    return _hello(args.connect, args.key_file, args.tls_ca, role, seat)


def desk_urls(args: argparse.Namespace) -> list[str]:
    """The desk's address, and its standby's when given (`--standby-desk`)."""
    return [args.connect] + ([args.standby_desk] if args.standby_desk else [])


def _hello(url: str, key_file: Any, tls_ca: Any, role: Role, seat: str | None) -> Any:
    if tls_ca is not None and not url.startswith("wss://"):
        raise UserError("--tls-ca goes with a wss:// URL (TLS)")
    try:
        key = load_key(key_file, role, seat)
    except OSError as exc:
        raise UserError(f"--key-file {key_file}: {exc.strerror or exc}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise UserError(f"--key-file {key_file}: {exc}") from None
    try:
        return Hello(role=role, seat=seat, key=key)
    except ValidationError:
        raise UserError(f"--key-file {key_file}: that is not a voteboard key") from None


def client_tls_of(args: argparse.Namespace, client_tls: Callable[..., Any]) -> Any:
    """The TLS context of `--connect`, from `client_tls` (None for ws://); a `--tls-ca` file that
    cannot be used is said as that option's mistake."""
    try:
        return client_tls(args.connect, args.tls_ca)
    except (OSError, ValueError) as exc:
        raise UserError(f"--tls-ca {args.tls_ca}: {exc}") from None


def remote_display(args: argparse.Namespace, app: Any, screen: Any) -> int:
    """A hall board fed by the control process over the network."""
    from voteboard.ui import display
    from voteboard.ui.layout import Panel
    from voteboard.ui.network import RemoteBoard, client_tls

    if args.journal is not None:
        raise UserError("--journal and --connect are two sources: give one")
    if args.key_file is None:
        raise UserError("--connect needs --key-file (the display key of 'voteboard seats issue')")
    hello = hello_of(args, Role.DISPLAY, None)
    tls = client_tls_of(args, client_tls)
    tell = say("display")
    initial = display.initial_board(un_roster())
    window = display.HallDisplay(initial, Panel(args.panel), translation=translation_of(args))
    remote = RemoteBoard(desk_urls(args), hello, initial, tls, window)
    remote.board_changed.connect(window.show_board)
    remote.said.connect(tell)

    def ended(why: str) -> None:
        tell(why)
        app.exit(2)

    remote.ended.connect(ended)
    window.place(screen, full_screen=not args.windowed)
    window.follow_screen_changes()
    remote.start()
    tell(
        f"showing {args.connect} on {display.screen_name(screen)}"
        f" ({'windowed' if args.windowed else 'full screen'}, panel {args.panel})"
    )
    try:
        return int(app.exec())
    finally:
        remote.stop()


def console(args: argparse.Namespace) -> int:
    """`voteboard console`: a delegation's voting console for `--seat`, connected to the control
    desk at `--connect` with the seat's key."""
    from voteboard.ui.application import application
    from voteboard.ui.console import ConsoleWindow

    seat = args.seat.strip().upper()
    if not seat.isalpha() or not 2 <= len(seat) <= 8:
        raise UserError(f"--seat {args.seat!r}: give the member's code, such as FRA")
    hello = hello_of(args, Role.CONSOLE, seat)
    app = application()
    tell = say("console")
    from voteboard.ui.network import RemoteLink, client_tls

    tls = client_tls_of(args, client_tls)
    window = ConsoleWindow(seat, args.connect, language=Language(args.language), names=un_names())
    link = RemoteLink(desk_urls(args), hello, tls, window)
    window.attach(link)

    def status(status: LinkStatus) -> None:
        # What the console says about itself never names a ballot.
        tell(f"{seat} {status}" + (f": {window.refusal}" if window.refusal else ""))

    link.status.connect(status)
    window.resize(960, 640)
    window.show()
    link.start()
    tell(f"{seat} connecting to {args.connect}")
    try:
        return int(app.exec())
    finally:
        link.stop()
