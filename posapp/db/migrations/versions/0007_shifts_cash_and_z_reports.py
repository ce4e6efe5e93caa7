"""shifts with their float and count, cash in/out, numbered Z reports; sales belong to a shift

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-21 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "shifts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("terminal_code", sa.String(length=20), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("cashier_id", sa.Uuid(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opening_float_minor", sa.Integer(), nullable=False),
        sa.Column("opening_count", sa.Text(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closing_count", sa.Text(), nullable=True),
        sa.Column("counted_minor", sa.Integer(), nullable=True),
        sa.Column("expected_minor", sa.Integer(), nullable=True),
        sa.Column("approved_by", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["cashier_id"], ["users.id"], name=op.f("fk_shifts_cashier_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shifts")),
        sa.UniqueConstraint("terminal_code", "number", name=op.f("uq_shifts_terminal_code")),
    )
    op.create_index(
        "ux_shifts_one_open_per_terminal",
        "shifts",
        ["terminal_code"],
        unique=True,
        sqlite_where=sa.text("closed_at IS NULL"),
    )
    op.create_table(
        "cash_movements",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shift_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("amount_minor", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('cash_in', 'cash_out', 'drop')", name=op.f("ck_cash_movements_kind_known")
        ),
        sa.ForeignKeyConstraint(
            ["shift_id"], ["shifts.id"], name=op.f("fk_cash_movements_shift_id_shifts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cash_movements")),
    )
    op.create_index("ix_cash_movements_shift_id", "cash_movements", ["shift_id"])
    op.create_table(
        "z_reports",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("terminal_code", sa.String(length=20), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("shift_id", sa.Uuid(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["shift_id"], ["shifts.id"], name=op.f("fk_z_reports_shift_id_shifts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_z_reports")),
        sa.UniqueConstraint("shift_id", name=op.f("uq_z_reports_shift_id")),
        sa.UniqueConstraint("terminal_code", "number", name=op.f("uq_z_reports_terminal_code")),
    )
    with op.batch_alter_table("sales") as batch:
        batch.add_column(sa.Column("shift_id", sa.Uuid(), nullable=True))
    op.create_index(
        "ix_sales_shift_id", "sales", ["shift_id"], sqlite_where=sa.text("shift_id IS NOT NULL")
    )


def downgrade() -> None:
    op.drop_index("ix_sales_shift_id", table_name="sales")
    with op.batch_alter_table("sales") as batch:
        batch.drop_column("shift_id")
    op.drop_table("z_reports")
    op.drop_index("ix_cash_movements_shift_id", table_name="cash_movements")
    op.drop_table("cash_movements")
    op.drop_index("ux_shifts_one_open_per_terminal", table_name="shifts")
    op.drop_table("shifts")
