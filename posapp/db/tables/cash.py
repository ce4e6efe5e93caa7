"""Shifts: the drawer from float to Z, cash movements and Z reports."""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
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

from posapp.db.tables.base import metadata
from posapp.db.types import UtcDateTime

shifts = Table(
    "shifts",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("terminal_code", String(20), nullable=False),
    Column("number", Integer, nullable=False),  # per terminal
    Column("cashier_id", Uuid, ForeignKey("users.id"), nullable=False),
    Column("opened_at", UtcDateTime, nullable=False),
    Column("opening_float_minor", Integer, nullable=False),
    Column("opening_count", Text, nullable=False),  # JSON {denomination: pieces}
    Column("closed_at", UtcDateTime),
    Column("closing_count", Text),
    Column("counted_minor", Integer),
    Column("expected_minor", Integer),
    Column("approved_by", Uuid),  # the manager who accepted an over/short beyond tolerance
    # '' when the cashiers share the till's drawer; a cashier's id when each has their own.
    Column("drawer", String(40), nullable=False, server_default=""),
    UniqueConstraint("terminal_code", "number"),
)
# One open shift per drawer: the database itself refuses a second.
Index(
    "ux_shifts_one_open_per_drawer",
    shifts.c.terminal_code,
    shifts.c.drawer,
    unique=True,
    sqlite_where=shifts.c.closed_at.is_(None),
)

cash_movements = Table(
    "cash_movements",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("shift_id", Uuid, ForeignKey("shifts.id"), nullable=False),
    Column("kind", String(10), nullable=False),  # cash_in, cash_out, drop (to the safe)
    Column("amount_minor", Integer, nullable=False),  # positive; the kind says which way
    Column("reason", String(200), nullable=False),
    Column("user_id", Uuid, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    CheckConstraint("kind IN ('cash_in', 'cash_out', 'drop')", name="kind_known"),
)
Index("ix_cash_movements_shift_id", cash_movements.c.shift_id)

z_reports = Table(
    "z_reports",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("terminal_code", String(20), nullable=False),
    Column("number", Integer, nullable=False),  # per terminal, never reused
    Column("shift_id", Uuid, ForeignKey("shifts.id"), nullable=False, unique=True),
    Column("payload", Text, nullable=False),  # the report as JSON, as printed and journaled
    Column("created_at", UtcDateTime, nullable=False),
    UniqueConstraint("terminal_code", "number"),
)
