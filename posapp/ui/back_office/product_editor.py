"""One product's editor: its fields, its barcodes (several, each with a pack quantity) and its
price history. A RecordEditor with a panel beside the form; saving runs on the back office's
worker, a refused field is named and marked, nothing is saved."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.catalogue import LifecycleState
from posapp.services.catalogue import UNITS, PriceChange, parse_barcodes
from posapp.services.shared import FieldError
from posapp.ui.back_office.lists import RIGHT
from posapp.ui.back_office.record_editor import RecordEditor
from posapp.ui.formatting import format_money


class ProductEditor(RecordEditor):
    """The product's fields on the left; its barcodes and price history beside them."""

    def __init__(
        self,
        parent: QWidget,
        *,
        product_id: uuid.UUID | None,
        fields: dict[str, str],
        tax_classes: list[str],
        locale: QLocale,
    ) -> None:
        self.product_id = product_id
        self._locale = locale
        title = self.tr("New product") if product_id is None else fields.get("name", "")
        # A new product is most likely standard-rated: the reduced rate is the exception.
        default_class = "STD" if "STD" in tax_classes else (tax_classes or [""])[0]
        form = [
            ("sku", "SKU", "text"),
            ("name", "Name", "text"),
            ("category", "Category", "text"),
            ("brand", "Brand", "text"),
            ("unit", "Unit", list(UNITS)),
            ("weighed", "Sold by weight", ["no", "yes"]),
            ("tax_class", "Tax class", tax_classes),
            ("state", "Lifecycle", [s.value for s in LifecycleState]),
            ("cost", "Cost", "text"),
            ("price", "Price", "text"),
            ("note", "Note", "multi"),
        ]
        defaults = {"tax_class": default_class, "state": "ACTIVE", "unit": "pc", "weighed": "no"}
        super().__init__(parent, title, form, {**defaults, **fields})
        self.setObjectName("product-editor")
        self.setMinimumWidth(720)

        self.top.addLayout(self._side_panel(fields), 2)
        self.finish_layout()

    def _side_panel(self, fields: dict[str, str]) -> QVBoxLayout:
        """The barcodes (editable, with units per scan) above the price history."""
        self.barcodes = QTableWidget(0, 2)
        self.barcodes.setObjectName("product-barcodes")
        self.barcodes.setHorizontalHeaderLabels([self.tr("Barcode"), self.tr("Units per scan")])
        self.barcodes.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.barcodes.verticalHeader().setVisible(False)
        for code in parse_barcodes(fields.get("barcodes", "")):
            self.add_barcode(*code)
        add, remove = QPushButton(self.tr("Add barcode")), QPushButton(self.tr("Remove barcode"))
        add.clicked.connect(lambda: self.add_barcode("", 1000))
        remove.clicked.connect(self._remove_barcode)
        codes = QVBoxLayout()
        codes.addWidget(QLabel(f"<b>{self.tr('Barcodes')}</b>"))
        codes.addWidget(self.barcodes, 1)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        codes.addLayout(row)
        codes.addWidget(QLabel(f"<b>{self.tr('Price history')}</b>"))
        self.history = QTableWidget(0, 4)
        self.history.setObjectName("price-history")
        self.history.setHorizontalHeaderLabels(
            [self.tr("When"), self.tr("Who"), self.tr("Old"), self.tr("New")]
        )
        self.history.verticalHeader().setVisible(False)
        self.history.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.history.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        codes.addWidget(self.history, 1)
        return codes

    def add_barcode(self, code: str, pack_milli: int) -> None:
        row = self.barcodes.rowCount()
        self.barcodes.insertRow(row)
        pack = format(int(pack_milli) / 1000, "g")
        self.barcodes.setItem(row, 0, QTableWidgetItem(code))
        quantity = QTableWidgetItem(pack)
        quantity.setTextAlignment(RIGHT)
        self.barcodes.setItem(row, 1, quantity)
        if not code:
            self.barcodes.setCurrentCell(row, 0)
            self.barcodes.editItem(self.barcodes.item(row, 0) or QTableWidgetItem())

    def _remove_barcode(self) -> None:
        row = self.barcodes.currentRow()
        if row >= 0:
            self.barcodes.removeRow(row)

    def show_history(self, changes: list[PriceChange]) -> None:
        self.history.setRowCount(len(changes))
        for row, change in enumerate(changes):
            cells = (
                f"{change.at:%Y-%m-%d %H:%M}",
                change.by,
                format_money(change.old, self._locale),
                format_money(change.new, self._locale),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column >= 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.history.setItem(row, column, item)

    def values(self) -> dict[str, str]:
        typed = super().values()
        codes = []
        for row in range(self.barcodes.rowCount()):
            code = (self.barcodes.item(row, 0) or QTableWidgetItem("")).text().strip()
            pack = (self.barcodes.item(row, 1) or QTableWidgetItem("1")).text().strip() or "1"
            if code:
                codes.append(code if pack == "1" else f"{code}:{pack}")
        typed["barcodes"] = "; ".join(codes)
        return typed

    def submit(self) -> None:
        self.barcodes.setStyleSheet("")
        super().submit()

    def refused(self, error: Exception) -> None:
        super().refused(error)
        if isinstance(error, FieldError) and error.field == "barcodes":
            self.barcodes.setStyleSheet("border: 2px solid #b00020;")
            self.barcodes.setFocus()


def open_editor(
    parent: QWidget,
    *,
    product_id: uuid.UUID | None,
    fields: dict[str, str],
    tax_classes: list[str],
    locale: QLocale,
    on_save: Callable[[ProductEditor, uuid.UUID | None, dict[str, str]], None],
) -> ProductEditor:
    editor = ProductEditor(
        parent, product_id=product_id, fields=fields, tax_classes=tax_classes, locale=locale
    )
    editor.save_requested.connect(lambda typed: on_save(editor, product_id, typed))
    editor.open()
    return editor
