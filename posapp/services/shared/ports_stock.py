"""Stock documents and their workflow, the store's locations and reorder limits: the port the
stock room's use cases write through."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from posapp.domain.payables import OpenBill, Payment
from posapp.domain.stock import (
    DocumentType,
    LocationKind,
    StatusChange,
    StockDocument,
    Workflow,
)
from posapp.domain.stock_count import CountHeader, CountLine


class StockDocuments(Protocol):
    def workflow(self, doc_type: DocumentType) -> Workflow:
        """The document type's statuses and transitions, as this store holds them."""
        ...

    def reserve(self, document: StockDocument) -> None:
        """Set the document's lines aside at its location."""
        ...

    def release(self, document_id: uuid.UUID) -> None:
        """Whatever the document set aside, free again."""
        ...

    def replace_workflow(self, workflow: Workflow) -> None:
        """The type's statuses and transitions, replaced by these."""
        ...

    def documents_in(self, doc_type: DocumentType, status: str) -> int: ...

    def location_id(self, code: str | None) -> uuid.UUID | None:
        """The location with this code; None for code: the store's selling location."""
        ...

    def next_number(self, prefix: str, terminal_code: str) -> str:
        """The next number of this node's series for `prefix` (GR-T01-000001): never reused."""
        ...

    def add(self, document: StockDocument, at: datetime) -> None: ...

    def get(self, document_id: uuid.UUID) -> StockDocument | None: ...

    def id_of_number(self, number: str) -> uuid.UUID | None: ...

    def replace_lines(self, document: StockDocument, at: datetime) -> None:
        """The document's lines (and header fields a draft may change) as given."""
        ...

    def set_status(
        self, document_id: uuid.UUID, status: str, at: datetime, *, completed: bool
    ) -> None: ...

    def history(self, document_id: uuid.UUID) -> list[StatusChange]: ...

    def add_history(self, document_id: uuid.UUID, change: StatusChange) -> None: ...

    def add_location(
        self,
        location_id: uuid.UUID,
        *,
        code: str,
        name: str,
        kind: LocationKind,
        capacity: int | None,
        at: datetime,
    ) -> None:
        """A new location of this node's store."""
        ...

    def transit_location(self, store_code: str) -> uuid.UUID:
        """This store's transit location (goods on their way here), made the first time."""
        ...

    def transit_balance(
        self, transit_id: uuid.UUID, origin: str, number: str, reference: str
    ) -> dict[uuid.UUID, tuple[int, int]]:
        """Product → (sent into this store's transit by transfer `number` of store `origin`,
        still in transit after what names it as `reference`)."""
        ...

    def set_due(self, document_id: uuid.UUID, due_at: datetime) -> None: ...

    def received_lines(self, line_ids: list[uuid.UUID]) -> dict[uuid.UUID, tuple[int, int]]:
        """Receipt line → (quantity, unit cost) of those in completed goods receipts."""
        ...

    def tax_rate_ppm(self, product_id: uuid.UUID) -> int:
        """The product's tax rate (its class's first), what a bill line is taxed at unless
        the invoice says otherwise."""
        ...

    def set_limits(
        self, product_id: uuid.UUID, location_id: uuid.UUID, point_milli: int, level_milli: int
    ) -> None:
        """The product's reorder point and level at the location, replacing any before."""
        ...

    def received_against(self, order_id: uuid.UUID) -> dict[uuid.UUID, int]:
        """Order line → what the order's completed receipts brought in (thousandths)."""
        ...


class StockCounts(Protocol):
    """Stock counts' book, counted lines and settling (posapp.db.stock_counts_repository)."""

    def start(
        self,
        document_id: uuid.UUID,
        *,
        location_id: uuid.UUID,
        category_id: uuid.UUID | None,
        blind: bool,
    ) -> int:
        """Take the book of the count's scope now; how many lines it has."""
        ...

    def record_counted(
        self,
        document_id: uuid.UUID,
        location_id: uuid.UUID,
        counted: Sequence[tuple[uuid.UUID, int]],
        *,
        add: bool,
        at: datetime,
    ) -> None: ...

    def settle(
        self, document_id: uuid.UUID, location_id: uuid.UUID, *, uncounted_zero: bool, at: datetime
    ) -> list[tuple[uuid.UUID, int]]:
        """(product, counted − what the ledger held when it was counted) of lines that differ."""
        ...

    def mark_posted(self, document_id: uuid.UUID) -> None: ...

    def header(self, document_id: uuid.UUID) -> CountHeader | None: ...

    def lines(self, document_id: uuid.UUID) -> list[CountLine]: ...

    def tally(self, document_id: uuid.UUID) -> tuple[int, int]:
        """(lines, lines counted) of the count."""
        ...

    def late_movements(self) -> list[tuple[uuid.UUID, uuid.UUID, int]]:
        """(count, product, Σ quantity) recorded since each posted count last settled, dated
        before the product was counted."""
        ...

    def all_settled(self) -> None: ...


class Payables(Protocol):
    """What the store owes its suppliers (posapp.db.payables_repository)."""

    def add_entry(
        self,
        entry_id: uuid.UUID,
        *,
        supplier_id: uuid.UUID,
        kind: str,
        amount_minor: int,
        business_at: datetime,
        at: datetime,
        document_id: uuid.UUID | None = None,
        payment_id: uuid.UUID | None = None,
        due_at: datetime | None = None,
    ) -> None: ...

    def add_payment(self, payment: Payment, at: datetime) -> None: ...

    def balance(self, supplier_id: uuid.UUID) -> int: ...

    def open_bills(self, supplier_id: uuid.UUID | None, as_of: datetime) -> list[OpenBill]:
        """Posted bills dated by `as_of`, with what was paid of each by then, oldest first."""
        ...

    def credits(self, as_of: datetime) -> dict[uuid.UUID, int]: ...

    def billed(self, receipt_line_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]: ...

    def returned(self, receipt_line_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]: ...


class ReceiptCosts(Protocol):
    """What goods receipts cost besides their lines' prices (landed costs), and telling
    costing that what a receipt line cost has changed (a bill, a landed cost)."""

    def add_charge(
        self,
        charge_id: uuid.UUID,
        *,
        document_id: uuid.UUID,
        description: str,
        amount_minor: int,
        basis: str,
        shares: Sequence[tuple[uuid.UUID, int]],  # (receipt line, its part)
        by: str,
        at: datetime,
    ) -> None: ...

    def charged_minor(self, document_id: uuid.UUID) -> int: ...

    def closed_through(self, document_line_ids: Sequence[uuid.UUID]) -> date | None:
        """The last day of the closed costing period the earliest of these receipt lines' goods
        were costed in (None: all in the open period): their costs are final."""
        ...

    def cost_again(self, document_line_ids: Sequence[uuid.UUID]) -> None:
        """Mark the products of these receipt lines to be costed again from the receipt (from
        the open period's start for goods received in a closed period)."""
        ...
