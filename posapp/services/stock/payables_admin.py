"""What the back office's suppliers' accounts page reads and does: what each supplier is owed
as of a day and how late, a supplier's open orders and open bills, and paying them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class SupplierAccount:
    code: str
    name: str
    buckets: dict[str, int]  # domain.payables.BUCKETS → open amount (minor units)
    credit_minor: int
    total_minor: int


@dataclass(frozen=True)
class OpenOrder:
    number: str
    status: str
    ordered_at: datetime
    lines: int


@dataclass(frozen=True)
class OpenBill:
    number: str
    invoice: str
    billed_at: datetime
    due_at: datetime | None
    total_minor: int
    open_minor: int


class PayablesAdmin(Protocol):
    def currency(self) -> str:
        """The store's: every amount here is in it."""
        ...

    def accounts(self, *, as_of: datetime) -> list[SupplierAccount]: ...

    def open_orders(self, supplier_code: str) -> list[OpenOrder]: ...

    def open_bills(self, supplier_code: str) -> list[OpenBill]: ...

    def pay_from(self) -> list[str]:
        """The shop's accounts suppliers are paid from."""
        ...

    def pay(self, *, supplier_code: str, account: str, amount: str, bills: Sequence[str]) -> str:
        """The payment's number; the amount as typed in the shop's currency."""
        ...
