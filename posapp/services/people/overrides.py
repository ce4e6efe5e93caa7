"""Manager override: when the cashier's role lacks the right to do something at the till, a
supervisor types their PIN at the same till. Works offline, against the hashed PINs on the node.

The journal records the action, the reason, the cashier and the supervisor. Five wrong PINs
within five minutes lock supervisor approval at that till for five minutes; each failure is
kept in the store, so restarting the till does not reset the count."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from posapp.domain.errors import DomainError
from posapp.domain.pins import pin_matches
from posapp.services.people.pin_entry import (
    LOCK_AFTER_FAILURES,
    LOCK_WINDOW,
    WrongPin,
    count_wrong,
    refuse_if_locked,
)
from posapp.services.shared import Clock, IdFactory, TillContext, UnitOfWork, journal_event

# Only `approve` holds this: an Approval made anywhere else (a front end, a script, a test)
# carries none, and the use cases that need one refuse it.
_VERIFIED = object()


@dataclass(frozen=True)
class Approval:
    """A supervisor's approval of one action at this till, verified by `approve` (their PIN,
    their permission) and journaled there."""

    action: str
    reason: str
    supervisor_id: str
    supervisor_name: str
    seal: object = field(default=None, repr=False, compare=False)


class ApprovalRequired(DomainError):
    """The cashier's role may not do this alone, and no supervisor approved it."""

    def __init__(self, action: str, what: str) -> None:
        super().__init__(f"{what} needs a supervisor's approval ({action})")
        self.action = action


def verified(approval: Approval | None, action: str) -> bool:
    """Whether `approval` is a supervisor's approval of `action`, made by `approve`."""
    return approval is not None and approval.action == action and approval.seal is _VERIFIED


def permits(till: TillContext, action: str, approval: Approval | None) -> bool:
    """Whether `action` may be done at `till` now: the cashier's role allows it, or a supervisor
    approved this very action through `approve`."""
    return till.may(action) or verified(approval, action)


def approval_for(action: str, approvals: Sequence[Approval]) -> Approval | None:
    return next((approval for approval in approvals if approval.action == action), None)


def require_permission(
    till: TillContext, action: str, approval: Approval | None, *, what: str
) -> Approval | None:
    """The approval that allowed `action` (None when the cashier may do it themselves);
    ApprovalRequired otherwise. The use case decides, whoever calls it."""
    if not permits(till, action, approval):
        raise ApprovalRequired(action, what)
    return None if till.may(action) else approval


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
        failures = refuse_if_locked(
            uow,
            till.terminal_code,
            now,
            "{failures} wrong PINs: supervisor approval is locked on this till for "
            f"{int(LOCK_WINDOW.total_seconds() // 60)} minutes",
        )
        supervisor = next(
            (u for u in uow.users.with_permission(action) if pin_matches(u.pin_hash, pin)), None
        )
        if supervisor is None:
            count_wrong(uow, till.terminal_code, now)
            left = LOCK_AFTER_FAILURES - failures - 1
            raise WrongPin(
                "that PIN is not a supervisor's who may approve this"
                + (f" ({left} tries left)" if left else " — approval is now locked for a while")
            )
        uow.users.clear_pin_failures(till.terminal_code)
        journal_event(
            uow,
            "override",
            {
                "action": action,
                "reason": reason.strip(),
                "cashier_id": str(till.cashier_id),
                "cashier": till.cashier_name,
                "supervisor_id": str(supervisor.id),
                "supervisor": supervisor.display_name,
                "terminal_code": till.terminal_code,
            },
            at=now,
            new_id=new_id,
        )
        uow.commit()
    return Approval(
        action, reason.strip(), str(supervisor.id), supervisor.display_name, seal=_VERIFIED
    )
