"""The record of a vote as a file: JSON (complete) or CSV in the UN Digital Library layout.

A secret ballot's export holds the totals and who took part, never a member's choice. Every
record carries the journal's latest signed checkpoint (the JSON's `head`; the CSV's last three
columns), so that `voteboard verify --head RECORD` tells later whether a journal still holds it.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from voteboard import files
from voteboard.core.board import Board, board_of_record, board_of_vote
from voteboard.core.events import EVENT_ADAPTER
from voteboard.core.history import ImportedVote
from voteboard.core.model import Choice, Light
from voteboard.core.state import VoteState
from voteboard.core.symbols import session_code
from voteboard.journal.store import Journal

UNDL_HEADER = [
    "undl_id",
    "ms_code",
    "ms_name",
    "ms_vote",
    "date",
    "session",
    "resolution",
    "draft",
    "committee_report",
    "meeting",
    "title",
    "agenda_title",
    "subjects",
    "vote_note",
    "total_yes",
    "total_no",
    "total_abstentions",
    "total_non_voting",
    "total_ms",
    "undl_link",
]
RECORD_HEADER = [*UNDL_HEADER, "journal_head", "head_signature", "hall_key"]
"""The CSV record: the Digital Library's columns, then the signed head of the journal."""
_LETTER = {Light.YES: "Y", Light.NO: "N", Light.ABSTAIN: "A", Light.VOTED: "V"}
_CHOICE_LETTER = {Choice.YES: "Y", Choice.NO: "N", Choice.ABSTAIN: "A"}


def export_json(journal: Journal, vote: VoteState | ImportedVote) -> str:
    """The complete record: the vote, its events or source record, its result and corrections."""
    board = _board(journal, vote)
    document: dict[str, object] = {"format": "voteboard-vote", "version": 1}
    checkpoint = journal.latest_checkpoint()
    document["journal"] = journal.journal_id
    document["head"] = checkpoint.as_json() if checkpoint is not None else None
    document["board"] = json.loads(board.model_dump_json())
    document["arithmetic"] = board.arithmetic
    document["corrections"] = list(board.corrections)
    if isinstance(vote, ImportedVote):
        document["record"] = json.loads(vote.model_dump_json())
    else:
        document["events"] = [
            json.loads(EVENT_ADAPTER.dump_json(e)) for e in journal.events(vote=vote.id)
        ]
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def export_csv(journal: Journal, vote: VoteState | ImportedVote) -> str:
    """One row per member of the vote's day, in the UN Digital Library's current layout,
    column by column: the session's code (`ES-11`), the meeting's record symbol
    (`A/ES-11/PV.14`), the Digital Library's record number and page where a source gave them,
    and each member under its official name of the day as the Library writes names (upper
    case), or as the source spelled it. An imported vote's rows for states that were not
    members on its day follow, as the source gave them, so that importing the export gives
    the same vote."""
    board = _board(journal, vote)
    day = board.vote.date
    of_day = journal.roster.on(day)
    secret = board.vote.mode.value == "secret"
    totals = board.totals
    common: dict[str, object] = {
        "date": day.isoformat() if day else "",
        "resolution": board.vote.symbol,
        "title": board.vote.title,
        "total_yes": totals.yes,
        "total_no": totals.no,
        "total_abstentions": totals.abstain,
        "total_non_voting": totals.non_voting,
        "total_ms": totals.members,
        "vote_note": "secret ballot: who took part (V), never a member's choice" if secret else "",
    }
    checkpoint = journal.latest_checkpoint()
    if checkpoint is not None:
        common |= {
            "journal_head": checkpoint.text,
            "head_signature": checkpoint.signature,
            "hall_key": checkpoint.hall_key,
        }
    if isinstance(vote, ImportedVote):
        library = vote.in_the_library()
        names = {b.code: b.name for b in vote.ballots if b.name} | library.names
        by_secretariat: set[str] = set()
        common |= {
            "undl_id": vote.undl_ids[0] if vote.undl_ids else "",
            "undl_link": vote.undl_link,
            "session": vote.session_code,
            "title": library.title,
            "draft": library.draft,
            "committee_report": library.committee_report,
            "meeting": vote.record or vote.meeting,
            "agenda_title": library.agenda,
            "subjects": library.subjects,
            "vote_note": library.vote_note,
        }
    else:
        names = {}
        by_secretariat = set(vote.by_secretariat)
        common["session"] = session_code(vote.spec.symbol)
    official = {m.code: m.name.upper() for m in of_day}
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, RECORD_HEADER, lineterminator="\n")
    writer.writeheader()
    for member in board.members:
        letter = _LETTER.get(member.light, "X")
        name = names.get(member.code) or official.get(member.code, member.name.upper())
        row = common | {"ms_code": member.code, "ms_name": name, "ms_vote": letter}
        if member.code in by_secretariat:
            row["vote_note"] = " ".join(
                filter(None, [str(common["vote_note"]), "entered by the Secretariat"])
            )
        writer.writerow(row)
    if isinstance(vote, ImportedVote):
        on_board = {m.code for m in board.members}
        for ballot in vote.ballots:
            if ballot.code not in on_board:
                letter = _CHOICE_LETTER[ballot.choice] if ballot.choice else "X"
                writer.writerow(
                    common | {"ms_code": ballot.code, "ms_name": ballot.name, "ms_vote": letter}
                )
    return buffer.getvalue()


def write_export(journal: Journal, vote: VoteState | ImportedVote, fmt: str, target: Path) -> None:
    """Writes the record whole or not at all; refuses a target that is a journal, a database,
    a folder or a device (`files.OutputError`)."""
    text = export_json(journal, vote) if fmt == "json" else export_csv(journal, vote)
    files.write_output(target, text.encode("utf-8"))


def _board(journal: Journal, vote: VoteState | ImportedVote) -> Board:
    if isinstance(vote, ImportedVote):
        return board_of_record(vote, journal.roster)
    return board_of_vote(vote, journal.roster)
