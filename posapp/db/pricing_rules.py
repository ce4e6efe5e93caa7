"""The price lists and promotions that may price one product, read when it is rung up.

Two indexed queries straight on the driver (the till's scan path): the product's price list
entries, and the promotions covering the product or any category above it. Archived lists and
promotions are left out; dates are the domain's to judge, so a basket that crosses midnight
prices by its own day.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal

from posapp.domain.catalogue import ProductRow
from posapp.domain.pricing import (
    NO_RULES,
    ItemPricing,
    ListPrice,
    PriceListKind,
    Promotion,
    PromotionKind,
    Validity,
)

_LIST_PRICES_SQL = """
    SELECT l.code, l.name, l.kind, l.price_group, l.store_code, l.tax_inclusive,
           l.valid_from, l.valid_to, i.min_qty_milli, i.price_minor, l.holds_at_volume
    FROM price_list_items i JOIN price_lists l ON l.id = i.price_list_id
    WHERE i.product_id = :product AND l.archived_at IS NULL"""

_PROMOTIONS_SQL = """
    WITH RECURSIVE chain(id) AS (
        SELECT :category WHERE :category IS NOT NULL
        UNION SELECT c.parent_id FROM categories c JOIN chain ON c.id = chain.id
        WHERE c.parent_id IS NOT NULL
    )
    SELECT DISTINCT p.code, p.name, p.kind, p.percent, p.amount_minor, p.buy_qty, p.free_qty,
           p.tax_inclusive, p.stacks, p.stores, p.valid_from, p.valid_to
    FROM promotion_targets t JOIN promotions p ON p.id = t.promotion_id
    WHERE p.archived_at IS NULL
      AND (t.product_id = :product OR t.category_id IN (SELECT id FROM chain))"""


_ANY_PROMOTION_SQL = "SELECT EXISTS (SELECT 1 FROM promotions WHERE archived_at IS NULL)"


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def load_item_pricing(connection: sqlite3.Connection, product: ProductRow) -> ItemPricing:
    # Most shops have no promotions most of the time: one cheap EXISTS saves the category walk.
    if not connection.execute(_ANY_PROMOTION_SQL).fetchone()[0]:
        list_prices = _list_prices(connection, product)
        return ItemPricing(list_prices) if list_prices else NO_RULES
    params = {
        "product": product.id.hex,
        "category": None if product.category_id is None else product.category_id.hex,
    }
    list_prices = _list_prices(connection, product)
    promotions = tuple(
        Promotion(
            code=code,
            name=name,
            kind=PromotionKind(kind),
            validity=Validity(_day(start), _day(end)),
            stores=frozenset(filter(None, stores.split(","))),
            percent=None if percent is None else Decimal(percent),
            amount_minor=amount_minor,
            buy=buy,
            free=free,
            tax_inclusive=bool(inclusive),
            stacks=bool(stacks),
        )
        for (
            code,
            name,
            kind,
            percent,
            amount_minor,
            buy,
            free,
            inclusive,
            stacks,
            stores,
            start,
            end,
        ) in connection.execute(_PROMOTIONS_SQL, params)
    )
    if not list_prices and not promotions:
        return NO_RULES
    return ItemPricing(list_prices, promotions)


def _list_prices(connection: sqlite3.Connection, product: ProductRow) -> tuple[ListPrice, ...]:
    return tuple(
        ListPrice(
            list_code=code,
            list_name=name,
            kind=PriceListKind(kind),
            price_minor=price_minor,
            tax_inclusive=bool(inclusive),
            validity=Validity(_day(start), _day(end)),
            min_quantity=Decimal(min_qty_milli).scaleb(-3),
            group=group,
            store=store,
            holds_at_volume=bool(holds),
        )
        for (
            code,
            name,
            kind,
            group,
            store,
            inclusive,
            start,
            end,
            min_qty_milli,
            price_minor,
            holds,
        ) in connection.execute(_LIST_PRICES_SQL, {"product": product.id.hex})
    )
