"""Sales and returns: immutable once written, with their lines, taxes per line and tenders."""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
    Uuid,
)

from posapp.db.tables.base import metadata
from posapp.db.types import UtcDateTime

sales = Table(
    "sales",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("number", String(40), nullable=False, unique=True),  # S01-T01-000123
    Column("kind", String(10), nullable=False),
    Column("store_id", Uuid, ForeignKey("stores.id"), nullable=False),
    Column("terminal_code", String(20), nullable=False),
    Column("location_id", Uuid, ForeignKey("locations.id"), nullable=False),
    Column("cashier_id", Uuid, ForeignKey("users.id"), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("price_mode", String(10), nullable=False),
    Column("subtotal_minor", Integer, nullable=False),
    Column("discount_minor", Integer, nullable=False),
    Column("net_minor", Integer, nullable=False),
    Column("tax_minor", Integer, nullable=False),
    Column("total_minor", Integer, nullable=False),
    Column("rounding_minor", Integer, nullable=False),
    Column("original_id", Uuid, ForeignKey("sales.id")),
    Column("flags", String(200), nullable=False),  # comma separated, e.g. "no_receipt"
    Column("created_at", UtcDateTime, nullable=False),
    Column("shift_id", Uuid),  # the till shift it was rung up in (the Z report sums by it)
    Column("customer_id", Uuid),  # the customer attached at the till, if any
    CheckConstraint("kind IN ('SALE', 'RETURN')", name="kind_known"),
)
# Partial: only returns carry an original, so a sale's commit does not touch this index.
Index("ix_sales_original_id", sales.c.original_id, sqlite_where=sales.c.original_id.isnot(None))
Index("ix_sales_shift_id", sales.c.shift_id, sqlite_where=sales.c.shift_id.isnot(None))

sale_lines = Table(
    "sale_lines",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("sale_id", Uuid, ForeignKey("sales.id"), nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("product_id", Uuid, ForeignKey("products.id"), nullable=False),
    Column("sku", String(64), nullable=False),
    Column("name", String(200), nullable=False),
    Column("unit", String(10), nullable=False),
    Column("quantity_milli", Integer, nullable=False),
    Column("list_price_minor", Integer, nullable=False),
    Column("unit_price_minor", Integer, nullable=False),
    Column("line_discount_minor", Integer, nullable=False),
    Column("basket_discount_minor", Integer, nullable=False),
    Column("amount_minor", Integer, nullable=False),
    Column("net_minor", Integer, nullable=False),
    Column("tax_minor", Integer, nullable=False),
    Column("original_line_id", Uuid, ForeignKey("sale_lines.id")),
    Column("price_note", String(200)),  # why this price: "VIP group", "3 for 2"
    UniqueConstraint("sale_id", "line_no"),
)
Index(
    "ix_sale_lines_original_line_id",
    sale_lines.c.original_line_id,
    sqlite_where=sale_lines.c.original_line_id.isnot(None),
)

sale_line_taxes = Table(
    "sale_line_taxes",
    metadata,
    Column("line_id", Uuid, ForeignKey("sale_lines.id"), primary_key=True),
    Column("rate_code", String(20), primary_key=True),
    Column("rate_ppm", Integer, nullable=False),
    Column("tax_minor", Integer, nullable=False),
    sqlite_with_rowid=False,
)

sale_tenders = Table(
    "sale_tenders",
    metadata,
    Column("sale_id", Uuid, ForeignKey("sales.id"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("amount_minor", Integer, nullable=False),
    Column("reference", String(100)),
    sqlite_with_rowid=False,
)
