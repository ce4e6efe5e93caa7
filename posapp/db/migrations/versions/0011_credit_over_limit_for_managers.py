"""managers and administrators may allow a sale on account beyond a customer's credit limit

The permission came with customer accounts (0010); stores made before it have their manager and
administrator roles without it, so no one there could approve such a sale. A role a shop has
already edited keeps its other choices: only this permission is added.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-21 14:30:00
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PERMISSION = "credit_over_limit"


def _set(add: bool) -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.text("SELECT code, permissions FROM roles WHERE code IN ('manager', 'administrator')")
    )
    for code, stored in rows.all():
        permissions = set(json.loads(stored))
        changed = permissions | {_PERMISSION} if add else permissions - {_PERMISSION}
        connection.execute(
            sa.text("UPDATE roles SET permissions = :permissions WHERE code = :code"),
            {"permissions": json.dumps(sorted(changed)), "code": code},
        )


def upgrade() -> None:
    _set(add=True)


def downgrade() -> None:
    _set(add=False)
