"""Goods in and adjustments in the back office: the stock documents, newest first, and the
editor a stock clerk fills at the back door — scan each item (a case counts its units; a GS1
label brings its batch and expiry), check the quantities, then Received. A document that moved
stock is shown read-only with its history; what may follow is the workflow's to say."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.quantity import Quantity
from posapp.domain.stock import DOCUMENT_NAMES, DocumentType
from posapp.services.stock import DocumentRow, DocumentView, StockAdmin
from posapp.ui.back_office.lists import fill_table, list_table
from posapp.ui.back_office.stock_document_editor import StockDocumentEditor
from posapp.ui.db_worker import RunJob, Say


class StockDocumentsPage(QWidget):
    def __init__(self, admin: StockAdmin, locale: QLocale, run: RunJob, say: Say) -> None:
        super().__init__()
        self.setObjectName("stock-documents-page")
        self._admin, self._locale, self._run, self._say = admin, locale, run, say
        # Where a new document may go first, by this store's workflow (read with the list).
        self.first_steps: dict[DocumentType, list[tuple[str, str]]] = {}
        self.rows: list[DocumentRow] = []
        self.editor: StockDocumentEditor | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        for text, doc_type in (
            (self.tr("New goods receipt…"), DocumentType.GOODS_RECEIPT),
            (self.tr("New purchase order…"), DocumentType.PURCHASE_ORDER),
            (self.tr("New adjustment…"), DocumentType.STOCK_ADJUSTMENT),
            (self.tr("New transfer…"), DocumentType.TRANSFER),
            (self.tr("Send to a store…"), DocumentType.TRANSFER_OUT),
        ):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, t=doc_type: self.new_document(t))
            top.addWidget(button)
        arriving = QPushButton(self.tr("Transfers arriving…"))
        arriving.setObjectName("transfers-arriving")
        arriving.clicked.connect(self.transfers_dialog)
        top.addWidget(arriving)
        opened = QPushButton(self.tr("Open…"))
        opened.clicked.connect(self.open_selected)
        top.addWidget(opened)
        top.addStretch(1)
        layout.addLayout(top)
        headers = ("Number", "Type", "Status", "Date", "Location", "Supplier / reason", "Lines")
        self.table = list_table([self.tr(h) for h in headers], right=(6,))
        self.table.setObjectName("stock-documents")
        self.table.doubleClicked.connect(lambda _: self.open_selected())
        layout.addWidget(self.table, 1)

    def load(self) -> None:
        self._run(lambda: self._admin.documents(doc_type=None, open_only=False), self._show)
        made_here = (
            DocumentType.GOODS_RECEIPT,
            DocumentType.PURCHASE_ORDER,
            DocumentType.STOCK_ADJUSTMENT,
            DocumentType.TRANSFER,
            DocumentType.TRANSFER_OUT,
        )
        self._run(
            lambda: {t: self._admin.first_steps(t) for t in made_here},
            lambda steps: self.first_steps.update(steps),
        )

    def _show(self, rows: list[DocumentRow]) -> None:
        self.rows = rows
        fill_table(
            self.table,
            [
                (
                    r.number,
                    DOCUMENT_NAMES[r.doc_type],
                    r.status,
                    f"{r.business_at.astimezone():%Y-%m-%d}",
                    r.location,
                    r.supplier_name or r.reason.replace("_", " "),
                    str(r.lines),
                )
                for r in rows
            ],
        )

    def new_document(self, doc_type: DocumentType) -> StockDocumentEditor:
        editor = StockDocumentEditor(self, doc_type, None)
        self._run(self._admin.locations, editor.set_locations)
        return self._open(editor)

    def open_selected(self) -> None:
        number = self.table.currentRow()
        if not 0 <= number < len(self.rows):
            self._say(self.tr("choose a document first"), error=True)
            return
        row = self.rows[number]
        self.open_document(row.id)

    def open_document(self, document_id: uuid.UUID) -> None:
        def shown(found: tuple[DocumentView, list[str]]) -> None:
            view, codes = found
            editor = StockDocumentEditor(self, view.row.doc_type, view)
            editor.set_locations(codes)
            self._open(editor)

        self._run(lambda: (self._admin.document(document_id), self._admin.locations()), shown)

    def _open(self, editor: StockDocumentEditor) -> StockDocumentEditor:
        self.editor = editor
        editor.open()
        return editor

    def transfers_dialog(self) -> QDialog:
        """Transfers from other stores on their way here: receive one as it was sent."""
        dialog = QDialog(self)
        dialog.setObjectName("transfers-dialog")
        dialog.setWindowTitle(self.tr("Transfers arriving"))
        dialog.resize(640, 320)
        column = QVBoxLayout(dialog)
        headers = ("From store", "Transfer", "Products", "Sent", "Still in transit")
        table = list_table([self.tr(h) for h in headers], right=(2, 3, 4))
        table.setObjectName("transfers-arriving-list")
        column.addWidget(table, 1)
        receive = QPushButton(self.tr("Receive the chosen one as sent"))
        receive.setObjectName("transfers-receive")
        column.addWidget(receive)
        found: list[tuple[str, str, int, int, int]] = []

        def shown(rows: list[tuple[str, str, int, int, int]]) -> None:
            found[:] = rows
            fill_table(
                table,
                [
                    (
                        store,
                        number,
                        str(products),
                        _qty(sent) if sent else self.tr("not here yet"),
                        _qty(left),
                    )
                    for store, number, products, sent, left in rows
                ],
            )

        def take() -> None:
            row = table.currentRow()
            if not 0 <= row < len(found):
                return
            store, number = found[row][0], found[row][1]

            def received(made: str) -> None:
                self._say(self.tr("%s received %s's %s") % (made, store, number))
                self._run(self._admin.in_transit, shown)
                self.load()

            self._run(
                lambda: self._admin.receive_transfer(from_store=store, number=number), received
            )

        receive.clicked.connect(take)
        self._run(self._admin.in_transit, shown)
        dialog.open()
        return dialog


def _qty(thousandths: int) -> str:
    return str(Quantity.from_thousandths(thousandths))
