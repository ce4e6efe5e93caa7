"""The value of the chain's stock as of a day, at head office: counted back from the nearest
base after the day — a checkpoint (sync/server/value_checkpoints.py) or what is held now,
`stock_levels` (folded in at every upload) and `product_values` (kept by triggers equal to the
sum of each product's costed movements in each store) — by the movements placed between the
day and the base, so today's value, or a checkpoint's day's, reads no movement at all. Only the
rows a person is shown leave the database; each store's value of a product is shared among its
locations by quantity, largest remainder, as the node shares it
(posapp/db/stock_value_queries.py).

Head office closes no costing periods yet: a movement is placed at its business time."""

from __future__ import annotations

import uuid
from collections.abc import Hashable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, TextClause, text

from posapp.services.costing import Held, StockValue, most_valuable

# The movements placed in the window between the day's end and the base counted from (after it:
# `:low` is the day's end; before it: `:low` is the base), what they moved and were worth.
WINDOW = """
span AS MATERIALIZED (
    SELECT m.id, m.store_code, m.product_id, m.location_id, m.quantity_milli
    FROM stock_movements m WHERE coalesce(m.business_at, m.created_at) >= :low {high}
        {these}
), moved AS MATERIALIZED (
    SELECT product_id, location_id, sum(quantity_milli)::bigint AS quantity FROM span
    GROUP BY product_id, location_id
), revalued AS MATERIALIZED (
    SELECT a.store_code, a.product_id, sum(c.value_minor - c.true_up_minor)::bigint AS value
    FROM span a JOIN movement_costs c ON c.movement_id = a.id
    GROUP BY a.store_code, a.product_id
)"""
# The whole value as of the day (every store's products: the base's values with what the window
# moved taken away or added), the product and location rows holding or owing stock, and the
# most valuable products — no pass over the stock by product (a million groups cost PostgreSQL
# seconds). Counted forward, a product first moved inside the window is in no base row.
# `:stores` (NULL: every store) narrows it to some stores.
_OF_STORES = "(CAST(:stores AS text[]) IS NULL OR {column} = ANY(CAST(:stores AS text[])))"
_SUMMARY = f"""WITH {WINDOW.format(these="", high="{high}")}, valued AS MATERIALIZED (
    SELECT v.store_code, v.product_id, v.value_minor {{sign}} coalesce(r.value, 0) AS value
    FROM {{values}} v
    LEFT JOIN revalued r ON r.store_code = v.store_code AND r.product_id = v.product_id
    WHERE {_OF_STORES.format(column="v.store_code")}
    UNION ALL
    SELECT r.store_code, r.product_id, r.value FROM revalued r
    WHERE {{forward}} AND {_OF_STORES.format(column="r.store_code")} AND NOT EXISTS (
        SELECT 1 FROM {{values}} v WHERE v.store_code = r.store_code AND v.product_id = r.product_id
    )
)
SELECT NULL, NULL, (SELECT coalesce(sum(value), 0)::bigint FROM valued),
       (SELECT count(*) FROM {{stock}} s
        JOIN store_locations l ON l.location_id = s.location_id
        LEFT JOIN moved d ON d.product_id = s.product_id AND d.location_id = s.location_id
        WHERE s.on_hand_milli {{sign}} coalesce(d.quantity, 0) <> 0
          AND {_OF_STORES.format(column="l.store_code")})
       + (SELECT count(*) FROM moved d
          JOIN store_locations l ON l.location_id = d.location_id
          WHERE {{forward}} AND d.quantity <> 0 AND {_OF_STORES.format(column="l.store_code")}
            AND NOT EXISTS (SELECT 1 FROM {{stock}} s
                            WHERE s.product_id = d.product_id AND s.location_id = d.location_id))
UNION ALL (
    SELECT store_code, product_id, NULL, NULL FROM valued
    ORDER BY value DESC, store_code, product_id LIMIT :rows
)"""
# The places of the products shown, and their values: these products' rows only.
_SHOWN_ONLY = "AND (m.store_code, m.product_id) IN (SELECT * FROM shown)"
_PLACES = f"""WITH shown(store_code, product_id) AS (
    SELECT * FROM unnest(CAST(:stores AS text[]), CAST(:products AS uuid[]))
), {WINDOW.format(these=_SHOWN_ONLY, high="{high}")}, held AS (
    SELECT product_id, location_id, sum(quantity) AS quantity FROM (
        SELECT s.product_id, s.location_id, s.on_hand_milli AS quantity FROM {{stock}} s
        WHERE s.product_id IN (SELECT product_id FROM shown)
        UNION ALL SELECT product_id, location_id, {{sign}}quantity FROM moved
    ) AS both_ GROUP BY product_id, location_id
)
SELECT t.store_code, t.product_id, coalesce(c.sku, r.sku, t.product_id::text),
       coalesce(c.name, r.name, ''), s.location_id, s.quantity,
       coalesce(v.value_minor, 0) {{sign}} coalesce(x.value, 0)
FROM shown t
JOIN held s ON s.product_id = t.product_id
JOIN store_locations l ON l.location_id = s.location_id AND l.store_code = t.store_code
LEFT JOIN {{values}} v ON v.store_code = t.store_code AND v.product_id = t.product_id
LEFT JOIN revalued x ON x.store_code = t.store_code AND x.product_id = t.product_id
LEFT JOIN catalogue_products c ON c.id = t.product_id
LEFT JOIN report_products r ON r.product_id = t.product_id
WHERE s.quantity <> 0
ORDER BY t.store_code, t.product_id, s.location_id"""
# The bases counted from: back from now (what is held, kept at every upload and costing) or from
# the next checkpoint (`:base`; only the movements before it), or forward from the last
# checkpoint before the day.
_CHECKPOINT = {
    "values": "(SELECT store_code, product_id, value_minor FROM checkpoint_values "
    "WHERE boundary_at = :base)",
    "stock": "(SELECT product_id, location_id, quantity_milli AS on_hand_milli "
    "FROM checkpoint_stock WHERE boundary_at = :base)",
}
_BACK = {"sign": "-", "forward": "false"}
BASES = {
    "now": {"values": "product_values", "stock": "stock_levels", "high": "", **_BACK},
    "next checkpoint": {
        **_CHECKPOINT,
        "high": "AND coalesce(m.business_at, m.created_at) < :base",
        **_BACK,
    },
    "last checkpoint": {
        **_CHECKPOINT,
        "high": "AND coalesce(m.business_at, m.created_at) < :before",
        "sign": "+",
        "forward": "true",
    },
}
_SUMMARY_SQL = {base: text(_SUMMARY.format(**parts)) for base, parts in BASES.items()}
_PLACES_SQL = {base: text(_PLACES.format(**parts)) for base, parts in BASES.items()}
# The checkpoints either side of the day's end.
_CHECKPOINTS_SQL = text(
    "SELECT (SELECT max(boundary_at) FROM value_checkpoints WHERE boundary_at <= :before), "
    "(SELECT min(boundary_at) FROM value_checkpoints WHERE boundary_at >= :before)"
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
    asked: dict[str, Any] = {
        "before": before,
        "rows": rows,
        "stores": None if stores is None else list(stores),
    }
    with snapshot.connect() as connection:
        way = _nearest_base(connection, asked)
        summary = connection.execute(_SUMMARY_SQL[way], asked).all()
        top = [(store, product) for store, product, _, _ in summary if store is not None]
        held = _places(connection, _PLACES_SQL[way], asked, top)
    total, count = next((t, c) for store, _, t, c in summary if store is None)
    return StockValue(most_valuable(top, held, rows), int(total), int(count))


def _nearest_base(connection: Connection, asked: dict[str, Any]) -> str:
    """The base nearest the day's end, in time (movements arrive at about the same pace; the
    window between reads them): now, or a checkpoint either side. `asked` gets its bounds."""
    before = asked["before"]
    earlier, later = connection.execute(_CHECKPOINTS_SQL, asked).one()
    ways = [(datetime.now(UTC) - before, "now", before, None)]
    if later is not None:
        ways.append((later - before, "next checkpoint", before, later))
    if earlier is not None:
        ways.append((before - earlier, "last checkpoint", earlier, earlier))
    _, way, asked["low"], asked["base"] = min(ways, key=lambda w: w[0])
    return way


def _places(
    connection: Connection,
    sql: TextClause,
    asked: dict[str, object],
    top: list[tuple[str, uuid.UUID]],
) -> dict[Hashable, tuple[int, list[Held]]]:
    """These stores' products' values and every location holding (or owing) them."""
    if not top:
        return {}
    found = connection.execute(
        sql,
        {
            **asked,
            "stores": [s for s, _ in top],
            "products": [p for _, p in top],
        },
    ).all()
    held: dict[Hashable, tuple[int, list[Held]]] = {}
    for store, product, sku, name, location, quantity, value in found:
        place = (sku, name, f"{store} · {location.hex[:8]}", int(quantity))
        held.setdefault((store, product), (int(value), []))[1].append(place)
    return held
