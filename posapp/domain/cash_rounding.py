"""Cash rounding: where the smallest coins are out of circulation, cash totals round to a step."""

from __future__ import annotations

from dataclasses import dataclass

from posapp.domain.errors import DomainError
from posapp.domain.money import Money


@dataclass(frozen=True, slots=True)
class CashRounding:
    """Round cash amounts to a multiple of `step_minor` (5 = to 0.05), halves away from zero.

    A step of 1 means no cash rounding. Only cash-only payments are rounded; card payments are
    exact, so the policy is applied by checkout, not baked into prices.
    """

    step_minor: int = 1

    def __post_init__(self) -> None:
        if self.step_minor < 1:
            raise DomainError(f"cash rounding step must be at least 1, got {self.step_minor}")

    def apply(self, amount: Money) -> Money:
        step = self.step_minor
        magnitude = abs(amount.minor)
        lower = magnitude - magnitude % step
        rounded = lower + step if (magnitude - lower) * 2 >= step else lower
        return Money(rounded if amount.minor >= 0 else -rounded, amount.currency)

    def difference(self, amount: Money) -> Money:
        """What rounding adds to (positive) or takes from (negative) `amount`."""
        return self.apply(amount) - amount
