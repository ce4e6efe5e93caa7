"""Landed costs from the stores (contract 7): the one write path for a checked
`stock.landed_cost`, and the costing marks that send a receipt's goods to be costed again when
what they cost changes (a landed cost added, a bill posted for them).

A charge names a goods receipt of the sending store and only that receipt's lines; another
store's receipt, another kind of document or a stray line is refused with the batch. A charge may
arrive before its receipt (added at another node of the store, which syncs on its own): it is
kept and flagged, and costing takes it in when the receipt's movements arrive."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import psycopg

from sync.contract import LandedCost
from sync.server.cost_sql import MARK_RECEIPT_LINES
from sync.server.documents import Refused
from sync.server.nodes import Node

Flag = tuple[uuid.UUID, str]


def write_landed_cost(
    cursor: psycopg.Cursor[Any], node: Node, event_id: uuid.UUID, charge: LandedCost
) -> list[Flag]:
    """The charge and its lines' parts; the flag it raises (its receipt not here yet), if any."""
    cursor.execute(
        "SELECT store_code, doc_type, number FROM stock_documents WHERE id = %s",
        (charge.receipt_id,),
    )
    receipt = cursor.fetchone()
    if receipt is not None:
        _owned(cursor, node, charge, *receipt)
    cursor.execute(
        "INSERT INTO receipt_charges (id, node_id, store_code, document_id, description, "
        "amount_minor, basis, created_by, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, "
        "%s) ON CONFLICT DO NOTHING",
        (
            charge.id,
            node.id,
            node.store_code,
            charge.receipt_id,
            charge.description,
            charge.amount_minor,
            charge.basis.value,
            charge.created_by,
            charge.created_at,
        ),
    )
    if cursor.rowcount != 1:
        raise Refused(f"landed cost on {charge.receipt_number}: its id is already another's")
    cursor.executemany(
        "INSERT INTO receipt_line_charges (charge_id, document_line_id, amount_minor) "
        "VALUES (%s, %s, %s)",
        [(charge.id, share.receipt_line_id, share.amount_minor) for share in charge.shares],
    )
    if receipt is None:
        return [
            (
                event_id,
                f"a landed cost on {charge.receipt_number}, a goods receipt head office has not "
                "received yet: its goods are costed with it once the receipt arrives",
            )
        ]
    cost_again(cursor, [share.receipt_line_id for share in charge.shares])
    return []


def _owned(
    cursor: psycopg.Cursor[Any],
    node: Node,
    charge: LandedCost,
    store: str,
    doc_type: str,
    number: str,
) -> None:
    """Refused unless the receipt is this store's goods receipt `charge` names, with the lines
    it shares the charge among."""
    if store != node.store_code or doc_type != "goods_receipt":
        raise Refused(
            f"landed cost on {charge.receipt_number}: its receipt id is another store's or "
            "another document's"
        )
    if number != charge.receipt_number:
        raise Refused(
            f"landed cost on {charge.receipt_number}: that receipt is numbered {number} here"
        )
    cursor.execute(
        "SELECT id FROM stock_document_lines WHERE document_id = %s", (charge.receipt_id,)
    )
    lines = {row[0] for row in cursor.fetchall()}
    stray = [s.receipt_line_id for s in charge.shares if s.receipt_line_id not in lines]
    if stray:
        raise Refused(
            f"landed cost on {charge.receipt_number}: {stray[0]} is not a line of that receipt"
        )


def cost_again(cursor: psycopg.Cursor[Any], receipt_lines: Sequence[uuid.UUID]) -> None:
    """Mark the products of these receipt lines to be costed again from their receipt (what
    the goods cost changed); costing (sync.server.costing) does the rest, off the upload."""
    if receipt_lines:
        cursor.execute(MARK_RECEIPT_LINES, (list(receipt_lines),))
