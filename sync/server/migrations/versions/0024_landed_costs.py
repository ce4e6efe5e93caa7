"""goods receipts' landed costs (sync contract 7): each charge a store added to a receipt, and
each receipt line's part of it, which head office's costing adds to that line's goods

Revision ID: 0024
Revises: 0023
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "receipt_charges",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("node_id", sa.Uuid(), nullable=False),
        sa.Column("store_code", sa.String(20), nullable=False),
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("description", sa.String(100), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("basis", sa.String(10), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_receipt_charges_document_id", "receipt_charges", ["document_id"])
    op.create_table(
        "receipt_line_charges",
        sa.Column("charge_id", sa.Uuid(), sa.ForeignKey("receipt_charges.id"), primary_key=True),
        sa.Column("document_line_id", sa.Uuid(), primary_key=True),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
    )
    op.create_index(
        "ix_receipt_line_charges_document_line_id", "receipt_line_charges", ["document_line_id"]
    )


def downgrade() -> None:
    op.drop_table("receipt_line_charges")
    op.drop_table("receipt_charges")
