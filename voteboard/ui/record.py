"""The record of a vote as a PDF, made with Qt's own PDF writer.

In favour, Against and Abstaining list the members in board order, then the totals, the
required majority with its arithmetic, the outcome and the corrections. A secret ballot's
record has its totals and who took part, never a member's choice.
"""

from __future__ import annotations

import html
from pathlib import Path

from voteboard.core.board import Board
from voteboard.core.model import Light, Mode, Phase
from voteboard.core.roster import Roster
from voteboard.ui import theme
from voteboard.ui.image import ensure_gui_app

_HEADINGS = (
    (Light.YES, "In favour"),
    (Light.NO, "Against"),
    (Light.ABSTAIN, "Abstaining"),
)


def record_html(board: Board, roster: Roster | None = None) -> str:
    """The record as the HTML that the PDF is made from. Members bear their full names in
    force on the day of the vote when the roster is given (the board shows shorter ones)."""
    vote = board.vote
    if roster is not None:
        board = _full_names(board, roster)
    e = html.escape
    mode = "Secret ballot" if vote.mode is Mode.SECRET else "Recorded vote"
    status = {
        Phase.LOCKED: "Final result",
        Phase.CLOSED: "Provisional result: voting closed, the result is not yet locked",
        Phase.CANCELLED: "The vote was cancelled",
    }.get(board.phase, "Voting has not ended: this is not a result")
    parts = [
        "<html><body style='font-family: \"DejaVu Sans Condensed\"; font-size: 10pt'>",
        "<p style='font-size: 9pt'>United Nations General Assembly</p>",
        f"<h1 style='font-size: 18pt'>{e(vote.symbol)}</h1>",
        f"<p style='font-size: 12pt'>{e(vote.title)}</p>" if vote.title else "",
        f"<p>{e(mode)}" + (f", {vote.date:%d %B %Y}".replace(" 0", " ") if vote.date else ""),
        f"<br/>{e(status)}</p>",
    ]
    totals = board.totals
    if totals.yes is not None:
        parts.append(
            "<table cellpadding='3' style='font-size: 12pt'>"
            f"<tr><td>Yes</td><td align='right'><b>{totals.yes}</b></td></tr>"
            f"<tr><td>No</td><td align='right'><b>{totals.no}</b></td></tr>"
            f"<tr><td>Abstentions</td><td align='right'><b>{totals.abstain}</b></td></tr>"
            f"<tr><td>Non-voting</td><td align='right'><b>{totals.non_voting}</b></td></tr>"
            f"<tr><td>Total membership</td><td align='right'>{totals.members}</td></tr>"
            "</table>"
        )
    if board.arithmetic:
        parts.append(f"<p style='font-size: 12pt'><b>{e(board.arithmetic)}</b></p>")
    if board.note:
        parts.append(f"<p>{e(board.note)}</p>")
    if vote.mode is Mode.SECRET:
        voted = [
            m.name
            for m in board.members
            if m.light is not Light.NONE and m.light is not Light.INELIGIBLE
        ]
        parts.append(_list("Members that took part in the ballot", voted))
        parts.append(
            "<p style='font-size: 9pt'>A secret ballot: no member's choice is recorded.</p>"
        )
    else:
        for light, heading in _HEADINGS:
            parts.append(_list(heading, [m.name for m in board.members if m.light is light]))
        parts.append(_list("Non-voting", [m.name for m in board.members if m.light is Light.NONE]))
    unable = [m.name for m in board.members if m.light is Light.INELIGIBLE]
    if unable:
        parts.append(_list("Without the right to vote (Article 19 of the Charter)", unable))
    if board.corrections:
        parts.append("<h2 style='font-size: 12pt'>Corrections</h2><p>")
        parts.append("<br/>".join(e(text) for text in board.corrections))
        parts.append(
            "</p><p style='font-size: 9pt'>Corrections are recorded; they do not change "
            "the result.</p>"
        )
    parts.append("</body></html>")
    return "".join(parts)


def _full_names(board: Board, roster: Roster) -> Board:
    members = []
    for member in board.members:
        known = roster.get(member.code)
        name = known.name_on(board.vote.date)[0] if known is not None else member.name
        members.append(member.model_copy(update={"name": name}))
    return board.model_copy(update={"members": tuple(members)})


def _list(heading: str, names: list[str]) -> str:
    body = ", ".join(html.escape(n) for n in names) if names else "none"
    return f"<h2 style='font-size: 12pt'>{html.escape(heading)} ({len(names)})</h2><p>{body}</p>"


def write_pdf(board: Board, path: Path, roster: Roster | None = None) -> None:
    """Writes the record as an A4 PDF; written aside and moved into place when whole."""
    ensure_gui_app()
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

    theme.load_fonts()
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(b"")  # an unwritable place fails here, with the system's reason
    try:
        writer = QPdfWriter(str(partial))
        writer.setTitle(f"{board.vote.symbol}: record of the vote")
        writer.setCreator("voteboard")
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                QMarginsF(18, 18, 18, 18),
                QPageLayout.Unit.Millimeter,
            )
        )
        document = QTextDocument()
        document.setDefaultFont(theme.font(13))
        document.setHtml(record_html(board, roster))
        document.print_(writer)
        del writer  # finishes the file
        if partial.stat().st_size == 0:
            raise OSError(f"cannot write {path}")
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
