"""The report catalogue: every report a manager can open, defined once as what it groups by and
what it sums, so that a node's SQLite and head office's PostgreSQL answer it the same way (the
queries are built from these definitions in `db`).

Reports read summary tables, never the documents: sales by local day and product (what the lines
sold, their taxes and discounts, and what the goods cost), and sales by local day, hour, cashier
and terminal (how many sales and returns, and their totals). Days are calendar days in the
store's time zone; weeks are ISO weeks, Monday first; months are calendar months."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from posapp.domain.report_measures import (
    AGEING_MEASURES,
    CASH_MEASURES,
    CLASS_MEASURES,
    DEAD_MEASURES,
    DISCOUNT_MEASURES,
    PAYABLE_MEASURES,
    PRODUCT_MEASURES,
    PURCHASE_MEASURES,
    SELL_THROUGH_MEASURES,
    STOCK_MEASURES,
    TAX_MEASURES,
    TENDER_MEASURES,
    TILL_MEASURES,
)
from posapp.domain.report_measures import (
    NET as NET,
)
from posapp.domain.report_measures import (
    TILL_GROSS as TILL_GROSS,
)
from posapp.domain.report_measures import (
    Kind as Kind,
)
from posapp.domain.report_measures import (
    Measure as Measure,
)


class Source(Enum):
    """The summary a report reads, or the ledger it works its rows out from."""

    PRODUCTS = "products"  # local day × product: lines, quantities, amounts, cost of goods
    TILLS = "tills"  # local day × hour × cashier × terminal: sales and returns counted
    TAXES = "taxes"  # local day × tax rate: the taxable amount and the tax
    TENDERS = "tenders"  # local day × tender: what was paid (and paid back) by cash, card…
    CUSTOMERS = "customers"  # local day × customer: their sales and returns counted
    DISCOUNTS = "discounts"  # local day × reason: what discounts and special prices gave
    # Ledgers, read where a report opens (their rows are few, or the ledger is indexed for it):
    SHIFTS = "shifts"  # the Z reports: each closed shift's drawer
    PURCHASES = "purchases"  # goods receipts and returns to suppliers
    PAYABLES = "payables"  # what suppliers are owed, as of the span's last day
    STOCK = "stock"  # stock on hand and its value, as of the span's last day
    AGEING = "ageing"  # stock on hand by how long ago it came in
    DEAD = "dead"  # stock on hand not sold for a while
    SELL_THROUGH = "sell_through"  # what sold of what was there
    CLASSES = "classes"  # ABC by net sales or margin, XYZ by the variation of weekly demand

    @property
    def is_ledger(self) -> bool:
        return self not in SUMMARIES


SUMMARIES = frozenset(
    (
        Source.PRODUCTS,
        Source.TILLS,
        Source.TAXES,
        Source.TENDERS,
        Source.CUSTOMERS,
        Source.DISCOUNTS,
    )
)


class Dimension(Enum):
    """What a report's rows are."""

    DAY = "day"
    WEEK = "week"  # ISO week, named by its Monday
    MONTH = "month"  # named by its first day
    PRODUCT = "product"
    CATEGORY = "category"  # top-level categories, their subcategories rolled up into them
    BRAND = "brand"
    HOUR = "hour"
    WEEKDAY = "weekday"  # 1 = Monday … 7 = Sunday
    CASHIER = "cashier"
    TERMINAL = "terminal"
    REGION = "region"  # an imported document's; this store's own sales have none
    STORE = "store"  # at head office, each store; on a node, its own
    RATE = "rate"  # a tax rate: its code and percentage
    TENDER = "tender"  # cash, card, account…
    CUSTOMER = "customer"  # the customer attached at the till; walk-in customers together
    REASON = "reason"  # why a price was lowered: a promotion's name, a cashier's discount
    SHIFT = "shift"  # a closed shift, by its Z report
    SUPPLIER = "supplier"
    PLACE = "place"  # a product at a location

    @property
    def is_time(self) -> bool:
        return self in (Dimension.DAY, Dimension.WEEK, Dimension.MONTH)


@dataclass(frozen=True)
class ReportDefinition:
    name: str  # as typed: `posapp report sales-by-day`
    title: str
    source: Source
    dimension: Dimension
    measures: tuple[Measure, ...]
    # The measure rows are ordered by, largest first; None: by the dimension itself.
    ranked_by: str | None = None
    chart: str | None = None  # the measure charted, when not what it ranks by or net sales

    @property
    def charted(self) -> Measure:
        """The measure a chart of the report draws: what it ranks by, else its net sales,
        else its first amount."""
        names = {m.name: m for m in self.measures}
        return (
            names.get(self.chart or self.ranked_by or "net")
            or names.get("net")
            or next(m for m in self.measures if m.kind is Kind.MONEY)
        )


def _products(dimension: Dimension, title: str, ranked: bool) -> ReportDefinition:
    name = f"sales-by-{dimension.value}"
    return ReportDefinition(
        name, title, Source.PRODUCTS, dimension, PRODUCT_MEASURES, "net" if ranked else None
    )


def _tills(dimension: Dimension, title: str, ranked: bool) -> ReportDefinition:
    name = f"sales-by-{dimension.value}"
    return ReportDefinition(
        name, title, Source.TILLS, dimension, TILL_MEASURES, "net" if ranked else None
    )


# Ledger reports: as of the span's last day (stock, payables) or over the span.
LEDGER_REPORTS = (
    ReportDefinition(
        "cash-by-shift",
        "Cash reconciliation by shift (Z)",
        Source.SHIFTS,
        Dimension.SHIFT,
        CASH_MEASURES,
        chart="over_short",
    ),
    ReportDefinition(
        "cash-by-day",
        "Cash reconciliation by day",
        Source.SHIFTS,
        Dimension.DAY,
        CASH_MEASURES,
        chart="over_short",
    ),
    ReportDefinition(
        "purchases-by-supplier",
        "Purchases by supplier",
        Source.PURCHASES,
        Dimension.SUPPLIER,
        PURCHASE_MEASURES,
        "net",
    ),
    ReportDefinition(
        "payables-ageing",
        "Payables ageing",
        Source.PAYABLES,
        Dimension.SUPPLIER,
        PAYABLE_MEASURES,
        "owed",
    ),
    ReportDefinition(
        "stock-value",
        "Stock on hand and value",
        Source.STOCK,
        Dimension.PLACE,
        STOCK_MEASURES,
        "value",
    ),
    ReportDefinition(
        "stock-ageing", "Stock ageing", Source.AGEING, Dimension.PRODUCT, AGEING_MEASURES, "value"
    ),
    ReportDefinition(
        "dead-stock", "Dead stock", Source.DEAD, Dimension.PRODUCT, DEAD_MEASURES, "value"
    ),
    ReportDefinition(
        "sell-through",
        "Sell-through by product",
        Source.SELL_THROUGH,
        Dimension.PRODUCT,
        SELL_THROUGH_MEASURES,
        "sold",
    ),
    ReportDefinition(
        "abc-xyz", "ABC and XYZ classes", Source.CLASSES, Dimension.PRODUCT, CLASS_MEASURES, "net"
    ),
)

CATALOGUE: dict[str, ReportDefinition] = {
    report.name: report
    for report in (
        _products(Dimension.DAY, "Sales by day", ranked=False),
        _products(Dimension.WEEK, "Sales by week", ranked=False),
        _products(Dimension.MONTH, "Sales by month", ranked=False),
        _products(Dimension.PRODUCT, "Sales and margin by product", ranked=True),
        _products(Dimension.CATEGORY, "Sales and margin by category", ranked=True),
        _products(Dimension.BRAND, "Sales and margin by brand", ranked=True),
        _products(Dimension.REGION, "Sales and margin by region", ranked=True),
        _products(Dimension.STORE, "Sales and margin by store", ranked=True),
        _tills(Dimension.HOUR, "Sales by hour of day", ranked=False),
        _tills(Dimension.WEEKDAY, "Sales by weekday", ranked=False),
        _tills(Dimension.CASHIER, "Sales by cashier", ranked=True),
        _tills(Dimension.TERMINAL, "Sales by terminal", ranked=True),
        ReportDefinition(
            "sales-by-customer",
            "Sales by customer",
            Source.CUSTOMERS,
            Dimension.CUSTOMER,
            TILL_MEASURES,
            "net",
        ),
        ReportDefinition(
            "transactions-by-day",
            "Transactions by day",
            Source.TILLS,
            Dimension.DAY,
            TILL_MEASURES,
        ),
        ReportDefinition(
            "tax-by-rate", "Tax by rate", Source.TAXES, Dimension.RATE, TAX_MEASURES, "tax"
        ),
        ReportDefinition(
            "tax-by-month", "Tax by month", Source.TAXES, Dimension.MONTH, TAX_MEASURES
        ),
        ReportDefinition(
            "tenders", "Tenders", Source.TENDERS, Dimension.TENDER, TENDER_MEASURES, "net"
        ),
        ReportDefinition(
            "tenders-by-day", "Tenders by day", Source.TENDERS, Dimension.DAY, TENDER_MEASURES
        ),
        ReportDefinition(
            "discounts",
            "Discounts and promotions given",
            Source.DISCOUNTS,
            Dimension.REASON,
            DISCOUNT_MEASURES,
            "given",
        ),
        ReportDefinition(
            "discounts-by-day",
            "Discounts by day",
            Source.DISCOUNTS,
            Dimension.DAY,
            DISCOUNT_MEASURES,
        ),
        *LEDGER_REPORTS,
    )
}


class UnknownReport(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"no report is called {name!r}; the reports are: {', '.join(sorted(CATALOGUE))}"
        )


def report_named(name: str) -> ReportDefinition:
    found = CATALOGUE.get(name)
    if found is None:
        raise UnknownReport(name)
    return found


def week_of(day: date) -> date:
    """The Monday that starts the ISO week `day` is in."""
    return day - timedelta(days=day.isoweekday() - 1)


def month_of(day: date) -> date:
    return day.replace(day=1)


Value = int | Decimal | str | None  # a class (A, B, C) is text


def measured(report: ReportDefinition, sums: dict[str, int]) -> dict[str, Value]:
    """A row's measures, by name, from its summed columns (a total's the same way): the margin
    is net sales less the cost of goods, its percentage of net sales; the returns rate is what
    came back as a share of what was sold; the average basket is a sale's total. A percentage
    or average of nothing is None."""
    values: dict[str, Value] = {}
    for measure in report.measures:
        if measure.column is not None:
            values[measure.name] = sums[measure.column]
    if report.source is Source.PRODUCTS:
        margin = sums["net_minor"] - sums["cost_minor"]
        values["margin"] = margin
        values["margin_percent"] = _percent(margin, sums["net_minor"])
        sold = sums["amount_minor"] - sums["returned_minor"]
        values["returns_rate"] = _percent(-sums["returned_minor"], sold)
    elif report.source in (Source.TILLS, Source.CUSTOMERS):
        sold = sums["total_minor"] - sums["returned_minor"]
        values["average_basket"] = None if sums["sales"] == 0 else _half_up(sold, sums["sales"])
    return values


def _percent(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _half_up(amount: int, count: int) -> int:
    return int((Decimal(amount) / count).quantize(Decimal(1), ROUND_HALF_UP))


@dataclass(frozen=True)
class ReportRow:
    key: str  # what the row is, as a drill-down names it: a day, a product's id, an hour
    label: str  # what a person reads: "2026-W49", "SKU-1 Blue mug", "09:00"
    values: dict[str, Value]  # by measure name


@dataclass(frozen=True)
class ReportPage:
    """One page of a report over the days `first` … `last`, with the total of every row (not
    only this page's) and how many rows there are."""

    report: ReportDefinition
    first: date
    last: date
    rows: tuple[ReportRow, ...]
    total: ReportRow
    row_count: int
    offset: int

    @property
    def cost_pending(self) -> bool:
        """Some goods sold in the period are not costed yet: the margin is not final."""
        values = self.total.values
        return "costed" in values and values["costed"] != values["quantity"]


DRILL_MOST = 500  # documents listed behind a row: more than a person reads (one more is read
# to say there were more)


@dataclass(frozen=True)
class DocumentRow:
    """A sale or return behind a report's row, as a drill-down lists it."""

    number: str
    at: datetime  # in the store's time zone
    kind: str  # SALE or RETURN
    cashier: str
    total_minor: int
