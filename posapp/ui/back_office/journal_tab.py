"""The back office's Journal page: the tamper-evident journal, verified (on the worker: a long
one takes seconds) and exported. A part of BackOfficeWindow."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from posapp.services.shop import JournalRow
from posapp.ui.back_office.lists import fill_rows, list_table
from posapp.ui.back_office.screen import BackOfficeScreen


class JournalTab(BackOfficeScreen):
    def _journal_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.journal_table = list_table(
            [self.tr("#"), self.tr("When"), self.tr("What"), self.tr("Detail")]
        )
        layout.addWidget(self.journal_table, 1)
        buttons = QHBoxLayout()
        verify = QPushButton(self.tr("Verify the chain"))
        verify.clicked.connect(self.verify_journal)
        export = QPushButton(self.tr("Export as JSON lines…"))
        export.clicked.connect(self._ask_where_to_export)
        buttons.addWidget(verify)
        buttons.addWidget(export)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return page

    def _show_journal(self, rows: list[JournalRow]) -> None:
        fill_rows(
            self.journal_table,
            [
                [str(r.seq), f"{r.at:%Y-%m-%d %H:%M:%S}", r.kind.replace("_", " "), r.summary]
                for r in rows
            ],
        )

    def verify_journal(self) -> None:
        self.say(self.tr("verifying…"))

        def verified(problems: list[str]) -> None:
            if problems:
                self.say(self.tr("BROKEN: %s") % problems[0], error=True)
            else:
                self.say(self.tr("the journal's chain holds"))

        self._run(self._data.verify_journal, verified)

    def _ask_where_to_export(self) -> None:
        target, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the journal"), "journal.jsonl", "JSON lines (*.jsonl)"
        )
        if target:
            self.export_journal(Path(target))

    def export_journal(self, target: Path) -> None:
        self._run(
            lambda: self._data.export_journal(target),
            lambda count: self.say(self.tr("%s entries written to %s") % (count, target)),
        )
