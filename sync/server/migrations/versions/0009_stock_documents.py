"""goods receipts and stock adjustments from the stores, with their lines (and the purchase order
a receipt received against); movements carry their business time

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "stock_movements", sa.Column("business_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.create_table(
        "stock_documents",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("node_id", sa.Uuid(), nullable=False),
        sa.Column("store_code", sa.String(20), nullable=False),
        sa.Column("doc_type", sa.String(30), nullable=False),
        sa.Column("number", sa.String(40), nullable=False),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("location_id", sa.Uuid(), nullable=False),
        sa.Column("supplier_id", sa.Uuid()),
        sa.Column("reason", sa.String(20)),
        sa.Column("reference", sa.String(100)),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("business_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("order_id", sa.Uuid()),
        sa.Column("order_number", sa.String(40)),
        sa.UniqueConstraint("store_code", "number", name="uq_stock_documents_store_code_number"),
    )
    op.create_table(
        "stock_document_lines",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "document_id",
            sa.Uuid(),
            sa.ForeignKey(
                "stock_documents.id", name="fk_stock_document_lines_document_id_stock_documents"
            ),
            nullable=False,
        ),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("quantity_milli", sa.BigInteger(), nullable=False),
        sa.Column("unit_cost_minor", sa.BigInteger()),
        sa.Column("batch", sa.String(40)),
        sa.Column("expiry", sa.Date()),
        sa.Column("order_line_id", sa.Uuid()),
    )


def downgrade() -> None:
    op.drop_table("stock_document_lines")
    op.drop_table("stock_documents")
    op.drop_column("stock_movements", "business_at")
