"""checkpoints of the stock as of a day's start — each product's value and each place's
quantity — kept true by triggers when a movement dated before one is recorded or a cost
before one is rewritten, so valuation as of a past day counts from the nearest checkpoint

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-07 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from posapp.db.types import UtcDateTime

revision: str = "0034"
down_revision: str | None = "0033"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Where costing places a movement (db.costing_ledger.AT, for the row `m`): its business time,
# or a closed period's boundary when it was recorded after that period closed.
_AT = (
    "max(m.business_at, coalesce((SELECT max(boundary_at) FROM cost_periods "
    "WHERE last_seq < m.seq), m.business_at))"
)
_STOCK = f"""
CREATE TRIGGER checkpoint_stock_moved AFTER INSERT ON stock_movements
WHEN EXISTS (SELECT 1 FROM value_checkpoints WHERE boundary_at > new.business_at)
BEGIN
    INSERT INTO checkpoint_stock (boundary_at, product_id, location_id, quantity_milli)
    SELECT c.boundary_at, m.product_id, m.location_id, m.quantity_milli
    FROM value_checkpoints c, stock_movements m WHERE m.id = new.id AND c.boundary_at > {_AT}
    ON CONFLICT (boundary_at, product_id, location_id) DO UPDATE
    SET quantity_milli = quantity_milli + excluded.quantity_milli;
END"""
# A cost's part in the checkpoints after its movement: added (new) or taken away (old).
_PART = f"""
    INSERT INTO checkpoint_values (boundary_at, product_id, value_minor)
    SELECT c.boundary_at, {{row}}.product_id,
        {{sign}}({{row}}.value_minor - {{row}}.true_up_minor)
    FROM value_checkpoints c, stock_movements m
    WHERE m.id = {{row}}.movement_id AND c.boundary_at > {_AT}
    ON CONFLICT (boundary_at, product_id) DO UPDATE
    SET value_minor = value_minor + excluded.value_minor;"""
_ADD = _PART.format(row="new", sign="")
_TAKE = _PART.format(row="old", sign="-")
_VALUES = {
    "checkpoint_values_add": ("INSERT", _ADD),
    "checkpoint_values_change": ("UPDATE", _TAKE + _ADD),
    "checkpoint_values_take": ("DELETE", _TAKE),
}


def upgrade() -> None:
    op.create_table(
        "value_checkpoints",
        sa.Column("boundary_at", UtcDateTime(), nullable=False),
        sa.Column("taken_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("boundary_at", name=op.f("pk_value_checkpoints")),
    )
    op.create_table(
        "checkpoint_values",
        sa.Column("boundary_at", UtcDateTime(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("value_minor", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("boundary_at", "product_id", name=op.f("pk_checkpoint_values")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "checkpoint_stock",
        sa.Column("boundary_at", UtcDateTime(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("location_id", sa.Uuid(), nullable=False),
        sa.Column("quantity_milli", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "boundary_at", "product_id", "location_id", name=op.f("pk_checkpoint_stock")
        ),
        sqlite_with_rowid=False,
    )
    op.execute(_STOCK)
    for name, (event, body) in _VALUES.items():
        op.execute(
            f"CREATE TRIGGER {name} AFTER {event} ON movement_costs "
            f"WHEN EXISTS (SELECT 1 FROM value_checkpoints) BEGIN {body} END"
        )


def downgrade() -> None:
    for name in ("checkpoint_stock_moved", *_VALUES):
        op.execute(f"DROP TRIGGER {name}")
    op.drop_table("checkpoint_stock")
    op.drop_table("checkpoint_values")
    op.drop_table("value_checkpoints")
