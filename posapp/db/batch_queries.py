"""What the ledger moved under each batch, for the batch rules (posapp.domain.batches): only
products that have a batch at all are read, through the index of batched movements."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Connection, text

from posapp.db.types import sqlite_uuid
from posapp.domain.batches import BatchMoves

# A batch's expiry is what any of its movements said (a write-off may name the batch alone).
_MOVES_SQL = """
SELECT p.sku, l.code, m.batch, max(m.expiry), sum(m.quantity_milli)
FROM stock_movements m JOIN products p ON p.id = m.product_id
JOIN locations l ON l.id = m.location_id
WHERE m.product_id IN (SELECT DISTINCT product_id FROM stock_movements WHERE batch IS NOT NULL
                       {one_product})
GROUP BY m.product_id, m.location_id, m.batch
"""


def batch_moves(connection: Connection, product_id: uuid.UUID | None = None) -> list[BatchMoves]:
    """Per product that has batches, place and batch (None: moved without one)."""
    one = "" if product_id is None else "AND product_id = :product"
    rows = connection.execute(
        text(_MOVES_SQL.format(one_product=one)), {"product": sqlite_uuid(product_id)}
    ).all()
    return [
        BatchMoves(sku, location, batch, None if expiry is None else date.fromisoformat(expiry), q)
        for sku, location, batch, expiry, q in rows
    ]


def batch_expiry(connection: Connection, product_id: uuid.UUID, batch: str) -> date | None:
    """The expiry the ledger knows for a product's batch; None when it knows none."""
    found = connection.execute(
        text(
            "SELECT max(expiry) FROM stock_movements WHERE product_id = :product AND batch = :batch"
        ),
        {"product": sqlite_uuid(product_id), "batch": batch},
    ).scalar()
    return None if found is None else date.fromisoformat(found)
