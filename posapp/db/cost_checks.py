"""Costing's invariants for `posapp check` (read-only SQL): every movement costing has read has
its cost beside it, for the product it moved and in the direction it moved; nothing moved
inside the store carries a cost; what a sale's lines cost adds up to its profit's other side."""

from __future__ import annotations

import sqlite3

from posapp.db.costing_ledger import AT

_LIMIT = 20
_INTERNAL = "('TRANSFER', 'TRANSFER_IN')"


def costs_match_the_ledger(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute(f"""
        SELECT m.seq, 'is costed under another product' FROM movement_costs c
        JOIN stock_movements m ON m.id = c.movement_id WHERE c.product_id != m.product_id
        UNION ALL
        SELECT m.seq, 'moved inside the store but carries a cost' FROM movement_costs c
        JOIN stock_movements m ON m.id = c.movement_id WHERE m.reason IN {_INTERNAL}
        UNION ALL
        SELECT m.seq, 'took goods out but added value (' || c.value_minor || ')'
        FROM movement_costs c JOIN stock_movements m ON m.id = c.movement_id
        WHERE m.quantity_milli < 0 AND c.value_minor > 0
        UNION ALL
        SELECT m.seq, 'brought goods in but took value (' || c.value_minor || ')'
        FROM movement_costs c JOIN stock_movements m ON m.id = c.movement_id
        WHERE m.quantity_milli > 0 AND c.value_minor < 0
        UNION ALL
        SELECT m.seq, 'was read by costing but has no cost'
        FROM stock_movements m
        WHERE m.seq <= (SELECT value FROM counters WHERE name = 'costed_movements')
          AND m.reason NOT IN {_INTERNAL} AND m.quantity_milli != 0
          AND NOT EXISTS (SELECT 1 FROM movement_costs c WHERE c.movement_id = m.id)
          AND NOT EXISTS (SELECT 1 FROM cost_marks k WHERE k.product_id = m.product_id)
        ORDER BY 1 LIMIT {_LIMIT}""").fetchall()
    return [f"stock movement {seq} {problem}" for seq, problem in rows]


def values_match_the_costs(connection: sqlite3.Connection) -> list[str]:
    """What valuation counts back from (`product_values`) is the sum of the product's costs."""
    rows = connection.execute(f"""
        WITH summed AS (
            SELECT product_id, sum(value_minor - true_up_minor) AS value FROM movement_costs
            GROUP BY product_id
        )
        SELECT coalesce(p.sku, v.product_id, s.product_id), coalesce(v.value_minor, 0),
               coalesce(s.value, 0)
        FROM product_values v FULL OUTER JOIN summed s ON s.product_id = v.product_id
        LEFT JOIN products p ON p.id = coalesce(v.product_id, s.product_id)
        WHERE coalesce(v.value_minor, 0) != coalesce(s.value, 0) LIMIT {_LIMIT}""").fetchall()
    return [
        f"product {sku} is valued at {kept} but its movements' costs add up to {summed}"
        for sku, kept, summed in rows
    ]


_SKU = "(SELECT sku FROM products WHERE id = {product})"


def checkpoints_match_the_ledger(connection: sqlite3.Connection) -> list[str]:
    """Each checkpoint valuation counts from holds what the movements placed before it add up
    to: each product's value and each place's quantity (db.value_checkpoints)."""
    problems = []
    for (boundary,) in connection.execute("SELECT boundary_at FROM value_checkpoints"):
        placed = f"SELECT m.* FROM stock_movements m WHERE {AT} < :boundary"
        rows = connection.execute(
            f"""WITH placed AS MATERIALIZED ({placed}), summed AS (
                SELECT p.product_id, sum(c.value_minor - c.true_up_minor) AS value
                FROM placed p JOIN movement_costs c ON c.movement_id = p.id GROUP BY p.product_id
            ), held AS (
                SELECT product_id, location_id, sum(quantity_milli) AS quantity FROM placed
                GROUP BY product_id, location_id
            )
            SELECT 'value of ' || {_SKU.format(product="coalesce(v.product_id, s.product_id)")},
                   coalesce(v.value_minor, 0), coalesce(s.value, 0)
            FROM (SELECT * FROM checkpoint_values WHERE boundary_at = :boundary) v
            FULL OUTER JOIN summed s ON s.product_id = v.product_id
            WHERE coalesce(v.value_minor, 0) != coalesce(s.value, 0)
            UNION ALL
            SELECT 'quantity of ' || {_SKU.format(product="coalesce(k.product_id, h.product_id)")}
                   || ' at ' || (SELECT code FROM locations
                                 WHERE id = coalesce(k.location_id, h.location_id)),
                   coalesce(k.quantity_milli, 0), coalesce(h.quantity, 0)
            FROM (SELECT * FROM checkpoint_stock WHERE boundary_at = :boundary) k
            FULL OUTER JOIN held h
                ON h.product_id = k.product_id AND h.location_id = k.location_id
            WHERE coalesce(k.quantity_milli, 0) != coalesce(h.quantity, 0)
            LIMIT {_LIMIT}""",
            {"boundary": boundary},
        ).fetchall()
        problems += [
            f"the checkpoint at {boundary} holds {kept} as the {what} but its movements add up "
            f"to {summed}"
            for what, kept, summed in rows
        ]
    return problems[:_LIMIT]
