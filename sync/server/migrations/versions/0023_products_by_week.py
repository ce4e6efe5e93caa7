"""sales by ISO week (its Monday) and product, by store and for the chain: how a product's demand
varies week to week (ABC/XYZ) without reading every day of a year; filled from the days

Revision ID: 0023
Revises: 0022
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
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
    for whose, store in (("sales", ("store_code",)), ("chain", ())):
        op.create_table(
            f"{whose}_week_products",
            *(sa.Column(name, sa.String(20), primary_key=True) for name in store),
            sa.Column("week", sa.Date(), primary_key=True),
            *(sa.Column(key, sa.Uuid(), primary_key=True) for key in _KEYS),
            *(sa.Column(name, sa.BigInteger(), nullable=False) for name in _SUMS),
        )
        keys = ", ".join((*store, *_KEYS))
        op.execute(
            f"INSERT INTO {whose}_week_products ({', '.join(store)}{',' if store else ''} week, "
            f"{', '.join(_KEYS)}, {', '.join(_SUMS)}) "
            f"SELECT {', '.join(store)}{',' if store else ''} date_trunc('week', day)::date, "
            f"{', '.join(_KEYS)}, {', '.join(f'sum({name})' for name in _SUMS)} "
            f"FROM {whose}_day_products GROUP BY {keys}, date_trunc('week', day)"
        )


def downgrade() -> None:
    op.drop_table("chain_week_products")
    op.drop_table("sales_week_products")
