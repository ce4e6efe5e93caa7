"""Every catalogue report's first page on a node holding a year of trading: 1,000,000 sale lines
(250,000 sales of 20,000 products, the popular ones sold most, every hour the shop is open),
beside SQLite reading the lines themselves in the same run (what a report without summaries
would have to do).

The year is written straight into the tables as the till writes them, then folded into the
summaries once (as after an upgrade), timed. Each report is then opened over the whole year
and over the last month, first page of 100 rows, p95 of several opens.
POSAPP_BENCH_REPORT_LINES sets the size."""

from __future__ import annotations

import json
import os
import random
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from posapp import bootstrap
from posapp.bootstrap import stock
from posapp.bootstrap.demo import load_demo_catalogue, load_demo_records
from posapp.bootstrap.node import Node, open_node
from posapp.db.engine import write_connection
from posapp.db.types import driver_connection, sqlite_timestamp, sqlite_uuid
from posapp.domain.actors import Actor
from posapp.domain.permissions import BUILT_IN_ROLES
from posapp.domain.reporting import CATALOGUE
from posapp.services import reporting
from posapp.services.stock import DraftHeader, DraftLine
from tests.bench.dashboard import painted_dashboard
from tests.bench.figures import percentile, report

LINES = int(os.environ.get("POSAPP_BENCH_REPORT_LINES", "1000000"))
PRODUCTS = 20_000
YEAR_START = datetime(2025, 12, 1, tzinfo=UTC)
OPENS = 7


@pytest.fixture(scope="module")
def year_of_trading(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Node, float]]:
    node = open_node(Path(tmp_path_factory.mktemp("reports")) / "data", create=True)
    load_demo_catalogue(node, products=PRODUCTS, seed=1, progress=lambda d, t: None)
    started = time.perf_counter()
    _write_year(node)
    _write_shifts(node)
    written = time.perf_counter() - started
    _receive_the_year(node)
    yield node, written
    node.close()


def _write_year(node: Node) -> None:
    """Sales of four lines each, through the year at opening hours, in the tables the till
    writes (sales, their lines and taxes, their tenders, the journal entry that records each)."""
    rng = random.Random(1)
    with node.store.engine.connect() as connection:
        catalogue = connection.execute(
            text("SELECT id, sku, name, price_minor FROM products ORDER BY sku")
        ).all()
        cashiers = [row[0] for row in connection.execute(text("SELECT id FROM users"))]  # hex
        location = connection.execute(text("SELECT id FROM locations LIMIT 1")).scalar_one()
    store = node.settings.store_id
    weights = [1 / (rank + 1) for rank in range(len(catalogue))]  # a few sell most
    sales_rows, line_rows, journal_rows = [], [], []
    tax_rows: list[tuple[object, ...]] = []
    tender_rows: list[tuple[object, ...]] = []
    for number in range(LINES // 4):
        at = YEAR_START + timedelta(
            days=rng.randrange(365), hours=rng.randint(8, 20), minutes=rng.randrange(60)
        )
        sale = uuid.uuid4()
        total = 0
        for line_no, product in enumerate(rng.choices(catalogue, weights, k=4), start=1):
            price = int(product.price_minor)
            discount = price // 10 if rng.random() < 0.125 else 0  # an offer on one line in 8
            amount = price - discount
            tax = amount // 11
            total += amount
            line = sqlite_uuid(uuid.uuid4())
            tax_rows.append((line, "VAT10" if line_no % 2 else "VAT20", 100_000, tax))
            line_rows.append(
                (
                    line,
                    sqlite_uuid(sale),
                    line_no,
                    product.id,  # as stored
                    product.sku,
                    product.name,
                    "pc",
                    1000,
                    price,
                    price,
                    discount,
                    0,
                    amount,
                    amount - tax,
                    tax,
                    None,
                    "Weekend offer" if discount and line_no % 2 else None,
                )
            )
        tender_rows.append((sqlite_uuid(sale), 1, "card" if number % 3 else "cash", total, None))
        sales_rows.append(
            (
                sqlite_uuid(sale),
                f"S01-T01-{number + 1:07d}",
                "SALE",
                sqlite_uuid(store),
                "T01",
                location,
                rng.choice(cashiers),
                "EUR",
                "inclusive",
                total,
                0,
                total - total // 11,
                total // 11,
                total,
                0,
                None,
                "",
                sqlite_timestamp(at),
                None,
                None,
            )
        )
        journal_rows.append(
            (
                number + 1,
                sqlite_uuid(uuid.uuid4()),
                "T01",
                "sale",
                sqlite_uuid(sale),
                "0" * 64,
                "0" * 64,
                "0" * 64,
                sqlite_timestamp(at),
                None,
            )
        )
    with write_connection(node.store.engine) as connection, connection.begin():
        raw = driver_connection(connection)
        raw.executemany(f"INSERT INTO sales VALUES ({', '.join('?' * 20)})", sales_rows)
        raw.executemany(
            "INSERT INTO sale_lines (id, sale_id, line_no, product_id, sku, name, unit, "
            "quantity_milli, list_price_minor, unit_price_minor, line_discount_minor, "
            "basket_discount_minor, amount_minor, net_minor, tax_minor, original_line_id, "
            f"price_note) VALUES ({', '.join('?' * 17)})",
            line_rows,
        )
        raw.executemany(
            "INSERT INTO sale_line_taxes (line_id, rate_code, rate_ppm, tax_minor) "
            "VALUES (?, ?, ?, ?)",
            tax_rows,
        )
        raw.executemany(
            "INSERT INTO sale_tenders (sale_id, position, kind, amount_minor, reference) "
            "VALUES (?, ?, ?, ?, ?)",
            tender_rows,
        )
        raw.executemany(
            "INSERT INTO journal_entries (seq, id, terminal_code, kind, document_id, "
            "payload_sha256, prev_hash, hash, created_at, payload) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            journal_rows,
        )


def _write_shifts(node: Node) -> None:
    """A shift a day closed by its Z report, as the till writes them."""
    with node.store.engine.connect() as connection:
        cashier = connection.execute(text("SELECT id FROM users LIMIT 1")).scalar_one()
    shifts, zs = [], []
    for day in range(365):
        opened = YEAR_START + timedelta(days=day, hours=8)
        closed = opened + timedelta(hours=13)
        shift = sqlite_uuid(uuid.uuid4())
        expected = 10_000 + 50_000 + day
        shifts.append(
            (
                shift,
                "T01",
                day + 1,
                cashier,
                sqlite_timestamp(opened),
                10_000,
                "{}",
                sqlite_timestamp(closed),
                "{}",
                expected - day % 3,
                expected,
                None,
                "",
            )
        )
        cash = {
            "float": 10_000,
            "tendered": 50_000 + day,
            "account_payments": 0,
            "cash_in": 0,
            "cash_out": 0,
            "drops": 0,
            "expected": expected,
            "counted": expected - day % 3,
            "over_short": -(day % 3),
        }
        payload = {
            "opened_by": "Cashier",
            "opened_at": opened.isoformat(),
            "at": closed.isoformat(),
            "cash": cash,
        }
        zs.append(
            (
                sqlite_uuid(uuid.uuid4()),
                "T01",
                day + 1,
                shift,
                json.dumps(payload),
                sqlite_timestamp(closed),
            )
        )
    with write_connection(node.store.engine) as connection, connection.begin():
        raw = driver_connection(connection)
        raw.executemany(
            "INSERT INTO shifts (id, terminal_code, number, cashier_id, opened_at, "
            "opening_float_minor, opening_count, closed_at, closing_count, counted_minor, "
            f"expected_minor, approved_by, drawer) VALUES ({', '.join('?' * 13)})",
            shifts,
        )
        raw.executemany(
            "INSERT INTO z_reports (id, terminal_code, number, shift_id, payload, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            zs,
        )


def _receive_the_year(node: Node) -> None:
    """The demo's suppliers and opening stock, then a delivery a week through the year, each
    of 200 of the products, through the back office's own goods receipts."""
    load_demo_records(node)
    role = "manager"
    node.actor = Actor(uuid.uuid4(), "Manager", role, frozenset(BUILT_IN_ROLES[role][1]))
    rng = random.Random(2)
    with node.store.engine.connect() as connection:
        skus = [row[0] for row in connection.execute(text("SELECT sku FROM products"))]
    for week in range(52):
        header = DraftHeader(
            supplier_code="S01" if week % 2 else "S02",
            business_at=YEAR_START + timedelta(weeks=week, hours=7),
        )
        lines = [DraftLine(sku, 24_000, 100) for sku in rng.sample(skus, 200)]
        stock.receive(node, header, lines)


def _floor(node: Node) -> float:
    """SQLite alone: one pass summing the year's sale lines by product."""
    with node.store.engine.connect() as connection:
        started = time.perf_counter()
        connection.execute(
            text("SELECT product_id, sum(net_minor) FROM sale_lines GROUP BY product_id")
        ).all()
        return time.perf_counter() - started


def test_every_report_opens_within_a_second_on_a_year_of_trading(
    year_of_trading: tuple[Node, float],
) -> None:
    node, written = year_of_trading
    reports = bootstrap.reporting.NodeReports(node)
    started = time.perf_counter()
    reports.fold()
    folded = time.perf_counter() - started
    last = (YEAR_START + timedelta(days=364)).date()
    rows = [
        ("the year written straight in", f"{written:.1f} s", "(setting up)"),
        ("folded into the summaries", f"{folded:.1f} s", f"{LINES / folded:,.0f} lines/s"),
    ]
    worst = 0.0
    for name in CATALOGUE:
        for span, first in (("year", YEAR_START.date()), ("month", last - timedelta(days=30))):
            timings = []
            for _ in range(OPENS):
                opened = time.perf_counter()
                page = reporting.open_report(reports, actor=None, name=name, first=first, last=last)
                timings.append(time.perf_counter() - opened)
            p95 = percentile(timings, 95)
            worst = max(worst, p95)
            rows.append(
                (
                    f"{name}, {span}",
                    f"p95 {p95 * 1000:,.0f} ms",
                    f"{page.row_count:,} rows · budget 1 s",
                )
            )
    reports.today = lambda: last  # type: ignore[method-assign,assignment,return-value]
    timings, _ = painted_dashboard(reports, OPENS)
    rows.append(
        (
            "the dashboard, opened to painted (tiles, 30-day trend, tops)",
            f"p95 {percentile(timings, 95) * 1000:,.0f} ms",
            "budget 1.5 s",
        )
    )
    floor = _floor(node)
    with node.store.engine.connect() as connection:
        summary_rows = connection.execute(text("SELECT count(*) FROM sales_day_products")).scalar()
    rows += [
        ("the slowest report", f"p95 {worst * 1000:,.0f} ms", "budget 1 s"),
        (
            "SQLite: the lines summed by product",
            f"{floor * 1000:,.0f} ms",
            f"the floor without summaries, same run · {summary_rows:,} day × product rows",
        ),
    ]
    report(f"reports on a node, {LINES:,} sale lines of {PRODUCTS:,} products", rows)
