"""The ledger reports head office works out where they open: cash by shift and by day — each
Z report as its till printed it, from the journal head office keeps whole, by the local days of
its store, the same rows a node works out from its own Z reports (posapp.db.ledger_reports) —
and the stock's value at the end of the span's last day, from head office's costing."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, text

from posapp.db.ledger_reports import drawer_rows, ranked_page, stock_value_page
from posapp.domain.reporting import ReportDefinition, ReportPage
from sync.server.stock_value import stock_value

# A store's day begins and ends within a day of UTC's, whatever its zone.
_MARGIN = timedelta(days=1)
_Z_REPORTS = """
SELECT j.store_code, j.terminal_code, j.payload, coalesce(z.time_zone, 'UTC')
FROM journal j LEFT JOIN store_zones z ON z.store_code = j.store_code
WHERE j.kind = 'z_report' AND j.created_at >= :starts AND j.created_at < :ends
  AND (CAST(:stores AS text[]) IS NULL OR j.store_code = ANY(CAST(:stores AS text[])))
ORDER BY j.created_at, j.store_code, j.terminal_code
"""


def cash_page(
    engine: Engine,
    report: ReportDefinition,
    first: date,
    last: date,
    *,
    stores: tuple[str, ...] | None,
    offset: int,
    limit: int,
) -> ReportPage:
    """A page of a cash report over the Z reports the chosen stores (None: all) closed on the
    days `first` … `last`, each by its own store's local day."""
    window = {
        "starts": datetime.combine(first, time(), ZoneInfo("UTC")) - _MARGIN,
        "ends": datetime.combine(last + timedelta(days=1), time(), ZoneInfo("UTC")) + _MARGIN,
        "stores": None if stores is None else list(stores),
    }
    with engine.connect() as connection:
        found = connection.execute(text(_Z_REPORTS), window).all()
    closed = []
    for store, terminal, z, zone_name in found:
        zone = ZoneInfo(zone_name)
        if first <= datetime.fromisoformat(z["at"]).astimezone(zone).date() <= last:
            closed.append((f"{store} {terminal}", int(z["z_number"]), z, zone))
    rows = drawer_rows(report, closed)
    return ranked_page(report, first, last, rows, offset=offset, limit=limit)


def value_page(
    engine: Engine,
    report: ReportDefinition,
    first: date,
    last: date,
    *,
    stores: tuple[str, ...] | None,
    offset: int,
    limit: int,
) -> ReportPage:
    """Stock on hand and its value at the end of `last` (UTC), each product at each place of
    the chosen stores, the most valuable first (sync.server.stock_value)."""
    valued = stock_value(engine, last, offset + limit, stores)
    return stock_value_page(report, first, last, valued, offset=offset, limit=limit)
