"""The people of the chain, the role each holds in each store, and their author keys.

Master data is changed only by people. A node's token says which till is talking, never who: a
master-data change is applied only when it carries a person's proof (their author key, see
`posapp.domain.authorship`) and their role, granted in the sending store, allows it. Roles are
granted per store (a manager of S01 is not a manager of S02); a grant for store "*" is chain-wide
and made explicitly. The first chain administrator is made here (`posapp-server users add`).
"""

from __future__ import annotations

import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, text, update

from posapp.domain.authorship import derive_author_key
from posapp.domain.errors import DomainError
from posapp.domain.permissions import BUILT_IN_ROLES
from posapp.domain.pins import hash_password, hash_pin, pin_matches
from sync.server.changes import record_changes
from sync.server.tables import grants, master_records, people, server_facts

CHAIN_WIDE = "*"
_SECRET_FACT = "author.secret"
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,49}$")
_STORE = re.compile(r"^[A-Za-z0-9_-]{1,20}$")


class PersonRefused(ValueError):
    """A person, grant or sign-in head office refuses; the message says why."""


@dataclass(frozen=True)
class Person:
    id: uuid.UUID
    username: str
    display_name: str
    password_hash: str | None
    pin_hash: str | None
    key_version: int
    archived: bool
    grants: dict[str, str]  # store code (or "*") → role

    def role_in(self, store: str) -> str | None:
        """The role this person holds in `store`: its own grant, else a chain-wide one. For
        CHAIN_WIDE itself, only a chain-wide grant counts."""
        if store == CHAIN_WIDE:
            return self.grants.get(CHAIN_WIDE)
        return self.grants.get(store) or self.grants.get(CHAIN_WIDE)


def _person(connection: Connection, where: Any) -> Person | None:
    row = connection.execute(select(people).where(where)).first()
    if row is None:
        return None
    held = connection.execute(
        select(grants.c.store_code, grants.c.role).where(grants.c.person_id == row.id)
    ).all()
    return Person(
        row.id,
        row.username,
        row.display_name,
        row.password_hash,
        row.pin_hash,
        row.key_version,
        row.archived,
        dict(held),
    )


def person_by_id(connection: Connection, person_id: uuid.UUID) -> Person | None:
    return _person(connection, people.c.id == person_id)


def person_by_username(connection: Connection, username: str) -> Person | None:
    return _person(connection, people.c.username == username)


def everyone(engine: Engine) -> list[Person]:
    with engine.connect() as connection:
        ids = connection.execute(select(people.c.id).order_by(people.c.username)).scalars()
        return [p for p in (person_by_id(connection, i) for i in list(ids)) if p is not None]


def role_permissions(connection: Connection, role: str) -> frozenset[str] | None:
    """What a role may do: as the chain defined it (master data), else the built-in role."""
    payload = connection.execute(
        select(master_records.c.payload).where(
            master_records.c.entity == "role", master_records.c.key == role
        )
    ).scalar()
    if payload is not None:
        return frozenset(payload.get("permissions", ()))
    built_in = BUILT_IN_ROLES.get(role)
    return None if built_in is None else frozenset(built_in[1])


def user_record(person: Person) -> dict[str, Any]:
    """The master record every node receives: its `grants` say where the person may work."""
    role = person.grants.get(CHAIN_WIDE) or next(iter(sorted(person.grants.values())), "cashier")
    return {
        "username": person.username,
        "display_name": person.display_name,
        "role": role,
        "pin_hash": person.pin_hash,
        "password_hash": person.password_hash,
        "archived": person.archived or not person.grants,
        "grants": dict(sorted(person.grants.items())),
    }


def publish(connection: Connection, person_id: uuid.UUID, now: datetime) -> None:
    """Send the person's record down to every node (their grants decide where they may work)."""
    found = person_by_id(connection, person_id)
    assert found is not None
    record_changes(connection, [("user", str(found.id), user_record(found))], origin=None, at=now)


def _check_grant(connection: Connection, store: str, role: str) -> None:
    if store != CHAIN_WIDE and not _STORE.match(store):
        raise PersonRefused(f"store {store!r} is not a store code (or * for every store)")
    if role_permissions(connection, role) is None:
        known = ", ".join(sorted(BUILT_IN_ROLES))
        raise PersonRefused(f"there is no role {role!r} (built in: {known})")


def add_person(
    engine: Engine,
    *,
    username: str,
    display_name: str,
    password: str,
    role: str,
    store: str,
    now: datetime,
) -> Person:
    """A new person with a password and one grant (store "*": chain-wide), sent to every node."""
    if not _USERNAME.match(username):
        raise PersonRefused(f"username {username!r}: 2–50 lowercase letters, digits, . _ -")
    if not display_name.strip() or len(display_name) > 200:
        raise PersonRefused("the name shown on receipts is 1–200 characters")
    try:
        password_hash = hash_password(password)
    except ValueError as error:
        raise PersonRefused(str(error)) from None
    with engine.begin() as connection:
        _check_grant(connection, store, role)
        if person_by_username(connection, username) is not None:
            raise PersonRefused(f"there is already a person {username!r}")
        person_id = uuid.uuid4()
        connection.execute(
            insert(people).values(
                id=person_id,
                username=username,
                display_name=display_name,
                password_hash=password_hash,
                changed_at=now,
            )
        )
        connection.execute(insert(grants).values(person_id=person_id, store_code=store, role=role))
        publish(connection, person_id, now)
        found = person_by_id(connection, person_id)
    assert found is not None
    return found


def set_pin(engine: Engine, *, username: str, pin: str, now: datetime) -> Person:
    """The PIN `username` signs in with at every till where they hold a role, sent to every
    node. A till knows a cashier by the PIN alone, so no two people of the chain share one."""
    try:
        pin_hash = hash_pin(pin)
    except DomainError as error:
        raise PersonRefused(str(error)) from None
    with engine.begin() as connection:
        found = person_by_username(connection, username)
        if found is None:
            raise PersonRefused(f"no person {username!r}")
        others = connection.execute(
            select(people.c.pin_hash).where(people.c.id != found.id, people.c.pin_hash.is_not(None))
        ).scalars()
        if any(pin_matches(other, pin) for other in others):
            raise PersonRefused("that PIN is another person's: choose another")
        connection.execute(
            update(people).where(people.c.id == found.id).values(pin_hash=pin_hash, changed_at=now)
        )
        publish(connection, found.id, now)
        changed = person_by_id(connection, found.id)
    assert changed is not None
    return changed


def grant(engine: Engine, *, username: str, store: str, role: str | None, now: datetime) -> Person:
    """Give `username` `role` in `store` (None: take their role there away), sent to every node."""
    with engine.begin() as connection:
        found = person_by_username(connection, username)
        if found is None:
            raise PersonRefused(f"no person {username!r}")
        connection.execute(
            delete(grants).where(grants.c.person_id == found.id, grants.c.store_code == store)
        )
        if role is not None:
            _check_grant(connection, store, role)
            connection.execute(
                insert(grants).values(person_id=found.id, store_code=store, role=role)
            )
        publish(connection, found.id, now)
        changed = person_by_id(connection, found.id)
    assert changed is not None
    return changed


def revoke_keys(engine: Engine, *, username: str) -> int:
    """Every author key of `username` stops working (nodes holding one are refused until the
    person signs in online again); the new key version."""
    with engine.begin() as connection:
        version = connection.execute(
            update(people)
            .where(people.c.username == username)
            .values(key_version=people.c.key_version + 1)
            .returning(people.c.key_version)
        ).scalar()
    if version is None:
        raise PersonRefused(f"no person {username!r}")
    return int(version)


def author_secret(connection: Connection) -> bytes:
    """Head office's secret that author keys are derived from, made on first use."""
    connection.execute(
        text(
            "INSERT INTO server_facts (key, value) VALUES (:key, :value) "
            "ON CONFLICT (key) DO NOTHING"
        ),
        {"key": _SECRET_FACT, "value": secrets.token_hex(32)},
    )
    value = connection.execute(
        select(server_facts.c.value).where(server_facts.c.key == _SECRET_FACT)
    ).scalar_one()
    return bytes.fromhex(value)


def author_key(connection: Connection, person: Person) -> bytes:
    return derive_author_key(author_secret(connection), person.id, person.key_version)


LOCK_AFTER = 5  # wrong passwords in a row…
LOCKED_FOR = timedelta(minutes=15)  # …lock that person's author-key sign-ins this long


def issue_author_key(
    engine: Engine, *, store: str, username: str, password: str, now: datetime
) -> tuple[Person, bytes]:
    """A person's author key, for a node of `store` where they just signed in with their
    password; PersonRefused when the password is wrong, they hold no role in that store, or
    too many wrong passwords in a row locked them for a while (guessing from a till's token)."""
    key = b""
    with engine.begin() as connection:  # committed even when refused: the count is kept
        found, refusal = _password_checked(connection, username, password, now)
        if found is not None and refusal is None:
            if found.role_in(store) is None:
                refusal = f"{username} holds no role in store {store} at head office"
            else:
                key = author_key(connection, found)
    if refusal is not None or found is None:
        raise PersonRefused(refusal or "head office does not know that username and password")
    return found, key


def signed_in(engine: Engine, *, username: str, password: str, now: datetime) -> Person:
    """The person whose password this is (head office's own back office); PersonRefused as for
    an author key, wrong passwords counted and locking the same way."""
    with engine.begin() as connection:  # committed even when refused: the count is kept
        found, refusal = _password_checked(connection, username, password, now)
    if refusal is not None or found is None:
        raise PersonRefused(refusal or "head office does not know that username and password")
    return found


def _password_checked(
    connection: Connection, username: str, password: str, now: datetime
) -> tuple[Person | None, str | None]:
    """The person and None, or why not: locked, unknown or a wrong password (counted), or
    archived."""
    found = person_by_username(connection, username)
    locked = connection.execute(
        select(people.c.locked_until).where(people.c.username == username).with_for_update()
    ).scalar()
    if found is not None and locked is not None and locked > now:
        return found, f"too many wrong passwords: {username} is locked until {locked:%H:%M} UTC"
    if found is None or not pin_matches(found.password_hash, password):
        if found is not None:
            _count_wrong_password(connection, found.id, now)
        # The same words for an unknown name and a wrong password: no names to probe.
        return found, "head office does not know that username and password"
    if found.archived:
        return found, f"{username} is archived at head office"
    connection.execute(
        update(people).where(people.c.id == found.id).values(failed_sign_ins=0, locked_until=None)
    )
    return found, None


def _count_wrong_password(connection: Connection, person_id: uuid.UUID, now: datetime) -> None:
    failures = 1 + int(
        connection.execute(
            select(people.c.failed_sign_ins).where(people.c.id == person_id)
        ).scalar_one()
    )
    locks = failures >= LOCK_AFTER
    connection.execute(
        update(people)
        .where(people.c.id == person_id)
        .values(
            failed_sign_ins=0 if locks else failures,
            locked_until=now + LOCKED_FOR if locks else None,
        )
    )
