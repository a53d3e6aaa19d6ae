"""Smoke tests of voteboard's packages: each one installed and started as on a hall's machine.

    python packaging/smoke.py --out DIST --work DIR [--install]

packaging/build runs it on what it built in DIST. For each package:

- the wheel is installed in a new virtual environment, the one-dir bundle is run where it lies,
  and with --install the .deb is installed with apt-get (root or sudo; it is removed afterwards);
- `voteboard --version` prints the version of this checkout;
- `voteboard board A/RES/ES-11/4 --json` gives the totals of the record (143, 5, 35, 10);
- `voteboard board A/RES/ES-11/4 --png F --size 1280x720` draws an image of that size in which
  every member's light, read where the board's layout puts it, has that member's colour;
- `voteboard --smoke-test` passes on two named offscreen screens;
- for the .deb: the launcher, the desktop entry, the metainfo and the icons are where the
  desktop looks for them, every shared library of the bundle resolves on this system (the
  package's declared dependencies suffice), and removing it leaves none of its files.

Each program runs offscreen with an empty home of its own, and must leave no journal there.
The report goes to DIST/smoke.json; the exit status is 1 if any check failed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from voteboard import __version__  # noqa: E402 (the checkout's voteboard, after its path)
from voteboard.resources import APP_ID  # noqa: E402

VOTE = "A/RES/ES-11/4"
SIZE = (1280, 720)
SCREENS = (("SMOKE-LEFT", 1920, 1080), ("SMOKE-RIGHT", 1280, 720))
"""Two named screens side by side, offscreen, for `voteboard --smoke-test`."""
TIMEOUT = 180


@dataclass
class Check:
    name: str
    ok: bool
    detail: str = ""


@dataclass
class Report:
    artefact: str
    path: str
    checks: list[Check] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(check.ok for check in self.checks)

    def add(self, name: str, ok: bool, detail: str = "") -> bool:
        self.checks.append(Check(name, ok, detail))
        mark = "ok  " if ok else "FAIL"
        print(f"  {mark} {self.artefact}: {name}" + (f": {detail}" if detail else ""), flush=True)
        return ok


class Failed(Exception):
    """A step after which the artefact's other checks cannot run."""


def run(
    command: Sequence[str], env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(command), env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False
    )


def _said(result: subprocess.CompletedProcess[str]) -> str:
    """What a failed command said last (nothing for one that succeeded)."""
    if result.returncode == 0:
        return ""
    text = (result.stderr.strip() or result.stdout.strip()).splitlines()
    return f"exit {result.returncode}" + (f", {text[-1]}" if text else "")


# The image check


def light_mismatches(png: Path, width: int, height: int) -> list[str]:
    """Where the PNG's lights differ from the record of VOTE: '' per wrong member, by code."""
    from PySide6.QtGui import QImage

    from voteboard.core.board import board_of_record
    from voteboard.journal.archive import shipped_votes
    from voteboard.resources import un_roster
    from voteboard.ui import theme
    from voteboard.ui.image import ensure_gui_app
    from voteboard.ui.painter import board_layout, qrect
    from voteboard.ui.pixels import dominant, near

    ensure_gui_app()
    image = QImage(str(png))
    if image.isNull():
        return [f"{png} is not an image"]
    if (image.width(), image.height()) != (width, height):
        return [f"the image is {image.width()}x{image.height()}, not {width}x{height}"]
    record = next(vote for vote in shipped_votes() if vote.symbol == VOTE)
    board = board_of_record(record, un_roster())
    layout = board_layout(board, width, height)
    wrong = []
    for member in board.members:
        cell = layout.cell(member.code)
        if cell is None:
            wrong.append(f"{member.code} has no place on the board")
            continue
        # Read as voteboard --smoke-test reads a screen: the commonest colour in the light.
        seen = dominant(image, qrect(cell.light))
        if not near(seen, theme.LIGHT_FILL[member.light]):
            wrong.append(f"{member.code} ({member.light.value}) is {seen.name()}")
    return wrong


# One program, checked


def check_program(report: Report, program: Sequence[str], work: Path) -> None:
    home = work / "home"
    shutil.rmtree(home, ignore_errors=True)
    data = home / ".local" / "share"
    data.mkdir(parents=True)
    screens = work / "screens.json"
    placed = [
        {"name": name, "x": sum(w for _, w, _ in SCREENS[:i]), "y": 0, "width": w, "height": h}
        for i, (name, w, h) in enumerate(SCREENS)
    ]
    screens.write_text(json.dumps({"screens": placed}), encoding="utf-8")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_DATA_HOME": str(data),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
    }

    result = run([*program, "--version"], env)
    said = result.stdout.strip()
    report.add(
        "--version",
        result.returncode == 0 and said == f"voteboard {__version__}",
        said or _said(result),
    )

    result = run([*program, "board", VOTE, "--json"], env)
    try:
        totals = json.loads(result.stdout)["totals"]
        shown = (totals["yes"], totals["no"], totals["abstain"], totals["non_voting"])
    except (ValueError, KeyError, TypeError):
        shown = None
    report.add(
        f"board {VOTE} --json",
        result.returncode == 0 and shown == (143, 5, 35, 10),
        f"yes, no, abstain, non-voting: {shown}" if shown else _said(result),
    )

    png = work / "board.png"
    png.unlink(missing_ok=True)
    width, height = SIZE
    result = run([*program, "board", VOTE, "--png", str(png), "--size", f"{width}x{height}"], env)
    if result.returncode != 0 or not png.is_file():
        report.add(f"board {VOTE} --png", False, _said(result) or f"no image at {png}")
    else:
        wrong = light_mismatches(png, width, height)
        report.add(
            f"board {VOTE} --png at {width}x{height}",
            not wrong,
            "; ".join(wrong[:5]) if wrong else "193 lights where and what they should be",
        )

    screens_env = dict(env, QT_QPA_PLATFORM=f"offscreen:configfile={screens}")
    result = run([*program, "--smoke-test", "--smoke-seconds", "0"], screens_env)
    names = [name for name, _, _ in SCREENS]
    report.add(
        "--smoke-test on two screens",
        result.returncode == 0 and all(name in result.stdout for name in names),
        _said(result) or (result.stdout.strip().splitlines() or ["no report"])[-1],
    )

    left = sorted(str(path.relative_to(data)) for path in data.rglob("*"))
    report.add("no journal left in the home", not left, ", ".join(left[:5]))


# The three packages


def smoke_wheel(report: Report, wheel: Path, work: Path) -> None:
    venv = work / "venv"
    shutil.rmtree(venv, ignore_errors=True)
    result = run([sys.executable, "-m", "venv", str(venv)])
    if result.returncode == 0:
        result = run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)])
    if not report.add(
        "installs in a new virtual environment", result.returncode == 0, _said(result)
    ):
        raise Failed
    check_program(report, [str(venv / "bin" / "voteboard")], work)


def smoke_bundle(report: Report, bundle: Path, work: Path) -> None:
    program = bundle / "voteboard"
    if not report.add("has its program", os.access(program, os.X_OK), str(program)):
        raise Failed
    check_program(report, [str(program)], work)


def _as_root() -> list[str]:
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo"):
        return ["sudo", "-n"]
    raise Failed("installing a .deb needs root or sudo")


def _elf_files(folder: Path) -> Iterator[Path]:
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as file:
                if file.read(4) == b"\x7fELF":
                    yield path


def unresolved_libraries(bundle: Path) -> list[str]:
    """Each 'library => not found' of the bundle's programs and libraries, with its user."""
    folders = sorted({str(path.parent) for path in bundle.rglob("*.so*")})
    env = dict(os.environ, LD_LIBRARY_PATH=":".join(folders))
    missing = []
    for path in _elf_files(bundle):
        result = run(["ldd", str(path)], env)
        for line in result.stdout.splitlines():
            if "not found" in line:
                missing.append(f"{line.split()[0]} (for {path.relative_to(bundle)})")
    return sorted(set(missing))


def smoke_deb(report: Report, deb: Path, work: Path) -> None:
    root = _as_root()
    status = run(["dpkg-query", "-W", "-f=${Status}", "voteboard"])
    if "installed" in status.stdout and "not-installed" not in status.stdout:
        raise Failed("voteboard is installed on this machine already: its package is not replaced")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run([*root, "apt-get", "update", "-qq"], env)
    result = run(
        [*root, "apt-get", "install", "-y", "-qq", "--no-install-recommends", str(deb)], env
    )
    if not report.add(
        "installs with apt-get, its dependencies with it", result.returncode == 0, _said(result)
    ):
        raise Failed
    files: list[str] = []
    try:
        files = run(["dpkg", "-L", "voteboard"]).stdout.split()
        wanted = [
            "/usr/bin/voteboard",
            "/opt/voteboard/voteboard",
            f"/usr/share/applications/{APP_ID}.desktop",
            f"/usr/share/metainfo/{APP_ID}.metainfo.xml",
            f"/usr/share/icons/hicolor/scalable/apps/{APP_ID}.svg",
            f"/usr/share/icons/hicolor/48x48/apps/{APP_ID}.png",
            f"/usr/share/icons/hicolor/256x256/apps/{APP_ID}.png",
        ]
        absent = [path for path in wanted if path not in files or not Path(path).exists()]
        report.add(
            "launcher, desktop entry, metainfo and icons installed", not absent, ", ".join(absent)
        )
        desktop = run(["desktop-file-validate", f"/usr/share/applications/{APP_ID}.desktop"])
        report.add("desktop-file-validate", desktop.returncode == 0, _said(desktop))
        metainfo = run(
            ["appstreamcli", "validate", "--no-net", f"/usr/share/metainfo/{APP_ID}.metainfo.xml"]
        )
        report.add("appstreamcli validate --no-net", metainfo.returncode == 0, _said(metainfo))
        missing = unresolved_libraries(Path("/opt/voteboard"))
        report.add(
            "every library of the bundle resolves",
            not missing,
            "; ".join(missing[:6]) or "the declared dependencies suffice",
        )
        check_program(report, ["/usr/bin/voteboard"], work)
    finally:
        result = run([*root, "dpkg", "--purge", "voteboard"], env)
        left = [path for path in files if Path(path).is_file() or path.startswith("/opt/voteboard")]
        left = [path for path in left if Path(path).exists()]
        report.add(
            "removed with dpkg --purge, leaving none of its files",
            result.returncode == 0 and not left,
            _said(result) or ", ".join(left[:5]),
        )


def smoke(name: str, path: Path, work: Path, test: Callable[[Report, Path, Path], None]) -> Report:
    report = Report(name, str(path))
    print(f"{name}: {path}", flush=True)
    started = time.monotonic()
    folder = work / name
    folder.mkdir(parents=True, exist_ok=True)
    try:
        if not path.exists():
            report.add("was built", False, f"{path} does not exist")
        else:
            test(report, path, folder)
    except Failed as exc:
        if exc.args:
            report.add("can be tested here", False, str(exc.args[0]))
    except subprocess.TimeoutExpired as exc:
        report.add("answers in time", False, f"{' '.join(map(str, exc.cmd))} ran past {TIMEOUT} s")
    report.seconds = round(time.monotonic() - started, 1)
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="where packaging/build put them")
    parser.add_argument("--work", type=Path, required=True, help="a folder for the tests' files")
    parser.add_argument("--install", action="store_true", help="install and remove the .deb")
    args = parser.parse_args(argv)
    version = __version__
    arch = run(["dpkg", "--print-architecture"]).stdout.strip()
    reports = [
        smoke("wheel", args.out / f"voteboard-{version}-py3-none-any.whl", args.work, smoke_wheel),
        smoke("bundle", args.out / "voteboard", args.work, smoke_bundle),
    ]
    if args.install:
        reports.append(
            smoke("deb", args.out / f"voteboard_{version}_{arch}.deb", args.work, smoke_deb)
        )
    passed = all(report.ok for report in reports)
    summary = {
        "version": version,
        "passed": passed,
        "artefacts": [dict(asdict(report), ok=report.ok) for report in reports],
    }
    (args.out / "smoke.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    failed = [report.artefact for report in reports if not report.ok]
    print("smoke tests " + ("passed" if passed else "FAILED: " + ", ".join(failed)), flush=True)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
