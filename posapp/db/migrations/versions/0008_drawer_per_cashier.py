"""a drawer per cashier, when the shop wants it: shifts carry the drawer they count

Shared drawer (the default): one open shift per terminal, drawer ''. Drawer per cashier: one
open shift per terminal and cashier, drawer = the cashier's id.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-21 09:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ux_shifts_one_open_per_terminal", table_name="shifts")
    with op.batch_alter_table("shifts") as batch:
        batch.add_column(
            sa.Column("drawer", sa.String(length=40), nullable=False, server_default="")
        )
    op.create_index(
        "ux_shifts_one_open_per_drawer",
        "shifts",
        ["terminal_code", "drawer"],
        unique=True,
        sqlite_where=sa.text("closed_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ux_shifts_one_open_per_drawer", table_name="shifts")
    with op.batch_alter_table("shifts") as batch:
        batch.drop_column("drawer")
    op.create_index(
        "ux_shifts_one_open_per_terminal",
        "shifts",
        ["terminal_code"],
        unique=True,
        sqlite_where=sa.text("closed_at IS NULL"),
    )
