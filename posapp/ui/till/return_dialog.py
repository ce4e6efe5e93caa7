"""F6 returns: scan or type the receipt number, choose quantities, refund.

Without a receipt: the items scanned into the basket are refunded at today's price (flagged)."""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.errors import DomainError
from posapp.domain.payment import CASH
from posapp.domain.quantity import Quantity
from posapp.services.selling import ORIGINAL_TENDER, RecentReceipt, ReturnableSale
from posapp.ui.formatting import format_money, format_quantity
from posapp.ui.wedge_filter import accept_scans

_QTY_COLUMN = 4


class ReturnDialog(QDialog):
    lookup_requested = Signal(str)  # receipt number
    refund_requested = Signal(str, object, str)  # number, [(line id, Quantity)], refund to
    no_receipt_requested = Signal(str)  # refund to

    def __init__(self, parent: QWidget, *, basket_has_items: bool) -> None:
        super().__init__(parent)
        self.setObjectName("return-dialog")
        self.setWindowTitle(self.tr("Return"))
        self._sale: ReturnableSale | None = None
        self._locale = QLocale()
        layout = QVBoxLayout(self)
        self.number = QLineEdit(self)
        self.number.setObjectName("receipt-number")
        accept_scans(self.number)  # the receipt's barcode is scanned here
        self.number.setPlaceholderText(
            self.tr("Scan the receipt or type its number (42 will do on this till), then Enter")
        )
        self.number.setMinimumHeight(44)
        self.recent = QListWidget(self)
        self.recent.setObjectName("recent-receipts")
        self.recent.setMaximumHeight(120)
        self.recent.itemActivated.connect(self._recent_chosen)
        self.recent.itemClicked.connect(self._recent_chosen)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.lines = QTableWidget(0, 5, self)
        self.lines.setHorizontalHeaderLabels(
            [
                self.tr("Product"),
                self.tr("Sold"),
                self.tr("Paid"),
                self.tr("Left"),
                self.tr("Return"),
            ]
        )
        self.lines.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.lines.verticalHeader().hide()
        self.lines.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.refund_to = QComboBox(self)
        self.refund_to.addItem(self.tr("Refund to the original tender"), ORIGINAL_TENDER)
        self.refund_to.addItem(self.tr("Refund in cash"), CASH)
        self.refund = QPushButton(self.tr("Refund chosen lines"), self)
        self.refund.setEnabled(False)
        self.no_receipt = QPushButton(self.tr("No receipt: refund the basket items"), self)
        self.no_receipt.setEnabled(basket_has_items)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refund_to)
        buttons.addWidget(self.refund)
        buttons.addWidget(self.no_receipt)
        layout.addWidget(self.number)
        layout.addWidget(QLabel(self.tr("Recent receipts of this till (click one):"), self))
        layout.addWidget(self.recent)
        layout.addWidget(self.message)
        layout.addWidget(self.lines)
        layout.addLayout(buttons)
        self.number.returnPressed.connect(self._look_up)
        self.refund.clicked.connect(self._refund)
        self.no_receipt.clicked.connect(self._no_receipt)
        self.resize(820, 520)

    # Slots return None: PySide6 mishandles a bool (such as emit()'s) handed back from a slot.
    def _look_up(self) -> None:
        self.lookup_requested.emit(self.number.text())

    def show_recent(self, receipts: list[RecentReceipt], time_zone: str) -> None:
        self.recent.clear()
        zone = ZoneInfo(time_zone)
        for receipt in receipts:
            item = QListWidgetItem(
                f"{receipt.number}   {receipt.at.astimezone(zone):%d %b %H:%M}   "
                f"{format_money(receipt.total, self._locale)}"
            )
            item.setData(Qt.ItemDataRole.UserRole, receipt.number)
            self.recent.addItem(item)

    def _recent_chosen(self, item: QListWidgetItem) -> None:
        self.number.setText(item.data(Qt.ItemDataRole.UserRole))
        self._look_up()

    def _no_receipt(self) -> None:
        self.no_receipt_requested.emit(self.refund_to.currentData() or CASH)

    def show_sale(self, sale: ReturnableSale) -> None:
        self._sale = sale
        self.lines.setRowCount(len(sale.lines))
        for row, returnable in enumerate(sale.lines):
            line = returnable.line
            cells = [
                line.name,
                format_quantity(line.quantity.value, line.unit, self._locale),
                format_money(line.amount, self._locale),
                format_quantity(returnable.remaining.value, line.unit, self._locale),
                "",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column != _QTY_COLUMN:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.lines.setItem(row, column, item)
        self.refund.setEnabled(any(r.remaining.value > 0 for r in sale.lines))
        self.say(self.tr("%s: type the quantity to return in the Return column") % sale.sale.number)

    def set_return_quantity(self, row: int, typed: str) -> None:
        item = self.lines.item(row, _QTY_COLUMN)
        if item is not None:
            item.setText(typed)

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b00020;" if error else "")

    def _refund(self) -> None:
        if self._sale is None:
            return
        selection: list[tuple[uuid.UUID, Quantity]] = []
        for row, returnable in enumerate(self._sale.lines):
            item = self.lines.item(row, _QTY_COLUMN)
            typed = item.text().strip() if item is not None else ""
            if not typed:
                continue
            try:
                selection.append((returnable.line.line_id, Quantity.parse(typed)))
            except DomainError as error:
                self.say(f"{returnable.line.name}: {error}", error=True)
                return
        if not selection:
            self.say(self.tr("Type a quantity to return on at least one line"), error=True)
            return
        self.refund_requested.emit(
            self._sale.sale.number, selection, self.refund_to.currentData() or ORIGINAL_TENDER
        )
