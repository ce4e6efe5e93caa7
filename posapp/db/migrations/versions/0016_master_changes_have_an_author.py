"""master-data changes carry their author, with proof for head office

An outbox event that changes master data carries who made it and the proof made with their
author key (`posapp.domain.authorship`); the keys this node received at online sign-ins are kept
sealed under each user's password.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from posapp.db.types import UtcDateTime

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN: SQLite does not copy the outbox (a backlog may hold millions of rows).
    op.add_column("outbox_events", sa.Column("author", sa.Text(), nullable=True))
    op.create_table(
        "author_keys",
        sa.Column("user_id", sa.Uuid(), primary_key=True),
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("sealed", sa.Text(), nullable=False),
        sa.Column("received_at", UtcDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("author_keys")
    with op.batch_alter_table("outbox_events") as table:
        table.drop_column("author")
