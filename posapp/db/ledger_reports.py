"""The catalogue's reports read from the ledgers rather than a summary (posapp.domain.reporting,
`Source.is_ledger`): each closed shift's drawer from its Z report, purchases by supplier from
the goods receipts and returns, payables ageing from what suppliers are owed, and the stock
reports (db.stock_reports). Their rows are few (shifts, suppliers) or read through an index, so
they are worked out where the report opens: always as the ledger is now."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine, func, select

from posapp.db.payables_repository import SqlAlchemyPayables
from posapp.db.report_queries import NodeNaming
from posapp.db.report_span import Builder, Rows, Settings, Span
from posapp.db.stock_reports import STOCK_BUILDERS
from posapp.db.stock_value_queries import stock_value
from posapp.db.tables import (
    receipt_charges,
    stock_document_lines,
    stock_documents,
    suppliers,
    z_reports,
)
from posapp.domain.discounts_given import at_list_price
from posapp.domain.payables import bucket
from posapp.domain.reporting import (
    Dimension,
    ReportDefinition,
    ReportPage,
    ReportRow,
    Source,
    Value,
)
from posapp.domain.stock import DocumentType
from posapp.domain.stock_classes import sell_through
from posapp.services.costing import StockValue


def ledger_page(
    engine: Engine,
    report: ReportDefinition,
    span: Span,
    settings: Settings,
    *,
    offset: int,
    limit: int,
) -> ReportPage:
    """A page of a ledger report, its rows ranked (or in the order the ledger gives them), with
    the total of all of them."""
    if report.source is Source.STOCK:
        return _stock_value_page(engine, report, span, offset=offset, limit=limit)
    builders: dict[Source, Builder] = {
        Source.SHIFTS: _shifts,
        Source.PURCHASES: _purchases,
        Source.PAYABLES: _payables,
        **STOCK_BUILDERS,
    }
    rows = builders[report.source](engine, report, span, settings)
    page = ranked_page(report, span.first, span.last, rows, offset=offset, limit=limit)
    if report.dimension is Dimension.PRODUCT:
        page = replace(page, rows=_products_named(engine, page.rows))
    return page


def ranked_page(
    report: ReportDefinition,
    first: date,
    last: date,
    rows: Rows,
    *,
    offset: int,
    limit: int,
) -> ReportPage:
    """The page of `rows` (ranked, where the report ranks them; else in the order given) with
    the total of all of them."""
    if report.ranked_by is not None:
        rows.sort(
            key=lambda row: (-_number(row.values.get(report.ranked_by or "")), row.label, row.key)
        )
    total = ReportRow("", "Total", totalled(report, rows))
    page = tuple(rows[offset : offset + limit])
    return ReportPage(report, first, last, page, total, len(rows), offset)


def _products_named(engine: Engine, rows: tuple[ReportRow, ...]) -> tuple[ReportRow, ...]:
    """The page's products by their code and name (a product's rows are keyed by its id)."""
    ids = [uuid.UUID(row.key) for row in rows]
    with engine.connect() as connection:
        names = NodeNaming().names(connection, Dimension.PRODUCT, ids)
    return tuple(
        replace(row, label=names.get(product, row.key))
        for row, product in zip(rows, ids, strict=True)
    )


def totalled(report: ReportDefinition, rows: Sequence[ReportRow]) -> dict[str, Value]:
    """What adds up, added up; a share or a class is nothing for a total, and sell-through is
    worked out from the totals as a row's is."""
    added = [m.name for m in report.measures if m.column is not None and m.name != "idle_days"]
    sums = dict.fromkeys(added, 0)
    for row in rows:  # one pass: a chain's stock reports total tens of thousands of rows
        for name in added:
            if isinstance(value := row.values.get(name), int):
                sums[name] += value
    values: dict[str, Value] = {m.name: sums.get(m.name) for m in report.measures}
    if "sell_through" in values:
        values["sell_through"] = sell_through(_int(values["sold"]), _int(values["on_hand"]))
    return values


_NUMBERS = (int, Decimal)


def _number(value: Value) -> int | Decimal:
    return value if isinstance(value, _NUMBERS) else 0


def _int(value: Value) -> int:
    return value if isinstance(value, int) else 0


def _shifts(engine: Engine, report: ReportDefinition, span: Span, _: Settings) -> Rows:
    """Each Z report closed in the span, as it was printed."""
    query = (
        select(z_reports.c.terminal_code, z_reports.c.number, z_reports.c.payload)
        .where(z_reports.c.created_at >= span.starts, z_reports.c.created_at < span.ends)
        .order_by(z_reports.c.created_at, z_reports.c.terminal_code)
    )
    with engine.connect() as connection:
        found = connection.execute(query).all()
    closed = [(till, number, json.loads(z), span.zone) for till, number, z in found]
    return drawer_rows(report, closed)


def drawer_rows(
    report: ReportDefinition, closed: Sequence[tuple[str, int, dict[str, Any], ZoneInfo]]
) -> Rows:
    """Rows of the Z reports `closed` (the till, the Z's number, its payload, the zone of its
    store's days): what the drawer should have held and what was counted. By shift: each Z;
    by day: the shifts closed that day together."""
    rows: dict[str, tuple[str, dict[str, int]]] = {}
    for terminal, number, z, zone in closed:
        closed_at = datetime.fromisoformat(z["at"]).astimezone(zone)
        if report.dimension is Dimension.SHIFT:
            opened = datetime.fromisoformat(z["opened_at"]).astimezone(zone)
            key = f"{terminal} Z{number}"
            label = (
                f"{terminal} Z {number} · {z['opened_by']} · "
                f"{opened:%Y-%m-%d %H:%M}–{closed_at:%H:%M}"
            )
        else:
            key = label = closed_at.date().isoformat()
        into = rows.setdefault(key, (label, {}))[1]
        for name, value in _drawer(z["cash"]).items():
            into[name] = into.get(name, 0) + value
    return [ReportRow(key, label, dict(values)) for key, (label, values) in rows.items()]


def _drawer(cash: dict[str, Any]) -> dict[str, int]:
    return {
        "shifts": 1,
        "float": int(cash["float"]),
        "cash_taken": int(cash["tendered"]) + int(cash.get("account_payments", 0)),
        "paid_in": int(cash["cash_in"]),
        "paid_out": -int(cash["cash_out"]),
        "drops": -int(cash["drops"]),
        "expected": int(cash["expected"]),
        "counted": int(cash["counted"]),
        "over_short": int(cash["over_short"]),
    }


def _purchases(engine: Engine, report: ReportDefinition, span: Span, _: Settings) -> Rows:
    """Goods receipts and returns to suppliers posted with a date in the span: their goods at
    the lines' costs, receipts' freight and duty, returns negative."""
    documents = stock_documents.c
    dated = (
        documents.completed_at.is_not(None),
        documents.business_at >= span.starts,
        documents.business_at < span.ends,
        documents.doc_type.in_((DocumentType.GOODS_RECEIPT, DocumentType.SUPPLIER_RETURN)),
    )
    lines = (
        select(
            documents.supplier_id,
            documents.doc_type,
            stock_document_lines.c.quantity_milli,
            stock_document_lines.c.unit_cost_minor,
        )
        .join(stock_document_lines, stock_document_lines.c.document_id == documents.id)
        .where(*dated)
    )
    charged = (
        select(
            documents.supplier_id,
            func.count(func.distinct(documents.id)),
            func.coalesce(func.sum(receipt_charges.c.amount_minor), 0),
        )
        .outerjoin(receipt_charges, receipt_charges.c.document_id == documents.id)
        .where(*dated, documents.doc_type == DocumentType.GOODS_RECEIPT)
        .group_by(documents.supplier_id)
    )
    sums: dict[Any, dict[str, int]] = {}

    def of(supplier: Any) -> dict[str, int]:
        return sums.setdefault(
            supplier, dict.fromkeys(("receipts", "quantity", "goods", "landed", "returned"), 0)
        )

    with engine.connect() as connection:
        for supplier, kind, quantity, cost in connection.execute(lines):
            value = at_list_price(cost or 0, quantity)
            if kind == DocumentType.GOODS_RECEIPT:
                of(supplier)["quantity"] += quantity
                of(supplier)["goods"] += value
            else:
                of(supplier)["returned"] -= value
        for supplier, receipts, landed in connection.execute(charged):
            of(supplier)["receipts"] += int(receipts)
            of(supplier)["landed"] += int(landed)
        names = _suppliers(connection, list(sums))
    return [
        ReportRow(
            str(supplier or ""),
            names.get(supplier, "(no supplier)"),
            {**values, "net": values["goods"] + values["landed"] + values["returned"]},
        )
        for supplier, values in sums.items()
    ]


BUCKETS = {
    "not due": "not_due",
    "1-30": "late_30",
    "31-60": "late_60",
    "61-90": "late_90",
    "over 90": "late_more",
    "no due date": "no_due_date",
}


def _payables(engine: Engine, report: ReportDefinition, span: Span, _: Settings) -> Rows:
    """What each supplier was owed at the end of the span's last day: every bill's open part
    by how late it was then, less returns and payments not set against a bill."""
    as_of = span.ends - timedelta(microseconds=1)
    owed: dict[Any, dict[str, int]] = {}

    def of(supplier: Any) -> dict[str, int]:
        return owed.setdefault(supplier, dict.fromkeys([*BUCKETS.values(), "credit"], 0))

    with engine.connect() as connection:
        payables = SqlAlchemyPayables(connection)
        for bill in payables.open_bills(None, as_of):
            still_open = bill.total_minor - bill.paid_minor
            if still_open:
                of(bill.supplier_id)[BUCKETS[bucket(bill.due_at, as_of)]] += still_open
        for supplier, credit in payables.credits(as_of).items():
            of(supplier)["credit"] += credit
        names = _suppliers(connection, list(owed))
    return [
        ReportRow(str(supplier), names.get(supplier, str(supplier)), {**v, "owed": sum(v.values())})
        for supplier, v in owed.items()
    ]


def _suppliers(connection: Connection, ids: list[Any]) -> dict[Any, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    query = select(suppliers.c.id, suppliers.c.code, suppliers.c.name).where(
        suppliers.c.id.in_(wanted)
    )
    return {row.id: f"{row.code} {row.name}" for row in connection.execute(query)}


def _stock_value_page(
    engine: Engine, report: ReportDefinition, span: Span, *, offset: int, limit: int
) -> ReportPage:
    """Stock on hand and its value at the end of the span's last day, each product at each
    place, the most valuable first (costing's own valuation: db.stock_value_queries)."""
    valued = stock_value(engine, span.last, offset + limit)
    return stock_value_page(report, span.first, span.last, valued, offset=offset, limit=limit)


def stock_value_page(
    report: ReportDefinition,
    first: date,
    last: date,
    valued: StockValue,
    *,
    offset: int,
    limit: int,
) -> ReportPage:
    """The page `offset` … `offset + limit` of a valuation's places, the most valuable first."""
    rows = tuple(
        ReportRow(
            f"{row.sku}@{row.location}",
            f"{row.sku} {row.name} @ {row.location}",
            {"on_hand": row.quantity_milli, "value": row.value_minor},
        )
        for row in valued.rows[offset : offset + limit]
    )
    total = ReportRow("", "Total", {"on_hand": None, "value": valued.total_minor})
    return ReportPage(report, first, last, rows, total, valued.row_count, offset)
