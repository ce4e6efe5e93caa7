"""Lists for the back office's customer, supplier, price-list and promotion screens."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, func, or_, select

from posapp.db.price_lists_repository import SqlAlchemyPriceLists
from posapp.db.tables import (
    customers,
    price_list_items,
    price_lists,
    promotion_targets,
    promotions,
    receivable_entries,
    supplier_products,
    suppliers,
)
from posapp.domain.money import Money
from posapp.services.partners import CustomerRow, PriceListRow, PromotionRow, SupplierRow


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
        "holds_at_volume": "yes" if header["holds_at_volume"] else "no",
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


def supplier_rows(engine: Engine, typed: str, limit: int = 500) -> list[SupplierRow]:
    items = (
        select(func.count())
        .where(supplier_products.c.supplier_id == suppliers.c.id)
        .scalar_subquery()
    )
    like = f"%{typed.strip()}%"
    query = (
        select(suppliers, items.label("items"))
        .where(or_(suppliers.c.name.like(like), suppliers.c.code.like(like)))
        .order_by(suppliers.c.name)
        .limit(limit)
    )
    with engine.connect() as connection:
        return [
            SupplierRow(
                row.id, row.code, row.name, row.payment_terms_days, row.lead_time_days, row.items
            )
            for row in connection.execute(query)
        ]


def promotion_rows(engine: Engine) -> list[PromotionRow]:
    def count(column: Any) -> Any:
        return (
            select(func.count(column))
            .where(promotion_targets.c.promotion_id == promotions.c.id)
            .scalar_subquery()
        )

    query = select(
        promotions,
        count(promotion_targets.c.product_id).label("products"),
        count(promotion_targets.c.category_id).label("categories"),
    ).order_by(promotions.c.archived_at.is_not(None), promotions.c.code)
    with engine.connect() as connection:
        return [
            PromotionRow(
                row.id,
                row.code,
                row.name,
                row.kind.replace("_", " "),
                _covers(row.products, row.categories),
                f"{row.valid_from or 'always'} – {row.valid_to or 'open'}",
                row.archived_at is not None,
            )
            for row in connection.execute(query)
        ]


def _covers(products: int, categories: int) -> str:
    parts = []
    if products:
        parts.append(f"{products} product{'s' if products != 1 else ''}")
    if categories:
        parts.append(f"{categories} categor{'ies' if categories != 1 else 'y'}")
    return ", ".join(parts) or "nothing"
