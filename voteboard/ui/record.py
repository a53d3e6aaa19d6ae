"""The record of a vote as a PDF, laid out like the voting annex of a General Assembly verbatim
record (A/ES-11/PV.14's "Recorded vote"), made with Qt's own PDF writer.

At the top the organisation, the document symbol, the title, the date and, where known, the
session and the meeting; "Recorded vote" or "Secret ballot"; then "In favour:", "Against:" and
"Abstaining:", each with its count and the members in board order under their official names
of the day, and those that did not vote or have no right to vote; the result with its
arithmetic, final or provisional; the corrections with their notes; at the foot the journal's
signed head. A secret ballot's record has its totals and who took part, never a member's choice.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from voteboard import files
from voteboard.core.board import Board
from voteboard.core.model import Light, Mode, Phase
from voteboard.core.roster import Roster
from voteboard.core.tally import Result
from voteboard.journal.records import xmp_packet
from voteboard.journal.store import Checkpoint
from voteboard.ui import theme
from voteboard.ui.image import ensure_gui_app

if TYPE_CHECKING:
    from PySide6.QtGui import QTextBlock, QTextDocument

_HEADINGS = (
    (Light.YES, "In favour"),
    (Light.NO, "Against"),
    (Light.ABSTAIN, "Abstaining"),
)
_KEEP = 1
"""A block's user state (`-qt-user-state`): keep it on the page of the block after it (a heading
with its first names, the lines of the signed head together)."""
_WHOLE = 2
"""A block's user state: never split across two pages (the result, a correction)."""
_NAMES = "-qt-block-indent: 1; margin-top: 0; margin-bottom: 0"
_MARGINS_MM = (20.0, 16.0, 20.0, 22.0)  # left, top, right, bottom (the foot's band within)
_FOOT_MM = 12.0  # from the bottom of the page to the baseline of the foot's line


def record_html(
    board: Board,
    roster: Roster | None = None,
    checkpoint: Checkpoint | None = None,
    *,
    session: str = "",
    meeting: str = "",
) -> str:
    """The record as the HTML that the PDF is made from. Members bear their full names in
    force on the day of the vote when the roster is given (the board shows shorter ones).
    `session` and `meeting` are printed under the symbol when known (an imported vote's
    source names them). At its foot, the journal's signed head (`checkpoint`), for
    `voteboard verify --head`."""
    vote = board.vote
    if roster is not None:
        board = _full_names(board, roster)
    e = html.escape
    secret = vote.mode is Mode.SECRET
    parts = [
        "<html><body style='font-family: \"DejaVu Sans Condensed\"; font-size: 10pt'>",
        "<table width='100%' cellspacing='0' cellpadding='0'><tr>"
        "<td style='font-size: 14pt; font-weight: bold'>United Nations</td>"
        "<td align='right' style='font-size: 18pt; font-weight: bold'>"
        f"{e(vote.symbol)}</td></tr>"
        "<tr><td colspan='2' style='font-size: 12pt; font-weight: bold'>General Assembly</td>"
        "</tr></table><hr/>",
    ]
    when = [e(line) for line in (session, meeting) if line]
    if vote.date is not None:
        when.append(f"{vote.date:%A}, {vote.date.day} {vote.date:%B %Y}")
    if when:
        parts.append(f"<p style='margin-top: 0'>{'<br/>'.join(when)}</p>")
    if vote.title:
        parts.append(
            f"<p style='font-size: 12pt; font-weight: bold; margin-top: 6px'>{e(vote.title)}</p>"
        )
    parts.append(_heading("Secret ballot" if secret else "Recorded vote", margin=10))
    if board.phase is not Phase.LOCKED:
        parts.append(f"<p><b>{e(_status(board))}</b></p>")
    listed = board.phase is not Phase.CANCELLED  # a cancelled vote has no lists
    if listed and secret:
        took_part = [
            m.name
            for m in board.members
            if m.light is not Light.NONE and m.light is not Light.INELIGIBLE
        ]
        parts.append(_list("Members that took part in the ballot", took_part))
        parts.append(
            f"<p style='{_NAMES}; font-size: 9pt; margin-top: 4px'>"
            "A secret ballot: no member's choice is recorded, only who took part.</p>"
        )
    elif listed:
        counts = {
            Light.YES: board.totals.yes,
            Light.NO: board.totals.no,
            Light.ABSTAIN: board.totals.abstain,
        }
        for light, heading in _HEADINGS:
            names = [m.name for m in board.members if m.light is light]
            parts.append(_list(heading, names, counts[light]))
        parts.append(_list("Non-voting", [m.name for m in board.members if m.light is Light.NONE]))
    unable = [m.name for m in board.members if m.light is Light.INELIGIBLE]
    if unable:
        parts.append(_list("Without the right to vote (Article 19 of the Charter)", unable))
    parts.append(_result(board, len(unable)))
    if board.corrections:
        parts.append(_heading("Corrections"))
        parts.extend(
            f"<p style='{_NAMES}; margin-bottom: 4px; -qt-user-state: {_WHOLE}'>{e(text)}</p>"
            for text in board.corrections
        )
        parts.append(
            f"<p style='{_NAMES}; font-size: 9pt; margin-top: 2px'>Corrections are recorded; "
            "they do not change the result.</p>"
        )
    parts.append(_foot(checkpoint))
    parts.append("</body></html>")
    return "".join(parts)


def _status(board: Board) -> str:
    return {
        Phase.LOCKED: "This result is final: it was locked at the end of the vote",
        Phase.CLOSED: "Provisional result: voting closed, the result is not yet locked",
        Phase.CANCELLED: "The vote was cancelled",
    }.get(board.phase, "Voting has not ended: this is not a result")


def _result(board: Board, without_right: int) -> str:
    """The result as the verbatim record states it ("Adopted by 143 votes to 5, with 35
    abstentions."), the majority required with its arithmetic, the membership and those that
    did not vote, and whether it is final; one statement a line, so that its text copies as
    it reads."""
    e = html.escape
    heading = _heading("Result")
    if board.phase is Phase.CANCELLED:
        return heading + (
            f"<p style='{_NAMES}'>None: the vote was cancelled, and no list of votes is "
            "recorded.</p>"
        )
    lines = []
    totals, outcome = board.totals, board.outcome
    if (
        totals.yes is not None
        and totals.no is not None
        and totals.abstain is not None
        and outcome is not None
        and outcome.result is not Result.NO_QUORUM
    ):
        verb = "Adopted" if outcome.result is Result.ADOPTED else "Rejected"
        provisional = " (provisional)" if board.phase is not Phase.LOCKED else ""
        lines.append(
            f"<span style='font-size: 11pt'><b>{verb}{provisional}</b> by "
            f"{_votes(totals.yes)} to {totals.no or 'none'}, "
            f"with {_abstentions(totals.abstain)}.</span>"
        )
    if board.arithmetic:
        lines.append(f"<b>{e(board.arithmetic)}</b>")
    of_whom = f", of whom {without_right} without the right to vote" if without_right else ""
    lines.append(f"Total membership: {totals.members}; non-voting: {totals.non_voting}{of_whom}.")
    lines.append(f"{e(_status(board))}.")
    if board.note:
        lines.append(e(board.note))
    style = f"{_NAMES}; line-height: 130%; -qt-user-state: {_WHOLE}"  # on one page
    return heading + f"<p style='{style}'>{'<br/>'.join(lines)}</p>"


def _votes(count: int | None) -> str:
    return f"{count} vote" if count == 1 else f"{count} votes"


def _abstentions(count: int | None) -> str:
    if count == 0:
        return "no abstentions"
    return f"{count} abstention" if count == 1 else f"{count} abstentions"


def _foot(checkpoint: Checkpoint | None) -> str:
    """The signed head of the journal, printed so that it can be typed back in: each value on
    lines of its own, never broken inside (the signature in two halves, which `base64 -d`
    joins), and all of it on one page."""
    keep = f"-qt-user-state: {_KEEP}"
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
    values = [v for _, row in rows for v in row]
    lines = "".join(
        f"<p style='font-size: 8pt; margin-top: 6px; margin-bottom: 0; {keep}'>"
        f"{html.escape(label)}</p>"
        + "".join(
            "<p style='font-size: 9pt; margin: 0; white-space: nowrap"
            + ("" if v is values[-1] else f"; {keep}")
            + f"'>{html.escape(v)}</p>"
            for v in row
        )
        for label, row in rows
    )
    return (
        f"<hr/><p style='font-size: 9pt; {keep}'><b>The journal's head, signed by the hall.</b> "
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


def _list(heading: str, names: list[str], count: int | None = None) -> str:
    """A heading with its count, as the verbatim record's annex has it ("In favour: 143"), and
    the names after it. `count` is the official count where it is not the list's length (an
    imported vote whose source disagrees with itself): both are then printed."""
    body = ", ".join(html.escape(n) for n in names) if names else "None"
    said = f"{heading}: {len(names) if count is None else count}"
    if count is not None and count != len(names):
        said += f" ({len(names)} named)"
    return f"{_heading(said)}<p align='justify' style='{_NAMES}'>{body}</p>"


def _heading(text: str, margin: int = 12) -> str:
    # Not <h2>: Qt sizes a heading tag relative to the document's pixel metrics, and on the
    # PDF writer's 1200 dpi a heading came out at 1.4 pt whatever its font-size said.
    return (
        f"<p style='font-size: 12pt; font-weight: bold; margin-top: {margin}px; "
        f"margin-bottom: 3px; -qt-user-state: {_KEEP}'>{html.escape(text)}</p>"
    )


def write_pdf(
    board: Board,
    path: Path,
    roster: Roster | None = None,
    checkpoint: Checkpoint | None = None,
    *,
    session: str = "",
    meeting: str = "",
) -> None:
    """Writes the record as an A4 PDF, whole or not at all; refuses a target that is a
    journal, a database, a folder or a device (`files.OutputError`). The signed head is
    printed at its foot and kept in its XMP metadata. Each page ends with the symbol and its
    number; a heading is never left at the bottom of a page without its names."""
    ensure_gui_app()
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt
    from PySide6.QtGui import (
        QFont,
        QFontMetricsF,
        QPageLayout,
        QPageSize,
        QPainter,
        QPdfWriter,
        QPen,
        QTextDocument,
    )

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
            QMarginsF(0, 0, 0, 0),
            QPageLayout.Unit.Millimeter,
        )
    )
    # Laid out on the writer itself (1/1200 inch), so that sizes in points are points on
    # paper (a size in pixels would be 1/1200 inch), a page of the layout being a whole page
    # with its margins (as QTextDocument.print_ does): a page's lines are far from its edges,
    # and none is drawn, clipped, on the next (which pdftotext would read).
    width, height = writer.width(), writer.height()
    dots = writer.resolution() / 25.4  # per mm
    document = QTextDocument()
    document.documentLayout().setPaintDevice(writer)
    document.setIndentWidth(24)  # the names under a heading: 18 pt (in 1/96 inch)
    default = QFont(family)
    default.setPointSizeF(10)
    # No ligatures: "ff" in a hash printed as one glyph, copied back as U+FB00.
    default.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
    document.setDefaultFont(default)
    document.setHtml(record_html(board, roster, checkpoint, session=session, meeting=meeting))
    frame = document.rootFrame().frameFormat()
    left, top, right, bottom = (mm / 25.4 * 96 for mm in _MARGINS_MM)  # scaled to the writer
    frame.setLeftMargin(left)
    frame.setTopMargin(top)
    frame.setRightMargin(right)
    frame.setBottomMargin(bottom)
    document.rootFrame().setFrameFormat(frame)
    document.setPageSize(QSizeF(width, height))
    _keep_with_next(document, height)
    pages = document.pageCount()
    small = QFont(default)
    small.setPointSizeF(9)
    metrics = QFontMetricsF(small, writer)
    text_left = _MARGINS_MM[0] * dots
    text_width = width - (_MARGINS_MM[0] + _MARGINS_MM[2]) * dots
    symbol = metrics.elidedText(board.vote.symbol, Qt.TextElideMode.ElideMiddle, text_width * 0.7)
    band = QRectF(text_left, height - (_FOOT_MM + 6) * dots, text_width, 6 * dots)
    painter = QPainter(writer)
    try:
        for number in range(pages):
            if number:
                writer.newPage()
            painter.save()
            painter.translate(0, -number * height)
            document.drawContents(painter, QRectF(0, number * height, width, height))
            painter.restore()
            painter.setPen(QPen(Qt.GlobalColor.gray, writer.resolution() / 144))
            painter.drawLine(band.topLeft(), band.topRight())
            painter.setPen(Qt.GlobalColor.black)
            painter.setFont(small)
            align = Qt.AlignmentFlag.AlignBottom
            painter.drawText(band, align | Qt.AlignmentFlag.AlignLeft, symbol)
            painter.drawText(
                band, align | Qt.AlignmentFlag.AlignRight, f"Page {number + 1} of {pages}"
            )
    finally:
        painter.end()
    del writer  # finishes the document
    files.write_output(path, bytes(buffer.data().data()))


def _keep_with_next(document: QTextDocument, page: float) -> None:
    """Keeps each run of blocks marked `_KEEP` (and rules) on the page of the first two lines
    of the block after it (of all of it if it is to be kept `_WHOLE`), and each `_WHOLE` block
    on one page, moving it to the next page where it would be split: a heading is never
    printed at a page's foot without its names, a correction never without its note, the
    signed head never in two parts. From the top down, laid out again after each move."""
    from PySide6.QtGui import QTextBlockFormat, QTextCursor, QTextFormat

    layout = document.documentLayout()
    ruler = QTextFormat.Property.BlockTrailingHorizontalRulerWidth
    blocks = []
    block = document.begin()
    while block.isValid():
        blocks.append(block)
        block = block.next()

    def kept(block: QTextBlock) -> bool:
        return block.userState() == _KEEP or block.blockFormat().hasProperty(ruler)

    def end(block: QTextBlock) -> float:
        line = -1 if block.userState() == _WHOLE else 1
        return layout.blockBoundingRect(block).top() + _line_bottom(block, line)

    def keep(first: QTextBlock, last: QTextBlock) -> None:
        document.pageCount()  # lays out again what a move before changed
        top = layout.blockBoundingRect(first).top() + _line_top(first, 0)
        bottom = end(last)
        if top // page != (bottom - 1) // page and bottom - top <= page:
            fmt = QTextBlockFormat()
            fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            QTextCursor(first).mergeBlockFormat(fmt)

    i = 0
    while i < len(blocks):
        if kept(blocks[i]):
            last = i
            while last + 1 < len(blocks) and kept(blocks[last + 1]):
                last += 1
            if last + 1 < len(blocks):
                keep(blocks[i], blocks[last + 1])
            i = last + 1
        else:
            if blocks[i].userState() == _WHOLE:
                keep(blocks[i], blocks[i])
            i += 1


def _line_top(block: QTextBlock, line: int) -> float:
    lines = block.layout()
    if lines is None or not lines.lineCount():
        return 0.0
    return float(lines.lineAt(min(line, lines.lineCount() - 1)).rect().top())


def _line_bottom(block: QTextBlock, line: int) -> float:
    """The bottom of a block's line (from the block's top; -1 or past the end: the last)."""
    lines = block.layout()
    if lines is None or not lines.lineCount():
        return 0.0
    count = lines.lineCount()
    return float(lines.lineAt(count - 1 if line < 0 else min(line, count - 1)).rect().bottom())
