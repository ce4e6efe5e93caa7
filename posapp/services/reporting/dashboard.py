"""The back office's first page: today's figures as tiles, net sales day by day over the last
30 days, and what sold most over them — read from the same summaries as the reports, so a tile
and the report behind it never disagree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from posapp.domain.actors import Actor
from posapp.domain.reporting import (
    Kind,
    ReportPage,
    ReportRow,
    Value,
    measured,
    report_named,
)
from posapp.services.reporting.reports import ReportStore, may_view_reports

TREND_DAYS = 30
TOP_ROWS = 5
STORES_COMPARED = 20  # at head office, the stores that sold most over the 30 days


class DashboardStore(ReportStore, Protocol):
    def stock_value_minor(self) -> int | None:
        """What the stock on hand is worth now, as costed so far (None: not kept here)."""
        ...

    def below_reorder_point(self) -> int | None:
        """Products and locations holding less than their reorder point (None: not kept
        here)."""
        ...


@dataclass(frozen=True)
class Tile:
    name: str
    title: str
    kind: Kind
    value: Value
    note: str = ""  # what the figure is beside: "today", "of net sales"


@dataclass(frozen=True)
class Dashboard:
    day: date
    tiles: tuple[Tile, ...]
    trend: tuple[ReportRow, ...]  # every day of the last 30, a day without sales at zero
    top_products: tuple[ReportRow, ...]
    top_categories: tuple[ReportRow, ...]
    cost_pending: bool  # some goods sold in the 30 days are not costed yet
    by_store: tuple[ReportRow, ...] = ()  # net sales of each store over the 30 days


def dashboard(store: DashboardStore, *, actor: Actor | None, today: date) -> Dashboard:
    """The tiles, trend and tops for someone allowed to see reports, as of the store's today."""
    may_view_reports(actor)
    store.fold()
    first = today - timedelta(days=TREND_DAYS - 1)
    days = _page(store, "sales-by-day", first, today, TREND_DAYS)
    tills = _page(store, "transactions-by-day", today, today, 1).total.values
    products = _page(store, "sales-by-product", first, today, TOP_ROWS)
    categories = _page(store, "sales-by-category", first, today, TOP_ROWS)
    stores = _page(store, "sales-by-store", first, today, STORES_COMPARED)
    by_day = {row.key: row for row in days.rows}
    trend = tuple(by_day.get(d.isoformat()) or _nothing(days, d) for d in _each_day(first, today))
    sold = trend[-1].values
    tiles = (
        Tile("net", "Net sales", Kind.MONEY, sold["net"], "today"),
        Tile("transactions", "Transactions", Kind.COUNT, tills["sales"], "today"),
        Tile("basket", "Average basket", Kind.MONEY, tills["average_basket"], "today"),
        Tile("margin", "Margin", Kind.MONEY, sold["margin"], _margin_note(sold)),
        Tile("returns", "Returns", Kind.MONEY, sold["returned"], "today"),
        _now("stock", "Stock value", Kind.MONEY, store.stock_value_minor()),
        _now("low", "Below reorder point", Kind.COUNT, store.below_reorder_point()),
    )
    return Dashboard(
        today, tiles, trend, products.rows, categories.rows, days.cost_pending, stores.rows
    )


def _now(name: str, title: str, kind: Kind, value: int | None) -> Tile:
    return Tile(name, title, kind, value, "now" if value is not None else "not kept here")


def _page(store: ReportStore, name: str, first: date, last: date, rows: int) -> ReportPage:
    return store.page(report_named(name), first, last, offset=0, limit=rows)


def _each_day(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _nothing(page: ReportPage, day: date) -> ReportRow:
    zeros = dict.fromkeys((m.column for m in page.report.measures if m.column is not None), 0)
    return ReportRow(day.isoformat(), day.isoformat(), measured(page.report, zeros))


def _margin_note(sold: dict[str, Value]) -> str:
    if sold.get("costed") != sold.get("quantity"):
        return "not final: some goods sold today are not costed yet"
    return _percent(sold["margin_percent"])


def _percent(value: Value) -> str:
    return "of net sales today" if value is None else f"{value} % of net sales today"
