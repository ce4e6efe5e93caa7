"""the people who author master data, and the role each holds in each store

Revision ID: 0006
Revises: 0005

Head office applies a master-data change only from a person it knows, proven by their author
key, whose role granted in the sending store allows that change (issue 17). The first chain
administrator is made with `posapp-server users add`.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("password_hash", sa.String(300)),
        sa.Column("pin_hash", sa.String(300)),
        sa.Column("key_version", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("archived", sa.Boolean(), nullable=False, server_default="false"),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_people"),
        sa.UniqueConstraint("username", name="uq_people_username"),
    )
    op.create_table(
        "grants",
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("store_code", sa.String(20), nullable=False),
        sa.Column("role", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("person_id", "store_code", name="pk_grants"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name="fk_grants_person_id_people"),
    )


def downgrade() -> None:
    op.drop_table("grants")
    op.drop_table("people")
