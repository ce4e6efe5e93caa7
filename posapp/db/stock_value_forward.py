"""The value of a shop's stock as of a day, counted forward from a snapshot before it — the
last costing period closed (`period_stock`, `period_values`) or the last checkpoint
(db.value_checkpoints) — and the movements costing placed between its boundary and the day's
end. `stock_value_queries` takes this way when it reads the fewest movements — a day at or just
after a close or a checkpoint reads none."""

from __future__ import annotations

from sqlalchemy import text

from posapp.db.costing_ledger import AT

# What a set of movements (a CTE of id, product, location, quantity) moved per place and was
# worth per product.
MOVED_AND_REVALUED = """moved AS MATERIALIZED (
    SELECT product_id, location_id, sum(quantity_milli) AS quantity FROM {movements}
    GROUP BY product_id, location_id
), revalued AS MATERIALIZED (
    SELECT w.product_id, sum(c.value_minor - c.true_up_minor) AS value
    FROM {movements} w JOIN movement_costs c ON c.movement_id = w.id GROUP BY w.product_id
)"""
# Movements placed in [boundary, day's end): dated after the boundary, and recorded after the
# close though dated inside the closed period (costed at the boundary).
_WINDOW = f"""
span AS MATERIALIZED (
    SELECT m.id, m.product_id, m.location_id, m.quantity_milli FROM stock_movements m
    WHERE m.business_at >= :edge AND m.business_at < :before AND {AT} < :before {{these}}
    UNION ALL
    SELECT m.id, m.product_id, m.location_id, m.quantity_milli FROM stock_movements m
    WHERE m.seq > :last AND m.business_at < :edge AND {AT} < :before {{these}}
), {MOVED_AND_REVALUED.format(movements="span")}"""
_VALUED = """
valued AS MATERIALIZED (
    SELECT v.product_id, v.value_minor + coalesce(r.value, 0) AS value
    FROM {values} v LEFT JOIN revalued r ON r.product_id = v.product_id
    WHERE true {these}
    UNION ALL
    SELECT r.product_id, r.value FROM revalued r WHERE NOT EXISTS (
        SELECT 1 FROM {values} v WHERE v.product_id = r.product_id
    )
)"""
_ALL_VALUED = _VALUED.format(these="", values="{values}")
_SUMMARY_FORWARD = f"""WITH {_WINDOW.format(these="")}, {_ALL_VALUED}
SELECT NULL, (SELECT coalesce(sum(value), 0) FROM valued),
       (SELECT count(*) FROM {{stock}} s
        LEFT JOIN moved d ON d.product_id = s.product_id AND d.location_id = s.location_id
        WHERE s.quantity_milli + coalesce(d.quantity, 0) != 0)
       + (SELECT count(*) FROM moved d WHERE d.quantity != 0 AND NOT EXISTS (
            SELECT 1 FROM {{stock}} s
            WHERE s.product_id = d.product_id AND s.location_id = d.location_id))
UNION ALL
SELECT * FROM (
    SELECT product_id, NULL, NULL FROM valued
    WHERE value != 0 OR product_id IN (  -- worth nothing, but held (or owed) that day
        SELECT product_id FROM (
            SELECT product_id, location_id, quantity_milli AS quantity FROM {{stock}}
            UNION ALL SELECT product_id, location_id, quantity FROM moved
        ) GROUP BY product_id, location_id HAVING sum(quantity) != 0)
    ORDER BY value DESC, product_id LIMIT :rows
)"""
_THESE = "AND m.product_id IN (SELECT product_id FROM shown)"
_PLACES_FORWARD = f"""WITH shown(product_id) AS (SELECT value FROM json_each(:products)),
{_WINDOW.format(these=_THESE)},
{_VALUED.format(these="AND v.product_id IN (SELECT product_id FROM shown)", values="{values}")},
held AS (
    SELECT product_id, location_id, sum(quantity) AS quantity FROM (
        SELECT s.product_id, s.location_id, s.quantity_milli AS quantity FROM {{stock}} s
        WHERE s.product_id IN (SELECT product_id FROM shown)
        UNION ALL SELECT product_id, location_id, quantity FROM moved
    ) GROUP BY product_id, location_id
)
SELECT p.sku, p.name, t.product_id, l.code, h.quantity, coalesce(v.value, 0)
FROM shown t JOIN products p ON p.id = t.product_id
JOIN held h ON h.product_id = t.product_id JOIN locations l ON l.id = h.location_id
LEFT JOIN valued v ON v.product_id = t.product_id
WHERE h.quantity != 0"""
# The snapshots counted forward from: a closed period's (`:day`), or a checkpoint's (its
# boundary, `:edge`).
_SNAPSHOTS = {
    "period": {
        "values": "(SELECT product_id, value_minor FROM period_values WHERE closed_through = :day)",
        "stock": "(SELECT product_id, location_id, quantity_milli FROM period_stock "
        "WHERE closed_through = :day)",
    },
    "checkpoint": {
        "values": "(SELECT product_id, value_minor FROM checkpoint_values "
        "WHERE boundary_at = :edge)",
        "stock": "(SELECT product_id, location_id, quantity_milli FROM checkpoint_stock "
        "WHERE boundary_at = :edge)",
    },
}
SUMMARY_FORWARD_SQL = {k: text(_SUMMARY_FORWARD.format(**v)) for k, v in _SNAPSHOTS.items()}
PLACES_FORWARD_SQL = {k: text(_PLACES_FORWARD.format(**v)) for k, v in _SNAPSHOTS.items()}
# The last period closed at or before the day's end.
CLOSED_BEFORE_SQL = text(
    "SELECT closed_through, boundary_at, last_seq FROM cost_periods WHERE boundary_at <= :before "
    "ORDER BY boundary_at DESC LIMIT 1"
)
