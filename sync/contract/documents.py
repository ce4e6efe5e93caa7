"""Sales and returns as a till sends them (`sale.completed`, `return.completed`).

Typed dictionaries rather than models, and identifiers checked as text: a backlog of a thousand
documents is checked in one pass through pydantic-core without building a Python object per
field (a model per line cost head office three times as much)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal, NotRequired

from pydantic import ConfigDict, Field, StringConstraints, with_config
from typing_extensions import TypedDict

from sync.contract.fields import Code, Currency, Line, Milli, Minor, Name, PositiveMinor, ShortCode

MAX_LINES = 10_000
MAX_TENDERS = 50

# A UUID in its canonical form, as nodes write them; PostgreSQL casts it without surprises.
UuidText = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"),
]
_CLOSED = ConfigDict(strict=True, extra="forbid")


@with_config(_CLOSED)
class DocumentLine(TypedDict):
    id: UuidText
    line_no: Annotated[int, Field(ge=1, le=MAX_LINES)]
    product_id: UuidText
    sku: Code
    name: Name
    unit: ShortCode
    quantity_milli: Milli
    list_price: PositiveMinor
    unit_price: Minor
    line_discount: Minor
    basket_discount: Minor
    amount: Minor
    net: Minor
    tax: Minor
    taxes: Annotated[list[tuple[ShortCode, Annotated[int, Field(ge=0, le=10**6)], Minor]],
                     Field(max_length=10)]  # fmt: skip
    original_line_id: UuidText | None
    price_note: NotRequired[Line]


@with_config(_CLOSED)
class Tender(TypedDict):
    kind: ShortCode
    amount: Minor
    reference: Line | None


@with_config(_CLOSED)
class SaleDocument(TypedDict):
    id: UuidText
    number: Annotated[str, StringConstraints(min_length=1, max_length=40,
                                             pattern=r"^[A-Za-z0-9-]+$")]  # fmt: skip
    kind: Literal["SALE", "RETURN"]
    store_id: UuidText
    terminal_code: ShortCode
    location_id: UuidText
    cashier_id: UuidText
    customer_id: NotRequired[UuidText]
    created_at: datetime
    currency: Currency
    price_mode: Literal["inclusive", "exclusive"]
    subtotal: Minor
    discount: Minor
    net: Minor
    tax: Minor
    total: Minor
    rounding: Minor
    original_id: UuidText | None
    flags: Annotated[list[ShortCode], Field(max_length=20)]
    lines: Annotated[list[DocumentLine], Field(max_length=MAX_LINES)]
    tenders: Annotated[list[Tender], Field(max_length=MAX_TENDERS)]
