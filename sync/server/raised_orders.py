"""Purchase orders head office raises for a store: kept with the store's documents (numbered in
head office's own series, PO-HO-…, for that store) and sent down in the master-data feed, so
that the store's back office receives against it as if it had raised it itself. The store's
nodes then send it back at each status change (purchase.document), as they do their own."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, text

from posapp.domain.ids import Uuid7Factory
from posapp.domain.numbers import MAX_AMOUNT_MINOR, MAX_QUANTITY_MILLI
from posapp.domain.stock import location_id_of
from sync.server.changes import record_changes

HEAD_OFFICE_NODE = uuid.UUID(int=0)  # the node id head office's own documents carry


class OrderRefused(ValueError):
    """An order head office cannot raise; it names what is wrong."""


@dataclass(frozen=True)
class OrderLine:
    sku: str
    quantity_milli: int
    unit_cost_minor: int | None = None


def raise_order(
    engine: Engine,
    *,
    store: str,
    supplier_code: str,
    lines: list[OrderLine],
    reference: str | None,
    by: str,
    now: datetime,
) -> str:
    """A sent purchase order for `store`, from the chain's supplier and products; its number."""
    new_id = Uuid7Factory()
    with engine.begin() as connection:
        if not connection.execute(
            text("SELECT 1 FROM nodes WHERE store_code = :s LIMIT 1"), {"s": store}
        ).first():
            raise OrderRefused(f"store {store} is not a store of this chain")
        supplier_id = _master_id(connection, "supplier", "code", supplier_code)
        if not lines:
            raise OrderRefused("an order needs lines")
        order_lines = []
        for position, line in enumerate(lines, start=1):
            if not 0 < line.quantity_milli <= MAX_QUANTITY_MILLI:
                raise OrderRefused(
                    f"line {position}: {line.quantity_milli / 1000:g} is no quantity"
                )
            cost = line.unit_cost_minor
            if cost is not None and not 0 <= cost <= MAX_AMOUNT_MINOR:
                raise OrderRefused(f"line {position}: {cost} is no cost")
            product_id = _master_id(connection, "product", "sku", line.sku)
            order_lines.append(
                {
                    "id": str(new_id()),
                    "product_id": str(product_id),
                    "quantity_milli": line.quantity_milli,
                    "unit_cost_minor": cost,
                }
            )
        order_id = new_id()
        number = _next_number(connection, store)
        record = {
            "id": str(order_id),
            "store": store,
            "number": number,
            "supplier_id": str(supplier_id),
            "location_id": str(location_id_of(store, "FLOOR")),
            "reference": reference,
            "raised_at": now.isoformat(),
            "raised_by": by,
            "lines": order_lines,
        }
        _keep(connection, record, now)
        record_changes(connection, [("purchase_order", str(order_id), record)], origin=None, at=now)
    return number


def _master_id(connection: Connection, entity: str, field: str, value: str) -> uuid.UUID:
    found = connection.execute(
        text(
            "SELECT key FROM master_records WHERE entity = :e AND payload ->> :f = :v "
            "AND payload IS NOT NULL LIMIT 1"
        ),
        {"e": entity, "f": field, "v": value},
    ).scalar()
    if found is None:
        raise OrderRefused(f"{value!r} is not a {entity} {field} of the chain")
    return uuid.UUID(str(found))


def _next_number(connection: Connection, store: str) -> str:
    connection.execute(text("SELECT pg_advisory_xact_lock(7100003)"))
    last = connection.execute(
        text(
            "SELECT max(substring(number FROM 7)::bigint) FROM stock_documents "
            "WHERE store_code = :s AND number LIKE 'PO-HO-%'"
        ),
        {"s": store},
    ).scalar()
    return f"PO-HO-{int(last or 0) + 1:06d}"


def _keep(connection: Connection, record: dict[str, Any], now: datetime) -> None:
    connection.execute(
        text(
            "INSERT INTO stock_documents (id, node_id, store_code, doc_type, number, status, "
            "location_id, supplier_id, reference, created_by, business_at, version) VALUES "
            "(:id, :node, :store, 'purchase_order', :number, 'sent', :location, :supplier, "
            ":reference, :by, :at, 1)"
        ),
        {
            "id": record["id"],
            "node": HEAD_OFFICE_NODE,
            "store": record["store"],
            "number": record["number"],
            "location": record["location_id"],
            "supplier": record["supplier_id"],
            "reference": record["reference"],
            "by": f"{record['raised_by']} (head office)",
            "at": now,
        },
    )
    for number, line in enumerate(record["lines"], start=1):
        connection.execute(
            text(
                "INSERT INTO stock_document_lines (id, document_id, line_no, product_id, "
                "quantity_milli, unit_cost_minor) VALUES (:id, :doc, :no, :p, :q, :c)"
            ),
            {
                "id": line["id"],
                "doc": record["id"],
                "no": number,
                "p": line["product_id"],
                "q": line["quantity_milli"],
                "c": line["unit_cost_minor"],
            },
        )
