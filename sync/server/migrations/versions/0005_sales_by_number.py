"""sales found by their receipt number

Revision ID: 0005
Revises: 0004

A till restored from a backup numbers on from where its backup stopped until head office tells
it; each upload looks its receipt numbers up to flag one already used.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_sales_number", "sales", ["number"])


def downgrade() -> None:
    op.drop_index("ix_sales_number", table_name="sales")
