"""The packages of a hall's machines, built from this checkout by packaging/build and started.

packaging/build builds the wheel, the one-dir bundle and the .deb, then smoke-tests each
(packaging/smoke.py): installed in a new virtual environment, run where it lies, installed with
apt-get and removed. These tests run it once and read what it built and what it found.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.readme import INSTALLATION, readme_commands, sandbox
from voteboard import __version__
from voteboard.core.board import board_of_record
from voteboard.journal.archive import shipped_votes
from voteboard.resources import APP_ID, un_roster
from voteboard.ui.image import save_board_png

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def can_install_packages() -> bool:
    if not shutil.which("apt-get"):
        return False
    if os.geteuid() == 0:
        return True
    sudo = shutil.which("sudo")
    return sudo is not None and subprocess.run([sudo, "-n", "true"], check=False).returncode == 0


def installed(package: str) -> bool:
    status = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True, check=False
    )
    return status.stdout.endswith(" installed")


INSTALL = can_install_packages() and not installed("voteboard")


@dataclass
class Built:
    out: Path
    result: subprocess.CompletedProcess[str]
    smoke: dict[str, Any]

    def checks(self, artefact: str) -> dict[str, dict[str, Any]]:
        report = next(a for a in self.smoke["artefacts"] if a["artefact"] == artefact)
        return {check["name"]: check for check in report["checks"]}


@pytest.fixture(scope="module")
def built() -> Built:
    """`packaging/build`, as the README says, in the checkout (into dist/); without installing
    the .deb where this machine does not allow it."""
    command = ["packaging/build"] + ([] if INSTALL else ["--no-install"])
    result = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=1800, check=False
    )
    out = ROOT / "dist"
    smoke_file = out / "smoke.json"
    smoke = json.loads(smoke_file.read_text()) if smoke_file.exists() else {"artefacts": []}
    return Built(out, result, smoke)


def test_the_build_makes_three_packages_and_each_passes_its_smoke_tests(built: Built) -> None:
    assert built.result.returncode == 0, built.result.stdout + built.result.stderr
    assert built.smoke["passed"] is True
    assert built.smoke["version"] == __version__
    artefacts = [a["artefact"] for a in built.smoke["artefacts"]]
    assert artefacts == (["wheel", "bundle", "deb"] if INSTALL else ["wheel", "bundle"])
    for artefact in artefacts:
        checks = built.checks(artefact)
        for name in (
            "--version",
            "board A/RES/ES-11/4 --json",
            "board A/RES/ES-11/4 --png at 1280x720",
            "--smoke-test on two screens",
            "no journal left in the home",
        ):
            assert checks[name]["ok"], (artefact, name, checks[name])
        assert checks["--version"]["detail"] == f"voteboard {__version__}"
    assert (built.out / "voteboard" / "voteboard").is_file()
    assert (built.out / f"voteboard-{__version__}-py3-none-any.whl").is_file()


@pytest.mark.skipif(
    not INSTALL, reason="installing the .deb needs apt-get and root (or sudo), and no voteboard"
)
def test_the_deb_installs_resolves_every_library_and_leaves_nothing_when_removed(
    built: Built,
) -> None:
    checks = built.checks("deb")
    for name in (
        "installs with apt-get, its dependencies with it",
        "launcher, desktop entry, metainfo and icons installed",
        "desktop-file-validate",
        "appstreamcli validate --no-net",
        "every library of the bundle resolves",
        "removed with dpkg --purge, leaving none of its files",
    ):
        assert checks[name]["ok"], (name, checks[name])
    assert not Path("/opt/voteboard").exists()
    assert not Path("/usr/bin/voteboard").exists()
    assert not installed("voteboard")


def test_the_wheel_carries_every_asset_the_program_reads(built: Built) -> None:
    wheel = built.out / f"voteboard-{__version__}-py3-none-any.whl"
    names = set(zipfile.ZipFile(wheel).namelist())
    for asset in (
        "roster-un.json",
        "votes-es11.jsonl",
        "fonts/DejaVuSansCondensed.ttf",
        "fonts/DejaVuSansCondensed-Bold.ttf",
        "fonts/LICENSE-DejaVu.txt",
        "icons/voteboard.svg",
    ):
        assert f"voteboard/assets/{asset}" in names
    assert not any(name.startswith("tests/") for name in names)
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "Requires-Dist: pyside6-essentials!=6.12.0,>=6.8" in text.splitlines()
    assert "voteboard-" + __version__ + ".dist-info/licenses/LICENSE" in names


def deb_field(deb: Path, name: str) -> str:
    return subprocess.run(
        ["dpkg-deb", "--field", str(deb), name], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_the_deb_puts_the_bundle_under_opt_with_a_launcher_and_the_desktop_files(
    built: Built,
) -> None:
    arch = subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()
    deb = built.out / f"voteboard_{__version__}_{arch}.deb"
    listing = subprocess.run(
        ["dpkg-deb", "--contents", str(deb)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    entries = {line.split()[-1].lstrip("."): line.split() for line in listing}
    for path in (
        "/opt/voteboard/voteboard",
        "/opt/voteboard/_internal/voteboard/assets/roster-un.json",
        "/usr/bin/voteboard",
        f"/usr/share/applications/{APP_ID}.desktop",
        f"/usr/share/metainfo/{APP_ID}.metainfo.xml",
        f"/usr/share/icons/hicolor/scalable/apps/{APP_ID}.svg",
        f"/usr/share/icons/hicolor/16x16/apps/{APP_ID}.png",
        f"/usr/share/icons/hicolor/512x512/apps/{APP_ID}.png",
        "/usr/share/doc/voteboard/copyright",
    ):
        assert path in entries, path
    assert {fields[1] for fields in entries.values()} == {"root/root"}
    assert entries["/usr/bin/voteboard"][0] == "-rwxr-xr-x"
    assert entries[f"/usr/share/applications/{APP_ID}.desktop"][0] == "-rw-r--r--"
    depends = {part.strip() for part in deb_field(deb, "Depends").split(",")}
    assert {"libgl1", "libegl1", "libxcb-icccm4", "libxcb-keysyms1"} <= depends
    assert deb_field(deb, "Version") == __version__
    assert deb_field(deb, "Package") == "voteboard"


def smoke_module() -> ModuleType:
    """packaging/smoke.py, a script beside the package rather than a module of it."""
    name = "packaging_smoke"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "packaging" / "smoke.py")
        assert spec is not None
        assert spec.loader is not None
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    return sys.modules[name]


def test_the_image_check_finds_a_board_that_is_not_the_vote(tmp_path: Path) -> None:
    """The smoke tests' reading of a PNG can fail: ES-11/1's board is not ES-11/4's."""
    smoke = smoke_module()
    votes = {vote.symbol: vote for vote in shipped_votes()}
    png = tmp_path / "board.png"
    save_board_png(board_of_record(votes["A/RES/ES-11/4"], un_roster()), png, 1280, 720)
    assert smoke.light_mismatches(png, 1280, 720) == []
    save_board_png(board_of_record(votes["A/RES/ES-11/1"], un_roster()), png, 1280, 720)
    wrong = smoke.light_mismatches(png, 1280, 720)
    assert wrong
    assert all(" is #" in line for line in wrong)
    save_board_png(board_of_record(votes["A/RES/ES-11/4"], un_roster()), png, 1920, 1080)
    assert smoke.light_mismatches(png, 1280, 720) == ["the image is 1920x1080, not 1280x720"]


@pytest.mark.skipif(
    not INSTALL, reason="installing the .deb needs apt-get and root (or sudo), and no voteboard"
)
def test_the_readme_installation_commands_work_as_written(built: Built, tmp_path: Path) -> None:
    commands = [c.line for c in readme_commands() if c.section == INSTALLATION]
    assert commands[0] == "packaging/build"  # the fixture ran it, as written
    assert built.result.returncode == 0
    shims = tmp_path / "bin"
    shims.mkdir()
    if os.geteuid() == 0 and not shutil.which("sudo"):
        # root needs no sudo: a machine without it runs the command itself
        (shims / "sudo").write_text('#!/bin/sh\nexec "$@"\n')
        (shims / "sudo").chmod(0o755)
    _, env = sandbox(tmp_path, f"{shims}:/usr/bin:/bin:/usr/sbin:/sbin")
    yes = tmp_path / "apt.conf"
    yes.write_text('APT::Get::Assume-Yes "true";\n')  # the answer a technician types
    env.update(APT_CONFIG=str(yes), DEBIAN_FRONTEND="noninteractive")

    def run(line: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            ["bash", "-c", line], cwd=ROOT, env=env, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, (line, result.stdout, result.stderr)
        return result

    try:
        run(commands[1])  # sudo apt install ./dist/voteboard_*.deb
        assert installed("voteboard")
        assert run("command -v voteboard").stdout.strip() == "/usr/bin/voteboard"
        report = run(commands[2]).stdout  # voteboard --smoke-test, the installed one
        assert "HDMI-1" in report
        assert "HDMI-2" in report
        assert "FAIL" not in report
    finally:
        run(commands[3])  # sudo apt remove voteboard
    assert not installed("voteboard")
    assert not Path("/opt/voteboard").exists()
    assert not Path("/usr/bin/voteboard").exists()
    assert commands[1:] == [
        "sudo apt install ./dist/voteboard_*.deb",
        "voteboard --smoke-test",
        "sudo apt remove voteboard",
    ]
