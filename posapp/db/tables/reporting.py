"""The summaries reports read (posapp.domain.reporting), kept up to date off the till's critical
path: after a sale commits, never inside its commit (db.report_summaries folds in what the
journal recorded since the last fold). Amounts are signed as the documents hold them: a
return's lines and totals are negative."""

from __future__ import annotations

import uuid

from sqlalchemy import Column, Date, ForeignKey, Index, Integer, String, Table, Text, Uuid, text

from posapp.db.tables.base import metadata
from posapp.db.types import UtcDateTime

# What sale lines sold, their taxes and discounts and what the goods cost: `cost_minor` is the
# cost of goods of sales less returns, plus true-ups posted that day; `costed_milli` how much of
# the quantity sold is costed so far (a report says when cost is not yet known).
PRODUCT_SUMS = (
    "lines",
    "quantity_milli",
    "amount_minor",  # what customers paid, tax included (negative on a return)
    "discount_minor",  # line and basket discounts
    "net_minor",
    "tax_minor",
    "returned_minor",  # the returns' amount (negative)
    "cost_minor",
    "costed_milli",
)
# No category or brand: this id (a key column holds no NULL).
NOTHING = uuid.UUID(int=0)


def _sums(names: tuple[str, ...]) -> list[Column[int]]:
    return [Column(name, Integer, nullable=False) for name in names]


# By local day, product and the category and brand it had when folded in: product, category and
# brand reports read days at the edges of a span…
sales_day_products = Table(
    "sales_day_products",
    metadata,
    Column("day", Date, primary_key=True),
    Column("product_id", Uuid, primary_key=True),
    Column("category_id", Uuid, primary_key=True),
    Column("brand_id", Uuid, primary_key=True),
    *_sums(PRODUCT_SUMS),
    sqlite_with_rowid=False,
)
# A product's last sale (dead stock): its days with goods sold.
Index(
    "ix_sales_day_products_sold",
    sales_day_products.c.product_id,
    sales_day_products.c.day,
    sqlite_where=text("quantity_milli > 0"),
)
# …and whole calendar months between them (a year is twelve months' rows, not 365 days').
sales_month_products = Table(
    "sales_month_products",
    metadata,
    Column("month", Date, primary_key=True),  # its first day
    Column("product_id", Uuid, primary_key=True),
    Column("category_id", Uuid, primary_key=True),
    Column("brand_id", Uuid, primary_key=True),
    *_sums(PRODUCT_SUMS),
    sqlite_with_rowid=False,
)
# …and ISO weeks, by their Monday: how a product's demand varies week to week (ABC/XYZ), so
# one row per product and week, whatever category it was in.
sales_week_products = Table(
    "sales_week_products",
    metadata,
    Column("week", Date, primary_key=True),
    Column("product_id", Uuid, primary_key=True),
    *_sums(PRODUCT_SUMS),
    sqlite_with_rowid=False,
)
# By local day (and region) alone: reports by day, ISO week, month and region. A region is an
# imported document's; this store's own sales have none ("").
sales_days = Table(
    "sales_days",
    metadata,
    Column("day", Date, primary_key=True),
    Column("region", String(200), primary_key=True),
    Column("week", Date, nullable=False),  # its ISO week's Monday
    Column("month", Date, nullable=False),  # its month's first day
    *_sums(PRODUCT_SUMS),
    sqlite_with_rowid=False,
)

# Sales by local day, hour, cashier and terminal.
TILL_SUMS = (
    "sales",
    "returns",
    "total_minor",
    "discount_minor",
    "net_minor",
    "tax_minor",
    "returned_minor",
)
sales_day_tills = Table(
    "sales_day_tills",
    metadata,
    Column("day", Date, primary_key=True),
    Column("hour", Integer, primary_key=True),
    Column("cashier_id", Uuid, primary_key=True),
    Column("terminal_code", String(20), primary_key=True),
    Column("week", Date, nullable=False),
    Column("month", Date, nullable=False),
    Column("weekday", Integer, nullable=False),  # 1 = Monday
    # the documents counted, with their totals; `returned_minor`: the returns' (negative)
    *_sums(TILL_SUMS),
    sqlite_with_rowid=False,
)

# Sales by local day and customer (NOTHING: sales with no customer attached, walk-ins).
sales_day_customers = Table(
    "sales_day_customers",
    metadata,
    Column("day", Date, primary_key=True),
    Column("customer_id", Uuid, primary_key=True),
    Column("week", Date, nullable=False),
    Column("month", Date, nullable=False),
    *_sums(TILL_SUMS),
    sqlite_with_rowid=False,
)

# Tax by local day and rate: the lines taxed at it, their net amount and the tax.
TAX_SUMS = ("lines", "base_minor", "tax_minor")
sales_day_taxes = Table(
    "sales_day_taxes",
    metadata,
    Column("day", Date, primary_key=True),
    Column("rate_code", String(20), primary_key=True),
    Column("rate_ppm", Integer, primary_key=True),
    Column("week", Date, nullable=False),
    Column("month", Date, nullable=False),
    *_sums(TAX_SUMS),
    sqlite_with_rowid=False,
)
# Tenders by local day and kind: payments counted, what customers handed over, what went back
# to them (change in cash, and refunds: negative), and the two together — what was taken.
TENDER_SUMS = ("payments", "paid_minor", "paid_back_minor", "amount_minor")
sales_day_tenders = Table(
    "sales_day_tenders",
    metadata,
    Column("day", Date, primary_key=True),
    Column("kind", String(20), primary_key=True),
    Column("week", Date, nullable=False),
    Column("month", Date, nullable=False),
    *_sums(TENDER_SUMS),
    sqlite_with_rowid=False,
)

# Discounts and promotions given, by local day and reason (the price note a line carries — a
# promotion's or price list's name — else what kind of discount it had): what the lines would
# have cost at the catalogue's list price, what went below it through a special price, the line
# and basket discounts, everything given (list less paid) and what was paid.
DISCOUNT_SUMS = (
    "lines",
    "quantity_milli",
    "list_minor",
    "price_off_minor",
    "line_discount_minor",
    "basket_discount_minor",
    "given_minor",
    "amount_minor",
)
sales_day_discounts = Table(
    "sales_day_discounts",
    metadata,
    Column("day", Date, primary_key=True),
    Column("reason", String(200), primary_key=True),
    Column("week", Date, nullable=False),
    Column("month", Date, nullable=False),
    *_sums(DISCOUNT_SUMS),
    sqlite_with_rowid=False,
)

# How far each summary has folded: the journal's sequence for documents.
report_cursors = Table(
    "report_cursors",
    metadata,
    Column("name", String(20), primary_key=True),
    Column("position", Integer, nullable=False),
)

# Every change costing makes to a movement's cost, written by triggers on movement_costs
# (migration 0028) and taken away as the summaries fold it in.
report_cost_changes = Table(
    "report_cost_changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("movement_id", Uuid, nullable=False),
    Column("value_minor", Integer, nullable=False),  # new value − old value
    Column("true_up_minor", Integer, nullable=False),
    Column("costed", Integer, nullable=False),  # +1 costed now, −1 no longer, 0 re-costed
)


# Past sales imported from another system (posapp.domain.sales_history): documents marked as
# imported, in reports only — never in a Z, the journal, stock, receivables, tax or costing.
history_imports = Table(
    "history_imports",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("source", String(300), nullable=False),  # the file's name
    Column("mapping", Text, nullable=False),  # JSON: how its columns were read
    Column("documents", Integer, nullable=False),
    Column("lines", Integer, nullable=False),
    Column("imported_by", String(200), nullable=False),
    Column("imported_at", UtcDateTime, nullable=False),
)
history_documents = Table(
    "history_documents",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("import_id", Uuid, ForeignKey("history_imports.id"), nullable=False),
    Column("number", String(200), nullable=False, unique=True),
    Column("kind", String(10), nullable=False),  # SALE, or RETURN for a credit note
    Column("day", Date, nullable=False),
    Column("customer", String(200), nullable=False),
    Column("country", String(200), nullable=False),
    Column("region", String(200), nullable=False),
    Column("city", String(200), nullable=False),
)
history_lines = Table(
    "history_lines",
    metadata,
    Column("document_id", Uuid, ForeignKey("history_documents.id"), primary_key=True),
    Column("line_no", Integer, primary_key=True),
    Column("product_id", Uuid, ForeignKey("products.id")),  # None: not goods (postage, fees)
    Column("code", String(200), nullable=False),
    Column("name", String(200), nullable=False),  # as this line had it
    Column("quantity_milli", Integer, nullable=False),
    Column("amount_minor", Integer, nullable=False),
    Column("unit_price_minor", Integer),
    Column("cost_minor", Integer),
    sqlite_with_rowid=False,
)
