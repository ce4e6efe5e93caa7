"""What a store owes its suppliers: a bill's totals with purchase tax by rate, the tolerances a
bill is matched to what was received within, and the ageing of what is still open as of a day."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from posapp.domain.errors import DomainError

# Ageing buckets, by days past due on the day asked about.
BUCKETS = ("not due", "1-30", "31-60", "61-90", "over 90", "no due date")


class BillRefused(DomainError):
    """A bill or a payment that cannot be: nothing was written."""


@dataclass(frozen=True)
class BillLine:
    quantity_milli: int
    unit_price_minor: int
    tax_rate_ppm: int


def line_net(line: BillLine) -> int:
    """quantity × price, to the minor unit, half away from zero."""
    return _rounded(line.quantity_milli * line.unit_price_minor, 1000)


def bill_totals(lines: Iterable[BillLine]) -> tuple[int, dict[int, int], int]:
    """(net, tax by rate, total): tax is reckoned on each rate's net, rounded once per rate,
    as an invoice prints it."""
    by_rate: dict[int, int] = {}
    for line in lines:
        by_rate[line.tax_rate_ppm] = by_rate.get(line.tax_rate_ppm, 0) + line_net(line)
    taxes = {rate: _rounded(net * rate, 1_000_000) for rate, net in by_rate.items()}
    net = sum(by_rate.values())
    return net, taxes, net + sum(taxes.values())


def _rounded(numerator: int, denominator: int) -> int:
    quotient, remainder = divmod(abs(numerator), denominator)
    if remainder * 2 >= denominator:
        quotient += 1
    return quotient if numerator >= 0 else -quotient


def check_quantity(
    line_no: int, billed_milli: int, received_milli: int, tolerance_percent: int
) -> None:
    """A receipt line billed (by this bill and those before) beyond what came plus the
    tolerance is refused."""
    if billed_milli * 100 > received_milli * (100 + tolerance_percent):
        raise BillRefused(
            f"line {line_no}: bills {billed_milli / 1000:g} of a receipt line that brought "
            f"{received_milli / 1000:g} (tolerance {tolerance_percent} %)"
        )


def check_price(
    line_no: int, billed_minor: int, received_minor: int, tolerance_percent: int
) -> None:
    """A price that differs from the receipt's cost by more than the tolerance is refused; one
    within it is accepted (the difference stays on the bill line, for costing)."""
    if abs(billed_minor - received_minor) * 100 > received_minor * tolerance_percent:
        raise BillRefused(
            f"line {line_no}: price {billed_minor} differs from the receipt's {received_minor} "
            f"by more than {tolerance_percent} %"
        )


@dataclass(frozen=True)
class OpenBill:
    id: uuid.UUID
    number: str
    supplier_id: uuid.UUID
    business_at: datetime
    due_at: datetime | None
    total_minor: int
    paid_minor: int  # by payments made by the day asked about


@dataclass(frozen=True)
class Payment:
    """A payment to a supplier from one of the shop's accounts, and the bills it pays."""

    id: uuid.UUID
    number: str
    supplier_id: uuid.UUID
    account: str
    amount_minor: int
    paid_at: datetime
    reference: str | None
    by: str
    allocations: list[tuple[uuid.UUID, int]]  # (bill, amount)


def bucket(due_at: datetime | None, as_of: datetime) -> str:
    """The ageing bucket of an amount due at `due_at`, on the day `as_of`."""
    if due_at is None:
        return "no due date"
    late = (as_of.date() - due_at.date()).days
    if late <= 0:
        return "not due"
    if late <= 30:
        return "1-30"
    if late <= 60:
        return "31-60"
    if late <= 90:
        return "61-90"
    return "over 90"
