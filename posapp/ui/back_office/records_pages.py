"""Customers and price lists in the back office: a list, and an editor per record. A refused field
is named in red and its box marked; nothing is saved. Work runs on the back office's worker."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from posapp.services.records_admin import CustomerRow, PriceListRow, RecordsAdmin
from posapp.ui.back_office.guarded import run_guarded
from posapp.ui.back_office.record_editor import RecordEditor
from posapp.ui.formatting import format_money

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_ERROR = "color: #b00020;"


def _list_table(headers: list[str], right: tuple[int, ...] = ()) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setProperty("right_columns", right)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    right = table.property("right_columns") or ()
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if c in right:
                item.setTextAlignment(_RIGHT)
            table.setItem(r, c, item)


CUSTOMER_FORM = [
    ("code", "Code", "text"),
    ("name", "Name", "text"),
    ("tax_id", "Tax id (VAT no.)", "text"),
    ("price_group", "Price group", "text"),
    ("credit_limit", "Credit limit (empty: no account)", "text"),
    ("payment_terms_days", "Payment terms (days)", "text"),
    ("phone", "Phone", "text"),
    ("email", "E-mail", "text"),
    ("addresses", "Addresses (site: address, one per line)", "multi"),
    ("note", "Note", "multi"),
]

PRICE_LIST_FORM = [
    ("code", "Code", "text"),
    ("name", "Name (shown on the till line)", "text"),
    ("kind", "Kind", ["customer_group", "quantity_break", "store"]),
    ("price_group", "Customer group", "text"),
    ("store_code", "Store", "text"),
    ("tax_inclusive", "Prices include tax", ["yes", "no"]),
    ("valid_from", "Valid from (YYYY-MM-DD)", "text"),
    ("valid_to", "Valid to (empty: open)", "text"),
]


class _RecordsPage(QWidget):
    def __init__(self, admin: RecordsAdmin, locale: QLocale, run: Any, say: Any) -> None:
        super().__init__()
        self._admin, self._locale, self._run, self._say = admin, locale, run, say
        self.editor: RecordEditor | None = None

    def _guarded_save(self, editor: RecordEditor, job: Callable[[], object], done: str) -> None:
        def saved(_: object) -> None:
            self._say(done)
            editor.accept()
            self.load()

        run_guarded(self._run, self._say, job, saved, editor.refused)

    def load(self) -> None:
        raise NotImplementedError


class CustomersPage(_RecordsPage):
    def __init__(self, admin: RecordsAdmin, locale: QLocale, run: Any, say: Any) -> None:
        super().__init__(admin, locale, run, say)
        self.setObjectName("customers-page")
        self.rows: list[CustomerRow] = []
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter by name or code…"))
        self.filter.textChanged.connect(lambda _: self.load())
        new, edit = QPushButton(self.tr("New customer…")), QPushButton(self.tr("Edit…"))
        new.clicked.connect(lambda: self.open_editor(None, {}))
        edit.clicked.connect(self.edit_selected)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(new)
        top.addWidget(edit)
        self.table = _list_table(
            [self.tr(h) for h in ("Code", "Name", "Price group", "Credit limit", "Balance")],
            right=(3, 4),
        )
        self.table.doubleClicked.connect(lambda _: self.edit_selected())
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def load(self) -> None:
        typed = self.filter.text()
        self._run(lambda: self._admin.customers(typed), self._show)

    def _show(self, rows: list[CustomerRow]) -> None:
        self.rows = rows
        money = lambda m: "" if m is None else format_money(m, self._locale)  # noqa: E731
        _fill(self.table, [(r.code, r.name, r.price_group, money(r.credit_limit) or
                            self.tr("no account"), money(r.balance)) for r in rows])  # fmt: skip

    def edit_selected(self) -> None:
        row = self.table.currentRow()
        if row < 0 or row >= len(self.rows):
            self._say(self.tr("choose a customer first"), error=True)
            return
        chosen = self.rows[row]
        self._run(
            lambda: self._admin.customer_fields(chosen.id),
            lambda fields: self.open_editor(chosen, fields),
        )

    def open_editor(self, row: CustomerRow | None, values: Mapping[str, str]) -> RecordEditor:
        title = self.tr("New customer") if row is None else row.name
        editor = RecordEditor(self, title, CUSTOMER_FORM, values)
        editor.setObjectName("customer-editor")
        if row is not None:
            balance = QLabel(
                self.tr("Balance owed: <b>%s</b>") % format_money(row.balance, self._locale)
            )
            self.payment = QLineEdit()
            self.payment.setPlaceholderText(self.tr("amount"))
            reference = QLineEdit()
            reference.setPlaceholderText(self.tr("reference"))
            take = QPushButton(self.tr("Receive payment"))
            take.clicked.connect(
                lambda: self._receive(editor, row, self.payment.text(), reference.text())
            )
            line = QHBoxLayout()
            for widget in (balance, self.payment, reference, take):
                line.addWidget(widget)
            editor.body.addLayout(line)
        editor.finish_layout()
        customer_id = None if row is None else row.id
        editor.save_requested.connect(
            lambda typed: self._guarded_save(
                editor, lambda: self._admin.save_customer(customer_id, typed),
                self.tr("%s saved") % typed.get("name", ""),
            )
        )  # fmt: skip
        self.editor = editor
        editor.open()
        return editor

    def _receive(self, editor: RecordEditor, row: CustomerRow, typed: str, reference: str) -> None:
        self._guarded_save(
            editor, lambda: self._admin.receive_payment(row.id, typed, reference),
            self.tr("payment from %s received") % row.name,
        )  # fmt: skip


class PriceListsPage(_RecordsPage):
    def __init__(self, admin: RecordsAdmin, locale: QLocale, run: Any, say: Any) -> None:
        super().__init__(admin, locale, run, say)
        self.setObjectName("price-lists-page")
        self.rows: list[PriceListRow] = []
        new, edit = QPushButton(self.tr("New price list…")), QPushButton(self.tr("Edit…"))
        new.clicked.connect(lambda: self.open_editor(None, {"kind": "customer_group"}, []))
        edit.clicked.connect(self.edit_selected)
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(new)
        top.addWidget(edit)
        self.table = _list_table(
            [self.tr(h) for h in ("Code", "Name", "Kind", "For", "Valid", "Products")], right=(5,)
        )
        self.table.doubleClicked.connect(lambda _: self.edit_selected())
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def load(self) -> None:
        self._run(self._admin.price_lists, self._show)

    def _show(self, rows: list[PriceListRow]) -> None:
        self.rows = rows
        _fill(self.table, [(r.code, r.name, r.kind, r.applies_to, r.validity, str(r.items))
                           for r in rows])  # fmt: skip

    def edit_selected(self) -> None:
        row = self.table.currentRow()
        if row < 0 or row >= len(self.rows):
            self._say(self.tr("choose a price list first"), error=True)
            return
        chosen = self.rows[row]
        self._run(
            lambda: self._admin.price_list(chosen.id),
            lambda found: self.open_editor(chosen.id, *found),
        )

    def open_editor(
        self, list_id: uuid.UUID | None, values: Mapping[str, str], items: list[dict[str, str]]
    ) -> RecordEditor:
        title = self.tr("New price list") if list_id is None else values.get("name", "")
        editor = RecordEditor(self, title, PRICE_LIST_FORM, values)
        editor.setObjectName("price-list-editor")
        editor.resize(640, 640)
        self.items = _list_table([self.tr("SKU"), self.tr("From quantity"), self.tr("Price")])
        self.items.setEditTriggers(QTableWidget.EditTrigger.AllEditTriggers)
        self.items.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        _fill(self.items, [(i["sku"], i["min_qty"], i["price"]) for i in items])
        add, remove = QPushButton(self.tr("Add line")), QPushButton(self.tr("Remove line"))
        add.clicked.connect(lambda: self.items.insertRow(self.items.rowCount()))
        remove.clicked.connect(lambda: self.items.removeRow(self.items.currentRow()))
        editor.body.addWidget(QLabel(f"<b>{self.tr('Prices')}</b>"))
        editor.body.addWidget(self.items, 1)
        line = QHBoxLayout()
        line.addWidget(add)
        line.addWidget(remove)
        line.addStretch(1)
        editor.body.addLayout(line)
        editor.finish_layout()

        def typed_items() -> list[dict[str, str]]:
            def cell(r: int, c: int) -> str:
                item = self.items.item(r, c)
                return "" if item is None else item.text()

            return [
                {"sku": cell(r, 0), "min_qty": cell(r, 1) or "1", "price": cell(r, 2)}
                for r in range(self.items.rowCount())
            ]

        editor.save_requested.connect(
            lambda header: self._guarded_save(
                editor, lambda: self._admin.save_price_list(list_id, header, typed_items()),
                self.tr("price list %s saved") % header.get("code", ""),
            )
        )  # fmt: skip
        self.editor = editor
        editor.open()
        return editor

    def add_item(self, sku: str, min_qty: str, price: str) -> None:
        row = self.items.rowCount()
        self.items.insertRow(row)
        for column, text in enumerate((sku, min_qty, price)):
            self.items.setItem(row, column, QTableWidgetItem(text))
