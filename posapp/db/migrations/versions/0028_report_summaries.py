"""the summaries reports read: sales by local day (and month) and product, by day, and by
day, hour, cashier and terminal; how far they have folded; and the cost changes to fold in

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-06 23:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028"
down_revision: str | None = "0027"
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
# Every change to a movement's cost, queued for the summaries (costing is never on a sale's
# commit, so neither is this).
_QUEUE = (
    "INSERT INTO report_cost_changes (movement_id, value_minor, true_up_minor, costed) "
    "VALUES ({row}.movement_id, {value}, {true_up}, {costed});"
)
_TRIGGERS = {
    "report_costs_add": (
        "AFTER INSERT ON movement_costs",
        _QUEUE.format(row="new", value="new.value_minor", true_up="new.true_up_minor", costed=1),
    ),
    "report_costs_change": (
        "AFTER UPDATE ON movement_costs WHEN new.value_minor <> old.value_minor "
        "OR new.true_up_minor <> old.true_up_minor",
        _QUEUE.format(
            row="new",
            value="new.value_minor - old.value_minor",
            true_up="new.true_up_minor - old.true_up_minor",
            costed=0,
        ),
    ),
    "report_costs_take": (
        "AFTER DELETE ON movement_costs",
        _QUEUE.format(row="old", value="-old.value_minor", true_up="-old.true_up_minor", costed=-1),
    ),
}


def _int(name: str) -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), nullable=False)


def _products_by(period: str) -> None:
    table = f"sales_{period}_products"
    op.create_table(
        table,
        sa.Column(period, sa.Date(), nullable=False),
        *(
            sa.Column(n, sa.Uuid(), nullable=False)
            for n in ("product_id", "category_id", "brand_id")
        ),
        *(_int(n) for n in _PRODUCT_SUMS),
        sa.PrimaryKeyConstraint(
            period, "product_id", "category_id", "brand_id", name=op.f(f"pk_{table}")
        ),
        sqlite_with_rowid=False,
    )


def upgrade() -> None:
    _products_by("day")
    _products_by("month")
    op.create_table(
        "sales_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("region", sa.String(200), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        *(_int(n) for n in _PRODUCT_SUMS),
        sa.PrimaryKeyConstraint("day", "region", name=op.f("pk_sales_days")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "sales_day_tills",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("cashier_id", sa.Uuid(), nullable=False),
        sa.Column("terminal_code", sa.String(20), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        _int("weekday"),
        *(_int(n) for n in _TILL_SUMS),
        sa.PrimaryKeyConstraint(
            "day", "hour", "cashier_id", "terminal_code", name=op.f("pk_sales_day_tills")
        ),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "sales_day_customers",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        *(_int(n) for n in _TILL_SUMS),
        sa.PrimaryKeyConstraint("day", "customer_id", name=op.f("pk_sales_day_customers")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "sales_day_taxes",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("rate_code", sa.String(20), nullable=False),
        _int("rate_ppm"),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        *(_int(n) for n in ("lines", "base_minor", "tax_minor")),
        sa.PrimaryKeyConstraint("day", "rate_code", "rate_ppm", name=op.f("pk_sales_day_taxes")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "sales_day_tenders",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        *(_int(n) for n in ("payments", "paid_minor", "paid_back_minor", "amount_minor")),
        sa.PrimaryKeyConstraint("day", "kind", name=op.f("pk_sales_day_tenders")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "report_cursors",
        sa.Column("name", sa.String(20), nullable=False),
        _int("position"),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_report_cursors")),
    )
    op.create_table(
        "report_cost_changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("movement_id", sa.Uuid(), nullable=False),
        *(_int(n) for n in ("value_minor", "true_up_minor", "costed")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_cost_changes")),
    )
    # What is already costed is the first change the summaries fold in; the documents already
    # recorded, the first the journal gives them (their cursor starts at nothing).
    op.execute(
        "INSERT INTO report_cost_changes (movement_id, value_minor, true_up_minor, costed) "
        "SELECT movement_id, value_minor, true_up_minor, 1 FROM movement_costs"
    )
    for name, (when, body) in _TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {when} BEGIN {body} END")


def downgrade() -> None:
    for name in _TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    op.drop_table("report_cost_changes")
    op.drop_table("report_cursors")
    op.drop_table("sales_day_tenders")
    op.drop_table("sales_day_customers")
    op.drop_table("sales_day_taxes")
    op.drop_table("sales_day_tills")
    op.drop_table("sales_days")
    op.drop_table("sales_month_products")
    op.drop_table("sales_day_products")
