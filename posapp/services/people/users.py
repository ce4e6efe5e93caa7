"""Adding users: a username, a name for receipts, a role, and a PIN for the till."""

from __future__ import annotations

import uuid

from posapp.domain.errors import DomainError
from posapp.domain.permissions import Permission
from posapp.domain.pins import hash_password, hash_pin, pin_matches
from posapp.domain.shop_setup import USERNAME
from posapp.services.people.pin_entry import WrongPin, count_wrong, refuse_if_locked
from posapp.services.people.shop_setup import refuse_taken_pin
from posapp.services.shared import (
    Clock,
    IdFactory,
    UnitOfWork,
    UserRecord,
    journal_event,
    queue_master_change,
)


def add_user(
    uow: UnitOfWork,
    *,
    username: str,
    display_name: str,
    role: str,
    pin: str,
    clock: Clock,
    new_id: IdFactory,
) -> None:
    """Create a user (journaled, without the PIN); a clear DomainError for anything refused."""
    username = username.strip().lower()
    if not USERNAME.fullmatch(username):
        raise DomainError(
            f"username {username!r}: 2–50 letters, digits, dots, dashes or underscores"
        )
    if not display_name.strip():
        raise DomainError("a user needs a name to show on receipts")
    pin_hash = hash_pin(pin)  # InvalidPin names the rule
    now = clock.now()
    with uow:
        if not uow.users.role_exists(role):
            raise DomainError(f"there is no role {role!r}")
        if uow.users.by_username(username) is not None:
            raise DomainError(f"username {username!r} is taken")
        refuse_taken_pin(uow.users.all(), pin)
        user_id = new_id()
        uow.users.add(
            user_id=user_id,
            username=username,
            display_name=display_name.strip(),
            role=role,
            pin_hash=pin_hash,
            at=now,
        )
        journal_event(
            uow,
            "user_added",
            {"user_id": str(user_id), "username": username, "role": role},
            at=now,
            new_id=new_id,
        )
        _queue_user(uow, user_id, clock, new_id)
        uow.commit()


def _queue_user(uow: UnitOfWork, user_id: uuid.UUID, clock: Clock, new_id: IdFactory) -> None:
    """Staff are chain-wide: a user added or changed here can sign in at every till, so the
    record (with the PIN and password hashes, never the secrets) travels through head office."""
    queue_master_change(
        uow,
        entity="user",
        key=str(user_id),
        record=uow.users.user_record(user_id),
        clock=clock,
        new_id=new_id,
    )


def list_users(uow: UnitOfWork) -> list[UserRecord]:
    with uow:
        return uow.users.all()


def change_role(
    uow: UnitOfWork,
    *,
    role: str,
    permissions: frozenset[str],
    by: str,
    clock: Clock,
    new_id: IdFactory,
) -> None:
    """Give `role` exactly these permissions (journaled: who changed what)."""
    unknown = permissions - {p.value for p in Permission}
    if unknown:
        raise DomainError(f"unknown permissions: {', '.join(sorted(unknown))}")
    now = clock.now()
    with uow:
        if not uow.users.role_exists(role):
            raise DomainError(f"there is no role {role!r}")
        uow.users.set_role_permissions(role, permissions, now)
        journal_event(
            uow,
            "role_changed",
            {"role": role, "permissions": sorted(permissions), "by": by},
            at=now,
            new_id=new_id,
        )
        queue_master_change(
            uow,
            entity="role",
            key=role,
            record=uow.users.role_record(role),
            clock=clock,
            new_id=new_id,
        )
        uow.commit()


def add_role(
    uow: UnitOfWork,
    *,
    code: str,
    name: str,
    permissions: frozenset[str] = frozenset(),
    by: str,
    clock: Clock,
    new_id: IdFactory,
) -> None:
    """A role of the shop's own (a production manager, a warehouse worker), with exactly these
    permissions (journaled; sent to every till like the built-in ones)."""
    code = code.strip().lower()
    if not USERNAME.fullmatch(code):
        raise DomainError(f"role code {code!r}: 2–50 letters, digits, dots, dashes or underscores")
    if not name.strip() or len(name.strip()) > 100:
        raise DomainError("a role needs a name of at most 100 characters")
    unknown = permissions - {p.value for p in Permission}
    if unknown:
        raise DomainError(f"unknown permissions: {', '.join(sorted(unknown))}")
    now = clock.now()
    with uow:
        if uow.users.role_exists(code):
            raise DomainError(f"there is a role {code!r} already")
        uow.users.add_role(code, name.strip(), permissions, now)
        journal_event(
            uow,
            "role_added",
            {"role": code, "name": name.strip(), "permissions": sorted(permissions), "by": by},
            at=now,
            new_id=new_id,
        )
        queue_master_change(
            uow,
            entity="role",
            key=code,
            record=uow.users.role_record(code),
            clock=clock,
            new_id=new_id,
        )
        uow.commit()


BACK_OFFICE = "back-office"  # where failed password sign-ins are counted (like a till's PINs)


def set_password(
    uow: UnitOfWork, *, username: str, password: str, clock: Clock, new_id: IdFactory
) -> None:
    password_hash = hash_password(password)  # InvalidPin names the rule
    now = clock.now()
    with uow:
        user = uow.users.by_username(username)
        if user is None:
            raise DomainError(f"there is no user {username!r}")
        uow.users.set_password(username, password_hash, now)
        journal_event(uow, "password_set", {"username": username}, at=now, new_id=new_id)
        _queue_user(uow, user.id, clock, new_id)
        uow.commit()


# Who may open the back office: a role with any of its work (a stock clerk receives goods there).
BACK_OFFICE_WORK = frozenset(
    {
        Permission.VIEW_REPORTS,
        Permission.MANAGE_USERS,
        Permission.MANAGE_CATALOGUE,
        Permission.RECEIVE_STOCK,
        Permission.ADJUST_STOCK,
    }
)


def back_office_sign_in(
    uow: UnitOfWork, *, username: str, password: str, clock: Clock
) -> UserRecord:
    """The user, if the password is theirs and their role may see the back office; otherwise a
    DomainError that does not say which of the two was wrong."""
    now = clock.now()
    with uow:
        refuse_if_locked(
            uow, BACK_OFFICE, now, "too many wrong passwords: signing in is locked for a while"
        )
        user = uow.users.by_username(username.strip().lower())
        if user is None or not pin_matches(user.password_hash, password):
            count_wrong(uow, BACK_OFFICE, now)
            raise WrongPin("that username and password do not match")
        uow.users.clear_pin_failures(BACK_OFFICE)
        uow.commit()
    if not BACK_OFFICE_WORK & user.permissions:
        raise DomainError(f"{user.display_name} may not use the back office")
    return user
