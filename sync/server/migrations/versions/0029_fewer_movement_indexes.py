"""two fewer index entries for each sale's stock movement: costing takes new movements in
through the store feed's index, store by store (its own index on the transactions' order is
dropped), and the index on a movement's document line holds only movements that have one (a
sale's movements have none)

Revision ID: 0029
Revises: 0028
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0029"
down_revision: str | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DROP INDEX ix_stock_movements_feed_xid_id")
    op.execute("DROP INDEX ix_stock_movements_document_line_id")
    op.execute(
        "CREATE INDEX ix_stock_movements_document_line_id ON stock_movements (document_line_id) "
        "WHERE document_line_id IS NOT NULL"
    )


def downgrade() -> None:
    op.execute("DROP INDEX ix_stock_movements_document_line_id")
    op.execute(
        "CREATE INDEX ix_stock_movements_document_line_id ON stock_movements (document_line_id)"
    )
    op.execute("CREATE INDEX ix_stock_movements_feed_xid_id ON stock_movements (feed_xid, id)")
