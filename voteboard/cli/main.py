"""`voteboard`: parses the command line, runs the chosen command's handler, and turns what a
handler refuses into a message and an exit status (DESIGN §7): 2 for a mistake in what was
asked, 1 for a journal, file or key that cannot be used, never a traceback."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence

from voteboard.cli.errors import Handler
from voteboard.cli.parser import build_parser

SIGPIPE_STATUS = 141
"""A reader that went away (`voteboard votes | head`): the status of a program ended by
SIGPIPE, as the shell's own tools give it."""


def handler_of(name: str) -> Handler:
    """The handler `family:function` (voteboard/cli/FAMILY.py), imported when chosen: a
    command loads only what it uses (`votes` no Qt, `--version` nothing)."""
    family, function = name.split(":")
    module = importlib.import_module(f"voteboard.cli.{family}")
    handler: Handler = getattr(module, function)
    return handler


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command that `argv` (else the command line) asks for and returns its exit status; a
    refusal is one line on stderr, never a traceback."""
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
    handler = handler_of(args.handler)
    # What the handlers refuse with; imported after the handler, which loads them anyway.
    import sqlite3

    from pydantic import ValidationError

    from voteboard.cli.errors import UserError
    from voteboard.core.errors import validation_sentence
    from voteboard.core.model import Refused
    from voteboard.files import OutputError
    from voteboard.journal.seal import SealError
    from voteboard.journal.store import JournalError

    def said(text: str, status: int) -> int:
        print(f"voteboard {args.command}: {text}", file=sys.stderr)
        return status

    try:
        status = handler(args)
        sys.stdout.flush()  # a reader gone is found here, not at the interpreter's exit
        return status
    except BrokenPipeError:
        # The reader left (`| head`): end quietly; nothing more can be said to it.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return SIGPIPE_STATUS
    except (UserError, Refused) as exc:
        return said(str(exc), 2)
    except ValidationError as exc:
        return said(validation_sentence(exc), 2)
    except (JournalError, OutputError, SealError) as exc:
        return said(str(exc), 1)
    except (sqlite3.Error, OSError) as exc:
        return said(f"the journal could not be used ({exc})", 1)
    except KeyboardInterrupt:
        return 130
