"""an index of the movements that name a batch (expiry alerts, FEFO, the till's batch check)

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-06 18:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_stock_movements_batched",
        "stock_movements",
        ["product_id", "batch"],
        sqlite_where=sa.text("batch IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_stock_movements_batched", table_name="stock_movements")
