"""The chain-wide lists of head office's back office: each product's stock in every store, and
what head office flagged of the tills' uploads for a person to look at — over the stores a
person may see, a page at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, text

# Stock on hand by product and store (every location of the store together), named from the
# chain's catalogue or, for a product it has no record of, as its lines last said.
_STOCK = """
WITH levels AS (
    SELECT l.product_id, s.store_code, sum(l.on_hand_milli) AS on_hand
    FROM stock_levels l JOIN store_locations s ON s.location_id = l.location_id
    WHERE CAST(:stores AS text[]) IS NULL OR s.store_code = ANY(CAST(:stores AS text[]))
    GROUP BY l.product_id, s.store_code
), products AS (
    SELECT v.product_id, coalesce(c.sku, r.sku, '') AS sku, coalesce(c.name, r.name, '') AS name,
           jsonb_object_agg(v.store_code, v.on_hand) AS stores, sum(v.on_hand) AS total
    FROM levels v
    LEFT JOIN catalogue_products c ON c.id = v.product_id
    LEFT JOIN report_products r ON r.product_id = v.product_id
    GROUP BY v.product_id, c.sku, r.sku, c.name, r.name
)
SELECT product_id, sku, name, stores, total, count(*) OVER () FROM products
WHERE :search = '' OR sku ILIKE :like OR name ILIKE :like
ORDER BY sku, product_id OFFSET :offset LIMIT :limit
"""

_FLAGS = """
SELECT f.id, coalesce(n.store_code, ''), coalesce(n.terminal_code, ''), f.problem,
       f.flagged_at, f.resolved_at, count(*) OVER ()
FROM review_flags f LEFT JOIN nodes n ON n.id = f.node_id
WHERE (CAST(:stores AS text[]) IS NULL OR n.store_code = ANY(CAST(:stores AS text[])))
  AND (NOT :open OR f.resolved_at IS NULL)
ORDER BY f.flagged_at DESC, f.id DESC OFFSET :offset LIMIT :limit
"""


@dataclass(frozen=True)
class ProductStockRow:
    product_id: str
    sku: str
    name: str
    stores: dict[str, int]  # on hand in thousandths, by store
    total_milli: int


@dataclass(frozen=True)
class FlagRow:
    id: int
    store: str
    terminal: str
    problem: str
    flagged_at: datetime
    resolved_at: datetime | None


def stock_across_stores(
    connection: Connection,
    stores: tuple[str, ...] | None,
    *,
    search: str = "",
    offset: int = 0,
    limit: int = 100,
) -> tuple[int, list[ProductStockRow]]:
    """(how many products match, a page of them by SKU): what each holds in each store."""
    typed = search.strip()
    found = connection.execute(
        text(_STOCK),
        {
            "stores": _codes(stores),
            "search": typed,
            "like": f"%{_escaped(typed)}%",
            "offset": offset,
            "limit": limit,
        },
    ).all()
    rows = [
        ProductStockRow(str(product), sku, name, {k: int(v) for k, v in held.items()}, int(total))
        for product, sku, name, held, total, _ in found
    ]
    return (int(found[0][-1]) if found else 0), rows


def review_flags(
    connection: Connection,
    stores: tuple[str, ...] | None,
    *,
    open_only: bool = True,
    offset: int = 0,
    limit: int = 100,
) -> tuple[int, list[FlagRow]]:
    """(how many flags, a page of them, newest first): what head office flagged of the tills of
    these stores (every store: None); `open_only`: those no one has resolved."""
    found = connection.execute(
        text(_FLAGS),
        {"stores": _codes(stores), "open": open_only, "offset": offset, "limit": limit},
    ).all()
    rows = [FlagRow(*row[:6]) for row in found]
    return (int(found[0][-1]) if found else 0), rows


def _codes(stores: tuple[str, ...] | None) -> Any:
    return None if stores is None else list(stores)


def _escaped(typed: str) -> str:
    """What a person typed, matched as itself: % and _ are not wildcards here."""
    return typed.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
