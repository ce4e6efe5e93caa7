"""Search-as-you-type over the catalogue: a field, a message and a results table.

Queries run on the catalogue worker's own thread, so typing never waits behind a sale's commit."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.catalogue import ProductRow
from posapp.ui.models.product_table import ProductTableModel
from posapp.ui.presenters.catalogue_lookup import CatalogueLookupPresenter
from posapp.ui.wedge_filter import accept_scans
from posapp.ui.workers import CatalogueWorker


class ProductFinder(QWidget):
    search_requested = Signal(int, str)
    results_shown = Signal(str)  # the message shown with them
    chosen = Signal(object)  # ProductRow

    def __init__(self, parent: QWidget | None, worker: CatalogueWorker) -> None:
        super().__init__(parent)
        self._presenter = CatalogueLookupPresenter()
        self._worker = worker
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search_field = QLineEdit(self)
        self.search_field.setObjectName("search")
        accept_scans(self.search_field)  # scanning here looks the code up
        self.search_field.setPlaceholderText(self.tr("Type a name, SKU or barcode…"))
        font = QFont(self.search_field.font())
        font.setPointSize(font.pointSize() + 4)
        self.search_field.setFont(font)
        self.search_field.setMinimumHeight(44)
        self.message = QLabel(self)
        self.table_model = ProductTableModel()
        self.table = QTableView(self)
        self.table.setModel(self.table_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.search_field)
        layout.addWidget(self.message)
        layout.addWidget(self.table)
        self.search_field.textChanged.connect(self._text_changed)
        self.search_field.returnPressed.connect(self._choose_current)
        self.table.doubleClicked.connect(lambda index: self._choose(index.row()))
        self.search_requested.connect(worker.search, Qt.ConnectionType.QueuedConnection)
        worker.searched.connect(self._searched)

    def start(self, text: str = "") -> None:
        self.search_field.setText(text)
        self.search_field.setFocus()
        self.search_field.selectAll()

    def keyPressEvent(self, event: object) -> None:
        key = getattr(event, "key", lambda: None)()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.table_model.rowCount():
            row = max(0, self.table.currentIndex().row())
            step = 1 if key == Qt.Key.Key_Down else -1
            self.table.selectRow(min(max(row + step, 0), self.table_model.rowCount() - 1))
            return
        super().keyPressEvent(event)  # type: ignore[arg-type]

    def _text_changed(self, text: str) -> None:
        request = self._presenter.text_changed(text)
        self._worker.latest_serial = self._presenter.serial
        if request is None:
            self._show()
        else:
            self.search_requested.emit(request.serial, request.text)

    def _searched(self, serial: int, rows: Sequence[ProductRow], matching: int) -> None:
        if self._presenter.search_answered(serial, rows, matching):
            self._show()

    def _show(self) -> None:
        self.table_model.set_rows(self._presenter.rows)
        if self._presenter.rows:
            self.table.selectRow(0)
        self.message.setText(self._presenter.message)
        self.results_shown.emit(self._presenter.message)

    def _choose_current(self) -> None:
        index: QModelIndex = self.table.currentIndex()
        self._choose(index.row() if index.isValid() else 0)

    def _choose(self, row: int) -> None:
        if 0 <= row < self.table_model.rowCount():
            self.chosen.emit(self.table_model.row_at(row))
