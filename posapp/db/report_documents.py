"""The documents behind a report's row (a drill-down): the sales and returns of the span that
the row counts — that day, that cashier, those containing that product… — newest first. Read
from the documents themselves, not the summaries: a row's documents are few, and a person
checking a figure wants the receipts, not another sum."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Connection, and_, exists, func, or_, select

from posapp.db.tables import (
    categories,
    products,
    sale_line_taxes,
    sale_lines,
    sale_tenders,
    sales,
    users,
    z_reports,
)
from posapp.domain import discounts_given
from posapp.domain.reporting import (
    DRILL_MOST,
    Dimension,
    DocumentRow,
    ReportDefinition,
    Source,
    month_of,
)


def row_documents(
    connection: Connection,
    report: ReportDefinition,
    key: str,
    first: date,
    last: date,
    zone: ZoneInfo,
    most: int = DRILL_MOST,
) -> list[DocumentRow]:
    """The documents of `first` … `last` (local days) that the row `key` of `report` counts."""
    first, last = narrowed(report.dimension, key, first, last)
    start, end = _utc(first, zone), _utc(last + timedelta(days=1), zone)
    query = (
        select(
            sales.c.number,
            sales.c.created_at,
            sales.c.kind,
            users.c.display_name,
            sales.c.total_minor,
        )
        .join(users, users.c.id == sales.c.cashier_id)
        .where(sales.c.created_at >= start, sales.c.created_at < end, _counted(report, key))
        .order_by(sales.c.created_at.desc())
    )
    local_only = report.dimension in (Dimension.HOUR, Dimension.WEEKDAY)
    rows = connection.execute(query if local_only else query.limit(most + 1))
    found = []
    for number, at, kind, cashier, total in rows:
        local = at.astimezone(zone)
        if local_only and not _at_local(report.dimension, key, local):
            continue
        found.append(DocumentRow(number, local, kind, cashier, total))
        if len(found) > most:
            break
    return found


def narrowed(dimension: Dimension, key: str, first: date, last: date) -> tuple[date, date]:
    """A day, week or month row covers its own days only (within the span)."""
    if not dimension.is_time:
        return first, last
    start = date.fromisoformat(key)
    if dimension is Dimension.DAY:
        end = start
    elif dimension is Dimension.WEEK:
        end = start + timedelta(days=6)
    else:
        end = (month_of(start) + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return max(first, start), min(last, end)


def _utc(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=zone).astimezone(UTC)


def _at_local(dimension: Dimension, key: str, local: datetime) -> bool:
    if dimension is Dimension.HOUR:
        return local.hour == int(key)
    return local.isoweekday() == int(key)


def _counted(report: ReportDefinition, key: str) -> ColumnElement[bool]:
    """What makes a document one of the row's: a column of the sale, or a line, tax or tender
    of it."""
    dimension = report.dimension
    lines = exists().where(sale_lines.c.sale_id == sales.c.id)
    match dimension:
        case Dimension.CASHIER:
            return sales.c.cashier_id == uuid.UUID(key)
        case Dimension.TERMINAL:
            return sales.c.terminal_code == key
        case Dimension.CUSTOMER:
            return (
                sales.c.customer_id.is_(None) if not key else sales.c.customer_id == uuid.UUID(key)
            )
        case Dimension.PRODUCT:
            return lines.where(sale_lines.c.product_id == _id(key))
        case Dimension.CATEGORY | Dimension.BRAND:
            return lines.where(sale_lines.c.product_id.in_(_grouped(dimension, key)))
        case Dimension.TENDER:
            return exists().where(sale_tenders.c.sale_id == sales.c.id, sale_tenders.c.kind == key)
        case Dimension.RATE:
            code, _, ppm = key.partition(":")
            taxed = exists().where(
                sale_line_taxes.c.line_id == sale_lines.c.id,
                sale_line_taxes.c.rate_code == code,
                sale_line_taxes.c.rate_ppm == int(ppm),
            )
            return lines.where(taxed)
        case Dimension.SHIFT:
            terminal, _, number = key.rpartition(" Z")
            shift = select(z_reports.c.shift_id).where(
                z_reports.c.terminal_code == terminal, z_reports.c.number == int(number or 0)
            )
            return sales.c.shift_id.in_(shift.scalar_subquery())
        case Dimension.REASON:
            return lines.where(_discounted(key))
        case _ if report.source is Source.DISCOUNTS:
            return lines.where(_discounted(None))
        case _:
            return and_(True)  # a day, week, month, hour, weekday or region: the span says it


def _discounted(reason: str | None) -> ColumnElement[bool]:
    line = sale_lines.c
    return discounted(
        reason,
        note=line.price_note,
        line_discount=line.line_discount_minor,
        basket_discount=line.basket_discount_minor,
        list_price=line.list_price_minor,
        unit_price=line.unit_price_minor,
    )


def discounted(
    reason: str | None,
    *,
    note: ColumnElement[Any],
    line_discount: ColumnElement[Any],
    basket_discount: ColumnElement[Any],
    list_price: ColumnElement[Any],
    unit_price: ColumnElement[Any],
) -> ColumnElement[bool]:
    """A line that gave something away (posapp.domain.discounts_given): for `reason`, or any —
    over the columns of a line, wherever it is kept."""
    noted = func.coalesce(note, "") != ""
    below = list_price != unit_price
    match reason:
        case None:
            return or_(noted, line_discount != 0, basket_discount != 0, below)
        case discounts_given.CASHIER_DISCOUNT:
            return and_(~noted, line_discount != 0)
        case discounts_given.BASKET_DISCOUNT:
            return and_(~noted, line_discount == 0, basket_discount != 0)
        case discounts_given.BELOW_LIST:
            return and_(~noted, line_discount == 0, basket_discount == 0, below)
        case _:
            return note == reason


def _id(key: str) -> uuid.UUID | None:
    return uuid.UUID(key) if key else None


def _grouped(dimension: Dimension, key: str) -> Any:
    """The products of a brand, or of a top-level category and every category under it."""
    if dimension is Dimension.BRAND:
        return select(products.c.id).where(
            products.c.brand_id.is_(None) if not key else products.c.brand_id == uuid.UUID(key)
        )
    if not key:
        return select(products.c.id).where(products.c.category_id.is_(None))
    tree = select(categories.c.id).where(categories.c.id == uuid.UUID(key)).cte(recursive=True)
    tree = tree.union_all(select(categories.c.id).where(categories.c.parent_id == tree.c.id))
    return select(products.c.id).where(products.c.category_id.in_(select(tree.c.id)))
