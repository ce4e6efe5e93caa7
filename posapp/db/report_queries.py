"""A page of a catalogue report (posapp.domain.reporting), read from the summaries in SQL that
both SQLite and PostgreSQL run: rows grouped by the report's dimension, ordered and paged by
the database, then named (products, brands, cashiers) for the page's rows only. Categories are
few: their rows are rolled up into the top-level categories here."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, Table, func, select

from posapp.db.tables import (
    brands,
    categories,
    products,
    sales_day_products,
    sales_day_tills,
    users,
)
from posapp.domain.reporting import (
    Dimension,
    ReportDefinition,
    ReportPage,
    ReportRow,
    Source,
    measured,
    time_label,
)

_KEYS = {"day", "product_id", "week", "month", "hour", "cashier_id", "terminal_code", "weekday"}
_NO_CATEGORY = "(no category)"
_NO_BRAND = "(no brand)"


def summary_of(report: ReportDefinition) -> Table:
    return sales_day_products if report.source is Source.PRODUCTS else sales_day_tills


def report_page(
    connection: Connection,
    report: ReportDefinition,
    first: date,
    last: date,
    *,
    offset: int = 0,
    limit: int = 100,
) -> ReportPage:
    """The rows `offset` … `offset + limit` of the report over the days `first` … `last`."""
    table = summary_of(report)
    columns = [c.name for c in table.columns if c.name not in _KEYS]
    sums = [func.coalesce(func.sum(table.c[name]), 0).label(name) for name in columns]
    within = table.c.day.between(first, last)
    totals = connection.execute(select(*sums).where(within)).one()
    total = ReportRow("", "Total", measured(report, dict(zip(columns, totals, strict=True))))
    key = _key(report.dimension, table)
    grouped = (
        _with_joins(select(key.label("key"), *sums), report.dimension, table)
        .where(within)
        .group_by(key)
    )
    if report.dimension is Dimension.CATEGORY:
        found = [
            (row.key, dict(zip(columns, row[1:], strict=True)))
            for row in connection.execute(grouped)
        ]
        rolled = _rolled_up(connection, report, found, columns)
        ordered = sorted(rolled, key=lambda row: _rank(report, row))
        return ReportPage(
            report,
            first,
            last,
            tuple(ordered[offset : offset + limit]),
            total,
            len(ordered),
            offset,
        )
    count = connection.execute(select(func.count()).select_from(grouped.subquery())).scalar_one()
    order = (
        [key]
        if report.ranked_by is None
        else [func.sum(table.c[_column_of(report, report.ranked_by)]).desc(), key]
    )
    found = [
        (row.key, dict(zip(columns, row[1:], strict=True)))
        for row in connection.execute(grouped.order_by(*order).offset(offset).limit(limit))
    ]
    names = _names(connection, report.dimension, [k for k, _ in found])
    rows = tuple(
        ReportRow(_key_text(k), names.get(k, _fallback(report.dimension, k)), measured(report, s))
        for k, s in found
    )
    return ReportPage(report, first, last, rows, total, int(count), offset)


def _column_of(report: ReportDefinition, measure: str) -> str:
    column = next(m.column for m in report.measures if m.name == measure)
    assert column is not None, f"{report.name} is ranked by a measure it sums"
    return column


def _rank(report: ReportDefinition, row: ReportRow) -> tuple[Any, ...]:
    ranked = row.values.get(report.ranked_by or "", 0) or 0
    return (-ranked, row.label)


def _key(dimension: Dimension, table: Table) -> ColumnElement[Any]:
    match dimension:
        case Dimension.PRODUCT:
            return table.c.product_id
        case Dimension.CATEGORY:
            return products.c.category_id
        case Dimension.BRAND:
            return products.c.brand_id
        case Dimension.CASHIER:
            return table.c.cashier_id
        case Dimension.TERMINAL:
            return table.c.terminal_code
        case _:
            column: ColumnElement[Any] = table.c[dimension.value]
            return column


def _with_joins(query: Select[Any], dimension: Dimension, table: Table) -> Select[Any]:
    if dimension in (Dimension.CATEGORY, Dimension.BRAND):
        return query.select_from(table.join(products, products.c.id == table.c.product_id))
    return query.select_from(table)


def _key_text(key: object) -> str:
    if isinstance(key, date):
        return key.isoformat()
    return "" if key is None else str(key)


def _fallback(dimension: Dimension, key: object) -> str:
    if dimension.is_time or dimension in (Dimension.HOUR, Dimension.WEEKDAY):
        return time_label(dimension, key)  # type: ignore[arg-type]
    if key is None:
        return _NO_BRAND if dimension is Dimension.BRAND else _NO_CATEGORY
    return str(key)


def _names(connection: Connection, dimension: Dimension, keys: Sequence[Any]) -> dict[Any, str]:
    """What a person calls the page's rows: a product's code and name, a brand's or a
    cashier's name."""
    wanted = [k for k in keys if k is not None]
    if not wanted:
        return {}
    match dimension:
        case Dimension.PRODUCT:
            query = select(products.c.id, products.c.sku + " " + products.c.name).where(
                products.c.id.in_(wanted)
            )
        case Dimension.BRAND:
            query = select(brands.c.id, brands.c.name).where(brands.c.id.in_(wanted))
        case Dimension.CASHIER:
            query = select(users.c.id, users.c.display_name).where(users.c.id.in_(wanted))
        case _:
            return {}
    return {row[0]: row[1] for row in connection.execute(query)}


def _rolled_up(
    connection: Connection,
    report: ReportDefinition,
    found: list[tuple[Any, dict[str, int]]],
    columns: list[str],
) -> list[ReportRow]:
    """Each category's sums added into its top-level category (a parent's own products
    included); products without a category make a row of their own."""
    parents = {
        row.id: (row.parent_id, row.name)
        for row in connection.execute(
            select(categories.c.id, categories.c.parent_id, categories.c.name)
        )
    }

    def top(category: Any) -> Any:
        seen = set()
        while category in parents and parents[category][0] is not None and category not in seen:
            seen.add(category)  # a loop in the tree stops where it closes
            category = parents[category][0]
        return category

    rolled: dict[Any, dict[str, int]] = {}
    for category, sums in found:
        into = rolled.setdefault(top(category), dict.fromkeys(columns, 0))
        for column in columns:
            into[column] += int(sums[column])
    return [
        ReportRow(
            _key_text(category),
            parents[category][1] if category in parents else _NO_CATEGORY,
            measured(report, sums),
        )
        for category, sums in rolled.items()
    ]
