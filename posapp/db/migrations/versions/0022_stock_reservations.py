"""stock set aside by documents in a status that reserves it (a transfer picked, not yet sent)

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06 06:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "stock_reservations",
        sa.Column("document_line_id", sa.Uuid(), nullable=False),
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("location_id", sa.Uuid(), nullable=False),
        sa.Column("quantity_milli", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["stock_documents.id"],
            name=op.f("fk_stock_reservations_document_id_stock_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_stock_reservations_product_id_products")
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_stock_reservations_location_id_locations"),
        ),
        sa.PrimaryKeyConstraint("document_line_id", name=op.f("pk_stock_reservations")),
        sqlite_with_rowid=False,
    )
    op.create_index(
        "ix_stock_reservations_product_id_location_id",
        "stock_reservations",
        ["product_id", "location_id"],
    )
    op.create_index("ix_stock_reservations_document_id", "stock_reservations", ["document_id"])


def downgrade() -> None:
    op.drop_index("ix_stock_reservations_document_id", "stock_reservations")
    op.drop_index("ix_stock_reservations_product_id_location_id", "stock_reservations")
    op.drop_table("stock_reservations")
