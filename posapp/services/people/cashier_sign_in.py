"""Who is at the till. A cashier signs in with their PIN (a fast switch between cashiers
sharing a till, and the way back in after the till locked itself); wrong PINs count towards
the same per-till lockout as supervisor approvals."""

from __future__ import annotations

from dataclasses import replace

from posapp.domain.pins import pin_matches
from posapp.services.people.pin_entry import WrongPin, count_wrong, refuse_if_locked
from posapp.services.shared import Clock, IdFactory, TillContext, UnitOfWork, journal_event


def sign_in(
    uow: UnitOfWork, *, pin: str, till: TillContext, clock: Clock, new_id: IdFactory
) -> TillContext:
    """The till as the user with this PIN sells on it (journaled), or WrongPin/PinEntryLocked."""
    now = clock.now()
    with uow:
        refuse_if_locked(
            uow, till.terminal_code, now, "{failures} wrong PINs: signing in is locked for a while"
        )
        user = next((u for u in uow.users.all() if pin_matches(u.pin_hash, pin)), None)
        if user is None:
            count_wrong(uow, till.terminal_code, now)
            raise WrongPin("no user has that PIN")
        uow.users.clear_pin_failures(till.terminal_code)
        journal_event(
            uow,
            "sign_in",
            {
                "user_id": str(user.id),
                "user": user.display_name,
                "terminal_code": till.terminal_code,
            },
            at=now,
            new_id=new_id,
        )
        uow.commit()
    return replace(
        till,
        cashier_id=user.id,
        cashier_name=user.display_name,
        cashier_permissions=user.permissions,
    )
