"""Purchases by supplier and payables ageing at head office, over the documents the stores send
(goods receipts and returns with their landed costs, posted bills, payments): the same rows a
store's back office works out from its own ledgers (posapp.db.ledger_reports), by its own rules —
a line's goods at its cost rounded half up, a return's credit rounded down line by line (as
posapp.services.stock.return_credit), each bill aged by posapp.domain.payables — for the chosen
stores or the whole chain, each store's days in its own time zone."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, text

from posapp.db.ledger_reports import BUCKETS, ranked_page
from posapp.db.report_span import Rows
from posapp.domain.payables import bucket
from posapp.domain.reporting import ReportDefinition, ReportPage, ReportRow

# Each chosen store's zone, and the first instant after the span's last day there; the
# documents and payments of those stores dated by then (and, for purchases, in the span).
_STORES = """
WITH stores AS (
    SELECT s.store_code, s.zone,
        (CAST(:first AS date)::timestamp AT TIME ZONE s.zone) AS starts,
        ((CAST(:last AS date) + 1)::timestamp AT TIME ZONE s.zone) AS ends
    FROM (SELECT DISTINCT n.store_code, coalesce(z.time_zone, 'UTC') AS zone
          FROM (SELECT store_code FROM nodes UNION SELECT store_code FROM store_locations) n
          LEFT JOIN store_zones z ON z.store_code = n.store_code
          WHERE CAST(:stores AS text[]) IS NULL OR n.store_code = ANY(CAST(:stores AS text[])))
          AS s
)"""
_PURCHASES = (
    _STORES
    + """, documents AS (
    SELECT d.id, d.supplier_id, d.doc_type FROM stock_documents d
    JOIN stores s ON s.store_code = d.store_code
    WHERE d.doc_type IN ('goods_receipt', 'supplier_return') AND d.completed_at IS NOT NULL
      AND d.business_at >= s.starts AND d.business_at < s.ends
)
SELECT d.supplier_id,
    count(DISTINCT d.id) FILTER (WHERE d.doc_type = 'goods_receipt'),
    coalesce(sum(l.quantity_milli) FILTER (WHERE d.doc_type = 'goods_receipt'), 0),
    coalesce(sum(div(coalesce(l.unit_cost_minor, 0)::numeric * l.quantity_milli + 500, 1000))
        FILTER (WHERE d.doc_type = 'goods_receipt'), 0),
    coalesce(sum(div(coalesce(l.unit_cost_minor, 0)::numeric * l.quantity_milli + 500, 1000))
        FILTER (WHERE d.doc_type = 'supplier_return'), 0),
    coalesce((SELECT sum(c.amount_minor) FROM receipt_charges c
              WHERE c.document_id IN (SELECT r.id FROM documents r
                                      WHERE r.doc_type = 'goods_receipt'
                                        AND r.supplier_id IS NOT DISTINCT FROM d.supplier_id)),
             0)
FROM documents d JOIN stock_document_lines l ON l.document_id = d.id
GROUP BY d.supplier_id
"""
)


def purchases_page(
    engine: Engine,
    report: ReportDefinition,
    first: date,
    last: date,
    *,
    stores: tuple[str, ...] | None,
    offset: int,
    limit: int,
) -> ReportPage:
    """Goods received from each supplier in the span at their lines' costs, the receipts'
    landed costs, returns to the supplier (negative), and what that comes to."""
    with engine.connect() as connection:
        found = connection.execute(text(_PURCHASES), _asked(first, last, stores)).all()
        names = _suppliers(connection, [row[0] for row in found])
    rows: Rows = []
    for supplier, receipts, quantity, goods, returned, landed in found:
        values = {
            "receipts": int(receipts),
            "quantity": int(quantity),
            "goods": int(goods),
            "landed": int(landed),
            "returned": -int(returned),
        }
        values["net"] = values["goods"] + values["landed"] + values["returned"]
        label = names.get(supplier, "(no supplier)" if supplier is None else str(supplier))
        rows.append(ReportRow(str(supplier or ""), label, dict(values)))
    return ranked_page(report, first, last, rows, offset=offset, limit=limit)


_BILLS = (
    _STORES
    + """
SELECT d.supplier_id, d.due_at, s.ends, d.total_minor - coalesce(
    (SELECT sum(a.amount_minor) FROM payment_allocations a
     JOIN supplier_payments p ON p.id = a.payment_id
     WHERE a.bill_id = d.id AND p.paid_at < s.ends), 0)
FROM stock_documents d JOIN stores s ON s.store_code = d.store_code
WHERE d.doc_type = 'supplier_bill' AND d.status = 'posted' AND d.business_at < s.ends
"""
)
# What suppliers owe back or were paid ahead: returns' goods (each line rounded down), and the
# part of each payment not set against a bill.
_CREDITS = (
    _STORES
    + """
SELECT d.supplier_id,
    -sum(div(coalesce(l.unit_cost_minor, 0)::numeric * l.quantity_milli, 1000))
FROM stock_documents d JOIN stores s ON s.store_code = d.store_code
JOIN stock_document_lines l ON l.document_id = d.id
WHERE d.doc_type = 'supplier_return' AND d.completed_at IS NOT NULL AND d.business_at < s.ends
  AND d.supplier_id IS NOT NULL
GROUP BY d.supplier_id
UNION ALL
SELECT p.supplier_id, -sum(p.amount_minor - coalesce(
    (SELECT sum(a.amount_minor) FROM payment_allocations a WHERE a.payment_id = p.id), 0))
FROM supplier_payments p JOIN stores s ON s.store_code = p.store_code
WHERE p.paid_at < s.ends
GROUP BY p.supplier_id
"""
)


def payables_page(
    engine: Engine,
    report: ReportDefinition,
    first: date,
    last: date,
    *,
    stores: tuple[str, ...] | None,
    offset: int,
    limit: int,
) -> ReportPage:
    """What each supplier was owed at the end of the span's last day (each store's own): every
    posted bill's open part by how late it was then, less returns and payments not set against
    a bill."""
    owed: dict[Any, dict[str, int]] = {}

    def of(supplier: Any) -> dict[str, int]:
        return owed.setdefault(supplier, dict.fromkeys([*BUCKETS.values(), "credit"], 0))

    asked = _asked(first, last, stores)
    with engine.connect() as connection:
        for supplier, due_at, ends, still_open in connection.execute(text(_BILLS), asked):
            if still_open:
                as_of = _utc(ends) - _MICROSECOND
                late = bucket(None if due_at is None else _utc(due_at), as_of)
                of(supplier)[BUCKETS[late]] += int(still_open)
        for supplier, credit in connection.execute(text(_CREDITS), asked):
            if credit:
                of(supplier)["credit"] += int(credit)
        names = _suppliers(connection, list(owed))
    rows: Rows = [
        ReportRow(str(supplier), names.get(supplier, str(supplier)), {**v, "owed": sum(v.values())})
        for supplier, v in owed.items()
        if any(v.values())
    ]
    return ranked_page(report, first, last, rows, offset=offset, limit=limit)


_MICROSECOND = datetime.resolution


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _asked(first: date, last: date, stores: tuple[str, ...] | None) -> dict[str, Any]:
    return {"first": first, "last": last, "stores": None if stores is None else list(stores)}


def _suppliers(connection: Connection, ids: list[Any]) -> dict[Any, str]:
    """ "code name" of the suppliers, from the chain's master records."""
    wanted = [str(i) for i in ids if i is not None]
    if not wanted:
        return {}
    rows = connection.execute(
        text(
            "SELECT key, payload->>'code', payload->>'name' FROM master_records "
            "WHERE entity = 'supplier' AND key = ANY(:keys) AND payload IS NOT NULL"
        ),
        {"keys": wanted},
    )
    return {uuid.UUID(key): f"{code} {name}" for key, code, name in rows}
