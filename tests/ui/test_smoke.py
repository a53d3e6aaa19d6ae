"""`voteboard --smoke-test`: the board on every screen, its lights read back, one line a check."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QGuiApplication, QScreen
from pytestqt.qtbot import QtBot

from voteboard.core.board import Board, BoardMember
from voteboard.core.model import Light
from voteboard.diagnose import Check, members_to_check
from voteboard.ui import pixels, smoke, theme
from voteboard.ui.display import HallDisplay, find_screen

from .test_board import es_11_4

SCREENS = Path(__file__).resolve().parents[1] / "screens.json"


def smoke_test(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m voteboard ARGS` with its own HOME and XDG_DATA_HOME (nothing of the user's)."""
    environ = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={SCREENS}",
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        **env,
    }
    for name in [name for name, value in env.items() if value == ""]:
        del environ[name]
    return subprocess.run(
        [sys.executable, "-m", "voteboard", *args],
        capture_output=True,
        text=True,
        env=environ,
        timeout=60,
    )


def screen(name: str) -> QScreen:
    found = find_screen(name)
    assert found is not None
    return found


def test_the_smoke_test_shows_the_board_on_both_screens_and_creates_nothing(
    tmp_path: Path,
) -> None:
    result = smoke_test(tmp_path, "--smoke-test", "--smoke-seconds", "0")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "ok    voteboard 0.1.0"
    assert "ok    Qt 6." in result.stdout
    assert "platform plugin offscreen" in result.stdout
    assert "ok    roster: 193 members" in lines
    journal = tmp_path / "data" / "voteboard" / "journal.sqlite"
    assert f"ok    journal: {journal} does not exist yet" in result.stdout
    assert "ok    screens: 2 (HALL-LEFT, HALL-RIGHT)" in lines
    lights = "board drawn, lights checked (USA yes, RUS no, CHN abstain)"
    assert f"ok    screen HALL-LEFT 1920x1080+0+0 dpr 1 60 Hz primary: {lights}" in lines
    assert f"ok    screen HALL-RIGHT 1280x720+1920+0 dpr 1 60 Hz: {lights}" in lines
    assert not [line for line in lines if line.startswith("FAIL")]
    assert lines[-1] == f"smoke test passed: all {len(lines) - 1} checks ok"
    # Looked at, never created: no journal, not even its folder.
    assert not (tmp_path / "data").exists()
    assert not [p for p in tmp_path.rglob("*") if "journal" in p.name or p.name == "voteboard"]


def test_without_a_display_it_says_so_instead_of_letting_qt_abort(tmp_path: Path) -> None:
    result = smoke_test(
        tmp_path, "--smoke-test", QT_QPA_PLATFORM="", DISPLAY="", WAYLAND_DISPLAY=""
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert lines[-2].startswith("FAIL  display: no display")
    assert "QT_QPA_PLATFORM=offscreen voteboard --smoke-test" in lines[-2]
    assert lines[-1] == "smoke test FAILED: 1 of 4 checks failed (display)"


def test_no_screen_is_a_failure_with_a_message(tmp_path: Path) -> None:
    config = tmp_path / "no-screens.json"
    config.write_text('{"screens": []}')
    result = smoke_test(tmp_path, "--smoke-test", QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert lines[-2] == (
        "FAIL  screens: the Qt platform offscreen reports no screen: is a monitor connected and "
        "switched on?"
    )
    assert lines[-1] == f"smoke test FAILED: 1 of {len(lines) - 1} checks failed (screens)"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--smoke-seconds", "1"], "--smoke-seconds goes with --smoke-test"),
        (["--smoke-test", "--smoke-seconds", "-1"], "-1 is not between 0 and 86400 seconds"),
        (["--smoke-test", "--smoke-seconds", "soon"], "'soon' is not a number of seconds"),
        (["--smoke-test", "--smoke-seconds", "nan"], "nan is not between 0 and 86400 seconds"),
        (["--smoke-test", "verify"], "--smoke-test runs alone, without a command (verify)"),
    ],
    ids=["without-smoke-test", "negative", "not-a-number", "nan", "with-a-command"],
)
def test_smoke_seconds_misused_is_refused(tmp_path: Path, args: list[str], message: str) -> None:
    result = smoke_test(tmp_path, *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_a_light_of_another_colour_fails_the_screens_report(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The check expects yes lights red and no lights green: the boards drawn are right, so
    # both screens must fail, naming the lights that differ.
    swapped = {**theme.LIGHT_FILL, Light.YES: theme.LIGHT_FILL[Light.NO]}
    swapped[Light.NO] = theme.LIGHT_FILL[Light.YES]
    monkeypatch.setattr(pixels, "expected_colour", lambda light: swapped[light])
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    lines: list[str] = []
    assert smoke.run(0, lines.append) == 1
    failed = [line for line in lines if line.startswith("FAIL")]
    assert [line.split(":")[0] for line in failed] == [
        "FAIL  screen HALL-LEFT 1920x1080+0+0 dpr 1 60 Hz primary",
        "FAIL  screen HALL-RIGHT 1280x720+1920+0 dpr 1 60 Hz",
    ]
    for line in failed:
        assert "USA's light at (" in line
        assert "is #1fb54a, not yes #e5352b" in line
        assert "RUS's light at (" in line
        assert "is #e5352b, not no #1fb54a" in line
        assert "CHN" not in line  # its abstain light is right
    assert lines[-1].startswith("smoke test FAILED: 2 of ")


def test_a_board_painted_with_another_light_fails_its_check(qtbot: QtBot) -> None:
    expected = es_11_4()
    wrong = expected.model_copy(
        update={
            "members": tuple(
                BoardMember(code=m.code, name=m.name, light=Light.ABSTAIN) if m.code == "USA" else m
                for m in expected.members
            )
        }
    )
    window = HallDisplay(wrong)
    qtbot.addWidget(window)
    target = screen("HALL-RIGHT")
    with qtbot.waitSignal(window.board_widget.painted):
        window.place(target)
    assert smoke.placement_problem(window, target, "HALL-RIGHT") is None
    assert smoke.placement_problem(window, target, "HALL-LEFT") == (
        "the board went to HALL-LEFT, not to this screen"
    )
    check = smoke.check_board(window, target, expected)
    assert not check.ok
    assert check.what == "screen HALL-RIGHT 1280x720+1920+0 dpr 1 60 Hz"
    assert "USA's light at (" in check.detail
    assert f"is {theme.LIGHT_FILL[Light.ABSTAIN].name()}, not yes" in check.detail
    assert "RUS" not in check.detail
    with qtbot.waitSignal(window.board_widget.painted):
        window.show_board(expected)
    check = smoke.check_board(window, target, expected)
    assert check.ok, check.detail
    assert check.detail == "board drawn, lights checked (USA yes, RUS no, CHN abstain)"


def test_each_board_is_on_its_own_screen_with_its_name_in_the_footer(qtbot: QtBot) -> None:
    seen: dict[str, tuple[bool, str, tuple[int, int]]] = {}

    def check(window: HallDisplay, on: QScreen, expected: Board) -> Check:
        seen[on.name()] = (
            window.geometry() == on.geometry(),
            window.board_widget.board.note,
            window.board_widget.size().toTuple(),
        )
        return original(window, on, expected)

    original = smoke.check_board
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(smoke, "check_board", check)
        started = time.monotonic()
        checks = smoke.show_boards(es_11_4(), QGuiApplication.screens(), 0.3)
        elapsed = time.monotonic() - started
    assert [c.ok for c in checks] == [True, True]
    assert seen == {
        "HALL-LEFT": (True, "Smoke test of this screen: HALL-LEFT, 1920x1080", (1920, 1080)),
        "HALL-RIGHT": (
            True,
            "Smoke test of this screen: HALL-RIGHT, 1280x720",
            (1280, 720),
        ),
    }
    assert elapsed >= 0.3  # kept up for the time asked


def test_a_board_that_never_goes_full_screen_fails_after_the_timeout(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(smoke, "PAINT_TIMEOUT_MS", 200)
    monkeypatch.setattr(
        smoke, "placement_problem", lambda window, on, shown_on: "it stayed in a window"
    )
    checks = smoke.show_boards(es_11_4(), [screen("HALL-RIGHT")], 0)
    assert checks == [
        Check(False, "screen HALL-RIGHT 1280x720+1920+0 dpr 1 60 Hz", "it stayed in a window")
    ]


def test_the_expected_colours_are_the_themes() -> None:
    assert pixels.expected_colour(Light.YES) == QColor("#1fb54a")
    assert members_to_check(es_11_4()) == [
        ("USA", Light.YES),
        ("RUS", Light.NO),
        ("CHN", Light.ABSTAIN),
    ]


def test_a_check_that_raises_is_a_failure_not_a_hang(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(window: HallDisplay, on: QScreen, expected: Board) -> Check:
        raise RuntimeError("the screen went away")

    monkeypatch.setattr(smoke, "check_board", broken)
    checks = smoke.show_boards(es_11_4(), [screen("HALL-LEFT")], 0)
    assert checks == [
        Check(
            False,
            "screen HALL-LEFT 1920x1080+0+0 dpr 1 60 Hz primary",
            "the check could not be made: the screen went away",
        )
    ]
