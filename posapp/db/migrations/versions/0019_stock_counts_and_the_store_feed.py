"""stock counts (book taken at the start, counted lines, adjustments linked to their count);
movements that other nodes of the store made, as head office sends them down

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 05:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from posapp.db.types import UtcDateTime

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# posapp.domain.stock.DEFAULT_WORKFLOWS[STOCK_COUNT], as it was at this revision.
_STATUSES = [
    # status, name, editable, final, first
    ("counting", "Counting", True, False, True),
    ("posted", "Posted", False, True, False),
    ("cancelled", "Cancelled", False, True, False),
]
_TRANSITIONS = [
    ("counting", "posted", "adjust_stock", "Post"),
    ("counting", "cancelled", "adjust_stock", "Cancel"),
]


def upgrade() -> None:
    op.execute(
        "ALTER TABLE stock_documents ADD COLUMN count_id CHAR(32) "
        "CONSTRAINT fk_stock_documents_count_id_stock_documents REFERENCES stock_documents (id)"
    )
    op.create_index("ix_stock_documents_count_id", "stock_documents", ["count_id"])
    op.create_table(
        "stock_counts",
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("category_id", sa.Uuid(), nullable=True),
        sa.Column("blind", sa.Boolean(), nullable=False),
        sa.Column("started_seq", sa.Integer(), nullable=False),
        sa.Column("posted_seq", sa.Integer(), nullable=True),
        sa.Column("corrected_seq", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["stock_documents.id"],
            name=op.f("fk_stock_counts_document_id_stock_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["category_id"], ["categories.id"], name=op.f("fk_stock_counts_category_id_categories")
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_stock_counts")),
    )
    op.create_table(
        "stock_count_lines",
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("book_milli", sa.Integer(), nullable=False),
        sa.Column("counted_milli", sa.Integer(), nullable=True),
        sa.Column("counted_at", UtcDateTime(), nullable=True),
        sa.Column("expected_milli", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["stock_counts.document_id"],
            name=op.f("fk_stock_count_lines_document_id_stock_counts"),
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_stock_count_lines_product_id_products")
        ),
        sa.PrimaryKeyConstraint("document_id", "product_id", name=op.f("pk_stock_count_lines")),
        sqlite_with_rowid=False,
    )
    op.add_column("stock_movements", sa.Column("origin", sa.String(20), nullable=True))
    op.add_column("stock_movements", sa.Column("origin_document", sa.String(40), nullable=True))
    op.add_column("sync_identity", sa.Column("store_cursor", sa.String(100), nullable=True))
    statuses = sa.table(
        "workflow_statuses",
        *(sa.column(name) for name in ("doc_type", "status", "name", "effect")),
        *(sa.column(name, sa.Boolean()) for name in ("editable", "final", "first")),
    )
    op.bulk_insert(
        statuses,
        [
            {
                "doc_type": "stock_count",
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
                "doc_type": "stock_count",
                "from_status": from_status,
                "to_status": to_status,
                "permission": permission,
                "name": name,
            }
            for from_status, to_status, permission, name in _TRANSITIONS
        ],
    )


def downgrade() -> None:
    op.execute("DELETE FROM workflow_transitions WHERE doc_type = 'stock_count'")
    op.execute("DELETE FROM workflow_statuses WHERE doc_type = 'stock_count'")
    with op.batch_alter_table("sync_identity") as table:
        table.drop_column("store_cursor")
    with op.batch_alter_table("stock_movements") as table:
        table.drop_column("origin_document")
        table.drop_column("origin")
    op.drop_table("stock_count_lines")
    op.drop_table("stock_counts")
    op.drop_index("ix_stock_documents_count_id", "stock_documents")
    with op.batch_alter_table("stock_documents") as table:
        table.drop_column("count_id")
