"""The command line (DESIGN §7). Imports the Qt user interface only for windows and images."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from voteboard import __version__


class UserError(Exception):
    """A mistake in what the user asked for: printed as a message, exit status 2, no traceback."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="voteboard",
        description=(
            "The vote board of a plenary hall: the panel of names and lights, the "
            "secretariat's control of each vote, secret ballots and the replay of past votes."
        ),
    )
    parser.add_argument("--version", action="version", version=f"voteboard {__version__}")
    parser.add_subparsers(dest="command", metavar="COMMAND")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        handler = args.handler
        return int(handler(args))
    except UserError as exc:
        print(f"voteboard {args.command}: {exc}", file=sys.stderr)
        return 2
