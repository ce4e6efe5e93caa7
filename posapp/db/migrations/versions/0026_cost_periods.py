"""closed costing periods with the stock and value each ended with; movements by business time

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-06 18:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from posapp.db.types import UtcDateTime

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cost_periods",
        sa.Column("closed_through", sa.Date(), nullable=False),
        sa.Column("boundary_at", UtcDateTime(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("closed_by", sa.String(200), nullable=False),
        sa.Column("closed_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("closed_through", name=op.f("pk_cost_periods")),
    )
    op.create_table(
        "period_stock",
        sa.Column("closed_through", sa.Date(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("location_id", sa.Uuid(), nullable=False),
        sa.Column("quantity_milli", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "closed_through", "product_id", "location_id", name=op.f("pk_period_stock")
        ),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "period_values",
        sa.Column("closed_through", sa.Date(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("value_minor", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("closed_through", "product_id", name=op.f("pk_period_values")),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_stock_movements_business_at", "stock_movements", ["business_at"])


def downgrade() -> None:
    op.drop_index("ix_stock_movements_business_at", table_name="stock_movements")
    op.drop_table("period_values")
    op.drop_table("period_stock")
    op.drop_table("cost_periods")
