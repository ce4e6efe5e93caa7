"""Head office's back office: people of the chain sign in with their password and read the
reports of the stores their roles let them see.

A session is a bearer token head office signs (HMAC with a key derived from its own secret), so
no session table is kept: it names the person, their key version and when it expires. Revoking a
person's keys (`posapp-server users revoke-keys`) bumps the version, which ends their sessions
as it ends their author keys; archiving them ends them too."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, Engine, func, select

from posapp.domain.permissions import Permission
from sync.server.cost_tables import product_values
from sync.server.people import (
    CHAIN_WIDE,
    Person,
    PersonRefused,
    author_secret,
    person_by_id,
    role_permissions,
    signed_in,
)

SESSION_HOURS = 12  # a working day: sign in again the next


@dataclass(frozen=True)
class Session:
    person: Person
    token: str
    expires_at: datetime


def open_session(engine: Engine, *, username: str, password: str, now: datetime) -> Session:
    """A session for the person whose password this is; PersonRefused otherwise."""
    person = signed_in(engine, username=username, password=password, now=now)
    expires = now + timedelta(hours=SESSION_HOURS)
    with engine.begin() as connection:
        key = _key(connection)
    claim = f"{person.id}.{person.key_version}.{int(expires.timestamp())}"
    return Session(person, f"{claim}.{_signed(key, claim)}", expires)


def person_for_token(connection: Connection, token: str, now: datetime) -> Person | None:
    """The person a session token names, while it holds: signed here, not expired, their keys
    not revoked since, not archived."""
    claim, _, signature = token.rpartition(".")
    parts = claim.split(".")
    if len(parts) != 3 or not hmac.compare_digest(signature, _signed(_key(connection), claim)):
        return None
    person_id, version, expires = parts
    try:
        until = datetime.fromtimestamp(int(expires), UTC)
        person = person_by_id(connection, uuid.UUID(person_id))
    except ValueError:
        return None
    if until <= now or person is None or person.archived or str(person.key_version) != version:
        return None
    return person


def _key(connection: Connection) -> bytes:
    return hashlib.sha256(b"office sessions\0" + author_secret(connection)).digest()


def _signed(key: bytes, claim: str) -> str:
    return hmac.new(key, claim.encode(), hashlib.sha256).hexdigest()


def reporting_stores(connection: Connection, person: Person) -> tuple[str, ...] | None:
    """The stores whose reports the person may see (None: every store, a chain-wide grant of a
    role that may view reports)."""
    allowed = [store for store, role in person.grants.items() if _may_view(connection, role)]
    if CHAIN_WIDE in allowed:
        return None
    return tuple(sorted(allowed))


def stores_asked(
    connection: Connection, person: Person, asked: list[str] | None
) -> tuple[str, ...] | None:
    """The stores a report covers: those asked for, each one the person may see, or all they
    may see; PersonRefused naming a store they may not."""
    allowed = reporting_stores(connection, person)
    if allowed == ():
        raise PersonRefused(f"{person.username} may see no store's reports")
    if not asked:
        return allowed
    refused = [store for store in asked if allowed is not None and store not in allowed]
    if refused:
        raise PersonRefused(f"{person.username} may not see the reports of store {refused[0]}")
    return tuple(dict.fromkeys(asked))


def _may_view(connection: Connection, role: str) -> bool:
    permissions = role_permissions(connection, role)
    return permissions is not None and Permission.VIEW_REPORTS.value in permissions


def stock_value_now(connection: Connection, stores: tuple[str, ...] | None) -> int:
    """What costing holds of these stores' stock now (every store's: None): one sum over the
    values its triggers keep."""
    query = select(func.coalesce(func.sum(product_values.c.value_minor), 0))
    if stores is not None:
        query = query.where(product_values.c.store_code.in_(stores))
    return int(connection.execute(query).scalar_one())
