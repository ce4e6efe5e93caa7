"""The catalogue's reports at head office: the same definitions (posapp.domain.reporting) and
the same queries (posapp.db.report_queries) as on a node, over head office's summaries of every
store — all of them or a chosen set — folded up to date first. Rows are named from the
catalogue the chain shares (products, categories, brands, customers) and head office's people
(cashiers)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, Table, select

from posapp.db.report_queries import Summaries, report_page
from posapp.domain.reporting import Dimension, ReportPage, Source
from posapp.services.reporting import checked_report
from sync.server.catalogue import (
    catalogue_brands,
    catalogue_categories,
    catalogue_customers,
    catalogue_products,
)
from sync.server.ledger_reports import cash_page, value_page
from sync.server.report_summaries import fold
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
_BY_DAY = {
    Source.PRODUCTS: sales_days,
    Source.TILLS: sales_day_tills,
    Source.TAXES: sales_day_taxes,
    Source.TENDERS: sales_day_tenders,
    Source.CUSTOMERS: sales_day_customers,
    Source.DISCOUNTS: sales_day_discounts,
}


# Worked out from the ledgers head office keeps, where the report opens.
_FROM_LEDGERS = {Source.SHIFTS: cash_page, Source.STOCK: value_page}
KEPT = frozenset(_BY_DAY) | frozenset(_FROM_LEDGERS)


class NotKeptHere(ValueError):
    """A report head office cannot answer yet; the message says what it lacks."""


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


def head_office_report(
    engine: Engine,
    name: str,
    first: date,
    last: date,
    *,
    stores: tuple[str, ...] | None = None,
    offset: int = 0,
    limit: int = 100,
) -> ReportPage:
    """A page of the report over the chosen stores (None: every store), folded up to date. The
    name and the span are checked as a node checks them (FieldError naming what is wrong)."""
    report = checked_report(name, first, last)
    if (ledger := _FROM_LEDGERS.get(report.source)) is not None:
        return ledger(engine, report, first, last, stores=stores, offset=offset, limit=limit)
    if report.source not in _BY_DAY:
        raise NotKeptHere(
            f"{report.title} is not kept at head office yet: its documents' "
            f"{report.source.value} do not travel to it"
        )
    fold(engine)
    # The whole chain reads the chain's own rollups: a twentieth of the rows of twenty stores.
    summaries = (
        Summaries(_BY_DAY, chain_day_products, chain_month_products, None)
        if stores is None
        else Summaries(_BY_DAY, sales_day_products, sales_month_products, stores)
    )
    with engine.connect() as connection:
        return report_page(
            connection,
            report,
            first,
            last,
            offset=offset,
            limit=limit,
            summaries=summaries,
            naming=HeadOfficeNaming(),
        )
