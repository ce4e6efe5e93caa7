"""Master data as it travels (`master.<entity>`, up from a back office and down to every node):
one record type per entity, and the rule that ties a record to its key.

A setting's value is checked against the shop's own setting definitions
(`posapp.domain.shop_settings`), the same ones `posapp settings set` uses."""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, Field, JsonValue, TypeAdapter

from posapp.domain.shop_settings import SettingRefused, check_setting
from sync.contract.fields import (
    Code,
    Currency,
    Days,
    Hash,
    Id,
    Line,
    Milli,
    Minor,
    Name,
    Note,
    PositiveMilli,
    PositiveMinor,
    Record,
    ShortCode,
)

MAX_ITEMS = 100_000
MAX_CATEGORY_DEPTH = 10

StoreKey = Annotated[str, Field(pattern=r"^(\*|[A-Za-z0-9_-]{1,20})$")]
Barcode = Annotated[str, Field(min_length=1, max_length=48, pattern=r"^[0-9A-Za-z]+$")]


class Product(Record):
    id: Id
    sku: Code
    name: Name
    unit: ShortCode
    weighed: bool
    tax_class: ShortCode
    state: Literal["NEW", "ACTIVE", "PHASE_OUT", "DISCONTINUED", "ARCHIVED"]
    cost: PositiveMinor | None
    price: PositiveMinor
    currency: Currency
    barcodes: Annotated[list[tuple[Barcode, PositiveMilli]], Field(max_length=50)]
    # Added in contract 6: the names from the top category down to the product's ([]: none),
    # and its brand's name ("": none). None: the record's author did not say (before 6), and a
    # node leaves the product's category or brand as it has them.
    category: Annotated[list[Name], Field(max_length=MAX_CATEGORY_DEPTH)] | None = None
    brand: Line | None = None


class Role(Record):
    name: Name
    permissions: Annotated[
        list[Annotated[str, Field(pattern=r"^[a-z_]{1,40}$")]], Field(max_length=100)
    ]


class User(Record):
    username: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]{1,49}$")]
    display_name: Name
    role: Code
    pin_hash: Hash | None
    password_hash: Hash | None
    archived: bool
    # Added in contract 3, set by head office only: the role granted in each store ("*": every
    # store). A node applies its own store's grant (or the chain-wide one) as the user's role.
    grants: Annotated[dict[StoreKey, Code], Field(max_length=1000)] | None = None


class Setting(Record):
    value: JsonValue


class Address(Record):
    site: Line
    address: Note


class Customer(Record):
    # Nodes send the customer's id with its record (as with suppliers); optional, because head
    # office's records from before contract 5 have none.
    id: Id | None = None
    code: Code
    name: Name
    tax_id: Line | None
    price_group: Code | None
    credit_limit_minor: PositiveMinor | None
    payment_terms_days: Days
    phone: Line | None
    email: Line | None
    addresses: Annotated[list[Address], Field(max_length=50)]
    note: Note | None
    archived: bool = False


class PriceList(Record):
    id: Id
    code: Code
    name: Name
    kind: Literal["customer_group", "quantity_break", "store"]
    price_group: Code | None
    store_code: ShortCode | None
    tax_inclusive: bool
    valid_from: date | None
    valid_to: date | None
    items: Annotated[list[tuple[Code, Milli, PositiveMinor]], Field(max_length=MAX_ITEMS)]
    holds_at_volume: bool = False  # added in contract 2 (optional: older nodes leave it out)


class Contact(Record):
    name: Line
    phone: Line
    email: Line


class Supplier(Record):
    id: Id
    code: Code
    name: Name
    contacts: Annotated[list[Contact], Field(max_length=50)]
    payment_terms_days: Days
    lead_time_days: Days
    archived: bool
    # [sku, their code, their cost] and, when they sell in packs, the units a pack holds.
    products: Annotated[
        list[tuple[Code, Line, PositiveMinor] | tuple[Code, Line, PositiveMinor, PositiveMilli]],
        Field(max_length=MAX_ITEMS),
    ]


class Promotion(Record):
    id: Id
    code: Code
    name: Name
    kind: Literal["percent_off", "amount_off", "fixed_price", "buy_x_get_y", "multi_buy"]
    percent: Annotated[str, Field(pattern=r"^\d{1,3}(\.\d{1,4})?$")] | None
    amount_minor: Minor | None
    buy_qty: Annotated[int, Field(ge=0, le=10**6)]
    free_qty: Annotated[int, Field(ge=0, le=10**6)]
    tax_inclusive: bool
    stacks: bool
    stores: Annotated[list[ShortCode], Field(max_length=1000)]
    valid_from: date | None
    valid_to: date | None
    archived: bool
    skus: Annotated[list[Code], Field(max_length=MAX_ITEMS)]
    categories: Annotated[list[Name], Field(max_length=1000)]


class OrderLine(Record):
    id: Id
    product_id: Id
    quantity_milli: PositiveMilli
    unit_cost_minor: PositiveMinor | None = None


class PurchaseOrder(Record):
    """A purchase order head office raised for a store (contract 5): only that store's nodes
    take it, as a sent order to receive against; from then on the store owns it."""

    id: Id
    store: ShortCode
    number: Annotated[str, Field(pattern=r"^PO-HO-[0-9]{6,12}$")]
    supplier_id: Id
    location_id: Id
    reference: Line | None = None
    raised_at: AwareDatetime
    raised_by: Line
    lines: Annotated[list[OrderLine], Field(min_length=1, max_length=MAX_ITEMS)]


RECORDS: dict[str, type[Record]] = {
    "product": Product,
    "role": Role,
    "user": User,
    "setting": Setting,
    "customer": Customer,
    "price_list": PriceList,
    "supplier": Supplier,
    "promotion": Promotion,
    "purchase_order": PurchaseOrder,
}
# Records only head office makes: a node's change of one is refused.
FROM_HEAD_OFFICE_ONLY = ("purchase_order",)
# Entities whose key is the record's UUID (roles are keyed by code, settings by their key).
_UUID_KEYS = (
    "product",
    "user",
    "customer",
    "price_list",
    "supplier",
    "promotion",
    "purchase_order",
)


class MasterChange(Record):
    entity: str
    key: Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9._:-]+$")]
    record: dict[str, JsonValue] | None


_CHANGE = TypeAdapter(MasterChange)


def master_record(entity: str, key: str, record: object) -> dict[str, Any] | None:
    """The checked record (None for a deletion); ValueError naming what is wrong."""
    model = RECORDS.get(entity)
    if model is None:
        raise ValueError(f"unknown master data {entity!r}")
    if entity in _UUID_KEYS:
        try:
            uuid.UUID(key)
        except ValueError:
            raise ValueError(f"key {key!r} is not a UUID") from None
    if record is None:
        return None
    # Through JSON, as it travels: strict JSON takes a UUID or a date as its string form.
    checked = model.model_validate_json(json.dumps(record))
    record_id = getattr(checked, "id", None)
    if record_id is not None and record_id != uuid.UUID(key):
        raise ValueError(f"record id {record_id} is not its key {key}")
    if isinstance(checked, Setting):
        try:
            check_setting(key, checked.value)
        except SettingRefused as refused:
            raise ValueError(str(refused)) from None
    return checked.model_dump(mode="json")


def master_change(payload: str, entity: str) -> tuple[str, dict[str, Any] | None]:
    """A `master.<entity>` payload read and checked: (key, record or None)."""
    if entity in FROM_HEAD_OFFICE_ONLY:
        raise ValueError(
            f"{entity.replace('_', ' ')}s for a store are raised at head office; a store's own "
            "travel as its documents"
        )
    change = _CHANGE.validate_json(payload)
    if change.entity != entity:
        raise ValueError(f"payload names entity {change.entity!r}, the event {entity!r}")
    return change.key, master_record(entity, change.key, change.record)
