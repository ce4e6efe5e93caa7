"""The catalogue worker: every query runs on its own thread, never on the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, QThread, Signal, Slot

from posapp.domain.errors import DomainError
from posapp.services.catalogue import scan_barcode, search_products
from posapp.services.ports import CatalogueReader


class CatalogueWorker(QObject):
    """Lives in a QThread. Requests older than `latest_serial` are skipped unrun: while a cashier
    types, only the newest text matters."""

    searched = Signal(int, object)  # serial, Sequence[ProductRow]
    scanned = Signal(int, object)  # serial, ScannedProduct
    failed = Signal(int, str)  # serial, reason
    counted = Signal(int)  # products in the catalogue

    def __init__(self, catalogue: CatalogueReader) -> None:
        super().__init__()
        self._catalogue = catalogue
        self.latest_serial = 0  # written by the GUI thread; an int store is atomic

    @Slot(int, str)
    def search(self, serial: int, text: str) -> None:
        if serial < self.latest_serial:
            return
        self.searched.emit(serial, search_products(self._catalogue, text=text))

    @Slot(int, str)
    def scan(self, serial: int, code: str) -> None:
        try:
            self.scanned.emit(serial, scan_barcode(self._catalogue, code=code))
        except DomainError as error:
            self.failed.emit(serial, str(error))

    @Slot()
    def count(self) -> None:
        self.counted.emit(self._catalogue.count_products())


def start_worker_thread(worker: QObject, name: str) -> QThread:
    thread = QThread()
    thread.setObjectName(name)
    worker.moveToThread(thread)
    thread.start()
    return thread
