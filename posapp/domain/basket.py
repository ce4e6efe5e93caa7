"""The basket: a sale being rung up. An immutable value — every change returns a new basket, so a
refused change (a quantity of -5, a discount over 100 %) leaves the basket exactly as it was.

Line amounts are in the basket's price mode (what the customer pays, with inclusive prices). The
basket discount is spread over lines by largest remainder, so lines always add up to the total.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from functools import cached_property

from posapp.domain.discount import Discount
from posapp.domain.errors import EmptyBasket, InvalidDiscount, UnknownLine
from posapp.domain.money import Money
from posapp.domain.quantity import Quantity, validate_line_quantity
from posapp.domain.tax import LineTax, PriceMode, TaxableLine, TaxRate, TaxRounding, compute_tax


@dataclass(frozen=True, slots=True)
class SellableItem:
    """A product as the till sells it: what the catalogue said at the moment of the scan."""

    product_id: uuid.UUID
    sku: str
    name: str
    unit: str
    weighed: bool
    price: Money
    tax_rates: tuple[TaxRate, ...]
    cost: Money | None = None  # per unit, when known: a line sold below it needs a manager


@dataclass(frozen=True, slots=True)
class BasketLine:
    line_id: uuid.UUID
    item: SellableItem
    quantity: Quantity
    unit_price: Money  # the catalogue price unless overridden
    discount: Discount | None = None

    @property
    def price_overridden(self) -> bool:
        return self.unit_price != self.item.price

    @property
    def gross_before_discount(self) -> Money:
        return self.unit_price.multiply(self.quantity.value)

    @property
    def discount_amount(self) -> Money:
        if self.discount is None:
            return Money.zero(self.unit_price.currency)
        return self.discount.amount_off(self.gross_before_discount)

    @property
    def amount_after_line_discount(self) -> Money:
        return self.gross_before_discount - self.discount_amount


@dataclass(frozen=True, slots=True)
class PricedLine:
    """A basket line with everything a receipt and the ledger need, to the minor unit."""

    line: BasketLine
    line_discount: Money
    basket_discount: Money
    amount: Money  # after both discounts, in the basket's price mode
    tax: LineTax


@dataclass(frozen=True, slots=True)
class BasketTotals:
    lines: tuple[PricedLine, ...]
    subtotal: Money  # before any discount
    discount: Money  # line and basket discounts together
    net: Money
    tax: Money
    total: Money  # what the customer owes (gross)
    tax_by_rate: tuple[tuple[str, int, Money, Money], ...]  # code, ppm, base, tax


@dataclass(frozen=True)  # no slots: `_totals` is memoised in the instance dict
class Basket:
    currency: str
    price_mode: PriceMode = PriceMode.INCLUSIVE
    tax_rounding: TaxRounding = TaxRounding.PER_LINE
    lines: tuple[BasketLine, ...] = ()
    discount: Discount | None = None

    # -- changes ------------------------------------------------------------------------------
    def add(self, item: SellableItem, quantity: Quantity, *, line_id: uuid.UUID) -> Basket:
        """Add `quantity` of `item`. Scanning a piece-priced product already in the basket adds
        to its line (one line per product reads better and prints shorter); weighed items and
        lines with a changed price or a discount get a line of their own."""
        validate_line_quantity(quantity)
        for index, line in enumerate(self.lines):
            if (
                line.item.product_id == item.product_id
                and not item.weighed
                and not line.price_overridden
                and line.discount is None
                and line.item.price == item.price
            ):
                merged = replace(line, quantity=validate_line_quantity(line.quantity + quantity))
                return self._with_line(index, merged)
        new_line = BasketLine(line_id, item, quantity, item.price)
        return self._checked(replace(self, lines=(*self.lines, new_line)))

    def set_quantity(self, line_id: uuid.UUID, quantity: Quantity) -> Basket:
        index, line = self._find(line_id)
        return self._with_line(index, replace(line, quantity=validate_line_quantity(quantity)))

    def override_price(self, line_id: uuid.UUID, price: Money) -> Basket:
        if price.minor < 0:
            raise InvalidDiscount(f"a price must not be negative, got {price}")
        index, line = self._find(line_id)
        return self._with_line(index, replace(line, unit_price=price))

    def discount_line(self, line_id: uuid.UUID, discount: Discount | None) -> Basket:
        index, line = self._find(line_id)
        return self._with_line(index, replace(line, discount=discount))

    def discount_all(self, discount: Discount | None) -> Basket:
        return self._checked(replace(self, discount=discount))

    def remove(self, line_id: uuid.UUID) -> Basket:
        index, _ = self._find(line_id)
        return replace(self, lines=self.lines[:index] + self.lines[index + 1 :])

    def line(self, line_id: uuid.UUID) -> BasketLine:
        return self._find(line_id)[1]

    def is_empty(self) -> bool:
        return not self.lines

    # -- totals -------------------------------------------------------------------------------
    def totals(self) -> BasketTotals:
        """Everything priced, to the minor unit. Computed once per basket value: a basket never
        changes, so neither do its totals."""
        return self._totals

    @cached_property
    def _totals(self) -> BasketTotals:
        zero = Money.zero(self.currency)
        after_line = [line.amount_after_line_discount for line in self.lines]
        subtotal_after_lines = sum((amount.minor for amount in after_line), 0)
        basket_off = self._basket_discount(Money(subtotal_after_lines, self.currency))
        if basket_off.minor and subtotal_after_lines:
            shares = basket_off.allocate([amount.minor for amount in after_line])
        else:
            shares = [zero for _ in self.lines]
        amounts = [amount - share for amount, share in zip(after_line, shares, strict=True)]
        summary = compute_tax(
            [
                TaxableLine(amount, line.item.tax_rates)
                for amount, line in zip(amounts, self.lines, strict=True)
            ],
            mode=self.price_mode,
            rounding=self.tax_rounding,
            currency=self.currency,
        )
        priced = tuple(
            PricedLine(line, line.discount_amount, share, amount, tax)
            for line, share, amount, tax in zip(
                self.lines, shares, amounts, summary.lines, strict=True
            )
        )
        subtotal = sum((line.gross_before_discount.minor for line in self.lines), 0)
        discount = sum((p.line_discount.minor + p.basket_discount.minor for p in priced), 0)
        return BasketTotals(
            lines=priced,
            subtotal=Money(subtotal, self.currency),
            discount=Money(discount, self.currency),
            net=summary.net,
            tax=summary.tax,
            total=summary.gross,
            tax_by_rate=tuple((r.code, r.rate_ppm, r.base, r.tax) for r in summary.by_rate),
        )

    def sells_below_cost(self) -> bool:
        """Whether a line's amount, after every discount, is less than its cost × quantity."""
        return any(
            priced.line.item.cost is not None
            and priced.amount < priced.line.item.cost.multiply(priced.line.quantity.value)
            for priced in self.totals().lines
        )

    def require_lines(self) -> None:
        if not self.lines:
            raise EmptyBasket()

    # -- helpers ------------------------------------------------------------------------------
    def _basket_discount(self, base: Money) -> Money:
        if self.discount is None or base.minor <= 0:
            return Money.zero(self.currency)
        return self.discount.amount_off(base)

    def _find(self, line_id: uuid.UUID) -> tuple[int, BasketLine]:
        for index, line in enumerate(self.lines):
            if line.line_id == line_id:
                return index, line
        raise UnknownLine(line_id)

    def _with_line(self, index: int, line: BasketLine) -> Basket:
        lines = (*self.lines[:index], line, *self.lines[index + 1 :])
        return self._checked(replace(self, lines=lines))

    def _checked(self, basket: Basket) -> Basket:
        """The new basket if its totals can be computed — a fixed discount may no longer fit a
        smaller line — otherwise the error, and the caller keeps the old basket. Without
        discounts nothing can fail, and the totals wait until someone asks for them."""
        if basket.discount is not None or any(line.discount for line in basket.lines):
            basket.totals()
        return basket
