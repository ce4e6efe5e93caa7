"""The stock document editor: a document's header, its lines — scanned at the back door (a case
counts its units; a GS1 label brings its batch and expiry) or typed — and the steps its
workflow allows; a document that moved stock shows read-only with its history, and a received
delivery prints its note and the labels of its new prices."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from posapp.domain.errors import DomainError
from posapp.domain.quantity import Quantity
from posapp.domain.stock import CHOSEN_REASONS, DOCUMENT_NAMES, DocumentType
from posapp.services.stock import DocumentView
from posapp.ui.back_office import batch_picking
from posapp.ui.back_office.guarded import run_guarded

if TYPE_CHECKING:
    from posapp.ui.back_office.stock_documents_page import StockDocumentsPage

LINE_COLUMNS = ("sku", "name", "quantity", "cost", "batch", "expiry", "received")
_HEADERS = ("SKU", "Name", "Quantity", "Cost", "Batch", "Expiry (YYYY-MM-DD)", "Received")


class StockDocumentEditor(QDialog):
    """One document: its header, its lines (scanned or typed) and the steps its status allows."""

    def __init__(
        self, page: StockDocumentsPage, doc_type: DocumentType, view: DocumentView | None
    ) -> None:
        super().__init__(page)
        self.setObjectName("stock-document-editor")
        self._page, self.doc_type, self.view = page, doc_type, view
        self._admin, self._run, self._say = page._admin, page._run, page._say
        self.document_id = None if view is None else view.row.id
        editable = view is None or view.editable
        title = DOCUMENT_NAMES[doc_type].capitalize()
        if view is not None:
            title += f" {view.row.number} — {view.row.status}"
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_header(view, editable))
        self.scan = QLineEdit()
        self.scan.setObjectName("stock-scan")
        self.scan.setPlaceholderText(self.tr("Scan or type a barcode or SKU, then Enter"))
        self.scan.returnPressed.connect(self.scanned)
        self.scan.setEnabled(editable)
        layout.addWidget(self.scan)
        self.lines = QTableWidget(0, len(LINE_COLUMNS))
        self.lines.setObjectName("stock-lines")
        self.lines.setHorizontalHeaderLabels([self.tr(h) for h in _HEADERS])
        self.lines.horizontalHeader().setStretchLastSection(True)
        self.lines.setColumnWidth(1, 260)
        if not editable:
            self.lines.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for line in [] if view is None else view.lines:
            self.add_line(line)
        # What came against each line is an order's; batches and expiry are the goods'.
        ordering = doc_type is DocumentType.PURCHASE_ORDER
        self.lines.setColumnHidden(LINE_COLUMNS.index("received"), not ordering)
        for name in ("batch", "expiry"):
            self.lines.setColumnHidden(LINE_COLUMNS.index(name), ordering)
        layout.addWidget(self.lines, 1)
        if view is not None and view.history:
            steps = " → ".join(
                f"{h.to_status} ({h.by}, {h.at.astimezone():%Y-%m-%d %H:%M})" for h in view.history
            )
            history = QLabel(self.tr("History: %s") % steps)
            history.setObjectName("stock-document-history")
            history.setWordWrap(True)
            layout.addWidget(history)
        self.problem = QLabel("")
        self.problem.setObjectName("stock-document-problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        layout.addWidget(self.problem)
        layout.addLayout(self._build_buttons(view, editable))
        self.resize(900, 600)

    def _build_header(self, view: DocumentView | None, editable: bool) -> QFormLayout:
        form = QFormLayout()
        row = None if view is None else view.row
        self.location = QComboBox()
        self.supplier = QLineEdit("" if row is None else row.supplier)
        self.supplier.setPlaceholderText(self.tr("the supplier's code (optional)"))
        self.reason = QComboBox()
        self.reason.addItems([reason.value for reason in CHOSEN_REASONS])
        self.reference = QLineEdit("" if row is None else row.reference)
        self.date = QLineEdit("" if row is None else f"{row.business_at.astimezone():%Y-%m-%d}")
        self.date.setPlaceholderText(self.tr("YYYY-MM-DD (blank: today)"))
        if row is not None and row.reason:
            self.reason.setCurrentText(row.reason)
        # Where a transfer goes: another location here, or another store.
        self.to_location = QComboBox()
        self.to_store = QLineEdit()
        self.to_store.setPlaceholderText(self.tr("the receiving store's code, e.g. S02"))
        form.addRow(self.tr("Location"), self.location)
        if self.doc_type is DocumentType.TRANSFER:
            form.addRow(self.tr("To location"), self.to_location)
        elif self.doc_type is DocumentType.TRANSFER_OUT:
            form.addRow(self.tr("To store"), self.to_store)
        if self.doc_type in (DocumentType.TRANSFER, DocumentType.TRANSFER_OUT):
            self.reference.setPlaceholderText(self.tr("a note, a delivery number"))
        elif self.doc_type is not DocumentType.STOCK_ADJUSTMENT:
            form.addRow(self.tr("Supplier"), self.supplier)
            self.reference.setPlaceholderText(self.tr("their delivery note or quote"))
        else:
            form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.tr("Reference"), self.reference)
        form.addRow(self.tr("Date"), self.date)
        for box in (
            self.location,
            self.supplier,
            self.reason,
            self.reference,
            self.date,
            self.to_location,
            self.to_store,
        ):
            box.setEnabled(editable)
        return form

    def _build_buttons(self, view: DocumentView | None, editable: bool) -> QHBoxLayout:
        buttons = QHBoxLayout()
        if editable:
            remove = QPushButton(self.tr("Remove line"))
            remove.clicked.connect(lambda: self.lines.removeRow(self.lines.currentRow()))
            save = QPushButton(self.tr("Save draft"))
            save.clicked.connect(lambda: self.save(None))
            buttons.addWidget(remove)
            buttons.addWidget(save)
        if editable and self.doc_type in (DocumentType.TRANSFER, DocumentType.TRANSFER_OUT):
            buttons.addWidget(batch_picking.button(self))
        buttons.addStretch(1)
        first_steps = {
            DocumentType.GOODS_RECEIPT: [("received", self.tr("Received"))],
            DocumentType.PURCHASE_ORDER: [("sent", self.tr("Send"))],
            DocumentType.STOCK_ADJUSTMENT: [("posted", self.tr("Posted"))],
            DocumentType.TRANSFER: [("transferred", self.tr("Transferred"))],
            DocumentType.TRANSFER_OUT: [("sent", self.tr("Send"))],
        }
        shipped = first_steps.get(self.doc_type, [])
        steps = (
            view.next_statuses
            if view is not None
            else (self._page.first_steps.get(self.doc_type) or shipped)
        )
        if view is not None and self.doc_type is DocumentType.PURCHASE_ORDER:
            pdf = QPushButton(self.tr("PDF for the supplier…"))
            pdf.clicked.connect(lambda: self._ask_where_to_save_pdf("order"))
            buttons.addWidget(pdf)
        if view is not None and self.doc_type is DocumentType.GOODS_RECEIPT and not view.editable:
            for what, text in (
                ("note", self.tr("Receipt note…")),
                ("labels", self.tr("Labels for new prices…")),
            ):
                button = QPushButton(text)
                button.setObjectName(f"receipt-{what}")
                button.clicked.connect(lambda _=False, w=what: self._ask_where_to_save_pdf(w))
                buttons.addWidget(button)
        if view is not None and view.row.status in ("sent", "partially_received"):
            receive = QPushButton(self.tr("Receive goods…"))
            receive.setObjectName("receive-order")
            receive.clicked.connect(self.receive_goods)
            buttons.addWidget(receive)
        self.step_buttons: dict[str, QPushButton] = {}
        for status, name in steps:
            button = QPushButton(name)
            button.setObjectName(f"to-{status}")
            button.clicked.connect(lambda _=False, s=status: self.save(s))
            buttons.addWidget(button)
            self.step_buttons[status] = button
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        buttons.addWidget(close)
        _no_default_button(buttons)
        return buttons

    def set_locations(self, codes: list[str]) -> None:
        current = None if self.view is None else self.view.row.location
        self.location.addItems(codes)
        self.to_location.addItems(codes)
        if current:
            self.location.setCurrentText(current)
        elif "FLOOR" in codes:  # a new document starts on the shop floor
            self.location.setCurrentText("FLOOR")
        elsewhere = [code for code in codes if code != self.location.currentText()]
        if elsewhere:  # a transfer goes somewhere else
            self.to_location.setCurrentText(elsewhere[0])

    # -- lines ------------------------------------------------------------------------------------
    def add_line(self, fields: dict[str, str]) -> None:
        row = self.lines.rowCount()
        self.lines.insertRow(row)
        for column, name in enumerate(LINE_COLUMNS):
            item = QTableWidgetItem(fields.get(name, ""))
            if name in ("name", "received"):
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.lines.setItem(row, column, item)

    def typed_lines(self) -> list[dict[str, str]]:
        return [
            {
                name: (cell.text() if (cell := self.lines.item(row, column)) else "").strip()
                for column, name in enumerate(LINE_COLUMNS)
                if name != "received"
            }
            for row in range(self.lines.rowCount())
        ]

    def scanned(self) -> None:
        code = self.scan.text().strip()
        self.scan.clear()
        if not code:
            return

        def found(line: dict[str, str]) -> None:
            self.problem.setText("")
            for row, typed in enumerate(self.typed_lines()):
                if (typed["sku"], typed["batch"]) == (line["sku"], line["batch"]):
                    total = _sum(typed["quantity"], line["quantity"])
                    self.lines.setItem(row, 2, QTableWidgetItem(total))
                    self.lines.selectRow(row)
                    return
            self.add_line(line)
            self.lines.selectRow(self.lines.rowCount() - 1)

        run_guarded(self._run, self._say, lambda: self._admin.identify(code), found, self._refused)

    # -- saving and steps -------------------------------------------------------------------------
    def header(self) -> dict[str, str]:
        return {
            "location": self.location.currentText(),
            "supplier": self.supplier.text(),
            "reason": self.reason.currentText()
            if self.doc_type is DocumentType.STOCK_ADJUSTMENT
            else "",
            "reference": self.reference.text(),
            "date": self.date.text(),
            "to": self.to_location.currentText() if self.doc_type is DocumentType.TRANSFER else "",
            "to_store": self.to_store.text(),
        }

    def save(self, then: str | None) -> None:
        """Save the draft (made on the first save), then take the step `then`, if any."""
        header, lines = self.header(), self.typed_lines()
        editable = self.view is None or self.view.editable
        admin, known = self._admin, self.document_id

        def job() -> uuid.UUID:
            document_id = known
            if editable:
                if document_id is None:
                    document_id = admin.create(doc_type=self.doc_type, header=header, lines=lines)
                else:
                    admin.save(document_id=document_id, header=header, lines=lines)
            assert document_id is not None
            if then is not None:
                admin.change_status(document_id=document_id, to_status=then)
            return document_id

        def done(document_id: uuid.UUID) -> None:
            self.document_id = document_id
            what = DOCUMENT_NAMES[self.doc_type]
            if then is None:
                self._say(self.tr("the %s is saved as a draft") % what)
            else:
                self._say(self.tr("the %s is now %s") % (what, then))
            self._page.load()
            if then is not None:
                self.accept()

        run_guarded(self._run, self._say, job, done, self._refused)

    def _ask_where_to_save_pdf(self, what: str) -> None:
        assert self.view is not None
        suffix = {"order": "", "note": "-note", "labels": "-labels"}[what]
        target, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save as PDF"), f"{self.view.row.number}{suffix}.pdf", "PDF (*.pdf)"
        )
        if target:
            self.save_pdf(Path(target), what)

    def save_pdf(self, target: Path, what: str = "order") -> None:
        """The order for the supplier, a receipt's note, or the labels of its new prices."""
        assert self.document_id is not None
        document_id, admin = self.document_id, self._admin

        def write() -> bool:
            if what == "order":
                made: bytes | None = admin.order_pdf(document_id)
            elif what == "note":
                made = admin.receipt_note_pdf(document_id)
            else:
                made = admin.changed_price_labels(document_id)
            if made is not None:
                target.write_bytes(made)
            return made is not None

        def written(saved: bool) -> None:
            if saved:
                self._say(self.tr("saved to %s") % target)
            else:
                self._say(self.tr("no selling price changed since the receipt before this one"))

        run_guarded(self._run, self._say, write, written, self._refused)

    def receive_goods(self) -> None:
        """A goods receipt of everything this order still has to come, opened to check."""
        assert self.document_id is not None
        order_id = self.document_id

        def opened(receipt_id: uuid.UUID) -> None:
            self.accept()
            self._page.open_document(receipt_id)
            self._page.load()

        run_guarded(
            self._run, self._say, lambda: self._admin.receive_order(order_id), opened, self._refused
        )

    def _refused(self, error: Exception) -> None:
        self.problem.setText(str(error))


def _no_default_button(buttons: QHBoxLayout) -> None:
    """Enter belongs to the scan field alone: a scanner ends every code with it, and a default
    button would remove a line or receive the delivery half scanned."""
    for index in range(buttons.count()):
        item = buttons.itemAt(index)
        widget = None if item is None else item.widget()
        if isinstance(widget, QPushButton):
            widget.setAutoDefault(False)
            widget.setDefault(False)


def _sum(first: str, second: str) -> str:
    """Two typed quantities added, or the first as typed when it is not a quantity."""
    try:
        return str(Quantity.parse(first) + Quantity.parse(second))
    except (DomainError, ValueError):
        return first
