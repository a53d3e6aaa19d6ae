"""Renders the README's screenshots of the board into docs/ (headless).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/render_screenshots.py

A recorded vote (A/RES/ES-11/4 as the Assembly voted it) and a secret ballot while it is open
(150 of 193 members have voted), at 1280x720, 1920x1080 and 3840x2160, and a portrait screen;
and both at 1920x1080 in each of the six languages (docs/languages/).
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from voteboard.core.board import Board, board_of_record, board_of_vote
from voteboard.core.commands import CastBallot, OpenVote, PrepareVote
from voteboard.core.languages import Language
from voteboard.core.model import Choice, Mode, VoteSpec
from voteboard.core.session import MemoryStore, Session
from voteboard.core.state import AssemblyState
from voteboard.journal.archive import shipped_votes
from voteboard.resources import un_roster
from voteboard.ui.image import save_board_png
from voteboard.ui.languages import translation

DOCS = Path(__file__).resolve().parents[1] / "docs"
SIZES = [(1280, 720), (1920, 1080), (3840, 2160), (1080, 1920)]


def open_secret_ballot() -> Board:
    roster = un_roster()
    opened = datetime(2022, 10, 10, 15, tzinfo=UTC)
    moment = [opened]
    session = Session(MemoryStore(), AssemblyState.initial(roster), clock=lambda: moment[0])
    spec = VoteSpec(
        symbol="A/ES-11/L.5",
        title="Territorial integrity of Ukraine: procedural motion for a secret ballot",
        mode=Mode.SECRET,
    )
    session.execute(PrepareVote(at=opened, vote="secret-demo", spec=spec))
    session.execute(OpenVote(at=opened))
    rng = random.Random(11)
    for index, code in enumerate(rng.sample(roster.codes, 150)):
        moment[0] = opened + timedelta(seconds=0.4 * index)
        session.execute(CastBallot(at=moment[0], member=code, choice=rng.choice(list(Choice))))
    vote = session.state.current_vote
    assert vote is not None
    return board_of_vote(vote, roster)


def main() -> None:
    recorded = board_of_record(shipped_votes()[3], un_roster())
    secret = open_secret_ballot()
    for width, height in SIZES:
        for name, board in (("board-es-11-4", recorded), ("board-secret-open", secret)):
            path = DOCS / f"{name}-{width}x{height}.png"
            save_board_png(board, path, width, height)
            print(path)
    (DOCS / "languages").mkdir(exist_ok=True)
    moment = datetime(2022, 10, 12, 17, tzinfo=UTC)
    for language in Language:
        for name, board in (("board-es-11-4", recorded), ("board-secret-open", secret)):
            path = DOCS / "languages" / f"{name}-{language.value}-1920x1080.png"
            now = moment if board is recorded else None
            save_board_png(translation(language)(board), path, 1920, 1080, now=now)
            print(path)


if __name__ == "__main__":
    main()
