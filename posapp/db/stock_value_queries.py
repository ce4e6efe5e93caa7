"""The value of a shop's stock as of a day, fast on a big catalogue: counted back from what is
held now (`stock_levels`, and `product_values`, which triggers keep equal to the sum of the
costed movements) by the movements costing placed after the day — none for today, few for a
recent day — and only the rows a person is shown leave the database.

`cost_queries.valuation` counts forward from the last closed period instead and lists every
row: the command line's export, and what this is checked against."""

from __future__ import annotations

from collections.abc import Hashable
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Connection, Engine, text

from posapp.db.costing_ledger import AT
from posapp.db.types import sqlite_timestamp
from posapp.services.costing import Held, StockValue, most_valuable

# Movements costing placed (`AT`) at or after the day's end: those dated after it, and those
# recorded after a period closed whose boundary is past the day's end (costed at that boundary).
_AFTER = f"""
after AS MATERIALIZED (
    SELECT m.id, m.product_id, m.location_id, m.quantity_milli FROM stock_movements m
    WHERE m.business_at >= :before
    UNION ALL
    SELECT m.id, m.product_id, m.location_id, m.quantity_milli FROM stock_movements m
    WHERE m.seq > :clamped_after AND m.business_at < :before AND {AT} >= :before
), moved AS MATERIALIZED (
    SELECT product_id, location_id, sum(quantity_milli) AS quantity FROM after
    GROUP BY product_id, location_id
), revalued AS MATERIALIZED (
    SELECT a.product_id, sum(c.value_minor - c.true_up_minor) AS value
    FROM after a JOIN movement_costs c ON c.movement_id = a.id GROUP BY a.product_id
), held AS (
    SELECT s.product_id, s.location_id,
           s.on_hand_milli - coalesce(d.quantity, 0) AS quantity
    FROM stock_levels s LEFT JOIN moved d
      ON d.product_id = s.product_id AND d.location_id = s.location_id
), products_held AS MATERIALIZED (
    SELECT h.product_id, sum(max(h.quantity, 0)) AS positive, count(*) AS places,
           coalesce(v.value_minor, 0) - coalesce(r.value, 0) AS value
    FROM held h LEFT JOIN product_values v ON v.product_id = h.product_id
    LEFT JOIN revalued r ON r.product_id = h.product_id
    WHERE h.quantity != 0 GROUP BY h.product_id
)"""
_TOTAL_SQL = text(
    f"WITH {_AFTER} SELECT coalesce(sum(CASE WHEN positive > 0 THEN value END), 0), "
    "coalesce(sum(places), 0) FROM products_held"
)
# Rows by their proportional share of the product's value (the exact share, remainders placed,
# is worked out below for the products shown).
_TOP_SQL = text(
    f"""WITH {_AFTER}
SELECT h.product_id FROM held h JOIN products_held p ON p.product_id = h.product_id
WHERE h.quantity != 0
ORDER BY CASE WHEN h.quantity > 0 AND p.positive > 0 THEN p.value * h.quantity / p.positive
         ELSE 0 END DESC, h.product_id LIMIT :rows"""
)
_PLACES_SQL = f"""WITH {_AFTER}
SELECT pr.sku, pr.name, h.product_id, l.code, h.quantity, p.value
FROM held h JOIN products_held p ON p.product_id = h.product_id
JOIN products pr ON pr.id = h.product_id JOIN locations l ON l.id = h.location_id
WHERE h.quantity != 0 AND h.product_id IN ({{products}})"""
# The first period closed with its boundary at or past the day's end: movements recorded after
# it may be costed at its boundary although dated inside the day.
_CLAMPED_AFTER_SQL = text(
    "SELECT coalesce(min(last_seq), 9223372036854775807) FROM cost_periods "
    "WHERE boundary_at >= :before"
)


def stock_value(engine: Engine, as_of: date, rows: int) -> StockValue:
    """The stock's value at the end of `as_of` (UTC): its `rows` most valuable product and
    location pairs, and the total over all of them."""
    before = sqlite_timestamp(datetime.combine(as_of + timedelta(days=1), time(), tzinfo=UTC))
    with engine.connect() as connection:
        asked: dict[str, object] = {"before": before}
        asked["clamped_after"] = connection.execute(_CLAMPED_AFTER_SQL, asked).scalar_one()
        total, count = connection.execute(_TOTAL_SQL, asked).one()
        top = [row[0] for row in connection.execute(_TOP_SQL, {**asked, "rows": rows})]
        held = _places(connection, asked, list(dict.fromkeys(top)))
    return StockValue(most_valuable(top, held, rows), int(total), int(count))


def _places(
    connection: Connection, asked: dict[str, object], products: list[str]
) -> dict[Hashable, tuple[int, list[Held]]]:
    """These products' values and every place holding (or owing) them."""
    if not products:
        return {}
    marks = ", ".join(f":p{n}" for n in range(len(products)))
    found = connection.execute(
        text(_PLACES_SQL.format(products=marks)),
        {**asked, **{f"p{n}": product for n, product in enumerate(products)}},
    ).all()
    held: dict[Hashable, tuple[int, list[Held]]] = {}
    for sku, name, product, code, quantity, value in found:
        held.setdefault(product, (int(value), []))[1].append((sku, name, code, int(quantity)))
    return held
