"""Costing on a node (a shop without head office): what each movement cost, the states a
replay may start from, the products waiting to be costed again, and the landed costs (freight,
duty) spread over goods receipts. Movements stay as they were written; their costs sit beside
them and are rewritten only by recosting."""

from __future__ import annotations

from sqlalchemy import Column, Date, ForeignKey, Index, Integer, String, Table, Text, Uuid

from posapp.db.tables.base import metadata
from posapp.db.types import UtcDateTime

# + value in, − value out; a true-up is more cost of goods for goods that went out before they
# came in, posted with this (inflow) movement's date.
movement_costs = Table(
    "movement_costs",
    metadata,
    Column("movement_id", Uuid, ForeignKey("stock_movements.id"), primary_key=True),
    Column("product_id", Uuid, ForeignKey("products.id"), nullable=False),
    Column("value_minor", Integer, nullable=False),
    Column("true_up_minor", Integer, nullable=False),
    sqlite_with_rowid=False,
)
Index("ix_movement_costs_product_id", movement_costs.c.product_id)

# A product's costing state after the movement at (business_at, seq): where a replay starts.
cost_states = Table(
    "cost_states",
    metadata,
    Column("product_id", Uuid, ForeignKey("products.id"), primary_key=True),
    Column("business_at", UtcDateTime, primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("state", Text, nullable=False),  # JSON: posapp.domain.costing.CostState.to_record
    sqlite_with_rowid=False,
)

# Products to cost again from (business_at, seq) on; `version` rises with every new mark.
cost_marks = Table(
    "cost_marks",
    metadata,
    Column("product_id", Uuid, ForeignKey("products.id"), primary_key=True),
    Column("business_at", UtcDateTime, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    sqlite_with_rowid=False,
)

# Freight, duty, insurance added to a goods receipt, and each line's part of it.
receipt_charges = Table(
    "receipt_charges",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("document_id", Uuid, ForeignKey("stock_documents.id"), nullable=False),
    Column("description", String(100), nullable=False),
    Column("amount_minor", Integer, nullable=False),
    Column("basis", String(10), nullable=False),  # posapp.domain.costing.LandedBasis
    Column("created_by", String(200), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)
Index("ix_receipt_charges_document_id", receipt_charges.c.document_id)

receipt_line_charges = Table(
    "receipt_line_charges",
    metadata,
    Column("charge_id", Uuid, ForeignKey("receipt_charges.id"), primary_key=True),
    Column("document_line_id", Uuid, primary_key=True),
    Column("amount_minor", Integer, nullable=False),
    sqlite_with_rowid=False,
)
Index("ix_receipt_line_charges_document_line_id", receipt_line_charges.c.document_line_id)

# Closed periods: through which day, the instant the next period starts (`boundary_at`, the end
# of that day), and the last movement the ledger held when it closed. A movement recorded later
# but dated before the boundary is costed at the boundary, in the open period (db.costing_ledger).
cost_periods = Table(
    "cost_periods",
    metadata,
    Column("closed_through", Date, primary_key=True),
    Column("boundary_at", UtcDateTime, nullable=False),
    Column("last_seq", Integer, nullable=False),
    Column("closed_by", String(200), nullable=False),
    Column("closed_at", UtcDateTime, nullable=False),
)

# What a closed period ended with: each product's quantity at each location and its value (costs
# are kept per product in a store), from which valuation counts on.
period_stock = Table(
    "period_stock",
    metadata,
    Column("closed_through", Date, primary_key=True),
    Column("product_id", Uuid, primary_key=True),
    Column("location_id", Uuid, primary_key=True),
    Column("quantity_milli", Integer, nullable=False),
    sqlite_with_rowid=False,
)
period_values = Table(
    "period_values",
    metadata,
    Column("closed_through", Date, primary_key=True),
    Column("product_id", Uuid, primary_key=True),
    Column("value_minor", Integer, nullable=False),
    sqlite_with_rowid=False,
)

# What costing holds of each product now: the sum of its costed movements' parts, kept by
# triggers on movement_costs (migration 0027) so it can never drift from them.
product_values = Table(
    "product_values",
    metadata,
    Column("product_id", Uuid, primary_key=True),
    Column("value_minor", Integer, nullable=False),
    sqlite_with_rowid=False,
)

# Checkpoints of the stock as of a day's start (db.value_checkpoints): each product's value and
# each place's quantity then, every one known (zeros too), kept true by triggers as movements
# dated before them are recorded and costs before them change (migration 0034). Valuation
# counts from the nearest one.
value_checkpoints = Table(
    "value_checkpoints",
    metadata,
    Column("boundary_at", UtcDateTime, primary_key=True),
    Column("taken_at", UtcDateTime, nullable=False),
)
checkpoint_values = Table(
    "checkpoint_values",
    metadata,
    Column("boundary_at", UtcDateTime, primary_key=True),
    Column("product_id", Uuid, primary_key=True),
    Column("value_minor", Integer, nullable=False),
    sqlite_with_rowid=False,
)
checkpoint_stock = Table(
    "checkpoint_stock",
    metadata,
    Column("boundary_at", UtcDateTime, primary_key=True),
    Column("product_id", Uuid, primary_key=True),
    Column("location_id", Uuid, primary_key=True),
    Column("quantity_milli", Integer, nullable=False),
    sqlite_with_rowid=False,
)
