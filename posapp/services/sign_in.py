"""Who is at the till. A cashier signs in with their PIN (a fast switch between cashiers
sharing a till, and the way back in after the till locked itself); wrong PINs count towards
the same per-till lockout as supervisor approvals."""

from __future__ import annotations

import json
from dataclasses import replace

from posapp.domain.pins import pin_matches
from posapp.services.overrides import LOCK_AFTER_FAILURES, LOCK_WINDOW, PinEntryLocked, WrongPin
from posapp.services.ports import Clock, IdFactory, UnitOfWork
from posapp.services.till import TillContext


def sign_in(
    uow: UnitOfWork, *, pin: str, till: TillContext, clock: Clock, new_id: IdFactory
) -> TillContext:
    """The till as the user with this PIN sells on it (journaled), or WrongPin/PinEntryLocked."""
    now = clock.now()
    with uow:
        failures = uow.users.pin_failures_since(till.terminal_code, now - LOCK_WINDOW)
        if failures >= LOCK_AFTER_FAILURES:
            raise PinEntryLocked(f"{failures} wrong PINs: signing in is locked for a while")
        user = next((u for u in uow.users.all() if pin_matches(u.pin_hash, pin)), None)
        if user is None:
            uow.users.record_pin_failure(till.terminal_code, now)
            uow.commit()
            raise WrongPin("no user has that PIN")
        uow.users.clear_pin_failures(till.terminal_code)
        payload = json.dumps(
            {
                "user_id": str(user.id),
                "user": user.display_name,
                "terminal_code": till.terminal_code,
            },
            sort_keys=True,
        )
        uow.journal.append(
            entry_id=new_id(), kind="sign_in", document_id=None, payload=payload, at=now
        )
        uow.commit()
    return replace(
        till,
        cashier_id=user.id,
        cashier_name=user.display_name,
        cashier_permissions=user.permissions,
    )
