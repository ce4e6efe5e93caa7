"""The shop itself: its settings, stores, locations and terminals, and the people who use it (roles,
users, PIN failures)."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)

from posapp.db.tables.base import metadata, timestamps
from posapp.db.types import UtcDateTime

settings = Table(
    "settings",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),  # JSON
    Column("updated_at", UtcDateTime, nullable=False),
)

stores = Table(
    "stores",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("code", String(20), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("archived_at", UtcDateTime),
    *timestamps(),
)

locations = Table(
    "locations",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("store_id", Uuid, ForeignKey("stores.id"), nullable=False),
    Column("code", String(20), nullable=False),
    Column("name", String(200), nullable=False),
    # selling (the tills sell from it), back_room, warehouse, quarantine, in_transit
    Column("kind", String(20), nullable=False, server_default="selling"),
    Column("capacity", Integer),  # pallet places or shelf units, as the shop counts them
    Column("archived_at", UtcDateTime),
    *timestamps(),
    UniqueConstraint("store_id", "code"),
)

terminals = Table(
    "terminals",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("store_id", Uuid, ForeignKey("stores.id"), nullable=False),
    Column("code", String(20), nullable=False),
    Column("name", String(200), nullable=False),
    Column("archived_at", UtcDateTime),
    *timestamps(),
    UniqueConstraint("store_id", "code"),
)

# Role codes and what each may do (JSON list of posapp.domain.permissions.Permission values).
roles = Table(
    "roles",
    metadata,
    Column("code", String(50), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("permissions", Text, nullable=False),
    *timestamps(),
)

# Wrong supervisor PINs typed at a terminal: five within minutes lock the approval for a while.
pin_failures = Table(
    "pin_failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("terminal_code", String(20), nullable=False),
    Column("failed_at", UtcDateTime, nullable=False),
)
Index(
    "ix_pin_failures_terminal_code_failed_at",
    pin_failures.c.terminal_code,
    pin_failures.c.failed_at,
)

users = Table(
    "users",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("username", String(100), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False),
    Column("role", String(50), nullable=False),
    Column("pin_hash", String(300)),
    Column("password_hash", String(300)),
    Column("archived_at", UtcDateTime),
    *timestamps(),
)
