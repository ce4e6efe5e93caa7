"""head office's relational catalogue: products with their category and brand, the categories
(each with its parent) and brands, and customers, kept from their master records as they change;
filled here from the records already held (none of which names a category or brand yet)

Revision ID: 0020
Revises: 0019
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "catalogue_categories",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("parent_id", sa.Uuid()),
        sa.Column("name", sa.String(200), nullable=False),
    )
    op.create_table(
        "catalogue_brands",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
    )
    op.create_table(
        "catalogue_products",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("category_id", sa.Uuid()),
        sa.Column("brand_id", sa.Uuid()),
    )
    op.create_table(
        "catalogue_customers",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
    )
    op.execute("""
        INSERT INTO catalogue_products (id, sku, name)
        SELECT key::uuid, payload ->> 'sku', payload ->> 'name' FROM master_records
        WHERE entity = 'product' AND payload IS NOT NULL
    """)
    op.execute("""
        INSERT INTO catalogue_customers (id, code, name)
        SELECT key::uuid, payload ->> 'code', payload ->> 'name' FROM master_records
        WHERE entity = 'customer' AND payload IS NOT NULL
    """)


def downgrade() -> None:
    for table in (
        "catalogue_customers",
        "catalogue_products",
        "catalogue_brands",
        "catalogue_categories",
    ):
        op.drop_table(table)
