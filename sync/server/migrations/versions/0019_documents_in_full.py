"""what head office dropped of a document, kept: a sale's customer; a line's list price, basket
discount, net amount and price note; each document's taxes by rate. Summaries by day and tax
rate, customer and discount reason. Rows written before are filled from the payloads their
events kept, and queued for the new summaries alone (the others hold them already).

Revision ID: 0019
Revises: 0018
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TILL_SUMS = (
    "sales",
    "returns",
    "total_minor",
    "discount_minor",
    "net_minor",
    "tax_minor",
    "returned_minor",
)
_TAX_SUMS = ("lines", "base_minor", "tax_minor")
_DISCOUNT_SUMS = (
    "lines",
    "quantity_milli",
    "list_minor",
    "price_off_minor",
    "line_discount_minor",
    "basket_discount_minor",
    "given_minor",
    "amount_minor",
)


def _summary(name: str, keys: list[sa.Column[object]], sums: tuple[str, ...]) -> None:
    op.create_table(
        name,
        sa.Column("store_code", sa.String(20), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        *keys,
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        *(sa.Column(n, sa.BigInteger(), nullable=False) for n in sums),
        sa.PrimaryKeyConstraint("store_code", "day", *(key.name for key in keys)),
    )


def upgrade() -> None:
    op.add_column("sales", sa.Column("customer_id", sa.Uuid()))
    for name in ("list_price_minor", "basket_discount_minor", "net_minor"):
        op.add_column("sale_lines", sa.Column(name, sa.BigInteger()))
    op.add_column("sale_lines", sa.Column("price_note", sa.String(200)))
    op.create_table(
        "sale_taxes",
        sa.Column("sale_id", sa.Uuid(), nullable=False),
        sa.Column("rate_code", sa.String(20), nullable=False),
        sa.Column("rate_ppm", sa.Integer(), nullable=False),
        *(sa.Column(n, sa.BigInteger(), nullable=False) for n in _TAX_SUMS),
        sa.PrimaryKeyConstraint("sale_id", "rate_code", "rate_ppm"),
    )
    _summary(
        "sales_day_taxes",
        [sa.Column("rate_code", sa.String(20)), sa.Column("rate_ppm", sa.Integer())],
        _TAX_SUMS,
    )
    _summary("sales_day_customers", [sa.Column("customer_id", sa.Uuid())], _TILL_SUMS)
    _summary("sales_day_discounts", [sa.Column("reason", sa.String(200))], _DISCOUNT_SUMS)
    op.create_table("report_catch_up", sa.Column("sale_id", sa.Uuid(), primary_key=True))
    _fill_from_payloads()
    op.execute(
        "INSERT INTO report_catch_up (sale_id) SELECT id FROM sales "
        "WHERE id NOT IN (SELECT sale_id FROM report_queue)"
    )
    # A line no payload speaks for (none should be): what its own row says.
    op.execute("""
        UPDATE sale_lines SET list_price_minor = unit_price_minor, basket_discount_minor = 0,
            net_minor = amount_minor - tax_minor
        WHERE list_price_minor IS NULL
    """)
    for name in ("list_price_minor", "basket_discount_minor", "net_minor"):
        op.alter_column("sale_lines", name, nullable=False)


def _fill_from_payloads() -> None:
    op.execute("""
        UPDATE sales s SET customer_id = (e.payload::jsonb ->> 'customer_id')::uuid
        FROM events e WHERE e.aggregate_id = s.id AND e.kind IN ('sale.completed',
            'return.completed')
    """)
    op.execute("""
        UPDATE sale_lines l SET list_price_minor = x.list_price,
            basket_discount_minor = x.basket_discount, net_minor = x.net,
            price_note = x.price_note
        FROM events e, jsonb_to_recordset(e.payload::jsonb -> 'lines') AS x(
            id uuid, list_price bigint, basket_discount bigint, net bigint, price_note text)
        WHERE e.kind IN ('sale.completed', 'return.completed') AND x.id = l.id
    """)
    op.execute("""
        INSERT INTO sale_taxes (sale_id, rate_code, rate_ppm, lines, base_minor, tax_minor)
        SELECT e.aggregate_id, t.x ->> 0, (t.x ->> 1)::int, count(*), sum((l.x ->> 'net')::bigint),
               sum((t.x ->> 2)::bigint)
        FROM events e, jsonb_array_elements(e.payload::jsonb -> 'lines') AS l(x),
             jsonb_array_elements(l.x -> 'taxes') AS t(x)
        WHERE e.kind IN ('sale.completed', 'return.completed')
          AND EXISTS (SELECT 1 FROM sales s WHERE s.id = e.aggregate_id)
        GROUP BY e.aggregate_id, t.x ->> 0, (t.x ->> 1)::int
        ON CONFLICT DO NOTHING
    """)


def downgrade() -> None:
    for table in (
        "report_catch_up",
        "sales_day_discounts",
        "sales_day_customers",
        "sales_day_taxes",
        "sale_taxes",
    ):
        op.drop_table(table)
    for name in ("price_note", "net_minor", "basket_discount_minor", "list_price_minor"):
        op.drop_column("sale_lines", name)
    op.drop_column("sales", "customer_id")
