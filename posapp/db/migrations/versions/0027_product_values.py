"""what costing holds of each product now: the sum of its movements' costs, kept by triggers

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-06 20:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A costed movement's part of its product's value: what it brought in or took out, less a
# true-up (the part of an inflow that paid for goods sold before they came).
_PART = "{row}.value_minor - {row}.true_up_minor"
_ADD = (
    "INSERT INTO product_values (product_id, value_minor) VALUES (new.product_id, {part}) "
    "ON CONFLICT (product_id) DO UPDATE SET value_minor = value_minor + excluded.value_minor;"
).format(part=_PART.format(row="new"))
_TAKE = (
    "UPDATE product_values SET value_minor = value_minor - ({part}) "
    "WHERE product_id = old.product_id;"
).format(part=_PART.format(row="old"))


def upgrade() -> None:
    op.create_table(
        "product_values",
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("value_minor", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("product_id", name=op.f("pk_product_values")),
        sqlite_with_rowid=False,
    )
    op.execute(
        "INSERT INTO product_values (product_id, value_minor) "
        f"SELECT product_id, sum({_PART.format(row='movement_costs')}) FROM movement_costs "
        "GROUP BY product_id"
    )
    op.execute(f"CREATE TRIGGER product_values_add AFTER INSERT ON movement_costs BEGIN {_ADD} END")
    op.execute(
        "CREATE TRIGGER product_values_change AFTER UPDATE ON movement_costs "
        f"BEGIN {_TAKE} {_ADD} END"
    )
    op.execute(
        f"CREATE TRIGGER product_values_take AFTER DELETE ON movement_costs BEGIN {_TAKE} END"
    )


def downgrade() -> None:
    for trigger in ("product_values_add", "product_values_change", "product_values_take"):
        op.execute(f"DROP TRIGGER {trigger}")
    op.drop_table("product_values")
