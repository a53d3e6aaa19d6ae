"""The command line's handlers called in-process (`main([...])`), the options layer kept
equal to the core's words, and what a command loads: `--version` nothing, `votes` no Qt."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from voteboard.cli import build_parser, main
from voteboard.cli.parser import MAJORITIES, MODES
from voteboard.core.model import Majority, Mode


def test_the_options_name_the_cores_modes_and_majorities() -> None:
    assert [m.value for m in Mode] == MODES
    assert [m.value for m in Majority] == MAJORITIES


def test_every_command_names_a_handler_that_exists() -> None:
    from voteboard.cli.main import handler_of

    parser = build_parser()
    actions = [a for a in parser._actions if a.dest == "command"]
    seen = 0
    for sub in actions[0].choices.values():  # type: ignore[union-attr]
        nested = [
            a for a in sub._actions if getattr(a, "choices", None) and a.dest.endswith("_command")
        ]
        parsers = list(nested[0].choices.values()) if nested else [sub]
        for each in parsers:
            name = each.get_default("handler")
            assert callable(handler_of(name)), name
            seen += 1
    assert seen == 18  # with web (issue 19)


def test_votes_and_board_in_process(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    journal = tmp_path / "hall.sqlite"
    assert main(["simulate", "--journal", str(journal), "--symbol", "A/80/L.1", "--lock"]) == 0
    capsys.readouterr()
    assert main(["votes", "--journal", str(journal), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed[0]["symbol"] == "A/80/L.1"
    assert listed[0]["phase"] == "locked"
    assert main(["board", "A/80/L.1", "--journal", str(journal), "--json"]) == 0
    board = json.loads(capsys.readouterr().out)
    assert board["vote"]["symbol"] == "A/80/L.1"
    assert sum(board["totals"][k] for k in ("yes", "no", "abstain", "non_voting")) == 193


@pytest.mark.parametrize(
    ("argv", "status", "words"),
    [
        (["votes", "--journal", "/no/such/folder/hall.sqlite"], 2, "there is no journal there"),
        (["board", "A/1", "--journal", "/no/such/hall.sqlite"], 2, "there is no journal there"),
        (
            ["export", "X", "--format", "json", "-o", "/tmp/x.json", "--journal", "/no/j"],
            2,
            "no journal",
        ),
        (["verify", "--journal", "/no/such/hall.sqlite"], 1, "/no/such/hall.sqlite"),
        (["simulate", "--journal", "{tmp}/j.sqlite", "--title", " "], 2, "title"),
        (["seats", "revoke", "FRA", "--journal", "{tmp}/none.sqlite"], 2, "no journal"),
        (["recovery", "restore", "--journal", "{tmp}/j", "--key-file", "/no/key"], 2, "--key-file"),
    ],
)
def test_refusals_in_process_say_what_is_wrong_and_create_nothing(
    argv: list[str], status: int, words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    assert main(argv) == status
    err = capsys.readouterr().err
    assert words in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "fast"])
def test_a_rate_that_is_not_a_finite_number_is_refused(
    value: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["simulate", "--journal", str(tmp_path / "j.sqlite"), "--rate", value])
    assert exited.value.code == 2
    assert "--rate" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def _loaded(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(out.split())


def test_version_loads_neither_pydantic_nor_qt() -> None:
    loaded = _loaded(
        "from voteboard.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass"
    )
    assert not {m for m in loaded if m.startswith(("pydantic", "PySide6", "sqlite3"))}


def test_commands_that_open_no_window_load_no_qt(tmp_path: Path) -> None:
    journal = tmp_path / "hall.sqlite"
    loaded = _loaded(
        "from voteboard.cli import main\n"
        f"main(['simulate', '--journal', {str(journal)!r}, '--lock'])\n"
        f"main(['votes', '--journal', {str(journal)!r}])\n"
        f"main(['export', 'A/RES/ES-11/4', '--format', 'csv', '-o', {str(tmp_path / 'x.csv')!r},"
        f" '--journal', {str(journal)!r}])\n"
        f"main(['verify', '--journal', {str(journal)!r}])"
    )
    assert not {m for m in loaded if m.startswith(("PySide6", "shiboken6"))}


def test_output_to_a_reader_gone_ends_quietly(tmp_path: Path) -> None:
    """`voteboard simulate ... | head -1`: no "the journal could not be used (Broken pipe)",
    the status of a program ended by SIGPIPE, and the journal intact."""
    journal = tmp_path / "hall.sqlite"
    command = [sys.executable, "-m", "voteboard", "simulate", "--journal", str(journal), "--lock"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None
        process.stdout.readline()
        process.stdout.close()  # the reader goes away
        assert process.stderr is not None
        err = process.stderr.read().decode()
        status = process.wait()
    assert status in (0, 141)  # done before it noticed, or told by the pipe
    assert "Broken pipe" not in err
    assert "Traceback" not in err
    assert main(["verify", "--journal", str(journal)]) == 0


REFUSALS = [
    (["simulate", "--journal", "{tmp}/j.sqlite", "--title", " "], 2),
    (["replay", "--speed", "50"], 2),
    (["import", "{tmp}/no-such-file.jsonl", "--journal", "{tmp}/made.sqlite"], 1),
    (["votes", "--journal", "{tmp}/none.sqlite"], 2),
    (["board", "A/RES/NOPE", "--journal", "{tmp}/made.sqlite"], 2),
    (["board", "A/RES/ES-11/4", "--png", "{tmp}", "--journal", "{tmp}/made.sqlite"], 1),
    (["control", "--rate", "0", "--journal", "{tmp}/j.sqlite"], 2),
    (["display", "--key-file", "{tmp}/k.key"], 2),
    (["console", "--seat", "12", "--connect", "ws://127.0.0.1:9", "--key-file", "{tmp}/k"], 2),
    (["seats", "issue", "-o", "{tmp}/made.sqlite", "--journal", "{tmp}/j.sqlite"], 2),
    (["seats", "revoke", "FRA", "--journal", "{tmp}/none.sqlite"], 2),
    (["seats", "list", "--journal", "{tmp}/none.sqlite"], 1),
    (
        [
            "export",
            "A/RES/NOPE",
            "--format",
            "csv",
            "-o",
            "{tmp}/x.csv",
            "--journal",
            "{tmp}/made.sqlite",
        ],
        2,
    ),
    (["verify", "--journal", "{tmp}/made.sqlite", "--head", "9" * 5000 + ":ab"], 2),
    (["hall-key", "--journal", "{tmp}/made.sqlite"], 2),
    (["recovery", "issue", "-o", "{tmp}/made.sqlite", "--journal", "{tmp}/made.sqlite"], 1),
    (["recovery", "restore", "--key-file", "/dev/zero", "--journal", "{tmp}/made.sqlite"], 2),
    (["backup", "-o", "{tmp}/copy.sqlite", "--journal", "{tmp}/none.sqlite"], 1),
]


@pytest.mark.parametrize(("argv", "status"), REFUSALS, ids=[" ".join(a[:2]) for a, _ in REFUSALS])
def test_every_command_refuses_with_a_message_and_no_traceback(
    argv: list[str], status: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One mistake per command, called in-process: an exception that escaped `main` would fail
    the test, so a refusal that printed a traceback cannot pass."""
    from voteboard.journal.archive import open_journal

    open_journal(tmp_path / "made.sqlite").close()

    def files() -> list[str]:
        # SQLite's own -wal and -shm beside a journal that was read are not ours to count.
        return sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm")))

    before = files()
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    assert main(argv) == status
    err = capsys.readouterr().err
    assert err.startswith(f"voteboard {argv[0]}: "), err
    assert len(err) < 600, err  # said in a line or two (not 5,000 digits back)
    assert files() == before  # nothing written
