"""The main window: catalogue lookup (scan or search) — the till and back office grow from here."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtGui import QCloseEvent, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.catalogue import ProductRow, ScannedProduct
from posapp.ui.models.product_table import ProductTableModel
from posapp.ui.presenters.catalogue_lookup import CatalogueLookupPresenter, is_scan
from posapp.ui.workers import CatalogueWorker, start_worker_thread


class CatalogueWindow(QMainWindow):
    search_requested = Signal(int, str)
    scan_requested = Signal(int, str)
    count_requested = Signal()
    ready = Signal()
    results_shown = Signal(str)  # the message shown with them

    def __init__(self, *, title: str, status: str, worker: CatalogueWorker) -> None:
        super().__init__()
        self.setWindowTitle(title)
        self._presenter = CatalogueLookupPresenter()
        self._worker = worker
        self._thread: QThread = start_worker_thread(worker, "catalogue-worker")
        self._status_text = status
        self._build()
        self._connect()
        self.count_requested.emit()

    def _build(self) -> None:
        central = QWidget(self)
        layout = QVBoxLayout(central)
        self.search_field = QLineEdit(central)
        self.search_field.setObjectName("search")
        self.search_field.setPlaceholderText(self.tr("Scan a barcode, or type a name or SKU…"))
        font = QFont(self.search_field.font())
        font.setPointSize(font.pointSize() + 6)
        self.search_field.setFont(font)
        self.search_field.setMinimumHeight(48)
        self.message = QLabel(central)
        self.message.setObjectName("message")
        self.table_model = ProductTableModel()
        self.table = QTableView(central)
        self.table.setModel(self.table_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.search_field)
        layout.addWidget(self.message)
        layout.addWidget(self.table)
        self.setCentralWidget(central)
        self.statusBar().showMessage(self._status_text)

    def _connect(self) -> None:
        self.search_field.textChanged.connect(self._text_changed)
        self.search_field.returnPressed.connect(self._enter_pressed)
        self.search_requested.connect(self._worker.search, Qt.ConnectionType.QueuedConnection)
        self.scan_requested.connect(self._worker.scan, Qt.ConnectionType.QueuedConnection)
        self.count_requested.connect(self._worker.count, Qt.ConnectionType.QueuedConnection)
        self._worker.searched.connect(self._searched)
        self._worker.scanned.connect(self._scanned)
        self._worker.failed.connect(self._failed)
        self._worker.counted.connect(self._counted)

    def _text_changed(self, text: str) -> None:
        request = self._presenter.text_changed(text)
        self._worker.latest_serial = self._presenter.serial
        if request is None:
            self._show()
            return
        self.search_requested.emit(request.serial, request.text)

    def _enter_pressed(self) -> None:
        typed = self.search_field.text()
        if not is_scan(typed):
            return
        # Clear first: clearing is itself a text change, and must not outdate the scan's answer.
        self.search_field.clear()
        request = self._presenter.enter_pressed(typed)
        assert request is not None
        self._worker.latest_serial = request.serial
        self.scan_requested.emit(request.serial, request.code)

    def _searched(self, serial: int, rows: Sequence[ProductRow]) -> None:
        if self._presenter.search_answered(serial, rows):
            self._show()

    def _scanned(self, serial: int, found: ScannedProduct) -> None:
        if self._presenter.scan_answered(serial, found):
            self._show()

    def _failed(self, serial: int, reason: str) -> None:
        if self._presenter.failed(serial, reason):
            self._show()

    def _counted(self, count: int) -> None:
        self.statusBar().showMessage(f"{count:,} products · {self._status_text}")
        self.ready.emit()

    def _show(self) -> None:
        self.table_model.set_rows(self._presenter.rows)
        self.message.setText(self._presenter.message)
        self.results_shown.emit(self._presenter.message)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._thread.quit()
        self._thread.wait(5000)
        super().closeEvent(event)
