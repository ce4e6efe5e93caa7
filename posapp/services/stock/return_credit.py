"""A supplier return's value, owed back by the supplier: the payable credit it makes."""

from __future__ import annotations

from datetime import datetime

from posapp.domain.stock import StockDocument
from posapp.services.shared import IdFactory, UnitOfWork


def credit_for_return(
    uow: UnitOfWork, document: StockDocument, now: datetime, new_id: IdFactory
) -> None:
    """What the returned goods cost, credited to the supplier (in the caller's transaction)."""
    value = sum(
        line.quantity_milli * (line.unit_cost_minor or 0) // 1000 for _, line in document.lines
    )
    if document.supplier_id is None or value == 0:
        return
    uow.payables.add_entry(
        new_id(),
        supplier_id=document.supplier_id,
        kind="RETURN",
        amount_minor=-value,
        business_at=document.business_at,
        document_id=document.id,
        at=now,
    )
