"""the report summaries by store: sales by day (and month) and product, by day alone, by day,
hour, cashier and terminal, and tenders by day; the sales still to fold in

Revision ID: 0015
Revises: 0014
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PRODUCT_SUMS = (
    "lines",
    "quantity_milli",
    "amount_minor",
    "discount_minor",
    "net_minor",
    "tax_minor",
    "returned_minor",
    "cost_minor",
    "costed_milli",
)
_TILL_SUMS = (
    "sales",
    "returns",
    "total_minor",
    "discount_minor",
    "net_minor",
    "tax_minor",
    "returned_minor",
)
_TENDER_SUMS = ("payments", "paid_minor", "paid_back_minor", "amount_minor")


def _sums(names: tuple[str, ...]) -> list[sa.Column[int]]:
    return [sa.Column(name, sa.BigInteger(), nullable=False) for name in names]


def _day(name: str = "day") -> sa.Column[object]:
    return sa.Column(name, sa.Date(), nullable=False)


def _store() -> sa.Column[str]:
    return sa.Column("store_code", sa.String(20), nullable=False)


def upgrade() -> None:
    for period in ("day", "month"):
        op.create_table(
            f"sales_{period}_products",
            _store(),
            _day(period),
            *(
                sa.Column(n, sa.Uuid(), nullable=False)
                for n in ("product_id", "category_id", "brand_id")
            ),
            *_sums(_PRODUCT_SUMS),
            sa.PrimaryKeyConstraint("store_code", period, "product_id", "category_id", "brand_id"),
        )
    op.create_table(
        "sales_days",
        _store(),
        _day(),
        sa.Column("region", sa.String(200), nullable=False),
        _day("week"),
        _day("month"),
        *_sums(_PRODUCT_SUMS),
        sa.PrimaryKeyConstraint("store_code", "day", "region"),
    )
    op.create_table(
        "sales_day_tills",
        _store(),
        _day(),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("cashier_id", sa.Uuid(), nullable=False),
        sa.Column("terminal_code", sa.String(20), nullable=False),
        _day("week"),
        _day("month"),
        sa.Column("weekday", sa.Integer(), nullable=False),
        *_sums(_TILL_SUMS),
        sa.PrimaryKeyConstraint("store_code", "day", "hour", "cashier_id", "terminal_code"),
    )
    op.create_table(
        "sales_day_tenders",
        _store(),
        _day(),
        sa.Column("kind", sa.String(20), nullable=False),
        _day("week"),
        _day("month"),
        *_sums(_TENDER_SUMS),
        sa.PrimaryKeyConstraint("store_code", "day", "kind"),
    )
    op.create_table("report_queue", sa.Column("sale_id", sa.Uuid(), primary_key=True))
    op.create_table(
        "report_products",
        sa.Column("product_id", sa.Uuid(), primary_key=True),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
    )
    op.execute("INSERT INTO report_queue (sale_id) SELECT id FROM sales")
    op.execute("""
        CREATE FUNCTION report_queue_add() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO report_queue (sale_id) SELECT id FROM added ON CONFLICT DO NOTHING;
            RETURN NULL;
        END $$;
        CREATE TRIGGER report_queue_add AFTER INSERT ON sales
        REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION report_queue_add();
    """)


def downgrade() -> None:
    op.execute("DROP TRIGGER report_queue_add ON sales")
    op.execute("DROP FUNCTION report_queue_add()")
    for table in (
        "report_products",
        "report_queue",
        "sales_day_tenders",
        "sales_day_tills",
        "sales_days",
        "sales_month_products",
        "sales_day_products",
    ):
        op.drop_table(table)
