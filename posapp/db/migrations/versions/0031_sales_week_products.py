"""sales by ISO week and product, filled from the summary by day (a week is named by its
Monday; SQLite's date(day, 'weekday 0', '-6 days') is the Monday of the ISO week of `day`)

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-07 01:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0031"
down_revision: str | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KEYS = ("product_id",)
_SUMS = (
    "lines",
    "quantity_milli",
    "amount_minor",
    "discount_minor",
    "net_minor",
    "tax_minor",
    "returned_minor",
    "cost_minor",
    "costed_milli",
)


def upgrade() -> None:
    op.create_table(
        "sales_week_products",
        sa.Column("week", sa.Date(), nullable=False),
        *(sa.Column(key, sa.Uuid(), nullable=False) for key in _KEYS),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in _SUMS),
        sa.PrimaryKeyConstraint("week", *_KEYS, name=op.f("pk_sales_week_products")),
        sqlite_with_rowid=False,
    )
    keys, sums = ", ".join(_KEYS), ", ".join(f"sum({name})" for name in _SUMS)
    op.execute(
        f"INSERT INTO sales_week_products (week, {keys}, {', '.join(_SUMS)}) "
        f"SELECT date(day, 'weekday 0', '-6 days'), {keys}, {sums} FROM sales_day_products "
        f"GROUP BY date(day, 'weekday 0', '-6 days'), {keys}"
    )


def downgrade() -> None:
    op.drop_table("sales_week_products")
