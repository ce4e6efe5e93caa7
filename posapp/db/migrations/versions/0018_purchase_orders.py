"""purchase orders: their workflow, receipts that receive against them, the purchase permission

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 03:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# posapp.domain.stock.DEFAULT_WORKFLOWS[PURCHASE_ORDER], as it was at this revision.
_STATUSES = [
    # status, name, editable, final, first
    ("draft", "Draft", True, False, True),
    ("sent", "Sent", False, False, False),
    ("partially_received", "Partly received", False, False, False),
    ("received", "Received", False, True, False),
    ("closed_short", "Closed short", False, True, False),
    ("cancelled", "Cancelled", False, True, False),
]
_TRANSITIONS = [
    ("draft", "sent", "purchase", "Send"),
    ("draft", "cancelled", "purchase", "Cancel"),
    ("sent", "cancelled", "purchase", "Cancel"),
    ("sent", "partially_received", "receive_stock", "Partly received"),
    ("sent", "received", "receive_stock", "Received"),
    ("partially_received", "received", "receive_stock", "Received"),
    ("partially_received", "closed_short", "purchase", "Close short"),
]


def upgrade() -> None:
    op.execute(
        "ALTER TABLE stock_documents ADD COLUMN order_id CHAR(32) "
        "CONSTRAINT fk_stock_documents_order_id_stock_documents REFERENCES stock_documents (id)"
    )
    op.add_column("stock_document_lines", sa.Column("order_line_id", sa.Uuid(), nullable=True))
    op.create_index(
        "ix_stock_document_lines_order_line_id", "stock_document_lines", ["order_line_id"]
    )
    statuses = sa.table(
        "workflow_statuses",
        *(sa.column(name) for name in ("doc_type", "status", "name", "effect")),
        *(sa.column(name, sa.Boolean()) for name in ("editable", "final", "first")),
    )
    op.bulk_insert(
        statuses,
        [
            {
                "doc_type": "purchase_order",
                "status": status,
                "name": name,
                "effect": "none",
                "editable": editable,
                "final": final,
                "first": first,
            }
            for status, name, editable, final, first in _STATUSES
        ],
    )
    transitions = sa.table(
        "workflow_transitions",
        *(sa.column(n) for n in ("doc_type", "from_status", "to_status", "permission", "name")),
    )
    op.bulk_insert(
        transitions,
        [
            {
                "doc_type": "purchase_order",
                "from_status": from_status,
                "to_status": to_status,
                "permission": permission,
                "name": name,
            }
            for from_status, to_status, permission, name in _TRANSITIONS
        ],
    )
    op.execute(
        "UPDATE roles SET permissions = json_insert(permissions, '$[#]', 'purchase') "
        "WHERE code IN ('administrator', 'manager') "
        "AND NOT EXISTS (SELECT 1 FROM json_each(permissions) WHERE value = 'purchase')"
    )


def downgrade() -> None:
    op.execute(
        "UPDATE roles SET permissions = "
        "(SELECT json_group_array(value) FROM json_each(permissions) WHERE value != 'purchase')"
    )
    op.execute("DELETE FROM workflow_transitions WHERE doc_type = 'purchase_order'")
    op.execute("DELETE FROM workflow_statuses WHERE doc_type = 'purchase_order'")
    op.drop_index("ix_stock_document_lines_order_line_id", "stock_document_lines")
    with op.batch_alter_table("stock_document_lines") as table:
        table.drop_column("order_line_id")
    with op.batch_alter_table("stock_documents") as table:
        table.drop_column("order_id")
