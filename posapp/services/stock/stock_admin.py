"""What the back office's stock screens read and change: stock on hand by product and location,
a product's movements with the running balance, the stock documents and their history."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from posapp.domain.batches import Pick
from posapp.domain.stock import DocumentType, StatusChange
from posapp.services.stock.batches import ExpiryAlert


@dataclass(frozen=True)
class StockRow:
    product_id: uuid.UUID
    sku: str
    name: str
    unit: str
    location: str  # its code
    on_hand_milli: int
    reorder_point_milli: int | None  # None: no limit set here
    reserved_milli: int = 0  # set aside by documents not yet done (picked for a transfer)

    @property
    def low(self) -> bool:
        point = self.reorder_point_milli
        return self.on_hand_milli < 0 or (point is not None and self.on_hand_milli < point)


@dataclass(frozen=True)
class MovementRow:
    seq: int
    at: datetime  # business time
    reason: str  # SALE, RETURN, RECEIPT, DAMAGED, FOUND…
    document: str  # the sale's or stock document's number
    location: str
    quantity_milli: int
    balance_milli: int  # the product's stock in every location after this movement


@dataclass(frozen=True)
class DocumentRow:
    id: uuid.UUID
    number: str
    doc_type: DocumentType
    status: str
    location: str
    supplier: str  # its code, or ""
    supplier_name: str
    reason: str  # an adjustment's, or ""
    reference: str
    lines: int
    business_at: datetime
    created_by: str


@dataclass(frozen=True)
class DocumentView:
    """A document as its editor shows it: header fields and lines as text, what may follow."""

    row: DocumentRow
    lines: list[dict[str, str]]  # sku, name, quantity, cost, batch, expiry
    editable: bool
    next_statuses: list[tuple[str, str]]  # (status, what the button says)
    history: list[StatusChange]


class StockAdmin(Protocol):
    """The stock screens' port, for the person signed in (bootstrap implements it)."""

    def on_hand(
        self,
        *,
        typed: str,
        location: str | None,
        low_only: bool,
        offset: int,
        limit: int,
        category: str | None = None,
    ) -> list[StockRow]:
        """Stock by product and location, by product name; `typed` matches name, SKU, barcode."""
        ...

    def movements(self, *, product_id: uuid.UUID, offset: int, limit: int) -> list[MovementRow]:
        """Newest first."""
        ...

    def locations(self) -> list[str]: ...

    def expiring(self) -> ExpiryAlert:
        """Batches on hand expiring within the shop's alert days, the expired ones too."""
        ...

    def first_expiring(self, sku: str, location: str, quantity_milli: int) -> list[Pick]:
        """The batches at `location` to take `quantity_milli` of the product from, first expiry
        first, never an expired one; they add up to less when the batches hold less."""
        ...

    def identify(self, code: str) -> dict[str, str]:
        """A line for what was scanned or typed: sku, name, quantity (a case's units), and the
        batch and expiry a GS1 label carries; UnknownBarcode when it is nothing of ours."""
        ...

    def documents(self, *, doc_type: DocumentType | None, open_only: bool) -> list[DocumentRow]:
        """Newest first."""
        ...

    def document(self, document_id: uuid.UUID) -> DocumentView: ...

    def create(
        self,
        *,
        doc_type: DocumentType,
        header: Mapping[str, str],
        lines: Sequence[Mapping[str, str]],
    ) -> uuid.UUID:
        """A new draft from typed fields (location, supplier, reason, reference, date)."""
        ...

    def save(
        self,
        *,
        document_id: uuid.UUID,
        header: Mapping[str, str],
        lines: Sequence[Mapping[str, str]],
    ) -> None: ...

    def change_status(self, *, document_id: uuid.UUID, to_status: str, note: str = "") -> None: ...

    def order_pdf(self, order_id: uuid.UUID) -> bytes:
        """The purchase order as the PDF the supplier is sent."""
        ...

    def in_transit(self) -> list[tuple[str, str, int, int, int]]:
        """Transfers to this store not yet received or settled: (from store, number, products,
        sent, still in transit), in thousandths."""
        ...

    def receive_transfer(self, *, from_store: str, number: str) -> str:
        """Receive onto the shop floor all that was sent; the transfer in's number."""
        ...

    def first_steps(self, doc_type: DocumentType) -> list[tuple[str, str]]:
        """Where a new document of the type may go, as this store's workflow says (not to
        cancelled: a new document is simply not saved)."""
        ...

    def receipt_note_pdf(self, receipt_id: uuid.UUID) -> bytes:
        """A goods receipt as the note filed with the delivery: lines, batches, signatures."""
        ...

    def changed_price_labels(self, receipt_id: uuid.UUID) -> bytes | None:
        """Shelf labels of the receipt's products whose selling price changed since the
        store's previous goods receipt; None when none did."""
        ...

    def receive_order(self, order_id: uuid.UUID) -> uuid.UUID:
        """A goods receipt draft of everything the order still has to come."""
        ...
