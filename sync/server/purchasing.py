"""Purchasing documents, payments, posted counts and landed costs from the stores: the one write
path for a checked `purchase.document`, `purchase.payment`, `stock.count_posted` and
`stock.landed_cost` (sync.server.landed_costs).

A document comes first from its own till's series, at a location of the sending store; after
that, any node of the same store may send a later version (a back office receiving against an
order head office raised for it). A version no newer than the one kept is skipped (the node
sent it before); another store's document, or one whose id is taken by another kind of row, is
refused with the batch."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import psycopg
from sqlalchemy import Connection

from sync.contract import CountPosted, LandedCost, PurchaseDocument, SupplierPayment
from sync.server.documents import Purchasing, Refused
from sync.server.documents_sql import register_locations
from sync.server.landed_costs import Flag, cost_again, write_landed_cost
from sync.server.nodes import Node

_INSERT = """
INSERT INTO stock_documents (id, node_id, store_code, doc_type, number, status, location_id,
    supplier_id, reference, created_by, business_at, completed_at, version, due_at, total_minor)
VALUES (%(id)s, %(node)s, %(store)s, %(doc_type)s, %(number)s, %(status)s, %(location_id)s,
    %(supplier_id)s, %(reference)s, %(created_by)s, %(business_at)s, NULL, %(version)s,
    %(due_at)s, %(total_minor)s)
"""
_UPDATE = """
UPDATE stock_documents SET status = %(status)s, version = %(version)s, due_at = %(due_at)s,
    total_minor = %(total_minor)s, reference = %(reference)s, node_id = %(node)s
WHERE id = %(id)s
"""
_LINES = """
INSERT INTO stock_document_lines (id, document_id, line_no, product_id, quantity_milli,
    unit_cost_minor, order_line_id, tax_rate_ppm, receipt_line_id)
SELECT * FROM unnest(%(id)s::uuid[], %(document_id)s::uuid[], %(line_no)s::int[],
    %(product_id)s::uuid[], %(quantity)s::bigint[], %(cost)s::bigint[], %(order_line)s::uuid[],
    %(rate)s::int[], %(receipt_line)s::uuid[])
ON CONFLICT DO NOTHING
"""


def write_purchasing(
    connection: Connection,
    node: Node,
    read: dict[uuid.UUID, Purchasing],
    now: datetime,
) -> list[Flag]:
    """Each event's rows, in the batch's order; the review flags they raised."""
    raw = connection.connection.driver_connection
    assert isinstance(raw, psycopg.Connection)
    cursor = raw.cursor()
    flags: list[Flag] = []
    for event_id, item in read.items():
        if isinstance(item, PurchaseDocument):
            _document(cursor, node, item, now)
        elif isinstance(item, CountPosted):
            _count(cursor, node, item, now)
        elif isinstance(item, LandedCost):
            flags += write_landed_cost(cursor, node, event_id, item)
        else:
            _payment(cursor, node, item)
    return flags


def _count(cursor: psycopg.Cursor[Any], node: Node, count: CountPosted, now: datetime) -> None:
    """A posted count, kept with the store's documents (its lines stay at the store; what it
    found is in the adjustments it names)."""
    series = count.number.split("-")[1]
    if series != node.terminal_code:
        raise Refused(f"{count.number} is not numbered in this node's series")
    register_locations(cursor, [count.location_id], node, now)
    cursor.execute(
        "INSERT INTO stock_documents (id, node_id, store_code, doc_type, number, status, "
        "location_id, reference, created_by, business_at, completed_at) VALUES (%s, %s, %s, "
        "'stock_count', %s, 'posted', %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
        (
            count.id,
            node.id,
            node.store_code,
            count.number,
            count.location_id,
            f"{count.scope}; {count.counted} of {count.lines} counted"[:100],
            count.posted_by,
            count.started_at,
            count.posted_at,
        ),
    )
    if cursor.rowcount != 1:
        raise Refused(f"{count.number}: its id or number is already another's")


def _document(
    cursor: psycopg.Cursor[Any], node: Node, document: PurchaseDocument, now: datetime
) -> None:
    cursor.execute(
        "SELECT store_code, doc_type, version FROM stock_documents WHERE id = %s",
        (document.id,),
    )
    kept = cursor.fetchone()
    params = {
        **document.model_dump(exclude={"lines"}),
        "node": node.id,
        "store": node.store_code,
    }
    if kept is None:
        series = document.number.split("-")[1]
        if series != node.terminal_code:
            raise Refused(
                f"{document.number} is numbered in till {series}'s series, not this node's "
                f"({node.terminal_code})"
            )
        register_locations(cursor, [document.location_id], node, now)
        cursor.execute(_INSERT, params)
    else:
        store, doc_type, version = kept
        if store != node.store_code or doc_type != document.doc_type:
            raise Refused(f"{document.number}: its id is another store's or another document's")
        if version is not None and document.version <= version:
            return  # sent before, or overtaken: the newer version stays
        cursor.execute(_UPDATE, params)
        cursor.execute("DELETE FROM stock_document_lines WHERE document_id = %s", (document.id,))
    lines = document.lines
    cursor.execute(
        _LINES,
        {
            "id": [line.id for line in lines],
            "document_id": [document.id for _ in lines],
            "line_no": [line.line_no for line in lines],
            "product_id": [line.product_id for line in lines],
            "quantity": [line.quantity_milli for line in lines],
            "cost": [line.unit_cost_minor for line in lines],
            "order_line": [line.order_line_id for line in lines],
            "rate": [line.tax_rate_ppm for line in lines],
            "receipt_line": [line.receipt_line_id for line in lines],
        },
    )
    if cursor.rowcount != len(lines):
        raise Refused(f"a line of {document.number} has an id head office gave another line")
    if document.doc_type == "supplier_bill" and document.status == "posted":
        # what the goods cost is what the supplier billed: costed again from their receipt
        cost_again(cursor, [line.receipt_line_id for line in lines if line.receipt_line_id])


def _payment(cursor: psycopg.Cursor[Any], node: Node, payment: SupplierPayment) -> None:
    series = payment.number.split("-")[1]
    if series != node.terminal_code:
        raise Refused(f"{payment.number} is not numbered in this node's series")
    cursor.execute(
        "INSERT INTO supplier_payments (id, node_id, store_code, number, supplier_id, account, "
        "amount_minor, paid_at, reference, created_by) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, "
        "%s, %s) ON CONFLICT DO NOTHING",
        (
            payment.id,
            node.id,
            node.store_code,
            payment.number,
            payment.supplier_id,
            payment.account,
            payment.amount_minor,
            payment.paid_at,
            payment.reference,
            payment.created_by,
        ),
    )
    if cursor.rowcount != 1:
        raise Refused(f"payment {payment.number}: its id or number is already another's")
    if payment.allocations:
        cursor.executemany(
            "INSERT INTO payment_allocations (payment_id, bill_id, amount_minor) "
            "VALUES (%s, %s, %s)",
            [(payment.id, a.bill_id, a.amount_minor) for a in payment.allocations],
        )
