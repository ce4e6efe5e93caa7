"""Suppliers in the back office: the list, the editor with what each supplier supplies (their
code, pack and cost per product), and their files in and out."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QLineEdit,
    QPushButton,
)

from posapp.services.partners import RecordsAdmin, SupplierRow
from posapp.ui.back_office.lists import fill_table, list_table
from posapp.ui.back_office.record_editor import RecordEditor
from posapp.ui.back_office.records_pages import LinesTable, RecordsPage
from posapp.ui.db_worker import RunJob, Say

SUPPLIER_FORM = [
    ("code", "Code", "text"),
    ("name", "Name", "text"),
    ("contacts", "Contacts (name; phone; e-mail, one per line)", "multi"),
    ("payment_terms_days", "Payment terms (days)", "text"),
    ("lead_time_days", "Lead time (days)", "text"),
    ("archived", "Archived", ["no", "yes"]),
]


class SuppliersPage(RecordsPage):
    def __init__(self, admin: RecordsAdmin, locale: QLocale, run: RunJob, say: Say) -> None:
        super().__init__(admin, locale, run, say)
        self.setObjectName("suppliers-page")
        self.rows: list[SupplierRow] = []
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter by name or code…"))
        self.filter.textChanged.connect(lambda _: self.load())
        new, edit = QPushButton(self.tr("New supplier…")), QPushButton(self.tr("Edit…"))
        new.clicked.connect(lambda: self.open_editor(None, {}, []))
        edit.clicked.connect(self.edit_selected)
        headers = ("Code", "Name", "Payment terms (days)", "Lead time (days)", "Products")
        self.table = list_table([self.tr(h) for h in headers], right=(2, 3, 4))
        files = [
            ("suppliers", self.tr("suppliers")),
            ("supplier-products", self.tr("what they supply")),
        ]
        self._top(new, edit, self.filter, files)

    def load(self) -> None:
        typed = self.filter.text()
        self._run(lambda: self._admin.suppliers(typed), self._show)

    def _show(self, rows: list[SupplierRow]) -> None:
        self.rows = rows
        fill_table(
            self.table,
            [
                (r.code, r.name, str(r.payment_terms_days), str(r.lead_time_days), str(r.products))
                for r in rows
            ],
        )

    def edit_selected(self) -> None:
        chosen = self._chosen(self.rows, self.tr("supplier"))
        if chosen is not None:
            self._run(
                lambda: self._admin.supplier(chosen.id),
                lambda found: self.open_editor(chosen.id, *found),
            )

    def open_editor(
        self, supplier_id: uuid.UUID | None, values: Mapping[str, str], items: list[Any]
    ) -> RecordEditor:
        title = self.tr("New supplier") if supplier_id is None else values.get("name", "")
        editor = RecordEditor(self, title, SUPPLIER_FORM, values)
        editor.setObjectName("supplier-editor")
        editor.resize(640, 640)
        columns = [
            ("sku", "Our SKU"),
            ("supplier_code", "Their code"),
            ("cost", "Their cost"),
            ("pack", "Units a pack"),
        ]
        self.lines = LinesTable(editor, self.tr("Products they supply"), columns, items)
        self._on_save(
            editor,
            lambda typed: self._admin.save_supplier(
                supplier_id=supplier_id, fields=typed, items=self.lines.typed()
            ),
            lambda typed: self.tr("supplier %s saved") % typed.get("code", ""),
        )
        return editor
