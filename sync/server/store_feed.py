"""The store feed: the movements a store's other nodes made, sent down to each of its nodes so
that every node of the store holds the whole store's stock (a back office sees its tills'
sales; a count at one node is settled against sales rung up at another).

Order without a lock. Each movement keeps the transaction that wrote it (`feed_xid`); a page
holds only transactions older than the oldest one still running (`pg_snapshot_xmin`), so every
transaction below the cursor has committed or never will: a reader can never later find a
committed movement below a cursor it was given. The cursor is "<xid>:<movement id>" (one
transaction may write more movements than a page takes). Uploads take no lock for it, so the
feed costs a busy chain's uploads nothing but the column."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, text

_PAGE = text("""
SELECT m.feed_xid::text AS xid, m.id, m.product_id, m.location_id, m.quantity_milli, m.reason,
       coalesce(m.business_at, m.created_at) AS business_at,
       CASE WHEN n.store_code = m.store_code THEN n.terminal_code ELSE n.store_code END
           AS origin,
       coalesce(d.number, s.number) AS document
FROM stock_movements m
JOIN nodes n ON n.id = m.node_id
LEFT JOIN stock_documents d ON d.id = m.document_id
LEFT JOIN sales s ON s.id = m.document_id
WHERE m.store_code = :store AND m.node_id != :node
  AND (m.feed_xid, m.id) > (CAST(:xid AS xid8), CAST(:after AS uuid))
  AND m.feed_xid < pg_snapshot_xmin(pg_current_snapshot())
ORDER BY m.feed_xid, m.id
LIMIT :limit
""")
_START = "0:00000000-0000-0000-0000-000000000000"


class BadCursor(ValueError):
    """A cursor this server did not give."""


@dataclass(frozen=True)
class StoreMovement:
    id: uuid.UUID
    product_id: uuid.UUID
    location_id: uuid.UUID
    quantity_milli: int
    reason: str
    business_at: datetime
    # The terminal code of the node that made it; the sending store's code for goods another
    # store sent into this store's transit.
    origin: str
    document: str  # the number of the document that made it there


@dataclass(frozen=True)
class StorePage:
    movements: list[StoreMovement]
    cursor: str
    more: bool


def read_store_feed(
    connection: Connection, *, store_code: str, node_id: uuid.UUID, cursor: str | None, limit: int
) -> StorePage:
    """Up to `limit` movements of the store made by its other nodes, after `cursor`."""
    xid, after = _parse(cursor or _START)
    rows = connection.execute(
        _PAGE,
        {
            "store": store_code,
            "node": node_id,
            "xid": xid,
            "after": after,
            "limit": limit + 1,
        },
    ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    movements = [
        StoreMovement(
            r.id,
            r.product_id,
            r.location_id,
            r.quantity_milli,
            r.reason,
            r.business_at,
            r.origin,
            r.document or "?",
        )
        for r in rows
    ]
    last = f"{rows[-1].xid}:{rows[-1].id}" if rows else (cursor or _START)
    return StorePage(movements, last, more)


def _parse(cursor: str) -> tuple[str, str]:
    xid, _, after = cursor.partition(":")
    try:
        if int(xid) < 0:
            raise ValueError(xid)
        uuid.UUID(after)
    except ValueError:
        raise BadCursor(f"cursor {cursor!r} is not one this server gave") from None
    return xid, after


_WAITING = text("""
SELECT EXISTS (SELECT 1 FROM stock_movements m
    WHERE m.store_code = :store AND m.node_id != :node
      AND (m.feed_xid, m.id) > (CAST(:xid AS xid8), CAST(:after AS uuid))
      AND m.feed_xid < pg_snapshot_xmin(pg_current_snapshot()))
""")


def store_feed_waiting(
    connection: Connection, *, store_code: str, node_id: uuid.UUID, cursor: str | None
) -> bool:
    """Whether the store feed has movements for this node after `cursor` (told with the master
    changes, so that a node alone in its store never asks for an empty page)."""
    xid, after = _parse(cursor or _START)
    found = connection.execute(
        _WAITING, {"store": store_code, "node": node_id, "xid": xid, "after": after}
    ).scalar()
    return bool(found)
