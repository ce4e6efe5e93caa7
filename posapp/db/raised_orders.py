"""A purchase order head office raised for a store, as that store's nodes take it from the
master-data feed: stored as a sent order to receive against (nodes of other stores pass it
by). Once here the store owns it: head office's record is not applied again."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select

from posapp.db.tables import (
    locations,
    stock_document_history,
    stock_document_lines,
    stock_documents,
    stores,
    suppliers,
)
from posapp.domain.stock import DocumentType, LocationKind


class OrderNotTaken(LookupError):
    """A raised order this node cannot take (its supplier is not here yet)."""


def apply_raised_order(
    connection: Connection, key: str, record: dict[str, Any] | None, at: datetime
) -> None:
    if record is None:
        return  # head office does not withdraw an order it raised: the store cancels it
    own = connection.execute(select(stores.c.code).limit(1)).scalar_one()
    order_id = uuid.UUID(key)
    if (
        record["store"] != own
        or connection.execute(
            select(stock_documents.c.id).where(stock_documents.c.id == order_id)
        ).first()
    ):
        return
    supplier_id = uuid.UUID(record["supplier_id"])
    if not connection.execute(select(suppliers.c.id).where(suppliers.c.id == supplier_id)).first():
        raise OrderNotTaken(f"supplier {supplier_id} of {record['number']} is not here")
    location_id = _location(connection, uuid.UUID(record["location_id"]))
    raised_at = datetime.fromisoformat(record["raised_at"])
    by = f"{record['raised_by']} (head office)"[:200]
    connection.execute(
        insert(stock_documents).values(
            id=order_id,
            doc_type=DocumentType.PURCHASE_ORDER.value,
            number=record["number"],
            status="sent",
            location_id=location_id,
            supplier_id=supplier_id,
            reference=record.get("reference"),
            business_at=raised_at,
            created_by=by,
            created_at=at,
            updated_at=at,
        )
    )
    connection.execute(
        insert(stock_document_lines),
        [
            {
                "id": uuid.UUID(line["id"]),
                "document_id": order_id,
                "line_no": number,
                "product_id": uuid.UUID(line["product_id"]),
                "quantity_milli": line["quantity_milli"],
                "unit_cost_minor": line.get("unit_cost_minor"),
            }
            for number, line in enumerate(record["lines"], start=1)
        ],
    )
    connection.execute(
        insert(stock_document_history).values(
            document_id=order_id,
            position=1,
            from_status=None,
            to_status="sent",
            by=by,
            at=raised_at,
            note="raised at head office",
        )
    )


def _location(connection: Connection, wanted: uuid.UUID) -> uuid.UUID:
    """The location head office named, or this store's selling location (a node made before
    locations had one id per store)."""
    if connection.execute(select(locations.c.id).where(locations.c.id == wanted)).first():
        return wanted
    selling: uuid.UUID = connection.execute(
        select(locations.c.id)
        .where(locations.c.kind == LocationKind.SELLING.value)
        .order_by(locations.c.code)
        .limit(1)
    ).scalar_one()
    return selling
