"""The catalogue: categories, brands, tax classes and rates, products and their barcodes."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
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

from posapp.db.tables.base import metadata, timestamps
from posapp.db.types import UtcDateTime

categories = Table(
    "categories",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("parent_id", Uuid, ForeignKey("categories.id")),
    Column("archived_at", UtcDateTime),
    *timestamps(),
    UniqueConstraint("parent_id", "name"),
)

brands = Table(
    "brands",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("archived_at", UtcDateTime),
    *timestamps(),
)

tax_classes = Table(
    "tax_classes",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("code", String(20), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("archived_at", UtcDateTime),
    *timestamps(),
)

tax_rates = Table(
    "tax_rates",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tax_class_id", Uuid, ForeignKey("tax_classes.id"), nullable=False),
    Column("code", String(20), nullable=False),
    Column("name", String(200), nullable=False),
    Column("rate_ppm", Integer, nullable=False),
    *timestamps(),
    UniqueConstraint("tax_class_id", "code"),
    CheckConstraint("rate_ppm BETWEEN 0 AND 1000000", name="rate_range"),
)

LIFECYCLE_STATES = ("NEW", "ACTIVE", "PHASE_OUT", "DISCONTINUED", "ARCHIVED")

products = Table(
    "products",
    metadata,
    # Node-local integer key: the search index (FTS5) addresses rows by it. A real column, not the
    # implicit rowid, so it survives Alembic's batch table rebuilds.
    Column("local_id", Integer, primary_key=True),
    Column("id", Uuid, nullable=False, unique=True),
    Column("sku", String(64), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("category_id", Uuid, ForeignKey("categories.id")),
    Column("brand_id", Uuid, ForeignKey("brands.id")),
    Column("unit", String(10), nullable=False),
    Column("weighed", Boolean, nullable=False),
    Column("tax_class_id", Uuid, ForeignKey("tax_classes.id"), nullable=False),
    Column("state", String(20), nullable=False),
    Column("cost_minor", Integer),  # the last cost goods came in at (not the cost of goods sold)
    Column("cost_method", String(10)),  # posapp.domain.costing.CostMethod; None: the shop's
    Column("price_minor", Integer, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("archived_at", UtcDateTime),
    *timestamps(),
    CheckConstraint("price_minor >= 0", name="price_not_negative"),
    CheckConstraint("cost_minor IS NULL OR cost_minor >= 0", name="cost_not_negative"),
    CheckConstraint(
        "state IN ('NEW', 'ACTIVE', 'PHASE_OUT', 'DISCONTINUED', 'ARCHIVED')", name="state_known"
    ),
)
Index("ix_products_category_id", products.c.category_id)
Index("ix_products_name_sku", products.c.name, products.c.sku)  # the back office's list order

barcodes = Table(
    "barcodes",
    metadata,
    Column("code", String(48), primary_key=True),
    Column("product_id", Uuid, ForeignKey("products.id"), nullable=False),
    # How many units one scan stands for, in thousandths: a case barcode of 12 is 12000.
    Column("pack_qty_milli", Integer, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    CheckConstraint("pack_qty_milli > 0", name="pack_positive"),
    sqlite_with_rowid=False,
)
Index("ix_barcodes_product_id", barcodes.c.product_id)
