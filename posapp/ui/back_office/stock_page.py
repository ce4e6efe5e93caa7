"""Stock on hand in the back office: by product and location, filtered as you type, a location
or only what is low (below its reorder point, or negative); the chosen product's movements
below it, newest first, each with the document that made it and the stock after it."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.quantity import Quantity
from posapp.services.stock import ExpiryAlert, MovementRow, StockAdmin, StockRow
from posapp.ui.back_office.lists import fill_table, list_table, stretch_column
from posapp.ui.db_worker import RunJob, Say

PAGE_SIZE = 200
HISTORY_SIZE = 200
_RED = QColor("#b00020")
_ALL = "(every location)"


def _quantity(thousandths: int) -> str:
    return str(Quantity.from_thousandths(thousandths))


class StockPage(QWidget):
    def __init__(self, admin: StockAdmin, locale: QLocale, run: RunJob, say: Say) -> None:
        super().__init__()
        self.setObjectName("stock-page")
        self._admin, self._locale, self._run, self._say = admin, locale, run, say
        self.rows: list[StockRow] = []
        self.movements: list[MovementRow] = []
        self.offset = 0
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_filters())
        # What expires soon, said where a stock clerk looks first; the batches in its tooltip.
        self.expiry = QLabel("")
        self.expiry.setObjectName("stock-expiry")
        self.expiry.setWordWrap(True)
        layout.addWidget(self.expiry)
        split = QSplitter(Qt.Orientation.Vertical)
        columns = ("SKU", "Name", "Location", "On hand", "Unit", "Reorder point", "Reserved")
        self.table = list_table([self.tr(h) for h in columns], right=(3, 5, 6))
        self.table.setObjectName("stock-list")
        self.table.itemSelectionChanged.connect(self.show_history)
        stretch_column(self.table, 1)
        split.addWidget(self.table)
        below = QWidget()
        history = QVBoxLayout(below)
        history.setContentsMargins(0, 0, 0, 0)
        self.history_title = QLabel(self.tr("Movements: choose a product above"))
        history.addWidget(self.history_title)
        headers = ("When", "What", "Document", "Location", "Quantity", "Stock after")
        self.history = list_table([self.tr(h) for h in headers], right=(4, 5))
        self.history.setObjectName("stock-history")
        stretch_column(self.history, 2)
        history.addWidget(self.history)
        split.addWidget(below)
        split.setSizes([400, 250])
        layout.addWidget(split, 1)
        paging = QHBoxLayout()
        self.page_label = QLabel("")
        previous, following = QPushButton(self.tr("◀ Previous")), QPushButton(self.tr("Next ▶"))
        previous.clicked.connect(lambda: self.load(max(0, self.offset - PAGE_SIZE)))
        following.clicked.connect(lambda: self.load(self.offset + PAGE_SIZE))
        paging.addWidget(self.page_label, 1)
        paging.addWidget(previous)
        paging.addWidget(following)
        layout.addLayout(paging)

    def _build_filters(self) -> QHBoxLayout:
        self.filter = QLineEdit()
        self.filter.setObjectName("stock-filter")
        self.filter.setPlaceholderText(self.tr("Filter by name, SKU or barcode…"))
        self._typing = QTimer(self, singleShot=True, interval=150)
        self._typing.timeout.connect(lambda: self.load(0))
        self.filter.textChanged.connect(lambda _: self._typing.start())
        self.location = QComboBox()
        self.location.setObjectName("stock-location")
        self.location.addItem(self.tr(_ALL))
        self.location.currentIndexChanged.connect(lambda _: self.load(0))
        self.low_only = QCheckBox(self.tr("Only low or negative"))
        self.low_only.toggled.connect(lambda _: self.load(0))
        row = QHBoxLayout()
        row.addWidget(self.filter, 1)
        row.addWidget(QLabel(self.tr("Location:")))
        row.addWidget(self.location)
        row.addWidget(self.low_only)
        return row

    def load(self, offset: int | None = None) -> None:
        offset = self.offset if offset is None else offset
        if self.location.count() == 1:
            self._run(self._admin.locations, self._show_locations)
            self._run(self._admin.expiring, self._show_expiry)
        typed, low = self.filter.text(), self.low_only.isChecked()
        location = None if self.location.currentIndex() <= 0 else self.location.currentText()

        def shown(rows: list[StockRow]) -> None:
            if typed != self.filter.text():
                return  # typed on meanwhile: the newer answer counts
            self.offset = offset
            self._show(rows)

        self._run(
            lambda: self._admin.on_hand(
                typed=typed, location=location, low_only=low, offset=offset, limit=PAGE_SIZE
            ),
            shown,
        )

    def _show_expiry(self, alert: ExpiryAlert) -> None:
        soon = len(alert.batches) - alert.expired
        if not alert.batches:
            self.expiry.setText("")
            return
        text = self.tr("%s batch(es) expiring within %s days") % (soon, alert.days)
        if alert.expired:
            text = self.tr("%s batch(es) expired, to write off; ") % alert.expired + text
        self.expiry.setText(text)
        self.expiry.setStyleSheet("color: #b00020;" if alert.expired else "color: #8a5a00;")
        self.expiry.setToolTip(
            "\n".join(
                f"{b.expiry} {b.sku} {b.batch} ({b.location}): {_quantity(b.quantity_milli)}"
                for b in alert.batches[:30]
            )
        )

    def _show_locations(self, codes: list[str]) -> None:
        if self.location.count() == 1:
            self.location.addItems(codes)

    def _show(self, rows: list[StockRow]) -> None:
        self.rows = rows
        fill_table(
            self.table,
            [
                (
                    r.sku,
                    r.name,
                    r.location,
                    _quantity(r.on_hand_milli),
                    r.unit,
                    "" if r.reorder_point_milli is None else _quantity(r.reorder_point_milli),
                    _quantity(r.reserved_milli) if r.reserved_milli else "",
                )
                for r in rows
            ],
        )
        for number, row in enumerate(rows):
            if row.low and (cell := self.table.item(number, 3)) is not None:
                cell.setForeground(_RED)
        first = self.offset + 1 if rows else 0
        self.page_label.setText(
            self.tr("%s–%s (%s low here)")
            % (first, self.offset + len(rows), sum(row.low for row in rows))
        )

    def show_history(self) -> None:
        number = self.table.currentRow()
        if not 0 <= number < len(self.rows):
            return
        row = self.rows[number]
        self.history_title.setText(self.tr("Movements of %s %s") % (row.sku, row.name))

        def shown(movements: list[MovementRow]) -> None:
            self.movements = movements
            fill_table(
                self.history,
                [
                    (
                        f"{m.at.astimezone():%Y-%m-%d %H:%M}",
                        m.reason.replace("_", " ").lower(),
                        m.document,
                        m.location,
                        _quantity(m.quantity_milli),
                        _quantity(m.balance_milli),
                    )
                    for m in movements
                ],
            )

        self._run(
            lambda: self._admin.movements(product_id=row.product_id, offset=0, limit=HISTORY_SIZE),
            shown,
        )
