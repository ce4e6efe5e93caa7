"""Customers with an account: a credit limit, and a balance that is the sum of their receivable
entries (sales on account − payments received). Selling on account beyond the limit is refused
unless a manager allows it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from posapp.domain.errors import DomainError
from posapp.domain.money import Money


@dataclass(frozen=True, slots=True)
class CustomerRef:
    """The customer attached to a basket: who, and the prices they get."""

    id: uuid.UUID
    code: str
    name: str
    price_group: str | None = None


class NoCreditAccount(DomainError):
    def __init__(self, name: str) -> None:
        super().__init__(f"{name} has no account: sales on account need a credit limit")
        self.name = name


class CreditLimitExceeded(DomainError):
    def __init__(self, name: str, limit: Money, balance: Money, amount: Money) -> None:
        super().__init__(
            f"{name}: {amount} on account would take the balance from {balance} to "
            f"{balance + amount}, over the credit limit of {limit}"
        )
        self.name, self.limit, self.balance, self.amount = name, limit, balance, amount


@dataclass(frozen=True, slots=True)
class CustomerAccount:
    ref: CustomerRef
    credit_limit: Money | None  # None: no account, cash customers only
    balance: Money  # what they owe now: Σ receivable entries

    @property
    def available(self) -> Money | None:
        if self.credit_limit is None:
            return None
        return self.credit_limit - self.balance

    def check_on_account(self, amount: Money, *, over_limit_allowed: bool = False) -> None:
        """Refuse a sale of `amount` on account that this customer may not have."""
        if self.credit_limit is None:
            raise NoCreditAccount(self.ref.name)
        if self.balance + amount > self.credit_limit and not over_limit_allowed:
            raise CreditLimitExceeded(self.ref.name, self.credit_limit, self.balance, amount)
