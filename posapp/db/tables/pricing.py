"""Pricing master data: price lists and promotions."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Uuid,
    false,
)

from posapp.db.tables.base import metadata, timestamps
from posapp.db.types import UtcDateTime

PRICE_LIST_KINDS = ("customer_group", "quantity_break", "store")
PROMOTION_KINDS = ("percent_off", "amount_off", "fixed_price", "buy_x_get_y", "multi_buy")

price_lists = Table(
    "price_lists",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("code", String(40), nullable=False, unique=True),
    Column("name", String(200), nullable=False),  # shown on the till line: "VIP group"
    Column("kind", String(20), nullable=False),
    Column("price_group", String(40)),  # customer_group lists: which customers
    Column("store_code", String(20)),  # store lists: which store
    Column("tax_inclusive", Boolean, nullable=False),
    Column("valid_from", Date),
    Column("valid_to", Date),  # inclusive; none: open
    Column("archived_at", UtcDateTime),
    # A group price that holds even where a quantity break is lower (migration 0015).
    Column("holds_at_volume", Boolean, nullable=False, server_default=false()),
    *timestamps(),
    CheckConstraint("kind IN ('customer_group', 'quantity_break', 'store')", name="kind_known"),
)

price_list_items = Table(
    "price_list_items",
    metadata,
    Column("price_list_id", Uuid, ForeignKey("price_lists.id"), primary_key=True),
    Column("product_id", Uuid, ForeignKey("products.id"), primary_key=True),
    Column("min_qty_milli", Integer, primary_key=True),  # quantity breaks: from this many up
    Column("price_minor", Integer, nullable=False),
    CheckConstraint("price_minor >= 0", name="price_not_negative"),
    CheckConstraint("min_qty_milli > 0", name="min_qty_positive"),
    sqlite_with_rowid=False,
)
Index("ix_price_list_items_product_id", price_list_items.c.product_id)

promotions = Table(
    "promotions",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("code", String(40), nullable=False, unique=True),
    Column("name", String(200), nullable=False),  # shown on the till line: "3 for 2"
    Column("kind", String(20), nullable=False),
    Column("percent", String(20)),  # a decimal, as text: never a float
    Column("amount_minor", Integer),
    Column("buy_qty", Integer, nullable=False),
    Column("free_qty", Integer, nullable=False),
    Column("tax_inclusive", Boolean, nullable=False),
    Column("stacks", Boolean, nullable=False),
    Column("stores", String(500), nullable=False),  # comma-separated store codes; "" = all
    Column("valid_from", Date),
    Column("valid_to", Date),
    Column("archived_at", UtcDateTime),
    *timestamps(),
    CheckConstraint(
        "kind IN ('percent_off', 'amount_off', 'fixed_price', 'buy_x_get_y', 'multi_buy')",
        name="kind_known",
    ),
)

# What a promotion covers: products, or whole categories (and the categories below them).
promotion_targets = Table(
    "promotion_targets",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("promotion_id", Uuid, ForeignKey("promotions.id"), nullable=False),
    Column("product_id", Uuid, ForeignKey("products.id")),
    Column("category_id", Uuid, ForeignKey("categories.id")),
    CheckConstraint("(product_id IS NULL) != (category_id IS NULL)", name="product_or_category"),
)
Index("ix_promotion_targets_product_id", promotion_targets.c.product_id)
Index("ix_promotion_targets_category_id", promotion_targets.c.category_id)
Index("ix_promotion_targets_promotion_id", promotion_targets.c.promotion_id)
