"""sync: this node's enrolment, the batch in flight, and the master-data cursor

`sync_identity` holds at most one row: where head office is, who this node is to it (device id,
incarnation, bearer token) and how far master data has been pulled. `sync_batches` holds the
batch being sent (its id is the idempotency key, so a retry sends the same id and the same
events) and any batch head office refused, quarantined until a manager retries it.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-21 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from posapp.db.types import UtcDateTime

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sync_identity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("server_url", sa.String(length=500), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("incarnation", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=200), nullable=False),
        sa.Column("enrolled_at", UtcDateTime(), nullable=False),
        sa.Column("cursor", sa.String(length=100)),
        sa.Column("pulled_at", UtcDateTime()),
        sa.CheckConstraint("id = 1", name=op.f("ck_sync_identity_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_identity")),
    )
    op.create_table(
        "sync_batches",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("first_seq", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text()),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint(
            "state IN ('sending', 'quarantined')", name=op.f("ck_sync_batches_state_known")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_batches")),
    )
    # What is still to send: the unsent tail of the outbox, found without a scan.
    op.create_index(
        "ix_outbox_events_unsent",
        "outbox_events",
        ["seq"],
        sqlite_where=sa.text("sent_at IS NULL"),
    )

    _queue_earlier_journal_events()


def _queue_earlier_journal_events() -> None:
    """Journal events (shifts, cash, no sale, overrides…) written before they were queued for
    head office get their outbox event now, in journal order, so head office has the whole
    history and `posapp check` finds every event queued."""
    from posapp.domain.ids import Uuid7Factory

    connection = op.get_bind()
    entries = connection.execute(
        sa.text(
            "SELECT id, kind, payload, created_at FROM journal_entries "
            "WHERE document_id IS NULL AND payload IS NOT NULL ORDER BY seq"
        )
    ).all()
    if not entries:
        return
    last = connection.execute(
        sa.text("SELECT coalesce(max(seq), 0) FROM outbox_events")
    ).scalar_one()
    new_id = Uuid7Factory()
    connection.execute(
        sa.text(
            "INSERT INTO outbox_events (seq, id, kind, aggregate_id, payload, created_at) "
            "VALUES (:seq, :id, :kind, :aggregate, :payload, :at)"
        ),
        [
            {
                "seq": last + n,
                "id": new_id().hex,
                "kind": f"journal.{entry.kind}",
                "aggregate": entry.id,
                "payload": entry.payload,
                "at": entry.created_at,
            }
            for n, entry in enumerate(entries, start=1)
        ],
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_events_unsent", table_name="outbox_events")
    op.drop_table("sync_batches")
    op.drop_table("sync_identity")
