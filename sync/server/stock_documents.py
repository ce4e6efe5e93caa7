"""Goods receipts and stock adjustments from the stores: the one write path for a checked
`stock.document_completed`, from the contract's model to head office's rows.

A document comes from its own till's series (GR-T02-… from T02), at a location of the sending
store (a location belongs to the store that used it first, as for sales), with ids no other row
has. Anything else refuses the batch, and the transaction that would have written it is rolled
back whole. Each line's movement goes in under the id the node gave it, signed by the document's
type and reason, and stock levels follow in the same statement order as sales (product, location)
so two tills' batches cannot deadlock."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import psycopg
from sqlalchemy import Connection

from posapp.domain.stock import AdjustmentReason, DocumentType, movement_sign
from sync.contract import StockDocumentCompleted
from sync.server.documents import Refused
from sync.server.documents_sql import register_locations
from sync.server.nodes import Node

_DOCUMENTS = """
INSERT INTO stock_documents (id, node_id, store_code, doc_type, number, status, location_id,
    supplier_id, reason, reference, created_by, business_at, completed_at, order_id, order_number,
    count_id, count_number)
SELECT u.id, %(node)s, %(store)s, u.doc_type, u.number, u.status, u.location_id, u.supplier_id,
    u.reason, u.reference, u.created_by, u.business_at, u.completed_at, u.order_id, u.order_number,
    u.count_id, u.count_number
FROM unnest(%(id)s::uuid[], %(doc_type)s::text[], %(number)s::text[], %(status)s::text[],
    %(location_id)s::uuid[], %(supplier_id)s::uuid[], %(reason)s::text[], %(reference)s::text[],
    %(created_by)s::text[], %(business_at)s::timestamptz[], %(completed_at)s::timestamptz[],
    %(order_id)s::uuid[], %(order_number)s::text[], %(count_id)s::uuid[],
    %(count_number)s::text[])
    AS u(id, doc_type, number, status, location_id, supplier_id, reason, reference, created_by,
         business_at, completed_at, order_id, order_number, count_id, count_number)
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
_MOVEMENTS = """
WITH moved AS (
    INSERT INTO stock_movements (id, node_id, store_code, product_id, location_id,
        quantity_milli, reason, document_id, created_at, business_at)
    SELECT u.id, %(node)s, %(store)s, u.product_id, u.location_id, u.quantity, u.reason,
        u.document_id, u.created_at, u.business_at
    FROM unnest(%(id)s::uuid[], %(product_id)s::uuid[], %(location_id)s::uuid[],
        %(quantity)s::bigint[], %(reason)s::text[], %(document_id)s::uuid[],
        %(created_at)s::timestamptz[], %(business_at)s::timestamptz[])
        AS u(id, product_id, location_id, quantity, reason, document_id, created_at, business_at)
    ON CONFLICT DO NOTHING
    RETURNING product_id, location_id, quantity_milli
), levels AS (
    INSERT INTO stock_levels (product_id, location_id, on_hand_milli)
    SELECT product_id, location_id, sum(quantity_milli) FROM moved
    GROUP BY product_id, location_id ORDER BY product_id, location_id
    ON CONFLICT (product_id, location_id) DO UPDATE
    SET on_hand_milli = stock_levels.on_hand_milli + excluded.on_hand_milli
)
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
    register_locations(cursor, sorted({d.location_id for d in chosen}), node, now)
    params: dict[str, Any] = {"node": node.id, "store": node.store_code}
    _insert(cursor, _DOCUMENTS, {**params, **_document_columns(chosen)}, len(chosen), "document")
    lines = [(document, line) for document in chosen for line in document.lines]
    _insert(cursor, _LINES, _line_columns(lines), len(lines), "document line")
    _insert(cursor, _MOVEMENTS, {**params, **_movement_columns(lines)}, len(lines), "movement")


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


def _movement_columns(lines: list[tuple[StockDocumentCompleted, Any]]) -> dict[str, list[Any]]:
    """Each line's movement, signed as the node signed it (the same domain rule)."""
    signs = {}
    for document, _ in lines:
        reason = None if document.reason is None else AdjustmentReason(document.reason)
        signs[document.id] = movement_sign(DocumentType(document.doc_type), reason)
    return {
        "id": [line.movement_id for _, line in lines],
        "product_id": [line.product_id for _, line in lines],
        "location_id": [document.location_id for document, _ in lines],
        "quantity": [signs[document.id] * line.quantity_milli for document, line in lines],
        "reason": [
            "RECEIPT" if document.reason is None else document.reason.upper()
            for document, _ in lines
        ],
        "document_id": [document.id for document, _ in lines],
        "created_at": [document.completed_at for document, _ in lines],
        "business_at": [document.business_at for document, _ in lines],
    }
