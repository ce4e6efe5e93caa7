"""Stock documents and their workflow: what moves goods in and out of a store's locations
besides the till's sales.

A document (a goods receipt, a stock adjustment; purchase orders, counts and transfers follow the
same way) has lines and a status. Which statuses a type has, which transitions lead between
them, which permission each transition needs and what each status does to stock is data, a
`Workflow`: shipped with the defaults below, and editable by an administrator within the named
effects. A document whose status moved stock is complete and never changes again; it is undone
only by another document that references it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from posapp.domain.errors import DomainError
from posapp.domain.numbers import MAX_AMOUNT_MINOR, MAX_QUANTITY_MILLI
from posapp.domain.permissions import Permission


class LocationKind(StrEnum):
    SELLING = "selling"  # the shop floor: the tills sell from it
    BACK_ROOM = "back_room"
    WAREHOUSE = "warehouse"
    QUARANTINE = "quarantine"  # held back: damaged, recalled, waiting for a decision
    IN_TRANSIT = "in_transit"  # on the way to another store


# Every node of a store names a location by the same id: the store's code and the location's
# code decide it, so that a till's sales and the back office's receipts meet on one shelf.
_LOCATIONS = uuid.UUID("1c0a7e5d-5a0e-4b7e-9c1d-5708e0c0de11")


def location_id_of(store_code: str, code: str) -> uuid.UUID:
    return uuid.uuid5(_LOCATIONS, f"{store_code}/{code}")


class Effect(StrEnum):
    """What entering a status does to stock."""

    NONE = "none"
    MOVES = "moves"  # the lines' movements are written: the document is complete
    REVERSES = "reverses"  # the movements it wrote are taken back (a later issue's documents)
    RESERVES = "reserves"  # set aside, not yet moved (a later issue's documents)


class DocumentType(StrEnum):
    GOODS_RECEIPT = "goods_receipt"
    STOCK_ADJUSTMENT = "stock_adjustment"
    PURCHASE_ORDER = "purchase_order"
    STOCK_COUNT = "stock_count"
    TRANSFER = "transfer"  # between two locations of the store
    TRANSFER_OUT = "transfer_out"  # to another store: into that store's goods in transit
    TRANSFER_IN = "transfer_in"  # from another store: out of transit, onto a shelf here
    SUPPLIER_RETURN = "supplier_return"  # goods sent back to the supplier
    SUPPLIER_BILL = "supplier_bill"  # the supplier's invoice, matched to what was received
    PURCHASE_REQUEST = "purchase_request"  # asked for; a buyer orders it


# Goods on their way to a store wait in its transit location (every store has one, by this code).
TRANSIT = "TRANSIT"

PREFIXES = {
    DocumentType.GOODS_RECEIPT: "GR",
    DocumentType.STOCK_ADJUSTMENT: "SA",
    DocumentType.PURCHASE_ORDER: "PO",
    DocumentType.STOCK_COUNT: "CT",
    DocumentType.TRANSFER: "TR",
    DocumentType.TRANSFER_OUT: "TO",
    DocumentType.TRANSFER_IN: "TI",
    DocumentType.SUPPLIER_RETURN: "SR",
    DocumentType.SUPPLIER_BILL: "SB",
    DocumentType.PURCHASE_REQUEST: "PR",
}
# The outbox event a document sends to head office when it moves stock (sync.contract.stock).
COMPLETED_EVENT = "stock.document_completed"
# ... and a goods receipt's landed cost when it is added (contract 7).
LANDED_COST_EVENT = "stock.landed_cost"
DOCUMENT_NAMES = {
    DocumentType.GOODS_RECEIPT: "goods receipt",
    DocumentType.STOCK_ADJUSTMENT: "stock adjustment",
    DocumentType.PURCHASE_ORDER: "purchase order",
    DocumentType.STOCK_COUNT: "stock count",
    DocumentType.TRANSFER: "transfer",
    DocumentType.TRANSFER_OUT: "transfer to another store",
    DocumentType.TRANSFER_IN: "transfer from another store",
    DocumentType.SUPPLIER_RETURN: "supplier return",
    DocumentType.SUPPLIER_BILL: "supplier bill",
    DocumentType.PURCHASE_REQUEST: "purchase request",
}


class AdjustmentReason(StrEnum):
    """Why stock changed without goods being bought or sold; the reason sets the direction."""

    DAMAGED = "damaged"
    EXPIRED = "expired"
    THEFT = "theft"
    OWN_USE = "own_use"
    FOUND = "found"
    # A stock count's differences (services.stock.counts makes these, never a person).
    COUNT_GAIN = "count_gain"
    COUNT_LOSS = "count_loss"

    @property
    def sign(self) -> int:
        return 1 if self in (AdjustmentReason.FOUND, AdjustmentReason.COUNT_GAIN) else -1


# The reasons a person may give an adjustment (the others are a count's).
CHOSEN_REASONS = tuple(r for r in AdjustmentReason if not r.value.startswith("count_"))


class DocumentRefused(DomainError):
    """A document, a line or a status change that cannot be; nothing was written."""


@dataclass(frozen=True)
class Status:
    code: str
    name: str
    effect: Effect
    editable: bool  # lines may still change
    final: bool  # nothing follows it


@dataclass(frozen=True)
class Transition:
    from_status: str
    to_status: str
    permission: Permission
    name: str  # what the button says


@dataclass(frozen=True)
class Workflow:
    doc_type: DocumentType
    first: str  # a new document's status
    statuses: dict[str, Status]
    transitions: tuple[Transition, ...]

    def status(self, code: str) -> Status:
        found = self.statuses.get(code)
        if found is None:
            raise DocumentRefused(f"a {DOCUMENT_NAMES[self.doc_type]} has no status {code!r}")
        return found

    def next_from(self, status: str) -> list[Transition]:
        return [t for t in self.transitions if t.from_status == status]

    def transition(self, from_status: str, to_status: str) -> Transition:
        """The transition between the two; DocumentRefused naming the ones there are."""
        for found in self.transitions:
            if (found.from_status, found.to_status) == (from_status, to_status):
                return found
        possible = ", ".join(t.to_status for t in self.next_from(from_status)) or "none"
        raise DocumentRefused(
            f"a {DOCUMENT_NAMES[self.doc_type]} cannot go from {from_status} to {to_status} "
            f"(from {from_status}: {possible})"
        )


def received_status(ordered: list[int], received: list[int]) -> str:
    """What an order becomes after a receipt: received when every line has all it ordered,
    partly received otherwise (quantities per order line, in thousandths)."""
    complete = all(got >= wanted for wanted, got in zip(ordered, received, strict=True))
    return "received" if complete else "partially_received"


def over_receipt(ordered: int, received: int, tolerance_percent: int) -> bool:
    """More received against an order line than it ordered plus the tolerance."""
    return received * 100 > ordered * (100 + tolerance_percent)


@dataclass(frozen=True)
class DocumentLine:
    """What a document moves of one product, in the product's unit (thousandths), with the
    batch and expiry where the goods carry them, and the cost a receipt paid per unit."""

    product_id: uuid.UUID
    quantity_milli: int
    unit_cost_minor: int | None = None
    batch: str | None = None
    expiry: date | None = None
    order_line_id: uuid.UUID | None = None  # the purchase order line a receipt line fills
    # A bill line's receipt line; a supplier return line's receipt line (the goods it returns).
    receipt_line_id: uuid.UUID | None = None
    tax_rate_ppm: int | None = None  # a bill line's purchase tax rate (parts per million)

    def check(self, line_no: int) -> None:
        if not 0 < self.quantity_milli <= MAX_QUANTITY_MILLI:
            raise DocumentRefused(
                f"line {line_no}: a quantity is more than 0 and at most "
                f"{MAX_QUANTITY_MILLI // 1000:,}, got {self.quantity_milli / 1000:g}"
            )
        if self.unit_cost_minor is not None and not 0 <= self.unit_cost_minor <= MAX_AMOUNT_MINOR:
            raise DocumentRefused(f"line {line_no}: the cost {self.unit_cost_minor} is not one")
        if self.batch is not None and not (0 < len(self.batch) <= 40 and self.batch.isprintable()):
            raise DocumentRefused(f"line {line_no}: a batch is 1–40 printable characters")


def legs(doc_type: DocumentType, reason: AdjustmentReason | None) -> tuple[tuple[bool, int], ...]:
    """The movements each line of a completed document makes: (at the document's other
    location, sign) — a receipt brings goods in at its location; an adjustment moves them the
    way its reason says; a transfer takes them from its location to the other; a transfer out
    takes them from its location (head office puts them in the receiving store's transit); a
    transfer in brings them from this store's transit (the other location) to its location."""
    if doc_type is DocumentType.GOODS_RECEIPT:
        return ((False, 1),)
    if doc_type is DocumentType.STOCK_ADJUSTMENT:
        if reason is None:
            raise DocumentRefused("a stock adjustment needs its reason")
        return ((False, reason.sign),)
    if doc_type is DocumentType.TRANSFER:
        return ((False, -1), (True, 1))
    if doc_type in (DocumentType.TRANSFER_OUT, DocumentType.SUPPLIER_RETURN):
        return ((False, -1),)
    if doc_type is DocumentType.TRANSFER_IN:
        return ((True, -1), (False, 1))
    raise DocumentRefused(f"a {DOCUMENT_NAMES[doc_type]} moves no stock itself")


@dataclass(frozen=True)
class StockDocument:
    """A stock document as stored: its header, status and lines (numbered from 1)."""

    id: uuid.UUID
    doc_type: DocumentType
    number: str
    status: str
    location_id: uuid.UUID
    business_at: datetime
    created_by: str
    lines: tuple[tuple[uuid.UUID, DocumentLine], ...]  # (line id, line), in line order
    supplier_id: uuid.UUID | None = None
    reason: AdjustmentReason | None = None
    reference: str | None = None
    completed_at: datetime | None = None
    order_id: uuid.UUID | None = None  # the purchase order a goods receipt receives against
    count_id: uuid.UUID | None = None  # the stock count an adjustment settles
    # A transfer's destination; a transfer in's transit location.
    other_location_id: uuid.UUID | None = None
    to_store: str | None = None  # a transfer out's receiving store
    due_at: datetime | None = None  # when a supplier bill falls due


@dataclass(frozen=True)
class StatusChange:
    """One entry of a document's status history."""

    from_status: str | None  # None: the document was made
    to_status: str
    by: str
    at: datetime
    note: str | None = None
