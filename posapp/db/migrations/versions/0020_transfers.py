"""transfers: between two locations of the store, out to another store, in from another store

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06 05:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# posapp.domain.stock.DEFAULT_WORKFLOWS for the transfers, as they were at this revision.
_WORKFLOWS = [
    # doc_type, done status, its name, permission
    ("transfer", "transferred", "Transferred", "receive_stock"),
    ("transfer_out", "sent", "Sent", "adjust_stock"),
    ("transfer_in", "received", "Received", "receive_stock"),
]


def upgrade() -> None:
    op.execute(
        "ALTER TABLE stock_documents ADD COLUMN other_location_id CHAR(32) "
        "CONSTRAINT fk_stock_documents_other_location_id_locations REFERENCES locations (id)"
    )
    op.add_column("stock_documents", sa.Column("to_store", sa.String(20), nullable=True))
    statuses = sa.table(
        "workflow_statuses",
        *(sa.column(name) for name in ("doc_type", "status", "name", "effect")),
        *(sa.column(name, sa.Boolean()) for name in ("editable", "final", "first")),
    )
    transitions = sa.table(
        "workflow_transitions",
        *(sa.column(n) for n in ("doc_type", "from_status", "to_status", "permission", "name")),
    )
    for doc_type, done, name, permission in _WORKFLOWS:
        op.bulk_insert(
            statuses,
            [
                {
                    "doc_type": doc_type,
                    "status": code,
                    "name": title,
                    "effect": effect,
                    "editable": code == "draft",
                    "final": code != "draft",
                    "first": code == "draft",
                }
                for code, title, effect in (
                    ("draft", "Draft", "none"),
                    (done, name, "moves"),
                    ("cancelled", "Cancelled", "none"),
                )
            ],
        )
        op.bulk_insert(
            transitions,
            [
                {
                    "doc_type": doc_type,
                    "from_status": "draft",
                    "to_status": to,
                    "permission": permission,
                    "name": title,
                }
                for to, title in ((done, name), ("cancelled", "Cancel"))
            ],
        )


def downgrade() -> None:
    for doc_type in ("transfer", "transfer_out", "transfer_in"):
        op.execute(f"DELETE FROM workflow_transitions WHERE doc_type = '{doc_type}'")
        op.execute(f"DELETE FROM workflow_statuses WHERE doc_type = '{doc_type}'")
    with op.batch_alter_table("stock_documents") as table:
        table.drop_column("to_store")
        table.drop_column("other_location_id")
