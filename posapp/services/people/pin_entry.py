"""Counting wrong PINs and passwords, wherever they are typed: five within five minutes lock that
place (a till, the back office) for five minutes. Failures are stored, so a restart does not
reset the count."""

from __future__ import annotations

from datetime import datetime, timedelta

from posapp.domain.errors import DomainError
from posapp.services.shared import UnitOfWork

LOCK_AFTER_FAILURES = 5
LOCK_WINDOW = timedelta(minutes=5)


class WrongPin(DomainError):
    pass


class PinEntryLocked(DomainError):
    pass


def refuse_if_locked(uow: UnitOfWork, place: str, now: datetime, locked: str) -> int:
    """The failures counted at `place` so far; PinEntryLocked (`locked` says what) at the limit.
    `locked` may name the count as {failures}."""
    failures = uow.users.pin_failures_since(place, now - LOCK_WINDOW)
    if failures >= LOCK_AFTER_FAILURES:
        raise PinEntryLocked(locked.format(failures=failures))
    return failures


def count_wrong(uow: UnitOfWork, place: str, now: datetime) -> None:
    """Keep this failure even though the caller then refuses: committed here."""
    uow.users.record_pin_failure(place, now)
    uow.commit()
