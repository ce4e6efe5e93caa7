"""A page of a catalogue report (posapp.domain.reporting), read from the summaries in SQL that
both SQLite and PostgreSQL run: rows grouped by the report's dimension, ordered and paged by
the database, then named (products, brands, cashiers) for the page's rows only.

Reports by day, week and month read the summary by day alone. Reports by product, category and
brand read whole calendar months from the summary by month, and only the days at the span's
edges from the one by day: a year is twelve months' rows. Categories are few: they are rolled up
into the top-level categories here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import (
    ColumnElement,
    Connection,
    FromClause,
    Select,
    String,
    Table,
    and_,
    cast,
    func,
    literal,
    or_,
    select,
    union_all,
)

from posapp.db.tables import (
    brands,
    categories,
    customers,
    products,
    sales_day_customers,
    sales_day_discounts,
    sales_day_products,
    sales_day_taxes,
    sales_day_tenders,
    sales_day_tills,
    sales_days,
    sales_month_products,
    users,
)
from posapp.db.tables.reporting import (
    DISCOUNT_SUMS,
    NOTHING,
    PRODUCT_SUMS,
    TAX_SUMS,
    TENDER_SUMS,
    TILL_SUMS,
)
from posapp.domain.report_values import (
    time_label,
)
from posapp.domain.reporting import (
    CATALOGUE,
    Dimension,
    ReportDefinition,
    ReportPage,
    ReportRow,
    Source,
    measured,
)

_SUMS = {
    Source.PRODUCTS: PRODUCT_SUMS,
    Source.TILLS: TILL_SUMS,
    Source.TAXES: TAX_SUMS,
    Source.TENDERS: TENDER_SUMS,
    Source.CUSTOMERS: TILL_SUMS,
    Source.DISCOUNTS: DISCOUNT_SUMS,
}


class ReportNaming(Protocol):
    """What a person calls a report's rows, where the summaries are kept."""

    def names(
        self, connection: Connection, dimension: Dimension, keys: Sequence[Any]
    ) -> dict[Any, str]:
        """Products, brands, cashiers, customers by their ids (those it knows)."""
        ...

    def categories(self, connection: Connection) -> dict[Any, tuple[Any, str]]:
        """Each category's parent and name."""
        ...


@dataclass(frozen=True)
class Summaries:
    """The summary tables reports read: by source at the grain of a day (for products, the day
    alone), products by day and by month; `stores`, when the tables hold several stores (head
    office), the ones a report covers (None: all)."""

    by_day: Mapping[Source, Table]
    products_by_day: Table
    products_by_month: Table
    stores: tuple[str, ...] | None = None

    def only(self, table: Table | FromClause, query: Select[Any]) -> Select[Any]:
        if self.stores is None or "store_code" not in table.c:
            return query
        return query.where(table.c.store_code.in_(self.stores))


NODE_SUMMARIES = Summaries(
    {
        Source.PRODUCTS: sales_days,
        Source.TILLS: sales_day_tills,
        Source.TAXES: sales_day_taxes,
        Source.TENDERS: sales_day_tenders,
        Source.CUSTOMERS: sales_day_customers,
        Source.DISCOUNTS: sales_day_discounts,
    },
    sales_day_products,
    sales_month_products,
)
_NO_CATEGORY = "(no category)"
_NO_BRAND = "(no brand)"
_NOT_GOODS = "(not goods)"  # imported lines of postage, fees: no product
_THIS_STORE = "(this store)"  # sales rung up here: no region
_WALK_IN = "(no customer)"  # sales with no customer attached
_GROUPS = {
    Dimension.PRODUCT: "product_id",
    Dimension.CATEGORY: "category_id",
    Dimension.BRAND: "brand_id",
    Dimension.CASHIER: "cashier_id",
    Dimension.TERMINAL: "terminal_code",
    Dimension.TENDER: "kind",
    Dimension.CUSTOMER: "customer_id",
}


def report_page(
    connection: Connection,
    report: ReportDefinition,
    first: date,
    last: date,
    *,
    offset: int = 0,
    limit: int = 100,
    summaries: Summaries = NODE_SUMMARIES,
    naming: ReportNaming | None = None,
) -> ReportPage:
    """The rows `offset` … `offset + limit` of the report over the days `first` … `last`."""
    naming = naming or NodeNaming()
    totals_from = summaries.by_day[report.source]
    columns = list(_SUMS[report.source])
    sums = [func.coalesce(func.sum(totals_from.c[c]), 0).label(c) for c in columns]
    in_span = select(*sums).where(totals_from.c.day.between(first, last))
    totals = connection.execute(summaries.only(totals_from, in_span)).one()
    summed = {column: int(value) for column, value in zip(columns, totals, strict=True)}
    total = ReportRow("", "Total", measured(report, summed))
    source = _source(report, first, last, summaries)
    key = _key(report.dimension, source)
    grouped = select(key.label("key"), *_summed(source, columns)).group_by(key)
    if report.dimension is Dimension.CATEGORY:
        found = [(row[0], _sums(columns, row)) for row in connection.execute(grouped)]
        tree = naming.categories(connection)
        rolled = sorted(_rolled_up(tree, report, found, columns), key=_ranked(report))
        page = tuple(rolled[offset : offset + limit])
        return ReportPage(report, first, last, page, total, len(rolled), offset)
    order = [key] if report.ranked_by is None else [func.sum(source.c[_column(report)]).desc(), key]
    # The rows' count rides on the page's rows (one grouping, not two); a page past the end
    # has none to carry it, and is counted alone.
    counted = grouped.add_columns(func.count().over().label("row_count"))
    paged = connection.execute(counted.order_by(*order).offset(offset).limit(limit)).all()
    found = [(row[0], _sums(columns, row[:-1])) for row in paged]
    count = paged[0][-1] if paged else _count(connection, grouped)
    names = naming.names(connection, report.dimension, [k for k, _ in found])
    rows = tuple(
        ReportRow(_key_text(k), names.get(k) or _fallback(report.dimension, k), measured(report, s))
        for k, s in found
    )
    return ReportPage(report, first, last, rows, total, int(count), offset)


def products_over(first: date, last: date, summaries: Summaries = NODE_SUMMARIES) -> FromClause:
    """The product summary's rows covering the days `first` … `last` (product, category,
    brand and the sums): whole months from the monthly summary, the days around them from the
    daily one."""
    return _source(CATALOGUE["sales-by-product"], first, last, summaries)


def _count(connection: Connection, grouped: Select[Any]) -> int:
    return int(
        connection.execute(select(func.count()).select_from(grouped.subquery())).scalar_one()
    )


def _source(report: ReportDefinition, first: date, last: date, summaries: Summaries) -> FromClause:
    """The summary rows covering the span: for products, categories and brands whole months
    from the monthly summary and the days around them from the daily one."""
    only = summaries.only
    if (
        report.source is not Source.PRODUCTS
        or report.dimension.is_time
        or report.dimension in (Dimension.REGION, Dimension.STORE)
    ):
        table = summaries.by_day[report.source]
        return only(table, select(table).where(table.c.day.between(first, last))).subquery()
    from_month, to_month = _whole_months(first, last)
    kept = ["product_id", "category_id", "brand_id", *PRODUCT_SUMS]
    daily, monthly = summaries.products_by_day, summaries.products_by_month
    if from_month > to_month:
        days = select(*(daily.c[c] for c in kept)).where(daily.c.day.between(first, last))
        return only(daily, days).subquery()
    edges = or_(
        and_(daily.c.day >= first, daily.c.day < from_month),
        and_(daily.c.day > _month_end(to_month), daily.c.day <= last),
    )
    months = select(*(monthly.c[c] for c in kept)).where(
        monthly.c.month.between(from_month, to_month)
    )
    return union_all(
        only(monthly, months), only(daily, select(*(daily.c[c] for c in kept)).where(edges))
    ).subquery()


def _key(dimension: Dimension, source: FromClause) -> ColumnElement[Any]:
    """What a row is: a rate by its code and percentage ("VAT20:200000"), others by a column."""
    if dimension is Dimension.RATE:
        return source.c.rate_code + ":" + cast(source.c.rate_ppm, String)
    if dimension is Dimension.STORE:  # a node's summaries hold its own store alone
        return source.c.store_code if "store_code" in source.c else literal("")
    if dimension is Dimension.TERMINAL and "store_code" in source.c:
        return source.c.store_code + " " + source.c.terminal_code  # T01 of S01, not of S02
    column: ColumnElement[Any] = source.c[_GROUPS.get(dimension, dimension.value)]
    return column


def _whole_months(first: date, last: date) -> tuple[date, date]:
    """The first days of the first and last calendar months wholly inside the span (the
    first after the last when there is none)."""
    from_month = first if first.day == 1 else _month_end(first) + timedelta(days=1)
    to_month = last.replace(day=1) if last == _month_end(last) else _previous(last)
    return from_month, to_month


def _month_end(month: date) -> date:
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def _previous(day: date) -> date:
    """The first day of the month before `day`'s."""
    return (day.replace(day=1) - timedelta(days=1)).replace(day=1)


def _summed(source: FromClause, columns: list[str]) -> list[ColumnElement[Any]]:
    return [func.sum(source.c[c]).label(c) for c in columns]


def _sums(columns: list[str], row: Sequence[Any]) -> dict[str, int]:
    return {column: int(value) for column, value in zip(columns, row[1:], strict=True)}


def _column(report: ReportDefinition) -> str:
    column = next(m.column for m in report.measures if m.name == report.ranked_by)
    assert column is not None, f"{report.name} is ranked by a measure it sums"
    return column


def _ranked(report: ReportDefinition) -> Any:
    def rank(row: ReportRow) -> tuple[Any, ...]:
        value = row.values.get(report.ranked_by or "")
        return (-value if isinstance(value, int | Decimal) else 0, row.label)

    return rank


def _key_text(key: object) -> str:
    if isinstance(key, date):
        return key.isoformat()
    return "" if key is None or key == NOTHING else str(key)


def _fallback(dimension: Dimension, key: object) -> str:
    if isinstance(key, date | int) and dimension not in _GROUPS:
        return time_label(dimension, key)
    if dimension in (Dimension.REGION, Dimension.STORE):
        return str(key) or _THIS_STORE
    if dimension is Dimension.RATE:
        code, _, ppm = str(key).partition(":")
        return f"{code} {Decimal(int(ppm)).scaleb(-4).normalize():f} %"
    if key is None or key == NOTHING:
        missing = {
            Dimension.BRAND: _NO_BRAND,
            Dimension.PRODUCT: _NOT_GOODS,
            Dimension.CUSTOMER: _WALK_IN,
        }
        return missing.get(dimension, _NO_CATEGORY)
    return str(key)


def _rolled_up(
    parents: dict[Any, tuple[Any, str]],
    report: ReportDefinition,
    found: list[tuple[Any, dict[str, int]]],
    columns: list[str],
) -> list[ReportRow]:
    """Each category's sums added into its top-level category (a parent's own products
    included); products without a category make a row of their own."""

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
            into[column] += sums[column]
    return [
        ReportRow(
            _key_text(category),
            parents[category][1] if category in parents else _NO_CATEGORY,
            measured(report, sums),
        )
        for category, sums in rolled.items()
    ]


class NodeNaming:
    """A node's names for report rows: its own catalogue, customers and users."""

    def names(
        self, connection: Connection, dimension: Dimension, keys: Sequence[Any]
    ) -> dict[Any, str]:
        """What a person calls the page's rows: a product's code and name, a brand's or a
        cashier's name."""
        wanted = [k for k in keys if k is not None and k != NOTHING]
        if not wanted:
            return {}
        query: Select[Any]
        match dimension:
            case Dimension.PRODUCT:
                name = products.c.sku + " " + products.c.name
                query = select(products.c.id, name).where(products.c.id.in_(wanted))
            case Dimension.BRAND:
                query = select(brands.c.id, brands.c.name).where(brands.c.id.in_(wanted))
            case Dimension.CASHIER:
                query = select(users.c.id, users.c.display_name).where(users.c.id.in_(wanted))
            case Dimension.CUSTOMER:
                name = customers.c.code + " " + customers.c.name
                query = select(customers.c.id, name).where(customers.c.id.in_(wanted))
            case _:
                return {}
        return {row[0]: row[1] for row in connection.execute(query)}

    def categories(self, connection: Connection) -> dict[Any, tuple[Any, str]]:
        rows = connection.execute(
            select(categories.c.id, categories.c.parent_id, categories.c.name)
        )
        return {row.id: (row.parent_id, row.name) for row in rows}
