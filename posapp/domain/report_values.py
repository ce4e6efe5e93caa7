"""How a report's rows and values are written for a person: days, weeks, hours and weekdays,
the dimensions' titles, and each measure's value as a number or text."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from posapp.domain.currency import minor_unit_exponent
from posapp.domain.reporting import Dimension, Kind, Measure, Value

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
    Dimension.STORE: "Store",
    Dimension.RATE: "Tax rate",
    Dimension.TENDER: "Tender",
    Dimension.CUSTOMER: "Customer",
    Dimension.REASON: "Reason",
    Dimension.SHIFT: "Shift (Z report)",
    Dimension.SUPPLIER: "Supplier",
    Dimension.PLACE: "Product and place",
}


def number(measure: Measure, value: Value, currency: str) -> Value:
    """A measure's value as the number a person reads: money in the currency's units,
    quantities in units, counts whole, percentages and classes as they are."""
    if value is None or isinstance(value, str) or measure.kind in (Kind.COUNT, Kind.PERCENT):
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
    if measure.kind is Kind.QUANTITY and not isinstance(found, str):
        return _quantity(Decimal(found))
    return str(found)


def _quantity(value: Decimal) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text or "0"
