"""fewer pages written per sale: WITHOUT ROWID key tables, partial indexes on originals

Every page a sale touches is written to the WAL and synced in its commit. Tables keyed only by
their primary key become WITHOUT ROWID (one b-tree instead of a table and its key index), and
the indexes on originals skip the NULLs every plain sale writes.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 07:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KEY_TABLES = ("document_series", "stock_levels", "sale_tenders", "sale_line_taxes")


def _rebuild(table: str, *, with_rowid: bool) -> None:
    # SQLite cannot change a table's storage in place: batch mode copies it into a new one.
    with op.batch_alter_table(
        table, recreate="always", table_kwargs={"sqlite_with_rowid": with_rowid}
    ):
        pass


def _replace_index(table: str, index: str, column: str, *, partial: bool) -> None:
    op.drop_index(index, table_name=table)
    where = sa.text(f"{column} IS NOT NULL") if partial else None
    op.create_index(index, table, [column], sqlite_where=where)


def upgrade() -> None:
    for table in _KEY_TABLES:
        _rebuild(table, with_rowid=False)
    _replace_index("sales", "ix_sales_original_id", "original_id", partial=True)
    _replace_index("sale_lines", "ix_sale_lines_original_line_id", "original_line_id", partial=True)


def downgrade() -> None:
    _replace_index(
        "sale_lines", "ix_sale_lines_original_line_id", "original_line_id", partial=False
    )
    _replace_index("sales", "ix_sales_original_id", "original_id", partial=False)
    for table in _KEY_TABLES:
        _rebuild(table, with_rowid=True)
