"""How values are stored: the column types shared by SQLite nodes and the PostgreSQL head
office, and the same values as SQLAlchemy writes them to SQLite, for the few hot paths that write
through the driver directly (bulk demo data, imports, the checkout): rows written either way read
back the same."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC in and out. SQLite keeps no zone, so naive values read back are UTC;
    a naive value written is a bug (whose local time was it?) and is refused."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"refusing to store a naive datetime: {value!r}")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def sqlite_uuid(value: uuid.UUID | None) -> str | None:
    """Uuid columns hold 32 lowercase hex digits in SQLite."""
    return None if value is None else value.hex


def sqlite_timestamp(moment: datetime) -> str:
    """DateTime columns hold UTC as 'YYYY-MM-DD HH:MM:SS.ffffff', no zone."""
    if moment.tzinfo is None:
        raise ValueError(f"refusing to store a naive datetime: {moment!r}")
    # isoformat with a fixed timespec is the same text as strftime("%Y-%m-%d %H:%M:%S.%f"),
    # several times faster, and every stock movement of every sale goes through here.
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def driver_connection(connection: Connection) -> sqlite3.Connection:
    """The pysqlite connection under `connection`, inside the same open transaction."""
    raw = connection.connection.driver_connection
    assert isinstance(raw, sqlite3.Connection)
    return raw
