"""Reports in the back office: a report of the catalogue over a span of days, its net sales
charted, its rows a page at a time with the total of all of them under the page, and every row
saved to Excel, PDF or CSV."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.report_values import (
    DIMENSION_TITLES,
    number,
    shown,
)
from posapp.domain.reporting import (
    CATALOGUE,
    DRILL_MOST,
    DocumentRow,
    Kind,
    Measure,
    ReportPage,
    ReportRow,
    Value,
)
from posapp.domain.reporting import (
    TILL_GROSS as TOTAL,
)
from posapp.services.reporting import PAGE_ROWS, ReportsAdmin
from posapp.ui.back_office.lists import day_picker, fill_table, list_table, stretch_column
from posapp.ui.db_worker import RunJob, Say
from posapp.ui.widgets.bar_chart import BarChart

CHARTED = 31  # bars: a month of days, or the largest rows of a ranked report


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(picked: QDate) -> date:
    return date(picked.year(), picked.month(), picked.day())


class ReportsPage(QWidget):
    def __init__(self, admin: ReportsAdmin, run: RunJob, say: Say) -> None:
        super().__init__()
        self.setObjectName("reports-page")
        self._admin, self._run, self._say = admin, run, say
        self.currency = admin.currency()
        self.page: ReportPage | None = None
        layout = QVBoxLayout(self)
        layout.addLayout(self._choices())
        split = QSplitter()
        split.setOrientation(split.orientation().Vertical)
        self.chart = BarChart()
        self.chart.setObjectName("reports-chart")
        split.addWidget(self.chart)
        self.table = list_table([""])
        self.table.setObjectName("reports-table")
        self.table.cellDoubleClicked.connect(lambda row, _: self.drill(row))
        self.table.setToolTip(self.tr("Double-click a row for the sales and returns behind it"))
        self.documents: DocumentsDialog | None = None
        split.addWidget(self.table)
        split.setSizes([220, 400])
        layout.addWidget(split, 1)
        layout.addLayout(self._paging())

    def _choices(self) -> QHBoxLayout:
        top = QHBoxLayout()
        self.report = QComboBox()
        self.report.setObjectName("reports-choice")
        for name, definition in CATALOGUE.items():
            self.report.addItem(self.tr(definition.title), name)
        self.report.currentIndexChanged.connect(lambda _: self.load())
        top.addWidget(self.report, 1)
        self.first = day_picker("reports-from", self.load)
        self.last = day_picker("reports-to", self.load)
        today = self._admin.today()
        for picker, day in ((self.first, today - timedelta(days=29)), (self.last, today)):
            picker.blockSignals(True)
            picker.setDate(_qdate(day))
            picker.blockSignals(False)
        top.addWidget(QLabel(self.tr("from")))
        top.addWidget(self.first)
        top.addWidget(QLabel(self.tr("to")))
        top.addWidget(self.last)
        for label, days in (
            (self.tr("Today"), 0),
            (self.tr("7 days"), 6),
            (self.tr("30 days"), 29),
        ):
            button = QPushButton(label)
            button.clicked.connect(lambda _=False, d=days: self.span(d))
            top.addWidget(button)
        for kind in ("xlsx", "pdf", "csv"):
            button = QPushButton(self.tr("Save as %s…") % kind.upper().replace("XLSX", "Excel"))
            button.setObjectName(f"reports-save-{kind}")
            button.clicked.connect(lambda _=False, k=kind: self.save(k))
            top.addWidget(button)
        return top

    def _paging(self) -> QHBoxLayout:
        bottom = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setObjectName("reports-summary")
        bottom.addWidget(self.summary, 1)
        self.previous = QPushButton(self.tr("Previous"))
        self.previous.clicked.connect(lambda: self.load(self._offset() - PAGE_ROWS))
        self.next = QPushButton(self.tr("Next"))
        self.next.clicked.connect(lambda: self.load(self._offset() + PAGE_ROWS))
        bottom.addWidget(self.previous)
        bottom.addWidget(self.next)
        return bottom

    def _offset(self) -> int:
        return 0 if self.page is None else self.page.offset

    def span(self, days: int) -> None:
        """The last `days` + 1 days up to the store's today."""
        today = self._admin.today()
        self.last.blockSignals(True)
        self.last.setDate(_qdate(today))
        self.last.blockSignals(False)
        self.first.setDate(_qdate(today - timedelta(days=days)))

    def load(self, offset: int = 0) -> None:
        name = str(self.report.currentData())
        first, last = _day(self.first.date()), _day(self.last.date())
        self._run(
            lambda: self._admin.open(name, first, last, offset=max(offset, 0), limit=PAGE_ROWS),
            self._show,
        )

    def _show(self, page: ReportPage) -> None:
        self.page = page
        measures = page.report.measures
        headers = [DIMENSION_TITLES[page.report.dimension]] + [self.tr(m.title) for m in measures]
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setProperty("right_columns", tuple(range(1, len(headers))))
        stretch_column(self.table, 0)
        rows = [self._cells(row) for row in page.rows] + [self._cells(page.total)]
        fill_table(self.table, rows)
        bold = QFont(self.table.font())
        bold.setBold(True)
        for column in range(len(headers)):
            item = self.table.item(len(rows) - 1, column)
            if item is not None:
                item.setFont(bold)
        self._chart(page)
        end = page.offset + len(page.rows)
        text = self.tr("Rows %s–%s of %s") % (min(page.offset + 1, end), end, f"{page.row_count:,}")
        if page.cost_pending:
            text += self.tr(" · some goods sold are not costed yet: the margin is not final")
        self.summary.setText(text)
        self.previous.setEnabled(page.offset > 0)
        self.next.setEnabled(end < page.row_count)

    def _cells(self, row: ReportRow) -> tuple[str, ...]:
        measures = self.page.report.measures if self.page else ()
        return (row.label, *(shown(m, row.values.get(m.name), self.currency) for m in measures))

    def _chart(self, page: ReportPage) -> None:
        rows = page.rows[:CHARTED] if page.report.ranked_by else page.rows[-CHARTED:]
        measure = page.report.charted
        values = [_plotted(measure, r.values.get(measure.name), self.currency) for r in rows]
        title = self.tr(measure.title)
        if measure.kind is Kind.MONEY:
            title += f" ({self.currency})"
        self.chart.show_values(title, [r.label for r in rows], values)

    def drill(self, row: int) -> None:
        """The sales and returns behind a row (not the total), in a window of their own."""
        page = self.page
        if page is None or not 0 <= row < len(page.rows):
            return
        shown = page.rows[row]
        report, first, last = page.report.name, page.first, page.last

        def show(found: list[DocumentRow]) -> None:
            self.documents = DocumentsDialog(self, shown.label, found, self.currency)
            self.documents.show()

        self._run(lambda: self._admin.drill_down(report, shown.key, first, last), show)

    def save(self, kind: str) -> None:
        page = self.page
        if page is None:
            self._say(self.tr("open a report first"), error=True)
            return
        suggested = f"{page.report.name}_{page.first}_{page.last}.{kind}"
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Save the report"), suggested)
        if chosen:
            self.save_to(Path(chosen))

    def save_to(self, path: Path) -> None:
        """Every row of the report shown (not only this page) into `path`."""
        page = self.page
        if page is None:
            return
        first_page = page if page.offset == 0 else None
        self._run(
            lambda: self._admin.export(
                first_page or self._admin.open(page.report.name, page.first, page.last), path
            ),
            lambda written: self._say(self.tr("%s row(s) saved to %s") % (f"{written:,}", path)),
        )


class DocumentsDialog(QDialog):
    """The documents behind a report's row: number, local time, kind, cashier and total."""

    def __init__(
        self, parent: QWidget, label: str, found: list[DocumentRow], currency: str
    ) -> None:
        super().__init__(parent)
        self.setObjectName("report-documents")
        self.setWindowTitle(self.tr("Sales and returns behind %s") % label)
        self.resize(720, 480)
        column = QVBoxLayout(self)
        headers = ("Number", "Time", "Kind", "Cashier", "Total")
        self.table = list_table([self.tr(h) for h in headers], right=(4,))
        stretch_column(self.table, 0)
        listed = found[:DRILL_MOST]
        fill_table(
            self.table,
            [
                (
                    row.number,
                    row.at.strftime("%Y-%m-%d %H:%M"),
                    self.tr("Return") if row.kind == "RETURN" else self.tr("Sale"),
                    row.cashier,
                    shown(TOTAL, row.total_minor, currency),
                )
                for row in listed
            ],
        )
        column.addWidget(self.table, 1)
        more = self.tr("the newest %s are listed") % DRILL_MOST if len(found) > DRILL_MOST else ""
        column.addWidget(QLabel(more or self.tr("%s document(s)") % len(listed)))


def _plotted(measure: Measure, value: Value, currency: str) -> float:
    """A bar's height: the value as a person reads it (a class or nothing: no bar)."""
    found = number(measure, value, currency)
    return float(found) if isinstance(found, int | Decimal) else 0.0
