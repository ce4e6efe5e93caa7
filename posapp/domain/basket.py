"""The basket: a sale being rung up. An immutable value — every change returns a new basket, so a
refused change (a quantity of -5, a discount over 100 %) leaves the basket exactly as it was.

Line amounts are in the basket's price mode (what the customer pays, with inclusive prices). The
basket discount is spread over lines by largest remainder, so lines always add up to the total.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from functools import cached_property

from posapp.domain.customers import CustomerRef
from posapp.domain.discount import Discount
from posapp.domain.errors import (
    AmountTooLarge,
    EmptyBasket,
    InvalidDiscount,
    ProductHasNoPrice,
    UnknownLine,
)
from posapp.domain.money import Money, largest_amount
from posapp.domain.numbers import MAX_AMOUNT_MINOR
from posapp.domain.permissions import Permission
from posapp.domain.pricing import (
    NO_RULES,
    ItemPricing,
    PriceSource,
    PricingContext,
    Promotion,
    UnitPrice,
    line_unit_price,
)
from posapp.domain.promotion_grouping import GroupingResult, PoolLine, grouping_discounts
from posapp.domain.quantity import Quantity, validate_item_quantity, validate_line_quantity
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
    pricing: ItemPricing = NO_RULES  # price lists and promotions that may apply to it


@dataclass(frozen=True, slots=True)
class BasketLine:
    line_id: uuid.UUID
    item: SellableItem
    quantity: Quantity
    unit_price: Money  # the catalogue price unless the cashier changed it
    discount: Discount | None = None

    @property
    def price_overridden(self) -> bool:
        return self.unit_price != self.item.price


@dataclass(frozen=True, slots=True)
class PricedLine:
    """A basket line with everything a receipt and the ledger need, to the minor unit."""

    line: BasketLine
    unit_price: Money  # what one unit is charged, after price lists and line promotions
    price_reason: str  # why that price ("VIP group", "3 for 2"); "" for the shelf price
    line_discount: Money  # the cashier's line discount plus any grouping promotion
    basket_discount: Money
    amount: Money  # after both discounts, in the basket's price mode
    tax: LineTax

    @property
    def gross(self) -> Money:
        return self.unit_price.multiply(self.line.quantity.value)


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
    pricing: PricingContext | None = None  # None: shelf prices only (no lists, no promotions)
    customer: CustomerRef | None = None  # attached at the till: their prices, their account

    # -- changes ------------------------------------------------------------------------------
    def add(self, item: SellableItem, quantity: Quantity, *, line_id: uuid.UUID) -> Basket:
        """Add `quantity` of `item`. Scanning a piece-priced product already in the basket adds
        to its line (one line per product reads better and prints shorter); weighed items and
        lines with a changed price or a discount get a line of their own."""
        validate_item_quantity(quantity, unit=item.unit, weighed=item.weighed, name=item.name)
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
        item = line.item
        checked = validate_item_quantity(
            quantity, unit=item.unit, weighed=item.weighed, name=item.name
        )
        return self._with_line(index, replace(line, quantity=checked))

    def override_price(self, line_id: uuid.UUID, price: Money) -> Basket:
        if price.minor < 0:
            raise InvalidDiscount(f"a price must not be negative, got {price}")
        index, line = self._find(line_id)
        return self._with_line(index, replace(line, unit_price=price))

    def discount_line(self, line_id: uuid.UUID, discount: Discount | None) -> Basket:
        index, line = self._find(line_id)
        return self._with_line(index, replace(line, discount=discount))

    def with_customer(self, customer: CustomerRef | None) -> Basket:
        """Attach (or detach) a customer: every line is priced again for their price group."""
        pricing = self.pricing
        if pricing is not None:
            pricing = replace(pricing, price_group=customer.price_group if customer else None)
        basket = replace(self, customer=customer, pricing=pricing)
        basket.totals()  # a fixed discount may no longer fit the lower prices: refused here
        return basket

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
        units = [self._unit_price(line) for line in self.lines]
        grouping = self._grouping(units)
        unit_prices = [Money(unit.minor, self.currency) for unit in units]
        gross = [
            price.multiply(line.quantity.value)
            for price, line in zip(unit_prices, self.lines, strict=True)
        ]
        line_off: list[Money] = []
        for line, amount, promotion_off in zip(self.lines, gross, grouping.discounts, strict=True):
            after_promotion = amount - Money(promotion_off, self.currency)
            manual = line.discount.amount_off(after_promotion) if line.discount else zero
            line_off.append(manual + Money(promotion_off, self.currency))
        after_line = [amount - off for amount, off in zip(gross, line_off, strict=True)]
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
        reasons = [
            ", ".join(part for part in (unit.reason, grouped) if part)
            for unit, grouped in zip(units, grouping.reasons, strict=True)
        ]
        priced = tuple(
            PricedLine(line, price, reason, off, share, amount, tax)
            for line, price, reason, off, share, amount, tax in zip(
                self.lines,
                unit_prices,
                reasons,
                line_off,
                shares,
                amounts,
                summary.lines,
                strict=True,
            )
        )
        subtotal = sum((amount.minor for amount in gross), 0)
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

    def _unit_price(self, line: BasketLine) -> UnitPrice:
        """The cashier's price if they changed it, else what the price lists and line
        promotions make of the shelf price on this basket's day, store and customer."""
        if line.price_overridden:
            return UnitPrice(line.unit_price.minor, PriceSource.MANUAL, "price changed")
        item = line.item
        if self.pricing is None or not (item.pricing.has_rules or item.price.is_zero()):
            return UnitPrice(item.price.minor, PriceSource.BASE, "")
        unit = line_unit_price(
            base_minor=item.price.minor,
            cost_minor=None if item.cost is None else item.cost.minor,
            pricing=item.pricing,
            quantity=line.quantity.value,
            context=self.pricing,
            mode=self.price_mode,
            rates=item.tax_rates,
        )
        if unit is None:
            raise ProductHasNoPrice(item.name)
        return unit

    def _grouping(self, units: list[UnitPrice]) -> GroupingResult:
        """Buy X get Y and multi-buys, over the whole units of the lines they cover. A line
        whose price the cashier changed, or that is weighed, takes no part."""
        context = self.pricing
        if context is None or not any(line.item.pricing.promotions for line in self.lines):
            return GroupingResult((0,) * len(self.lines), ("",) * len(self.lines))
        promotions: dict[str, Promotion] = {}
        pool: list[PoolLine] = []
        for line, unit in zip(self.lines, units, strict=True):
            covering: frozenset[str] = frozenset()
            if (
                context is not None
                and unit.source is not PriceSource.MANUAL
                and line.quantity.is_whole()
            ):
                active = [
                    promotion
                    for promotion in line.item.pricing.promotions
                    if promotion.kind.grouping and promotion.active(context.day, context.store)
                ]
                promotions.update((promotion.code, promotion) for promotion in active)
                covering = frozenset(promotion.code for promotion in active)
            whole = int(line.quantity.value) if covering else 0
            pool.append(PoolLine(unit.minor, whole, covering, line.item.tax_rates))
        return grouping_discounts(pool, promotions, self.price_mode)

    def sells_below_cost(self) -> bool:
        """Whether a line's amount, after every discount, is less than its cost × quantity."""
        return any(
            priced.line.item.cost is not None
            and priced.amount < priced.line.item.cost.multiply(priced.line.quantity.value)
            for priced in self.totals().lines
        )

    def approvals_needed(self, *, discount_limit_percent: int) -> frozenset[Permission]:
        """What the cashier's role must allow, or a supervisor approve, before this basket may
        be sold: a changed price, a discount above the shop's limit, a sale below cost."""
        needed = set()
        totals = self.totals()
        if any(line.price_overridden for line in self.lines):
            needed.add(Permission.PRICE_OVERRIDE)
        line_discounts = [(p.line.discount, p.gross) for p in totals.lines if p.line.discount]
        if self.discount is not None:
            line_discounts.append((self.discount, totals.subtotal))
        if any(
            discount.takes_more_than(discount_limit_percent, of=base)
            for discount, base in line_discounts
            if discount is not None
        ):
            needed.add(Permission.DISCOUNT_ABOVE_LIMIT)
        if self.sells_below_cost():
            needed.add(Permission.SALE_BELOW_COST)
        return frozenset(needed)

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
        document = 0
        for line in basket.lines:
            amount = line.unit_price.minor * line.quantity.thousandths // 1000
            if amount > MAX_AMOUNT_MINOR:
                raise AmountTooLarge(
                    f"{line.quantity} × {line.unit_price} of {line.item.name} is more than "
                    f"{largest_amount(basket.currency)}, the largest amount a line may have"
                )
            document += amount
        if document > MAX_AMOUNT_MINOR:
            raise AmountTooLarge(
                f"the sale would come to more than {largest_amount(basket.currency)}, "
                "the largest total a document may have"
            )
        if basket.discount is not None or any(line.discount for line in basket.lines):
            basket.totals()
        return basket
