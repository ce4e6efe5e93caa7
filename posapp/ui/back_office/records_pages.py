"""Customers in the back office, and what every record page shares (suppliers_page and
pricing_pages have the rest): a list, and an editor per record. A refused field is named in red
and its box marked; nothing is saved. Work runs on the back office's worker."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFileDialog,
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

from posapp.domain.money import Money
from posapp.services.partners import CheckedRecord, CustomerRow, RecordsAdmin
from posapp.ui.back_office.guarded import run_guarded
from posapp.ui.back_office.import_dialog import ImportDialog
from posapp.ui.back_office.lists import fill_table, list_table
from posapp.ui.back_office.record_editor import RecordEditor
from posapp.ui.db_worker import RunJob, Say
from posapp.ui.formatting import format_money

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

# The third column of an import's preview: what tells one record of that kind from another.
_PREVIEW_COLUMN = {
    "customers": ("Price group", "price_group"),
    "suppliers": ("Lead time (days)", "lead_time_days"),
    "supplier-products": ("Products after the file", "products"),
}


class LinesTable:
    """An editable table of lines under an editor's form (a price list's prices, a supplier's
    products), with Add and Remove buttons; `typed()` reads what is in it."""

    def __init__(
        self, editor: RecordEditor, title: str, columns: list[tuple[str, str]], rows: list[Any]
    ) -> None:
        self.keys = [key for key, _ in columns]
        self.table = list_table([editor.tr(label) for _, label in columns])
        self.table.setEditTriggers(QTableWidget.EditTrigger.AllEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectItems)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        fill_table(self.table, [tuple(row[key] for key in self.keys) for row in rows])
        add, remove = QPushButton(editor.tr("Add line")), QPushButton(editor.tr("Remove line"))
        add.clicked.connect(lambda: self.table.insertRow(self.table.rowCount()))
        remove.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()))
        editor.body.addWidget(QLabel(f"<b>{title}</b>"))
        editor.body.addWidget(self.table, 1)
        line = QHBoxLayout()
        line.addWidget(add)
        line.addWidget(remove)
        line.addStretch(1)
        editor.body.addLayout(line)
        editor.mark_line = self.mark

    def mark(self, field: str) -> None:
        """`line 3 cost` refused: that cell is chosen and marked, as a form's box would be."""
        found = re.fullmatch(r"line (\d+) (.+)", field)
        if found is None:
            return
        key = found.group(2).replace(" ", "_")
        column = self.keys.index(key) if key in self.keys else 0
        row = int(found.group(1)) - 1
        item = self.table.item(row, column)
        if item is None:
            item = QTableWidgetItem("")
            self.table.setItem(row, column, item)
        item.setBackground(QColor("#f9d6dc"))
        self.table.setCurrentCell(row, column)
        self.table.setFocus()

    def add(self, *cells: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, text in enumerate(cells):
            self.table.setItem(row, column, QTableWidgetItem(text))

    def typed(self) -> list[dict[str, str]]:
        def cell(r: int, c: int) -> str:
            item = self.table.item(r, c)
            return "" if item is None else item.text()

        return [
            {key: cell(r, c) for c, key in enumerate(self.keys)}
            for r in range(self.table.rowCount())
        ]


class RecordsPage(QWidget):
    table: QTableWidget  # each page makes its own list

    def __init__(self, admin: RecordsAdmin, locale: QLocale, run: RunJob, say: Say) -> None:
        super().__init__()
        self._admin, self._locale, self._run, self._say = admin, locale, run, say
        self.editor: RecordEditor | None = None
        self.importing: ImportDialog | None = None

    def _guarded_save(self, editor: RecordEditor, job: Callable[[], object], done: str) -> None:
        def saved(_: object) -> None:
            self._say(done)
            editor.accept()
            self.load()

        run_guarded(self._run, self._say, job, saved, editor.refused)

    def load(self) -> None:
        raise NotImplementedError

    def _chosen(self, rows: list[Any], what: str) -> Any:
        """The row picked in the list, or None (and a word to the user)."""
        row = self.table.currentRow()
        if row < 0 or row >= len(rows):
            self._say(self.tr("choose a %s first") % what, error=True)
            return None
        return rows[row]

    def _top(
        self,
        new: QPushButton,
        edit: QPushButton,
        filter_box: QLineEdit | None,
        files: Sequence[tuple[str, str]] = (),  # (what, its name on the buttons)
    ) -> None:
        """Filter (if any), New…, Edit…, and Import… / Export… per kind of file, above the list."""
        top = QHBoxLayout()
        if filter_box is None:
            top.addStretch(1)
        else:
            top.addWidget(filter_box, 1)
        top.addWidget(new)
        top.addWidget(edit)
        for what, name in files:
            for verb, ask in (
                (self.tr("Import %s…"), self._ask_import),
                (self.tr("Export %s…"), self._ask_export),
            ):
                button = QPushButton(verb % name)
                button.clicked.connect(lambda _=False, w=what, a=ask: a(w))
                top.addWidget(button)
        self.table.doubleClicked.connect(lambda _: edit.click())
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def _ask_import(self, what: str) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import %s") % what, "", self.tr("Tables (*.csv *.xlsx)")
        )
        if chosen:
            self.import_file(what, Path(chosen))

    def import_file(self, what: str, path: Path) -> ImportDialog:
        label, key = _PREVIEW_COLUMN[what]
        headers = [self.tr("Code"), self.tr("Name"), self.tr(label)]
        jobs = (
            lambda path, progress: self._admin.check_file(what, path, progress),
            lambda path, progress: self._admin.import_file(what, path, progress),
        )
        preview = (headers, lambda row: self._preview(row, key))
        dialog = ImportDialog(self, what.replace("-", " "), path, jobs, preview, self._run)
        dialog.finished_import.connect(lambda _: self.load())
        self.importing = dialog
        dialog.open()
        dialog.start_check()
        return dialog

    def _preview(self, row: CheckedRecord[Any], key: str) -> tuple[str, ...]:
        value = row.values.get(key)
        return (
            row.values["code"],
            row.values["name"],
            str(len(value)) if isinstance(value, list) else str(value or ""),
            self.tr("new") if row.record_id is None else self.tr("changes an existing one"),
        )

    def _ask_export(self, what: str) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export %s") % what, f"{what}.xlsx", self.tr("Tables (*.csv *.xlsx)")
        )
        if chosen:
            self.export_file(what, Path(chosen))

    def export_file(self, what: str, path: Path) -> None:
        self._run(
            lambda: self._admin.export_file(what, path),
            lambda count: self._say(self.tr("%s rows written to %s") % (f"{count:,}", path)),
        )

    def _on_save(
        self,
        editor: RecordEditor,
        save: Callable[[dict[str, str]], object],
        done: Callable[[dict[str, str]], str],
    ) -> None:
        editor.finish_layout()
        editor.save_requested.connect(
            lambda typed: self._guarded_save(editor, lambda: save(typed), done(typed))
        )
        self.editor = editor
        editor.open()


class CustomersPage(RecordsPage):
    def __init__(self, admin: RecordsAdmin, locale: QLocale, run: RunJob, say: Say) -> None:
        super().__init__(admin, locale, run, say)
        self.setObjectName("customers-page")
        self.rows: list[CustomerRow] = []
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter by name or code…"))
        self.filter.textChanged.connect(lambda _: self.load())
        new, edit = QPushButton(self.tr("New customer…")), QPushButton(self.tr("Edit…"))
        new.clicked.connect(lambda: self.open_editor(None, {}))
        edit.clicked.connect(self.edit_selected)
        self.table = list_table(
            [self.tr(h) for h in ("Code", "Name", "Price group", "Credit limit", "Balance")],
            right=(3, 4),
        )
        self._top(new, edit, self.filter, [("customers", self.tr("customers"))])

    def load(self) -> None:
        typed = self.filter.text()
        self._run(lambda: self._admin.customers(typed), self._show)

    def _show(self, rows: list[CustomerRow]) -> None:
        self.rows = rows

        def money(amount: Money | None) -> str:
            return "" if amount is None else format_money(amount, self._locale)

        fill_table(
            self.table,
            [
                (
                    r.code,
                    r.name,
                    r.price_group,
                    money(r.credit_limit) or self.tr("no account"),
                    money(r.balance),
                )
                for r in rows
            ],
        )

    def edit_selected(self) -> None:
        chosen = self._chosen(self.rows, self.tr("customer"))
        if chosen is not None:
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
        customer_id = None if row is None else row.id
        self._on_save(
            editor,
            lambda typed: self._admin.save_customer(customer_id=customer_id, fields=typed),
            lambda typed: self.tr("%s saved") % typed.get("name", ""),
        )
        return editor

    def _receive(self, editor: RecordEditor, row: CustomerRow, typed: str, reference: str) -> None:
        self._guarded_save(
            editor,
            lambda: self._admin.receive_payment(
                customer_id=row.id, amount=typed, reference=reference
            ),
            self.tr("payment from %s received") % row.name,
        )
