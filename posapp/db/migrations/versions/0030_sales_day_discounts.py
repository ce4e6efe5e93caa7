"""discounts and promotions given, by local day and reason (folded from the documents already
recorded at the next fold: its own cursor starts at the beginning)

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-07 01:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0030"
down_revision: str | None = "0029"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SUMS = (
    "lines",
    "quantity_milli",
    "list_minor",
    "price_off_minor",
    "line_discount_minor",
    "basket_discount_minor",
    "given_minor",
    "amount_minor",
)


def upgrade() -> None:
    op.create_table(
        "sales_day_discounts",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in _SUMS),
        sa.PrimaryKeyConstraint("day", "reason", name=op.f("pk_sales_day_discounts")),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("sales_day_discounts")
