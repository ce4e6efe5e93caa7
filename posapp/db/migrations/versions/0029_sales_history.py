"""past sales imported from another system: the imports, their documents and lines

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-06 23:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from posapp.db.types import UtcDateTime

revision: str = "0029"
down_revision: str | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text(name: str, length: int = 200) -> sa.Column[str]:
    return sa.Column(name, sa.String(length), nullable=False)


def upgrade() -> None:
    op.create_table(
        "history_imports",
        sa.Column("id", sa.Uuid(), nullable=False),
        _text("source", 300),
        sa.Column("mapping", sa.Text(), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("lines", sa.Integer(), nullable=False),
        _text("imported_by"),
        sa.Column("imported_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_history_imports")),
    )
    op.create_table(
        "history_documents",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("import_id", sa.Uuid(), nullable=False),
        _text("number"),
        _text("kind", 10),
        sa.Column("day", sa.Date(), nullable=False),
        *(_text(name) for name in ("customer", "country", "region", "city")),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["history_imports.id"],
            name=op.f("fk_history_documents_import_id_history_imports"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_history_documents")),
        sa.UniqueConstraint("number", name=op.f("uq_history_documents_number")),
    )
    op.create_table(
        "history_lines",
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=True),
        _text("code"),
        _text("name"),
        sa.Column("quantity_milli", sa.Integer(), nullable=False),
        sa.Column("amount_minor", sa.Integer(), nullable=False),
        sa.Column("unit_price_minor", sa.Integer(), nullable=True),
        sa.Column("cost_minor", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["history_documents.id"],
            name=op.f("fk_history_lines_document_id_history_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_history_lines_product_id_products")
        ),
        sa.PrimaryKeyConstraint("document_id", "line_no", name=op.f("pk_history_lines")),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("history_lines")
    op.drop_table("history_documents")
    op.drop_table("history_imports")
