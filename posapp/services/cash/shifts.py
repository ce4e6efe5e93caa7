"""Shifts: the drawer from the opening float to the Z report.

Selling needs an open shift (the float was counted). Cash in, cash out and drops to the safe
are recorded with a reason. The X report shows the shift so far; the Z report closes it: the
cashier counts the drawer by denomination, the system shows over/short against what should be
there, and beyond the shop's tolerance a manager approves. Z reports are numbered per
terminal, written once, journaled, and printed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from posapp.domain.cash_count import CashCount
from posapp.domain.errors import DomainError
from posapp.domain.money import Money
from posapp.domain.payment import CASH
from posapp.domain.permissions import Permission
from posapp.services.people import Approval, require_permission, verified
from posapp.services.shared import (
    Clock,
    IdFactory,
    NoOpenShift,
    OpenShift,
    TillContext,
    UnitOfWork,
    canonical,
    journal_event,
)

CASH_MOVEMENT_KINDS = ("cash_in", "cash_out", "drop")


class ShiftAlreadyOpen(DomainError):
    pass


class OverShortNeedsApproval(DomainError):
    pass


@dataclass(frozen=True)
class ShiftReport:
    kind: str  # "X" (so far, nothing closes) or "Z" (the shift closed)
    number: int | None  # the Z number, per terminal
    payload: dict[str, Any]

    def json(self) -> str:
        return canonical(self.payload)


def require_open_shift(uow: UnitOfWork, till: TillContext) -> OpenShift:
    shift = uow.shifts.current(till.terminal_code, till.drawer)
    if shift is None:
        raise NoOpenShift()
    return shift


def open_shift(
    uow: UnitOfWork, *, count: CashCount, till: TillContext, clock: Clock, new_id: IdFactory
) -> OpenShift:
    now = clock.now()
    with uow:
        existing = uow.shifts.current(till.terminal_code, till.drawer)
        if existing is not None:
            raise ShiftAlreadyOpen(
                f"shift {existing.number} is already open (since "
                f"{existing.opened_at:%H:%M}, {existing.cashier_name}): close it first"
            )
        shift_id = new_id()
        number = uow.shifts.open(
            shift_id=shift_id,
            terminal_code=till.terminal_code,
            cashier_id=till.cashier_id,
            float_minor=count.total.minor,
            count=count.as_dict(),
            at=now,
            drawer=till.drawer,
        )
        journal_event(
            uow,
            "shift_open",
            {
                "id": str(shift_id),
                "shift": number,
                "terminal_code": till.terminal_code,
                "cashier": till.cashier_name,
                "float": count.total.minor,
                "count": count.as_dict(),
            },
            at=now,
            new_id=new_id,
        )
        uow.commit()
    return OpenShift(shift_id, number, till.cashier_name, now, count.total.minor)


def cash_movement(
    uow: UnitOfWork,
    *,
    kind: str,
    amount: Money,
    reason: str,
    till: TillContext,
    clock: Clock,
    new_id: IdFactory,
    approval: Approval | None = None,
) -> None:
    """Cash in, cash out or a drop, journaled. Cash out above the till's limit needs a cashier
    whose role allows it or a supervisor's approval (ApprovalRequired)."""
    if kind not in CASH_MOVEMENT_KINDS:
        raise DomainError(f"{kind!r} is not a cash movement ({', '.join(CASH_MOVEMENT_KINDS)})")
    if amount.minor <= 0:
        raise DomainError(f"a {kind.replace('_', ' ')} must be more than zero, got {amount}")
    if not reason.strip():
        raise DomainError(f"a {kind.replace('_', ' ')} needs a reason")
    if kind == "cash_out" and amount.minor > till.cash_out_limit_minor:
        limit = Money(till.cash_out_limit_minor, amount.currency)
        require_permission(
            till, Permission.CASH_OUT_ABOVE_LIMIT, approval, what=f"cash out above {limit}"
        )
    now = clock.now()
    with uow:
        shift = require_open_shift(uow, till)
        movement_id = new_id()
        uow.shifts.add_cash_movement(
            movement_id=movement_id,
            shift_id=shift.id,
            kind=kind,
            amount_minor=amount.minor,
            reason=reason.strip(),
            user_id=till.cashier_id,
            at=now,
        )
        journal_event(
            uow,
            kind,
            {
                "id": str(movement_id),
                "shift": shift.number,
                "amount": amount.minor,
                "reason": reason.strip(),
                "cashier": till.cashier_name,
                "terminal_code": till.terminal_code,
            },
            at=now,
            new_id=new_id,
        )
        uow.commit()


def _report(uow: UnitOfWork, shift: OpenShift, till: TillContext, now: datetime) -> dict[str, Any]:
    sums = uow.shifts.sums(shift.id)
    cash_tendered = dict(sums.by_tender).get(CASH, 0)
    paid_on_account = dict(sums.account_payments)
    expected = (
        shift.opening_float_minor
        + cash_tendered
        + paid_on_account.get(CASH, 0)
        + sums.cash_in_minor
        - sums.cash_out_minor
        - sums.drops_minor
    )
    events = uow.shifts.journal_counts_since(shift.opened_at, ("no_sale", "override", "void"))
    return {
        "terminal_code": till.terminal_code,
        "store": till.store_name,
        "currency": till.currency,
        "shift": shift.number,
        "opened_by": shift.cashier_name,
        "opened_at": shift.opened_at.isoformat(),
        "at": now.isoformat(),
        "sales": {"count": sums.sales[0], "total": sums.sales[1]},
        "returns": {"count": sums.returns[0], "total": sums.returns[1]},
        "net_total": sums.sales[1] + sums.returns[1],
        "discounts": sums.discounts_minor,
        "by_tender": dict(sums.by_tender),
        "account_payments": paid_on_account,
        "by_tax": [
            {"code": code, "ppm": ppm, "base": base, "tax": tax}
            for code, ppm, base, tax in sums.by_tax
        ],
        "by_cashier": [
            {"cashier": name, "documents": count, "total": total}
            for name, count, total in sums.by_cashier
        ],
        "cash": {
            "float": shift.opening_float_minor,
            "tendered": cash_tendered,
            "account_payments": paid_on_account.get(CASH, 0),
            "cash_in": sums.cash_in_minor,
            "cash_out": sums.cash_out_minor,
            "drops": sums.drops_minor,
            "expected": expected,
        },
        "no_sales": events.get("no_sale", 0),
        "overrides": events.get("override", 0),
        "voids": events.get("void", 0),
    }


def x_report(uow: UnitOfWork, *, till: TillContext, clock: Clock) -> ShiftReport:
    with uow:
        shift = require_open_shift(uow, till)
        return ShiftReport("X", None, _report(uow, shift, till, clock.now()))


def close_shift(
    uow: UnitOfWork,
    *,
    count: CashCount,
    till: TillContext,
    clock: Clock,
    new_id: IdFactory,
    tolerance: Money,
    approval: Approval | None = None,
) -> ShiftReport:
    """Close the open shift with the counted drawer and write its Z report; or
    OverShortNeedsApproval when the count is off by more than `tolerance` and no manager has
    approved it through `approve` (nothing is closed then). Beyond the tolerance the approval
    is always a second person's look at the money, even when a manager counts."""
    require_permission(till, Permission.CLOSE_SHIFT, None, what="closing the shift")
    approved_by = None
    if approval is not None and verified(approval, Permission.APPROVE_OVER_SHORT):
        approved_by = (uuid.UUID(approval.supervisor_id), approval.supervisor_name)
    now = clock.now()
    with uow:
        shift = require_open_shift(uow, till)
        payload = _report(uow, shift, till, now)
        counted = count.total.minor
        over_short = counted - payload["cash"]["expected"]
        if abs(over_short) > tolerance.minor and approved_by is None:
            raise OverShortNeedsApproval(
                f"the drawer is {_signed(over_short, till.currency)} against what it should "
                f"hold, beyond the {tolerance} tolerance: a manager must approve"
            )
        payload["cash"] |= {"counted": counted, "over_short": over_short, "count": count.as_dict()}
        payload["closed_by"] = till.cashier_name
        payload["approved_by"] = approved_by[1] if approved_by else None
        uow.shifts.close(
            shift_id=shift.id,
            count=count.as_dict(),
            counted_minor=counted,
            expected_minor=payload["cash"]["expected"],
            approved_by=approved_by[0] if approved_by else None,
            at=now,
        )
        number = uow.shifts.next_z_number(till.terminal_code)
        payload["z_number"] = number
        report = ShiftReport("Z", number, payload)
        uow.shifts.add_z_report(
            report_id=new_id(),
            terminal_code=till.terminal_code,
            number=number,
            shift_id=shift.id,
            payload=report.json(),
            at=now,
        )
        journal_event(uow, "z_report", payload, at=now, new_id=new_id)
        uow.commit()
    return report


def _signed(minor: int, currency: str) -> str:
    return ("+" if minor > 0 else "") + str(Money(minor, currency))
