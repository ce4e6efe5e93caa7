"""journal keeps the payload of events that are not documents (no sale, overrides, shifts)

A document's journal entry is checked against the document's own rows; an event has no rows of
its own, so its payload is kept in the entry, where its hash covers it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21 08:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("journal_entries") as batch:
        batch.add_column(sa.Column("payload", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("journal_entries") as batch:
        batch.drop_column("payload")
