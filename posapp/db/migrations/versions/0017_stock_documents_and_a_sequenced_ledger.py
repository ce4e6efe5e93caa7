"""stock documents (goods receipts, adjustments) with a workflow held as data; locations with a
kind and capacity; reorder limits; movements with their sequence, business time, document,
batch and expiry

Movements made before keep their order: their sequence is their row order, their business time
the time they were made. Plain ADD COLUMNs: SQLite does not copy a ledger of millions of rows.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from posapp.db.types import UtcDateTime

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The shipped workflows (posapp.domain.stock.DEFAULT_WORKFLOWS), as they were at this revision.
_STATUSES = [
    # doc_type, status, name, effect, editable, final, first
    ("goods_receipt", "draft", "Draft", "none", True, False, True),
    ("goods_receipt", "received", "Received", "moves", False, True, False),
    ("goods_receipt", "cancelled", "Cancelled", "none", False, True, False),
    ("stock_adjustment", "draft", "Draft", "none", True, False, True),
    ("stock_adjustment", "posted", "Posted", "moves", False, True, False),
    ("stock_adjustment", "cancelled", "Cancelled", "none", False, True, False),
]
_TRANSITIONS = [
    ("goods_receipt", "draft", "received", "receive_stock", "Received"),
    ("goods_receipt", "draft", "cancelled", "receive_stock", "Cancel"),
    ("stock_adjustment", "draft", "posted", "adjust_stock", "Posted"),
    ("stock_adjustment", "draft", "cancelled", "adjust_stock", "Cancel"),
]


def upgrade() -> None:
    op.add_column(
        "locations", sa.Column("kind", sa.String(20), server_default="selling", nullable=False)
    )
    op.add_column("locations", sa.Column("capacity", sa.Integer(), nullable=True))
    op.create_table(
        "counters",
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_counters")),
    )
    op.create_table(
        "stock_limits",
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("location_id", sa.Uuid(), nullable=False),
        sa.Column("reorder_point_milli", sa.Integer(), nullable=False),
        sa.Column("reorder_level_milli", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_stock_limits_location_id_locations")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_stock_limits_product_id_products")
        ),
        sa.PrimaryKeyConstraint("product_id", "location_id", name=op.f("pk_stock_limits")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "stock_documents",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("doc_type", sa.String(30), nullable=False),
        sa.Column("number", sa.String(40), nullable=False),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("location_id", sa.Uuid(), nullable=False),
        sa.Column("supplier_id", sa.Uuid(), nullable=True),
        sa.Column("reason", sa.String(20), nullable=True),
        sa.Column("reference", sa.String(100), nullable=True),
        sa.Column("business_at", UtcDateTime(), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("completed_at", UtcDateTime(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_stock_documents_location_id_locations"),
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"],
            ["suppliers.id"],
            name=op.f("fk_stock_documents_supplier_id_suppliers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_documents")),
        sa.UniqueConstraint("number", name=op.f("uq_stock_documents_number")),
    )
    op.create_index("ix_stock_documents_doc_type_status", "stock_documents", ["doc_type", "status"])
    op.create_table(
        "stock_document_lines",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("quantity_milli", sa.Integer(), nullable=False),
        sa.Column("unit_cost_minor", sa.Integer(), nullable=True),
        sa.Column("batch", sa.String(40), nullable=True),
        sa.Column("expiry", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["stock_documents.id"],
            name=op.f("fk_stock_document_lines_document_id_stock_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_stock_document_lines_product_id_products"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_document_lines")),
        sa.UniqueConstraint(
            "document_id", "line_no", name=op.f("uq_stock_document_lines_document_id_line_no")
        ),
    )
    op.create_table(
        "stock_document_history",
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(30), nullable=True),
        sa.Column("to_status", sa.String(30), nullable=False),
        sa.Column("by", sa.String(200), nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["stock_documents.id"],
            name=op.f("fk_stock_document_history_document_id_stock_documents"),
        ),
        sa.PrimaryKeyConstraint("document_id", "position", name=op.f("pk_stock_document_history")),
        sqlite_with_rowid=False,
    )
    statuses = op.create_table(
        "workflow_statuses",
        sa.Column("doc_type", sa.String(30), nullable=False),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("effect", sa.String(20), nullable=False),
        sa.Column("editable", sa.Boolean(), nullable=False),
        sa.Column("final", sa.Boolean(), nullable=False),
        sa.Column("first", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("doc_type", "status", name=op.f("pk_workflow_statuses")),
        sqlite_with_rowid=False,
    )
    transitions = op.create_table(
        "workflow_transitions",
        sa.Column("doc_type", sa.String(30), nullable=False),
        sa.Column("from_status", sa.String(30), nullable=False),
        sa.Column("to_status", sa.String(30), nullable=False),
        sa.Column("permission", sa.String(40), nullable=False),
        sa.Column("name", sa.String(60), nullable=False),
        sa.PrimaryKeyConstraint(
            "doc_type", "from_status", "to_status", name=op.f("pk_workflow_transitions")
        ),
        sqlite_with_rowid=False,
    )
    assert statuses is not None and transitions is not None
    keys = ("doc_type", "status", "name", "effect", "editable", "final", "first")
    op.bulk_insert(statuses, [dict(zip(keys, row, strict=True)) for row in _STATUSES])
    names = ("doc_type", "from_status", "to_status", "permission", "name")
    op.bulk_insert(transitions, [dict(zip(names, row, strict=True)) for row in _TRANSITIONS])

    op.add_column("stock_movements", sa.Column("seq", sa.Integer(), nullable=True))
    op.add_column("stock_movements", sa.Column("business_at", UtcDateTime(), nullable=True))
    # Alembic adds no constraint to a SQLite table without copying it; SQLite itself can.
    op.execute(
        "ALTER TABLE stock_movements ADD COLUMN document_id CHAR(32) "
        "CONSTRAINT fk_stock_movements_document_id_stock_documents "
        "REFERENCES stock_documents (id)"
    )
    op.add_column("stock_movements", sa.Column("document_line_id", sa.Uuid(), nullable=True))
    op.add_column("stock_movements", sa.Column("batch", sa.String(40), nullable=True))
    op.add_column("stock_movements", sa.Column("expiry", sa.Date(), nullable=True))
    op.execute("UPDATE stock_movements SET seq = rowid, business_at = created_at")
    op.execute(
        "INSERT INTO counters (name, value) "
        "SELECT 'stock_movements', coalesce(max(seq), 0) FROM stock_movements"
    )
    op.create_index("ix_stock_movements_seq", "stock_movements", ["seq"], unique=True)
    op.create_index("ix_stock_movements_document_id", "stock_movements", ["document_id"])
    # A product's history, newest first, a page at a time.
    op.create_index("ix_stock_movements_product_id_seq", "stock_movements", ["product_id", "seq"])
    # The new permission, for the built-in roles that have always had every stock right.
    op.execute(
        "UPDATE roles SET permissions = json_insert(permissions, '$[#]', 'adjust_stock') "
        "WHERE code IN ('administrator', 'manager') "
        "AND NOT EXISTS (SELECT 1 FROM json_each(permissions) WHERE value = 'adjust_stock')"
    )


def downgrade() -> None:
    op.execute(
        "UPDATE roles SET permissions = "
        "(SELECT json_group_array(value) FROM json_each(permissions) WHERE value != 'adjust_stock')"
    )
    op.drop_index("ix_stock_movements_product_id_seq", "stock_movements")
    op.drop_index("ix_stock_movements_document_id", "stock_movements")
    op.drop_index("ix_stock_movements_seq", "stock_movements")
    with op.batch_alter_table("stock_movements") as table:
        for column in ("expiry", "batch", "document_line_id", "document_id", "business_at", "seq"):
            table.drop_column(column)
    for name in (
        "workflow_transitions",
        "workflow_statuses",
        "stock_document_history",
        "stock_document_lines",
    ):
        op.drop_table(name)
    op.drop_index("ix_stock_documents_doc_type_status", "stock_documents")
    op.drop_table("stock_documents")
    op.drop_table("stock_limits")
    op.drop_table("counters")
    with op.batch_alter_table("locations") as table:
        table.drop_column("capacity")
        table.drop_column("kind")
