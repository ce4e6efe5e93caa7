"""the goods that came in (receipts and transfers in) by the time they came, and per product as
before, with their store and quantity in the indexes themselves: stock ageing reads the last 180
days of them, sell-through the span's and dead stock each product's last, from the indexes alone
and without the sales' movements around them (a sale writes neither)

Revision ID: 0025
Revises: 0024
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


_CAME_IN = "WHERE reason IN ('RECEIPT', 'TRANSFER_IN') AND quantity_milli > 0"
# What the reports read besides the keys (the times too: PostgreSQL reads an expression from
# an index alone only when the columns it is made of are there).
_WITH = "INCLUDE (store_code, quantity_milli, business_at, created_at) "


def upgrade() -> None:
    op.execute("DROP INDEX ix_stock_movements_came_in")
    op.execute(
        "CREATE INDEX ix_stock_movements_came_in ON stock_movements "
        "(product_id, (coalesce(business_at, created_at))) " + _WITH + _CAME_IN
    )
    op.execute(
        "CREATE INDEX ix_stock_movements_came_in_by_time ON stock_movements "
        "((coalesce(business_at, created_at)), product_id) " + _WITH + _CAME_IN
    )


def downgrade() -> None:
    op.execute("DROP INDEX ix_stock_movements_came_in_by_time")
    op.execute("DROP INDEX ix_stock_movements_came_in")
    op.execute(
        "CREATE INDEX ix_stock_movements_came_in ON stock_movements "
        "(product_id, (coalesce(business_at, created_at))) " + _CAME_IN
    )
