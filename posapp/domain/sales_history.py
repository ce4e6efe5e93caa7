"""Past sales brought in from another system: a file of invoice lines read as published, through
a column mapping (which column is the invoice number, the date, the product code…), becomes
historical documents marked as imported. They count in reports (and forecasting later), never
in a Z, the journal chain, stock, receivables, tax or costing.

Amounts are kept as the file gives them, rounded half-up to the minor unit; a unit price is
derived from the line amount and quantity, never forced onto it. A cancellation is a credit
note: a line with a negative quantity, or an invoice number with the prefix the mapping names."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from posapp.domain.errors import DomainError

# What a mapping may name: the file's column for each.
FIELDS = (
    "invoice",
    "date",
    "product_code",
    "name",
    "quantity",
    "unit_price",
    "line_amount",
    "customer",
    "country",
    "region",
    "city",
    "cost",
    "profit",
    "category",
)
REQUIRED = ("invoice", "date", "product_code", "quantity")
DEFAULT_DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")
LONGEST_TEXT = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class MappingRefused(DomainError):
    """The column mapping cannot be used; the message names the key and why."""


@dataclass(frozen=True)
class HistoryMapping:
    columns: dict[str, str]  # field → the file's column
    date_formats: tuple[str, ...] = DEFAULT_DATE_FORMATS
    cancelled_prefix: str | None = None  # "C": an invoice numbered C… is a credit note
    not_goods: frozenset[str] = frozenset()  # codes that are not goods: postage, bank charges
    create_products: bool = False
    tax_class: str = "standard"  # of the products created from the file

    def column(self, field: str) -> str | None:
        return self.columns.get(field)


def mapping_from(record: Mapping[str, object]) -> HistoryMapping:
    """A mapping as written in a JSON file: {"columns": {field: column}, "date_formats": [...],
    "cancelled_prefix": "C", "not_goods": [...], "create_products": true, "tax_class": "…"}."""
    known = {
        "columns",
        "date_formats",
        "cancelled_prefix",
        "not_goods",
        "create_products",
        "tax_class",
    }
    unknown = sorted(set(record) - known)
    if unknown:
        raise MappingRefused(f"the mapping has {unknown[0]!r}; it may have {sorted(known)}")
    columns = record.get("columns")
    if not isinstance(columns, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in columns.items()
    ):
        raise MappingRefused("columns: a field → column name table is needed")
    for field in columns:
        if field not in FIELDS:
            raise MappingRefused(f"columns: {field!r} is not a field ({', '.join(FIELDS)})")
    for field in REQUIRED:
        if field not in columns:
            raise MappingRefused(f"columns: {field!r} must name a column")
    if "unit_price" not in columns and "line_amount" not in columns:
        raise MappingRefused("columns: either unit_price or line_amount must name a column")
    if "cost" in columns and "profit" in columns:
        raise MappingRefused("columns: cost or profit, not both: which counts would be a guess")
    formats = record.get("date_formats", list(DEFAULT_DATE_FORMATS))
    if not isinstance(formats, list) or not formats or not all(isinstance(f, str) for f in formats):
        raise MappingRefused('date_formats: a list of formats such as "%m/%d/%Y" is needed')
    prefix = record.get("cancelled_prefix")
    if prefix is not None and (not isinstance(prefix, str) or not prefix):
        raise MappingRefused("cancelled_prefix: the letters a credit note's number starts with")
    codes = record.get("not_goods", [])
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        raise MappingRefused("not_goods: a list of product codes that are not goods")
    return HistoryMapping(
        columns={k: v.strip() for k, v in columns.items()},
        date_formats=tuple(formats),
        cancelled_prefix=prefix,
        not_goods=frozenset(c.strip() for c in codes),
        create_products=bool(record.get("create_products", False)),
        tax_class=str(record.get("tax_class", "standard")),
    )


@dataclass(frozen=True)
class HistoryLine:
    """One line of the file, read: what a historical document's line keeps."""

    invoice: str
    day: date
    code: str
    name: str
    quantity_milli: int
    amount_minor: int
    unit_price_minor: int | None  # derived; None for a quantity of zero
    cost_minor: int | None
    customer: str
    country: str
    region: str
    city: str
    category: str
    goods: bool
    cancelled: bool  # part of a credit note


class LineRefused(DomainError):
    def __init__(self, field: str, value: str, reason: str) -> None:
        super().__init__(reason)
        self.field, self.value, self.reason = field, value, reason


class LineReader:
    """Reads a file's rows through one mapping: its columns looked up once, each date's text
    parsed once (an invoice's lines, and a day's invoices, share it)."""

    def __init__(self, mapping: HistoryMapping, exponent: int) -> None:
        self.mapping, self.exponent = mapping, exponent
        self.minor = Decimal(1).scaleb(-exponent)
        self._columns = {field: mapping.column(field) for field in FIELDS}
        self._days: dict[str, date] = {}

    def text(self, row: Mapping[str, str], field: str, required: bool = False) -> str:
        column = self._columns[field]
        value = "" if column is None else (row.get(column) or "").strip()
        if required and not value:
            raise LineRefused(field, value, "is empty")
        # isprintable() clears most values without the pattern (a control character is
        # never printable; a few other characters are not either, and the pattern decides).
        if len(value) > LONGEST_TEXT or (not value.isprintable() and _CONTROL.search(value)):
            raise LineRefused(
                field, value[:40], "is longer than 200 characters or holds control characters"
            )
        return value

    def day(self, text: str) -> date:
        found = self._days.get(text)
        if found is None:
            found = self._days[text] = _day(text, self.mapping.date_formats)
        return found

    def read(self, row: Mapping[str, str]) -> HistoryLine:
        """The row as a history line, or LineRefused naming the field, its value and why."""
        text, minor, exponent = self.text, self.minor, self.exponent
        invoice, code = text(row, "invoice", True), text(row, "product_code", True)
        quantity = _number("quantity", text(row, "quantity", True))
        if self._columns["line_amount"] is not None:
            amount = _money("line_amount", text(row, "line_amount", True), minor)
        else:
            price = _number("unit_price", text(row, "unit_price", True))
            amount = (price * quantity).quantize(minor, ROUND_HALF_UP)
        cost = self._cost(row, amount)
        prefix = self.mapping.cancelled_prefix
        return HistoryLine(
            invoice=invoice,
            day=self.day(text(row, "date", True)),
            code=code,
            name=text(row, "name") or code,
            quantity_milli=_whole_thousandths(quantity),
            amount_minor=int(amount.scaleb(exponent)),
            unit_price_minor=(
                None
                if quantity == 0
                else int((amount / quantity).quantize(minor, ROUND_HALF_UP).scaleb(exponent))
            ),
            cost_minor=None if cost is None else int(cost.scaleb(exponent)),
            customer=text(row, "customer"),
            country=text(row, "country"),
            region=text(row, "region"),
            city=text(row, "city"),
            category=text(row, "category"),
            goods=code not in self.mapping.not_goods,
            cancelled=quantity < 0 or (prefix is not None and invoice.startswith(prefix)),
        )

    def _cost(self, row: Mapping[str, str], amount: Decimal) -> Decimal | None:
        """The line's cost: given, or its amount less the profit given; None when neither."""
        if self._columns["profit"] is not None and (profit := self.text(row, "profit")):
            return amount - _money("profit", profit, self.minor)
        if self._columns["cost"] is not None and (cost := self.text(row, "cost")):
            return _money("cost", cost, self.minor)
        return None


# Amounts and quantities a till could hold: a file's 1e30 is a mistake, not a sale.
_LARGEST = Decimal(10) ** 12


def _number(field: str, value: str) -> Decimal:
    # "1,234.50" has thousands commas; "12,50" is a decimal comma, as spreadsheets write it.
    plain = value.replace(",", "") if "." in value else value.replace(",", ".")
    try:
        number = Decimal(plain)
    except InvalidOperation:
        raise LineRefused(field, value, "is not a number") from None
    if not number.is_finite() or abs(number) >= _LARGEST:
        raise LineRefused(field, value, "is not a number a shop could have sold")
    return number


def _money(field: str, value: str, minor: Decimal) -> Decimal:
    return _number(field, value).quantize(minor, ROUND_HALF_UP)


def _whole_thousandths(quantity: Decimal) -> int:
    thousandths = quantity.scaleb(3)
    if thousandths != thousandths.to_integral_value():
        raise LineRefused("quantity", str(quantity), "has more than three decimals")
    return int(thousandths)


def _day(value: str, formats: tuple[str, ...]) -> date:
    for form in formats:
        try:
            return datetime.strptime(value, form).date()  # noqa: DTZ007 - a calendar day, no zone
        except ValueError:
            continue
    raise LineRefused("date", value, f"is not a date written as {' or '.join(formats)}")
