"""What several families of commands share: the vote a VOTE names, and its board."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

from voteboard.cli.errors import UserError
from voteboard.core.board import Board, board_of_record, board_of_vote
from voteboard.core.history import ImportedVote
from voteboard.core.languages import Language
from voteboard.core.state import AssemblyState, VoteState
from voteboard.core.wording import Translation
from voteboard.journal.archive import AmbiguousVote, find_vote
from voteboard.journal.store import Journal
from voteboard.replay.timeline import Timeline


def existing_journal(path: Path | None) -> Path | None:
    """A journal named on the command line must exist for a command that only reads it (a
    typing mistake must not show the built-in votes as if they were the hall's)."""
    if path is not None and not path.exists():
        raise UserError(f"--journal {path}: there is no journal there")
    return path


def find(journal: Journal, state: AssemblyState, ref: str) -> VoteState | ImportedVote:
    """The vote that VOTE names: an id of the journal or a symbol; a symbol of several votes
    of the journal (a vote and its retakes) is refused with their ids."""
    try:
        vote = find_vote(journal, state, ref)
    except AmbiguousVote as exc:
        raise UserError(str(exc)) from None
    if vote is None:
        raise UserError(f"no vote {ref!r} in {journal.path} (see 'voteboard votes')")
    return vote


def board_of(journal: Journal, vote: VoteState | ImportedVote, at: float | None) -> Board:
    """The vote's board: final, or at `at` seconds after its opening."""
    if isinstance(vote, ImportedVote):
        if at is not None:
            print(
                f"{vote.symbol} was imported and has no timing: its final board is shown",
                file=sys.stderr,
            )
        return board_of_record(vote, journal.roster)
    if at is not None:
        timeline = Timeline(journal.roster, list(journal.events(vote=vote.id)))
        return board_of_vote(timeline.state_at(at), journal.roster)
    return board_of_vote(vote, journal.roster)


def translation_of(args: object) -> Translation:
    """The translation that `--language` and `--order` ask for. The language's own order is
    ICU's collation, through Qt (QtCore only: no window, no display)."""
    language = Language(getattr(args, "language", "en"))
    if getattr(args, "order", "un") == "language":
        from voteboard.ui.languages import translation

        return translation(language, by_language=True)
    if language is Language.EN:
        return Translation()
    from voteboard.resources import un_names

    return Translation(language, un_names())


def moment_of(
    journal: Journal, vote: VoteState | ImportedVote, at: float | None
) -> dt.datetime | None:
    """The moment `--at` stands for, for the header's clock (None: no clock to show). An
    imported vote has no timing: its clock is its day, which the image shows."""
    if isinstance(vote, ImportedVote):
        return dt.datetime.combine(vote.date, dt.time(), dt.UTC) if vote.date else None
    if at is None:
        return None
    timeline = Timeline(journal.roster, list(journal.events(vote=vote.id)))
    return timeline.origin + dt.timedelta(seconds=at)


def say(command: str) -> Callable[[str], None]:
    """A line of a long-running command on stderr: `voteboard COMMAND: TEXT`."""
    return lambda text: print(f"voteboard {command}: {text}", file=sys.stderr, flush=True)


def check_desk_url(option: str, url: str) -> None:
    """Refuses (UserError) what is not a desk's ws:// or wss:// URL, naming the option."""
    from websockets.exceptions import InvalidURI
    from websockets.uri import parse_uri

    if not url.startswith(("ws://", "wss://")):
        raise UserError(f"{option} {url}: give a ws:// or wss:// URL")
    try:
        parse_uri(url)
    except (InvalidURI, ValueError):
        raise UserError(f"{option} {url}: not a URL such as ws://10.0.0.5:8765") from None
