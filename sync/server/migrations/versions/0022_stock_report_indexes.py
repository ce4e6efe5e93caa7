"""what the stock reports look up per product at head office: the last day a product sold (by
store, and for the chain) and the goods that came in (receipts and transfers in)

Revision ID: 0022
Revises: 0021
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("sales_day_products", "chain_day_products"):
        op.execute(
            f"CREATE INDEX ix_{table}_sold ON {table} (product_id, day) WHERE quantity_milli > 0"
        )
    op.execute(
        "CREATE INDEX ix_stock_movements_came_in ON stock_movements "
        "(product_id, (coalesce(business_at, created_at))) "
        "WHERE reason IN ('RECEIPT', 'TRANSFER_IN') AND quantity_milli > 0"
    )


def downgrade() -> None:
    op.execute("DROP INDEX ix_stock_movements_came_in")
    for table in ("sales_day_products", "chain_day_products"):
        op.execute(f"DROP INDEX ix_{table}_sold")
