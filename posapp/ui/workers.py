"""The catalogue worker: every query runs on its own thread, never on the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, QThread, Signal, Slot

from posapp.services.catalogue import SEARCH_LIMIT, count_matches, search_products
from posapp.services.shared import CatalogueReader
from posapp.ui.presenters.catalogue_lookup import COUNT_CAP


class CatalogueWorker(QObject):
    """Lives in a QThread. Requests older than `latest_serial` are skipped unrun: while a cashier
    types, only the newest text matters."""

    searched = Signal(int, object, int)  # serial, Sequence[ProductRow], how many match (capped)

    def __init__(self, catalogue: CatalogueReader) -> None:
        super().__init__()
        self._catalogue = catalogue
        self.latest_serial = 0  # written by the GUI thread; an int store is atomic

    @Slot(int, str)
    def search(self, serial: int, text: str) -> None:
        if serial < self.latest_serial:
            return
        rows = search_products(self._catalogue, text=text)
        matching = len(rows)
        if matching >= SEARCH_LIMIT:  # more may match than are shown: count them, up to a cap
            matching = max(matching, count_matches(self._catalogue, text=text, most=COUNT_CAP + 1))
        self.searched.emit(serial, rows, matching)


def start_worker_thread(worker: QObject, name: str) -> QThread:
    thread = QThread()
    thread.setObjectName(name)
    worker.moveToThread(thread)
    thread.start()
    return thread
