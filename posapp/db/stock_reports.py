"""The stock reports of the catalogue, per product (posapp.domain.stock_classes does the
sums): stock ageing, dead stock, sell-through, and ABC/XYZ classes.

Stock on hand as of the span's last day is what is held now less what moved after that day;
its value is at today's cost (what costing holds of the product now, per unit held now), which
the column's title says. Goods that came in are receipts from suppliers and transfers in from
other stores: a customer's return or a count that found stock brings no new goods."""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Float,
    String,
    and_,
    cast,
    func,
    or_,
    select,
    text,
    type_coerce,
    union_all,
)

from posapp.db.report_queries import products_over
from posapp.db.report_span import Builder, Rows, Settings, Span
from posapp.db.tables import (
    product_values,
    sales_day_products,
    sales_week_products,
    stock_levels,
    stock_movements,
)
from posapp.db.tables.reporting import NOTHING
from posapp.db.types import sqlite_timestamp
from posapp.domain.reporting import ReportDefinition, ReportRow, Source, week_of
from posapp.domain.stock_classes import (
    abc_classes,
    aged,
    sell_through,
    variation_of,
    xyz_class,
)

_CAME_IN_SQL = text("reason IN ('RECEIPT', 'TRANSFER_IN') AND quantity_milli > 0")
_moves = stock_movements.c


def _held(connection: Connection, span: Span) -> dict[Any, int]:
    """Each product's stock on hand at the end of the span's last day (all its places)."""
    held: dict[Any, int] = defaultdict(int)
    now = select(stock_levels.c.product_id, func.sum(stock_levels.c.on_hand_milli)).group_by(
        stock_levels.c.product_id
    )
    for product, quantity in connection.execute(now):
        held[product] += int(quantity)
    after = (
        select(_moves.product_id, func.sum(_moves.quantity_milli))
        .where(_moves.business_at >= span.ends)
        .group_by(_moves.product_id)
    )
    for product, quantity in connection.execute(after):
        held[product] -= int(quantity)
    return held


def _valued(connection: Connection, held: dict[Any, int]) -> dict[Any, int]:
    """The quantities held, at today's cost of each product."""
    levels = select(stock_levels.c.product_id, func.sum(stock_levels.c.on_hand_milli)).group_by(
        stock_levels.c.product_id
    )
    now = {product: int(quantity) for product, quantity in connection.execute(levels)}
    worth = {product: int(value) for product, value in connection.execute(select(product_values))}
    return held_values(held, now, worth)


def held_values(
    held: Mapping[Any, int], now: Mapping[Any, int], worth: Mapping[Any, int]
) -> dict[Any, int]:
    """What the quantities `held` are worth at today's cost: each product's value now (`worth`)
    shared by what is held now (`now`), rounded half up to the minor unit."""
    values: dict[Any, int] = {}
    for product, value in worth.items():
        whole = now.get(product, 0)
        if whole > 0 and product in held:
            share = value * held[product]
            part, left = divmod(abs(share), whole)
            part += 2 * left >= whole  # half up: away from zero
            values[product] = part if share >= 0 else -part
    return values


def _came_in(span: Span) -> Any:
    """Goods that came in by the span's end; the condition written out as the partial index
    ix_stock_movements_came_in has it, so SQLite reads that index."""
    return and_(_CAME_IN_SQL, _moves.business_at < span.ends)


def _rows(rows: dict[Any, dict[str, Any]]) -> Rows:
    """Rows keyed by product, named later: only the page's rows are (db.ledger_reports)."""
    return [ReportRow(str(product), "", values) for product, values in rows.items()]


def _ageing(engine: Engine, report: ReportDefinition, span: Span, _: Settings) -> Rows:
    with engine.connect() as connection:
        held = {p: q for p, q in _held(connection, span).items() if q > 0}
        values = _valued(connection, held)
        inflows: dict[Any, list[tuple[date, int]]] = defaultdict(list)
        query = (
            select(_moves.product_id, _moves.business_at, _moves.quantity_milli)
            .where(_came_in(span))
            .order_by(_moves.product_id, _moves.business_at.desc(), _moves.seq.desc())
        )
        for product, at, quantity in connection.execute(query):
            if product in held:
                inflows[product].append((span.day_of(at), int(quantity)))
        return ageing_rows(held, inflows, values, span.last)


def ageing_rows(
    held: Mapping[Any, int],
    inflows: Mapping[Any, list[tuple[date, int]]],
    values: Mapping[Any, int],
    last: date,
) -> Rows:
    """Each product held, its quantity by how long ago it came in (its inflows newest first)."""
    ages = {
        product: aged(quantity, inflows.get(product, []), last)
        for product, quantity in held.items()
    }
    return aged_rows(held, ages, values)


def aged_rows(
    held: Mapping[Any, int], ages: Mapping[Any, dict[str, int]], values: Mapping[Any, int]
) -> Rows:
    """Each product held, with its quantity by age (stock_classes.aged's columns) and value."""
    rows = {
        product: {"on_hand": quantity, **ages[product], "value": values.get(product, 0)}
        for product, quantity in held.items()
    }
    return _rows(rows)


# A held product's last day with goods sold, and the last goods that came in: one lookup each
# in the partial indexes (migration 0032), whose conditions are written out for SQLite to see.
_LAST_SOLD_AND_CAME = text(
    """SELECT h.value,
    (SELECT max(d.day) FROM sales_day_products d
     WHERE d.product_id = h.value AND d.quantity_milli > 0 AND d.day <= :last),
    (SELECT max(m.business_at) FROM stock_movements m
     WHERE m.product_id = h.value AND m.reason IN ('RECEIPT', 'TRANSFER_IN')
       AND m.quantity_milli > 0 AND m.business_at < :ends)
FROM json_each(:held) h"""
)


def _dead(engine: Engine, report: ReportDefinition, span: Span, settings: Settings) -> Rows:
    """Stock held at the end of the span that has not sold for `reports.dead_stock_days` and
    has been here at least that long (goods received last week are not dead yet)."""
    since = span.last - timedelta(days=_whole(settings, "reports.dead_stock_days", 90))
    with engine.connect() as connection:
        held = {p.hex: q for p, q in _held(connection, span).items() if q > 0}
        asked = {
            "held": json.dumps(list(held)),
            "last": span.last.isoformat(),
            "ends": sqlite_timestamp(span.ends),
        }
        seen = [
            (
                uuid.UUID(product),
                held[product],
                None if sold is None else date.fromisoformat(sold),
                None if came is None else span.day_of(_stored(came)),
            )
            for product, sold, came in connection.execute(_LAST_SOLD_AND_CAME, asked)
        ]
        idle = idle_stock(seen, since)
        values = _valued(connection, {p: q for p, (q, _) in idle.items()})
    return dead_rows(idle, values, span.last)


def idle_stock(
    seen: Iterable[tuple[Any, int, date | None, date | None]], since: date
) -> dict[Any, tuple[int, date | None]]:
    """Of each held product (product, quantity, last day sold, last day goods came in), those
    neither sold nor come in after `since`: product → (quantity, last day sold)."""
    return {
        product: (quantity, sold)
        for product, quantity, sold, came in seen
        if (sold is None or sold <= since) and (came is None or came <= since)
    }


def dead_rows(
    idle: Mapping[Any, tuple[int, date | None]], values: Mapping[Any, int], last: date
) -> Rows:
    rows = {
        product: {
            "on_hand": quantity,
            "value": values.get(product, 0),
            "idle_days": None if sold is None else (last - sold).days,
        }
        for product, (quantity, sold) in idle.items()
    }
    return _rows(rows)


def _stored(value: str) -> datetime:
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def _sell_through(engine: Engine, report: ReportDefinition, span: Span, _: Settings) -> Rows:
    """Each product sold or received in the span: what sold (less returns), what came in, what
    was left at the end, and what sold as a share of what there was to sell."""
    sold = products_over(span.first, span.last)
    with engine.connect() as connection:
        held = _held(connection, span)
        sold_by_product = connection.execute(
            select(sold.c.product_id, func.sum(sold.c.quantity_milli))
            .where(sold.c.product_id != NOTHING)
            .group_by(sold.c.product_id)
        ).all()
        received = connection.execute(
            select(_moves.product_id, func.sum(_moves.quantity_milli))
            .where(_came_in(span), _moves.business_at >= span.starts)
            .group_by(_moves.product_id)
        ).all()
        return sell_through_rows(sold_by_product, received, held)


def sell_through_rows(
    sold: Iterable[Sequence[Any]], received: Iterable[Sequence[Any]], held: Mapping[Any, int]
) -> Rows:
    """Each product sold or received (product, quantity): what sold, came in and was left, and
    what sold of what there was to sell."""
    found: dict[Any, dict[str, Any]] = defaultdict(lambda: {"sold": 0, "received": 0})
    for product, quantity in sold:
        found[product]["sold"] += int(quantity)
    for product, quantity in received:
        found[product]["received"] += int(quantity)
    for product, values in found.items():
        values["on_hand"] = held.get(product, 0)
        values["sell_through"] = sell_through(values["sold"], values["on_hand"])
    return _rows(dict(found))


def _classes(engine: Engine, report: ReportDefinition, span: Span, settings: Settings) -> Rows:
    """ABC by net sales or margin (`reports.abc_measure`) and XYZ by weekly demand, over the
    products sold in the span: each product's weeks summed in SQL, and the squares of its weekly
    demand (exact up to some 90,000 units a week), so only a row per product leaves it."""
    weeks = (week_of(span.last) - week_of(span.first)).days // 7 + 1
    weekly = _weekly_facts(span)
    query = select(
        type_coerce(weekly.c.product_id, String),  # as stored: no id objects for every row
        func.sum(weekly.c.quantity_milli),
        func.total(cast(weekly.c.quantity_milli, Float) * weekly.c.quantity_milli),
        func.sum(weekly.c.net_minor),
        func.sum(weekly.c.cost_minor),
    ).group_by(weekly.c.product_id)
    with engine.connect() as connection:
        facts = connection.execute(query).all()
    return class_rows(facts, weeks, settings)


def class_rows(facts: Iterable[Sequence[Any]], weeks: int, settings: Settings) -> Rows:
    """ABC and XYZ classes of the products sold, from each product's facts over the span's
    `weeks` (product, quantity, the sum of its weekly quantities squared, net, cost)."""
    sums: dict[Any, dict[str, Any]] = {}
    squares: dict[Any, int] = {}
    for product, quantity, squared, net, cost in facts:
        sums[product] = {"quantity": int(quantity), "net": int(net), "margin": int(net - cost)}
        squares[product] = round(squared)
    measure = "margin" if settings.get("reports.abc_measure") == "margin" else "net"
    ranked = abc_classes(
        [(product, values[measure]) for product, values in sums.items()],
        _whole(settings, "reports.abc_a_percent", 80),
        _whole(settings, "reports.abc_b_percent", 15),
    )
    x = _whole(settings, "reports.xyz_x_percent", 50)
    y = _whole(settings, "reports.xyz_y_percent", 100)
    for product, values in sums.items():
        spread = variation_of(values["quantity"], squares[product], weeks)
        place = ranked[product]
        values.update(
            share=place.share,
            cumulative=place.cumulative,
            abc=place.abc,
            variation=spread,
            xyz=xyz_class(spread, x, y),
        )
    return _rows(sums)


def _weekly_facts(span: Span) -> Any:
    """The span's sales by ISO week and product, a row each: whole weeks inside it from the
    weekly summary, the days at its edges (the weeks the span cuts) from the daily one."""
    days, weeks = sales_day_products.c, sales_week_products.c
    first_week = week_of(span.first + timedelta(days=6))  # the first Monday on or after it
    last_week = week_of(span.last + timedelta(days=1)) - timedelta(days=7)  # ends by the last
    kept = ("quantity_milli", "net_minor", "cost_minor")
    week = func.date(days.day, "weekday 0", "-6 days")
    edges = (
        select(days.product_id, *(func.sum(days[c]).label(c) for c in kept))
        .where(days.day.between(span.first, span.last), days.product_id != NOTHING)
        .group_by(days.product_id, week)
    )
    if first_week > last_week:
        return edges.subquery()
    whole = select(weeks.product_id, *(weeks[c] for c in kept)).where(
        weeks.week.between(first_week, last_week), weeks.product_id != NOTHING
    )
    cut = edges.where(or_(days.day < first_week, days.day > last_week + timedelta(days=6)))
    return union_all(whole, cut).subquery()


def _whole(settings: Settings, key: str, default: int) -> int:
    value = settings.get(key, default)
    return value if isinstance(value, int) else default


STOCK_BUILDERS: dict[Source, Builder] = {
    Source.AGEING: _ageing,
    Source.DEAD: _dead,
    Source.SELL_THROUGH: _sell_through,
    Source.CLASSES: _classes,
}
