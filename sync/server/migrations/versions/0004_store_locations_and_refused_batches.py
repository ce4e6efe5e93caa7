"""locations held by their store, and batches head office refused

Revision ID: 0004
Revises: 0003

A location belongs to the store that first sold from it: a till of another store cannot move its
stock. Locations already used are given to the store whose sale used them first.

A batch refused by the contract is recorded with its sequence range: the node's sequence moves
past it, so the node's later batches keep flowing while the refused one waits, quarantined at the
node, for a person.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "store_locations",
        sa.Column("location_id", sa.Uuid, primary_key=True),
        sa.Column("store_code", sa.String(20), nullable=False),
        sa.Column("node_id", sa.Uuid),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.execute(
        "INSERT INTO store_locations (location_id, store_code, node_id, registered_at) "
        "SELECT DISTINCT ON (location_id) location_id, store_code, node_id, created_at "
        "FROM sales ORDER BY location_id, created_at"
    )
    op.create_table(
        "refused_batches",
        sa.Column("batch_id", sa.Uuid, primary_key=True),
        sa.Column("node_id", sa.Uuid, sa.ForeignKey("nodes.id"), nullable=False),
        sa.Column("first_seq", sa.BigInteger, nullable=False),
        sa.Column("last_seq", sa.BigInteger, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("refused_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_refused_batches_node_id", "refused_batches", ["node_id"])


def downgrade() -> None:
    op.drop_table("refused_batches")
    op.drop_table("store_locations")
