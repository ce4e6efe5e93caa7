"""Suppliers' accounts in the back office: what each supplier is owed as of a day, by how late
(not due, 1-30 days… and entries without a due date), with returns and payments on account;
the chosen supplier's open orders and open bills below, and paying them from one of the
shop's accounts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.money import Money
from posapp.domain.payables import BUCKETS
from posapp.services.stock import OpenBill, OpenOrder, PayablesAdmin, SupplierAccount
from posapp.ui.back_office.lists import (
    day_picker,
    fill_table,
    list_table,
    side_column,
    stretch_column,
)
from posapp.ui.db_worker import RunJob, Say


def _amount(minor: int, currency: str) -> str:
    return f"{Money(minor, currency).amount:,}" if minor else ""


class PayablesPage(QWidget):
    def __init__(self, admin: PayablesAdmin, run: RunJob, say: Say) -> None:
        super().__init__()
        self.setObjectName("payables-page")
        self._admin, self._run, self._say = admin, run, say
        self.currency = admin.currency()
        self.accounts: list[SupplierAccount] = []
        self.bills: list[OpenBill] = []
        self.chosen: SupplierAccount | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.as_of = day_picker("payables-as-of", self.load)
        top.addWidget(QLabel(self.tr("Owed as of")))
        top.addWidget(self.as_of)
        top.addStretch(1)
        layout.addLayout(top)
        split = QSplitter(Qt.Orientation.Vertical)
        headers = ["Supplier", *BUCKETS, "Credit", "Total"]
        self.table = list_table([self.tr(h) for h in headers], right=tuple(range(1, 9)))
        self.table.setObjectName("payables-list")
        self.table.itemSelectionChanged.connect(self._choose)
        stretch_column(self.table, 0)
        split.addWidget(self.table)
        split.addWidget(self._supplier_side())
        split.setSizes([260, 380])
        layout.addWidget(split, 1)

    def _supplier_side(self) -> QWidget:
        side, column = side_column()
        self.title = QLabel(self.tr("Choose a supplier"))
        column.addWidget(self.title)
        headers = ("Bill", "Their invoice", "Dated", "Due", "Total", "Still open")
        self.bill_table = list_table([self.tr(h) for h in headers], right=(4, 5))
        self.bill_table.setObjectName("payables-bills")
        stretch_column(self.bill_table, 1)
        column.addWidget(self.bill_table, 2)
        self.order_table = list_table(
            [self.tr(h) for h in ("Open order", "Status", "Ordered", "Lines")], right=(3,)
        )
        self.order_table.setObjectName("payables-orders")
        stretch_column(self.order_table, 0)
        column.addWidget(self.order_table, 1)
        paying = QHBoxLayout()
        self.account = QComboBox()
        self.account.setObjectName("payables-account")
        self.amount = QLineEdit()
        self.amount.setObjectName("payables-amount")
        self.amount.setPlaceholderText(self.tr("amount"))
        self.pay_button = QPushButton(self.tr("Pay the chosen bills"))
        self.pay_button.setObjectName("payables-pay")
        self.pay_button.clicked.connect(self.pay)
        paying.addStretch(1)
        paying.addWidget(QLabel(self.tr("From")))
        paying.addWidget(self.account)
        paying.addWidget(self.amount)
        paying.addWidget(self.pay_button)
        column.addLayout(paying)
        return side

    def load(self) -> None:
        day = self.as_of.date()
        here = datetime.now(UTC).astimezone().tzinfo  # the day's end on this machine's clock
        as_of = datetime(day.year(), day.month(), day.day(), 23, 59, 59, tzinfo=here)
        if self.account.count() == 0:
            self._run(self._admin.pay_from, self.account.addItems)
        self._run(lambda: self._admin.accounts(as_of=as_of), self._show)

    def _show(self, accounts: list[SupplierAccount]) -> None:
        self.accounts = accounts
        fill_table(
            self.table,
            [
                (
                    f"{a.name} ({a.code})",
                    *(_amount(a.buckets[b], self.currency) for b in BUCKETS),
                    _amount(a.credit_minor, self.currency),
                    _amount(a.total_minor, self.currency),
                )
                for a in accounts
            ],
        )

    def _choose(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.accounts):
            return
        self.chosen = self.accounts[row]
        self.title.setText(self.tr("%s: open bills and orders") % self.chosen.name)
        code = self.chosen.code
        self._run(lambda: self._admin.open_bills(code), self._show_bills)
        self._run(lambda: self._admin.open_orders(code), self._show_orders)

    def _show_bills(self, bills: list[OpenBill]) -> None:
        self.bills = bills
        fill_table(
            self.bill_table,
            [
                (
                    b.number,
                    b.invoice,
                    f"{b.billed_at.astimezone():%Y-%m-%d}",
                    "" if b.due_at is None else f"{b.due_at.astimezone():%Y-%m-%d}",
                    _amount(b.total_minor, self.currency),
                    _amount(b.open_minor, self.currency),
                )
                for b in bills
            ],
        )

    def _show_orders(self, orders: list[OpenOrder]) -> None:
        fill_table(
            self.order_table,
            [
                (o.number, o.status, f"{o.ordered_at.astimezone():%Y-%m-%d}", str(o.lines))
                for o in orders
            ],
        )

    def chosen_bills(self) -> Sequence[str]:
        rows = sorted({index.row() for index in self.bill_table.selectedIndexes()})
        return [self.bills[row].number for row in rows if row < len(self.bills)]

    def pay(self) -> None:
        if self.chosen is None:
            return
        code, account, amount = self.chosen.code, self.account.currentText(), self.amount.text()
        bills = self.chosen_bills()

        def paid(number: str) -> None:
            self._say(self.tr("%s: %s paid to %s from %s") % (number, amount, code, account))
            self.amount.clear()
            self.load()
            self._choose()

        self._run(
            lambda: self._admin.pay(
                supplier_code=code, account=account, amount=amount, bills=bills
            ),
            paid,
        )
