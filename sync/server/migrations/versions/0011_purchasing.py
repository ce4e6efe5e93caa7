"""purchasing documents that move no stock (orders, requests, bills) kept at their latest
version, payments to suppliers with the bills they pay

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.alter_column("stock_documents", "completed_at", nullable=True)
    op.add_column("stock_documents", sa.Column("version", sa.Integer(), nullable=True))
    op.add_column("stock_documents", sa.Column("due_at", sa.DateTime(timezone=True)))
    op.add_column("stock_documents", sa.Column("total_minor", sa.BigInteger()))
    op.add_column("stock_document_lines", sa.Column("tax_rate_ppm", sa.Integer()))
    op.add_column("stock_document_lines", sa.Column("receipt_line_id", sa.Uuid()))
    op.create_table(
        "supplier_payments",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("node_id", sa.Uuid(), nullable=False),
        sa.Column("store_code", sa.String(20), nullable=False),
        sa.Column("number", sa.String(40), nullable=False),
        sa.Column("supplier_id", sa.Uuid(), nullable=False),
        sa.Column("account", sa.String(60), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reference", sa.String(100)),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.UniqueConstraint("store_code", "number", name="uq_supplier_payments_store_code_number"),
    )
    op.create_table(
        "payment_allocations",
        sa.Column(
            "payment_id",
            sa.Uuid(),
            sa.ForeignKey(
                "supplier_payments.id", name="fk_payment_allocations_payment_id_supplier_payments"
            ),
            primary_key=True,
        ),
        sa.Column("bill_id", sa.Uuid(), primary_key=True),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("payment_allocations")
    op.drop_table("supplier_payments")
    op.drop_column("stock_document_lines", "receipt_line_id")
    op.drop_column("stock_document_lines", "tax_rate_ppm")
    op.drop_column("stock_documents", "total_minor")
    op.drop_column("stock_documents", "due_at")
    op.drop_column("stock_documents", "version")
    op.execute("DELETE FROM stock_documents WHERE completed_at IS NULL")
    op.alter_column("stock_documents", "completed_at", nullable=False)
