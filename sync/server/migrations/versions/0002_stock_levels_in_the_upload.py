"""stock levels folded in the upload transaction: no per-movement projected flag

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Movements a crash left unfolded under the old scheme go into the levels first.
    op.execute(
        "INSERT INTO stock_levels (product_id, location_id, on_hand_milli) "
        "SELECT product_id, location_id, sum(quantity_milli) FROM stock_movements "
        "WHERE NOT projected GROUP BY product_id, location_id "
        "ON CONFLICT (product_id, location_id) DO UPDATE "
        "SET on_hand_milli = stock_levels.on_hand_milli + excluded.on_hand_milli"
    )
    op.drop_index("ix_stock_movements_unprojected", table_name="stock_movements")
    op.drop_column("stock_movements", "projected")


def downgrade() -> None:
    op.add_column(
        "stock_movements",
        sa.Column("projected", sa.Boolean(), server_default=sa.text("true"), nullable=False),
    )
    op.alter_column("stock_movements", "projected", server_default=sa.text("false"))
    op.create_index(
        "ix_stock_movements_unprojected",
        "stock_movements",
        ["node_id"],
        postgresql_where=sa.text("projected IS false"),
    )
