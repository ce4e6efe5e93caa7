"""Stock documents as they travel (`stock.document_completed`): a goods receipt, stock
adjustment or transfer that moved stock at a node, with its lines and the movements each line
made. Drafts
and cancelled documents stay at the node: they changed nothing head office keeps."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AwareDatetime, Field, model_validator

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
