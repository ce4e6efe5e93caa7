"""What a sale line gave away, for the report of discounts and promotions: the line at the
catalogue's list price, less what the customer paid, split into what a special price (a
promotion's or a price list's) took off and the line and basket discounts on top of it."""

from __future__ import annotations

from dataclasses import dataclass

CASHIER_DISCOUNT = "Cashier's discount"
BASKET_DISCOUNT = "Basket discount"
BELOW_LIST = "Below list price"  # a price typed at the till, or one with no reason kept


@dataclass(frozen=True)
class Given:
    reason: str
    quantity_milli: int
    list_minor: int  # the line at list price (negative on a return)
    price_off_minor: int  # list less the price charged before discounts
    line_discount_minor: int
    basket_discount_minor: int
    amount_minor: int  # what was paid

    @property
    def given_minor(self) -> int:
        return self.list_minor - self.amount_minor

    @property
    def sums(self) -> tuple[int, ...]:
        """In the order of the summary's columns (db.tables.reporting.DISCOUNT_SUMS)."""
        return (
            1,
            self.quantity_milli,
            self.list_minor,
            self.price_off_minor,
            self.line_discount_minor,
            self.basket_discount_minor,
            self.given_minor,
            self.amount_minor,
        )


def at_list_price(list_price_minor: int, quantity_milli: int) -> int:
    """A quantity (thousandths) at a unit price, rounded half away from zero to the minor unit,
    as a line's amount is."""
    product = list_price_minor * quantity_milli
    whole = (abs(product) + 500) // 1000
    return whole if product >= 0 else -whole


def given(
    *,
    list_price_minor: int,
    quantity_milli: int,
    amount_minor: int,
    line_discount_minor: int,
    basket_discount_minor: int,
    price_note: str | None,
) -> Given | None:
    """What the line gave and why; None for a line sold at its list price with no note."""
    listed = at_list_price(list_price_minor, quantity_milli)
    if listed == amount_minor and not price_note:
        return None
    discounts = line_discount_minor + basket_discount_minor
    reason = price_note or (
        CASHIER_DISCOUNT
        if line_discount_minor
        else BASKET_DISCOUNT
        if basket_discount_minor
        else BELOW_LIST
    )
    return Given(
        reason[:200],
        quantity_milli,
        listed,
        listed - amount_minor - discounts,
        line_discount_minor,
        basket_discount_minor,
        amount_minor,
    )
