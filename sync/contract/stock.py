"""Stock documents as they travel (`stock.document_completed`): a goods receipt, stock
adjustment or transfer that moved stock at a node, with its lines and the movements each line
made. Drafts
and cancelled documents stay at the node: they changed nothing head office keeps."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AwareDatetime, Field, model_validator

from posapp.domain.costing import LandedBasis
from posapp.domain.numbers import MAX_AMOUNT_MINOR
from sync.contract.fields import Id, Line, PositiveMilli, PositiveMinor, Record, ShortCode, text

MAX_LINES = 10_000

DocumentNumber = Annotated[
    str, Field(pattern=r"^(GR|SA|TR|TO|TI|SR)-[A-Za-z0-9_-]{1,20}-[0-9]{6,12}$")
]
OrderNumber = Annotated[str, Field(pattern=r"^PO-[A-Za-z0-9_-]{1,20}-[0-9]{6,12}$")]
CountNumber = Annotated[str, Field(pattern=r"^CT-[A-Za-z0-9_-]{1,20}-[0-9]{6,12}$")]
Batch = Annotated[str, text(40, least=1)]
Status = Annotated[str, text(30, least=1)]
Reference = Annotated[str, text(100, least=1)]


class StockLine(Record):
    id: Id
    line_no: Annotated[int, Field(ge=1, le=MAX_LINES)]
    product_id: Id
    quantity_milli: PositiveMilli  # always positive: the document's type and reason say which way
    unit_cost_minor: PositiveMinor | None = None
    batch: Batch | None = None
    expiry: date | None = None
    movement_id: Id  # the movement the line made at the node
    order_line_id: Id | None = None  # the purchase order line a receipt line fills
    # A transfer's movement at its other location (contract 5): its destination, or a transfer
    # in's transit location.
    other_movement_id: Id | None = None
    receipt_line_id: Id | None = None  # the receipt line a supplier return sends back (5)


class StockDocumentCompleted(Record):
    id: Id
    doc_type: Literal[
        "goods_receipt",
        "stock_adjustment",
        "transfer",
        "transfer_out",
        "transfer_in",
        "supplier_return",
    ]
    number: DocumentNumber
    status: Status
    location_id: Id
    supplier_id: Id | None = None
    reason: (
        Literal["damaged", "expired", "theft", "own_use", "found", "count_gain", "count_loss"]
        | None
    ) = None
    reference: Reference | None = None
    business_at: AwareDatetime
    completed_at: AwareDatetime
    created_by: Line
    lines: Annotated[list[StockLine], Field(min_length=1, max_length=MAX_LINES)]
    # The purchase order a receipt received against (the order itself stays at its store).
    order_id: Id | None = None
    order_number: OrderNumber | None = None
    # The stock count an adjustment settles (contract 5; the count itself stays at its store).
    count_id: Id | None = None
    count_number: CountNumber | None = None
    # A transfer's destination, or a transfer in's transit location (contract 5).
    other_location_id: Id | None = None
    to_store: ShortCode | None = None  # a transfer out's receiving store (contract 5)

    @model_validator(mode="after")
    def _a_count_names_its_count(self) -> StockDocumentCompleted:
        from_count = self.reason in ("count_gain", "count_loss")
        if from_count != (self.count_id is not None and self.count_number is not None):
            raise ValueError("a count's gain or loss, and only that, names the count it settles")
        return self


class CountPosted(Record):
    """A stock count posted at a store (contract 5): what it covered and how much of it was
    counted; its differences travel as the adjustments it names."""

    id: Id
    number: CountNumber
    location_id: Id
    scope: Reference
    blind: bool
    started_at: AwareDatetime
    posted_at: AwareDatetime
    posted_by: Line
    lines: Annotated[int, Field(ge=0, le=10_000_000)]
    counted: Annotated[int, Field(ge=0, le=10_000_000)]
    adjustments: Annotated[list[DocumentNumber], Field(max_length=10_000)]


class LineShare(Record):
    receipt_line_id: Id
    amount_minor: PositiveMinor


class LandedCost(Record):
    """Freight, duty or insurance added to a goods receipt after it was received (contract 7),
    with each receipt line's part of it: the goods cost that much more from the day they came
    in, at head office as at the store."""

    id: Id
    receipt_id: Id
    receipt_number: Annotated[str, Field(pattern=r"^GR-[A-Za-z0-9_-]{1,20}-[0-9]{6,12}$")]
    description: Annotated[str, text(100, least=1)]
    amount_minor: Annotated[int, Field(ge=1, le=MAX_AMOUNT_MINOR)]
    basis: LandedBasis
    created_by: Line
    created_at: AwareDatetime
    shares: Annotated[list[LineShare], Field(min_length=1, max_length=MAX_LINES)]

    @model_validator(mode="after")
    def _the_shares_are_the_charge(self) -> LandedCost:
        if sum(share.amount_minor for share in self.shares) != self.amount_minor:
            raise ValueError("shares: they add up to the charge, no more and no less")
        if len({share.receipt_line_id for share in self.shares}) != len(self.shares):
            raise ValueError("shares: each receipt line once")
        return self
