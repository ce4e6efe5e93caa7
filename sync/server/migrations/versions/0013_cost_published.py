"""the catalogue cost head office last published from costing, and a change waiting for its day;
movements by the transaction that wrote them, across stores (costing's intake)

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Costing takes in new movements of every store in the order their transactions wrote them;
    # without this it sorted the whole table for each page of 100,000.
    op.create_index("ix_stock_movements_feed_xid_id", "stock_movements", ["feed_xid", "id"])
    op.create_table(
        "cost_published",
        sa.Column("product_id", sa.Uuid(), primary_key=True),
        sa.Column("cost_minor", sa.BigInteger()),
        sa.Column("published_at", sa.DateTime(timezone=True)),
        sa.Column("pending_minor", sa.BigInteger()),
    )


def downgrade() -> None:
    op.drop_index("ix_stock_movements_feed_xid_id", "stock_movements")
    op.drop_table("cost_published")
