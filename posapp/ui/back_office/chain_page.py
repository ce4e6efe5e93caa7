"""The chain's lists in the back office opened on head office's data: each product's stock in
every store (a column per store, filtered as you type), the sales and returns of a span across
the stores, and what head office flagged of the tills' uploads."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.money import Money
from posapp.domain.quantity import Quantity
from posapp.services.reporting import ChainAdmin, ChainDocument, ChainFlag, StoreStock
from posapp.ui.back_office.lists import day_picker, fill_table, list_table, stretch_column
from posapp.ui.db_worker import RunJob, Say

PAGE_SIZE = 200


def _quantity(thousandths: int) -> str:
    return str(Quantity.from_thousandths(thousandths))


def _paging(
    page: QWidget, back: Callable[[], None], on: Callable[[], None]
) -> tuple[QHBoxLayout, QLabel]:
    row = QHBoxLayout()
    label = QLabel("")
    previous, following = QPushButton(page.tr("◀ Previous")), QPushButton(page.tr("Next ▶"))
    previous.clicked.connect(back)
    following.clicked.connect(on)
    row.addWidget(label, 1)
    row.addWidget(previous)
    row.addWidget(following)
    return row, label


class ChainPage(QWidget):
    def __init__(self, admin: ChainAdmin, run: RunJob, say: Say) -> None:
        super().__init__()
        self.setObjectName("chain-page")
        self._admin, self._run, self._say = admin, run, say
        self.currency = admin.currency()
        self.stock_rows: list[StoreStock] = []
        self.documents: list[ChainDocument] = []
        self.flags: list[ChainFlag] = []
        self.stock_offset = self.documents_offset = 0
        layout = QVBoxLayout(self)
        self.heading = QLabel(admin.stores())
        self.heading.setObjectName("chain-heading")
        layout.addWidget(self.heading)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._stock_tab(), self.tr("Stock across stores"))
        self.tabs.addTab(self._documents_tab(), self.tr("Documents"))
        self.tabs.addTab(self._flags_tab(), self.tr("Flags"))
        layout.addWidget(self.tabs, 1)

    # -- stock -------------------------------------------------------------------------------
    def _stock_tab(self) -> QWidget:
        tab = QWidget()
        column = QVBoxLayout(tab)
        self.search = QLineEdit()
        self.search.setObjectName("chain-stock-search")
        self.search.setPlaceholderText(self.tr("Filter by SKU or name…"))
        self._typing = QTimer(self, singleShot=True, interval=200)
        self._typing.timeout.connect(lambda: self.load_stock(0))
        self.search.textChanged.connect(lambda _: self._typing.start())
        column.addWidget(self.search)
        self.stock_table = list_table([self.tr("SKU"), self.tr("Name"), self.tr("Total")])
        self.stock_table.setObjectName("chain-stock")
        column.addWidget(self.stock_table, 1)
        paging, self.stock_label = _paging(
            self,
            lambda: self.load_stock(max(0, self.stock_offset - PAGE_SIZE)),
            lambda: self.load_stock(self.stock_offset + PAGE_SIZE),
        )
        column.addLayout(paging)
        return tab

    def load_stock(self, offset: int) -> None:
        typed = self.search.text()

        def shown(found: tuple[int, list[StoreStock]]) -> None:
            if typed != self.search.text():
                return  # typed on meanwhile: the newer answer counts
            count, self.stock_rows = found
            self.stock_offset = offset
            self._show_stock(count)

        self._run(
            lambda: self._admin.stock(typed, offset=offset, limit=PAGE_SIZE),
            shown,
        )

    def _show_stock(self, count: int) -> None:
        stores = sorted({store for row in self.stock_rows for store in row.stores})
        headers = [self.tr("SKU"), self.tr("Name"), *stores, self.tr("Total")]
        table = self.stock_table
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setProperty("right_columns", tuple(range(2, len(headers))))
        stretch_column(table, 1)
        fill_table(
            table,
            [
                (
                    row.sku,
                    row.name,
                    *(_quantity(row.stores[s]) if s in row.stores else "" for s in stores),
                    _quantity(row.total_milli),
                )
                for row in self.stock_rows
            ],
        )
        shown = len(self.stock_rows)
        first = self.stock_offset + 1 if shown else 0
        self.stock_label.setText(
            self.tr("Products %1–%2 of %3")
            .replace("%1", f"{first:,}")
            .replace("%2", f"{self.stock_offset + shown:,}")
            .replace("%3", f"{count:,}")
        )

    # -- documents ---------------------------------------------------------------------------
    def _documents_tab(self) -> QWidget:
        tab = QWidget()
        column = QVBoxLayout(tab)
        span = QHBoxLayout()
        self.last_day = day_picker("chain-documents-to", lambda: self.load_documents(0))
        self.first_day = day_picker("chain-documents-from", lambda: self.load_documents(0))
        self.first_day.setDate(QDate.currentDate().addDays(-6))  # the last seven days
        span.addWidget(QLabel(self.tr("From")))
        span.addWidget(self.first_day)
        span.addWidget(QLabel(self.tr("to")))
        span.addWidget(self.last_day)
        span.addStretch(1)
        column.addLayout(span)
        headers = ("Number", "Store", "Time", "Kind", "Cashier", "Total")
        self.documents_table = list_table([self.tr(h) for h in headers], right=(5,))
        self.documents_table.setObjectName("chain-documents")
        column.addWidget(self.documents_table, 1)
        paging, self.documents_label = _paging(
            self,
            lambda: self.load_documents(max(0, self.documents_offset - PAGE_SIZE)),
            lambda: self.load_documents(self.documents_offset + PAGE_SIZE),
        )
        column.addLayout(paging)
        return tab

    def load_documents(self, offset: int) -> None:
        first, last = self._span()
        if last < first:
            self._say(self.tr("The first day is after the last"), error=True)
            return

        def shown(found: tuple[list[ChainDocument], bool]) -> None:
            self.documents, more = found
            self.documents_offset = offset
            self._show_documents(more)

        self._run(lambda: self._admin.documents(first, last, offset=offset, limit=PAGE_SIZE), shown)

    def _span(self) -> tuple[date, date]:
        first, last = self.first_day.date(), self.last_day.date()
        return (
            date(first.year(), first.month(), first.day()),
            date(last.year(), last.month(), last.day()),
        )

    def _show_documents(self, more: bool) -> None:
        fill_table(
            self.documents_table,
            [
                (
                    d.number,
                    d.store,
                    f"{d.at:%Y-%m-%d %H:%M}",
                    self.tr("Return") if d.kind == "RETURN" else self.tr("Sale"),
                    d.cashier,
                    str(Money(d.total_minor, self.currency)),
                )
                for d in self.documents
            ],
        )
        shown = len(self.documents)
        first = self.documents_offset + 1 if shown else 0
        text = self.tr("Documents %1–%2").replace("%1", f"{first:,}")
        text = text.replace("%2", f"{self.documents_offset + shown:,}")
        self.documents_label.setText(text + (self.tr(", more follow") if more else ""))

    # -- flags -------------------------------------------------------------------------------
    def _flags_tab(self) -> QWidget:
        tab = QWidget()
        column = QVBoxLayout(tab)
        self.resolved_too = QCheckBox(self.tr("Show resolved flags too"))
        self.resolved_too.toggled.connect(lambda _: self.load_flags())
        column.addWidget(self.resolved_too)
        headers = ("Flagged", "Store", "Till", "Problem", "Resolved")
        self.flags_table: QTableWidget = list_table([self.tr(h) for h in headers])
        self.flags_table.setObjectName("chain-flags")
        stretch_column(self.flags_table, 3)
        column.addWidget(self.flags_table, 1)
        return tab

    def load_flags(self) -> None:
        open_only = not self.resolved_too.isChecked()

        def shown(flags: list[ChainFlag]) -> None:
            self.flags = flags
            fill_table(
                self.flags_table,
                [
                    (
                        f"{f.flagged_at:%Y-%m-%d %H:%M}",
                        f.store,
                        f.terminal,
                        f.problem,
                        "" if f.resolved_at is None else f"{f.resolved_at:%Y-%m-%d %H:%M}",
                    )
                    for f in flags
                ],
            )

        self._run(lambda: self._admin.flags(open_only=open_only), shown)

    def load(self) -> None:
        self.load_stock(self.stock_offset)
        self.load_documents(self.documents_offset)
        self.load_flags()
