"""Head office's costing tables: each movement's cost per store (its costing scope), the
states a replay starts from, the products waiting to be costed again, and how far costing has
read the movements (services.costing; sync.server.costing). Declared on `tables.metadata`."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, DateTime, Index, String, Table, Text, Uuid
from sqlalchemy.dialects.postgresql import JSONB

from sync.server.tables import _at, metadata

movement_costs = Table(
    "movement_costs",
    metadata,
    Column("movement_id", Uuid, primary_key=True),
    Column("store_code", String(20), nullable=False),
    Column("product_id", Uuid, nullable=False),
    Column("value_minor", BigInteger, nullable=False),  # + in, − out
    Column("true_up_minor", BigInteger, nullable=False),
)
Index(
    "ix_movement_costs_store_code_product_id",
    movement_costs.c.store_code,
    movement_costs.c.product_id,
)

# The costing order at head office: business time, node, then the movement's id (a UUIDv7
# from the node's own generator, standing in for its sequence: it settles ties the same way
# everywhere).
cost_states = Table(
    "cost_states",
    metadata,
    Column("store_code", String(20), primary_key=True),
    Column("product_id", Uuid, primary_key=True),
    Column("business_at", DateTime(timezone=True), primary_key=True),
    Column("node_id", Uuid, primary_key=True),
    Column("movement_id", Uuid, primary_key=True),
    Column("state", JSONB, nullable=False),
)

cost_marks = Table(
    "cost_marks",
    metadata,
    Column("store_code", String(20), primary_key=True),
    Column("product_id", Uuid, primary_key=True),
    _at("business_at"),
    Column("node_id", Uuid, nullable=False),
    Column("movement_id", Uuid, nullable=False),
    Column("version", BigInteger, nullable=False),
)

# How far costing has read `stock_movements`, as the store feed reads them ("<xid>:<id>").
cost_cursor = Table(
    "cost_cursor",
    metadata,
    Column("name", String(20), primary_key=True),
    Column("cursor", Text, nullable=False),
)

# What each product's catalogue cost was last set to from costing, and a change waiting for its
# day (a small move is published at most once a day; a move beyond the set percentage at once).
cost_published = Table(
    "cost_published",
    metadata,
    Column("product_id", Uuid, primary_key=True),
    Column("cost_minor", BigInteger),  # as published (None: not yet)
    Column("published_at", DateTime(timezone=True)),
    Column("pending_minor", BigInteger),  # the last cost, when it waits to be published
)

# What costing holds of each product in each store now: the sum of its costed movements' parts
# (value less true-up), kept by statement triggers on movement_costs (migration 0014) so it
# never drifts from them. Valuation counts back from it.
product_values = Table(
    "product_values",
    metadata,
    Column("store_code", String(20), primary_key=True),
    Column("product_id", Uuid, primary_key=True),
    Column("value_minor", BigInteger, nullable=False),
)

# Checkpoints of the stock as of a day's start (sync/server/value_checkpoints.py): each
# store's product values and each place's quantities then, kept true by late data (migration
# 0028's triggers, and each upload's statement). Valuation counts back from the nearest one.
value_checkpoints = Table(
    "value_checkpoints",
    metadata,
    Column("boundary_at", DateTime(timezone=True), primary_key=True),
    Column("taken_at", DateTime(timezone=True), nullable=False),
)
checkpoint_values = Table(
    "checkpoint_values",
    metadata,
    Column("boundary_at", DateTime(timezone=True), primary_key=True),
    Column("store_code", String(20), primary_key=True),
    Column("product_id", Uuid, primary_key=True),
    Column("value_minor", BigInteger, nullable=False),
)
checkpoint_stock = Table(
    "checkpoint_stock",
    metadata,
    Column("boundary_at", DateTime(timezone=True), primary_key=True),
    Column("product_id", Uuid, primary_key=True),
    Column("location_id", Uuid, primary_key=True),
    Column("quantity_milli", BigInteger, nullable=False),
)
