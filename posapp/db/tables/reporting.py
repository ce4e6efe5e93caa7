"""The summaries reports read (posapp.domain.reporting), kept up to date off the till's critical
path: after a sale commits, never inside its commit (db.report_summaries folds in what the
journal recorded since the last fold). Amounts are signed as the documents hold them: a
return's lines and totals are negative."""

from __future__ import annotations

from sqlalchemy import Column, Date, Index, Integer, String, Table, Uuid

from posapp.db.tables.base import metadata

# Sales by the store's local day and product. `cost_minor` is the cost of goods of the day's
# sales less its returns, plus true-ups posted that day; `costed_milli` how much of the quantity
# sold has been costed so far (a report says when cost is not yet known).
sales_day_products = Table(
    "sales_day_products",
    metadata,
    Column("day", Date, primary_key=True),
    Column("product_id", Uuid, primary_key=True),
    Column("week", Date, nullable=False),  # its ISO week's Monday
    Column("month", Date, nullable=False),  # its month's first day
    Column("lines", Integer, nullable=False),
    Column("quantity_milli", Integer, nullable=False),
    Column("amount_minor", Integer, nullable=False),  # what customers paid, tax included
    Column("discount_minor", Integer, nullable=False),  # line and basket discounts
    Column("net_minor", Integer, nullable=False),
    Column("tax_minor", Integer, nullable=False),
    Column("returned_minor", Integer, nullable=False),  # the returns' amount (negative)
    Column("cost_minor", Integer, nullable=False),
    Column("costed_milli", Integer, nullable=False),
    sqlite_with_rowid=False,
)
Index("ix_sales_day_products_product_id", sales_day_products.c.product_id)

# Sales by local day, hour, cashier and terminal: the documents counted, with their totals.
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
    Column("sales", Integer, nullable=False),
    Column("returns", Integer, nullable=False),
    Column("total_minor", Integer, nullable=False),
    Column("discount_minor", Integer, nullable=False),
    Column("net_minor", Integer, nullable=False),
    Column("tax_minor", Integer, nullable=False),
    Column("returned_minor", Integer, nullable=False),  # the returns' total (negative)
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
