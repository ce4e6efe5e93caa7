"""The value of the chain's stock as of a day, at head office: counted back from what is held
now — `stock_levels` (folded in at every upload) and `product_values` (kept by triggers equal
to the sum of each product's costed movements in each store) — by the movements placed after
the day, so today's value reads no movement at all. Only the rows a person is shown leave the
database; each store's value of a product is shared among its locations by quantity, largest
remainder, as the node shares it (posapp/db/stock_value_queries.py).

Head office closes no costing periods yet: a movement is placed at its business time."""

from __future__ import annotations

import uuid
from collections.abc import Hashable
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Connection, Engine, text

from posapp.services.costing import Held, StockValue, most_valuable

# The movements placed after the day, what they moved and what they were worth.
_AFTER = """
after AS MATERIALIZED (
    SELECT m.id, m.store_code, m.product_id, m.location_id, m.quantity_milli
    FROM stock_movements m WHERE coalesce(m.business_at, m.created_at) >= :before {these}
), moved AS MATERIALIZED (
    SELECT product_id, location_id, sum(quantity_milli)::bigint AS quantity FROM after
    GROUP BY product_id, location_id
), revalued AS MATERIALIZED (
    SELECT a.store_code, a.product_id, sum(c.value_minor - c.true_up_minor)::bigint AS value
    FROM after a JOIN movement_costs c ON c.movement_id = a.id
    GROUP BY a.store_code, a.product_id
)"""
# The whole value as of the day (every store's products: the kept values less what came after),
# the product and location rows holding or owing stock, and the most valuable products — no
# pass over the stock by product (a million groups cost PostgreSQL seconds).
# `:stores` (NULL: every store) narrows it to some stores.
_OF_STORES = "(CAST(:stores AS text[]) IS NULL OR {column} = ANY(CAST(:stores AS text[])))"
_SUMMARY_SQL = text(
    f"""WITH {_AFTER.format(these="")}, valued AS MATERIALIZED (
    SELECT v.store_code, v.product_id, v.value_minor - coalesce(r.value, 0) AS value
    FROM product_values v
    LEFT JOIN revalued r ON r.store_code = v.store_code AND r.product_id = v.product_id
    WHERE {_OF_STORES.format(column="v.store_code")}
)
SELECT NULL, NULL, (SELECT coalesce(sum(value), 0)::bigint FROM valued),
       (SELECT count(*) FROM stock_levels s
        JOIN store_locations l ON l.location_id = s.location_id
        LEFT JOIN moved d ON d.product_id = s.product_id AND d.location_id = s.location_id
        WHERE s.on_hand_milli <> coalesce(d.quantity, 0)
          AND {_OF_STORES.format(column="l.store_code")})
UNION ALL (
    SELECT store_code, product_id, NULL, NULL FROM valued
    ORDER BY value DESC, store_code, product_id LIMIT :rows
)"""
)
# The places of the products shown, and their values: these products' rows only.
_PLACES_SQL = text(
    f"""WITH shown(store_code, product_id) AS (
    SELECT * FROM unnest(CAST(:stores AS text[]), CAST(:products AS uuid[]))
), {_AFTER.format(these="AND (m.store_code, m.product_id) IN (SELECT * FROM shown)")}
SELECT t.store_code, t.product_id, coalesce(c.sku, r.sku, t.product_id::text),
       coalesce(c.name, r.name, ''), s.location_id,
       s.on_hand_milli - coalesce(d.quantity, 0),
       coalesce(v.value_minor, 0) - coalesce(x.value, 0)
FROM shown t
JOIN stock_levels s ON s.product_id = t.product_id
JOIN store_locations l ON l.location_id = s.location_id AND l.store_code = t.store_code
LEFT JOIN moved d ON d.product_id = s.product_id AND d.location_id = s.location_id
LEFT JOIN product_values v ON v.store_code = t.store_code AND v.product_id = t.product_id
LEFT JOIN revalued x ON x.store_code = t.store_code AND x.product_id = t.product_id
LEFT JOIN catalogue_products c ON c.id = t.product_id
LEFT JOIN report_products r ON r.product_id = t.product_id
WHERE s.on_hand_milli <> coalesce(d.quantity, 0)
ORDER BY t.store_code, t.product_id, s.location_id"""
)


def stock_value(
    engine: Engine, as_of: date, rows: int, stores: tuple[str, ...] | None = None
) -> StockValue:
    """The stock value of the chain (or of `stores`) at the end of `as_of` (UTC): the places
    of the most valuable products of each store (at most `rows`; a location named by its store
    and the start of its id), and the total over all of them — both read from one snapshot,
    while costing goes on."""
    before = datetime.combine(as_of + timedelta(days=1), time(), tzinfo=UTC)
    snapshot = engine.execution_options(isolation_level="REPEATABLE READ")
    asked = {"before": before, "rows": rows, "stores": None if stores is None else list(stores)}
    with snapshot.connect() as connection:
        summary = connection.execute(_SUMMARY_SQL, asked).all()
        top = [(store, product) for store, product, _, _ in summary if store is not None]
        held = _places(connection, before, top)
    total, count = next((t, c) for store, _, t, c in summary if store is None)
    return StockValue(most_valuable(top, held, rows), int(total), int(count))


def _places(
    connection: Connection, before: datetime, top: list[tuple[str, uuid.UUID]]
) -> dict[Hashable, tuple[int, list[Held]]]:
    """These stores' products' values and every location holding (or owing) them."""
    if not top:
        return {}
    found = connection.execute(
        _PLACES_SQL,
        {"before": before, "stores": [s for s, _ in top], "products": [p for _, p in top]},
    ).all()
    held: dict[Hashable, tuple[int, list[Held]]] = {}
    for store, product, sku, name, location, quantity, value in found:
        place = (sku, name, f"{store} · {location.hex[:8]}", int(quantity))
        held.setdefault((store, product), (int(value), []))[1].append(place)
    return held
