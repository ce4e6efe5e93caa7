"""master records a node could not take are set aside, not retried

A record pulled from head office that fails the sync contract (or that this node cannot apply) is
kept here with the reason, and the node's cursor moves past it: one bad record never stops a
till from receiving the good ones behind it. `posapp sync status` and the outbox screen show
them.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from posapp.db.types import UtcDateTime

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sync_set_aside",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(30), nullable=False),
        sa.Column("record_key", sa.String(100), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("record", sa.Text()),
        sa.Column("set_aside_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_set_aside")),
    )


def downgrade() -> None:
    op.drop_table("sync_set_aside")
