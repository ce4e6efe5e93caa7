"""The documents behind a report's row at head office (a drill-down): the sales and returns of
the chosen stores, on their own local days of the span, that the row counts — that store, that
till, that cashier, those containing that product… — newest first, read from the documents
themselves as a node reads its own (posapp.db.report_documents)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Connection, String, and_, cast, exists, func, select

from posapp.db.report_documents import discounted, narrowed
from posapp.domain.reporting import DRILL_MOST, Dimension, ReportDefinition, Source
from sync.server.catalogue import catalogue_categories, catalogue_products
from sync.server.report_tables import store_zones
from sync.server.tables import (
    journal,
    master_records,
    people,
    sale_lines,
    sale_taxes,
    sale_tenders,
    sales,
)

_MARGIN = timedelta(days=1)  # a store's day begins and ends within a day of UTC's
NOT_KNOWN = "(a till's own user)"  # a cashier made at a till, unknown to head office
_till_users = master_records.alias("till_users")  # their records, where head office has them


@dataclass(frozen=True)
class ListedDocument:
    number: str
    store: str
    at: datetime  # in its store's time zone
    kind: str
    cashier: str
    total_minor: int


def row_documents(
    connection: Connection,
    report: ReportDefinition,
    key: str,
    first: date,
    last: date,
    *,
    stores: tuple[str, ...] | None,
    most: int = DRILL_MOST,
) -> list[ListedDocument]:
    """The documents of `first` … `last` (each store's local days) that the row `key` of
    `report` counts, of the stores chosen (None: all); one more than `most` says there are more."""
    first, last = narrowed(report.dimension, key, first, last)
    return documents_of(
        connection,
        first,
        last,
        stores=stores,
        counted=lambda local: _counted(connection, report, key, local),
        most=most,
    )


def documents_of(
    connection: Connection,
    first: date,
    last: date,
    *,
    stores: tuple[str, ...] | None,
    counted: Callable[[Any], ColumnElement[bool]] = lambda _: and_(True),
    offset: int = 0,
    most: int = DRILL_MOST,
) -> list[ListedDocument]:
    """The sales and returns of the stores chosen (None: all) on their local days `first` …
    `last` that `counted` (given the local time of the sale) takes, newest first: `most` of
    them after `offset`, and one more where there are more."""
    zone = func.coalesce(store_zones.c.time_zone, "UTC")
    local = func.timezone(zone, sales.c.created_at)
    query = (
        select(
            sales.c.number,
            sales.c.store_code,
            sales.c.created_at,
            zone,
            sales.c.kind,
            func.coalesce(
                people.c.display_name, _till_users.c.payload["display_name"].astext, NOT_KNOWN
            ),
            sales.c.total_minor,
        )
        .outerjoin(people, people.c.id == sales.c.cashier_id)
        .outerjoin(
            _till_users,
            and_(
                _till_users.c.entity == "user",
                _till_users.c.key == cast(sales.c.cashier_id, String),
            ),
        )
        .outerjoin(store_zones, store_zones.c.store_code == sales.c.store_code)
        .where(
            sales.c.created_at >= _utc(first) - _MARGIN,
            sales.c.created_at < _utc(last + timedelta(days=1)) + _MARGIN,
            func.date(local).between(first, last),
            counted(local),
        )
        .order_by(sales.c.created_at.desc(), sales.c.number)
        .offset(offset)
        .limit(most + 1)
    )
    if stores is not None:
        query = query.where(sales.c.store_code.in_(stores))
    return [
        ListedDocument(number, store, at.astimezone(ZoneInfo(zone_name)), kind, cashier, total)
        for number, store, at, zone_name, kind, cashier, total in connection.execute(query)
    ]


def _utc(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def _counted(
    connection: Connection, report: ReportDefinition, key: str, local: Any
) -> ColumnElement[bool]:
    """What makes a document one of the row's: a column of the sale, or a line, tax or tender
    of it."""
    lines = exists().where(sale_lines.c.sale_id == sales.c.id)
    match report.dimension:
        case Dimension.STORE:
            return sales.c.store_code == key
        case Dimension.TERMINAL:
            store, _, terminal = key.partition(" ")
            return and_(sales.c.store_code == store, sales.c.terminal_code == terminal)
        case Dimension.CASHIER:
            return sales.c.cashier_id == _id(key)
        case Dimension.CUSTOMER:
            return sales.c.customer_id.is_(None) if not key else sales.c.customer_id == _id(key)
        case Dimension.PRODUCT:
            return lines.where(sale_lines.c.product_id == _id(key))
        case Dimension.CATEGORY | Dimension.BRAND:
            return lines.where(_grouped(connection, report.dimension, key))
        case Dimension.TENDER:
            return exists().where(sale_tenders.c.sale_id == sales.c.id, sale_tenders.c.kind == key)
        case Dimension.RATE:
            code, _, ppm = key.partition(":")
            return exists().where(
                sale_taxes.c.sale_id == sales.c.id,
                sale_taxes.c.rate_code == code,
                sale_taxes.c.rate_ppm == int(ppm or 0),
            )
        case Dimension.SHIFT:
            return _in_shift(key)
        case Dimension.HOUR:
            return func.extract("hour", local) == int(key)
        case Dimension.WEEKDAY:
            return func.extract("isodow", local) == int(key)
        case Dimension.REASON:
            return lines.where(_discounted(key))
        case _ if report.source is Source.DISCOUNTS:
            return lines.where(_discounted(None))
        case _:
            return and_(True)  # a day, week, month or region: the span says it


def _id(key: str) -> uuid.UUID:
    return uuid.UUID(key)


def _grouped(connection: Connection, dimension: Dimension, key: str) -> ColumnElement[bool]:
    """A line of a product of the brand, or of the top-level category or one under it ("":
    none, or a product head office has no record of)."""
    column = (
        catalogue_products.c.brand_id
        if dimension is Dimension.BRAND
        else catalogue_products.c.category_id
    )
    if not key:
        grouped = select(catalogue_products.c.id).where(column.is_not(None))
        return sale_lines.c.product_id.not_in(grouped)
    wanted = {_id(key)}
    if dimension is Dimension.CATEGORY:
        tree = connection.execute(
            select(catalogue_categories.c.id, catalogue_categories.c.parent_id)
        ).all()
        while added := {child for child, parent in tree if parent in wanted} - wanted:
            wanted |= added
    return sale_lines.c.product_id.in_(
        select(catalogue_products.c.id).where(column.in_(list(wanted)))
    )


def _in_shift(key: str) -> ColumnElement[bool]:
    """The sales of the till between the shift's opening and its Z ("S01 T01 Z5")."""
    till, _, number = key.rpartition(" Z")
    store, _, terminal = till.partition(" ")
    z = journal.c.payload
    closed = (
        select(
            cast(z["opened_at"].astext, sales.c.created_at.type).label("opened"),
            cast(z["at"].astext, sales.c.created_at.type).label("closed"),
        )
        .where(
            journal.c.kind == "z_report",
            journal.c.store_code == store,
            journal.c.terminal_code == terminal,
            z["z_number"].astext == (number or "0"),
        )
        .limit(1)
        .subquery()
    )
    return and_(
        sales.c.store_code == store,
        sales.c.terminal_code == terminal,
        exists().where(
            sales.c.created_at >= closed.c.opened, sales.c.created_at <= closed.c.closed
        ),
    )


def _discounted(reason: str | None) -> ColumnElement[bool]:
    line = sale_lines.c
    return discounted(
        reason,
        note=line.price_note,
        line_discount=line.discount_minor - line.basket_discount_minor,
        basket_discount=line.basket_discount_minor,
        list_price=line.list_price_minor,
        unit_price=line.unit_price_minor,
    )
