"""Sales and returns as a till sends them (`sale.completed`, `return.completed`).

The one kind sent in thousands, so the one checked by msgspec rather than pydantic: its decoder
builds a typed object per document in C at a third of pydantic's cost per line (the drain of a
long backlog pays it on every line). The rules are the contract's all the same: strict types
(no "12" for 12, no 1000.0 for 1000), closed records, the bounds of posapp.domain.numbers, and no
control character in any text (one scan of the payload, `text.first_control_character`)."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from posapp.domain.numbers import MAX_AMOUNT_MINOR, MAX_QUANTITY_MILLI

MAX_LINES = 10_000
MAX_TENDERS = 50

Minor = Annotated[int, Meta(ge=-MAX_AMOUNT_MINOR, le=MAX_AMOUNT_MINOR)]
PositiveMinor = Annotated[int, Meta(ge=0, le=MAX_AMOUNT_MINOR)]
Milli = Annotated[int, Meta(ge=-MAX_QUANTITY_MILLI, le=MAX_QUANTITY_MILLI)]
Name = Annotated[str, Meta(min_length=1, max_length=200)]
Line = Annotated[str, Meta(max_length=200)]
Code = Annotated[str, Meta(min_length=1, max_length=64)]
ShortCode = Annotated[str, Meta(min_length=1, max_length=20)]
Ppm = Annotated[int, Meta(ge=0, le=10**6)]


class DocumentLine(msgspec.Struct, forbid_unknown_fields=True, frozen=True, gc=False):
    id: uuid.UUID
    line_no: Annotated[int, Meta(ge=1, le=MAX_LINES)]
    product_id: uuid.UUID
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
    taxes: Annotated[list[tuple[ShortCode, Ppm, Minor]], Meta(max_length=10)]
    original_line_id: uuid.UUID | None
    price_note: Line | None = None


class Tender(msgspec.Struct, forbid_unknown_fields=True, frozen=True, gc=False):
    kind: ShortCode
    amount: Minor
    reference: Line | None


class SaleDocument(msgspec.Struct, forbid_unknown_fields=True, frozen=True, gc=False):
    id: uuid.UUID
    number: Annotated[str, Meta(min_length=1, max_length=40, pattern="^[A-Za-z0-9-]+$")]
    kind: Literal["SALE", "RETURN"]
    store_id: uuid.UUID
    terminal_code: ShortCode
    location_id: uuid.UUID
    cashier_id: uuid.UUID
    created_at: Annotated[datetime, Meta(tz=True)]
    currency: Annotated[str, Meta(pattern="^[A-Z]{3}$")]
    price_mode: Literal["inclusive", "exclusive"]
    subtotal: Minor
    discount: Minor
    net: Minor
    tax: Minor
    total: Minor
    rounding: Minor
    original_id: uuid.UUID | None
    flags: Annotated[list[ShortCode], Meta(max_length=20)]
    lines: Annotated[list[DocumentLine], Meta(max_length=MAX_LINES)]
    tenders: Annotated[list[Tender], Meta(max_length=MAX_TENDERS)]
    customer_id: uuid.UUID | None = None


# gc=False above: a document holds its lines and tenders and nothing points back, so there is no
# cycle to collect; leaving a backlog's tens of thousands of objects out of the cycle collector
# takes a third off decoding it.
DOCUMENTS = msgspec.json.Decoder(list[SaleDocument])
DOCUMENT = msgspec.json.Decoder(SaleDocument)

_WHERE = re.compile(r"^(?P<message>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.DOTALL)
_MISSING = re.compile(r"Object missing required field `(?P<field>[^`]+)`")
_UNKNOWN = re.compile(r"Object contains unknown field `(?P<field>[^`]+)`")


def describe_decoding(error: msgspec.DecodeError) -> tuple[int | None, str]:
    """(index of the document in a list, or None; "field.path: what is wrong")."""
    parts = _WHERE.match(str(error))
    assert parts is not None  # the pattern matches any text
    message, path = parts["message"], parts["path"] or ""
    index = None
    if found := re.match(r"\[(\d+)\]", path):
        index = int(found[1])
        path = path[found.end() :]
    where = re.sub(r"\[(\d+)\]", r".\1", path).lstrip(".")
    if missing := _MISSING.fullmatch(message):
        return index, f"{where + '.' if where else ''}{missing['field']}: is required"
    if unknown := _UNKNOWN.fullmatch(message):
        field = unknown["field"]
        return index, f"{where + '.' if where else ''}{field}: is not a field of this record"
    words = message if message[1:2].isupper() else message[:1].lower() + message[1:]
    return index, f"{where}: {words}" if where else words
