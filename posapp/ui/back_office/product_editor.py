"""One product's editor: its fields, its barcodes (several, each with a pack quantity) and its
price history. Saving runs on the back office's worker; a refused field is named in red and
the box it came from is marked, nothing is saved."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.catalogue import LifecycleState
from posapp.services.catalogue_admin import PriceChange
from posapp.services.product_editing import UNITS, FieldError, parse_barcodes
from posapp.ui.formatting import format_money

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LABELS = {
    "sku": "SKU",
    "name": "Name",
    "unit": "Unit",
    "weighed": "Sold by weight",
    "tax_class": "Tax class",
    "category": "Category",
    "brand": "Brand",
    "state": "Lifecycle",
    "cost": "Cost",
    "price": "Price",
    "note": "Note",
}


class ProductEditor(QDialog):
    """Emits `save_requested(product_id or None, fields)`; the page saves and calls `saved()` or
    `refused(error)`."""

    save_requested = Signal(object, dict)

    def __init__(
        self,
        parent: QWidget | None,
        *,
        product_id: uuid.UUID | None,
        fields: dict[str, str],
        tax_classes: list[str],
        locale: QLocale,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("product-editor")
        self.product_id = product_id
        self._locale = locale
        title = self.tr("New product") if product_id is None else fields.get("name", "")
        self.setWindowTitle(title)
        self.setMinimumWidth(720)
        self.boxes: dict[str, Any] = {}
        form = QFormLayout()
        for name in ("sku", "name", "category", "brand", "cost", "price"):
            box = QLineEdit(fields.get(name, ""))
            box.setObjectName(f"product-{name}")
            self.boxes[name] = box
        self.boxes["unit"] = self._combo("unit", list(UNITS), fields.get("unit", "pc"))
        self.boxes["weighed"] = self._combo("weighed", ["no", "yes"], fields.get("weighed", "no"))
        # A new product is most likely standard-rated: the reduced rate is the exception.
        default_class = "STD" if "STD" in tax_classes else (tax_classes or [""])[0]
        self.boxes["tax_class"] = self._combo(
            "tax_class", tax_classes, fields.get("tax_class", default_class)
        )
        self.boxes["state"] = self._combo(
            "state", [s.value for s in LifecycleState], fields.get("state", "ACTIVE")
        )
        note = QPlainTextEdit(fields.get("note", ""))
        note.setObjectName("product-note")
        note.setMaximumHeight(60)
        self.boxes["note"] = note
        for name in ("sku", "name", "category", "brand", "unit", "weighed", "tax_class", "state",
                     "cost", "price", "note"):  # fmt: skip
            form.addRow(self.tr(_LABELS[name]), self.boxes[name])

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

        body = QHBoxLayout()
        body.addLayout(form, 3)
        body.addLayout(codes, 2)
        self.error = QLabel("")
        self.error.setObjectName("product-error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _combo(self, name: str, choices: list[str], current: str) -> QComboBox:
        box = QComboBox()
        box.setObjectName(f"product-{name}")
        box.addItems(choices)
        if current and current not in choices:
            box.addItem(current)
        box.setCurrentText(current)
        return box

    def add_barcode(self, code: str, pack_milli: int) -> None:
        row = self.barcodes.rowCount()
        self.barcodes.insertRow(row)
        pack = format(int(pack_milli) / 1000, "g")
        self.barcodes.setItem(row, 0, QTableWidgetItem(code))
        quantity = QTableWidgetItem(pack)
        quantity.setTextAlignment(_RIGHT)
        self.barcodes.setItem(row, 1, quantity)
        if not code:
            self.barcodes.setCurrentCell(row, 0)
            self.barcodes.editItem(self.barcodes.item(row, 0))

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

    def fields(self) -> dict[str, str]:
        typed: dict[str, str] = {}
        for name, box in self.boxes.items():
            if isinstance(box, QComboBox):
                typed[name] = box.currentText()
            elif isinstance(box, QPlainTextEdit):
                typed[name] = box.toPlainText()
            else:
                typed[name] = box.text()
        codes = []
        for row in range(self.barcodes.rowCount()):
            code = (self.barcodes.item(row, 0) or QTableWidgetItem("")).text().strip()
            pack = (self.barcodes.item(row, 1) or QTableWidgetItem("1")).text().strip() or "1"
            if code:
                codes.append(code if pack == "1" else f"{code}:{pack}")
        typed["barcodes"] = "; ".join(codes)
        return typed

    def submit(self) -> None:
        self.error.setText("")
        for box in self.boxes.values():
            box.setStyleSheet("")
        self.save_requested.emit(self.product_id, self.fields())

    def refused(self, error: Exception) -> None:
        self.error.setText(str(error))
        if isinstance(error, FieldError):
            box = self.boxes.get(error.field) or (
                self.barcodes if error.field == "barcodes" else None
            )
            if box is not None:
                box.setStyleSheet("border: 2px solid #b00020;")
                box.setFocus()


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
    editor.save_requested.connect(lambda pid, typed: on_save(editor, pid, typed))
    editor.open()
    return editor
