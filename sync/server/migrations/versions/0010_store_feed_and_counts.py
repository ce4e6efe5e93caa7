"""the store feed: each movement keeps the transaction that wrote it, so a store's nodes can
be sent, in commit order, the movements its other nodes made; adjustments name the count they
settle; transfers name their other location and the store they go to

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Rows already there get this migration's transaction: they are all committed before any
    # node reads the feed, which is all the feed needs of them.
    op.execute(
        "ALTER TABLE stock_movements ADD COLUMN feed_xid xid8 NOT NULL DEFAULT pg_current_xact_id()"
    )
    op.create_index(
        "ix_stock_movements_store_code_feed_xid_id",
        "stock_movements",
        ["store_code", "feed_xid", "id"],
    )
    op.add_column("stock_documents", sa.Column("count_id", sa.Uuid()))
    op.add_column("stock_documents", sa.Column("count_number", sa.String(40)))
    op.add_column("stock_documents", sa.Column("other_location_id", sa.Uuid()))
    op.add_column("stock_documents", sa.Column("to_store", sa.String(20)))


def downgrade() -> None:
    op.drop_column("stock_documents", "to_store")
    op.drop_column("stock_documents", "other_location_id")
    op.drop_column("stock_documents", "count_number")
    op.drop_column("stock_documents", "count_id")
    op.drop_index("ix_stock_movements_store_code_feed_xid_id", "stock_movements")
    op.drop_column("stock_movements", "feed_xid")
