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

_HELD = """
after AS MATERIALIZED (
    SELECT m.id, m.store_code, m.product_id, m.location_id, m.quantity_milli
    FROM stock_movements m WHERE coalesce(m.business_at, m.created_at) >= :before
), moved AS MATERIALIZED (
    SELECT product_id, location_id, sum(quantity_milli) AS quantity FROM after
    GROUP BY product_id, location_id
), revalued AS MATERIALIZED (
    SELECT a.store_code, a.product_id, sum(c.value_minor - c.true_up_minor) AS value
    FROM after a JOIN movement_costs c ON c.movement_id = a.id
    GROUP BY a.store_code, a.product_id
), held AS (
    SELECT l.store_code, s.product_id, s.location_id,
           s.on_hand_milli - coalesce(d.quantity, 0) AS quantity
    FROM stock_levels s JOIN store_locations l ON l.location_id = s.location_id
    LEFT JOIN moved d ON d.product_id = s.product_id AND d.location_id = s.location_id
), products_held AS MATERIALIZED (
    SELECT h.store_code, h.product_id, sum(greatest(h.quantity, 0)) AS positive,
           count(*) AS places, min(coalesce(v.value_minor, 0) - coalesce(r.value, 0)) AS value
    FROM held h
    LEFT JOIN product_values v ON v.store_code = h.store_code AND v.product_id = h.product_id
    LEFT JOIN revalued r ON r.store_code = h.store_code AND r.product_id = h.product_id
    WHERE h.quantity <> 0 GROUP BY h.store_code, h.product_id
)"""
_TOTAL_SQL = text(
    f"WITH {_HELD} SELECT coalesce(sum(value) FILTER (WHERE positive > 0), 0), "
    "coalesce(sum(places), 0) FROM products_held"
)
# By proportional share; the exact shares, remainders placed, are worked out for those shown.
_TOP_SQL = text(
    f"""WITH {_HELD}
SELECT h.store_code, h.product_id FROM held h
JOIN products_held p ON p.store_code = h.store_code AND p.product_id = h.product_id
WHERE h.quantity <> 0
ORDER BY CASE WHEN h.quantity > 0 AND p.positive > 0 THEN p.value * h.quantity / p.positive
         ELSE 0 END DESC, h.store_code, h.product_id LIMIT :rows"""
)
_PLACES_SQL = text(
    f"""WITH {_HELD}
SELECT h.store_code, h.product_id, coalesce(r.payload->>'sku', h.product_id::text),
       coalesce(r.payload->>'name', ''), h.location_id, h.quantity, p.value
FROM held h
JOIN products_held p ON p.store_code = h.store_code AND p.product_id = h.product_id
JOIN unnest(CAST(:stores AS text[]), CAST(:products AS uuid[])) AS t(store_code, product_id)
  ON t.store_code = h.store_code AND t.product_id = h.product_id
LEFT JOIN master_records r ON r.entity = 'product' AND r.key = h.product_id::text
WHERE h.quantity <> 0 ORDER BY h.store_code, h.product_id, h.location_id"""
)


def stock_value(engine: Engine, as_of: date, rows: int) -> StockValue:
    """The chain's stock value at the end of `as_of` (UTC): the `rows` most valuable store,
    product and location rows (a location named by its store and the start of its id), and
    the total over all of them."""
    before = datetime.combine(as_of + timedelta(days=1), time(), tzinfo=UTC)
    with engine.connect() as connection:
        total, count = connection.execute(_TOTAL_SQL, {"before": before}).one()
        top = [(s, p) for s, p in connection.execute(_TOP_SQL, {"before": before, "rows": rows})]
        held = _places(connection, before, list(dict.fromkeys(top)))
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
