"""The catalogue's reports at head office over a chain's year: 10,000,000 sale lines (2,500,000
sales of four lines) across 20 stores and 20,000 products, the popular ones sold most, beside
PostgreSQL reading the lines themselves in the same run (what a report without summaries
would have to do).

The year is written straight into head office's tables as uploads write them (the queue's
trigger fills the fold's queue), with the ledgers beside it (tests/bench/ho_ledgers.py: each line's
stock movement, weekly goods receipts with freight, bills and payments, every movement costed,
daily Z reports), then folded into the summaries once, timed. Each report head
office keeps is opened over the whole year and the last month, for the chain and for one store:
first page of 100 rows, p95 of several opens, in process. Then the dashboard as `posapp
backoffice --head-office` opens it: its figures through the back office API over real HTTP,
and the real page (offscreen Qt) painted with every tile and chart.
POSAPP_BENCH_HO_REPORT_LINES sets the size."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
from sqlalchemy import create_engine

from posapp.bootstrap.head_office_reports import HeadOfficeReports
from posapp.bootstrap.node import open_node
from posapp.domain.reporting import CATALOGUE
from sync.client.office import OfficeClient
from sync.server.report_summaries import fold
from sync.server.reports import head_office_report
from tests.bench.dashboard import painted_dashboard
from tests.bench.figures import percentile, report
from tests.bench.ho_ledgers import LEDGERS
from tests.bench.postgres import written
from tests.head_office import PASSWORD, HeadOfficeUnderTest, fresh_database

LINES = int(os.environ.get("POSAPP_BENCH_HO_REPORT_LINES", "10000000"))
SALES = LINES // 4
STORES = 20
PRODUCTS = 20_000
YEAR_START = datetime(2025, 12, 1, tzinfo=UTC)
OPENS = 5

# Sale n: store n % 20, a day of the year and an opening hour from n, one in three to one of
# 5,000 customers; line k a product drawn with a skew (hash³: a few sell most), deterministic,
# a tenth of the products on promotion.
_YEAR = """
INSERT INTO sales (id, node_id, store_code, terminal_code, number, kind, location_id,
    cashier_id, currency, subtotal_minor, discount_minor, tax_minor, total_minor,
    rounding_minor, original_id, flags, created_at, customer_id)
SELECT md5('s' || n)::uuid, md5('node' || n %% 20)::uuid, 'S' || lpad((n %% 20 + 1)::text, 2, '0'),
    'T01', 'S-' || n, 'SALE', md5('loc' || n %% 20)::uuid, md5('cashier' || n %% 60)::uuid, 'EUR',
    4000, 0, 364, 4000, 0, NULL, '',
    %(start)s
        + make_interval(days => (n / 20 * 7919) %% 365, hours => 8 + n %% 13, mins => n %% 60),
    CASE WHEN n %% 3 = 0 THEN md5('customer' || n %% 5000)::uuid END
FROM generate_series(0, %(sales)s - 1) n;
INSERT INTO sale_lines (id, sale_id, line_no, product_id, sku, name, quantity_milli,
    unit_price_minor, discount_minor, amount_minor, tax_minor, original_line_id,
    list_price_minor, basket_discount_minor, net_minor, price_note)
SELECT md5('l' || n || ':' || k)::uuid, md5('s' || n)::uuid, k, md5('p' || p)::uuid,
    'SKU-' || p, 'Product ' || p, 1000, 1000, 0, 1000, 91, NULL,
    CASE WHEN p %% 10 = 0 THEN 1100 ELSE 1000 END, 0, 909,
    CASE WHEN p %% 10 = 0 THEN 'Promotion ' || p %% 40 END
FROM generate_series(0, %(sales)s - 1) n, generate_series(1, 4) k,
    LATERAL (SELECT floor(%(products)s * power(
        (hashint8(n * 4 + k) %% 1000000 + 1000000) %% 1000000 / 1000000.0, 3))::int AS p) drawn;
INSERT INTO sale_taxes (sale_id, rate_code, rate_ppm, lines, base_minor, tax_minor)
SELECT md5('s' || n)::uuid, 'VAT10', 100000, 4, 3636, 364 FROM generate_series(0, %(sales)s - 1) n;
INSERT INTO sale_tenders (sale_id, position, kind, amount_minor, reference)
SELECT md5('s' || n)::uuid, 1, CASE WHEN n %% 3 = 0 THEN 'cash' ELSE 'card' END, 4000, NULL
FROM generate_series(0, %(sales)s - 1) n;
"""


def _floor(url: str) -> float:
    """PostgreSQL alone: one pass summing the year's sale lines by product."""
    with psycopg.connect(url) as connection:
        started = time.perf_counter()
        connection.execute(
            "SELECT product_id, sum(amount_minor) FROM sale_lines GROUP BY product_id"
        ).fetchall()
        return time.perf_counter() - started


def test_every_report_opens_within_a_second_at_head_office(
    head_office_postgres: str, tmp_path: Path
) -> None:
    database_url = fresh_database(head_office_postgres)
    engine = create_engine(database_url, pool_size=4)
    url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    asked = {"start": YEAR_START, "sales": SALES, "products": PRODUCTS}
    written_in = written(url, _YEAR, asked)
    ledgers_in = written(url, LEDGERS, asked)
    started = time.perf_counter()
    folded = fold(engine).documents
    folding = time.perf_counter() - started
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
    last = (YEAR_START + timedelta(days=364)).date()
    rows = [
        ("the year written straight in", f"{written_in:.1f} s", "(setting up)"),
        ("its movements, costs, receipts, bills, Zs", f"{ledgers_in:.1f} s", "(setting up)"),
        ("folded into the summaries", f"{folding:.1f} s", f"{folded:,} sales"),
    ]
    worst = 0.0
    for name in CATALOGUE:
        for span, first in (("year", YEAR_START.date()), ("month", last - timedelta(days=30))):
            for stores in (None, ("S07",)):
                timings = []
                for _ in range(OPENS):
                    opened = time.perf_counter()
                    page = head_office_report(engine, name, first, last, stores=stores)
                    timings.append(time.perf_counter() - opened)
                p95 = percentile(timings, 95)
                worst = max(worst, p95)
                whose = "chain" if stores is None else "one store"
                rows.append(
                    (
                        f"{name}, {span}, {whose}",
                        f"p95 {p95 * 1000:,.0f} ms",
                        f"{page.row_count:,} rows · budget 1 s",
                    )
                )
    rows.append(("the slowest report", f"p95 {worst * 1000:,.0f} ms", "budget 1 s"))
    rows.append(_dashboard(database_url, tmp_path, last))
    floor = _floor(url)
    engine.dispose()
    rows.append(
        (
            "PostgreSQL: the lines summed by product",
            f"{floor * 1000:,.0f} ms",
            "the floor without summaries, same run",
        )
    )
    report(f"reports at head office, {LINES:,} sale lines of {STORES} stores", rows)


def _dashboard(database_url: str, tmp_path: Path, last: object) -> tuple[str, str, str]:
    """The dashboard over real HTTP, as the back office on head office's data asks for it."""
    office = HeadOfficeUnderTest(database_url)
    office.start()
    node = open_node(tmp_path / "data", create=True)
    try:
        office.add_person("olga", role="administrator", store="*")
        client = OfficeClient(office.url)
        reports = HeadOfficeReports(node, client, client.sign_in("olga", PASSWORD))
        reports.today = lambda: last  # type: ignore[method-assign,assignment,return-value]
        timings, page = painted_dashboard(reports, OPENS)
        assert page.shown is not None
        assert len(page.shown.by_store) == STORES
        assert page.by_store.isVisible()
        client.close()
    finally:
        node.close()
        office.close()
    return (
        "the dashboard over HTTP, opened to painted (tiles, trend, tops, stores)",
        f"p95 {percentile(timings, 95) * 1000:,.0f} ms",
        "budget 1.5 s",
    )
