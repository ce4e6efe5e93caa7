"""Numbering, the tamper-evident journal, the outbox (and the author keys that sign it), parked
baskets."""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    Index,
    Integer,
    String,
    Table,
    Text,
    Uuid,
)

from posapp.db.tables.base import metadata
from posapp.db.types import UtcDateTime

document_series = Table(
    "document_series",
    metadata,
    Column("series", String(40), primary_key=True),  # "S01-T01"
    Column("last_number", Integer, nullable=False),
    sqlite_with_rowid=False,
)

journal_entries = Table(
    "journal_entries",
    metadata,
    Column("seq", Integer, primary_key=True),  # gap-free per terminal
    Column("id", Uuid, nullable=False, unique=True),
    Column("terminal_code", String(20), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("document_id", Uuid),
    Column("payload_sha256", String(64), nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    # Events that are not documents (no sale, overrides, shifts) keep their JSON here; a
    # document's entry is checked against the document's own rows instead.
    Column("payload", Text),
)

# A product's price history reads these; partial, so the sales' own entries never touch it.
Index(
    "ix_journal_entries_price_changed",
    journal_entries.c.kind,
    sqlite_where=journal_entries.c.kind == "price_changed",
)

outbox_events = Table(
    "outbox_events",
    metadata,
    Column("seq", Integer, primary_key=True),  # gap-free per node: the sync protocol needs it
    Column("id", Uuid, nullable=False, unique=True),
    Column("kind", String(40), nullable=False),
    Column("aggregate_id", Uuid, nullable=False),
    Column("payload", Text, nullable=False),  # JSON
    Column("created_at", UtcDateTime, nullable=False),
    # A master-data change's author and proof, JSON {"user", "version", "proof"}: see
    # posapp.domain.authorship. NULL for every other event.
    Column("author", Text),
)

# Author keys received at online password sign-ins, each sealed under its user's password.
author_keys = Table(
    "author_keys",
    metadata,
    Column("user_id", Uuid, primary_key=True),
    Column("username", String(100), nullable=False),
    Column("version", Integer, nullable=False),
    Column("sealed", Text, nullable=False),
    Column("received_at", UtcDateTime, nullable=False),
)

# How far head office has acknowledged the outbox: every event up to `through_seq` is sent.
# One number, not a mark on each event: marking rewrote every event's page (the payload is on
# it), megabytes of WAL per batch that the till's next sale had to wait behind.
outbox_sent = Table(
    "outbox_sent",
    metadata,
    Column("id", Integer, primary_key=True),  # always 1
    Column("through_seq", Integer, nullable=False),
    Column("updated_at", UtcDateTime),
    CheckConstraint("id = 1", name="single_row"),
)


parked_sales = Table(
    "parked_sales",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("terminal_code", String(20), nullable=False),
    Column("label", String(200), nullable=False),
    Column("basket", Text, nullable=False),  # JSON
    Column("parked_at", UtcDateTime, nullable=False),
)
