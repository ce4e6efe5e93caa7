"""Costing at head office on PostgreSQL: a sale dated before 100,000 later movements of its
product (its own cost, then the movements after it, beside PostgreSQL's raw insert rate in the
same run), and a full costing of a chain's movements over many products.

POSAPP_BENCH_COSTED_MOVEMENTS sets the full costing's size (default 10,000,000 over 100,000
products: the issue's; the rows are written straight into the tables, as the uploads would)."""

from __future__ import annotations

import os
import time
import uuid
from datetime import UTC, datetime

import psycopg
from sqlalchemy import create_engine

from posapp.domain.ids import Uuid7Factory
from posapp.services.costing import CostStep, catch_up, without_cycle_collection
from sync.server.costing import PgCostLedger, run_costing
from tests.bench.figures import report
from tests.head_office import fresh_database

LATER = 100_000
FULL = int(os.environ.get("POSAPP_BENCH_COSTED_MOVEMENTS", "10000000"))
PER_PRODUCT = 100
START = datetime(2026, 1, 1, tzinfo=UTC)
NODE = uuid.UUID("0195e1a0-0000-7000-8000-000000000001")

# A product's history: every third movement a receipt of 3 at a line's cost, the others sales
# of 1, a minute apart; receipts' lines on one document.
_HISTORY = """
INSERT INTO stock_documents (id, node_id, store_code, doc_type, number, status, location_id,
    created_by, business_at, completed_at)
VALUES (%(doc)s, %(node)s, 'S01', 'goods_receipt', %(number)s, 'received', %(node)s, 'bench',
    %(start)s, %(start)s);
INSERT INTO stock_document_lines (id, document_id, line_no, product_id, quantity_milli,
    unit_cost_minor)
SELECT md5(%(salt)s || p || ':' || n)::uuid, %(doc)s, p * %(per)s + n, md5(%(salt)s || p)::uuid,
    3000, 100 + (n * 7919) %% 400
FROM generate_series(0, %(products)s - 1) p, generate_series(0, %(per)s - 1) n WHERE n %% 3 = 0;
INSERT INTO stock_movements (id, node_id, store_code, product_id, location_id, quantity_milli,
    reason, document_id, created_at, business_at, document_line_id)
SELECT md5(%(salt)s || 'm' || p || ':' || n)::uuid, %(node)s, 'S01', md5(%(salt)s || p)::uuid,
    %(node)s, CASE WHEN n %% 3 = 0 THEN 3000 ELSE -1000 END,
    CASE WHEN n %% 3 = 0 THEN 'RECEIPT' ELSE 'SALE' END,
    CASE WHEN n %% 3 = 0 THEN %(doc)s END,
    %(start)s + make_interval(mins => n + 10), %(start)s + make_interval(mins => n + 10),
    CASE WHEN n %% 3 = 0 THEN md5(%(salt)s || p || ':' || n)::uuid END
FROM generate_series(0, %(products)s - 1) p, generate_series(0, %(per)s - 1) n;
"""


def _history(url: str, salt: str, products: int, per_product: int) -> float:
    started = time.perf_counter()
    with psycopg.connect(url) as connection:
        params = {
            "doc": uuid.uuid4(),
            "node": NODE,
            "number": f"GR-{salt}",
            "start": START,
            "salt": salt,
            "products": products,
            "per": per_product,
        }
        for statement in _HISTORY.split(";\n")[:-1]:
            connection.execute(statement, params)  # type: ignore[arg-type]
        connection.commit()
    # Vacuumed and analysed, as autovacuum would have long before a chain's movements are
    # costed again: without it, autovacuum's first pass over ten million new rows (and every
    # index on them) ran beside the costing being timed.
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


def _raw_insert_rate(url: str, rows: int) -> float:
    """PostgreSQL alone: cost-shaped rows through an unnest INSERT, 20,000 a statement."""
    with psycopg.connect(url) as connection:
        connection.execute(
            "CREATE TEMP TABLE raw_costs (id uuid PRIMARY KEY, store text, product uuid, "
            "value bigint, true_up bigint)"
        )
        new_id = Uuid7Factory()
        product = new_id()
        started = time.perf_counter()
        for _ in range(rows // 20000):
            ids = [new_id() for _ in range(20000)]
            values = list(range(20000))
            connection.execute(
                "INSERT INTO raw_costs SELECT u.id, 'S01', %s, u.v, 0 "
                "FROM unnest(%s::uuid[], %s::bigint[]) AS u(id, v)",
                (product, ids, values),
            )
            connection.commit()
        return rows / (time.perf_counter() - started)


class _Timed(PgCostLedger):
    def __init__(self, *args: object) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        self.saved: list[tuple[float, int]] = []

    def save(self, step: CostStep) -> None:
        super().save(step)
        self.saved.append((time.perf_counter(), len(step.outcomes)))


def test_a_backdated_sale_before_a_hundred_thousand_later_movements(
    head_office_postgres: str,
) -> None:
    engine = create_engine(fresh_database(head_office_postgres))
    url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    _history(url, "busy", 1, LATER)
    started = time.perf_counter()
    run_costing(engine)
    first_pass = time.perf_counter() - started
    with psycopg.connect(url) as connection:
        product = connection.execute("SELECT md5('busy' || 0)::uuid").fetchone()[0]  # type: ignore[index]
        connection.execute(
            "INSERT INTO stock_movements (id, node_id, store_code, product_id, location_id, "
            "quantity_milli, reason, created_at) VALUES (%s, %s, 'S01', %s, %s, -1000, 'SALE', "
            "%s)",
            (uuid.uuid4(), NODE, product, NODE, START.replace(minute=5)),
        )
    timed = _Timed(engine)
    started = time.perf_counter()
    with without_cycle_collection():  # as run_costing costs it
        catch_up(timed)
    own_ms = (timed.saved[0][0] - started) * 1000
    propagated = sum(rows for _, rows in timed.saved[1:])
    seconds = timed.saved[-1][0] - timed.saved[0][0]
    floor = _raw_insert_rate(url, LATER)
    engine.dispose()
    report(
        f"a sale dated before {LATER:,} later movements of its product (head office, PostgreSQL)",
        [
            (
                "costed from nothing",
                f"{LATER / first_pass:,.0f} movements/s",
                f"{first_pass:.2f} s",
            ),
            ("its own cost written", f"{own_ms:.1f} ms", "budget 100 ms"),
            (
                "the later movements costed again",
                f"{propagated / seconds:,.0f} rows/s",
                f"{propagated:,} rows in {seconds:.2f} s",
            ),
            ("PostgreSQL: rows inserted", f"{floor:,.0f} rows/s", "the floor, same run"),
            ("ratio", f"{propagated / seconds / floor:.2f}", "goal: at least 0.5"),
        ],
    )


def test_a_full_costing_of_a_chains_movements(head_office_postgres: str) -> None:
    engine = create_engine(fresh_database(head_office_postgres))
    url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    products = FULL // PER_PRODUCT
    written = _history(url, "full", products, PER_PRODUCT)
    started = time.perf_counter()
    done = run_costing(engine)
    seconds = time.perf_counter() - started
    engine.dispose()
    assert done is not None
    report(
        f"a full costing of {FULL:,} movements over {products:,} products (head office)",
        [
            ("movements written straight in", f"{written:.1f} s", "(setting up, not costing)"),
            ("costed", f"{seconds:.1f} s", "budget 5 minutes"),
            ("rate", f"{done.movements / seconds:,.0f} movements/s", f"{done.products:,} products"),
        ],
    )
