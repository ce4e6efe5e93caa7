"""People: the users of the till and back office, their roles, PINs and passwords."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True, slots=True)
class UserRecord:
    id: uuid.UUID
    username: str
    display_name: str
    role: str
    permissions: frozenset[str]
    pin_hash: str | None
    password_hash: str | None = None


class Users(Protocol):
    def by_username(self, username: str) -> UserRecord | None: ...

    def with_permission(self, permission: str) -> list[UserRecord]: ...

    def all(self) -> list[UserRecord]: ...

    def role_exists(self, role: str) -> bool: ...

    def add_role(self, code: str, name: str, permissions: frozenset[str], at: datetime) -> None: ...

    def set_credentials(
        self,
        user_id: uuid.UUID,
        *,
        display_name: str,
        pin_hash: str,
        password_hash: str,
        at: datetime,
    ) -> None: ...

    def add(
        self,
        *,
        user_id: uuid.UUID,
        username: str,
        display_name: str,
        role: str,
        pin_hash: str | None,
        at: datetime,
    ) -> None: ...

    def set_password(self, username: str, password_hash: str, at: datetime) -> None: ...

    def roles(self) -> list[tuple[str, str, frozenset[str]]]: ...

    def set_role_permissions(
        self, role: str, permissions: frozenset[str], at: datetime
    ) -> None: ...

    def user_record(self, user_id: uuid.UUID) -> dict[str, object]: ...

    def role_record(self, code: str) -> dict[str, object]: ...

    def pin_failures_since(self, terminal_code: str, since: datetime) -> int: ...

    def record_pin_failure(self, terminal_code: str, at: datetime) -> None: ...

    def clear_pin_failures(self, terminal_code: str) -> None: ...
