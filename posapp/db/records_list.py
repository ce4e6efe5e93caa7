"""Lists for the back office's customer and price-list screens."""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlalchemy import Engine, func, or_, select

from posapp.db.price_lists_repository import SqlAlchemyPriceLists
from posapp.db.tables import customers, price_list_items, price_lists, receivable_entries
from posapp.domain.money import Money
from posapp.services.records_admin import CustomerRow, PriceListRow


def customer_rows(engine: Engine, typed: str, currency: str, limit: int = 500) -> list[CustomerRow]:
    balance = func.coalesce(func.sum(receivable_entries.c.amount_minor), 0)
    like = f"%{typed.strip()}%"
    query = (
        select(customers, balance.label("balance"))
        .outerjoin(receivable_entries, receivable_entries.c.customer_id == customers.c.id)
        .where(or_(customers.c.name.like(like), customers.c.code.like(like)))
        .group_by(customers.c.id)
        .order_by(customers.c.name)
        .limit(limit)
    )
    with engine.connect() as connection:
        return [
            CustomerRow(
                row.id,
                row.code,
                row.name,
                row.price_group or "",
                None if row.credit_limit_minor is None else Money(row.credit_limit_minor, currency),
                Money(int(row.balance), currency),
            )
            for row in connection.execute(query)
        ]


def price_list_rows(engine: Engine) -> list[PriceListRow]:
    items = (
        select(func.count())
        .where(price_list_items.c.price_list_id == price_lists.c.id)
        .scalar_subquery()
    )
    with engine.connect() as connection:
        rows = connection.execute(
            select(price_lists, items.label("items")).order_by(price_lists.c.code)
        )
        return [
            PriceListRow(
                row.id,
                row.code,
                row.name,
                row.kind.replace("_", " "),
                row.price_group or row.store_code or "everyone",
                f"{row.valid_from or 'always'} – {row.valid_to or 'open'}",
                row.items,
            )
            for row in rows
        ]


def price_list_fields(
    engine: Engine, list_id: uuid.UUID, currency: str
) -> tuple[dict[str, str], list[dict[str, str]]]:
    with engine.connect() as connection:
        lists = SqlAlchemyPriceLists(connection)
        header = lists.header(list_id)
        assert header is not None
        items = lists.items(list_id)
    fields = {
        "code": header["code"],
        "name": header["name"],
        "kind": header["kind"],
        "price_group": header["price_group"] or "",
        "store_code": header["store_code"] or "",
        "tax_inclusive": "yes" if header["tax_inclusive"] else "no",
        "valid_from": header["valid_from"].isoformat() if header["valid_from"] else "",
        "valid_to": header["valid_to"].isoformat() if header["valid_to"] else "",
    }
    rows = [
        {
            "sku": sku,
            "min_qty": format(Decimal(qty).scaleb(-3).normalize(), "f"),
            "price": str(Money(price, currency).amount),
        }
        for sku, qty, price in items
    ]
    return fields, rows
