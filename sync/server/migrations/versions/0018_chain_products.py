"""sales by day (and month) and product for the whole chain, its stores added together, filled
from the summaries by store: chain-wide reports by product read a store's share of the rows

Revision ID: 0018
Revises: 0017
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

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
_KEYS = ("product_id", "category_id", "brand_id")


def upgrade() -> None:
    for period in ("day", "month"):
        op.create_table(
            f"chain_{period}_products",
            sa.Column(period, sa.Date(), primary_key=True),
            *(sa.Column(key, sa.Uuid(), primary_key=True) for key in _KEYS),
            *(sa.Column(name, sa.BigInteger(), nullable=False) for name in _SUMS),
        )
        keys = ", ".join((period, *_KEYS))
        op.execute(
            f"INSERT INTO chain_{period}_products ({keys}, {', '.join(_SUMS)}) "
            f"SELECT {keys}, {', '.join(f'sum({name})' for name in _SUMS)} "
            f"FROM sales_{period}_products GROUP BY {keys}"
        )


def downgrade() -> None:
    op.drop_table("chain_month_products")
    op.drop_table("chain_day_products")
