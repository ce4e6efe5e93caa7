"""costing at head office: each movement's cost per store, saved states, marks and the cursor
over the movements; movements of stock documents name their line

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("stock_movements", sa.Column("document_line_id", sa.Uuid(), nullable=True))
    op.execute(
        "CREATE INDEX ix_stock_movements_costing ON stock_movements "
        "(store_code, product_id, coalesce(business_at, created_at), node_id, id)"
    )
    op.create_index("ix_stock_movements_document_line_id", "stock_movements", ["document_line_id"])
    # A bill's lines by the receipt line they bill: what a receipt's goods cost.
    op.create_index(
        "ix_stock_document_lines_receipt_line_id", "stock_document_lines", ["receipt_line_id"]
    )
    op.create_table(
        "movement_costs",
        sa.Column("movement_id", sa.Uuid(), primary_key=True),
        sa.Column("store_code", sa.String(20), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("value_minor", sa.BigInteger(), nullable=False),
        sa.Column("true_up_minor", sa.BigInteger(), nullable=False),
    )
    op.create_index(
        "ix_movement_costs_store_code_product_id", "movement_costs", ["store_code", "product_id"]
    )
    op.create_table(
        "cost_states",
        sa.Column("store_code", sa.String(20), primary_key=True),
        sa.Column("product_id", sa.Uuid(), primary_key=True),
        sa.Column("business_at", sa.DateTime(timezone=True), primary_key=True),
        sa.Column("node_id", sa.Uuid(), primary_key=True),
        sa.Column("movement_id", sa.Uuid(), primary_key=True),
        sa.Column("state", JSONB(), nullable=False),
    )
    op.create_table(
        "cost_marks",
        sa.Column("store_code", sa.String(20), primary_key=True),
        sa.Column("product_id", sa.Uuid(), primary_key=True),
        sa.Column("business_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("node_id", sa.Uuid(), nullable=False),
        sa.Column("movement_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
    )
    op.create_table(
        "cost_cursor",
        sa.Column("name", sa.String(20), primary_key=True),
        sa.Column("cursor", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("cost_cursor")
    op.drop_table("cost_marks")
    op.drop_table("cost_states")
    op.drop_index("ix_movement_costs_store_code_product_id", "movement_costs")
    op.drop_table("movement_costs")
    op.drop_index("ix_stock_document_lines_receipt_line_id", "stock_document_lines")
    op.drop_index("ix_stock_movements_document_line_id", "stock_movements")
    op.drop_index("ix_stock_movements_costing", "stock_movements")
    op.drop_column("stock_movements", "document_line_id")
