"""checkpoints of the stock as of a day's start — each store's product values and each place's
quantities — kept true by triggers when a late movement or a recosting reaches behind them, so
valuation as of a past day counts back from the nearest checkpoint after it, not from now

Revision ID: 0028
Revises: 0027
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A change to a movement's cost changes every checkpoint after the movement's time. Run with
# EXECUTE, planned afresh each time: PL/pgSQL keeps the plan a session first made, and one
# made for a step of one movement (a nested loop) is ruinous for a recosting of millions.
_FOLD = """
CREATE FUNCTION checkpoint_values_{name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM value_checkpoints) THEN
        EXECUTE $q$
        INSERT INTO checkpoint_values (boundary_at, store_code, product_id, value_minor)
        SELECT c.boundary_at, p.store_code, p.product_id, sum(p.part) FROM ({parts}) AS p
        JOIN stock_movements m ON m.id = p.movement_id
        JOIN value_checkpoints c ON coalesce(m.business_at, m.created_at) < c.boundary_at
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (boundary_at, store_code, product_id) DO UPDATE
        SET value_minor = checkpoint_values.value_minor + excluded.value_minor
        $q$;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER checkpoint_values_{name} AFTER {event} ON movement_costs
REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION checkpoint_values_{name}();
"""
_ADDED = (
    "SELECT movement_id, store_code, product_id, value_minor - true_up_minor AS part FROM added"
)
_TAKEN = "SELECT movement_id, store_code, product_id, true_up_minor - value_minor FROM taken"
_TRIGGERS = {
    "added": ("INSERT", "NEW TABLE AS added", _ADDED),
    "changed": ("UPDATE", "OLD TABLE AS taken NEW TABLE AS added", f"{_ADDED} UNION ALL {_TAKEN}"),
    "taken": ("DELETE", "OLD TABLE AS taken", _TAKEN),
}


def upgrade() -> None:
    op.create_table(
        "value_checkpoints",
        sa.Column("boundary_at", sa.DateTime(timezone=True), primary_key=True),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "checkpoint_values",
        sa.Column("boundary_at", sa.DateTime(timezone=True), primary_key=True),
        sa.Column("store_code", sa.String(20), primary_key=True),
        sa.Column("product_id", sa.Uuid(), primary_key=True),
        sa.Column("value_minor", sa.BigInteger(), nullable=False),
    )
    op.create_table(
        "checkpoint_stock",
        sa.Column("boundary_at", sa.DateTime(timezone=True), primary_key=True),
        sa.Column("product_id", sa.Uuid(), primary_key=True),
        sa.Column("location_id", sa.Uuid(), primary_key=True),
        sa.Column("quantity_milli", sa.BigInteger(), nullable=False),
    )
    for name, (event, tables, parts) in _TRIGGERS.items():
        op.execute(_FOLD.format(name=name, event=event, tables=tables, parts=parts))


def downgrade() -> None:
    for name in _TRIGGERS:
        op.execute(f"DROP TRIGGER checkpoint_values_{name} ON movement_costs")
        op.execute(f"DROP FUNCTION checkpoint_values_{name}()")
    op.drop_table("checkpoint_stock")
    op.drop_table("checkpoint_values")
    op.drop_table("value_checkpoints")
