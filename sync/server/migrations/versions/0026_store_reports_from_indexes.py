"""one store's stock reports from the indexes alone: a product's last day sold in the chosen
stores carries the store in the index (dead stock finds it without reading the rows of the
other nineteen), and a store's weeks carry each product's quantity, net and cost (ABC/XYZ
reads a store's year without the rows of every other store around them on the same pages), and
a store's months each product's quantity (sell-through, likewise)

Revision ID: 0026
Revises: 0025
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SOLD = "ON sales_day_products (product_id, day) "
_SOLD_WHERE = "WHERE quantity_milli > 0"


def upgrade() -> None:
    op.execute("DROP INDEX ix_sales_day_products_sold")
    op.execute(
        "CREATE INDEX ix_sales_day_products_sold " + _SOLD + "INCLUDE (store_code) " + _SOLD_WHERE
    )
    op.execute(
        "CREATE INDEX ix_sales_week_products_by_store ON sales_week_products (store_code, week) "
        "INCLUDE (product_id, quantity_milli, net_minor, cost_minor)"
    )
    op.execute(
        "CREATE INDEX ix_sales_month_products_by_store ON sales_month_products "
        "(store_code, month) INCLUDE (product_id, quantity_milli)"
    )


def downgrade() -> None:
    op.execute("DROP INDEX ix_sales_month_products_by_store")
    op.execute("DROP INDEX ix_sales_week_products_by_store")
    op.execute("DROP INDEX ix_sales_day_products_sold")
    op.execute("CREATE INDEX ix_sales_day_products_sold " + _SOLD + _SOLD_WHERE)
