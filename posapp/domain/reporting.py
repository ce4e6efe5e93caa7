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

from posapp.domain.currency import minor_unit_exponent


class Source(Enum):
    """The summary a report reads."""

    PRODUCTS = "products"  # local day × product: lines, quantities, amounts, cost of goods
    TILLS = "tills"  # local day × hour × cashier × terminal: sales and returns counted
    TAXES = "taxes"  # local day × tax rate: the taxable amount and the tax
    TENDERS = "tenders"  # local day × tender: what was paid (and paid back) by cash, card…
    CUSTOMERS = "customers"  # local day × customer: their sales and returns counted


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
    RATE = "rate"  # a tax rate: its code and percentage
    TENDER = "tender"  # cash, card, account…
    CUSTOMER = "customer"  # the customer attached at the till; walk-in customers together

    @property
    def is_time(self) -> bool:
        return self in (Dimension.DAY, Dimension.WEEK, Dimension.MONTH)


class Kind(Enum):
    MONEY = "money"  # minor units
    QUANTITY = "quantity"  # thousandths
    COUNT = "count"
    PERCENT = "percent"  # one decimal place


@dataclass(frozen=True)
class Measure:
    """A column of a report. `column` is the summary column it sums; a measure without one is
    worked out from the summed columns of its row (`derive`), so totals derive the same way."""

    name: str
    title: str
    kind: Kind
    column: str | None = None


# What each summary sums (signed: a return's lines and totals are negative).
QUANTITY = Measure("quantity", "Quantity", Kind.QUANTITY, "quantity_milli")
NET = Measure("net", "Net sales", Kind.MONEY, "net_minor")
TAX = Measure("tax", "Tax", Kind.MONEY, "tax_minor")
GROSS = Measure("gross", "Gross sales", Kind.MONEY, "amount_minor")
DISCOUNT = Measure("discount", "Discounts", Kind.MONEY, "discount_minor")
RETURNED = Measure("returned", "Returned", Kind.MONEY, "returned_minor")
COST = Measure("cost", "Cost of goods", Kind.MONEY, "cost_minor")
COSTED = Measure("costed", "Quantity costed", Kind.QUANTITY, "costed_milli")
MARGIN = Measure("margin", "Margin", Kind.MONEY)
MARGIN_PERCENT = Measure("margin_percent", "Margin %", Kind.PERCENT)
RETURNS_RATE = Measure("returns_rate", "Returns %", Kind.PERCENT)
SALES = Measure("sales", "Sales", Kind.COUNT, "sales")
RETURNS = Measure("returns", "Returns", Kind.COUNT, "returns")
TILL_GROSS = Measure("gross", "Gross sales", Kind.MONEY, "total_minor")
TILL_NET = Measure("net", "Net sales", Kind.MONEY, "net_minor")
TILL_DISCOUNT = Measure("discount", "Discounts", Kind.MONEY, "discount_minor")
TILL_RETURNED = Measure("returned", "Returned", Kind.MONEY, "returned_minor")
AVERAGE_BASKET = Measure("average_basket", "Average basket", Kind.MONEY)
TAXED_LINES = Measure("lines", "Lines", Kind.COUNT, "lines")
TAXABLE = Measure("base", "Taxable amount", Kind.MONEY, "base_minor")
RATE_TAX = Measure("tax", "Tax", Kind.MONEY, "tax_minor")
PAYMENTS = Measure("payments", "Payments", Kind.COUNT, "payments")
PAID = Measure("paid", "Handed over", Kind.MONEY, "paid_minor")
PAID_BACK = Measure("paid_back", "Change and refunds", Kind.MONEY, "paid_back_minor")
TENDERED = Measure("net", "Net taken", Kind.MONEY, "amount_minor")

_PRODUCT_MEASURES = (
    QUANTITY,
    GROSS,
    DISCOUNT,
    NET,
    TAX,
    RETURNED,
    RETURNS_RATE,
    COST,
    MARGIN,
    MARGIN_PERCENT,
    COSTED,
)
_TILL_MEASURES = (
    SALES,
    RETURNS,
    TILL_GROSS,
    TILL_DISCOUNT,
    TILL_NET,
    TILL_RETURNED,
    AVERAGE_BASKET,
)


_TAX_MEASURES = (TAXED_LINES, TAXABLE, RATE_TAX)
_TENDER_MEASURES = (PAYMENTS, PAID, PAID_BACK, TENDERED)


@dataclass(frozen=True)
class ReportDefinition:
    name: str  # as typed: `posapp report sales-by-day`
    title: str
    source: Source
    dimension: Dimension
    measures: tuple[Measure, ...]
    # The measure rows are ordered by, largest first; None: by the dimension itself.
    ranked_by: str | None = None

    @property
    def charted(self) -> Measure:
        """The measure a chart of the report draws: what it ranks by, else its net sales,
        else its first amount."""
        names = {m.name: m for m in self.measures}
        return (
            names.get(self.ranked_by or "net")
            or names.get("net")
            or next(m for m in self.measures if m.kind is Kind.MONEY)
        )


def _products(dimension: Dimension, title: str, ranked: bool) -> ReportDefinition:
    name = f"sales-by-{dimension.value}"
    return ReportDefinition(
        name, title, Source.PRODUCTS, dimension, _PRODUCT_MEASURES, "net" if ranked else None
    )


def _tills(dimension: Dimension, title: str, ranked: bool) -> ReportDefinition:
    name = f"sales-by-{dimension.value}"
    return ReportDefinition(
        name, title, Source.TILLS, dimension, _TILL_MEASURES, "net" if ranked else None
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
        _tills(Dimension.HOUR, "Sales by hour of day", ranked=False),
        _tills(Dimension.WEEKDAY, "Sales by weekday", ranked=False),
        _tills(Dimension.CASHIER, "Sales by cashier", ranked=True),
        _tills(Dimension.TERMINAL, "Sales by terminal", ranked=True),
        ReportDefinition(
            "sales-by-customer",
            "Sales by customer",
            Source.CUSTOMERS,
            Dimension.CUSTOMER,
            _TILL_MEASURES,
            "net",
        ),
        ReportDefinition(
            "transactions-by-day",
            "Transactions by day",
            Source.TILLS,
            Dimension.DAY,
            _TILL_MEASURES,
        ),
        ReportDefinition(
            "tax-by-rate", "Tax by rate", Source.TAXES, Dimension.RATE, _TAX_MEASURES, "tax"
        ),
        ReportDefinition(
            "tax-by-month", "Tax by month", Source.TAXES, Dimension.MONTH, _TAX_MEASURES
        ),
        ReportDefinition(
            "tenders", "Tenders", Source.TENDERS, Dimension.TENDER, _TENDER_MEASURES, "net"
        ),
        ReportDefinition(
            "tenders-by-day", "Tenders by day", Source.TENDERS, Dimension.DAY, _TENDER_MEASURES
        ),
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


def measured(report: ReportDefinition, sums: dict[str, int]) -> dict[str, int | Decimal | None]:
    """A row's measures, by name, from its summed columns (a total's the same way): the margin
    is net sales less the cost of goods, its percentage of net sales; the returns rate is what
    came back as a share of what was sold; the average basket is a sale's total. A percentage
    or average of nothing is None."""
    values: dict[str, int | Decimal | None] = {}
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


Value = int | Decimal | None


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


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def time_label(dimension: Dimension, value: date | int) -> str:
    """How a day, week, month, hour or weekday is written in a report."""
    if isinstance(value, date):
        if dimension is Dimension.WEEK:
            year, week, _ = value.isocalendar()
            return f"{year}-W{week:02d}"
        if dimension is Dimension.MONTH:
            return value.strftime("%Y-%m")
        return value.isoformat()
    if dimension is Dimension.HOUR:
        return f"{value:02d}:00"
    return WEEKDAYS[value - 1]


DIMENSION_TITLES = {
    Dimension.DAY: "Day",
    Dimension.WEEK: "Week",
    Dimension.MONTH: "Month",
    Dimension.PRODUCT: "Product",
    Dimension.CATEGORY: "Category",
    Dimension.BRAND: "Brand",
    Dimension.HOUR: "Hour",
    Dimension.WEEKDAY: "Weekday",
    Dimension.CASHIER: "Cashier",
    Dimension.TERMINAL: "Terminal",
    Dimension.REGION: "Region",
    Dimension.RATE: "Tax rate",
    Dimension.TENDER: "Tender",
    Dimension.CUSTOMER: "Customer",
}


def number(measure: Measure, value: Value, currency: str) -> int | Decimal | None:
    """A measure's value as the number a person reads: money in the currency's units,
    quantities in units, counts whole, percentages as they are."""
    if value is None or measure.kind in (Kind.COUNT, Kind.PERCENT):
        return value
    exponent = minor_unit_exponent(currency) if measure.kind is Kind.MONEY else 3
    return Decimal(int(value)).scaleb(-exponent)


def shown(measure: Measure, value: Value, currency: str) -> str:
    """The value as text with its decimals: 1234.50, 2.5, 12, 31.4; blank for nothing."""
    found = number(measure, value, currency)
    if found is None:
        return ""
    if measure.kind is Kind.MONEY:
        return f"{found:.{minor_unit_exponent(currency)}f}"
    if measure.kind is Kind.QUANTITY:
        return _quantity(Decimal(found))
    return str(found)


def _quantity(value: Decimal) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text or "0"


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
