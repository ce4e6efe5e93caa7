"""Manager override: when the cashier's role lacks the right to do something at the till, a
supervisor types their PIN at the same till. Works offline, against the hashed PINs on the node.

The journal records the action, the reason, the cashier and the supervisor. Five wrong PINs
within five minutes lock supervisor approval at that till for five minutes; each failure is
kept in the store, so restarting the till does not reset the count."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta

from posapp.domain.errors import DomainError
from posapp.domain.pins import pin_matches
from posapp.services.ports import Clock, IdFactory, UnitOfWork
from posapp.services.till import TillContext

LOCK_AFTER_FAILURES = 5
LOCK_WINDOW = timedelta(minutes=5)


class WrongPin(DomainError):
    pass


class PinEntryLocked(DomainError):
    pass


@dataclass(frozen=True)
class Approval:
    action: str
    reason: str
    supervisor_id: str
    supervisor_name: str


def approve(
    uow: UnitOfWork,
    *,
    action: str,
    pin: str,
    reason: str,
    till: TillContext,
    clock: Clock,
    new_id: IdFactory,
) -> Approval:
    """A supervisor allowed to do `action` whose PIN is `pin`, journaled; or WrongPin /
    PinEntryLocked, saying what to do."""
    if not reason.strip():
        raise DomainError("choose a reason for the override")
    now = clock.now()
    with uow:
        failures = uow.users.pin_failures_since(till.terminal_code, now - LOCK_WINDOW)
        if failures >= LOCK_AFTER_FAILURES:
            raise PinEntryLocked(
                f"{failures} wrong PINs: supervisor approval is locked on this till for "
                f"{int(LOCK_WINDOW.total_seconds() // 60)} minutes"
            )
        supervisor = next(
            (u for u in uow.users.with_permission(action) if pin_matches(u.pin_hash, pin)), None
        )
        if supervisor is None:
            uow.users.record_pin_failure(till.terminal_code, now)
            uow.commit()
            left = LOCK_AFTER_FAILURES - failures - 1
            raise WrongPin(
                "that PIN is not a supervisor's who may approve this"
                + (f" ({left} tries left)" if left else " — approval is now locked for a while")
            )
        uow.users.clear_pin_failures(till.terminal_code)
        payload = json.dumps(
            {
                "action": action,
                "reason": reason.strip(),
                "cashier_id": str(till.cashier_id),
                "cashier": till.cashier_name,
                "supervisor_id": str(supervisor.id),
                "supervisor": supervisor.display_name,
                "terminal_code": till.terminal_code,
            },
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        )
        uow.journal.append(
            entry_id=new_id(), kind="override", document_id=None, payload=payload, at=now
        )
        uow.commit()
    return Approval(action, reason.strip(), str(supervisor.id), supervisor.display_name)
