"""The catalogue's reports at head office: the same definitions (posapp.domain.reporting) and
the same queries (posapp.db.report_queries) as on a node, over head office's summaries of every
store — all of them or a chosen set — folded up to date first (sync.server.report_sources);
the ledger reports worked out where they open, over the documents the stores send."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from posapp.db.report_queries import report_page
from posapp.domain.reporting import ReportPage, Source
from posapp.services.reporting import checked_report
from sync.server.ledger_reports import cash_page, value_page
from sync.server.report_sources import HeadOfficeNaming, summaries_for
from sync.server.report_summaries import fold
from sync.server.stock_reports import stock_page
from sync.server.supplier_reports import payables_page, purchases_page

# Worked out from the ledgers head office keeps, where the report opens.
_FROM_LEDGERS = {
    Source.SHIFTS: cash_page,
    Source.STOCK: value_page,
    Source.AGEING: stock_page,
    Source.DEAD: stock_page,
    Source.SELL_THROUGH: stock_page,
    Source.CLASSES: stock_page,
    Source.PURCHASES: purchases_page,
    Source.PAYABLES: payables_page,
}


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
    fold(engine)
    summaries = summaries_for(stores)
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
