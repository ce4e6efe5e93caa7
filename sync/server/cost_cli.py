"""`posapp-server cost`, `value` and `report`: cost what waits now, the chain's stock value as
of a day (the most valuable rows and the total; costing what waits first), and a report of the
catalogue for the chain or chosen stores."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

Options = Callable[..., None]


def add_costing_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], database_options: Options
) -> None:
    costing = commands.add_parser("cost", help="cost every store's movements waiting now")
    database_options(costing, required=False)
    value = commands.add_parser("value", help="the chain's stock value as of a day")
    database_options(value, required=False)
    value.add_argument("--as-of", type=date.fromisoformat, default=None, help="YYYY-MM-DD (today)")
    value.add_argument("--rows", type=int, default=50, help="the most valuable rows listed (50)")
    report = commands.add_parser(
        "report", help="a report of the catalogue, for the chain or stores"
    )
    database_options(report, required=False)
    report.add_argument("name", help="the report, e.g. sales-by-day")
    report.add_argument("--from", dest="first", type=date.fromisoformat, required=True)
    report.add_argument("--to", dest="last", type=date.fromisoformat, required=True)
    report.add_argument(
        "--store", action="append", default=None, help="a store's code (repeat it; default: all)"
    )


def cost(engine: Engine, args: argparse.Namespace) -> int:
    from sync.server.costing import cost_now

    print(cost_now(engine))
    return 0


def value(engine: Engine, args: argparse.Namespace) -> int:
    from sync.server.costing import cost_now
    from sync.server.stock_value import stock_value

    cost_now(engine)  # what the stores sent since the last run counts too
    as_of = args.as_of or datetime.now(UTC).date()
    valued = stock_value(engine, as_of, max(args.rows, 0))
    for row in valued.rows:
        print(
            f"{row.sku:<20} {row.name[:30]:<30} {row.location:<16} "
            f"{row.quantity_milli / 1000:>12,.3f} {row.value_minor / 100:>14,.2f}"
        )
    print(
        f"stock value at the end of {as_of.isoformat()} (UTC): {valued.total_minor / 100:,.2f} "
        f"over {valued.row_count:,} store, product and location rows"
    )
    return 0


def report(engine: Engine, args: argparse.Namespace) -> int:
    from posapp.domain.errors import DomainError
    from posapp.reports.report_text import report_lines
    from sync.server.reports import head_office_report

    stores = None if args.store is None else tuple(args.store)
    try:
        page = head_office_report(
            engine, args.name, args.first, args.last, stores=stores, limit=10_000
        )
    except DomainError as refused:
        print(f"posapp-server: {refused}")
        return 1
    with engine.connect() as connection:
        currency = connection.exec_driver_sql("SELECT min(currency) FROM sales").scalar() or ""
    for line in report_lines(page, currency):
        print(line)
    return 0
