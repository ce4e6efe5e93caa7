"""Purchasing documents as they travel (contract 5): a purchase order, purchase request or
supplier bill as it stands after each status change (`purchase.document`, head office keeps the
highest version), and a payment to a supplier with the bills it pays (`purchase.payment`)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AwareDatetime, Field

from sync.contract.fields import Id, Line, PositiveMilli, PositiveMinor, Record, text
from sync.contract.stock import MAX_LINES, Reference, Status

PurchaseNumber = Annotated[str, Field(pattern=r"^(PO|PR|SB)-[A-Za-z0-9_-]{1,20}-[0-9]{6,12}$")]
PaymentNumber = Annotated[str, Field(pattern=r"^PAY-[A-Za-z0-9_-]{1,20}-[0-9]{6,12}$")]
PREFIXES = {"purchase_order": "PO-", "purchase_request": "PR-", "supplier_bill": "SB-"}


class PurchaseLine(Record):
    id: Id
    line_no: Annotated[int, Field(ge=1, le=MAX_LINES)]
    product_id: Id
    quantity_milli: PositiveMilli
    unit_cost_minor: PositiveMinor | None = None
    tax_rate_ppm: Annotated[int, Field(ge=0, le=1_000_000)] | None = None
    order_line_id: Id | None = None  # a request line's order line
    receipt_line_id: Id | None = None  # a bill line's receipt line


class PurchaseDocument(Record):
    id: Id
    doc_type: Literal["purchase_order", "purchase_request", "supplier_bill"]
    number: PurchaseNumber
    status: Status
    version: Annotated[int, Field(ge=1, le=10_000)]  # how many status changes it has had
    location_id: Id
    supplier_id: Id | None = None
    reference: Reference | None = None
    business_at: AwareDatetime
    due_at: AwareDatetime | None = None
    created_by: Line
    total_minor: PositiveMinor | None = None  # a bill's, tax included
    lines: Annotated[list[PurchaseLine], Field(min_length=1, max_length=MAX_LINES)]


class Allocation(Record):
    bill_id: Id
    amount_minor: Annotated[int, Field(ge=1, le=10**13)]


class SupplierPayment(Record):
    id: Id
    number: PaymentNumber
    supplier_id: Id
    account: Annotated[str, text(60, least=1)]
    amount_minor: Annotated[int, Field(ge=1, le=10**13)]
    paid_at: AwareDatetime
    reference: Reference | None = None
    created_by: Line
    allocations: Annotated[list[Allocation], Field(max_length=1000)]
