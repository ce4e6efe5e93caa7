"""The product list: filter as you type over a million products, a page of 200 at a time (never
the whole catalogue), open one to edit, or change many at once (category, price by percent,
lifecycle state). Every read and write runs on the back office's worker thread."""

from __future__ import annotations

import uuid
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
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

from posapp.domain.catalogue import LifecycleState
from posapp.services.catalogue import BulkChange, CatalogueAdmin, CheckedRow, ProductListRow
from posapp.ui.back_office.guarded import run_guarded
from posapp.ui.back_office.import_dialog import ImportDialog
from posapp.ui.back_office.lists import RIGHT
from posapp.ui.back_office.product_editor import ProductEditor, open_editor
from posapp.ui.db_worker import RunJob, Say
from posapp.ui.formatting import format_money

PAGE_SIZE = 200


class ProductsPage(QWidget):
    def __init__(
        self,
        admin: CatalogueAdmin,
        locale: QLocale,
        run: RunJob,
        say: Say,
    ) -> None:
        super().__init__()
        self.setObjectName("products-page")
        self._admin, self._locale, self._run, self._say = admin, locale, run, say
        self.rows: list[ProductListRow] = []
        self.offset = 0
        self.editor: ProductEditor | None = None
        self.importing: ImportDialog | None = None
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_top())
        layout.addWidget(self._build_table(), 1)
        layout.addLayout(self._build_paging())
        layout.addLayout(self._build_bulk_edit())

    def _build_top(self) -> QHBoxLayout:
        """The filter, and the buttons for new, edit, files and shelf labels."""
        self.filter = QLineEdit()
        self.filter.setObjectName("product-filter")
        self.filter.setPlaceholderText(self.tr("Filter by name, SKU or barcode…"))
        self._typing = QTimer(self, singleShot=True, interval=150)
        self._typing.timeout.connect(self.first_page)
        self.filter.textChanged.connect(lambda _: self._typing.start())
        new = QPushButton(self.tr("New product…"))
        new.clicked.connect(self.new_product)
        edit = QPushButton(self.tr("Edit…"))
        edit.clicked.connect(self.edit_selected)
        import_file = QPushButton(self.tr("Import…"))
        import_file.clicked.connect(self._ask_import)
        export_file = QPushButton(self.tr("Export…"))
        export_file.clicked.connect(self._ask_export)
        labels = QPushButton(self.tr("Shelf labels…"))
        labels.clicked.connect(self._ask_labels)
        self.label_layout = QComboBox()
        self.label_layout.addItems(["a4-3x8", "printer-58x40"])
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        for button in (new, edit, import_file, export_file, labels, self.label_layout):
            top.addWidget(button)
        return top

    def _build_table(self) -> QTableWidget:
        headers = ["SKU", "Name", "Category", "State", "Price", "Cost", "Barcodes"]
        self.table = QTableWidget(0, len(headers))
        self.table.setObjectName("product-list")
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in headers])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 110), (2, 140), (3, 110), (4, 90), (5, 90), (6, 150)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(lambda _: self.edit_selected())
        return self.table

    def _build_paging(self) -> QHBoxLayout:
        self.page_label = QLabel("")
        self.previous = QPushButton(self.tr("◀ Previous"))
        self.previous.clicked.connect(lambda: self.load(max(0, self.offset - PAGE_SIZE)))
        self.next = QPushButton(self.tr("Next ▶"))
        self.next.clicked.connect(lambda: self.load(self.offset + PAGE_SIZE))
        paging = QHBoxLayout()
        paging.addWidget(self.page_label, 1)
        paging.addWidget(self.previous)
        paging.addWidget(self.next)
        return paging

    def _build_bulk_edit(self) -> QHBoxLayout:
        """Category, price by % and state for the selected products at once."""
        self.bulk_category = QLineEdit()
        self.bulk_category.setPlaceholderText(self.tr("category"))
        self.bulk_percent = QLineEdit()
        self.bulk_percent.setPlaceholderText(self.tr("+/− %"))
        self.bulk_percent.setMaximumWidth(80)
        self.bulk_state = QComboBox()
        self.bulk_state.addItems([s.value for s in LifecycleState])
        bulk = QHBoxLayout()
        bulk.addWidget(QLabel(self.tr("Selected products:")))
        for box, text, change in (
            (self.bulk_category, self.tr("Set category"), self._category_change),
            (self.bulk_percent, self.tr("Change price by %"), self._percent_change),
            (self.bulk_state, self.tr("Set state"), self._state_change),
        ):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, change=change: self.bulk_edit(change()))
            bulk.addWidget(box)
            bulk.addWidget(button)
        bulk.addStretch(1)
        return bulk

    # -- list -------------------------------------------------------------------------------------
    def first_page(self) -> None:
        self.load(0)

    def load(self, offset: int) -> None:
        typed = self.filter.text()

        def shown(rows: list[ProductListRow]) -> None:
            if typed != self.filter.text():
                return  # typed on meanwhile: the newer query's answer counts
            self.offset = offset
            self.show_rows(rows[:PAGE_SIZE], more=len(rows) > PAGE_SIZE)

        self._run(lambda: self._admin.page(typed=typed, offset=offset, limit=PAGE_SIZE + 1), shown)

    def show_rows(self, rows: list[ProductListRow], *, more: bool) -> None:
        self.rows = rows
        table = self.table
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cost = "" if row.cost is None else format_money(row.cost, self._locale)
            cells = (
                row.sku,
                row.name,
                row.category,
                row.state.replace("_", " ").lower(),
                format_money(row.price, self._locale),
                cost,
                row.barcodes,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (4, 5):
                    item.setTextAlignment(RIGHT)
                if row.state == "ARCHIVED":
                    item.setForeground(Qt.GlobalColor.gray)
                table.setItem(r, column, item)
        first = self.offset + 1 if rows else 0
        self.page_label.setText(
            self.tr("Products %s–%s%s")
            % (
                f"{first:,}",
                f"{self.offset + len(rows):,}",
                self.tr(", more follow") if more else "",
            )
        )
        self.previous.setEnabled(self.offset > 0)
        self.next.setEnabled(more)

    def selected_ids(self) -> list[uuid.UUID]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.rows[row].id for row in rows if row < len(self.rows)]

    # -- editor -----------------------------------------------------------------------------------
    def new_product(self) -> None:
        self._run(self._admin.tax_classes, lambda classes: self._open(None, {}, classes))

    def edit_selected(self) -> None:
        chosen = self.selected_ids()
        if not chosen:
            self._say(self.tr("choose a product first"), error=True)
            return
        product_id = chosen[0]

        def loaded(found: tuple[dict[str, str], list[str], list[Any]]) -> None:
            fields, classes, history = found
            self._open(product_id, fields, classes)
            assert self.editor is not None
            self.editor.show_history(history)

        def load() -> tuple[dict[str, str], list[str], list[Any]]:
            fields = self._admin.fields(product_id)
            return fields, self._admin.tax_classes(), self._admin.price_history(fields["sku"])

        self._run(load, loaded)

    def _open(
        self, product_id: uuid.UUID | None, fields: dict[str, str], classes: list[str]
    ) -> None:
        self.editor = open_editor(
            self,
            product_id=product_id,
            fields=fields,
            tax_classes=classes,
            locale=self._locale,
            on_save=self._save,
        )

    def _save(
        self, editor: ProductEditor, product_id: uuid.UUID | None, typed: dict[str, str]
    ) -> None:
        def saved(_: object) -> None:
            self._say(self.tr("%s saved") % typed.get("name", ""))
            editor.accept()
            self.load(self.offset)

        run_guarded(
            self._run,
            self._say,
            lambda: self._admin.save(product_id=product_id, fields=typed),
            saved,
            editor.refused,
        )

    # -- files ------------------------------------------------------------------------------------
    def _preview(self, row: CheckedRow) -> tuple[str, ...]:
        product = row.product
        return (
            product.sku,
            product.name,
            format_money(product.price, self._locale),
            "  ".join(code for code, _ in product.barcodes),
            self.tr("new") if row.product_id is None else self.tr("changes an existing one"),
        )

    def _ask_import(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import products"), "", self.tr("Tables (*.csv *.xlsx)")
        )
        if chosen:
            self.import_file(Path(chosen))

    def import_file(self, path: Path) -> ImportDialog:
        headers = [self.tr(h) for h in ("SKU", "Name", "Price", "Barcodes")]
        dialog = ImportDialog(
            self,
            self.tr("products"),
            path,
            (self._admin.check_file, self._admin.import_file),
            (headers, self._preview),
            self._run,
        )
        dialog.finished_import.connect(lambda count: self.load(0))
        self.importing = dialog
        dialog.open()
        dialog.start_check()
        return dialog

    def _ask_export(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export products"), "products.xlsx", self.tr("Tables (*.csv *.xlsx)")
        )
        if chosen:
            self.export_file(Path(chosen))

    def export_file(self, path: Path) -> None:
        self._say(self.tr("exporting…"))
        self._run(
            lambda: self._admin.export_file(path),
            lambda count: self._say(self.tr("%s products written to %s") % (f"{count:,}", path)),
        )

    def _ask_labels(self) -> None:
        if not self.selected_ids():
            self._say(self.tr("choose the products to label first"), error=True)
            return
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save shelf labels"), "shelf-labels.pdf", "PDF (*.pdf)"
        )
        if chosen:
            self.save_labels(Path(chosen))

    def save_labels(self, path: Path) -> None:
        chosen, layout = self.selected_ids(), self.label_layout.currentText()
        self._run(
            lambda: path.write_bytes(self._admin.labels_pdf(product_ids=chosen, layout=layout)),
            lambda _: self._say(self.tr("%s label(s) saved to %s") % (len(chosen), path)),
        )

    # -- bulk edits -------------------------------------------------------------------------------
    def _category_change(self) -> BulkChange:
        return BulkChange(category=self.bulk_category.text())

    def _percent_change(self) -> BulkChange | str:
        typed = self.bulk_percent.text().strip().rstrip("%").replace(",", ".").replace("−", "-")
        try:
            return BulkChange(price_percent=Decimal(typed))
        except InvalidOperation:
            return self.tr("price change: %r is not a percentage") % self.bulk_percent.text()

    def _state_change(self) -> BulkChange:
        return BulkChange(state=LifecycleState(self.bulk_state.currentText()))

    def bulk_edit(self, change: BulkChange | str) -> None:
        if isinstance(change, str):
            self._say(change, error=True)
            return
        chosen = self.selected_ids()
        if not chosen:
            self._say(self.tr("choose products first"), error=True)
            return

        def changed(count: int) -> None:
            self._say(self.tr("%s product(s) changed") % count)
            self.load(self.offset)

        self._run(lambda: self._admin.bulk_edit(product_ids=chosen, change=change), changed)
