"""a customer-group price list may hold its price at volume

By default a customer gets the lower of their group's price and a quantity break's price. A
group list marked `holds_at_volume` keeps its own price even where a quantity break is lower
(a contract price that volume does not change).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 18:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("price_lists") as table:
        table.add_column(
            sa.Column("holds_at_volume", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("price_lists") as table:
        table.drop_column("holds_at_volume")
