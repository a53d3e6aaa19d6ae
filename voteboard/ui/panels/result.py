"""The result of the vote, with its arithmetic and corrections, and its record as a PDF."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from voteboard.core.board import board_of_vote
from voteboard.core.decide import PHASE_WORDS
from voteboard.core.languages import Language
from voteboard.core.model import Phase
from voteboard.core.state import AssemblyState
from voteboard.files import OutputError
from voteboard.ui.controller import Controller
from voteboard.ui.record import write_pdf


class ResultPanel(QGroupBox):
    """Shows the board's result as the hall reads it; saves the record."""

    refusal = Signal(str)
    notice = Signal(str)

    def __init__(self, controller: Controller) -> None:
        super().__init__("Result")
        self.controller = controller
        layout = QHBoxLayout(self)
        self.result = QLabel()
        self.result.setObjectName("result")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # Four lines, always: the preview above never changes size when the result appears.
        self.result.setFixedHeight(self.result.fontMetrics().lineSpacing() * 4 + 4)
        layout.addWidget(self.result, 1)
        self.save_pdf = QPushButton("Save the record as P&DF…")
        self.save_pdf.setObjectName("save-pdf")
        self.save_pdf.clicked.connect(self._save_pdf_dialog)
        # The record in any of the six languages (the hall board's language is the desk's
        # choice for the hall; a record is often wanted in another).
        self.record_language = QComboBox()
        self.record_language.setObjectName("record-language")
        self.record_language.setToolTip("The language of the record")
        for language in Language:
            self.record_language.addItem(language.words.own_name, language)
        self.record_language.setCurrentIndex(list(Language).index(Language.EN))
        column = QVBoxLayout()
        column.addWidget(self.save_pdf)
        column.addWidget(self.record_language)
        column.addStretch(1)
        layout.addLayout(column)
        controller.state_changed.connect(self.show_state)
        self.show_state(controller.state)

    @Slot(object)
    def show_state(self, state: AssemblyState) -> None:
        vote = state.current_vote or state.last_vote
        if vote is None or vote.phase not in (Phase.CLOSED, Phase.LOCKED, Phase.CANCELLED):
            self.result.setText("The result appears here when voting closes.")
            self.save_pdf.setEnabled(vote is not None and vote.phase is not Phase.PREPARED)
            return
        e = html.escape
        lines = [f"<b>{e(vote.spec.symbol)}</b> — {e(PHASE_WORDS[vote.phase])}"]
        if vote.phase is Phase.CANCELLED:
            lines.append("The vote was cancelled: it has no result.")
        elif vote.totals is not None:
            totals = vote.totals
            lines.append(
                f"Yes {totals.yes} · No {totals.no} · Abstentions {totals.abstain} · "
                f"Non-voting {vote.members - totals.ballots}"
            )
            outcome = vote.outcome()
            if outcome is not None:
                lines.append(f"<b>{e(outcome.arithmetic)}</b>")
            if vote.phase is Phase.CLOSED:
                lines.append("Provisional until the result is locked.")
        corrections = board_of_vote(vote, state.roster).corrections if vote.corrections else ()
        if corrections:
            lines.append(f"Corrections ({len(corrections)}): {e(corrections[-1])}")
        self.result.setText("<br/>".join(lines))
        self.result.setToolTip("\n".join(corrections))
        self.save_pdf.setEnabled(True)

    @property
    def language(self) -> Language:
        """The language the record is saved in."""
        return list(Language)[max(self.record_language.currentIndex(), 0)]

    def save_pdf_file(self, path: Path) -> bool:
        vote = self.controller.vote
        if vote is None:
            self.refusal.emit("There is no vote to record yet")
            return False
        try:
            write_pdf(
                self.controller.board,
                path,
                self.controller.roster,
                self.controller.checkpoint,
                language=self.language,
            )
        except OutputError as exc:
            self.refusal.emit(f"The record was not saved: {exc}")
            return False
        except OSError as exc:
            self.refusal.emit(f"The record was not saved: {exc.strerror or exc}")
            return False
        self.notice.emit(f"The record of {vote.spec.symbol} was saved in {path}")
        return True

    @Slot()
    def _save_pdf_dialog(self) -> None:
        vote = self.controller.vote
        suggested = vote.spec.symbol.replace("/", "-") if vote else "record"
        if self.language is not Language.EN:
            suggested += f"-{self.language.value}"
        suggested += ".pdf"
        name, _ = QFileDialog.getSaveFileName(self, "The record", suggested, "PDF (*.pdf)")
        if name:
            self.save_pdf_file(Path(name))
