"""Goods receipts, stock adjustments and transfers from the stores: the one write path for a
checked `stock.document_completed`, from the contract's model to head office's rows.

A document comes from its own till's series (GR-T02-… from T02), at a location of the sending
store (a location belongs to the store that used it first, as for sales), with ids no other row
has. Anything else refuses the batch, and the transaction that would have written it is rolled
back whole. Each line's movement goes in under the id the node gave it, signed by the document's
type and reason, and stock levels follow in the same statement order as sales (product, location)
so two tills' batches cannot deadlock."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime
from typing import Any

import psycopg
from sqlalchemy import Connection

from posapp.domain.stock import TRANSIT, AdjustmentReason, DocumentType, legs, location_id_of
from sync.contract import StockDocumentCompleted
from sync.server.documents import Refused
from sync.server.documents_sql import register_locations
from sync.server.nodes import Node
from sync.server.value_checkpoints import CHECKPOINTED

# A transfer out's movement into the receiving store's transit: its id is derived from the line's,
# so that the same line always makes the same movement.
_TRANSIT_IDS = uuid.UUID("7a0e5f3c-2b1d-4c9e-8f6a-0d1e2f3a4b5c")

_DOCUMENTS = """
INSERT INTO stock_documents (id, node_id, store_code, doc_type, number, status, location_id,
    supplier_id, reason, reference, created_by, business_at, completed_at, order_id, order_number,
    count_id, count_number, other_location_id, to_store)
SELECT u.id, %(node)s, %(store)s, u.doc_type, u.number, u.status, u.location_id, u.supplier_id,
    u.reason, u.reference, u.created_by, u.business_at, u.completed_at, u.order_id, u.order_number,
    u.count_id, u.count_number, u.other_location_id, u.to_store
FROM unnest(%(id)s::uuid[], %(doc_type)s::text[], %(number)s::text[], %(status)s::text[],
    %(location_id)s::uuid[], %(supplier_id)s::uuid[], %(reason)s::text[], %(reference)s::text[],
    %(created_by)s::text[], %(business_at)s::timestamptz[], %(completed_at)s::timestamptz[],
    %(order_id)s::uuid[], %(order_number)s::text[], %(count_id)s::uuid[],
    %(count_number)s::text[], %(other_location_id)s::uuid[], %(to_store)s::text[])
    AS u(id, doc_type, number, status, location_id, supplier_id, reason, reference, created_by,
         business_at, completed_at, order_id, order_number, count_id, count_number,
         other_location_id, to_store)
ON CONFLICT DO NOTHING
"""
_LINES = """
INSERT INTO stock_document_lines (id, document_id, line_no, product_id, quantity_milli,
    unit_cost_minor, batch, expiry, order_line_id)
SELECT * FROM unnest(%(id)s::uuid[], %(document_id)s::uuid[], %(line_no)s::int[],
    %(product_id)s::uuid[], %(quantity)s::bigint[], %(cost)s::bigint[], %(batch)s::text[],
    %(expiry)s::date[], %(order_line_id)s::uuid[])
ON CONFLICT DO NOTHING
"""
_MOVEMENTS = f"""
WITH moved AS (
    INSERT INTO stock_movements (id, node_id, store_code, product_id, location_id,
        quantity_milli, reason, document_id, created_at, business_at, document_line_id)
    SELECT u.id, %(node)s, u.store_code, u.product_id, u.location_id, u.quantity, u.reason,
        u.document_id, u.created_at, u.business_at, u.line_id
    FROM unnest(%(id)s::uuid[], %(store_code)s::text[], %(product_id)s::uuid[],
        %(location_id)s::uuid[], %(quantity)s::bigint[], %(reason)s::text[],
        %(document_id)s::uuid[], %(created_at)s::timestamptz[], %(business_at)s::timestamptz[],
        %(line_id)s::uuid[])
        AS u(id, store_code, product_id, location_id, quantity, reason, document_id, created_at,
             business_at, line_id)
    ON CONFLICT DO NOTHING
    RETURNING product_id, location_id, quantity_milli,
        coalesce(business_at, created_at) AS placed_at
), levels AS (
    INSERT INTO stock_levels (product_id, location_id, on_hand_milli)
    SELECT product_id, location_id, sum(quantity_milli) FROM moved
    GROUP BY product_id, location_id ORDER BY product_id, location_id
    ON CONFLICT (product_id, location_id) DO UPDATE
    SET on_hand_milli = stock_levels.on_hand_milli + excluded.on_hand_milli
), {CHECKPOINTED}
SELECT count(*) FROM moved
"""


def write_stock_documents(
    connection: Connection,
    node: Node,
    documents: dict[uuid.UUID, StockDocumentCompleted],
    now: datetime,
) -> None:
    """Write the checked documents (by event id); Refused for a number outside the sender's
    series, another store's location, or an id that is already another row's."""
    raw = connection.connection.driver_connection
    assert isinstance(raw, psycopg.Connection)
    cursor = raw.cursor()
    chosen = list(documents.values())
    for document in chosen:
        series = document.number.split("-")[1]
        if series != node.terminal_code:
            raise Refused(
                f"stock document {document.number} is numbered in till {series}'s series, "
                f"not this node's ({node.terminal_code})"
            )
    own = {d.location_id for d in chosen} | {
        d.other_location_id for d in chosen if d.other_location_id is not None
    }
    register_locations(cursor, sorted(own), node, now)
    _register_transit(cursor, chosen, node, now)
    params: dict[str, Any] = {"node": node.id, "store": node.store_code}
    _insert(cursor, _DOCUMENTS, {**params, **_document_columns(chosen)}, len(chosen), "document")
    lines = [(document, line) for document in chosen for line in document.lines]
    _insert(cursor, _LINES, _line_columns(lines), len(lines), "document line")
    movements = _movement_columns(lines, node.store_code)
    _insert(cursor, _MOVEMENTS, {**params, **movements}, len(movements["id"]), "movement")


def _register_transit(
    cursor: psycopg.Cursor[Any], chosen: list[StockDocumentCompleted], node: Node, now: datetime
) -> None:
    """A transfer out's goods go into the receiving store's transit location: that store must
    be one of the chain's, and not the sender's."""
    for store in sorted({d.to_store for d in chosen if d.to_store is not None}):
        if store == node.store_code:
            raise Refused(f"a transfer out goes to another store, not to {store} itself")
        cursor.execute("SELECT 1 FROM nodes WHERE store_code = %s LIMIT 1", (store,))
        if cursor.fetchone() is None:
            raise Refused(f"store {store} is not a store of this chain")
        register_locations(
            cursor, [location_id_of(store, TRANSIT)], replace(node, store_code=store), now
        )


def _insert(
    cursor: psycopg.Cursor[Any], sql: str, params: dict[str, Any], expected: int, what: str
) -> None:
    cursor.execute(sql, params)
    counted = cursor.fetchone() if cursor.description else None
    written = cursor.rowcount if counted is None else counted[0]
    if written != expected:
        raise Refused(
            f"a {what} of this batch is already at head office: its id or number is another "
            "entry's, and ids are never reused"
        )


def _document_columns(documents: list[StockDocumentCompleted]) -> dict[str, list[Any]]:
    return {
        "id": [d.id for d in documents],
        "doc_type": [d.doc_type for d in documents],
        "number": [d.number for d in documents],
        "status": [d.status for d in documents],
        "location_id": [d.location_id for d in documents],
        "supplier_id": [d.supplier_id for d in documents],
        "reason": [d.reason for d in documents],
        "reference": [d.reference for d in documents],
        "created_by": [d.created_by for d in documents],
        "business_at": [d.business_at for d in documents],
        "completed_at": [d.completed_at for d in documents],
        "order_id": [d.order_id for d in documents],
        "order_number": [d.order_number for d in documents],
        "count_id": [d.count_id for d in documents],
        "count_number": [d.count_number for d in documents],
        "other_location_id": [d.other_location_id for d in documents],
        "to_store": [d.to_store for d in documents],
    }


def _line_columns(lines: list[tuple[StockDocumentCompleted, Any]]) -> dict[str, list[Any]]:
    return {
        "id": [line.id for _, line in lines],
        "document_id": [document.id for document, _ in lines],
        "line_no": [line.line_no for _, line in lines],
        "product_id": [line.product_id for _, line in lines],
        "quantity": [line.quantity_milli for _, line in lines],
        "cost": [line.unit_cost_minor for _, line in lines],
        "batch": [line.batch for _, line in lines],
        "expiry": [line.expiry for _, line in lines],
        "order_line_id": [line.order_line_id for _, line in lines],
    }


def _movement_columns(
    lines: list[tuple[StockDocumentCompleted, Any]], store: str
) -> dict[str, list[Any]]:
    """Each line's movements, signed as the node signed them (the same domain rule): at the
    document's location, at its other location (a transfer's), and for a transfer out the one
    head office makes into the receiving store's transit, under an id derived from the line."""
    columns: dict[str, list[Any]] = {
        name: []
        for name in (
            "id",
            "store_code",
            "product_id",
            "location_id",
            "quantity",
            "reason",
            "document_id",
            "created_at",
            "business_at",
            "line_id",
        )
    }
    for document, line in lines:
        doc_type = DocumentType(document.doc_type)
        reason = None if document.reason is None else AdjustmentReason(document.reason)
        moves = [
            (
                line.other_movement_id if other else line.movement_id,
                store,
                document.other_location_id if other else document.location_id,
                sign,
            )
            for other, sign in legs(doc_type, reason)
        ]
        if document.to_store is not None:
            moves.append(
                (
                    uuid.uuid5(_TRANSIT_IDS, str(line.id)),
                    document.to_store,
                    location_id_of(document.to_store, TRANSIT),
                    1,
                )
            )
        for movement_id, store_code, location_id, sign in moves:
            columns["id"].append(movement_id)
            columns["store_code"].append(store_code)
            columns["product_id"].append(line.product_id)
            columns["location_id"].append(location_id)
            columns["quantity"].append(sign * line.quantity_milli)
            columns["reason"].append(
                document.reason.upper()
                if document.reason
                else "RECEIPT"
                if doc_type is DocumentType.GOODS_RECEIPT
                else doc_type.value.upper()
            )
            columns["document_id"].append(document.id)
            columns["created_at"].append(document.completed_at)
            columns["business_at"].append(document.business_at)
            columns["line_id"].append(line.id)
    return columns
