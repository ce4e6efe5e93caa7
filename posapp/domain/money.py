"""Money: an exact amount in integer minor units of one currency.

Money never holds a float. `Decimal` appears only inside the named rounding steps below
(`from_decimal`, `multiply`, `percentage`) and in the tax module; everything else is integer
arithmetic on minor units.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from posapp.domain.currency import MINOR_UNIT_EXPONENTS, minor_unit_exponent
from posapp.domain.errors import AmountTooLarge, CurrencyMismatch, InvalidAmount
from posapp.domain.numbers import MAX_AMOUNT_MINOR, decimal_places, parse_typed_decimal

# Commercial rounding: half away from zero, what shoppers and tax offices expect on a receipt.
ROUNDING = ROUND_HALF_UP


# What most amounts look like as typed or imported: digits, then a point or comma and a few
# digits. Anything else (a sign, spaces, more decimals than the currency has) takes the long way.
_PLAIN_AMOUNT = re.compile(r"(\d{1,20})(?:[.,](\d{0,4}))?")


@dataclass(frozen=True, slots=True, order=False)
class Money:
    """An amount of `minor` units (cents, pence, fils) of `currency` (ISO 4217)."""

    minor: int
    currency: str

    def __post_init__(self) -> None:
        # Checked on every construction, so written for speed: a basket total makes hundreds.
        if type(self.minor) is not int:  # refuses bool and int subclasses too
            raise InvalidAmount(f"minor units must be an integer, got {self.minor!r}")
        if self.currency not in MINOR_UNIT_EXPONENTS:
            minor_unit_exponent(self.currency)  # raises UnknownCurrency naming the code

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(0, currency)

    @classmethod
    def from_decimal(cls, amount: Decimal, currency: str) -> Money:
        """Round a major-unit Decimal (12.345 EUR) to the currency's minor unit (1235 cents)."""
        exponent = minor_unit_exponent(currency)
        scaled = (amount * (Decimal(10) ** exponent)).quantize(Decimal(1), rounding=ROUNDING)
        return cls(int(scaled), currency)

    @classmethod
    def parse(cls, text: str, currency: str) -> Money:
        """Parse what a person typed ("12.50", "12,50", "-3") into Money, refusing anything else.

        Accepts one decimal separator (dot or comma) and no more decimals than the currency has.
        """
        plain = _PLAIN_AMOUNT.fullmatch(text)
        if plain is not None:  # "12.50": read with integers (an import reads a million prices)
            exponent = minor_unit_exponent(currency)
            whole, fraction = plain.group(1), plain.group(2) or ""
            if len(fraction) <= exponent:
                minor = int(whole) * 10**exponent + int(fraction.ljust(exponent, "0") or 0)
                if minor > MAX_AMOUNT_MINOR:
                    raise AmountTooLarge(
                        f"{text!r} is more than {largest_amount(currency)}, "
                        "the largest amount posapp takes"
                    )
                return cls(minor, currency)
        value = parse_typed_decimal(text)
        if value is None:
            raise InvalidAmount(f"{text!r} is not an amount")
        exponent = minor_unit_exponent(currency)
        if decimal_places(value) > exponent:
            raise InvalidAmount(f"{text!r} has more than {exponent} decimal places for {currency}")
        minor = int(value.scaleb(exponent))
        if abs(minor) > MAX_AMOUNT_MINOR:
            raise AmountTooLarge(
                f"{text!r} is more than {largest_amount(currency)}, the largest amount posapp takes"
            )
        return cls(minor, currency)

    # -- views --------------------------------------------------------------------------------
    @property
    def amount(self) -> Decimal:
        """The value in major units, exactly (for display and export, never for arithmetic)."""
        return Decimal(self.minor).scaleb(-minor_unit_exponent(self.currency))

    def __str__(self) -> str:
        exponent = minor_unit_exponent(self.currency)
        return f"{self.amount:.{exponent}f} {self.currency}"

    # -- arithmetic ---------------------------------------------------------------------------
    def _same(self, other: Money) -> None:
        if self.currency != other.currency:
            raise CurrencyMismatch(self.currency, other.currency)

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor + other.minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor - other.minor, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.minor, self.currency)

    def __abs__(self) -> Money:
        return Money(abs(self.minor), self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.minor < other.minor

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.minor <= other.minor

    def __gt__(self, other: Money) -> bool:
        self._same(other)
        return self.minor > other.minor

    def __ge__(self, other: Money) -> bool:
        self._same(other)
        return self.minor >= other.minor

    def is_zero(self) -> bool:
        return self.minor == 0

    def multiply(self, factor: Decimal) -> Money:
        """Rounding step: price × quantity or price × weight, rounded half-up to the minor unit."""
        product = (Decimal(self.minor) * factor).quantize(Decimal(1), rounding=ROUNDING)
        return Money(int(product), self.currency)

    def percentage(self, percent: Decimal) -> Money:
        """Rounding step: `percent` % of this amount (a 12.5 % discount is percent=12.5)."""
        return self.multiply(percent / Decimal(100))

    def allocate(self, weights: Sequence[int]) -> list[Money]:
        """Split this amount in proportion to `weights`, by largest remainder.

        The parts always sum to the whole; a leftover minor unit goes to the part whose exact
        share lost most to truncation (ties: the earlier part). Used to spread a basket discount
        over lines, so line totals and the document total always agree.
        """
        return [Money(share, self.currency) for share in allocate_minor(self.minor, weights)]


def allocate_minor(whole: int, weights: Sequence[int]) -> list[int]:
    """`Money.allocate` on bare minor units (the tax module splits a line's tax this way)."""
    if not weights:
        raise ValueError("allocate needs at least one weight")
    if any(w < 0 for w in weights):
        raise ValueError(f"allocation weights must not be negative: {list(weights)}")
    total_weight = sum(weights)
    if total_weight == 0:
        raise ValueError("allocation weights must not all be zero")
    sign = -1 if whole < 0 else 1
    magnitude = abs(whole)
    shares = [magnitude * w // total_weight for w in weights]
    leftover = magnitude - sum(shares)
    if leftover:
        remainders = [magnitude * w % total_weight for w in weights]
        by_remainder = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
        for index in by_remainder[:leftover]:
            shares[index] += 1
    return [sign * share for share in shares]


def sum_money(amounts: Iterable[Money], currency: str) -> Money:
    """Σ amounts, all in `currency`; the sum of nothing is zero in that currency."""
    total = Money.zero(currency)
    for amount in amounts:
        total = total + amount
    return total


def largest_amount(currency: str) -> str:
    """MAX_AMOUNT_MINOR written in `currency`: 10,000,000,000.00 EUR."""
    exponent = minor_unit_exponent(currency)
    return f"{Decimal(MAX_AMOUNT_MINOR).scaleb(-exponent):,.{exponent}f} {currency}"
