"""Discounts: a percentage or an amount off, validated where they are typed."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from posapp.domain.errors import InvalidDiscount
from posapp.domain.money import Money
from posapp.domain.numbers import parse_typed_decimal


class DiscountKind(Enum):
    PERCENT = "percent"
    AMOUNT = "amount"


@dataclass(frozen=True, slots=True)
class Discount:
    """`percent` % off, or `amount` off. Exactly one of them is set."""

    kind: DiscountKind
    percent: Decimal | None = None
    amount: Money | None = None

    def __post_init__(self) -> None:
        if self.kind is DiscountKind.PERCENT:
            if self.percent is None or not Decimal(0) < self.percent <= Decimal(100):
                raise InvalidDiscount(
                    f"a discount must be more than 0 % and at most 100 %, got {self.percent} %"
                )
        elif self.amount is None or self.amount.minor <= 0:
            raise InvalidDiscount(f"a discount amount must be more than 0, got {self.amount}")

    @classmethod
    def parse(cls, text: str, currency: str) -> Discount:
        """ "10%" or "10 %" is a percentage; "2.50" is an amount in `currency`."""
        typed = text.strip()
        if typed.endswith("%"):
            value = parse_typed_decimal(typed[:-1])
            if value is None:
                raise InvalidDiscount(f"{text!r} is not a percentage")
            return cls(DiscountKind.PERCENT, percent=value)
        try:
            return cls(DiscountKind.AMOUNT, amount=Money.parse(typed, currency))
        except InvalidDiscount:
            raise
        except ValueError:
            raise InvalidDiscount(f"{text!r} is not an amount or a percentage") from None

    def amount_off(self, base: Money) -> Money:
        """What this discount takes off `base`; never more than `base`."""
        if self.kind is DiscountKind.PERCENT:
            assert self.percent is not None
            return base.percentage(self.percent)
        assert self.amount is not None
        if self.amount > base:
            raise InvalidDiscount(f"a discount of {self.amount} is more than the {base} it is on")
        return self.amount

    def takes_more_than(self, percent: int, of: Money) -> bool:
        """Whether this discount takes more than `percent` % off `of` (a shop's limit). The limit
        is rounded as a percentage discount is: exactly the limit on 0.99 takes 0.20, not more."""
        return self.amount_off(of) > of.percentage(Decimal(percent))

    def __str__(self) -> str:
        if self.kind is DiscountKind.PERCENT:
            return f"{self.percent.normalize():f} %" if self.percent is not None else ""
        return str(self.amount)
