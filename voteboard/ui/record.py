"""The record of a vote as a PDF, laid out like the voting annex of a General Assembly verbatim
record (A/ES-11/PV.14's "Recorded vote"), made with Qt's own PDF writer.

At the top the organisation, the document symbol, the title, the date and, where known, the
session and the meeting; "Recorded vote" or "Secret ballot"; then "In favour:", "Against:" and
"Abstaining:", each with its count and the members in board order under their official names
of the day, and those that did not vote or have no right to vote; the result with its
arithmetic, final or provisional; the corrections with their notes; at the foot the journal's
signed head. A secret ballot's record has its totals and who took part, never a member's choice.

In any of the six languages (core/record_words.py): the record's words, the members' names of
the day in that language, the day as the language writes it, its fonts; Arabic from right to
left, the head's table mirrored. What was recorded as it was written stays so: the vote's
symbol and title, an officer's note, a source's notes, and the signed head's values, which are
printed left to right in every language so that they can be typed back in.
"""

from __future__ import annotations

import html
import re
import string
import unicodedata
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from voteboard import files
from voteboard.core.board import Board
from voteboard.core.languages import Language, day_words
from voteboard.core.model import Choice, Light, Mode, Phase
from voteboard.core.names import Names
from voteboard.core.record_words import RecordWords, record_words
from voteboard.core.roster import Roster
from voteboard.core.symbols import session_code, session_words
from voteboard.core.tally import Result
from voteboard.core.wording import Translation
from voteboard.journal.records import xmp_packet
from voteboard.journal.store import Checkpoint
from voteboard.ui import theme
from voteboard.ui.image import ensure_gui_app

if TYPE_CHECKING:
    from PySide6.QtGui import QTextBlock, QTextDocument

_LISTED = (Light.YES, Light.NO, Light.ABSTAIN)
_KEEP = 1
"""A block's user state (`-qt-user-state`): keep it on the page of the block after it (a heading
with its first names, the lines of the signed head together)."""
_WHOLE = 2
"""A block's user state: never split across two pages (the result, a correction)."""
_NAMES = "-qt-block-indent: 1; margin-top: 0; margin-bottom: 0"
_MARGINS_MM = (20.0, 16.0, 20.0, 22.0)  # left, top, right, bottom (the foot's band within)
_FOOT_MM = 12.0  # from the bottom of the page to the baseline of the foot's line
_LRI, _PDI = "\u202a", "\u202c"
"""Unicode's left-to-right embedding: a command inside an Arabic sentence keeps its order.
(Not the isolates U+2066 and U+2069: no shipped font has them, so Qt took a glyph for them
from the machine's fonts, which a hall's machine may not have.)"""
_JOINER = "\u2060"
"""Unicode's word joiner: no line breaks there (it draws nothing, and is not copied)."""
_MEETING = re.compile(r"(?:(\d+)(?:st|nd|rd|th) plenary meeting|(Plenary meeting))(?:, (.+))?")
_VERBATIM = re.compile(r"Verbatim record (.+)")
"""The meeting as `ImportedVote.heading` words it in English, to word it in another language."""


def record_html(
    board: Board,
    roster: Roster | None = None,
    checkpoint: Checkpoint | None = None,
    *,
    session: str = "",
    meeting: str = "",
    language: Language = Language.EN,
    names: Names | None = None,
) -> str:
    """The record as the HTML that the PDF is made from. Members bear their full names in
    force on the day of the vote when the roster is given (the board shows shorter ones).
    `session` and `meeting` are printed under the symbol when known (an imported vote's
    source names them). At its foot, the journal's signed head (`checkpoint`), for
    `voteboard verify --head`. In `language`, with the members' names of the day in it from
    `names` (by default the catalog shipped with voteboard, where it loads)."""
    words = record_words(language)
    vote = board.vote
    labels = _codes_by_label(board, roster)
    if language is not Language.EN:
        board = Translation(language)(board)  # the arithmetic and a reveal's note, worded again
        names = names if names is not None else _shipped_names()
    board = _full_names(board, roster, language, names)
    e = html.escape
    rtl = language.right_to_left
    secret = vote.mode is Mode.SECRET
    families = ", ".join(f'"{family}"' for family in theme.families(language))
    direction = " dir='rtl'" if rtl else ""
    start, end = ("right", "left") if rtl else ("left", "right")
    organisation = _cell(words.organisation, 14, start)
    symbol = _cell(vote.symbol, 18, end)
    # Mirrored by hand in Arabic: Qt lays a right-to-left table out wrong (its cells collapse).
    mirrored = " dir='ltr'" if rtl else ""
    parts = [
        f"<html{direction}><body{direction} style='font-family: {families}; font-size: 10pt'>",
        f"<table{mirrored} width='100%' cellspacing='0' cellpadding='0'><tr>"
        + (symbol + organisation if rtl else organisation + symbol)
        + f"</tr><tr>{_cell(words.assembly, 12, start, colspan=2)}</tr></table><hr/>",
    ]
    when = [e(line) for line in _meeting_lines(vote.symbol, session, meeting, words) if line]
    if vote.date is not None:
        day = day_words(vote.date, language)
        when.append(e(words.dated.format(weekday=words.weekdays[vote.date.weekday()], day=day)))
    if when:
        parts.append(f"<p style='margin-top: 0'>{'<br/>'.join(when)}</p>")
    if vote.title:
        parts.append(
            f"<p{_as_written(vote.title, rtl)} style='font-size: 12pt; font-weight: bold; "
            f"margin-top: 6px'>{e(vote.title)}</p>"
        )
    parts.append(_heading(words.secret_ballot if secret else words.recorded_vote, margin=10))
    if board.phase is not Phase.LOCKED:
        parts.append(f"<p><b>{e(_status(board, words))}</b></p>")
    listed = board.phase is not Phase.CANCELLED  # a cancelled vote has no lists
    if listed and secret:
        took_part = [
            m.name
            for m in board.members
            if m.light is not Light.NONE and m.light is not Light.INELIGIBLE
        ]
        parts.append(_list(words, words.took_part, took_part))
        parts.append(
            f"<p style='{_NAMES}; font-size: 9pt; margin-top: 4px'>{e(words.secret_note)}</p>"
        )
    elif listed:
        counts = {
            Light.YES: board.totals.yes,
            Light.NO: board.totals.no,
            Light.ABSTAIN: board.totals.abstain,
        }
        for light in _LISTED:
            names_of = [m.name for m in board.members if m.light is light]
            parts.append(_list(words, words.lists[light], names_of, counts[light]))
        non_voting = [m.name for m in board.members if m.light is Light.NONE]
        parts.append(_list(words, words.lists[Light.NONE], non_voting))
    unable = [m.name for m in board.members if m.light is Light.INELIGIBLE]
    if unable:
        parts.append(_list(words, words.lists[Light.INELIGIBLE], unable))
    parts.append(_result(board, len(unable), words, rtl))
    if board.corrections:
        parts.append(_heading(words.corrections))
        parts.extend(
            f"<p style='{_NAMES}; margin-bottom: 4px; -qt-user-state: {_WHOLE}'>"
            f"{e(_correction(text, language, labels, board, names))}</p>"
            for text in board.corrections
        )
        parts.append(
            f"<p style='{_NAMES}; font-size: 9pt; margin-top: 2px'>{e(words.corrections_note)}</p>"
        )
    parts.append(_foot(checkpoint, words, rtl))
    parts.append("</body></html>")
    return "".join(parts)


def _cell(text: str, points: int, align: str, colspan: int = 1) -> str:
    """A cell of the head's table, in bold."""
    span = f" colspan='{colspan}'" if colspan > 1 else ""
    return (
        f"<td{span} align='{align}' style='font-size: {points}pt; font-weight: bold'>"
        f"{html.escape(text)}</td>"
    )


def _shipped_names() -> Names | None:
    """The members' names in the six languages shipped with voteboard, or None where they do
    not load (the record then names the members as the roster does, in English)."""
    try:
        from voteboard.resources import un_names

        return un_names()
    except (ImportError, OSError, ValueError):
        return None


def _as_written(text: str, rtl: bool) -> str:
    """The direction of a text printed as it was written (a title, a note) in a right-to-left
    record: its own, by its first letter, on the page's right-hand side."""
    if not rtl:
        return ""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return " dir='ltr' align='right'"
        if kind in ("R", "AL"):
            break
    return ""


def _meeting_lines(symbol: str, session: str, meeting: str, words: RecordWords) -> list[str]:
    """The session and the meeting in the record's language, as the sources' English gives
    them (`ImportedVote.heading`): worded again where their shape is known, else as given."""
    wording = words.meeting
    if wording is None:
        return [session, meeting]
    code = session_code(symbol, session)
    kind, _, number = code.rpartition("-")
    if session and session == session_words(code) and kind in wording.sessions:
        session = wording.sessions[kind].words(int(number), words.plural)
    if match := _MEETING.fullmatch(meeting):
        nth, _, record = match.groups()
        said = wording.meeting.words(int(nth), words.plural) if nth else wording.plenary
        meeting = f"{said}{words.comma}{record}" if record else said
    elif match := _VERBATIM.fullmatch(meeting):
        meeting = wording.verbatim_record.format(record=match[1])
    return [session, meeting]


def _status(board: Board, words: RecordWords) -> str:
    return {
        Phase.LOCKED: words.final,
        Phase.CLOSED: words.provisional_result,
        Phase.CANCELLED: words.cancelled,
    }.get(board.phase, words.not_ended)


def _result(board: Board, without_right: int, words: RecordWords, rtl: bool) -> str:
    """The result as the verbatim record states it ("Adopted by 143 votes to 5, with 35
    abstentions."), the majority required with its arithmetic, the membership and those that
    did not vote, and whether it is final; one statement a line, so that its text copies as
    it reads."""
    e = html.escape
    heading = _heading(words.result)
    if board.phase is Phase.CANCELLED:
        return heading + f"<p style='{_NAMES}'>{e(words.cancelled_result)}</p>"
    lines = []
    totals, outcome = board.totals, board.outcome
    if (
        totals.yes is not None
        and totals.no is not None
        and totals.abstain is not None
        and outcome is not None
        and outcome.result is not Result.NO_QUORUM
    ):
        verb = words.verbs[outcome.result]
        provisional = words.provisional if board.phase is not Phase.LOCKED else ""
        plural = words.plural
        stated = e(words.outcome[outcome.result]).format(
            verb=f"<b>{e(verb + provisional)}</b>",
            yes=e(words.votes.words(totals.yes, plural)),
            no=e(words.against.words(totals.no, plural)),
            abstain=e(words.abstentions.words(totals.abstain, plural)),
        )
        lines.append(f"<span style='font-size: 11pt'>{stated}</span>")
    if board.arithmetic:
        lines.append(f"<b>{e(board.arithmetic)}</b>")
    of_whom = words.without_right.words(without_right, words.plural) if without_right else ""
    membership = words.membership.format(
        members=totals.members, non_voting=totals.non_voting, without_right=of_whom
    )
    lines.append(e(membership))
    lines.append(e(words.sentence.format(text=_status(board, words))))
    if board.note:  # a source's notes as it wrote them, in their own direction
        lines.append(
            e(f"{_LRI}{board.note}{_PDI}" if rtl and _as_written(board.note, rtl) else board.note)
        )
    style = f"{_NAMES}; line-height: 130%; -qt-user-state: {_WHOLE}"  # on one page
    return heading + f"<p style='{style}'>{'<br/>'.join(lines)}</p>"


@cache
def _english_correction() -> re.Pattern[str]:
    """A correction as core/board.py states it in English (the record's English words)."""
    english = record_words(Language.EN)
    groups = {
        "name": "(?P<name>.+?)",
        "intended": "(?P<intended>" + "|".join(map(re.escape, english.intended.values())) + ")",
        "note": "(?:"
        + re.escape(english.correction_note).replace(r"\{note\}", "(?P<note>.*)")
        + ")?",
    }
    pattern = "".join(
        re.escape(literal) + (groups[field] if field else "")
        for literal, field, _, _ in string.Formatter().parse(english.correction)
    )
    return re.compile(pattern, re.DOTALL)


def _correction(
    text: str,
    language: Language,
    labels: Mapping[str, str],
    board: Board,
    names: Names | None,
) -> str:
    """A correction in the record's language, the member under its name there; as it was
    stated where its words are not the English ones of core/board.py."""
    if language is Language.EN:
        return text
    match = _english_correction().fullmatch(text)
    if match is None:
        return text
    english, words = record_words(Language.EN), record_words(language)
    intended: Choice | None = next(k for k, v in english.intended.items() if v == match["intended"])
    code = labels.get(match["name"])
    name = match["name"]
    local = names.names_of(code, language) if names is not None and code is not None else None
    if local is not None:
        name = local.on(board.vote.date).name
    note = match["note"]
    return words.correction.format(
        name=name,
        intended=words.intended[intended],
        note="" if note is None else words.correction_note.format(note=note),
    )


def _foot(checkpoint: Checkpoint | None, words: RecordWords, rtl: bool) -> str:
    """The signed head of the journal, printed so that it can be typed back in: each value on
    lines of its own, never broken inside (the signature in two halves, which `base64 -d`
    joins), left to right in every language, and all of it on one page."""
    keep = f"-qt-user-state: {_KEEP}"
    e = html.escape
    if checkpoint is None:
        return f"<hr/><p style='font-size: 9pt'>{e(words.no_checkpoint)}</p>"
    half = len(checkpoint.signature) // 2
    rows = (
        (words.head_label, [f"{checkpoint.seq}:{checkpoint.hash}"]),
        (words.journal_label, [checkpoint.text.split(":")[2]]),
        (words.signature_label, [checkpoint.signature[:half], checkpoint.signature[half:]]),
        (words.key_label, [checkpoint.hall_key]),
    )
    values = [v for _, row in rows for v in row]
    verbatim = " dir='ltr' align='right'" if rtl else ""
    lines = "".join(
        f"<p style='font-size: 8pt; margin-top: 6px; margin-bottom: 0; {keep}'>{e(label)}</p>"
        + "".join(
            f"<p{verbatim} style='font-size: 9pt; margin: 0; white-space: nowrap"
            + ("" if v is values[-1] else f"; {keep}")
            + f"'>{e(v)}</p>"
            for v in row
        )
        for label, row in rows
    )
    command = _unbroken(f"voteboard verify --head {checkpoint.seq}:HASH")
    check = words.head_check.replace("--head", _unbroken("--head"))
    check = check.format(command=f"{_LRI}{command}{_PDI}" if rtl else command)
    return (
        f"<hr/><p style='font-size: 9pt; {keep}'><b>{e(words.head_title)}</b> {e(check)}</p>"
        + lines
    )


def _unbroken(typed: str) -> str:
    """What is typed as it is printed (a command, an option) on one line: never broken at
    its spaces or after its hyphens (Chinese breaks a line after "--")."""
    return typed.replace(" ", f"{_JOINER} {_JOINER}").replace("-", f"-{_JOINER}")


def _codes_by_label(board: Board, roster: Roster | None) -> dict[str, str]:
    """The members' codes by the English names a correction may give them (core/board.py
    names a member by its board label)."""
    codes = {m.name: m.code for m in board.members}
    if roster is not None:
        codes.update({m.board_label: m.code for m in (*roster.members, *roster.former_members)})
    return codes


def _full_names(
    board: Board, roster: Roster | None, language: Language, names: Names | None
) -> Board:
    """The board's members under their official names of the day: in English the roster's;
    in another language the catalog's (`names`), the roster's where it does not know one."""
    if language is Language.EN:
        names = None
    if roster is None and names is None:
        return board
    day = board.vote.date
    members = []
    for member in board.members:
        known = roster.get(member.code) if roster is not None else None
        local = names.names_of(member.code, language) if names is not None else None
        if known is not None:
            name = (names.name_on(known, language, day) if names else known.name_on(day))[0]
        elif local is not None:
            name = local.on(day).name
        else:
            name = member.name
        members.append(member.model_copy(update={"name": name}))
    return board.model_copy(update={"members": tuple(members)})


def _list(words: RecordWords, heading: str, names: list[str], count: int | None = None) -> str:
    """A heading with its count, as the verbatim record's annex has it ("In favour: 143"), and
    the names after it. `count` is the official count where it is not the list's length (an
    imported vote whose source disagrees with itself): both are then printed."""
    body = html.escape(words.series.join(names) if names else words.nobody)
    said = words.counted_heading.format(
        heading=heading, count=len(names) if count is None else count
    )
    if count is not None and count != len(names):
        said += words.named.words(len(names), words.plural)
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
    language: Language = Language.EN,
    names: Names | None = None,
) -> None:
    """Writes the record as an A4 PDF, whole or not at all; refuses a target that is a
    journal, a database, a folder or a device (`files.OutputError`). The signed head is
    printed at its foot and kept in its XMP metadata. Each page ends with the symbol and its
    number; a heading is never left at the bottom of a page without its names. In `language`
    (`record_html`), in its fonts, Arabic from right to left."""
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
    words = record_words(language)
    family = theme.load_fonts()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(words.pdf_title.format(symbol=board.vote.symbol))
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
    rtl = language.right_to_left
    direction = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
    document = QTextDocument()
    document.documentLayout().setPaintDevice(writer)
    document.setIndentWidth(24)  # the names under a heading: 18 pt (in 1/96 inch)
    default = QFont(family)
    default.setFamilies(list(theme.families(language)))
    default.setPointSizeF(10)
    # No ligatures: "ff" in a hash printed as one glyph, copied back as U+FB00. Arabic must
    # be shaped (its letters joined, which no shaping undoes): only its ligatures are off.
    if rtl:
        for feature in ("liga", "dlig"):
            default.setFeature(QFont.Tag(feature), 0)
    else:
        default.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
    document.setDefaultFont(default)
    option = document.defaultTextOption()
    option.setTextDirection(direction)
    document.setDefaultTextOption(option)
    document.setHtml(
        record_html(
            board,
            roster,
            checkpoint,
            session=session,
            meeting=meeting,
            language=language,
            names=names,
        )
    )
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
    # Leading and trailing: in a right-to-left record, the symbol at the right, the page's
    # number at the left (the painter's direction turns the two round).
    start, end = Qt.AlignmentFlag.AlignLeading, Qt.AlignmentFlag.AlignTrailing
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
            painter.setLayoutDirection(direction)
            align = Qt.AlignmentFlag.AlignBottom
            painter.drawText(band, align | start, symbol)
            painter.drawText(band, align | end, words.page.format(number=number + 1, pages=pages))
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
