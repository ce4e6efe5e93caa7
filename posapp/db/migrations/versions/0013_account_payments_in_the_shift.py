"""a payment on account taken at a till belongs to its shift, with the tender it came in

The X and Z reports list payments on account by tender, and the cash ones count in the drawer's
expected cash: a card payment on account is then in the Z as it is on the card terminal's batch.
Payments taken before this have no shift (they were counted as cash-ins when in cash).

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-21 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("receivable_entries") as batch:
        batch.add_column(sa.Column("shift_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("tender", sa.String(length=20), nullable=True))
        batch.create_foreign_key(
            op.f("fk_receivable_entries_shift_id_shifts"), "shifts", ["shift_id"], ["id"]
        )
    op.create_index(
        "ix_receivable_entries_shift_id",
        "receivable_entries",
        ["shift_id"],
        unique=False,
        sqlite_where=sa.text("shift_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_receivable_entries_shift_id", table_name="receivable_entries")
    with op.batch_alter_table("receivable_entries") as batch:
        batch.drop_constraint(op.f("fk_receivable_entries_shift_id_shifts"), type_="foreignkey")
        batch.drop_column("tender")
        batch.drop_column("shift_id")
