"""Which price a line gets, and why.

Precedence, first that applies wins: promotion → customer price group → quantity break → store
price → base price → cost + markup. A price list entry applies on a day inside its validity, to
the customer's group / the till's store, from its minimum quantity up; among several on the same
list kind the one with the highest minimum quantity (then the lowest price) wins.

A promotion and a customer price on the same line: the customer gets the better of the two,
unless the promotion *stacks* (then it is taken off the customer's price). A promotion never
raises a price: if its fixed price is above the regular one, the regular one stays. Together these
make adding a promotion unable to raise a basket's total — the property the tests check.

Line promotions (percent off, amount off, fixed price) change the unit price. Grouping
promotions (buy X get Y, N for a price) are worked out over the whole basket, in
`promotion_grouping`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from posapp.domain.errors import DomainError
from posapp.domain.tax import PriceMode, TaxRate

_PPM = 1_000_000


class PriceSource(Enum):
    PROMOTION = "promotion"
    CUSTOMER_GROUP = "customer_group"
    QUANTITY_BREAK = "quantity_break"
    STORE = "store"
    BASE = "base"
    COST_MARKUP = "cost_markup"
    MANUAL = "manual"  # the cashier changed it


class PriceListKind(Enum):
    CUSTOMER_GROUP = "customer_group"
    QUANTITY_BREAK = "quantity_break"
    STORE = "store"


# The order price lists are consulted in (promotions come before all of them).
LIST_PRECEDENCE = (PriceListKind.CUSTOMER_GROUP, PriceListKind.QUANTITY_BREAK, PriceListKind.STORE)
# A customer's group price and a quantity step price compete: the lower one applies.
_COMPETING = (PriceListKind.CUSTOMER_GROUP, PriceListKind.QUANTITY_BREAK)
_SOURCE_OF = {
    PriceListKind.CUSTOMER_GROUP: PriceSource.CUSTOMER_GROUP,
    PriceListKind.QUANTITY_BREAK: PriceSource.QUANTITY_BREAK,
    PriceListKind.STORE: PriceSource.STORE,
}


@dataclass(frozen=True, slots=True)
class Validity:
    """From `start` to `end`, both days included; an open end never ends."""

    start: date | None = None
    end: date | None = None

    def __post_init__(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise DomainError(f"valid to {self.end} is before valid from {self.start}")

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def overlaps(self, other: Validity) -> bool:
        starts_before_other_ends = (
            self.start is None or other.end is None or self.start <= other.end
        )
        ends_after_other_starts = self.end is None or other.start is None or other.start <= self.end
        return starts_before_other_ends and ends_after_other_starts

    def __str__(self) -> str:
        start = self.start.isoformat() if self.start else "always"
        end = self.end.isoformat() if self.end else "open"
        return f"{start} – {end}"


@dataclass(frozen=True)
class PriceListDraft:
    """A price list as its editor or file gives it, checked, before its SKUs are looked up."""

    code: str
    name: str
    kind: PriceListKind
    price_group: str | None
    store_code: str | None
    tax_inclusive: bool
    validity: Validity
    items: tuple[tuple[str, int, int], ...]  # sku, minimum quantity (thousandths), price
    holds_at_volume: bool = False  # the group's price even where a quantity break is lower


@dataclass(frozen=True, slots=True)
class ListPrice:
    """One product's price on one price list."""

    list_code: str
    list_name: str
    kind: PriceListKind
    price_minor: int
    tax_inclusive: bool
    validity: Validity = Validity()
    min_quantity: Decimal = Decimal(1)
    group: str | None = None  # the customer price group, on a customer-group list
    store: str | None = None  # the store code, on a store list
    holds_at_volume: bool = False  # a group price that a lower quantity break does not beat

    def __post_init__(self) -> None:
        if self.price_minor < 0:
            raise DomainError(f"price on list {self.list_code!r} must not be negative")
        if self.min_quantity <= 0:
            raise DomainError(f"minimum quantity on list {self.list_code!r} must be more than 0")

    def applies(self, day: date, store: str, group: str | None, quantity: Decimal) -> bool:
        if not self.validity.covers(day) or quantity < self.min_quantity:
            return False
        if self.kind is PriceListKind.CUSTOMER_GROUP:
            return group is not None and self.group == group
        if self.kind is PriceListKind.STORE:
            return self.store == store
        return True

    @property
    def reason(self) -> str:
        if self.min_quantity > 1:
            return f"{self.list_name} ({_plain(self.min_quantity)}+)"
        return self.list_name


class PromotionKind(Enum):
    PERCENT_OFF = "percent_off"
    AMOUNT_OFF = "amount_off"  # per unit
    FIXED_PRICE = "fixed_price"  # per unit
    BUY_X_GET_Y = "buy_x_get_y"  # in each X + Y units, the Y cheapest free
    MULTI_BUY = "multi_buy"  # N units for a bundle price

    @property
    def grouping(self) -> bool:
        return self in (PromotionKind.BUY_X_GET_Y, PromotionKind.MULTI_BUY)


@dataclass(frozen=True, slots=True)
class Promotion:
    """A promotion as the till applies it. Which products it covers (by product or category) is
    decided when an item is loaded: an item carries the promotions that cover it."""

    code: str
    name: str  # shown on the line: "Summer −10 %", "3 for 2"
    kind: PromotionKind
    validity: Validity = Validity()
    stores: frozenset[str] = frozenset()  # empty: every store
    percent: Decimal | None = None  # PERCENT_OFF
    amount_minor: int | None = None  # AMOUNT_OFF per unit, FIXED_PRICE, MULTI_BUY bundle price
    buy: int = 0  # BUY_X_GET_Y: X; MULTI_BUY: N
    free: int = 0  # BUY_X_GET_Y: Y
    tax_inclusive: bool = True  # what its amounts include
    stacks: bool = False  # taken off a customer group price, rather than competing with it

    def __post_init__(self) -> None:
        kind = self.kind
        if kind is PromotionKind.PERCENT_OFF and not (
            self.percent is not None and 0 < self.percent <= 100
        ):
            raise DomainError(f"promotion {self.code!r}: percent must be more than 0 and ≤ 100")
        if kind in (PromotionKind.AMOUNT_OFF, PromotionKind.MULTI_BUY) and not (
            self.amount_minor is not None and self.amount_minor > 0
        ):
            raise DomainError(f"promotion {self.code!r}: amount must be more than 0")
        if kind is PromotionKind.FIXED_PRICE and not (
            self.amount_minor is not None and self.amount_minor >= 0
        ):
            raise DomainError(f"promotion {self.code!r}: fixed price must not be negative")
        if kind is PromotionKind.BUY_X_GET_Y and not (self.buy >= 1 and self.free >= 1):
            raise DomainError(f"promotion {self.code!r}: buy and free must both be at least 1")
        if kind is PromotionKind.MULTI_BUY and self.buy < 2:
            raise DomainError(f"promotion {self.code!r}: a multi-buy needs at least 2 units")

    def active(self, day: date, store: str) -> bool:
        return self.validity.covers(day) and (not self.stores or store in self.stores)

    def unit_price(self, regular: int, *, to_mode: PriceMode, rates: Sequence[TaxRate]) -> int:
        """The unit price this line promotion makes of `regular`, never above it nor below 0."""
        if self.kind is PromotionKind.PERCENT_OFF:
            assert self.percent is not None
            off = int((Decimal(regular) * self.percent / 100).quantize(1, ROUND_HALF_UP))
            return max(regular - off, 0)
        assert self.amount_minor is not None
        amount = convert_price(self.amount_minor, self.tax_inclusive, to_mode, rates)
        if self.kind is PromotionKind.AMOUNT_OFF:
            return max(regular - amount, 0)
        return min(amount, regular)  # FIXED_PRICE


@dataclass(frozen=True, slots=True)
class ItemPricing:
    """Everything that may price one product, loaded with it when it is scanned."""

    list_prices: tuple[ListPrice, ...] = ()
    promotions: tuple[Promotion, ...] = ()  # those covering the product or its categories
    markup_percent: Decimal | None = None  # cost + this % when the product has no price

    @property
    def has_rules(self) -> bool:
        return bool(self.list_prices or self.promotions)


NO_RULES = ItemPricing()


@dataclass(frozen=True, slots=True)
class PricingContext:
    """Where and for whom a basket is priced."""

    day: date
    store: str
    price_group: str | None = None  # the attached customer's group


@dataclass(frozen=True, slots=True)
class UnitPrice:
    minor: int
    source: PriceSource
    reason: str  # why, as the till shows it on the line; "" for the base price


def convert_price(minor: int, inclusive: bool, to_mode: PriceMode, rates: Sequence[TaxRate]) -> int:
    """A price from a list in one tax mode, in the basket's mode: net = gross / (1 + Σ rates),
    rounded half up to the minor unit."""
    if inclusive == (to_mode is PriceMode.INCLUSIVE):
        return minor
    total_ppm = sum(rate.rate_ppm for rate in rates)
    if inclusive:  # gross → net
        exact = Decimal(minor) * _PPM / (_PPM + total_ppm)
    else:  # net → gross
        exact = Decimal(minor) * (_PPM + total_ppm) / _PPM
    return int(exact.quantize(1, ROUND_HALF_UP))


def regular_price(
    *,
    base_minor: int,
    cost_minor: int | None,
    pricing: ItemPricing,
    quantity: Decimal,
    context: PricingContext,
    mode: PriceMode,
    rates: Sequence[TaxRate],
    group: str | None,
) -> UnitPrice | None:
    """The price before promotions: the customer's group price or the quantity (step) price,
    whichever is lower — a VIP never pays more than a walk-in buying as many — else the store's
    list, else the base price, else cost + markup; None when there is none at all. The price
    says which rule set it."""
    found: list[UnitPrice] = []
    holding: UnitPrice | None = None  # a group price its list says holds at any volume
    for kind in LIST_PRECEDENCE:
        entries = [
            entry
            for entry in pricing.list_prices
            if entry.kind is kind and entry.applies(context.day, context.store, group, quantity)
        ]
        if entries:
            best = max(entries, key=lambda entry: (entry.min_quantity, -entry.price_minor))
            minor = convert_price(best.price_minor, best.tax_inclusive, mode, rates)
            found.append(UnitPrice(minor, _SOURCE_OF[kind], best.reason))
            if best.holds_at_volume and kind is PriceListKind.CUSTOMER_GROUP:
                holding = found[-1]
        if found and kind in _COMPETING[-1:]:
            break  # the store list only prices a line that neither a group nor a step does
    if holding is not None:
        return holding
    if found:
        return min(found, key=lambda price: price.minor)  # ties: the group price, listed first
    if base_minor > 0:
        return UnitPrice(base_minor, PriceSource.BASE, "")
    if cost_minor is not None and cost_minor > 0 and pricing.markup_percent is not None:
        exact = Decimal(cost_minor) * (100 + pricing.markup_percent) / 100
        minor = int(exact.quantize(1, ROUND_HALF_UP))
        return UnitPrice(
            minor, PriceSource.COST_MARKUP, f"cost + {_plain(pricing.markup_percent)} %"
        )
    return None


def line_unit_price(
    *,
    base_minor: int,
    cost_minor: int | None,
    pricing: ItemPricing,
    quantity: Decimal,
    context: PricingContext,
    mode: PriceMode,
    rates: Sequence[TaxRate],
) -> UnitPrice | None:
    """The unit price of a line, with its line promotions applied (grouping ones come later)."""

    def regular_for(group: str | None) -> UnitPrice | None:
        return regular_price(
            base_minor=base_minor,
            cost_minor=cost_minor,
            pricing=pricing,
            quantity=quantity,
            context=context,
            mode=mode,
            rates=rates,
            group=group,
        )

    regular = regular_for(context.price_group)
    if regular is None:
        return None
    promotions = [
        promotion
        for promotion in pricing.promotions
        if not promotion.kind.grouping and promotion.active(context.day, context.store)
    ]
    if not promotions:
        return regular
    # What the price would be without the customer's group: a non-stacking promotion competes
    # with the group price rather than being taken off it.
    without_group = regular
    if regular.source is PriceSource.CUSTOMER_GROUP:
        without_group = regular_for(None) or regular
    best = regular
    for promotion in promotions:
        basis = regular if promotion.stacks else without_group
        minor = promotion.unit_price(basis.minor, to_mode=mode, rates=rates)
        if minor < best.minor:
            best = UnitPrice(minor, PriceSource.PROMOTION, promotion.name)
    return best


def _plain(number: Decimal) -> str:
    """10, 2.5 — a quantity or percentage without trailing zeros."""
    return format(number.normalize(), "f")
