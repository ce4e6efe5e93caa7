"""Stock: the movement ledger and its projection, stock levels."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Uuid,
)

from posapp.db.tables.base import metadata
from posapp.db.types import UtcDateTime

# Tables keyed by their primary key alone are WITHOUT ROWID: one b-tree instead of a table plus
# its key index, so each sale's commit writes fewer pages (and syncs sooner).

stock_movements = Table(
    "stock_movements",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("product_id", Uuid, ForeignKey("products.id"), nullable=False),
    Column("location_id", Uuid, ForeignKey("locations.id"), nullable=False),
    Column("quantity_milli", Integer, nullable=False),  # + in, - out
    Column("reason", String(20), nullable=False),
    Column("sale_id", Uuid, ForeignKey("sales.id")),
    Column("sale_line_id", Uuid, ForeignKey("sale_lines.id")),
    Column("created_at", UtcDateTime, nullable=False),
)
Index(
    "ix_stock_movements_product_id_location_id",
    stock_movements.c.product_id,
    stock_movements.c.location_id,
)

# Σ stock_movements per product and location, kept in the same transaction; `posapp check`
# compares the two.
stock_levels = Table(
    "stock_levels",
    metadata,
    Column("product_id", Uuid, ForeignKey("products.id"), primary_key=True),
    Column("location_id", Uuid, ForeignKey("locations.id"), primary_key=True),
    Column("on_hand_milli", Integer, nullable=False),
    sqlite_with_rowid=False,
)
