"""Every command of the README, run as written, in the README's order, by a new user.

Each command has what it must do below: end well and print or write something, or (a window)
start and say so; a window runs until its section ends. A command added to the README without
its expectation here fails the test, and so does an expectation whose command left the README.
The installation's commands need the packages built: tests/packaging runs them.
"""

from __future__ import annotations

import csv
import json
import re
import shlex
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.readme import INSTALLATION, ROOT, Window, readme_commands, sandbox, windows
from voteboard.cli import build_parser

SHARED = ROOT.parent / "shared"
pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Ends:
    """Ends with status 0, and `check` holds of its output and its working folder."""

    check: Callable[[str, Path], object]


@dataclass(frozen=True)
class Opens:
    """Starts a window that keeps running and says `says` on stderr."""

    says: str


@dataclass(frozen=True)
class RunsTheseTests:
    """The command that runs this test suite (it is not run again from inside it)."""


def image_size(path: Path) -> tuple[int, int]:
    image = QImage(str(path))
    return image.width(), image.height()


def records(stdout: str) -> int:
    """The records an import read: those imported and those already known."""
    counts = re.findall(r"imported (\d+) votes?; (\d+) already known", stdout)
    return sum(int(imported) + int(skipped) for imported, skipped in counts)


def library_rows(path: Path) -> tuple[int, set[str], set[str]]:
    """An export's members, and the sessions and meetings its rows name."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return len(rows), {r["session"] for r in rows}, {r["meeting"] for r in rows}


def totals(stdout: str) -> tuple[int, int, int]:
    counted = json.loads(stdout)["totals"]
    return counted["yes"], counted["no"], counted["abstain"]


EXPECTED: dict[str, Ends | Opens | RunsTheseTests] = {
    # Quick start
    "scripts/voteboard control --simulate": Opens("The hall board is full screen on HDMI-"),
    "scripts/test": RunsTheseTests(),
    # The hall on two screens
    "voteboard display --list-screens": Ends(
        lambda out, _: out.startswith("HDMI-") and "HDMI-1\t1920x1080+0+0" in out
    ),
    "voteboard control --hall-screen HDMI-2": Opens("The hall board is full screen on HDMI-2"),
    "voteboard display --screen HDMI-1 --panel left": Opens("on HDMI-1 (full screen, panel left)"),
    "voteboard display --screen HDMI-2 --panel right": Opens(
        "on HDMI-2 (full screen, panel right)"
    ),
    # The six languages
    "voteboard display --screen HDMI-1 --language ar": Opens("on HDMI-1 (full screen, panel all)"),
    "voteboard board A/RES/ES-11/4 --json --language fr": Ends(
        lambda out, _: (
            {m["code"]: m["name"] for m in json.loads(out)["members"]}["DEU"] == "Allemagne"
        )
    ),
    "voteboard board A/RES/ES-11/4 --png es-11-4-zh.png --language zh --order language": Ends(
        lambda _, work: image_size(work / "es-11-4-zh.png") == (1920, 1080)
    ),
    "voteboard export A/RES/ES-11/4 --format pdf --language ru -o es-11-4-ru.pdf": Ends(
        lambda _, work: (work / "es-11-4-ru.pdf").read_bytes().startswith(b"%PDF")
    ),
    # Replaying a vote
    "voteboard replay A/RES/ES-11/4 --speed 2": Opens("voteboard replay: A/RES/ES-11/4 from "),
    "voteboard import ../shared/data/un-voting-dgacm/*.json": Ends(
        lambda out, _: records(out) == 752  # each imported, or a duplicate of the same vote
    ),
    'voteboard votes --search "territorial integrity"': Ends(
        lambda out, _: [line.split()[1] for line in out.splitlines()] == ["A/RES/ES-11/4"]
    ),
    "voteboard board A/RES/ES-11/4 --png es-11-4.png --size 3840x2160": Ends(
        lambda _, work: image_size(work / "es-11-4.png") == (3840, 2160)
    ),
    "voteboard import ../shared/data/un-digital-library/ga-voting-1946-2025.csv.gz": Ends(
        lambda out, _: records(out) == 5539 and "refused 0 records and 1 row" in out
    ),
    'voteboard board "A/RES/2758(XXVI)" --png china-1971.png': Ends(
        lambda _, work: image_size(work / "china-1971.png") == (1920, 1080)
    ),
    'voteboard export "A/RES/2758(XXVI)" --format csv -o 2758.csv': Ends(
        lambda _, work: library_rows(work / "2758.csv") == (131, {"26"}, {"A/PV.1976"})
    ),
    # Remote boards and the delegations' consoles
    "voteboard seats issue --journal hall.sqlite -o keys.csv --each keys": Ends(
        lambda _, work: (
            (work / "keys" / "FRA.key").is_file() and (work / "keys" / "display.key").is_file()
        )
    ),
    "voteboard control --journal hall.sqlite --listen 127.0.0.1:8765": Opens(
        "listening on ws://127.0.0.1:8765"
    ),
    "voteboard display --connect ws://127.0.0.1:8765 --key-file keys/display.key --screen HDMI-1": (
        Opens("connected to ws://127.0.0.1:8765")
    ),
    "voteboard console --connect ws://127.0.0.1:8765 --seat FRA --key-file keys/FRA.key": Opens(
        "FRA connected"
    ),
    # A standby desk
    "voteboard control --journal hall.sqlite --listen 127.0.0.1:8768": Opens(
        "listening on ws://127.0.0.1:8768"
    ),
    "voteboard control --standby-of ws://127.0.0.1:8768 --key-file keys/standby.key "
    "--journal standby.sqlite --listen 127.0.0.1:8767": Opens("standby: following"),
    "voteboard console --connect ws://127.0.0.1:8768 --standby-desk ws://127.0.0.1:8767 "
    "--seat FRA --key-file new-keys/FRA.key": Opens("FRA connected"),
    # The board on the web
    "voteboard control --journal hall.sqlite --listen 127.0.0.1:8766": Opens(
        "listening on ws://127.0.0.1:8766"
    ),
    "voteboard web --connect ws://127.0.0.1:8766 --key-file keys/display.key "
    "--listen 127.0.0.1:8080": Opens("connected to ws://127.0.0.1:8766"),
    "voteboard web --connect ws://127.0.0.1:8080/live --listen 127.0.0.1:8081": Opens(
        "connected to ws://127.0.0.1:8080/live"
    ),
    "voteboard web --journal hall.sqlite --listen 127.0.0.1:8082": Opens(
        "serving http://127.0.0.1:8082/"
    ),
    "curl -s http://127.0.0.1:8081/result.json": Ends(
        lambda out, _: len(json.loads(out)["members"]) == 193
    ),
    "voteboard seats revoke --journal hall.sqlite FRA": Ends(
        lambda out, _: out == "revoked: FRA\n"
    ),
    "voteboard seats issue --journal hall.sqlite -o fra.csv --seat FRA --each new-keys": Ends(
        lambda _, work: (work / "new-keys" / "FRA.key").is_file()
    ),
    "voteboard seats list --journal hall.sqlite": Ends(
        lambda out, _: any(
            line.startswith("FRA\t") and "revoked" not in line for line in out.splitlines()
        )
    ),
    # The journal
    "voteboard simulate --journal hall.sqlite --seed 1 --lock": Ends(
        lambda out, _: (
            all(re.fullmatch(r"[A-Z]{3} (yes|no|abstain)", line) for line in out.splitlines())
            and len(out.splitlines()) > 100
        )
    ),
    "voteboard backup --journal hall.sqlite -o hall-backup.sqlite": Ends(
        lambda out, work: (
            out.startswith("hall-backup.sqlite: a copy of hall.sqlite, intact")
            and (work / "hall-backup.sqlite").stat().st_mode & 0o077 == 0
        )
    ),
    "voteboard verify --journal hall-backup.sqlite": Ends(
        lambda out, _: out.startswith("hall-backup.sqlite: intact")
    ),
    "voteboard verify --journal hall.sqlite": Ends(
        lambda out, _: out.startswith("hall.sqlite: intact")
    ),
    "voteboard simulate --journal hall.sqlite --mode secret --seed 2": Ends(
        lambda out, _: not {" yes", " no", " abstain"} & {line[3:] for line in out.splitlines()}
    ),
    "voteboard board A/RES/ES-11/4 --journal hall.sqlite --json": Ends(
        lambda out, _: totals(out) == (143, 5, 35)
    ),
    "voteboard export A/RES/ES-11/4 --format csv -o es-11-4.csv --journal hall.sqlite": Ends(
        lambda _, work: (work / "es-11-4.csv").read_text().count("\n") == 194
    ),
    "voteboard export A/RES/ES-11/4 --format pdf -o es-11-4.pdf --journal hall.sqlite": Ends(
        lambda _, work: (work / "es-11-4.pdf").read_bytes().startswith(b"%PDF")
    ),
    # Secret ballots: the recovery key
    "voteboard recovery issue --journal hall.sqlite -o recovery-key.pem": Ends(
        lambda _, work: (
            (work / "recovery-key.pem").read_text().startswith("-----BEGIN PRIVATE KEY-----")
            and (work / "recovery-key.pem").stat().st_mode & 0o077 == 0
        )
    ),
    # A record nobody can rewrite unseen
    "voteboard export A/RES/ES-11/4 --format json -o es-11-4.json --journal hall.sqlite": Ends(
        lambda _, work: json.loads((work / "es-11-4.json").read_text())["head"]["signature"]
    ),
    "voteboard verify --journal hall.sqlite --head es-11-4.json": Ends(
        lambda out, _: "hall.sqlite: holds the head " in out
    ),
    "voteboard hall-key --journal hall.sqlite -o hall-key.pem": Ends(
        lambda out, work: (
            (work / "hall-key.pem").read_text().startswith("-----BEGIN PUBLIC KEY-----")
            and out.startswith("hall-key.pem: the hall's public key, fingerprint ")
        )
    ),
    "openssl pkey -pubin -in hall-key.pem -outform DER | sha256sum": Ends(
        lambda out, work: json.loads((work / "es-11-4.json").read_text())["head"]["hall_key"] in out
    ),
    "sed -n 's/^ *\"signed\": \"\\(.*\\)\",$/\\1/p' es-11-4.json | tr -d '\\n' > head.txt": Ends(
        lambda _, work: (work / "head.txt").read_text().startswith("voteboard-head:1:")
    ),
    'sed -n \'s/^ *"signature": "\\(.*\\)",$/\\1/p\' es-11-4.json | base64 -d > head.sig': (
        Ends(lambda _, work: len((work / "head.sig").read_bytes()) == 64)
    ),
    "openssl pkeyutl -verify -pubin -inkey hall-key.pem -rawin -in head.txt -sigfile head.sig": (
        Ends(lambda out, _: "Signature Verified Successfully" in out)
    ),
}


def test_every_command_of_the_readme_has_what_it_must_do() -> None:
    outside = {c.line for c in readme_commands() if c.section != INSTALLATION}
    assert outside == set(EXPECTED), (
        f"in the README, not here: {sorted(outside - set(EXPECTED))}; "
        f"here, not in the README: {sorted(set(EXPECTED) - outside)}"
    )


EXAMPLE = {"VOTE": "A/RES/ES-11/4", "SECONDS": "95", "FILE": "out.png", "PATH": "j.sqlite"}
"""A value for each placeholder of the README's text."""


def test_every_voteboard_command_written_in_the_readme_parses() -> None:
    """The commands in its text as well as in its blocks: no option the program lacks."""
    parser = build_parser()
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    spans = [span for span in text.split("`")[1::2] if span.startswith("voteboard ")]
    spans += [c.line for c in readme_commands()]
    checked = 0
    for span in spans:
        words = shlex.split(span)
        if words[0] != "voteboard" or any(w.startswith("[") or "…" in w for w in words):
            continue  # a usage line (`voteboard control [--journal PATH]`), not a command
        if "COMMAND" in words:
            continue
        arguments = [EXAMPLE.get(w, w) for w in words[1:]]
        try:
            parser.parse_args(arguments)
        except SystemExit as exc:
            raise AssertionError(f"the README's {span!r} does not parse") from exc
        checked += 1
    assert checked >= 25


def test_the_readme_commands_do_what_it_says(tmp_path: Path) -> None:
    work, env = sandbox(tmp_path, str(Path(sys.executable).parent))
    if SHARED.is_dir():
        (tmp_path / "shared").symlink_to(SHARED)
    ran = []
    for section, commands in groupby(readme_commands(), key=lambda c: c.section):
        if section == INSTALLATION:
            continue
        with windows() as started:
            for command in commands:
                expected = EXPECTED[command.line]
                if isinstance(expected, RunsTheseTests):
                    continue
                if "../shared/" in command.line and not SHARED.is_dir():
                    continue  # the UN's records are not beside this checkout
                # From a checkout (its own scripts), or anywhere (the installed program).
                cwd = ROOT if command.line.startswith("scripts/") else work
                if isinstance(expected, Opens):
                    window = Window(command.line, cwd, env)
                    started.append(window)
                    window.wait_for(expected.says)
                else:
                    result = subprocess.run(
                        ["bash", "-c", command.line],
                        cwd=cwd,
                        env=env,
                        capture_output=True,
                        text=True,
                        timeout=300,
                        check=False,
                    )
                    assert result.returncode == 0, (command.line, result.stderr)
                    assert expected.check(result.stdout, work), (command.line, result.stdout)
                if command.line.startswith("voteboard seats revoke"):
                    console = next(w for w in started if " console " in w.line)
                    console.wait_for("FRA refused")  # its connection ends within 2 s
                ran.append(command.line)
            for window in started:
                assert window.process.poll() is None, f"{window.line!r} stopped: {window.said}"
    not_run = {line for line, what in EXPECTED.items() if isinstance(what, RunsTheseTests)}
    if not SHARED.is_dir():
        not_run |= {line for line in EXPECTED if "../shared/" in line}
    assert sorted(ran) == sorted(set(EXPECTED) - not_run)
