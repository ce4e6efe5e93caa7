"""Customers, suppliers and promotions as their editors, imports and repositories exchange them:
one typed record each (what is stored, in stored units), checked by the use cases that save
them. Their master records for head office are these with the id added."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NotRequired, TypedDict


class Address(TypedDict):
    site: str  # "main", "warehouse": where goods for the customer go
    address: str


class Customer(TypedDict):
    code: str
    name: str
    tax_id: str | None
    price_group: str | None  # the customer-group price list they buy at
    credit_limit_minor: int | None  # None: no sales on account beyond nothing owed
    payment_terms_days: int
    phone: str | None
    email: str | None
    addresses: list[Address]
    note: str | None
    archived: NotRequired[bool]  # as read back; a save keeps what the customer was


class Contact(TypedDict):
    name: str
    phone: str
    email: str


class Supplier(TypedDict):
    code: str
    name: str
    contacts: list[Contact]
    payment_terms_days: int
    lead_time_days: int
    archived: bool
    # [our SKU, the supplier's code, their cost in minor units]: a list, as it travels in JSON
    products: list[list[Any]]


class Promotion(TypedDict):
    code: str
    name: str
    kind: str  # a PromotionKind value
    percent: str | None  # a decimal, for percent off
    amount_minor: int | None  # amount off, fixed price or multi-buy price
    buy_qty: int
    free_qty: int
    tax_inclusive: bool
    stacks: bool
    stores: list[str]  # store codes; none: every store
    valid_from: str | None  # ISO dates, both days included
    valid_to: str | None
    skus: list[str]
    categories: list[str]
    archived: bool


# From master records (a node pulls them; the sync contract has checked their fields): the id
# and anything a later version adds are left out.


def customer_of(record: dict[str, Any]) -> Customer:
    return Customer(
        code=record["code"],
        name=record["name"],
        tax_id=record.get("tax_id"),
        price_group=record.get("price_group"),
        credit_limit_minor=record.get("credit_limit_minor"),
        payment_terms_days=record.get("payment_terms_days") or 0,
        phone=record.get("phone"),
        email=record.get("email"),
        addresses=record.get("addresses") or [],
        note=record.get("note"),
    )


def supplier_of(record: dict[str, Any]) -> Supplier:
    return Supplier(
        code=record["code"],
        name=record["name"],
        contacts=record.get("contacts") or [],
        payment_terms_days=record.get("payment_terms_days") or 0,
        lead_time_days=record.get("lead_time_days") or 0,
        archived=bool(record.get("archived")),
        products=record.get("products") or [],
    )


def promotion_of(record: dict[str, Any]) -> Promotion:
    return Promotion(
        code=record["code"],
        name=record["name"],
        kind=record["kind"],
        percent=record.get("percent"),
        amount_minor=record.get("amount_minor"),
        buy_qty=record.get("buy_qty") or 0,
        free_qty=record.get("free_qty") or 0,
        tax_inclusive=bool(record.get("tax_inclusive")),
        stacks=bool(record.get("stacks")),
        stores=record.get("stores") or [],
        valid_from=record.get("valid_from"),
        valid_to=record.get("valid_to"),
        skus=record.get("skus") or [],
        categories=record.get("categories") or [],
        archived=bool(record.get("archived")),
    )


# A supplier's product line: [our SKU, their code, their cost (minor units)] and, when they sell
# it in packs, how many units a pack holds (thousandths): [sku, code, cost, pack]. A line of
# single units keeps three items, so a head office from before pack sizes still reads it.
UNIT_PACK = 1000


def product_line(sku: str, code: str, cost: int, pack_milli: int = UNIT_PACK) -> list[Any]:
    line: list[Any] = [sku, code, cost]
    if pack_milli != UNIT_PACK:
        line.append(pack_milli)
    return line


def pack_of(line: Sequence[Any]) -> int:
    return int(line[3]) if len(line) > 3 else UNIT_PACK
