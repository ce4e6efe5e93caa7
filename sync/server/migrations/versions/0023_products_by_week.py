"""sales by ISO week (its Monday) and product, by store and for the chain: how a product's demand
varies week to week (ABC/XYZ) without reading every day of a year; filled from the days. A row
per product and week, whatever its category or brand (those keys hold the nothing-id)

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
_NOTHING = "00000000-0000-0000-0000-000000000000"


def upgrade() -> None:
    for whose, store in (("sales", ("store_code",)), ("chain", ())):
        op.create_table(
            f"{whose}_week_products",
            *(sa.Column(name, sa.String(20), primary_key=True) for name in store),
            sa.Column("week", sa.Date(), primary_key=True),
            *(sa.Column(key, sa.Uuid(), primary_key=True) for key in _KEYS),
            *(sa.Column(name, sa.BigInteger(), nullable=False) for name in _SUMS),
        )
        kept = "".join(f"{name}, " for name in store)
        op.execute(
            f"INSERT INTO {whose}_week_products ({kept}week, {', '.join(_KEYS)}, "
            f"{', '.join(_SUMS)}) SELECT {kept}date_trunc('week', day)::date, product_id, "
            f"CAST('{_NOTHING}' AS uuid), CAST('{_NOTHING}' AS uuid), "
            f"{', '.join(f'sum({name})' for name in _SUMS)} FROM {whose}_day_products "
            f"GROUP BY {kept}date_trunc('week', day), product_id"
        )


def downgrade() -> None:
    op.drop_table("chain_week_products")
    op.drop_table("sales_week_products")
