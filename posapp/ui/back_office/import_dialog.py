"""Importing a file (products, customers, suppliers…): every row is checked first (progress
bar), the problems are listed by row, column, value and reason, a preview shows what the good
rows will become, and only a file without problems can be imported — all of it, in one
transaction, with progress again."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from posapp.services.shared import ImportRefused, Progress, RowProblem
from posapp.ui.back_office.lists import RIGHT
from posapp.ui.db_worker import RunJob

PREVIEW_ROWS = 50


class _Progress(QObject):
    """Carries progress from the worker thread to the dialog (a queued signal)."""

    moved = Signal(str, int, int)


FileJob = Callable[[Path, Progress], Any]  # → a check: rows, problems, new


class ImportDialog(QDialog):
    """`check` reads the file and writes nothing; `write` imports it (or raises ImportRefused).
    `preview` turns a checked row into the cells under `preview_headers`."""

    finished_import = Signal(int)  # rows imported

    def __init__(
        self,
        parent: QWidget,
        what: str,
        path: Path,
        jobs: tuple[FileJob, FileJob],
        preview: tuple[Sequence[str], Callable[[Any], Sequence[str]]],
        run: RunJob,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("import-dialog")
        self.setWindowTitle(self.tr("Import %s from %s") % (what, path.name))
        self.resize(900, 600)
        self._what, self._path, self._run = what, path, run
        (self._check, self._write), (headers, self._cells) = jobs, preview
        self._progress = _Progress()
        self._progress.moved.connect(self._moved)
        self.stage = QLabel("")
        self.bar = QProgressBar()
        self.bar.setObjectName("import-progress")
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.problems = self._table(["Row", "Column", "Value", "Problem"])
        self.preview = self._table(["Row", *headers, ""])
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stage)
        layout.addWidget(self.bar)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(f"<b>{self.tr('Problems')}</b>"))
        layout.addWidget(self.problems, 1)
        layout.addWidget(QLabel(f"<b>{self.tr('Preview')}</b>"))
        layout.addWidget(self.preview, 2)
        layout.addLayout(buttons)

    def _table(self, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels([self.tr(h) for h in headers])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        return table

    def _moved(self, stage: str, done: int, total: int) -> None:
        self.stage.setText(self.tr("%s: %s of %s rows") % (stage, f"{done:,}", f"{total:,}"))
        self.bar.setMaximum(max(total, 1))
        self.bar.setValue(done)

    # -- check ------------------------------------------------------------------------------------
    def start_check(self) -> None:
        self.summary.setText(self.tr("checking every row…"))
        emit = self._progress.moved.emit
        self._run(lambda: self._check(self._path, emit), self._checked)

    def _checked(self, check: Any) -> None:
        self._show_problems(check.problems)
        rows = check.preview[:PREVIEW_ROWS]
        self.preview.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cells = (str(row.row), *self._cells(row))
            for column, text in enumerate(cells):
                self.preview.setItem(r, column, QTableWidgetItem(text))
        if check.problems:
            self.summary.setText(
                self.tr("%s problem(s): fix the file and open it again. Nothing was imported.")
                % len(check.problems)
            )
            self.summary.setStyleSheet("color: #b00020;")
        else:
            self.summary.setText(
                self.tr("%s rows are fine: %s new %s, %s changed.")
                % (
                    f"{check.checked:,}",
                    f"{check.new:,}",
                    self._what,
                    f"{check.checked - check.new:,}",
                )
            )
            self.import_button.setEnabled(True)

    def _show_problems(self, problems: list[RowProblem]) -> None:
        self.problems.setRowCount(len(problems))
        for r, problem in enumerate(problems):
            cells = (str(problem.row), problem.column, problem.value, problem.reason)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 0:
                    item.setTextAlignment(RIGHT)
                self.problems.setItem(r, column, item)

    # -- import -----------------------------------------------------------------------------------
    def start_import(self) -> None:
        self.import_button.setEnabled(False)
        self.summary.setText(self.tr("importing…"))
        emit = self._progress.moved.emit

        def job() -> Any:
            try:
                return self._write(self._path, emit)
            except ImportRefused as refused:  # the file changed since it was checked
                return refused

        self._run(job, self._imported)

    def _imported(self, result: Any) -> None:
        if isinstance(result, ImportRefused):
            self._show_problems(result.problems)
            self.summary.setText(str(result))
            self.summary.setStyleSheet("color: #b00020;")
            return
        self.summary.setText(self.tr("%s %s imported") % (f"{result.checked:,}", self._what))
        self.summary.setStyleSheet("color: #1b5e20;")
        self.finished_import.emit(result.checked)
