"""The public command line of DESIGN §7, run as a user runs it: a real process, real files."""

from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from tests.process import no_traceback, voteboard
from voteboard.journal.archive import open_journal

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    return tmp_path / "journal.sqlite"


def made(path: Path) -> Path:
    """A new journal there, as a hall's first start makes it: the roster and the shipped votes
    (a journal named but missing is an error of the commands that only read)."""
    open_journal(path).close()
    return path


def test_version_and_help() -> None:
    assert voteboard("--version").stdout.startswith("voteboard ")
    assert "simulate" in voteboard().stdout


def test_the_board_of_es_11_4_without_any_import(journal: Path) -> None:
    board = json.loads(
        voteboard("board", "A/RES/ES-11/4", "--journal", made(journal), "--json").stdout
    )
    assert set(board) == {"vote", "phase", "members", "totals", "outcome"}
    assert board["vote"]["date"] == "2022-10-12"
    assert board["vote"]["mode"] == "recorded"
    assert board["vote"]["majority"] == "two-thirds"
    assert board["phase"] == "locked"
    assert board["totals"] == {"yes": 143, "no": 5, "abstain": 35, "non_voting": 10, "members": 193}
    assert board["outcome"] == {"result": "adopted", "present_and_voting": 148, "required": 99}
    members = {m["code"]: m for m in board["members"]}
    assert len(board["members"]) == 193
    assert set(board["members"][0]) == {"code", "name", "light"}
    assert members["TUR"]["name"] == "Türkiye"
    assert members["UKR"]["light"] == "yes"
    assert members["RUS"]["light"] == "no"
    march = json.loads(voteboard("board", "a/res/es-11/1", "--journal", journal, "--json").stdout)
    assert {m["code"]: m["name"] for m in march["members"]}["TUR"] == "Turkey"
    assert march["totals"]["non_voting"] == 12


def test_simulate_prints_each_durable_ballot_then_board_and_votes(journal: Path) -> None:
    result = voteboard(
        "simulate",
        "--journal",
        journal,
        "--seed",
        "7",
        "--symbol",
        "A/79/L.9",
        "--majority",
        "two-thirds",
        "--lock",
    )
    lines = [line.split() for line in result.stdout.splitlines()]
    assert lines
    assert all(len(line) == 2 and line[1] in {"yes", "no", "abstain"} for line in lines)
    final = {code: choice for code, choice in lines}
    board = json.loads(voteboard("board", "A/79/L.9", "--journal", journal, "--json").stdout)
    lights = {m["code"]: m["light"] for m in board["members"]}
    assert {c: lights[c] for c in final} == final
    assert board["phase"] == "locked"
    assert board["totals"]["yes"] == list(final.values()).count("yes")
    assert board["totals"]["non_voting"] == 193 - len(final)
    listed = json.loads(voteboard("votes", "--journal", journal, "--json").stdout)
    assert listed[0]["symbol"] == "A/79/L.9"
    assert set(listed[0]) >= {"id", "symbol", "date", "title", "mode", "phase", "totals"}
    assert [v["symbol"] for v in listed[1:3]] == ["A/RES/ES-11/6", "A/RES/ES-11/5"]
    # Prepared, opened, the ballots, closed, locked; the hall's key and two checkpoints.
    assert f"intact, {len(lines) + 7} events, 2 signed checkpoints" in (
        voteboard("verify", "--journal", journal).stdout
    )


def test_board_at_a_moment_of_a_recorded_vote(journal: Path) -> None:
    voteboard("simulate", "--journal", journal, "--seed", "3", "--symbol", "A/1", "--close")
    at_start = json.loads(
        voteboard("board", "A/1", "--journal", journal, "--json", "--at", "0").stdout
    )
    assert at_start["phase"] == "open"
    assert {m["light"] for m in at_start["members"]} <= {
        "none",
        "ineligible",
        "yes",
        "no",
        "abstain",
    }
    assert at_start["totals"]["non_voting"] >= 190


def test_a_secret_simulation_never_prints_or_shows_a_choice(journal: Path) -> None:
    result = voteboard(
        "simulate", "--journal", journal, "--mode", "secret", "--seed", "5", "--symbol", "S/1"
    )
    assert all(line.split()[1] == "voted" for line in result.stdout.splitlines())
    board = json.loads(voteboard("board", "S/1", "--journal", journal, "--json").stdout)
    assert board["phase"] == "open"
    assert {m["light"] for m in board["members"]} <= {"voted", "none"}
    assert board["totals"]["yes"] is None
    assert board["totals"]["no"] is None
    assert board["totals"]["abstain"] is None
    assert board["outcome"] is None


def test_search_is_case_insensitive_over_symbol_and_title(journal: Path) -> None:
    found = json.loads(
        voteboard(
            "votes", "--journal", made(journal), "--search", "TERRITORIAL integrity", "--json"
        ).stdout
    )
    assert [v["symbol"] for v in found] == ["A/RES/ES-11/4"]
    assert found[0]["totals"]["yes"] == 143


def test_export_csv_is_the_digital_library_layout_and_imports_back(tmp_path: Path) -> None:
    first, second = made(tmp_path / "a.sqlite"), made(tmp_path / "b.sqlite")
    exported = tmp_path / "es-11-4.csv"
    voteboard("export", "A/RES/ES-11/4", "--format", "csv", "-o", exported, "--journal", first)
    with exported.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 193
    assert rows[0]["ms_code"] == "AFG"
    assert sum(r["ms_vote"] == "Y" for r in rows) == 143
    assert {r["ms_vote"] for r in rows} == {"Y", "N", "A", "X"}
    # Imported into a journal that already has it: a duplicate with the same ballots.
    again = voteboard("import", exported, "--journal", first)
    assert "1 already known (" in again.stdout
    assert "0 whose sources disagree" in again.stdout
    board_before = voteboard("board", "A/RES/ES-11/4", "--journal", first, "--json").stdout
    # The export of the export is the same file.
    voteboard(
        "export", "A/RES/ES-11/4", "--format", "csv", "-o", tmp_path / "b.csv", "--journal", second
    )
    assert (tmp_path / "b.csv").read_text() == exported.read_text()
    assert board_before == voteboard("board", "A/RES/ES-11/4", "--journal", second, "--json").stdout


def test_export_json_is_the_complete_record(journal: Path, tmp_path: Path) -> None:
    voteboard("simulate", "--journal", journal, "--seed", "1", "--symbol", "A/2", "--lock")
    target = tmp_path / "a2.json"
    voteboard("export", "A/2", "--format", "json", "-o", target, "--journal", journal)
    record = json.loads(target.read_text())
    assert record["board"]["vote"]["symbol"] == "A/2"
    kinds = [e["kind"] for e in record["events"]]
    assert kinds[:2] == ["vote_prepared", "vote_opened"]
    assert kinds[-2:] == ["vote_closed", "vote_locked"]


def test_a_secret_export_has_participation_and_totals_only(journal: Path, tmp_path: Path) -> None:
    voteboard(
        "simulate",
        "--journal",
        journal,
        "--mode",
        "secret",
        "--seed",
        "9",
        "--symbol",
        "S/2",
        "--lock",
    )
    target = tmp_path / "s2.csv"
    voteboard("export", "S/2", "--format", "csv", "-o", target, "--journal", journal)
    rows = list(csv.DictReader(target.read_text(encoding="utf-8").splitlines()))
    assert {r["ms_vote"] for r in rows} <= {"V", "X"}
    took_part = sum(r["ms_vote"] == "V" for r in rows)
    totals = [int(rows[0][f"total_{k}"]) for k in ("yes", "no", "abstentions")]
    assert sum(totals) == took_part
    voteboard("export", "S/2", "--format", "json", "-o", tmp_path / "s2.json", "--journal", journal)
    document = json.loads((tmp_path / "s2.json").read_text())
    text = json.dumps(document["events"])
    assert '"choice"' not in text


@pytest.mark.skipif(not SHARED.is_dir(), reason="the UN reference data is not beside the project")
def test_importing_the_dgacm_extracts(journal: Path) -> None:
    files = sorted((SHARED / "un-voting-dgacm").glob("*.json"))
    result = voteboard("import", *files, "--journal", journal)
    summary = "".join(line for line in result.stdout.splitlines() if "imported" in line)
    assert "refused 0 records" in result.stdout
    listed = json.loads(voteboard("votes", "--journal", journal, "--json").stdout)
    assert len({v["symbol"] for v in listed}) == 731
    assert summary
    again = voteboard("import", *files, "--journal", journal)
    assert "imported 0 votes" in again.stdout
    assert len(json.loads(voteboard("votes", "--journal", journal, "--json").stdout)) == 731


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("board", "A/RES/NOPE"), "no vote 'A/RES/NOPE'"),
        (("export", "A/RES/NOPE", "--format", "csv", "-o", "x.csv"), "no vote 'A/RES/NOPE'"),
        (("simulate", "--rate", "-1"), "--rate: -1 is not 0 or more ballots per second"),
        (("simulate", "--title", "x" * 2001), "title: String should have at most 2000"),
    ],
)
def test_user_mistakes_get_a_message_not_a_traceback(
    journal: Path, args: tuple[str, ...], message: str
) -> None:
    if args[0] != "simulate":
        made(journal)
    result = voteboard(*args, "--journal", journal, check=False)
    assert result.returncode == 2
    no_traceback(result)
    assert message in result.stderr


def test_a_file_that_is_not_a_journal_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "minutes.txt"
    path.write_text("not a journal")
    for command in (("votes",), ("verify",), ("board", "A/RES/ES-11/4")):
        result = voteboard(*command, "--journal", path, check=False)
        assert result.returncode == 1
        no_traceback(result)
        assert "not a voteboard journal" in result.stderr
    assert path.read_text() == "not a journal"


def test_import_of_an_unreadable_file_fails_but_imports_the_rest(
    journal: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "missing.json"
    good = tmp_path / "good.csv"
    voteboard(
        "export",
        "A/RES/ES-11/2",
        "--format",
        "csv",
        "-o",
        good,
        "--journal",
        made(tmp_path / "other.sqlite"),
    )
    result = voteboard("import", missing, good, "--journal", journal, check=False)
    assert result.returncode == 1
    assert "missing.json" in result.stderr
    assert "Traceback" not in result.stderr
    assert "good.csv" in result.stdout


def test_simulate_with_the_choices_of_a_real_vote(journal: Path) -> None:
    voteboard(
        "simulate",
        "--journal",
        journal,
        "--choices-from",
        "A/RES/ES-11/4",
        "--symbol",
        "A/ES-11/L.5",
        "--majority",
        "two-thirds",
        "--lock",
    )
    board = json.loads(voteboard("board", "A/ES-11/L.5", "--journal", journal, "--json").stdout)
    assert board["totals"] == {"yes": 143, "no": 5, "abstain": 35, "non_voting": 10, "members": 193}
    assert board["outcome"] == {"result": "adopted", "present_and_voting": 148, "required": 99}


@pytest.mark.parametrize("moment", ["nan", "1e20", "-3", "soon"])
def test_a_moment_that_is_not_a_number_of_seconds_is_refused(journal: Path, moment: str) -> None:
    result = voteboard("board", "A/RES/ES-11/4", "--at", moment, "--journal", journal, check=False)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "--at" in result.stderr


def test_reading_commands_never_create_a_journal(tmp_path: Path) -> None:
    """A journal named but missing (a typing mistake) is refused by a command that only reads:
    it once listed the built-in votes as if they were the hall's, and exited 0."""
    journal = tmp_path / "typo" / "jornal.sqlite"
    for command in (("votes", "--json"), ("board", "A/RES/ES-11/3", "--json")):
        result = voteboard(*command, "--journal", journal, check=False)
        assert result.returncode == 2
        no_traceback(result)
        assert f"--journal {journal}: there is no journal there" in result.stderr
    assert not journal.parent.exists()


def test_a_backup_taken_while_a_vote_is_written_is_a_whole_journal(tmp_path: Path) -> None:
    """`backup` copies a journal that another process is writing: the copy is a consistent
    prefix of it, its hash chain intact, never a file caught half-way through a commit."""
    journal = tmp_path / "hall.sqlite"
    copy = tmp_path / "backup" / "hall-copy.sqlite"
    copy.parent.mkdir()
    command = [sys.executable, "-m", "voteboard", "simulate", "--journal", str(journal)]
    with subprocess.Popen(
        [*command, "--seed", "3", "--rate", "100", "--lock"], stdout=subprocess.PIPE, text=True
    ) as writer:
        assert writer.stdout is not None
        durable = [next(writer.stdout) for _ in range(40)]  # 40 ballots are in the journal
        result = voteboard("backup", "--journal", journal, "-o", copy)
        writer.communicate()
    assert writer.returncode == 0
    events = int(result.stdout.rsplit("intact, ", 1)[1].split()[0])
    assert result.stdout == f"{copy}: a copy of {journal}, intact, {events} events\n"
    assert voteboard("verify", "--journal", copy).stdout == f"{copy}: intact, {events} events\n"
    assert events >= 2 + len(durable)  # prepared, opened, then at least the ballots seen
    after = voteboard("verify", "--journal", journal).stdout
    assert events < int(after.rsplit("intact, ", 1)[1].split()[0])  # the vote went on after
    assert oct(copy.stat().st_mode & 0o777) == "0o600"
    assert not list(copy.parent.glob(".*"))  # nothing left beside it
    assert json.loads(voteboard("votes", "--journal", copy, "--json").stdout)[0]["phase"] == "open"


def test_a_backup_never_replaces_a_file_nor_invents_a_journal(tmp_path: Path) -> None:
    journal = tmp_path / "hall.sqlite"
    voteboard("simulate", "--journal", journal, "--seed", "1", "--lock")
    existing = tmp_path / "existing.sqlite"
    existing.write_bytes(b"the archivist's file")
    for args, message in [
        (("--journal", journal, "-o", existing), "a file is there already"),
        (("--journal", tmp_path / "none.sqlite", "-o", tmp_path / "a.sqlite"), "no journal"),
        (("--journal", journal, "-o", tmp_path / "no" / "b.sqlite"), "there is no folder"),
    ]:
        result = voteboard("backup", *args, check=False)
        assert result.returncode == 1
        no_traceback(result)
        assert message in result.stderr
    assert existing.read_bytes() == b"the archivist's file"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("hall")) == [
        "existing.sqlite"
    ]


def test_the_backup_of_an_altered_journal_says_so(tmp_path: Path) -> None:
    journal = tmp_path / "hall.sqlite"
    voteboard("simulate", "--journal", journal, "--seed", "1", "--lock")
    with closing(sqlite3.connect(journal)) as db, db:
        db.execute("UPDATE events SET body = replace(body, '\"yes\"', '\"no\"') WHERE seq = 9")
    result = voteboard("backup", "--journal", journal, "-o", tmp_path / "copy.sqlite", check=False)
    assert result.returncode == 1
    assert ", NOT intact: event 9 was altered" in result.stdout
    assert (
        "NOT intact: event 9"
        in voteboard("verify", "--journal", tmp_path / "copy.sqlite", check=False).stdout
    )


def test_a_retake_is_linked_and_a_symbol_of_two_votes_needs_an_id(
    journal: Path, tmp_path: Path
) -> None:
    simulate = ("simulate", "--journal", journal, "--symbol", "A/78/L.1", "--lock")
    first = voteboard(*simulate, "--seed", "1")
    second = voteboard(*simulate, "--seed", "2")
    listed = json.loads(voteboard("votes", "--journal", journal, "--json").stdout)
    newest, oldest = listed[0], listed[1]
    assert (newest["symbol"], oldest["symbol"]) == ("A/78/L.1", "A/78/L.1")
    assert newest["retake_of"] == oldest["id"]
    assert oldest["retake_of"] is None
    assert all(v["retake_of"] is None for v in listed[2:])
    assert f"A/78/L.1: vote {oldest['id']} open\n" in first.stderr
    assert f"A/78/L.1: vote {newest['id']} open, a retake of {oldest['id']}\n" in second.stderr
    # Each line of `votes` shows the id; a retake says which vote it takes again.
    lines = voteboard("votes", "--journal", journal).stdout.splitlines()
    assert lines[0].split()[1:3] == ["A/78/L.1", newest["id"]]
    assert f"[retake of {oldest['id']}]" in lines[0]
    assert lines[1].split()[1:3] == ["A/78/L.1", oldest["id"]]
    assert lines[-1].split()[1:3] == ["A/RES/ES-11/1", "(imported)"]
    # The symbol names two votes: every command that takes a VOTE refuses it, with their ids.
    target = tmp_path / "record.json"
    for command in (
        ("board", "A/78/L.1", "--json"),
        ("board", "a/78/l.1", "--png", tmp_path / "board.png"),
        ("export", "A/78/L.1", "--format", "json", "-o", target),
        ("simulate", "--choices-from", "A/78/L.1"),
        ("replay", "A/78/L.1"),
    ):
        result = voteboard(*command, "--journal", journal, check=False)
        assert result.returncode == 2, command
        no_traceback(result)
        assert "names 2 votes of this journal" in result.stderr
        assert f"{oldest['id']} (locked, prepared " in result.stderr
        assert f"{newest['id']} (locked, prepared " in result.stderr
        assert f", a retake of {oldest['id']})" in result.stderr
        assert "Give the id of the one meant instead" in result.stderr
    assert not target.exists()
    assert not (tmp_path / "board.png").exists()
    # The id tells them apart.
    board = json.loads(voteboard("board", newest["id"], "--journal", journal, "--json").stdout)
    assert (board["vote"]["id"], board["phase"]) == (newest["id"], "locked")
    voteboard("export", oldest["id"], "--format", "json", "-o", target, "--journal", journal)
    record = json.loads(target.read_text())
    assert record["board"]["vote"]["id"] == oldest["id"]
    prepared = record["events"][0]
    assert prepared["kind"] == "vote_prepared"
    assert "retake_of" not in prepared


def test_an_unusual_symbol_is_taken_as_given_with_a_note(journal: Path) -> None:
    result = voteboard(
        "simulate", "--journal", journal, "--seed", "4", "--symbol", "HALL/7", "--lock"
    )
    assert result.stderr.startswith(
        "voteboard simulate: note: 'HALL/7' is not a General Assembly document symbol"
    )
    assert ": taken as given" in result.stderr.splitlines()[0]
    board = json.loads(voteboard("board", "HALL/7", "--journal", journal, "--json").stdout)
    assert board["vote"]["symbol"] == "HALL/7"
    plain = voteboard("simulate", "--journal", journal, "--seed", "4", "--symbol", "A/78/L.2")
    assert "note" not in plain.stderr.replace("HALL/7", "")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--title", ""), "a vote needs its title, which the hall reads under the symbol"),
        (("--title", "   "), "a vote needs its title"),
        (("--symbol", " "), "a vote needs its document symbol"),
        (
            ("--title", "Yes \u202eoN"),
            "the title has a right-to-left override (U+202E) at character 5",
        ),
        (
            ("--symbol", "A/78/L.1\u200b"),
            "the symbol has a zero width space (U+200B) at character 9",
        ),
        (("--title", "One\ttwo"), "the title has a tab (U+0009) at character 4"),
    ],
)
def test_a_simulation_is_held_to_the_rules_of_a_preparation(
    journal: Path, args: tuple[str, ...], message: str
) -> None:
    result = voteboard("simulate", "--journal", journal, "--seed", "1", *args, check=False)
    assert result.returncode == 2
    no_traceback(result)
    assert message in result.stderr
    assert not journal.exists()  # refused before anything is written
