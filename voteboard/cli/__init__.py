"""The command line (DESIGN §7): `voteboard COMMAND ...`.

`parser` says what the commands and options are (it imports nothing heavy, so `--version` and
`--help` start at once); `main` runs the handler of the command chosen, from the module of its
family: `archive` (import, votes, board, export, verify, hall-key, recovery, backup),
`simulate`, `windows` (control, display, replay, console; the only ones that import Qt, with
`board --png` and `export --format pdf`) and `seats`. Every handler takes the parsed options and
returns the exit status, and can be called in-process (`main([...])`).
"""

from voteboard.cli.main import main
from voteboard.cli.parser import build_parser

__all__ = ["build_parser", "main"]
