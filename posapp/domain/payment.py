"""Settling what is due with tenders: cash, card, and other kinds configured per shop, with cash
rounding where the smallest coins are out of circulation.

Invariant: Σ tenders = amount due (+ cash rounding), to the minor unit, always. Change given is
recorded as a negative cash tender, so the drawer's ledger is Σ cash tenders with no special case.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from posapp.domain.errors import DomainError, InsufficientPayment, InvalidTender
from posapp.domain.money import Money

CASH = "cash"
CARD = "card"
ACCOUNT = "account"  # on the customer's account: what they owe grows by it


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


@dataclass(frozen=True, slots=True)
class Tender:
    """`amount` paid by `kind` ("cash", "card", "voucher" …); negative when money goes back."""

    kind: str
    amount: Money
    reference: str | None = None

    @property
    def is_cash(self) -> bool:
        return self.kind == CASH


@dataclass(frozen=True, slots=True)
class Settlement:
    due: Money  # the document total
    rounding: Money  # cash rounding added to (or taken from) the total
    tenders: tuple[Tender, ...]  # as taken, then the change as a negative cash tender
    change: Money

    @property
    def paid(self) -> Money:
        return self.due + self.rounding


def settle(due: Money, tendered: Sequence[Tender], rounding: CashRounding) -> Settlement:
    """Check the tenders against `due` and work out change and cash rounding.

    Cash rounding applies only when everything is paid in cash (a card pays the exact amount).
    Only cash gives change: a card or voucher may not pay more than is left to pay.
    Refunds (due < 0) are settled the same way with negative tenders."""
    if not tendered:
        raise InsufficientPayment(f"no payment taken for {due}")
    sign = -1 if due.minor < 0 else 1
    for tender in tendered:
        if tender.amount.currency != due.currency:
            raise InvalidTender(
                f"{tender.kind} tender in {tender.amount.currency}, the sale is in {due.currency}"
            )
        if tender.amount.minor * sign <= 0:
            raise InvalidTender(f"{tender.kind} amount must be more than 0, got {tender.amount}")
    all_cash = all(t.is_cash for t in tendered)
    adjustment = rounding.difference(due) if all_cash else Money.zero(due.currency)
    payable = due + adjustment
    non_cash = sum(t.amount.minor for t in tendered if not t.is_cash)
    if non_cash * sign > payable.minor * sign:
        raise InvalidTender(
            f"card and other tenders ({Money(non_cash, due.currency)}) are more "
            f"than the {payable} to pay; only cash gives change"
        )
    taken = sum(t.amount.minor for t in tendered)
    if taken * sign < payable.minor * sign:
        missing = Money(payable.minor - taken, due.currency)
        raise InsufficientPayment(f"{abs(missing)} still to pay")
    change = Money(taken - payable.minor, due.currency)
    tenders = tuple(tendered)
    if change.minor:
        tenders = (*tenders, Tender(CASH, -change))
    return Settlement(due=due, rounding=adjustment, tenders=tenders, change=change)


def exact_cash(due: Money, rounding: CashRounding) -> Tender:
    """The cash tender that pays `due` exactly (F12), rounded when cash rounding is on."""
    return Tender(CASH, rounding.apply(due))
