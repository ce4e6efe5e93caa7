"""Last costs flowing down: after costing, a product's catalogue cost (the master record every
node receives) becomes the cost its goods last came in at anywhere in the chain — at once when
it moved by more than `costing.publish_move_percent` (default 5 %), otherwise at most once a
day, so a busy product does not send a catalogue change to every till with each delivery."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, text

from sync.server.changes import record_changes

DEFAULT_MOVE_PERCENT = 5
CHUNK = 5_000  # products looked at a statement

_LAST_COSTS = text(
    """
SELECT DISTINCT ON (m.product_id) m.product_id,
       round(c.value_minor * 1000.0 / m.quantity_milli)::bigint
FROM stock_movements m JOIN movement_costs c ON c.movement_id = m.id
WHERE m.product_id = ANY(CAST(:products AS uuid[])) AND m.reason = 'RECEIPT'
  AND m.quantity_milli > 0
ORDER BY m.product_id, coalesce(m.business_at, m.created_at) DESC, m.node_id DESC, m.id DESC
"""
)
_KNOWN = text(
    """
SELECT r.key, r.payload, p.published_at FROM master_records r
LEFT JOIN cost_published p ON p.product_id = CAST(r.key AS uuid)
WHERE r.entity = 'product' AND r.key = ANY(CAST(:keys AS text[])) AND r.payload IS NOT NULL
"""
)
_DUE = text(
    "SELECT product_id, pending_minor FROM cost_published WHERE pending_minor IS NOT NULL "
    "AND published_at <= :day_ago"
)
_NOTE = text(
    """
INSERT INTO cost_published (product_id, cost_minor, published_at, pending_minor)
VALUES (:product, :published, :at, :pending)
ON CONFLICT (product_id) DO UPDATE SET
    cost_minor = coalesce(excluded.cost_minor, cost_published.cost_minor),
    published_at = coalesce(excluded.published_at, cost_published.published_at),
    pending_minor = excluded.pending_minor
"""
)


def publish_last_costs(engine: Engine, products: Iterable[uuid.UUID], now: datetime) -> int:
    """Publish the last costs of `products` (those just costed) and of any change whose day has
    come; how many catalogue records changed."""
    published = 0
    chosen = list(products)
    with engine.begin() as connection:
        percent = _move_percent(connection)
        rows = connection.execute(_DUE, {"day_ago": now - timedelta(days=1)}).all()
        due: dict[uuid.UUID, int] = {product: cost for product, cost in rows}
        for first in range(0, len(chosen), CHUNK):
            part = chosen[first : first + CHUNK]
            found = connection.execute(_LAST_COSTS, {"products": part}).all()
            costs: dict[uuid.UUID, int] = {product: cost for product, cost in found}
            published += _publish(connection, costs, percent, now)
        just_costed = set(chosen)
        waiting = {p: c for p, c in due.items() if p not in just_costed}
        published += _publish(connection, waiting, 0, now, force=True)
    return published


def _publish(
    connection: Connection,
    costs: dict[uuid.UUID, int],
    percent: int,
    now: datetime,
    *,
    force: bool = False,
) -> int:
    if not costs:
        return 0
    rows = connection.execute(_KNOWN, {"keys": [str(p) for p in costs]}).all()
    changes: list[tuple[str, str, dict[str, Any] | None]] = []
    for key, payload, published_at in rows:
        product = uuid.UUID(key)
        new, old = costs[product], payload.get("cost")
        if new <= 0 or new == old:
            connection.execute(_NOTE, _noted(product, None, None, None))
            continue
        moved = old is None or abs(new - old) * 100 > percent * old
        day_over = published_at is None or published_at <= now - timedelta(days=1)
        if force or moved or day_over:
            changes.append(("product", key, {**payload, "cost": new}))
            connection.execute(_NOTE, _noted(product, new, now, None))
        else:
            connection.execute(_NOTE, _noted(product, None, None, new))
    record_changes(connection, changes, origin=None, at=now)
    return len(changes)


def _noted(
    product: uuid.UUID, published: int | None, at: datetime | None, pending: int | None
) -> dict[str, Any]:
    return {"product": product, "published": published, "at": at, "pending": pending}


def _move_percent(connection: Connection) -> int:
    found = connection.execute(
        text(
            "SELECT payload->'value' FROM master_records WHERE entity = 'setting' "
            "AND key = 'costing.publish_move_percent'"
        )
    ).scalar()
    return found if isinstance(found, int) else DEFAULT_MOVE_PERCENT
