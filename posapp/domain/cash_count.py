"""Counting a drawer by denomination: how many of each note and coin, and what that adds up to.

A count is typed by a person at the end of a long day; every entry is checked, and a wrong one
is named ("20.00: 'x' is not a number of notes") rather than guessed at."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from posapp.domain.errors import DomainError
from posapp.domain.money import Money

# Minor units, largest first. Other currencies fall back to these steps (1, 2, 5 series).
_SERIES = (50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1)
DENOMINATIONS: dict[str, tuple[int, ...]] = {
    "EUR": _SERIES,
    "GBP": (5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1),
    "USD": (10000, 5000, 2000, 1000, 500, 200, 100, 25, 10, 5, 1),
}


class InvalidCount(DomainError):
    pass


def denominations(currency: str) -> tuple[int, ...]:
    return DENOMINATIONS.get(currency, _SERIES)


@dataclass(frozen=True)
class CashCount:
    currency: str
    pieces: tuple[tuple[int, int], ...]  # (denomination in minor units, how many), largest first

    @property
    def total(self) -> Money:
        return Money(sum(value * count for value, count in self.pieces), self.currency)

    def as_dict(self) -> dict[str, int]:
        return {str(value): count for value, count in self.pieces if count}

    @classmethod
    def parse(cls, typed: Mapping[int, str], currency: str) -> CashCount:
        """`typed` maps each denomination (minor units) to what was typed for it; blank is 0."""
        allowed = set(denominations(currency))
        pieces = []
        for value, text in typed.items():
            label = str(Money(value, currency)).split()[0]
            if value not in allowed:
                raise InvalidCount(f"{label} is not a {currency} note or coin")
            text = text.strip()
            if not text:
                continue
            if not text.isdigit():
                raise InvalidCount(f"{label}: {text!r} is not a number of notes or coins")
            count = int(text)
            if count > 100_000:
                raise InvalidCount(f"{label}: {count} pieces is more than a drawer holds")
            pieces.append((value, count))
        return cls(currency, tuple(sorted(pieces, reverse=True)))


def count_of(amount: Money) -> CashCount:
    """`amount` as the fewest notes and coins (a float handed out, a simulated count)."""
    left = amount.minor
    pieces = []
    for value in denominations(amount.currency):
        pieces.append((value, left // value))
        left %= value
    return CashCount(amount.currency, tuple(p for p in pieces if p[1]))
