"""costing on a node: movement costs, saved states, marks, landed costs, a method per product

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-06 11:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from posapp.db.types import UtcDateTime

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN: no table rebuild of a million products.
    op.add_column("products", sa.Column("cost_method", sa.String(10), nullable=True))
    op.create_index(
        "ix_stock_movements_product_id_business_at_seq",
        "stock_movements",
        ["product_id", "business_at", "seq"],
    )
    op.create_table(
        "movement_costs",
        sa.Column("movement_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("value_minor", sa.Integer(), nullable=False),
        sa.Column("true_up_minor", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["movement_id"],
            ["stock_movements.id"],
            name=op.f("fk_movement_costs_movement_id_stock_movements"),
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_movement_costs_product_id_products")
        ),
        sa.PrimaryKeyConstraint("movement_id", name=op.f("pk_movement_costs")),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_movement_costs_product_id", "movement_costs", ["product_id"])
    op.create_table(
        "cost_states",
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("business_at", UtcDateTime(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_cost_states_product_id_products")
        ),
        sa.PrimaryKeyConstraint("product_id", "business_at", "seq", name=op.f("pk_cost_states")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "cost_marks",
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("business_at", UtcDateTime(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_cost_marks_product_id_products")
        ),
        sa.PrimaryKeyConstraint("product_id", name=op.f("pk_cost_marks")),
        sqlite_with_rowid=False,
    )
    _landed_costs()
    # Movements written before costing existed are waiting from the start.
    op.execute("INSERT INTO counters (name, value) VALUES ('costed_movements', 0)")


def _landed_costs() -> None:
    op.create_table(
        "receipt_charges",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("description", sa.String(100), nullable=False),
        sa.Column("amount_minor", sa.Integer(), nullable=False),
        sa.Column("basis", sa.String(10), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["stock_documents.id"],
            name=op.f("fk_receipt_charges_document_id_stock_documents"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_receipt_charges")),
    )
    op.create_index("ix_receipt_charges_document_id", "receipt_charges", ["document_id"])
    op.create_table(
        "receipt_line_charges",
        sa.Column("charge_id", sa.Uuid(), nullable=False),
        sa.Column("document_line_id", sa.Uuid(), nullable=False),
        sa.Column("amount_minor", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["charge_id"],
            ["receipt_charges.id"],
            name=op.f("fk_receipt_line_charges_charge_id_receipt_charges"),
        ),
        sa.PrimaryKeyConstraint(
            "charge_id", "document_line_id", name=op.f("pk_receipt_line_charges")
        ),
        sqlite_with_rowid=False,
    )
    op.create_index(
        "ix_receipt_line_charges_document_line_id", "receipt_line_charges", ["document_line_id"]
    )


def downgrade() -> None:
    op.execute("DELETE FROM counters WHERE name = 'costed_movements'")
    op.drop_index("ix_receipt_line_charges_document_line_id", "receipt_line_charges")
    op.drop_table("receipt_line_charges")
    op.drop_index("ix_receipt_charges_document_id", "receipt_charges")
    op.drop_table("receipt_charges")
    op.drop_table("cost_marks")
    op.drop_table("cost_states")
    op.drop_index("ix_movement_costs_product_id", "movement_costs")
    op.drop_table("movement_costs")
    op.drop_index("ix_stock_movements_product_id_business_at_seq", "stock_movements")
    # SQLite drops a column in place (3.35+): the products table's search triggers stay.
    op.execute("ALTER TABLE products DROP COLUMN cost_method")
