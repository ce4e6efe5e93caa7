"""Sync: who this node is to head office, the batch in flight, and batches set aside."""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    Integer,
    String,
    Table,
    Text,
    Uuid,
)

from posapp.db.tables.base import metadata
from posapp.db.types import UtcDateTime

sync_identity = Table(
    "sync_identity",
    metadata,
    Column("id", Integer, primary_key=True),  # always 1: one enrolment per node
    Column("server_url", String(500), nullable=False),
    Column("device_id", Uuid, nullable=False),
    Column("incarnation", Integer, nullable=False),
    Column("token", String(200), nullable=False),
    Column("enrolled_at", UtcDateTime, nullable=False),
    Column("cursor", String(100)),  # master data pulled up to here
    Column("pulled_at", UtcDateTime),
    Column("store_cursor", String(100)),  # the store's movements from other nodes, up to here
    CheckConstraint("id = 1", name="single_row"),
)

sync_batches = Table(
    "sync_batches",
    metadata,
    Column("id", Uuid, primary_key=True),  # the idempotency key: a retry reuses it
    Column("first_seq", Integer, nullable=False),
    Column("last_seq", Integer, nullable=False),
    Column("state", String(12), nullable=False),  # sending | quarantined
    Column("attempts", Integer, nullable=False),
    Column("last_error", Text),
    Column("created_at", UtcDateTime, nullable=False),
    CheckConstraint("state IN ('sending', 'quarantined')", name="state_known"),
)

# Master records pulled from head office that this node could not take (migration 0014).
sync_set_aside = Table(
    "sync_set_aside",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("entity", String(30), nullable=False),
    Column("record_key", String(100), nullable=False),
    Column("reason", Text, nullable=False),
    Column("record", Text),  # the record as received, at most 64 KB of it
    Column("set_aside_at", UtcDateTime, nullable=False),
)
