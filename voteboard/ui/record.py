"""The record of a vote as a PDF, made with Qt's own PDF writer.

In favour, Against and Abstaining list the members in board order, then the totals, the
required majority with its arithmetic, the outcome and the corrections. A secret ballot's
record has its totals and who took part, never a member's choice.
"""

from __future__ import annotations

import html
from pathlib import Path

from voteboard import files
from voteboard.core.board import Board
from voteboard.core.model import Light, Mode, Phase
from voteboard.core.roster import Roster
from voteboard.journal.records import xmp_packet
from voteboard.journal.store import Checkpoint
from voteboard.ui import theme
from voteboard.ui.image import ensure_gui_app

_HEADINGS = (
    (Light.YES, "In favour"),
    (Light.NO, "Against"),
    (Light.ABSTAIN, "Abstaining"),
)


def record_html(
    board: Board, roster: Roster | None = None, checkpoint: Checkpoint | None = None
) -> str:
    """The record as the HTML that the PDF is made from. Members bear their full names in
    force on the day of the vote when the roster is given (the board shows shorter ones).
    At its foot, the journal's signed head (`checkpoint`), for `voteboard verify --head`."""
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
        f"<p style='font-size: 18pt; font-weight: bold; margin-top: 6px'>{e(vote.symbol)}</p>",
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
        parts.append(f"{_heading('Corrections')}<p>")
        parts.append("<br/>".join(e(text) for text in board.corrections))
        parts.append(
            "</p><p style='font-size: 9pt'>Corrections are recorded; they do not change "
            "the result.</p>"
        )
    parts.append(_foot(checkpoint))
    parts.append("</body></html>")
    return "".join(parts)


def _foot(checkpoint: Checkpoint | None) -> str:
    """The signed head of the journal, printed so that it can be typed back in: each value on
    lines of its own, never broken inside (the signature in two halves, which `base64 -d`
    joins)."""
    if checkpoint is None:
        return (
            "<hr/><p style='font-size: 9pt'>The journal had no signed checkpoint yet when this "
            "record was made: it carries no head to check a journal against.</p>"
        )
    half = len(checkpoint.signature) // 2
    rows = (
        ("Head (event:hash)", [f"{checkpoint.seq}:{checkpoint.hash}"]),
        (
            "Journal (the signed text is voteboard-head:1:JOURNAL:EVENT:HASH)",
            [checkpoint.text.split(":")[2]],
        ),
        (
            "Signature (Ed25519, base64, in two lines)",
            [checkpoint.signature[:half], checkpoint.signature[half:]],
        ),
        ("Hall key fingerprint (SHA-256 of its DER form)", [checkpoint.hall_key]),
    )
    lines = "".join(
        f"<p style='font-size: 8pt; margin-top: 6px; margin-bottom: 0'>{html.escape(label)}</p>"
        + "".join(
            f"<p style='font-size: 9pt; margin: 0; white-space: nowrap'>{html.escape(v)}</p>"
            for v in values
        )
        for label, values in rows
    )
    return (
        "<hr/><p style='font-size: 9pt'><b>The journal's head, signed by the hall.</b> "
        f"To check a journal against this record: voteboard verify --head {checkpoint.seq}:HASH "
        "(the hash below), or --head with this file.</p>" + lines
    )


def _full_names(board: Board, roster: Roster) -> Board:
    members = []
    for member in board.members:
        known = roster.get(member.code)
        name = known.name_on(board.vote.date)[0] if known is not None else member.name
        members.append(member.model_copy(update={"name": name}))
    return board.model_copy(update={"members": tuple(members)})


def _list(heading: str, names: list[str]) -> str:
    body = ", ".join(html.escape(n) for n in names) if names else "none"
    return f"{_heading(f'{heading} ({len(names)})')}<p>{body}</p>"


def _heading(text: str) -> str:
    # Not <h2>: Qt sizes a heading tag relative to the document's pixel metrics, and on the
    # PDF writer's 1200 dpi a heading came out at 1.4 pt whatever its font-size said.
    return (
        "<p style='font-size: 12pt; font-weight: bold; margin-top: 12px; margin-bottom: 4px'>"
        f"{html.escape(text)}</p>"
    )


def write_pdf(
    board: Board,
    path: Path,
    roster: Roster | None = None,
    checkpoint: Checkpoint | None = None,
) -> None:
    """Writes the record as an A4 PDF, whole or not at all; refuses a target that is a
    journal, a database, a folder or a device (`files.OutputError`). The signed head is
    printed at its foot and kept in its XMP metadata."""
    ensure_gui_app()
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF
    from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

    files.check_target(path, replace=True)
    family = theme.load_fonts()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(f"{board.vote.symbol}: record of the vote")
    writer.setCreator("voteboard")
    writer.setDocumentXmpMetadata(QByteArray(xmp_packet(checkpoint)))
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(18, 18, 18, 18),
            QPageLayout.Unit.Millimeter,
        )
    )
    document = QTextDocument()
    # In points: the page numbers that print_ adds are drawn in the default font, and a size in
    # pixels is 1/1200 inch on the PDF writer (they printed at 0.9 pt).
    default = QFont(family)
    default.setPointSizeF(10)
    # No ligatures: "ff" in a hash printed as one glyph, copied back as U+FB00.
    default.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
    document.setDefaultFont(default)
    document.setHtml(record_html(board, roster, checkpoint))
    document.print_(writer)
    del writer  # finishes the document
    files.write_output(path, bytes(buffer.data().data()))
