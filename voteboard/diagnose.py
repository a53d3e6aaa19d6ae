"""What this machine has, for a hall technician (`voteboard --smoke-test`), without Qt: the
report and its checks, whether a display is there to show windows on, where the journal goes
and whether it can be written, and which members' lights are read back. The screens and the
board's pixels are checked by `voteboard.ui.smoke`, which builds on this."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from voteboard.core.board import Board
from voteboard.core.model import Light

SMOKE_VOTE = "A/RES/ES-11/4"
"""The vote shown: one of the shipped votes, with yes, no and abstain lights."""
MEMBERS = 193
CHECKED: dict[Light, str] = {Light.YES: "USA", Light.NO: "RUS", Light.ABSTAIN: "CHN"}
"""The lights read back, and the member whose light is read when it has that light."""
QT_LIBRARIES = "libgl1 libegl1 libglib2.0-0 libfontconfig1 libxkbcommon0 libdbus-1-3"


@dataclass(frozen=True)
class Check:
    """One line of the report."""

    ok: bool
    what: str
    detail: str = ""

    def line(self) -> str:
        return f"{'ok' if self.ok else 'FAIL':<6}{self.what}" + (
            f": {self.detail}" if self.detail else ""
        )


class Report:
    """The checks as they are made, each printed at once (the technician sees the progress)."""

    def __init__(self, out: Callable[[str], None]) -> None:
        self.checks: list[Check] = []
        self._out = out

    def add(self, check: Check) -> Check:
        self.checks.append(check)
        self._out(check.line())
        return check

    def ok(self, what: str, detail: str = "") -> Check:
        return self.add(Check(True, what, detail))

    def fail(self, what: str, detail: str) -> Check:
        return self.add(Check(False, what, detail))

    def finish(self) -> int:
        """Prints the summary; the exit status: 0 when every check passed, else 1."""
        failed = [check for check in self.checks if not check.ok]
        if failed:
            names = ", ".join(check.what for check in failed)
            self._out(
                f"smoke test FAILED: {len(failed)} of {len(self.checks)} checks failed ({names})"
            )
            return 1
        self._out(f"smoke test passed: all {len(self.checks)} checks ok")
        return 0


def display_problem(environ: Mapping[str, str], system: str) -> str | None:
    """Why Qt could not start here (it would abort the process), or None.

    On Linux, without a platform chosen and without a display to show windows on, Qt aborts
    before any message of ours could be printed: say so before creating the application."""
    if not system.startswith("linux"):
        return None
    if environ.get("QT_QPA_PLATFORM") or environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "no display: neither DISPLAY nor WAYLAND_DISPLAY is set (nor QT_QPA_PLATFORM), so Qt "
        "cannot show a window here; run it in the hall machine's graphical session, or "
        "QT_QPA_PLATFORM=offscreen voteboard --smoke-test for a check without screens"
    )


def journal_check(path: Path) -> Check:
    """Where the journal is by default, whether it is there and whether it could be written:
    looked at only (nothing is opened, created or changed)."""
    what = "journal"
    if path.exists():
        if not path.is_file():
            return Check(False, what, f"{path} is not a file")
        size = path.stat().st_size
        if not os.access(path, os.R_OK | os.W_OK) or not os.access(path.parent, os.W_OK | os.X_OK):
            return Check(False, what, f"{path} exists ({size} bytes) but cannot be written here")
        return Check(True, what, f"{path} exists ({size} bytes) and can be written")
    folder = path.parent
    existing = next(p for p in (folder, *folder.parents) if p.exists())
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        return Check(
            False,
            what,
            f"{path} does not exist and cannot be created ({existing} is not a folder that "
            "can be written); give --journal PATH elsewhere",
        )
    where = "its folder can be written" if existing == folder else f"{existing} can be written"
    return Check(True, what, f"{path} does not exist yet; it can be created ({where})")


def members_to_check(board: Board) -> list[tuple[str, Light]]:
    """A member of each kind of light (yes, no, abstain), the usual one when it has it."""
    lights = {member.code: member.light for member in board.members}
    chosen = []
    for light, code in CHECKED.items():
        if lights.get(code) is not light:
            code = next((c for c, lit in lights.items() if lit is light), "")
        if code:
            chosen.append((code, light))
    return chosen
