"""a till's receipt numbers rise: checked against the highest received, not a unique index

Revision ID: 0007
Revises: 0006

The unique index on (node, number) cost a seventh of the drain's speed. Within an incarnation a
till's numbers rise with its event sequence, so head office keeps the highest it received
(`last_number`) and refuses one at or below it; a restored till's new incarnation starts above
its earlier incarnations' numbers for flagging (`number_floor`). See sync/server/receipt_numbers.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_RUNNING = r"substring(number from '([0-9]+)$')::bigint"


def upgrade() -> None:
    op.add_column(
        "nodes", sa.Column("last_number", sa.BigInteger(), nullable=False, server_default="0")
    )
    op.add_column(
        "nodes", sa.Column("number_floor", sa.BigInteger(), nullable=False, server_default="0")
    )
    op.execute(
        f"UPDATE nodes n SET last_number = coalesce((SELECT max({_RUNNING}) FROM sales s "
        "WHERE s.node_id = n.id), 0)"
    )
    op.execute(
        "UPDATE nodes n SET number_floor = coalesce((SELECT max(e.last_number) FROM nodes e "
        "WHERE e.store_code = n.store_code AND e.terminal_code = n.terminal_code "
        "AND e.incarnation < n.incarnation), 0)"
    )
    op.drop_index("uq_sales_node_id_number", table_name="sales")


def downgrade() -> None:
    op.create_index("uq_sales_node_id_number", "sales", ["node_id", "number"], unique=True)
    op.drop_column("nodes", "number_floor")
    op.drop_column("nodes", "last_number")
