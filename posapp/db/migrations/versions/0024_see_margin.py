"""the built-in manager and administrator roles may see the till's provisional margin

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06 17:50:00
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A new permission reaches the roles that had it from the start on a new install; a shop's
    # other roles are the shop's to change (People tab), so they are left as they are.
    connection = op.get_bind()
    for code, permissions in connection.execute(
        sa.text("SELECT code, permissions FROM roles WHERE code IN ('manager', 'administrator')")
    ):
        held = json.loads(permissions)
        if "see_margin" not in held:
            connection.execute(
                sa.text("UPDATE roles SET permissions = :permissions WHERE code = :code"),
                {"permissions": json.dumps(sorted([*held, "see_margin"])), "code": code},
            )


def downgrade() -> None:
    connection = op.get_bind()
    for code, permissions in connection.execute(
        sa.text("SELECT code, permissions FROM roles WHERE code IN ('manager', 'administrator')")
    ):
        held = [permission for permission in json.loads(permissions) if permission != "see_margin"]
        connection.execute(
            sa.text("UPDATE roles SET permissions = :permissions WHERE code = :code"),
            {"permissions": json.dumps(held), "code": code},
        )
