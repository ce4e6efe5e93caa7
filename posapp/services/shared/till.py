"""What a till is (store, terminal, location, cashier, pricing policies) and how a catalogue
product becomes something it can sell."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from posapp.domain.basket import Basket, SellableItem
from posapp.domain.catalogue import ProductRow
from posapp.domain.errors import DomainError, ProductHasNoPrice
from posapp.domain.payment import CashRounding
from posapp.domain.permissions import Permission
from posapp.domain.pricing import PricingContext
from posapp.domain.scan_codes import DEFAULT_WEIGHT_RULES, WeightRule
from posapp.domain.tax import PriceMode, TaxRate, TaxRounding


@dataclass(frozen=True)
class TillContext:
    store_id: uuid.UUID
    store_code: str
    store_name: str
    terminal_code: str
    location_id: uuid.UUID
    cashier_id: uuid.UUID
    cashier_name: str
    currency: str
    price_mode: PriceMode = PriceMode.INCLUSIVE
    tax_rounding: TaxRounding = TaxRounding.PER_LINE
    cash_rounding: CashRounding = field(default_factory=CashRounding)
    tax_rates: Mapping[str, tuple[TaxRate, ...]] = field(default_factory=dict)
    tender_kinds: tuple[str, ...] = ("cash", "card")
    weight_rules: tuple[WeightRule, ...] = DEFAULT_WEIGHT_RULES  # scale labels, 20–29
    cashier_permissions: frozenset[str] = frozenset(Permission)  # from the cashier's role
    discount_limit_percent: int = 20  # above this, a discount needs a supervisor
    cash_out_limit_minor: int = 5000  # above this, cash out needs a supervisor
    auto_lock_minutes: int = 5  # the till locks itself after this long unused (0: never)
    over_short_tolerance_minor: int = 500  # a Z count further off needs a manager
    blind_close: bool = True  # the Z count is typed before the expected amount is shown
    drawer_per_cashier: bool = False  # each cashier counts their own drawer (and own Z)
    receipt_header: tuple[str, ...] = ()  # address, VAT number: under the store name
    receipt_footer: tuple[str, ...] = ("Thank you for shopping with us",)
    time_zone: str = "UTC"  # the store's: receipts show its local time
    markup_percent: Decimal | None = None  # prices a product with none: cost + this %
    business_day: Callable[[], date] = date.today  # the day price lists and promotions go by

    @property
    def drawer(self) -> str:
        """The drawer this cashier sells from: the till's shared one ('') or their own."""
        return str(self.cashier_id) if self.drawer_per_cashier else ""

    def may(self, permission: str) -> bool:
        """Whether the signed-in cashier may do this without a supervisor."""
        return permission in self.cashier_permissions

    @property
    def series(self) -> str:
        """Receipt numbers are per store and terminal, so no two tills ever collide."""
        return f"{self.store_code}-{self.terminal_code}"

    def new_basket(self) -> Basket:
        return Basket(
            self.currency,
            price_mode=self.price_mode,
            tax_rounding=self.tax_rounding,
            pricing=PricingContext(day=self.business_day(), store=self.store_code),
        )

    def sellable(self, product: ProductRow) -> SellableItem:
        """The product as this till sells it, or why it cannot be sold here."""
        pricing = replace(product.pricing, markup_percent=self.markup_percent)
        marked_up = product.cost is not None and self.markup_percent is not None
        if product.price.is_zero() and not (marked_up or pricing.list_prices):
            # A zero price is a price nobody has set yet; selling it for nothing by accident is
            # worse than asking. Free items are given with a 100 % discount, which is journaled.
            # (Cost + markup, or a price list, may price it; the basket says if neither does.)
            raise ProductHasNoPrice(product.name)
        if product.price.currency != self.currency:
            raise DomainError(
                f"{product.name!r} is priced in {product.price.currency}, "
                f"this till sells in {self.currency}"
            )
        try:
            rates = self.tax_rates[product.tax_class_code]
        except KeyError:
            raise DomainError(
                f"{product.name!r} has the unknown tax class {product.tax_class_code!r}"
            ) from None
        return SellableItem(
            product.id,
            product.sku,
            product.name,
            product.unit,
            product.weighed,
            product.price,
            rates,
            product.cost,
            pricing,
        )
