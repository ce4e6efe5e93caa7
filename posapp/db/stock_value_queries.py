"""The value of a shop's stock as of a day, fast on a big catalogue, from whichever base reads
the fewest movements: counted back from what is held now (`stock_levels`, and
`product_values`, which triggers keep equal to the sum of the costed movements) or from the
next checkpoint (db.value_checkpoints) by the movements costing placed after the day — none for
today, few for a recent day — or forward from a closed period's or a checkpoint's snapshot
(`stock_value_forward`); only the rows a person is shown leave the database.

`cost_queries.valuation` counts forward from the last closed period instead and lists every
row: the command line's export, and what this is checked against."""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable
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
from posapp.db.value_checkpoints import CLAMPED_AFTER_SQL
from posapp.services.costing import Held, StockValue, most_valuable

# Movements costing placed (`AT`) at or after the day's end (and before the base): those dated
# after it, and those recorded after a period closed whose boundary is past the day's end
# (costed at that boundary); what they moved and what they were worth.
_AFTER = f"""
after AS MATERIALIZED (
    SELECT m.id, m.product_id, m.location_id, m.quantity_milli FROM stock_movements m
    WHERE m.business_at >= :before {{until}} {{these}}
    UNION ALL
    SELECT m.id, m.product_id, m.location_id, m.quantity_milli FROM stock_movements m
    WHERE m.seq > :clamped_after AND m.business_at < :before AND {AT} >= :before {{until}}
        {{these}}
), {MOVED_AND_REVALUED.format(movements="after")}"""
# The whole value as of the day (the kept values less what came after), the product and
# location rows holding or owing stock, and the most valuable products.
_SUMMARY = f"""WITH {_AFTER.format(these="", until="{until}")}, valued AS MATERIALIZED (
    SELECT v.product_id, v.value_minor - coalesce(r.value, 0) AS value
    FROM {{values}} v LEFT JOIN revalued r ON r.product_id = v.product_id
)
SELECT NULL, (SELECT coalesce(sum(value), 0) FROM valued),
       (SELECT count(*) FROM {{stock}} s
        LEFT JOIN moved d ON d.product_id = s.product_id AND d.location_id = s.location_id
        WHERE s.on_hand_milli != coalesce(d.quantity, 0))
UNION ALL
SELECT * FROM (
    SELECT product_id, NULL, NULL FROM valued
    WHERE value != 0 OR product_id IN (  -- worth nothing, but held (or owed) that day
        SELECT s.product_id FROM {{stock}} s
        LEFT JOIN moved d ON d.product_id = s.product_id AND d.location_id = s.location_id
        WHERE s.on_hand_milli != coalesce(d.quantity, 0))
    ORDER BY value DESC, product_id LIMIT :rows
)"""
# The places of the products shown, and their values: these products' rows only.
_THESE = "AND m.product_id IN (SELECT product_id FROM shown)"
_PLACES = f"""WITH shown(product_id) AS (SELECT value FROM json_each(:products)),
{_AFTER.format(these=_THESE, until="{until}")}
SELECT p.sku, p.name, t.product_id, l.code, s.on_hand_milli - coalesce(d.quantity, 0),
       coalesce(v.value_minor, 0) - coalesce(x.value, 0)
FROM shown t JOIN products p ON p.id = t.product_id
JOIN {{stock}} s ON s.product_id = t.product_id JOIN locations l ON l.id = s.location_id
LEFT JOIN moved d ON d.product_id = s.product_id AND d.location_id = s.location_id
LEFT JOIN {{values}} v ON v.product_id = t.product_id
LEFT JOIN revalued x ON x.product_id = t.product_id
WHERE s.on_hand_milli != coalesce(d.quantity, 0)"""
# Counted back from now, or from the next checkpoint (`:base`): its rows stand in for what is
# held now, and only the movements placed before it are counted back.
_BASES = {
    "now": {"values": "product_values", "stock": "stock_levels", "until": ""},
    "next checkpoint": {
        "values": "(SELECT product_id, value_minor FROM checkpoint_values "
        "WHERE boundary_at = :base)",
        "stock": "(SELECT product_id, location_id, quantity_milli AS on_hand_milli "
        "FROM checkpoint_stock WHERE boundary_at = :base)",
        "until": f"AND m.business_at < :base AND {AT} < :base",
    },
}
_SUMMARY_SQL = {
    **{k: text(_SUMMARY.format(**v)) for k, v in _BASES.items()},
    **{f"{k} forward": v for k, v in SUMMARY_FORWARD_SQL.items()},
}
_PLACES_SQL = {
    **{k: text(_PLACES.format(**v)) for k, v in _BASES.items()},
    **{f"{k} forward": v for k, v in PLACES_FORWARD_SQL.items()},
}
_COUNT_SQL = text(
    "SELECT count(*) FROM stock_movements WHERE business_at >= :since AND business_at < :until"
)
_CHECKPOINTS_SQL = text(
    "SELECT (SELECT max(boundary_at) FROM value_checkpoints WHERE boundary_at <= :before), "
    "(SELECT min(boundary_at) FROM value_checkpoints WHERE boundary_at >= :before)"
)
_ENDLESS = "9999-12-31 23:59:59.999999"  # after every timestamp (as text: "9999" is a number)


def stock_value(engine: Engine, as_of: date, rows: int) -> StockValue:
    """The stock's value at the end of `as_of` (UTC): the places of its most valuable products
    (at most `rows`), and the total over all of them."""
    before = sqlite_timestamp(datetime.combine(as_of + timedelta(days=1), time(), tzinfo=UTC))
    with engine.connect() as connection:
        way, asked = _fewest_movements(connection, before)
        summary = connection.execute(_SUMMARY_SQL[way], {**asked, "rows": rows}).all()
        top = [product for product, _, _ in summary if product is not None]
        held = _places(connection, _PLACES_SQL[way], asked, top)
    total, count = next((t, c) for product, t, c in summary if product is None)
    return StockValue(most_valuable(top, held, rows), int(total), int(count))


def _fewest_movements(connection: Connection, before: str) -> tuple[str, dict[str, object]]:
    """Which base the day's value is counted from — now, the next checkpoint, the last closed
    period or the last checkpoint before it — to read the fewest movements (counted by
    business time, which the index counts cheaply), and what its statement is asked."""

    def clamped_after(instant: str) -> int:
        return int(connection.execute(text(CLAMPED_AFTER_SQL), {"before": instant}).scalar_one())

    def moved(since: str, until: str) -> int:
        return int(connection.execute(_COUNT_SQL, {"since": since, "until": until}).scalar_one())

    earlier, later = connection.execute(_CHECKPOINTS_SQL, {"before": before}).one()
    closed = connection.execute(CLOSED_BEFORE_SQL, {"before": before}).first()
    ways: list[tuple[int, str, Callable[[], dict[str, object]]]] = [
        (moved(before, _ENDLESS), "now", lambda: {"clamped_after": clamped_after(before)})
    ]
    if later is not None:
        ways.append(
            (
                moved(before, later),
                "next checkpoint",
                lambda: {"base": later, "clamped_after": clamped_after(before)},
            )
        )
    if closed is not None:
        day, edge, last = closed
        ways.append(
            (
                moved(edge, before),
                "period forward",
                lambda: {"day": day, "edge": edge, "last": last},
            )
        )
    if earlier is not None:
        ways.append(
            (
                moved(earlier, before),
                "checkpoint forward",
                lambda: {"edge": earlier, "last": clamped_after(earlier)},
            )
        )
    _, way, asked = min(ways, key=lambda w: w[0])
    return way, {"before": before, **asked()}


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
