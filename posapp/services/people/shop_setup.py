"""Setting up a shop's first administrator, and giving an existing one the password and PIN that
installs made before setup existed left out. Nobody uses the till or back office of a store whose
administrator has neither: the first start asks for both before anything else."""

from __future__ import annotations

from dataclasses import dataclass

from posapp.domain.errors import DomainError
from posapp.domain.pins import hash_password, hash_pin, pin_matches
from posapp.domain.shop_setup import Administrator
from posapp.services.shared import (
    Clock,
    IdFactory,
    UnitOfWork,
    UserRecord,
    journal_event,
    queue_master_change,
)

ADMINISTRATOR = "administrator"


@dataclass(frozen=True)
class HashedAdministrator:
    """An administrator's answers with the secrets replaced by their scrypt hashes."""

    username: str
    display_name: str
    pin_hash: str
    password_hash: str


def hashed(admin: Administrator) -> HashedAdministrator:
    return HashedAdministrator(
        username=admin.username,
        display_name=admin.name.strip(),
        pin_hash=hash_pin(admin.pin),
        password_hash=hash_password(admin.password),
    )


def without_credentials(uow: UnitOfWork) -> list[UserRecord]:
    """Administrators who lack a password or a PIN (none, once the shop is set up)."""
    with uow:
        return [
            user
            for user in uow.users.all()
            if user.role == ADMINISTRATOR and not (user.pin_hash and user.password_hash)
        ]


def refuse_taken_pin(users: list[UserRecord], pin: str, *, for_user: str | None = None) -> None:
    """A PIN says who is at the till, so two people cannot share one."""
    if any(pin_matches(u.pin_hash, pin) for u in users if u.username != for_user):
        raise DomainError("another user has that PIN; choose a different one")


def give_credentials(
    uow: UnitOfWork, *, admin: Administrator, clock: Clock, new_id: IdFactory
) -> None:
    """Give administrator `admin.username` a name, password and PIN (journaled, sent on)."""
    credentials = hashed(admin)
    now = clock.now()
    with uow:
        user = uow.users.by_username(admin.username)
        if user is None or user.role != ADMINISTRATOR:
            raise DomainError(f"there is no administrator {admin.username!r}")
        refuse_taken_pin(uow.users.all(), admin.pin, for_user=admin.username)
        uow.users.set_credentials(
            user.id,
            display_name=credentials.display_name,
            pin_hash=credentials.pin_hash,
            password_hash=credentials.password_hash,
            at=now,
        )
        journal_event(uow, "credentials_set", {"username": admin.username}, at=now, new_id=new_id)
        queue_master_change(
            uow,
            entity="user",
            key=str(user.id),
            record=uow.users.user_record(user.id),
            clock=clock,
            new_id=new_id,
        )
        uow.commit()
