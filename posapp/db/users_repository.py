"""Users, their roles' permissions, and failed supervisor PINs, on SQLite."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from posapp.db.tables import pin_failures, roles, users
from posapp.domain.permissions import BUILT_IN_ROLES
from posapp.services.shared import UserRecord


class SqlAlchemyUsers:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def _records(self, query: Any) -> list[UserRecord]:
        rows = self._connection.execute(
            query.add_columns(roles.c.permissions).join(roles, roles.c.code == users.c.role)
        )
        return [
            UserRecord(
                id=row.id,
                username=row.username,
                display_name=row.display_name,
                role=row.role,
                permissions=frozenset(json.loads(row.permissions)),
                pin_hash=row.pin_hash,
                password_hash=row.password_hash,
            )
            for row in rows
        ]

    def by_username(self, username: str) -> UserRecord | None:
        found = self._records(select(users).where(users.c.username == username))
        return found[0] if found else None

    def with_permission(self, permission: str) -> list[UserRecord]:
        active = select(users).where(users.c.archived_at.is_(None)).order_by(users.c.username)
        return [user for user in self._records(active) if permission in user.permissions]

    def all(self) -> list[UserRecord]:
        return self._records(select(users).order_by(users.c.username))

    def role_exists(self, role: str) -> bool:
        found = self._connection.execute(select(roles.c.code).where(roles.c.code == role))
        return found.first() is not None

    def add(
        self,
        *,
        user_id: uuid.UUID,
        username: str,
        display_name: str,
        role: str,
        pin_hash: str | None,
        at: datetime,
    ) -> None:
        self._connection.execute(
            insert(users).values(
                id=user_id,
                username=username,
                display_name=display_name,
                role=role,
                pin_hash=pin_hash,
                created_at=at,
                updated_at=at,
            )
        )

    def set_password(self, username: str, password_hash: str, at: datetime) -> None:
        self._connection.execute(
            update(users)
            .where(users.c.username == username)
            .values(password_hash=password_hash, updated_at=at)
        )

    def set_credentials(
        self,
        user_id: uuid.UUID,
        *,
        display_name: str,
        pin_hash: str,
        password_hash: str,
        at: datetime,
    ) -> None:
        self._connection.execute(
            update(users)
            .where(users.c.id == user_id)
            .values(
                display_name=display_name,
                pin_hash=pin_hash,
                password_hash=password_hash,
                updated_at=at,
            )
        )

    def roles(self) -> list[tuple[str, str, frozenset[str]]]:
        rows = self._connection.execute(select(roles).order_by(roles.c.code))
        return [(r.code, r.name, frozenset(json.loads(r.permissions))) for r in rows]

    def add_role(self, code: str, name: str, permissions: frozenset[str], at: datetime) -> None:
        self._connection.execute(
            insert(roles).values(
                code=code,
                name=name,
                permissions=json.dumps(sorted(permissions)),
                created_at=at,
                updated_at=at,
            )
        )

    def set_role_permissions(self, role: str, permissions: frozenset[str], at: datetime) -> None:
        self._connection.execute(
            update(roles)
            .where(roles.c.code == role)
            .values(permissions=json.dumps(sorted(permissions)), updated_at=at)
        )

    # -- what travels to head office (the shape master_records applies on every node) -------
    def user_record(self, user_id: uuid.UUID) -> dict[str, object]:
        row = self._connection.execute(select(users).where(users.c.id == user_id)).one()
        return {
            "username": row.username,
            "display_name": row.display_name,
            "role": row.role,
            "pin_hash": row.pin_hash,
            "password_hash": row.password_hash,
            "archived": row.archived_at is not None,
        }

    def role_record(self, code: str) -> dict[str, object]:
        row = self._connection.execute(select(roles).where(roles.c.code == code)).one()
        return {"name": row.name, "permissions": sorted(json.loads(row.permissions))}

    def pin_failures_since(self, terminal_code: str, since: datetime) -> int:
        return int(
            self._connection.execute(
                select(func.count())
                .select_from(pin_failures)
                .where(pin_failures.c.terminal_code == terminal_code)
                .where(pin_failures.c.failed_at >= since)
            ).scalar_one()
        )

    def record_pin_failure(self, terminal_code: str, at: datetime) -> None:
        self._connection.execute(
            insert(pin_failures).values(terminal_code=terminal_code, failed_at=at)
        )

    def clear_pin_failures(self, terminal_code: str) -> None:
        self._connection.execute(
            delete(pin_failures).where(pin_failures.c.terminal_code == terminal_code)
        )


def ensure_roles(connection: Connection, *, now: datetime) -> None:
    """The built-in roles, added if missing (a shop's edits to existing ones are kept)."""
    existing = set(connection.execute(select(roles.c.code)).scalars())
    for code, (name, permissions) in BUILT_IN_ROLES.items():
        if code not in existing:
            SqlAlchemyUsers(connection).add_role(code, name, frozenset(permissions), now)


def role_permissions(connection: Connection, role: str) -> frozenset[str]:
    found = connection.execute(select(roles.c.permissions).where(roles.c.code == role)).scalar()
    return frozenset(json.loads(found)) if found else frozenset()
