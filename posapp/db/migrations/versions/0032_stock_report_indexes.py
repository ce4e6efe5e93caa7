"""partial indexes for the stock reports: each product's days with sales (its last sale), and
the goods that came in (receipts, transfers in) by product and date — a till's sale writes
neither (its movements are not receipts; the summaries fold off its critical path)

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-07 02:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0032"
down_revision: str | None = "0031"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_sales_day_products_sold",
        "sales_day_products",
        ["product_id", "day"],
        sqlite_where=sa.text("quantity_milli > 0"),
    )
    op.create_index(
        "ix_stock_movements_came_in",
        "stock_movements",
        ["product_id", "business_at"],
        sqlite_where=sa.text("reason IN ('RECEIPT', 'TRANSFER_IN') AND quantity_milli > 0"),
    )


def downgrade() -> None:
    op.drop_index("ix_stock_movements_came_in", "stock_movements")
    op.drop_index("ix_sales_day_products_sold", "sales_day_products")
