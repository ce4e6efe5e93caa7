"""The columns reports show (posapp.domain.reporting): what each sums from a summary or a
ledger, or works out from the sums of its row."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    MONEY = "money"  # minor units
    QUANTITY = "quantity"  # thousandths
    COUNT = "count"
    PERCENT = "percent"  # one decimal place
    TEXT = "text"  # a class: A, B, C; X, Y, Z


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

PRODUCT_MEASURES = (
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
TILL_MEASURES = (
    SALES,
    RETURNS,
    TILL_GROSS,
    TILL_DISCOUNT,
    TILL_NET,
    TILL_RETURNED,
    AVERAGE_BASKET,
)


TAX_MEASURES = (TAXED_LINES, TAXABLE, RATE_TAX)
TENDER_MEASURES = (PAYMENTS, PAID, PAID_BACK, TENDERED)


# Discounts and promotions given (by reason).
DISCOUNT_MEASURES = (
    Measure("lines", "Lines", Kind.COUNT, "lines"),
    QUANTITY,
    Measure("list", "At list price", Kind.MONEY, "list_minor"),
    Measure("price_off", "Special prices", Kind.MONEY, "price_off_minor"),
    Measure("line_discount", "Line discounts", Kind.MONEY, "line_discount_minor"),
    Measure("basket_discount", "Basket discounts", Kind.MONEY, "basket_discount_minor"),
    Measure("given", "Given", Kind.MONEY, "given_minor"),
    Measure("paid", "Paid", Kind.MONEY, "amount_minor"),
)

# Reports read from the ledgers rather than a summary: each row's values are worked out where
# it is read, under these names (a measure's column is the name its value is summed under).


def _ledger(name: str, title: str, kind: Kind) -> Measure:
    return Measure(name, title, kind, name)


CASH_MEASURES = (
    _ledger("shifts", "Shifts", Kind.COUNT),
    _ledger("float", "Opening float", Kind.MONEY),
    _ledger("cash_taken", "Cash taken", Kind.MONEY),
    _ledger("paid_in", "Paid in", Kind.MONEY),
    _ledger("paid_out", "Paid out", Kind.MONEY),
    _ledger("drops", "Drops to the safe", Kind.MONEY),
    _ledger("expected", "Expected", Kind.MONEY),
    _ledger("counted", "Counted", Kind.MONEY),
    _ledger("over_short", "Over / short", Kind.MONEY),
)
PURCHASE_MEASURES = (
    _ledger("receipts", "Receipts", Kind.COUNT),
    _ledger("quantity", "Quantity received", Kind.QUANTITY),
    _ledger("goods", "Goods", Kind.MONEY),
    _ledger("landed", "Freight and duty", Kind.MONEY),
    _ledger("returned", "Returned to supplier", Kind.MONEY),
    _ledger("net", "Net purchases", Kind.MONEY),
)
PAYABLE_MEASURES = (
    _ledger("not_due", "Not due", Kind.MONEY),
    _ledger("late_30", "1–30 days late", Kind.MONEY),
    _ledger("late_60", "31–60 days late", Kind.MONEY),
    _ledger("late_90", "61–90 days late", Kind.MONEY),
    _ledger("late_more", "Over 90 days late", Kind.MONEY),
    _ledger("no_due_date", "No due date", Kind.MONEY),
    _ledger("credit", "Credits", Kind.MONEY),
    _ledger("owed", "Owed", Kind.MONEY),
)
ON_HAND = _ledger("on_hand", "On hand", Kind.QUANTITY)
STOCK_VALUE = _ledger("value", "Value", Kind.MONEY)
CURRENT_VALUE = _ledger("value", "Value at today's cost", Kind.MONEY)
STOCK_MEASURES = (ON_HAND, STOCK_VALUE)
AGEING_MEASURES = (
    ON_HAND,
    _ledger("age_30", "Up to 30 days", Kind.QUANTITY),
    _ledger("age_60", "31–60 days", Kind.QUANTITY),
    _ledger("age_90", "61–90 days", Kind.QUANTITY),
    _ledger("age_180", "91–180 days", Kind.QUANTITY),
    _ledger("age_more", "Over 180 days", Kind.QUANTITY),
    CURRENT_VALUE,
)
DEAD_MEASURES = (
    ON_HAND,
    CURRENT_VALUE,
    _ledger("idle_days", "Days since last sale", Kind.COUNT),
)
SELL_THROUGH_MEASURES = (
    _ledger("sold", "Sold", Kind.QUANTITY),
    _ledger("received", "Received", Kind.QUANTITY),
    ON_HAND,
    Measure("sell_through", "Sell-through %", Kind.PERCENT),
)
CLASS_MEASURES = (
    QUANTITY,
    NET,
    Measure("margin", "Margin", Kind.MONEY, "margin"),
    Measure("share", "Share %", Kind.PERCENT),
    Measure("cumulative", "Cumulative %", Kind.PERCENT),
    Measure("abc", "ABC", Kind.TEXT),
    Measure("variation", "Variation", Kind.PERCENT),
    Measure("xyz", "XYZ", Kind.TEXT),
)
