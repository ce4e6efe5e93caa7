"""The stock reports at head office, for the chain or chosen stores: stock ageing, dead stock,
sell-through and ABC/XYZ classes per product, by the node's own rules (posapp.db.stock_reports
builds the rows).

Stock on hand at the end of the span's last day (UTC, as head office values stock) is what is
held now less what moved after it; its value is at today's cost (what costing holds of the
product in those stores now, shared by the quantity held now). Goods that came in are receipts
and transfers in."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    BigInteger,
    Engine,
    Numeric,
    String,
    cast,
    func,
    or_,
    select,
    text,
)
from sqlalchemy.exc import DBAPIError

from posapp.db.ledger_reports import ranked_page
from posapp.db.report_queries import products_over
from posapp.db.report_span import Rows
from posapp.db.stock_reports import (
    aged_rows,
    class_rows,
    dead_rows,
    held_values,
    idle_stock,
    sell_through_rows,
)
from posapp.db.tables.reporting import NOTHING
from posapp.domain.reporting import Dimension, ReportDefinition, ReportPage, Source, week_of
from posapp.domain.shop_settings import DEFINITIONS
from posapp.domain.stock_classes import AGES, aged
from sync.server.report_sources import HeadOfficeNaming, summaries_for
from sync.server.report_summaries import fold
from sync.server.report_tables import chain_week_products, sales_week_products

_DEAD_STOCK_DAYS = DEFINITIONS["reports.dead_stock_days"]
_OF_STORES = "(CAST(:stores AS text[]) IS NULL OR {column} = ANY(CAST(:stores AS text[])))"
_PLACED = "coalesce(m.business_at, m.created_at)"
_CAME_IN = f"m.reason IN ('RECEIPT', 'TRANSFER_IN') AND m.quantity_milli > 0 AND {_PLACED} < :ends"
# What the chosen stores hold of each product now, what moved after the span's last day, and
# what it is worth now: three aggregates, read at once with what the report reads besides.
# Products are text keys throughout (no id object, hashed in Python, for each of 20,000 rows).
_LEVELS = """
SELECT CAST(s.product_id AS text), sum(s.on_hand_milli)::bigint FROM stock_levels s
WHERE CAST(:stores AS text[]) IS NULL OR s.location_id IN (
    SELECT l.location_id FROM store_locations l WHERE l.store_code = ANY(CAST(:stores AS text[])))
GROUP BY s.product_id
"""
_MOVED_AFTER = f"""
SELECT CAST(m.product_id AS text), sum(m.quantity_milli)::bigint FROM stock_movements m
WHERE {_PLACED} >= :ends AND {_OF_STORES.format(column="m.store_code")}
GROUP BY m.product_id
"""
_WORTH = f"""
SELECT CAST(product_id AS text), sum(value_minor)::bigint FROM product_values
WHERE {_OF_STORES.format(column="store_code")}
GROUP BY product_id
"""


def _by_age() -> str:
    """A column per age (stock_classes.AGES): what came in that many days before the last
    day (and after the age before)."""
    sums, since = [], None
    for _, most in AGES:
        after = "" if since is None else f"age > {since} AND "
        sums.append(f"coalesce(sum(quantity_milli) FILTER (WHERE {after}age <= {most}), 0)")
        since = most
    return ", ".join(f"CAST({column} AS bigint)" for column in sums)


# The goods that came in over the ages the report counts (since :counted_from), by product
# and age: stock held is spread over them newest first (posapp.domain.stock_classes.aged), and
# the ages are in that order, so a product's total of each age is all that spreading needs.
_CAME_BY_AGE = f"""
SELECT CAST(product_id AS text), {_by_age()} FROM (
    SELECT m.product_id, m.quantity_milli,
        CAST(:last AS date) - CAST({_PLACED} AT TIME ZONE 'UTC' AS date) AS age
    FROM stock_movements m
    WHERE {_CAME_IN} AND {_PLACED} >= :counted_from
      AND {_OF_STORES.format(column="m.store_code")}
) inflows
GROUP BY product_id
"""
# Each held product's last goods in and last day sold (on or before the span's last day), each
# read backwards from its index to the first one found: one look per product, however long its
# history.
_LAST_DAYS = f"""
SELECT CAST(p AS text), (
    SELECT {_PLACED} FROM stock_movements m
    WHERE m.product_id = p AND {_CAME_IN} AND {_OF_STORES.format(column="m.store_code")}
    ORDER BY {_PLACED} DESC LIMIT 1
), (
    SELECT d.day FROM {{daily}} d
    WHERE d.product_id = p AND d.quantity_milli > 0 AND d.day <= :last {{of_stores}}
    ORDER BY d.day DESC LIMIT 1
)
FROM unnest(CAST(:held AS uuid[])) p
"""
_RECEIVED = f"""
SELECT CAST(m.product_id AS text), sum(m.quantity_milli) FROM stock_movements m
WHERE {_CAME_IN} AND {_PLACED} >= :starts AND {_OF_STORES.format(column="m.store_code")}
GROUP BY m.product_id
"""


Found = list[Any]  # the rows a query read


class _Held:
    """The chosen stores' stock at the end of the span's last day (what they hold now less what
    moved after it), and what it is worth."""

    def __init__(self, levels: Found, moved: Found, worth: Found) -> None:
        self._now = {product: int(quantity) for product, quantity in levels}
        self.quantity = dict(self._now)
        for product, quantity in moved:
            self.quantity[product] = self.quantity.get(product, 0) - int(quantity)
        self._worth = {product: int(value) for product, value in worth}

    def positive(self) -> dict[Any, int]:
        return {product: held for product, held in self.quantity.items() if held > 0}

    def values(self, held: dict[Any, int]) -> dict[Any, int]:
        return held_values(held, self._now, self._worth)


def _held_reads(asked: dict[str, Any]) -> list[tuple[Any, dict[str, Any]]]:
    """The reads a _Held is made of."""
    return [(text(_LEVELS), asked), (text(_MOVED_AFTER), asked), (text(_WORTH), asked)]


def _read_at_once(engine: Engine, queries: list[tuple[Any, dict[str, Any]]]) -> list[Found]:
    """Each query's rows, the queries read at once, each on a connection of its own: PostgreSQL
    gives each its own process, so they share the cores a single query would leave idle."""

    def read(query: Any, asked: dict[str, Any]) -> Found:
        with engine.connect() as connection:
            return list(connection.execute(query, asked).all())

    with ThreadPoolExecutor(len(queries)) as pool:
        return list(pool.map(lambda asking: read(*asking), queries))


def stock_page(
    engine: Engine,
    report: ReportDefinition,
    first: date,
    last: date,
    *,
    stores: tuple[str, ...] | None,
    offset: int,
    limit: int,
) -> ReportPage:
    """A page of stock ageing, dead stock or sell-through over the chosen stores (None: all),
    its rows ranked and the page's products named."""
    starts = datetime.combine(first, time(), tzinfo=UTC)
    ends = datetime.combine(last + timedelta(days=1), time(), tzinfo=UTC)
    codes = None if stores is None else list(stores)
    asked = {"starts": starts, "ends": ends, "stores": codes}
    if report.source is not Source.AGEING:
        fold(engine)  # the days products last sold, or what sold
    if report.source is Source.CLASSES:
        rows = _classes(engine, first, last, stores)
    elif report.source is Source.AGEING:
        rows = _ageing(engine, asked, last)
    elif report.source is Source.DEAD:
        rows = _dead(engine, asked, last, stores)
    else:
        rows = _sell_through(engine, asked, first, last, stores)
    with engine.connect() as connection:
        page = ranked_page(report, first, last, rows, offset=offset, limit=limit)
        ids = [uuid.UUID(row.key) for row in page.rows]
        names = HeadOfficeNaming().names(connection, Dimension.PRODUCT, ids)
    named = tuple(
        replace(row, label=names.get(product, row.key))
        for row, product in zip(page.rows, ids, strict=True)
    )
    return ReportPage(report, first, last, named, page.total, page.row_count, offset)


# The chain's report settings (shared with every node as master data); a builder takes the
# definition's default for one not set.
_SETTINGS = (
    "SELECT key, payload -> 'value' FROM master_records "
    "WHERE entity = 'setting' AND key LIKE 'reports.%' AND payload IS NOT NULL"
)


def _dead_stock_days(settings: dict[str, object]) -> int:
    value = settings.get("reports.dead_stock_days")
    if isinstance(value, int) and value > 0:
        return value
    default = _DEAD_STOCK_DAYS.default
    assert isinstance(default, int)
    return default


def _classes(engine: Engine, first: date, last: date, stores: tuple[str, ...] | None) -> Rows:
    """ABC and XYZ over the products sold in the span, from each product's weeks (whole weeks
    from the weekly summary, the days the span cuts from the daily one), as a node works them
    out; the squares of the weekly quantities summed exactly. Whole weeks and cut ones are
    summed apart (no week is in both), read at once, and added here."""
    try:
        settings, *parts = _read_at_once(engine, _class_queries(first, last, stores, exact=False))
    except DBAPIError as error:
        if getattr(error.orig, "sqlstate", None) != _OUT_OF_RANGE:
            raise
        settings, *parts = _read_at_once(engine, _class_queries(first, last, stores, exact=True))
    sums = _summed(parts)
    weeks = (week_of(last) - week_of(first)).days // 7 + 1
    facts = [(product, *values) for product, values in sums.items()]
    return class_rows(facts, weeks, dict(settings))


def _class_queries(
    first: date, last: date, stores: tuple[str, ...] | None, *, exact: bool
) -> list[tuple[Any, dict[str, Any]]]:
    parts = _weekly_parts(first, last, stores, exact=exact)
    return [(text(_SETTINGS), {}), *((part, {}) for part in parts)]


# A week's quantity squared, or a product's sums, past what a bigint holds (a product selling
# over 3 million units a week): PostgreSQL refuses it, and the sums are worked out again as
# numeric, exact but slower.
_OUT_OF_RANGE = "22003"
_KEPT = ("quantity_milli", "net_minor", "cost_minor")


def _summed(parts: list[Found]) -> dict[str, tuple[int, ...]]:
    sums: dict[str, tuple[int, ...]] = {}
    for part in parts:
        for product, *values in part:
            found = tuple(int(value) for value in values)
            if (before := sums.get(product)) is not None:
                found = tuple(a + b for a, b in zip(before, found, strict=True))
            sums[product] = found
    return sums


def _by_product(weekly: Any, *, exact: bool) -> Any:
    """Each product's quantity, the sum of its weekly quantities squared, net and cost, from
    rows of a product and a week each: in bigints (fast), or `exact` in numeric."""
    quantity = weekly.c.quantity_milli
    square = cast(quantity, Numeric) * quantity if exact else quantity * quantity
    sums = [func.sum(c) for c in (quantity, square, weekly.c.net_minor, weekly.c.cost_minor)]
    return select(
        cast(weekly.c.product_id, String),  # text keys: no id object for every product
        *(sums if exact else (cast(total, BigInteger) for total in sums)),
    ).group_by(weekly.c.product_id)


def _weekly_parts(
    first: date, last: date, stores: tuple[str, ...] | None, *, exact: bool
) -> list[Any]:
    """The queries of each product's sums over the whole weeks of the span and over the weeks
    it cuts."""
    summaries = summaries_for(stores)
    days = summaries.products_by_day
    weeks = chain_week_products if stores is None else sales_week_products
    monday = func.date_trunc("week", days.c.day)
    first_week = week_of(first + timedelta(days=6))  # the first Monday on or after it
    last_week = week_of(last + timedelta(days=1)) - timedelta(days=7)  # ends by the last
    edges = summaries.only(
        days,
        select(days.c.product_id, *(func.sum(days.c[c]).label(c) for c in _KEPT))
        .where(days.c.day.between(first, last), days.c.product_id != NOTHING)
        .group_by(days.c.product_id, monday),
    )
    if first_week > last_week:
        return [_by_product(edges.subquery(), exact=exact)]
    cut = edges.where(or_(days.c.day < first_week, days.c.day > last_week + timedelta(days=6)))
    in_span = (weeks.c.week.between(first_week, last_week), weeks.c.product_id != NOTHING)
    if stores is None or len(stores) == 1:  # a row per product and week already
        whole = summaries.only(weeks, _by_product(weeks, exact=exact).where(*in_span))
    else:
        per_week = summaries.only(
            weeks,
            select(weeks.c.product_id, *(func.sum(weeks.c[c]).label(c) for c in _KEPT))
            .where(*in_span)
            .group_by(weeks.c.product_id, weeks.c.week),
        )
        whole = _by_product(per_week.subquery(), exact=exact)
    return [whole, _by_product(cut.subquery(), exact=exact)]


def _ageing(engine: Engine, asked: dict[str, Any], last: date) -> Rows:
    """Each product's stock held, spread over what came in by age (one inflow of each age's
    total, dated at its oldest day: `aged` takes the ages newest first, as it takes inflows)."""
    oldest = [last - timedelta(days=most) for _, most in AGES]
    counted_from = datetime.combine(oldest[-1], time(), tzinfo=UTC)
    by_age = {**asked, "last": last, "counted_from": counted_from}
    levels, moved, worth, came_in = _read_at_once(
        engine,
        [*_held_reads(asked), (text(_CAME_BY_AGE), by_age)],
    )
    held = _Held(levels, moved, worth)
    kept = held.positive()
    came = {product: ages for product, *ages in came_in}
    nothing = [0] * len(AGES)
    ages = {
        product: aged(quantity, zip(oldest, came.get(product, nothing), strict=True), last)
        for product, quantity in kept.items()
    }
    return aged_rows(kept, ages, held.values(kept))


def _dead(
    engine: Engine, asked: dict[str, Any], last: date, stores: tuple[str, ...] | None
) -> Rows:
    """The products held and neither sold nor come in since the chain's dead-stock days."""
    levels, moved, worth, settings = _read_at_once(
        engine,
        [*_held_reads(asked), (text(_SETTINGS), {})],
    )
    since = last - timedelta(days=_dead_stock_days(dict(settings)))
    held = _Held(levels, moved, worth)
    kept = held.positive()
    daily = summaries_for(stores).products_by_day
    of_stores = "" if stores is None else "AND d.store_code = ANY(CAST(:stores AS text[]))"
    query = _LAST_DAYS.format(daily=daily.name, of_stores=of_stores)
    with engine.connect() as connection:
        found = connection.execute(text(query), {**asked, "held": list(kept), "last": last}).all()
    came: dict[Any, date] = {}
    sold: dict[Any, date] = {}
    for product, came_in, sold_on in found:
        if came_in is not None:
            came[product] = came_in.astimezone(UTC).date()
        if sold_on is not None:
            sold[product] = sold_on
    seen = [(p, q, sold.get(p), came.get(p)) for p, q in kept.items()]
    idle = idle_stock(seen, since)
    return dead_rows(idle, held.values({p: q for p, (q, _) in idle.items()}), last)


def _sell_through(
    engine: Engine,
    asked: dict[str, Any],
    first: date,
    last: date,
    stores: tuple[str, ...] | None,
) -> Rows:
    sold = products_over(first, last, summaries_for(stores))
    by_product = (
        select(cast(sold.c.product_id, String), func.sum(sold.c.quantity_milli))
        .where(sold.c.product_id != NOTHING)
        .group_by(sold.c.product_id)
    )
    levels, moved, sold_rows, received = _read_at_once(
        engine,
        [
            (text(_LEVELS), asked),
            (text(_MOVED_AFTER), asked),
            (by_product, {}),
            (text(_RECEIVED), asked),
        ],
    )
    return sell_through_rows(sold_rows, received, _Held(levels, moved, []).quantity)
