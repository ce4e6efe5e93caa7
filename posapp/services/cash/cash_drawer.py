"""Opening the drawer without a sale ("no sale"): allowed, but never silently. The reason and
the cashier go into the journal before the drawer opens."""

from __future__ import annotations

from typing import Any

from posapp.domain.basket import Basket
from posapp.domain.errors import DomainError
from posapp.domain.permissions import Permission
from posapp.services.people import Approval, require_permission
from posapp.services.shared import Clock, IdFactory, TillContext, UnitOfWork, journal_event

MIN_REASON_LENGTH = 3


class ReasonRequired(DomainError):
    def __init__(self) -> None:
        super().__init__(
            "opening the drawer without a sale needs a reason (e.g. 'change for a customer')"
        )


def record_no_sale(
    uow: UnitOfWork,
    *,
    reason: str,
    till: TillContext,
    clock: Clock,
    new_id: IdFactory,
    approval: Approval | None = None,
) -> None:
    """Journal a no-sale drawer opening; the caller kicks the drawer once this returns. A
    cashier whose role lacks `no_sale` needs a supervisor's approval (ApprovalRequired)."""
    approved = require_permission(
        till, Permission.NO_SALE, approval, what="opening the drawer without a sale"
    )
    reason = reason.strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ReasonRequired()
    payload = {
        "cashier_id": str(till.cashier_id),
        "reason": reason,
        "terminal_code": till.terminal_code,
    }
    if approved is not None:
        payload["approved_by"] = approved.supervisor_id
    record_event(uow, kind="no_sale", payload=payload, clock=clock, new_id=new_id)


def record_void(
    uow: UnitOfWork,
    *,
    basket: Basket,
    till: TillContext,
    clock: Clock,
    new_id: IdFactory,
    approval: Approval | None = None,
) -> None:
    """Journal a voided sale (its lines and total, for the Z report's void count). A cashier
    whose role lacks `void_sale` needs a supervisor's approval (ApprovalRequired)."""
    approved = require_permission(till, Permission.VOID_SALE, approval, what="voiding the sale")
    payload: dict[str, Any] = {
        "lines": len(basket.lines),
        "total": basket.totals().total.minor,
        "cashier": till.cashier_name,
        "terminal_code": till.terminal_code,
    }
    if approved is not None:
        payload["approved_by"] = approved.supervisor_id
    record_event(uow, kind="void", payload=payload, clock=clock, new_id=new_id)


def record_event(
    uow: UnitOfWork, *, kind: str, payload: dict[str, Any], clock: Clock, new_id: IdFactory
) -> None:
    """A sensitive event that is not a document (no sale, void), alone in its transaction."""
    with uow:
        journal_event(uow, kind, payload, at=clock.now(), new_id=new_id)
        uow.commit()
