"""Landed costs on goods receipts, and marks that send a receipt's products to be costed again
(services.costing reads both: db.costing_ledger)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, func, insert, select

from posapp.db.costing_ledger import AT
from posapp.db.tables import receipt_charges, receipt_line_charges
from posapp.db.types import driver_connection, sqlite_uuid

# The product of each receipt line's movement, from the receipt's own place in the costing order.
_MARK_SQL = f"""
INSERT INTO cost_marks (product_id, business_at, seq, version)
SELECT m.product_id, {AT}, m.seq, 1 FROM stock_movements m
WHERE m.document_id = (SELECT document_id FROM stock_document_lines WHERE id = ?)
  AND m.document_line_id = ?
ON CONFLICT (product_id) DO UPDATE SET
    business_at = CASE WHEN (excluded.business_at, excluded.seq) < (business_at, seq)
                       THEN excluded.business_at ELSE business_at END,
    seq = CASE WHEN (excluded.business_at, excluded.seq) < (business_at, seq)
               THEN excluded.seq ELSE seq END,
    version = version + 1
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

    def cost_again(self, document_line_ids: Sequence[uuid.UUID]) -> None:
        raw = driver_connection(self._connection)
        raw.executemany(
            _MARK_SQL, [(sqlite_uuid(line), sqlite_uuid(line)) for line in document_line_ids]
        )
