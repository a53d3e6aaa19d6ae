"""`voteboard web`: a relay of the web's board (net/relay.py), without Qt: the page, the overlay,
the JSON and the live feed, fed by a journal, the control desk or another relay."""

from __future__ import annotations

import argparse
import asyncio
import resource
import signal
import ssl
import sys
import urllib.parse

from pydantic import ValidationError

from voteboard.cli.common import check_desk_url, say
from voteboard.cli.errors import UserError
from voteboard.core.roles import Role
from voteboard.journal.store import Journal, JournalError
from voteboard.net.client import load_key
from voteboard.net.protocol import Hello
from voteboard.net.relay import DeskSource, JournalSource, Relay, RelaySource, Source, SourceRefused
from voteboard.net.server import ServerError, is_loopback, probe_listen, tls_context


def web(args: argparse.Namespace) -> int:
    """Serves the board on the web until SIGINT or SIGTERM. Every option is checked (the source,
    the key, the address, the TLS files) before anything listens."""
    tell = say("web")
    source = _source(args)
    host, port = args.listen
    if (args.tls_cert is None) != (args.tls_key is None):
        raise UserError("--tls-cert and --tls-key go together")
    if args.tls_cert is None and not args.insecure_test_network and not is_loopback(host):
        raise UserError(
            f"{host} is not a loopback address: a page served beyond this machine needs TLS "
            "(--tls-cert and --tls-key), so that no one between can change the result it shows"
        )
    if args.max_viewers < 1 or args.max_per_address < 1:
        raise UserError("--max-viewers and --max-per-address are 1 or more")
    tls = None
    try:
        probe_listen(host, port)
        if args.tls_cert is not None:
            tls = tls_context(args.tls_cert, args.tls_key)
    except ServerError as exc:
        raise UserError(str(exc)) from None
    _enough_files(args.max_viewers)
    relay = Relay(
        source,
        host=host,
        port=port,
        tls=tls,
        max_viewers=args.max_viewers,
        max_per_address=args.max_per_address,
        tell=tell,
    )

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for number in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(number, stop.set)
        running = asyncio.create_task(relay.run(stop))
        listening = asyncio.create_task(relay.listening.wait())
        await asyncio.wait({running, listening}, return_when=asyncio.FIRST_COMPLETED)
        if listening.done():
            tell(
                f"serving {relay.url}/ (the board; ?lang=ar|zh|en|es|fr|ru), {relay.url}/overlay, "
                f"{relay.url}/result.json; following {source.describe()}"
            )
        else:
            listening.cancel()
        await running

    try:
        asyncio.run(main())
    except SourceRefused as exc:
        print(f"voteboard web: the source refused this relay: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        raise UserError(f"--listen {host}:{port}: {exc.strerror or exc}") from None
    tell("stopped")
    return 0


def _source(args: argparse.Namespace) -> Source:
    """The relay's source from `--journal` or `--connect` (one of the two), checked."""
    if (args.journal is None) == (args.connect is None):
        raise UserError("give one source: --journal PATH, or --connect URL (the desk or a relay)")
    if args.journal is not None:
        if args.key_file is not None or args.tls_ca is not None:
            raise UserError("--key-file and --tls-ca go with --connect")
        if args.journal.exists():
            try:  # a file that is not a journal is refused now, not served as an empty hall
                Journal.open(args.journal, readonly=True, create=False, check=True).close()
            except JournalError as exc:
                raise UserError(f"--journal {args.journal}: {exc}") from None
        return JournalSource(args.journal)
    return _network_source(args)


def _network_source(args: argparse.Namespace) -> Source:
    """The control desk (with a display's key) or another relay's `/live` feed (no key)."""
    url = args.connect
    check_desk_url("--connect", url)
    if args.tls_ca is not None and not url.startswith("wss://"):
        raise UserError("--tls-ca goes with a wss:// URL (TLS)")
    tls = None
    if url.startswith("wss://"):
        try:
            tls = ssl.create_default_context(cafile=str(args.tls_ca) if args.tls_ca else None)
        except (OSError, ValueError, ssl.SSLError) as exc:
            raise UserError(f"--tls-ca {args.tls_ca}: {exc}") from None
    if urllib.parse.urlsplit(url).path.rstrip("/") == "/live":
        if args.key_file is not None:
            raise UserError(
                "--key-file is for the control desk: a relay's /live feed is public, "
                "and needs no key"
            )
        if args.standby_desk is not None:
            raise UserError("--standby-desk goes with a control desk, not a relay's /live feed")
        return RelaySource(url, tls)
    if args.key_file is None:
        raise UserError(
            "--connect to the control desk needs --key-file (the display key of "
            "'voteboard seats issue'); to follow another relay, give its /live URL"
        )
    try:
        key = load_key(args.key_file, Role.DISPLAY, None)
        hello = Hello(role=Role.DISPLAY, key=key)
    except ValidationError:
        raise UserError(f"--key-file {args.key_file}: that is not a voteboard key") from None
    except OSError as exc:
        raise UserError(f"--key-file {args.key_file}: {exc.strerror or exc}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise UserError(f"--key-file {args.key_file}: {exc}") from None
    if args.standby_desk is not None:
        check_desk_url("--standby-desk", args.standby_desk)
    return DeskSource(url, hello, tls, args.standby_desk)


def _enough_files(viewers: int) -> None:
    """Raises the process's limit of open files (1,024 by default on Linux) towards its hard
    limit: each page is a socket, and a relay is asked to hold thousands."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = viewers + 256
    if soft != resource.RLIM_INFINITY and soft < wanted:
        target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        if target > soft:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        if target < wanted:
            say("web")(
                f"this system lets a process open {target} files: fewer than the "
                f"{viewers} pages of --max-viewers (raise its limit, ulimit -n)"
            )
