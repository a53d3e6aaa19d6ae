"""voteboard as a user runs it: a real process, for the tests of the command line."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def voteboard(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Runs `python -m voteboard ARGS` to its end; with `check`, it must succeed."""
    result = subprocess.run(
        [sys.executable, "-m", "voteboard", *map(str, args)], capture_output=True, text=True
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


@contextmanager
def running(*args: str | Path) -> Iterator[Iterator[str]]:
    """Starts `python -m voteboard ARGS` (a window that runs until it is stopped) and gives
    the lines it says on stderr about itself (those starting with "voteboard"); the process is
    terminated at the end, whatever happens."""
    with subprocess.Popen(
        [sys.executable, "-m", "voteboard", *map(str, args)], stderr=subprocess.PIPE, text=True
    ) as process:
        try:
            assert process.stderr is not None
            yield (line.strip() for line in process.stderr if line.startswith("voteboard"))
            assert process.poll() is None, "the program stopped by itself"
        finally:
            process.terminate()


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    """A refusal as the user reads it: a message of the command's (or argparse's usage and its
    one-line error), never a traceback."""
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith(("voteboard ", "usage: voteboard ")), result.stderr
