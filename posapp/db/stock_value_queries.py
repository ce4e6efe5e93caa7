"""The value of a shop's stock as of a day, fast on a big catalogue: counted back from what is
held now (`stock_levels`, and `product_values`, which triggers keep equal to the sum of the
costed movements) by the movements costing placed after the day — none for today, few for a
recent day — or forward from a closed period's snapshot when that reads fewer movements
(`stock_value_forward`); only the rows a person is shown leave the database.

`cost_queries.valuation` counts forward from the last closed period instead and lists every
row: the command line's export, and what this is checked against."""

from __future__ import annotations

import json
from collections.abc import Hashable
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Connection, Engine, TextClause, text

from posapp.db.costing_ledger import AT
from posapp.db.stock_value_forward import (
    CLOSED_BEFORE_SQL,
    MOVED_AND_REVALUED,
    PLACES_FORWARD_SQL,
    SUMMARY_FORWARD_SQL,
)
from posapp.db.types import sqlite_timestamp
from posapp.services.costing import Held, StockValue, most_valuable

# Movements costing placed (`AT`) at or after the day's end: those dated after it, and those
# recorded after a period closed whose boundary is past the day's end (costed at that boundary);
# what they moved and what they were worth.
_AFTER = f"""
after AS MATERIALIZED (
    SELECT m.id, m.product_id, m.location_id, m.quantity_milli FROM stock_movements m
    WHERE m.business_at >= :before {{these}}
    UNION ALL
    SELECT m.id, m.product_id, m.location_id, m.quantity_milli FROM stock_movements m
    WHERE m.seq > :clamped_after AND m.business_at < :before AND {AT} >= :before {{these}}
), {MOVED_AND_REVALUED.format(movements="after")}"""
# The whole value as of the day (the kept values less what came after), the product and
# location rows holding or owing stock, and the most valuable products.
_SUMMARY_SQL = text(
    f"""WITH {_AFTER.format(these="")}, valued AS MATERIALIZED (
    SELECT v.product_id, v.value_minor - coalesce(r.value, 0) AS value
    FROM product_values v LEFT JOIN revalued r ON r.product_id = v.product_id
)
SELECT NULL, (SELECT coalesce(sum(value), 0) FROM valued),
       (SELECT count(*) FROM stock_levels s
        LEFT JOIN moved d ON d.product_id = s.product_id AND d.location_id = s.location_id
        WHERE s.on_hand_milli != coalesce(d.quantity, 0))
UNION ALL
SELECT * FROM (
    SELECT product_id, NULL, NULL FROM valued
    WHERE value != 0 OR product_id IN (  -- worth nothing, but held (or owed) that day
        SELECT s.product_id FROM stock_levels s
        LEFT JOIN moved d ON d.product_id = s.product_id AND d.location_id = s.location_id
        WHERE s.on_hand_milli != coalesce(d.quantity, 0))
    ORDER BY value DESC, product_id LIMIT :rows
)"""
)
# The places of the products shown, and their values: these products' rows only.
_PLACES_SQL = text(
    f"""WITH shown(product_id) AS (SELECT value FROM json_each(:products)),
{_AFTER.format(these="AND m.product_id IN (SELECT product_id FROM shown)")}
SELECT p.sku, p.name, t.product_id, l.code, s.on_hand_milli - coalesce(d.quantity, 0),
       coalesce(v.value_minor, 0) - coalesce(x.value, 0)
FROM shown t JOIN products p ON p.id = t.product_id
JOIN stock_levels s ON s.product_id = t.product_id JOIN locations l ON l.id = s.location_id
LEFT JOIN moved d ON d.product_id = s.product_id AND d.location_id = s.location_id
LEFT JOIN product_values v ON v.product_id = t.product_id
LEFT JOIN revalued x ON x.product_id = t.product_id
WHERE s.on_hand_milli != coalesce(d.quantity, 0)"""
)
# The first period closed with its boundary at or past the day's end: movements recorded after
# it may be costed at its boundary although dated inside the day.
_CLAMPED_AFTER_SQL = text(
    "SELECT coalesce(min(last_seq), 9223372036854775807) FROM cost_periods "
    "WHERE boundary_at >= :before"
)


def stock_value(engine: Engine, as_of: date, rows: int) -> StockValue:
    """The stock's value at the end of `as_of` (UTC): the places of its most valuable products
    (at most `rows`), and the total over all of them."""
    before = sqlite_timestamp(datetime.combine(as_of + timedelta(days=1), time(), tzinfo=UTC))
    with engine.connect() as connection:
        asked: dict[str, object] = {"before": before}
        closed = connection.execute(CLOSED_BEFORE_SQL, asked).first()
        if closed is not None and closed[3] < closed[4]:  # fewer movements forward than back
            asked.update(day=closed[0], edge=closed[1], last=closed[2])
            summary_sql, places_sql = SUMMARY_FORWARD_SQL, PLACES_FORWARD_SQL
        else:
            asked["clamped_after"] = connection.execute(_CLAMPED_AFTER_SQL, asked).scalar_one()
            summary_sql, places_sql = _SUMMARY_SQL, _PLACES_SQL
        summary = connection.execute(summary_sql, {**asked, "rows": rows}).all()
        top = [product for product, _, _ in summary if product is not None]
        held = _places(connection, places_sql, asked, top)
    total, count = next((t, c) for product, t, c in summary if product is None)
    return StockValue(most_valuable(top, held, rows), int(total), int(count))


def _places(
    connection: Connection, sql: TextClause, asked: dict[str, object], products: list[str]
) -> dict[Hashable, tuple[int, list[Held]]]:
    """These products' values and every place holding (or owing) them."""
    if not products:
        return {}
    found = connection.execute(sql, {**asked, "products": json.dumps(products)}).all()
    held: dict[Hashable, tuple[int, list[Held]]] = {}
    for sku, name, product, code, quantity, value in found:
        held.setdefault(product, (int(value), []))[1].append((sku, name, code, int(quantity)))
    return held


def value_now_minor(engine: Engine) -> int:
    """What the stock is worth now, as costed: one sum over the kept product values."""
    with engine.connect() as connection:
        found = connection.execute(text("SELECT coalesce(sum(value_minor), 0) FROM product_values"))
        return int(found.scalar_one())
