"""Landed costs on goods receipts, and marks that send a receipt's products to be costed again
(services.costing reads both: db.costing_ledger)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import Connection, func, insert, select

from posapp.db.costing_ledger import AT
from posapp.db.tables import receipt_charges, receipt_line_charges
from posapp.db.types import driver_connection, sqlite_uuid

# The product of each receipt line's movement, from the receipt's own place in the costing order
# — or, for goods received in a closed period, from the open period's start (the state saved at
# the boundary, key (boundary, 0), is where that replay starts): a closed period is never
# costed again.
_MARK_SQL = f"""
WITH edge(at) AS (SELECT coalesce(max(boundary_at), '') FROM cost_periods)
INSERT INTO cost_marks (product_id, business_at, seq, version)
SELECT m.product_id, CASE WHEN {AT} < edge.at THEN edge.at ELSE {AT} END,
       CASE WHEN {AT} < edge.at THEN 1 ELSE m.seq END, 1
FROM stock_movements m, edge
WHERE m.document_id = (SELECT document_id FROM stock_document_lines WHERE id = ?)
  AND m.document_line_id = ?
ON CONFLICT (product_id) DO UPDATE SET
    business_at = CASE WHEN (excluded.business_at, excluded.seq) < (business_at, seq)
                       THEN excluded.business_at ELSE business_at END,
    seq = CASE WHEN (excluded.business_at, excluded.seq) < (business_at, seq)
               THEN excluded.seq ELSE seq END,
    version = version + 1
"""
# The day the closed period that holds the earliest of these receipt lines' goods was closed
# through (none: all in the open period).
_CLOSED_SQL = f"""
SELECT p.closed_through FROM cost_periods p
WHERE p.boundary_at > (SELECT min({AT}) FROM stock_movements m
                       WHERE m.document_line_id IN (SELECT value FROM json_each(?)))
ORDER BY p.boundary_at LIMIT 1
"""


class SqlAlchemyReceiptCosts:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def add_charge(
        self,
        charge_id: uuid.UUID,
        *,
        document_id: uuid.UUID,
        description: str,
        amount_minor: int,
        basis: str,
        shares: Sequence[tuple[uuid.UUID, int]],
        by: str,
        at: datetime,
    ) -> None:
        self._connection.execute(
            insert(receipt_charges).values(
                id=charge_id,
                document_id=document_id,
                description=description,
                amount_minor=amount_minor,
                basis=basis,
                created_by=by,
                created_at=at,
            )
        )
        self._connection.execute(
            insert(receipt_line_charges),
            [
                {"charge_id": charge_id, "document_line_id": line, "amount_minor": part}
                for line, part in shares
            ],
        )
        self.cost_again([line for line, _ in shares])

    def charged_minor(self, document_id: uuid.UUID) -> int:
        return int(
            self._connection.execute(
                select(func.coalesce(func.sum(receipt_charges.c.amount_minor), 0)).where(
                    receipt_charges.c.document_id == document_id
                )
            ).scalar_one()
        )

    def closed_through(self, document_line_ids: Sequence[uuid.UUID]) -> date | None:
        lines = json.dumps([sqlite_uuid(line) for line in document_line_ids])
        row = driver_connection(self._connection).execute(_CLOSED_SQL, (lines,)).fetchone()
        return None if row is None else date.fromisoformat(str(row[0]))

    def cost_again(self, document_line_ids: Sequence[uuid.UUID]) -> None:
        raw = driver_connection(self._connection)
        raw.executemany(
            _MARK_SQL, [(sqlite_uuid(line), sqlite_uuid(line)) for line in document_line_ids]
        )
