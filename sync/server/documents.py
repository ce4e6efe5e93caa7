"""A batch's events checked against the sync contract and turned into head office's rows, before
anything is written: sales and returns (written by PostgreSQL from their checked payloads, see
documents_sql), journal entries with the shifts and cash movements they describe, and master-data
changes. The first event refused names the batch's refusal; nothing of the batch is applied.

Ownership is decided here where the event alone can tell: a document is numbered in the sending
till's own series, by that till. What needs head office's tables (whose location, whose id) is
decided as the rows go in (documents_sql)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from posapp.domain.authorship import Author
from sync.contract import (
    COUNT_POSTED_KIND,
    DOCUMENT_KINDS,
    JOURNAL_PREFIX,
    LANDED_COST_KIND,
    MASTER_PREFIX,
    PAYMENT_KIND,
    PURCHASE_DOCUMENT_KIND,
    STOCK_DOCUMENT_KIND,
    CashMoved,
    CountPosted,
    EventRefused,
    LandedCost,
    PurchaseDocument,
    SaleDocument,
    ShiftClosed,
    ShiftOpened,
    SupplierPayment,
    check_count,
    check_documents,
    check_journal,
    check_landed_cost,
    check_master,
    check_purchase,
    check_stock_document,
)
from sync.contract.stock import StockDocumentCompleted
from sync.server.master_authors import MasterChange

# What the purchasing write path takes (sync.server.purchasing).
Purchasing = PurchaseDocument | SupplierPayment | CountPosted | LandedCost


class Refused(ValueError):
    """A batch head office will not apply: the reason is shown at the node, which sets the
    batch aside (quarantine) and sends the ones after it."""


@dataclass(frozen=True)
class IncomingEvent:
    seq: int
    id: uuid.UUID
    kind: str
    aggregate_id: uuid.UUID
    created_at: datetime
    payload: str  # the node's canonical JSON
    author: Author | None = None  # a master-data change's author and proof


@dataclass
class Rows:
    """Everything some events add besides their documents, grouped by table, in sequence order."""

    journal: list[tuple[Any, ...]] = field(default_factory=list)
    shifts_opened: list[tuple[Any, ...]] = field(default_factory=list)
    shift_events: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)  # shift id → event id
    shifts_closed: list[tuple[Any, ...]] = field(default_factory=list)
    cash: list[tuple[Any, ...]] = field(default_factory=list)
    master: list[MasterChange] = field(default_factory=list)
    unknown_kinds: list[tuple[uuid.UUID, str]] = field(default_factory=list)


@dataclass(frozen=True)
class CheckedBatch:
    """A batch that passed the contract: each event with what was read from it."""

    events: list[IncomingEvent]
    documents: dict[uuid.UUID, SaleDocument]  # by event id
    journal: dict[uuid.UUID, Any]  # event id → the typed reading, or None
    master: dict[uuid.UUID, tuple[str, dict[str, Any] | None]]  # event id → (key, record)
    stock: dict[uuid.UUID, StockDocumentCompleted] = field(default_factory=dict)  # by event id
    purchase: dict[uuid.UUID, Purchasing] = field(default_factory=dict)

    def rows(self, new_ids: set[uuid.UUID], *, store_code: str, terminal_code: str) -> Rows:
        """The rows of the events head office had not received (a repeat adds nothing)."""
        rows = Rows()
        for event in self.events:
            if event.id not in new_ids or event.id in self.documents or event.id in self.stock:
                continue
            if event.id in self.purchase:
                continue
            if event.id in self.journal:
                _journal_rows(rows, event, self.journal[event.id], store_code, terminal_code)
            elif event.id in self.master:
                key, record = self.master[event.id]
                entity = event.kind.removeprefix(MASTER_PREFIX)
                rows.master.append(
                    MasterChange(
                        event.id, event.kind, event.payload, event.author, entity, key, record
                    )
                )
            else:
                rows.unknown_kinds.append((event.id, event.kind))
        return rows


def check_batch(
    events: list[IncomingEvent], *, store_code: str, terminal_code: str
) -> CheckedBatch:
    """Every event checked; Refused naming the first that is not acceptable."""
    journal: dict[uuid.UUID, Any] = {}
    master: dict[uuid.UUID, tuple[str, dict[str, Any] | None]] = {}
    stock: dict[uuid.UUID, StockDocumentCompleted] = {}
    purchase: dict[uuid.UUID, Purchasing] = {}
    try:
        documents = _documents(events, store_code, terminal_code)
        for event in events:
            if event.kind.startswith(JOURNAL_PREFIX):
                journal[event.id] = check_journal(event.seq, event.kind, event.payload)[1]
            elif event.kind.startswith(MASTER_PREFIX):
                master[event.id] = check_master(event.seq, event.kind, event.payload)
            elif event.kind == STOCK_DOCUMENT_KIND:
                stock[event.id] = check_stock_document(event.seq, event.kind, event.payload)
            elif event.kind in (PURCHASE_DOCUMENT_KIND, PAYMENT_KIND):
                purchase[event.id] = check_purchase(event.seq, event.kind, event.payload)
            elif event.kind == COUNT_POSTED_KIND:
                purchase[event.id] = check_count(event.seq, event.kind, event.payload)
            elif event.kind == LANDED_COST_KIND:
                purchase[event.id] = check_landed_cost(event.seq, event.kind, event.payload)
    except EventRefused as refused:
        raise Refused(str(refused)) from None
    return CheckedBatch(events, documents, journal, master, stock, purchase)


def _documents(
    events: list[IncomingEvent], store_code: str, terminal_code: str
) -> dict[uuid.UUID, SaleDocument]:
    chosen = [event for event in events if event.kind in DOCUMENT_KINDS]
    if not chosen:
        return {}
    documents = check_documents(
        [e.seq for e in chosen], [e.kind for e in chosen], [e.payload for e in chosen]
    )
    prefix = f"{store_code}-{terminal_code}-"
    for event, document in zip(chosen, documents, strict=True):
        if document.terminal_code != terminal_code or not document.number.startswith(prefix):
            raise EventRefused(
                event.seq,
                event.kind,
                f"document {document.number} (till {document.terminal_code}) is not this "
                f"node's ({store_code}-{terminal_code})",
            )
    return {event.id: document for event, document in zip(chosen, documents, strict=True)}


def _journal_rows(
    rows: Rows, event: IncomingEvent, read: Any, store_code: str, terminal_code: str
) -> None:
    kind = event.kind.removeprefix(JOURNAL_PREFIX)
    at = event.created_at
    rows.journal.append((event.aggregate_id, store_code, terminal_code, kind, event.payload, at))
    if isinstance(read, ShiftOpened):
        rows.shift_events[read.id] = event.id
        rows.shifts_opened.append(
            (read.id, store_code, terminal_code, read.shift, read.cashier, read.float, at)
        )
    elif isinstance(read, ShiftClosed):
        rows.shifts_closed.append(
            (
                store_code,
                terminal_code,
                read.shift,
                at,
                read.z_number,
                read.cash.expected,
                read.cash.counted,
            )
        )
    elif isinstance(read, CashMoved):
        rows.cash.append(
            (read.id, store_code, terminal_code, read.shift, kind, read.amount, read.reason, at)
        )
