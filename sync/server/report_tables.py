"""Head office's report summaries: the node's (posapp.db.tables.reporting) with the store as
the first key, so the same report queries (posapp.db.report_queries) answer for a chosen set of
stores or all of them. Folded from the documents uploads bring (sync.server.report_summaries),
after their transaction, never in it. Declared on `tables.metadata`."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    Identity,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    Uuid,
    text,
)

from posapp.db.tables.reporting import (
    DISCOUNT_SUMS,
    PRODUCT_SUMS,
    TAX_SUMS,
    TENDER_SUMS,
    TILL_SUMS,
)
from sync.server.tables import metadata


def _sums(names: tuple[str, ...]) -> list[Column[int]]:
    return [Column(name, BigInteger, nullable=False) for name in names]


def _store() -> Column[str]:
    return Column("store_code", String(20), primary_key=True)


def _products_by(period: str, *, chain: bool = False) -> Table:
    """Sales by `period` and product, per store; or for the whole chain, its stores added
    together (`chain`: a chain-wide report by product reads a twentieth of the rows)."""
    return Table(
        f"{'chain' if chain else 'sales'}_{period}_products",
        metadata,
        *(() if chain else (_store(),)),
        Column(period, Date, primary_key=True),
        Column("product_id", Uuid, primary_key=True),
        Column("category_id", Uuid, primary_key=True),
        Column("brand_id", Uuid, primary_key=True),
        *_sums(PRODUCT_SUMS),
    )


sales_day_products = _products_by("day")
sales_month_products = _products_by("month")
# Migration 0018.
chain_day_products = _products_by("day", chain=True)
chain_month_products = _products_by("month", chain=True)
# By ISO week, its Monday (migration 0023): how a product's demand varies week to week, a row
# per product and week (category and brand: the nothing-id).
sales_week_products = _products_by("week")
chain_week_products = _products_by("week", chain=True)
# A product's last day sold (dead stock), by store and for the chain: migration 0022; the
# store in the index since 0026 (one store's last day read from the index alone).
for _daily, _with in ((sales_day_products, ["store_code"]), (chain_day_products, [])):
    Index(
        f"ix_{_daily.name}_sold",
        _daily.c.product_id,
        _daily.c.day,
        postgresql_include=_with,
        postgresql_where=text("quantity_milli > 0"),
    )
# A store's weeks with what ABC/XYZ sums, read from the index alone (migration 0026): the
# store's rows lie scattered among every other store's on the table's pages.
Index(
    "ix_sales_week_products_by_store",
    sales_week_products.c.store_code,
    sales_week_products.c.week,
    postgresql_include=["product_id", "quantity_milli", "net_minor", "cost_minor"],
)
# ... and a store's months with each product's quantity, for sell-through (migration 0026).
Index(
    "ix_sales_month_products_by_store",
    sales_month_products.c.store_code,
    sales_month_products.c.month,
    postgresql_include=["product_id", "quantity_milli"],
)
sales_days = Table(
    "sales_days",
    metadata,
    _store(),
    Column("day", Date, primary_key=True),
    Column("region", String(200), primary_key=True),
    Column("week", Date, nullable=False),
    Column("month", Date, nullable=False),
    *_sums(PRODUCT_SUMS),
)
sales_day_tills = Table(
    "sales_day_tills",
    metadata,
    _store(),
    Column("day", Date, primary_key=True),
    Column("hour", Integer, primary_key=True),
    Column("cashier_id", Uuid, primary_key=True),
    Column("terminal_code", String(20), primary_key=True),
    Column("week", Date, nullable=False),
    Column("month", Date, nullable=False),
    Column("weekday", Integer, nullable=False),
    *_sums(TILL_SUMS),
)


def _by_day(name: str, keys: list[Column[object]], sums: tuple[str, ...]) -> Table:
    """A summary by store, local day and `keys`."""
    return Table(
        name,
        metadata,
        _store(),
        Column("day", Date, primary_key=True),
        *keys,
        Column("week", Date, nullable=False),
        Column("month", Date, nullable=False),
        *_sums(sums),
    )


sales_day_taxes = _by_day(
    "sales_day_taxes",
    [
        Column("rate_code", String(20), primary_key=True),
        Column("rate_ppm", Integer, primary_key=True),
    ],
    TAX_SUMS,
)
sales_day_tenders = _by_day(
    "sales_day_tenders", [Column("kind", String(20), primary_key=True)], TENDER_SUMS
)
# NOTHING: sales with no customer attached.
sales_day_customers = _by_day(
    "sales_day_customers", [Column("customer_id", Uuid, primary_key=True)], TILL_SUMS
)
sales_day_discounts = _by_day(
    "sales_day_discounts", [Column("reason", String(200), primary_key=True)], DISCOUNT_SUMS
)
# The sales and returns uploads brought that the summaries have not folded in yet (written by a
# statement trigger on `sales`: one insert per upload, not one per document).
report_queue = Table(
    "report_queue",
    metadata,
    Column("sale_id", Uuid, primary_key=True),
)

# Documents the other summaries hold already, for the ones migration 0019 added alone.
report_catch_up = Table(
    "report_catch_up",
    metadata,
    Column("sale_id", Uuid, primary_key=True),
)

# What the sold products are called, as their lines last said: a product's name at head office
# before (or without) its master record.
report_products = Table(
    "report_products",
    metadata,
    Column("product_id", Uuid, primary_key=True),
    Column("sku", String(64), nullable=False),
    Column("name", String(200), nullable=False),
)

# Every change costing makes to a movement's cost (statement triggers on movement_costs,
# migration 0016), taken away as the summaries fold it in: the margin at head office.
report_cost_changes = Table(
    "report_cost_changes",
    metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("movement_id", Uuid, nullable=False),
    Column("value_minor", BigInteger, nullable=False),  # new value − old value
    Column("true_up_minor", BigInteger, nullable=False),
    Column("costed", SmallInteger, nullable=False),  # +1 costed now, −1 no more, 0 re-costed
)

# Each store's time zone, as its nodes send it (sync.server.store_zones): its days are counted
# by it.
store_zones = Table(
    "store_zones",
    metadata,
    Column("store_code", String(20), primary_key=True),
    Column("time_zone", String(64), nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
)
