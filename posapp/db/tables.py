"""The local store's tables (SQLAlchemy Core). Migrations in `migrations/versions` create them.

Conventions: UUIDv7 `id` on everything that travels; money as integer minor units plus currency;
quantities as integer thousandths; timestamps timezone-aware UTC; master data is archived
(`archived_at`), never deleted, because history points at it.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)

from posapp.db.types import UtcDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _timestamps() -> list[Column[object]]:
    return [
        Column("created_at", UtcDateTime, nullable=False),
        Column("updated_at", UtcDateTime, nullable=False),
        Column("note", Text),
    ]


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
    *_timestamps(),
)

locations = Table(
    "locations",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("store_id", Uuid, ForeignKey("stores.id"), nullable=False),
    Column("code", String(20), nullable=False),
    Column("name", String(200), nullable=False),
    Column("archived_at", UtcDateTime),
    *_timestamps(),
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
    *_timestamps(),
    UniqueConstraint("store_id", "code"),
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
    *_timestamps(),
)

categories = Table(
    "categories",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("parent_id", Uuid, ForeignKey("categories.id")),
    Column("archived_at", UtcDateTime),
    *_timestamps(),
    UniqueConstraint("parent_id", "name"),
)

brands = Table(
    "brands",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("archived_at", UtcDateTime),
    *_timestamps(),
)

tax_classes = Table(
    "tax_classes",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("code", String(20), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("archived_at", UtcDateTime),
    *_timestamps(),
)

tax_rates = Table(
    "tax_rates",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tax_class_id", Uuid, ForeignKey("tax_classes.id"), nullable=False),
    Column("code", String(20), nullable=False),
    Column("name", String(200), nullable=False),
    Column("rate_ppm", Integer, nullable=False),
    *_timestamps(),
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
    Column("cost_minor", Integer),
    Column("price_minor", Integer, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("archived_at", UtcDateTime),
    *_timestamps(),
    CheckConstraint("price_minor >= 0", name="price_not_negative"),
    CheckConstraint("cost_minor IS NULL OR cost_minor >= 0", name="cost_not_negative"),
    CheckConstraint(
        "state IN ('NEW', 'ACTIVE', 'PHASE_OUT', 'DISCONTINUED', 'ARCHIVED')", name="state_known"
    ),
)
Index("ix_products_category_id", products.c.category_id)

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
