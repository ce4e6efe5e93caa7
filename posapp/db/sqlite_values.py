"""Values as SQLAlchemy stores them in SQLite, for the few hot paths that write through the
driver directly (bulk demo data, the checkout): rows written either way read back the same."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, datetime

from sqlalchemy import Connection


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
