"""Movements another node of this store made, as head office sends them down (sync's store
feed): written into this node's ledger under their own ids, numbered in this node's sequence
(the order they arrived here in, which is what a count's settling reads), with the node and
document they came from."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select

from posapp.db.ledger_repositories import SqlAlchemyStockLedger
from posapp.db.stock_documents_repository import SqlAlchemyStockDocuments
from posapp.db.tables import locations, products, stock_movements, stores
from posapp.domain.stock import TRANSIT, LocationKind, location_id_of
from posapp.services.shared import StockMovement

_CHUNK = 500


def apply_store_movements(
    connection: Connection, movements: Sequence[StockMovement], *, at: datetime
) -> list[tuple[StockMovement, str]]:
    """Write the movements this node does not have yet; those it cannot take (a product it
    does not know), each with why. A location it does not know is one another node of the
    store added: it is added here too, named for where it came from."""
    ids = [m.id for m in movements]
    have = _existing(connection, stock_movements.c.id, ids)
    known_products = _existing(connection, products.c.id, [m.product_id for m in movements])
    refused = [
        (m, f"product {m.product_id} is not in this node's catalogue")
        for m in movements
        if m.product_id not in known_products
    ]
    taken = [m for m in movements if m.id not in have and m.product_id in known_products]
    _add_unknown_locations(connection, taken, at)
    SqlAlchemyStockLedger(connection).record(taken)
    return refused


def _existing(connection: Connection, column: Any, values: list[uuid.UUID]) -> set[uuid.UUID]:
    found: set[uuid.UUID] = set()
    unique = sorted(set(values))
    for start in range(0, len(unique), _CHUNK):
        chunk = unique[start : start + _CHUNK]
        found.update(connection.execute(select(column).where(column.in_(chunk))).scalars())
    return found


def _add_unknown_locations(
    connection: Connection, taken: Sequence[StockMovement], at: datetime
) -> None:
    wanted = {m.location_id: m.origin for m in taken}
    known = _existing(connection, locations.c.id, list(wanted))
    if len(known) == len(wanted):
        return
    store_id, store_code = connection.execute(select(stores.c.id, stores.c.code).limit(1)).one()
    for location_id, origin in wanted.items():
        if location_id in known:
            continue
        if location_id == location_id_of(store_code, TRANSIT):
            SqlAlchemyStockDocuments(connection).transit_location(store_code)
            continue
        connection.execute(
            insert(locations).values(
                id=location_id,
                store_id=store_id,
                code=f"X-{location_id.hex[:8].upper()}",
                name=f"A location of {origin}",
                kind=LocationKind.BACK_ROOM.value,
                created_at=at,
                updated_at=at,
            )
        )
