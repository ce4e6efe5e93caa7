"""what costing holds of each product in each store now, kept by triggers on movement_costs;
movements by the time costing places them (valuation counts back from now)

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A costed movement's part of its product's value in its store: what it brought in or took
# out, less a true-up (the part of an inflow that paid for goods sold before they came).
_FOLD = """
CREATE FUNCTION product_values_{name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO product_values (store_code, product_id, value_minor)
    SELECT store_code, product_id, sum(part) FROM ({parts}) AS parts
    GROUP BY store_code, product_id ORDER BY store_code, product_id
    ON CONFLICT (store_code, product_id) DO UPDATE
    SET value_minor = product_values.value_minor + excluded.value_minor;
    RETURN NULL;
END $$;
CREATE TRIGGER product_values_{name} AFTER {event} ON movement_costs
REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION product_values_{name}();
"""
_ADDED = "SELECT store_code, product_id, value_minor - true_up_minor AS part FROM added"
_TAKEN = "SELECT store_code, product_id, true_up_minor - value_minor FROM taken"
_TRIGGERS = {
    "added": ("INSERT", "NEW TABLE AS added", _ADDED),
    "changed": ("UPDATE", "OLD TABLE AS taken NEW TABLE AS added", f"{_ADDED} UNION ALL {_TAKEN}"),
    "taken": ("DELETE", "OLD TABLE AS taken", _TAKEN),
}


def upgrade() -> None:
    op.create_table(
        "product_values",
        sa.Column("store_code", sa.String(20), primary_key=True),
        sa.Column("product_id", sa.Uuid(), primary_key=True),
        sa.Column("value_minor", sa.BigInteger(), nullable=False),
    )
    op.execute(
        "INSERT INTO product_values (store_code, product_id, value_minor) "
        "SELECT store_code, product_id, sum(value_minor - true_up_minor) FROM movement_costs "
        "GROUP BY store_code, product_id"
    )
    for name, (event, tables, parts) in _TRIGGERS.items():
        op.execute(_FOLD.format(name=name, event=event, tables=tables, parts=parts))
    # Block ranges, not a B-tree: movements arrive roughly in time order, so a range's
    # summary finds the recent ones; a B-tree on every upload cost the drain a sixth.
    op.execute(
        "CREATE INDEX ix_stock_movements_placed ON stock_movements USING brin "
        "((coalesce(business_at, created_at))) WITH (autosummarize = on)"
    )


def downgrade() -> None:
    op.drop_index("ix_stock_movements_placed", "stock_movements")
    for name in _TRIGGERS:
        op.execute(f"DROP TRIGGER product_values_{name} ON movement_costs")
        op.execute(f"DROP FUNCTION product_values_{name}()")
    op.drop_table("product_values")
