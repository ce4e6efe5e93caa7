"""back office: price lists, promotions, customers with their receivable ledger, suppliers

Price lists (customer group, quantity break, store) hold prices per product and minimum
quantity; promotions cover products or categories. Customers carry a price group and a credit
limit; what they owe is the sum of `receivable_entries`. Suppliers carry their codes and costs
per product. A sale records the customer it was sold to, and each line why its price applied.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-21 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from posapp.db.types import UtcDateTime

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamps() -> list[sa.Column[object]]:
    return [
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.Column("note", sa.Text()),
    ]


def upgrade() -> None:
    op.create_table(
        "price_lists",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("price_group", sa.String(length=40)),
        sa.Column("store_code", sa.String(length=20)),
        sa.Column("tax_inclusive", sa.Boolean(), nullable=False),
        sa.Column("valid_from", sa.Date()),
        sa.Column("valid_to", sa.Date()),
        sa.Column("archived_at", UtcDateTime()),
        *_timestamps(),
        sa.CheckConstraint(
            "kind IN ('customer_group', 'quantity_break', 'store')",
            name=op.f("ck_price_lists_kind_known"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_price_lists")),
        sa.UniqueConstraint("code", name=op.f("uq_price_lists_code")),
    )
    op.create_table(
        "price_list_items",
        sa.Column("price_list_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("min_qty_milli", sa.Integer(), nullable=False),
        sa.Column("price_minor", sa.Integer(), nullable=False),
        sa.CheckConstraint("price_minor >= 0", name=op.f("ck_price_list_items_price_not_negative")),
        sa.CheckConstraint("min_qty_milli > 0", name=op.f("ck_price_list_items_min_qty_positive")),
        sa.ForeignKeyConstraint(
            ["price_list_id"],
            ["price_lists.id"],
            name=op.f("fk_price_list_items_price_list_id_price_lists"),
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_price_list_items_product_id_products")
        ),
        sa.PrimaryKeyConstraint(
            "price_list_id", "product_id", "min_qty_milli", name=op.f("pk_price_list_items")
        ),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_price_list_items_product_id", "price_list_items", ["product_id"])
    op.create_table(
        "promotions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("percent", sa.String(length=20)),
        sa.Column("amount_minor", sa.Integer()),
        sa.Column("buy_qty", sa.Integer(), nullable=False),
        sa.Column("free_qty", sa.Integer(), nullable=False),
        sa.Column("tax_inclusive", sa.Boolean(), nullable=False),
        sa.Column("stacks", sa.Boolean(), nullable=False),
        sa.Column("stores", sa.String(length=500), nullable=False),
        sa.Column("valid_from", sa.Date()),
        sa.Column("valid_to", sa.Date()),
        sa.Column("archived_at", UtcDateTime()),
        *_timestamps(),
        sa.CheckConstraint(
            "kind IN ('percent_off', 'amount_off', 'fixed_price', 'buy_x_get_y', 'multi_buy')",
            name=op.f("ck_promotions_kind_known"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_promotions")),
        sa.UniqueConstraint("code", name=op.f("uq_promotions_code")),
    )
    op.create_table(
        "promotion_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("promotion_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid()),
        sa.Column("category_id", sa.Uuid()),
        sa.CheckConstraint(
            "(product_id IS NULL) != (category_id IS NULL)",
            name=op.f("ck_promotion_targets_product_or_category"),
        ),
        sa.ForeignKeyConstraint(
            ["promotion_id"],
            ["promotions.id"],
            name=op.f("fk_promotion_targets_promotion_id_promotions"),
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_promotion_targets_product_id_products")
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["categories.id"],
            name=op.f("fk_promotion_targets_category_id_categories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_promotion_targets")),
    )
    op.create_index("ix_promotion_targets_product_id", "promotion_targets", ["product_id"])
    op.create_index("ix_promotion_targets_category_id", "promotion_targets", ["category_id"])
    op.create_index("ix_promotion_targets_promotion_id", "promotion_targets", ["promotion_id"])
    op.create_table(
        "customers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("tax_id", sa.String(length=40)),
        sa.Column("price_group", sa.String(length=40)),
        sa.Column("credit_limit_minor", sa.Integer()),
        sa.Column("payment_terms_days", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(length=50)),
        sa.Column("email", sa.String(length=200)),
        sa.Column("addresses", sa.Text(), nullable=False),
        sa.Column("archived_at", UtcDateTime()),
        *_timestamps(),
        sa.CheckConstraint(
            "credit_limit_minor IS NULL OR credit_limit_minor >= 0",
            name=op.f("ck_customers_credit_not_negative"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customers")),
        sa.UniqueConstraint("code", name=op.f("uq_customers_code")),
    )
    op.create_index("ix_customers_name", "customers", ["name"])
    op.create_table(
        "receivable_entries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("amount_minor", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("document_id", sa.Uuid()),
        sa.Column("reference", sa.String(length=100)),
        sa.Column("terminal_code", sa.String(length=20), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('SALE', 'RETURN', 'PAYMENT')", name=op.f("ck_receivable_entries_kind_known")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_receivable_entries_customer_id_customers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_receivable_entries")),
    )
    op.create_index("ix_receivable_entries_customer_id", "receivable_entries", ["customer_id"])
    op.create_table(
        "suppliers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("contacts", sa.Text(), nullable=False),
        sa.Column("payment_terms_days", sa.Integer(), nullable=False),
        sa.Column("lead_time_days", sa.Integer(), nullable=False),
        sa.Column("archived_at", UtcDateTime()),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suppliers")),
        sa.UniqueConstraint("code", name=op.f("uq_suppliers_code")),
    )
    op.create_table(
        "supplier_products",
        sa.Column("supplier_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("supplier_code", sa.String(length=64), nullable=False),
        sa.Column("cost_minor", sa.Integer(), nullable=False),
        sa.CheckConstraint("cost_minor >= 0", name=op.f("ck_supplier_products_cost_not_negative")),
        sa.ForeignKeyConstraint(
            ["supplier_id"],
            ["suppliers.id"],
            name=op.f("fk_supplier_products_supplier_id_suppliers"),
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_supplier_products_product_id_products")
        ),
        sa.PrimaryKeyConstraint("supplier_id", "product_id", name=op.f("pk_supplier_products")),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_supplier_products_product_id", "supplier_products", ["product_id"])
    op.create_index("ix_products_name_sku", "products", ["name", "sku"])
    op.create_index(
        "ix_journal_entries_price_changed",
        "journal_entries",
        ["kind"],
        sqlite_where=sa.text("kind = 'price_changed'"),
    )
    # New nullable columns only: SQLite adds them in place, no table rebuild of a big sales table.
    op.add_column("sales", sa.Column("customer_id", sa.Uuid()))
    op.add_column("sale_lines", sa.Column("price_note", sa.String(length=200)))


def downgrade() -> None:
    op.drop_index("ix_products_name_sku", "products")
    op.drop_index("ix_journal_entries_price_changed", "journal_entries")
    with op.batch_alter_table("sale_lines") as batch:
        batch.drop_column("price_note")
    with op.batch_alter_table("sales") as batch:
        batch.drop_column("customer_id")
    for table in (
        "supplier_products",
        "suppliers",
        "receivable_entries",
        "customers",
        "promotion_targets",
        "promotions",
        "price_list_items",
        "price_lists",
    ):
        op.drop_table(table)
