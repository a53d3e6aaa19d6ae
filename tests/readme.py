"""The commands of the README: every line of its `sh` blocks, with the section it is in.

The tests run each one as written (tests/test_readme.py, and tests/packaging for the
installation), so that the README cannot drift from the program."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
INSTALLATION = "Installing it on a hall's machines"
"""The section whose commands tests/packaging runs (they need the packages built)."""


@dataclass(frozen=True)
class Command:
    section: str
    line: str
    """The command as written, without its comment."""


def readme_commands(text: str | None = None) -> list[Command]:
    """Every command of the README's sh blocks, in order."""
    text = README.read_text(encoding="utf-8") if text is None else text
    commands: list[Command] = []
    section = ""
    in_block = False
    for raw in text.splitlines():
        if not in_block and raw.startswith("## "):
            section = raw[3:].strip()
        elif raw.startswith("```"):
            in_block = raw.strip() == "```sh" if not in_block else False
        elif in_block:
            line = re.sub(r"\s+#\s.*$", "", raw).strip()
            if line and not line.startswith("#"):
                commands.append(Command(section, line))
    return commands


class Window:
    """A command that runs until it is stopped (a window): its stderr, line by line."""

    def __init__(self, line: str, cwd: Path, env: dict[str, str]) -> None:
        self.line = line
        self.process = subprocess.Popen(
            ["bash", "-c", f"exec {line}"],
            cwd=cwd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.said: list[str] = []
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def wait_for(self, text: str, timeout: float = 60) -> str:
        """The first line (from now on) that holds `text`; fails if the program ends first."""
        while True:
            try:
                line = self._lines.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(
                    f"{self.line!r} did not say {text!r} in {timeout} s; it said {self.said}"
                ) from None
            if line is None:
                raise AssertionError(
                    f"{self.line!r} ended (status {self.process.wait()}) before saying "
                    f"{text!r}; it said {self.said}"
                )
            self.said.append(line)
            if text in line:
                return line

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
        self.process.wait(timeout=30)
        self._reader.join(timeout=30)  # it has read to the end of the output
        assert self.process.stderr is not None
        self.process.stderr.close()


@contextmanager
def windows() -> Iterator[list[Window]]:
    """The windows started in a section, all stopped at its end, whatever happens."""
    started: list[Window] = []
    try:
        yield started
    finally:
        for window in started:
            window.stop()


def sandbox(tmp_path: Path, path_first: str) -> tuple[Path, dict[str, str]]:
    """A working folder and an environment for a user who has never run voteboard: a home
    of their own, two named screens (HDMI-1 and HDMI-2) offscreen, and `voteboard` found
    in `path_first` before the rest of the PATH."""
    home = tmp_path / "home"
    work = tmp_path / "work"
    runtime = tmp_path / "runtime"
    work.mkdir(parents=True)
    home.mkdir()
    runtime.mkdir(mode=0o700)
    screens = tmp_path / "screens.json"
    screens.write_text(
        '{"screens": ['
        '{"name": "HDMI-1", "x": 0, "y": 0, "width": 1920, "height": 1080, "dpr": 1}, '
        '{"name": "HDMI-2", "x": 1920, "y": 0, "width": 1920, "height": 1080, "dpr": 1}]}',
        encoding="utf-8",
    )
    env = {
        "PATH": f"{path_first}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_RUNTIME_DIR": str(runtime),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": f"offscreen:configfile={screens}",
    }
    return work, env
