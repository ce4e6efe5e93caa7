"""Where head office's reports read from: its summaries (the whole chain's rollups, or the chosen
stores' rows) and the names of their rows, from the catalogue the chain shares (products,
categories, brands, customers) and head office's people (cashiers)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, select

from posapp.db.report_queries import Summaries
from posapp.domain.reporting import Dimension, Source
from sync.server.catalogue import (
    catalogue_brands,
    catalogue_categories,
    catalogue_customers,
    catalogue_products,
)
from sync.server.report_tables import (
    chain_day_products,
    chain_month_products,
    report_products,
    sales_day_customers,
    sales_day_discounts,
    sales_day_products,
    sales_day_taxes,
    sales_day_tenders,
    sales_day_tills,
    sales_days,
    sales_month_products,
)
from sync.server.tables import master_records, people

# The summaries head office keeps; the ledgers of purchases, payables and stock by batch that
# the other ledger reports read on a node are worked out there only.
BY_DAY = {
    Source.PRODUCTS: sales_days,
    Source.TILLS: sales_day_tills,
    Source.TAXES: sales_day_taxes,
    Source.TENDERS: sales_day_tenders,
    Source.CUSTOMERS: sales_day_customers,
    Source.DISCOUNTS: sales_day_discounts,
}


def summaries_for(stores: tuple[str, ...] | None) -> Summaries:
    """The whole chain reads the chain's own rollups (a twentieth of the rows of twenty
    stores); chosen stores, their own rows."""
    if stores is None:
        return Summaries(BY_DAY, chain_day_products, chain_month_products, None)
    return Summaries(BY_DAY, sales_day_products, sales_month_products, stores)


class HeadOfficeNaming:
    """Rows named from head office's relational catalogue (sync.server.catalogue) and people."""

    def names(
        self, connection: Connection, dimension: Dimension, keys: Sequence[Any]
    ) -> dict[Any, str]:
        wanted = [key for key in keys if key is not None]
        if not wanted:
            return {}
        if dimension is Dimension.PRODUCT:
            sold = connection.execute(
                select(report_products).where(report_products.c.product_id.in_(wanted))
            )
            named = {product: f"{sku} {name}" for product, sku, name in sold}
            # the catalogue's name, where the chain shares it, over what a line said
            return {**named, **_named(connection, catalogue_products, "sku", wanted)}
        if dimension is Dimension.CUSTOMER:
            return _named(connection, catalogue_customers, "code", wanted)
        if dimension is Dimension.BRAND:
            rows = connection.execute(
                select(catalogue_brands.c.id, catalogue_brands.c.name).where(
                    catalogue_brands.c.id.in_(wanted)
                )
            )
            return {brand: name for brand, name in rows}
        if dimension is Dimension.CASHIER:
            # head office's people, else the till's user as its record says
            record = master_records.c.payload
            users = connection.execute(
                select(master_records.c.key, record["display_name"].astext).where(
                    master_records.c.entity == "user",
                    master_records.c.key.in_([str(key) for key in wanted]),
                    master_records.c.payload.is_not(None),
                )
            )
            rows = connection.execute(
                select(people.c.id, people.c.display_name).where(people.c.id.in_(wanted))
            )
            named = {uuid.UUID(key): name for key, name in users}
            return {**named, **{person: name for person, name in rows}}
        return {}

    def categories(self, connection: Connection) -> dict[Any, tuple[Any, str]]:
        table = catalogue_categories
        rows = connection.execute(select(table.c.id, table.c.parent_id, table.c.name))
        return {row.id: (row.parent_id, row.name) for row in rows}


def _named(
    connection: Connection, table: Table, code: str, wanted: Sequence[Any]
) -> dict[Any, str]:
    """ "code name" of the rows of `table` with the ids `wanted`."""
    rows = connection.execute(
        select(table.c.id, table.c[code], table.c.name).where(table.c.id.in_(wanted))
    )
    return {key: f"{code_} {name}" for key, code_, name in rows}
