"""supplier bills matched to receipt lines, the payables they create and the payments against
them; supplier returns; purchase requests; pack sizes in the supplier catalogue; the payables
permission

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from posapp.db.types import UtcDateTime

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# posapp.domain.stock_workflows.DEFAULT_WORKFLOWS for these types, as they were at this revision.
_STATUSES = [
    # doc_type, status, name, effect, editable, final, first
    ("supplier_return", "draft", "Draft", "none", True, False, True),
    ("supplier_return", "returned", "Returned", "moves", False, True, False),
    ("supplier_return", "cancelled", "Cancelled", "none", False, True, False),
    ("supplier_bill", "draft", "Draft", "none", True, False, True),
    ("supplier_bill", "posted", "Posted", "none", False, True, False),
    ("supplier_bill", "cancelled", "Cancelled", "none", False, True, False),
    ("purchase_request", "draft", "Draft", "none", True, False, True),
    ("purchase_request", "submitted", "Submitted", "none", False, False, False),
    ("purchase_request", "approved", "Approved", "none", False, False, False),
    ("purchase_request", "ordered", "Ordered", "none", False, True, False),
    ("purchase_request", "rejected", "Rejected", "none", False, True, False),
    ("purchase_request", "cancelled", "Cancelled", "none", False, True, False),
]
_TRANSITIONS = [
    ("supplier_return", "draft", "returned", "purchase", "Returned"),
    ("supplier_return", "draft", "cancelled", "purchase", "Cancel"),
    ("supplier_bill", "draft", "posted", "payables", "Post"),
    ("supplier_bill", "draft", "cancelled", "payables", "Cancel"),
    ("purchase_request", "draft", "submitted", "receive_stock", "Submit"),
    ("purchase_request", "draft", "cancelled", "receive_stock", "Cancel"),
    ("purchase_request", "submitted", "approved", "purchase", "Approve"),
    ("purchase_request", "submitted", "rejected", "purchase", "Reject"),
    ("purchase_request", "approved", "ordered", "purchase", "Order"),
    ("purchase_request", "approved", "cancelled", "purchase", "Cancel"),
]


def upgrade() -> None:
    op.add_column("stock_documents", sa.Column("due_at", UtcDateTime(), nullable=True))
    op.add_column("stock_document_lines", sa.Column("receipt_line_id", sa.Uuid(), nullable=True))
    op.add_column("stock_document_lines", sa.Column("tax_rate_ppm", sa.Integer(), nullable=True))
    op.create_index(
        "ix_stock_document_lines_receipt_line_id", "stock_document_lines", ["receipt_line_id"]
    )
    op.add_column(
        "supplier_products",
        sa.Column("pack_milli", sa.Integer(), server_default="1000", nullable=False),
    )
    op.create_table(
        "supplier_payments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(40), nullable=False),
        sa.Column("supplier_id", sa.Uuid(), nullable=False),
        sa.Column("account", sa.String(60), nullable=False),
        sa.Column("amount_minor", sa.Integer(), nullable=False),
        sa.Column("paid_at", UtcDateTime(), nullable=False),
        sa.Column("reference", sa.String(100), nullable=True),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["supplier_id"],
            ["suppliers.id"],
            name=op.f("fk_supplier_payments_supplier_id_suppliers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supplier_payments")),
        sa.UniqueConstraint("number", name=op.f("uq_supplier_payments_number")),
    )
    op.create_table(
        "payment_allocations",
        sa.Column("payment_id", sa.Uuid(), nullable=False),
        sa.Column("bill_id", sa.Uuid(), nullable=False),
        sa.Column("amount_minor", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["payment_id"],
            ["supplier_payments.id"],
            name=op.f("fk_payment_allocations_payment_id_supplier_payments"),
        ),
        sa.ForeignKeyConstraint(
            ["bill_id"],
            ["stock_documents.id"],
            name=op.f("fk_payment_allocations_bill_id_stock_documents"),
        ),
        sa.PrimaryKeyConstraint("payment_id", "bill_id", name=op.f("pk_payment_allocations")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "payable_entries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("supplier_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("amount_minor", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Uuid(), nullable=True),
        sa.Column("payment_id", sa.Uuid(), nullable=True),
        sa.Column("business_at", UtcDateTime(), nullable=False),
        sa.Column("due_at", UtcDateTime(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('BILL', 'RETURN', 'PAYMENT')", name=op.f("ck_payable_entries_kind_known")
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"], ["suppliers.id"], name=op.f("fk_payable_entries_supplier_id_suppliers")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["stock_documents.id"],
            name=op.f("fk_payable_entries_document_id_stock_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["payment_id"],
            ["supplier_payments.id"],
            name=op.f("fk_payable_entries_payment_id_supplier_payments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payable_entries")),
    )
    op.create_index("ix_payable_entries_supplier_id", "payable_entries", ["supplier_id"])
    statuses = sa.table(
        "workflow_statuses",
        *(sa.column(name) for name in ("doc_type", "status", "name", "effect")),
        *(sa.column(name, sa.Boolean()) for name in ("editable", "final", "first")),
    )
    op.bulk_insert(
        statuses,
        [
            dict(
                zip(
                    ("doc_type", "status", "name", "effect", "editable", "final", "first"),
                    row,
                    strict=True,
                )
            )
            for row in _STATUSES
        ],
    )
    transitions = sa.table(
        "workflow_transitions",
        *(sa.column(n) for n in ("doc_type", "from_status", "to_status", "permission", "name")),
    )
    op.bulk_insert(
        transitions,
        [
            dict(
                zip(
                    ("doc_type", "from_status", "to_status", "permission", "name"),
                    row,
                    strict=True,
                )
            )
            for row in _TRANSITIONS
        ],
    )
    op.execute(
        "UPDATE roles SET permissions = json_insert(permissions, '$[#]', 'payables') "
        "WHERE code IN ('administrator', 'manager', 'accountant') "
        "AND NOT EXISTS (SELECT 1 FROM json_each(permissions) WHERE value = 'payables')"
    )


def downgrade() -> None:
    op.execute(
        "UPDATE roles SET permissions = "
        "(SELECT json_group_array(value) FROM json_each(permissions) WHERE value != 'payables')"
    )
    for doc_type in ("supplier_return", "supplier_bill", "purchase_request"):
        op.execute(f"DELETE FROM workflow_transitions WHERE doc_type = '{doc_type}'")
        op.execute(f"DELETE FROM workflow_statuses WHERE doc_type = '{doc_type}'")
    op.drop_index("ix_payable_entries_supplier_id", "payable_entries")
    op.drop_table("payable_entries")
    op.drop_table("payment_allocations")
    op.drop_table("supplier_payments")
    with op.batch_alter_table("supplier_products") as table:
        table.drop_column("pack_milli")
    op.drop_index("ix_stock_document_lines_receipt_line_id", "stock_document_lines")
    with op.batch_alter_table("stock_document_lines") as table:
        table.drop_column("tax_rate_ppm")
        table.drop_column("receipt_line_id")
    with op.batch_alter_table("stock_documents") as table:
        table.drop_column("due_at")
