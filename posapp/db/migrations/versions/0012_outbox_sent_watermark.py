"""the outbox remembers how far head office has acknowledged it, instead of marking each event

`outbox_sent.through_seq`: every event up to it is sent. Marking each event rewrote its row
(payload included) after the fact — megabytes of WAL per 1,000-event batch while a long backlog
drained, and the till's sales waited behind it. An outbox event is now written once and never
changed.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-21 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from posapp.db.types import UtcDateTime

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outbox_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("through_seq", sa.Integer(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=True),
        sa.CheckConstraint("id = 1", name=op.f("ck_outbox_sent_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_sent")),
    )
    # Sent so far: up to the first unsent event (events go in sequence order, so none after it
    # was acknowledged), or all of them.
    op.execute(
        "INSERT INTO outbox_sent (id, through_seq, updated_at) SELECT 1, coalesce("
        "(SELECT min(seq) - 1 FROM outbox_events WHERE sent_at IS NULL), "
        "(SELECT max(seq) FROM outbox_events), 0), "
        "(SELECT max(sent_at) FROM outbox_events)"
    )
    op.drop_index("ix_outbox_events_unsent", table_name="outbox_events")
    op.execute("ALTER TABLE outbox_events DROP COLUMN sent_at")


def downgrade() -> None:
    op.add_column("outbox_events", sa.Column("sent_at", UtcDateTime(), nullable=True))
    op.execute(
        "UPDATE outbox_events SET sent_at = coalesce((SELECT updated_at FROM outbox_sent), "
        "created_at) WHERE seq <= (SELECT through_seq FROM outbox_sent)"
    )
    op.create_index(
        "ix_outbox_events_unsent",
        "outbox_events",
        ["seq"],
        unique=False,
        sqlite_where=sa.text("sent_at IS NULL"),
    )
    op.drop_table("outbox_sent")
