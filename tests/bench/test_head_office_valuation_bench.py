"""The chain's stock value as of a day at head office: 10,000,000 movements of 1,000,000
products (`posapp-server value`: the 1,000 most valuable rows and the total), beside
PostgreSQL reading the rows it must read, in the same run.

Each product came in twice (5 on days 0 and 5) and sold one a day on the eight other days,
written straight into the tables with their costs, day by day as uploads bring them, and as
costing would; then the checkpoints costing takes once a day (one a day here: each day moved
every product). Valued as of today (nothing to count back), as of day 7 (its checkpoint, at
day 8's start: nothing to count back either), and as of day 7 once that checkpoint is gone
(a day's movements counted back from the next: the most a day between two checkpoints reads
when a spacing passes in a day).
POSAPP_BENCH_VALUED_PRODUCTS sets the size (10 movements each)."""

from __future__ import annotations

import os
import time
import uuid
from datetime import UTC, date, datetime

import psycopg
from sqlalchemy import create_engine, text

from sync.server.stock_value import stock_value
from sync.server.value_checkpoints import take_due_checkpoints
from tests.bench.figures import report, valued_as_of
from tests.bench.postgres import written
from tests.head_office import fresh_database

PRODUCTS = int(os.environ.get("POSAPP_BENCH_VALUED_PRODUCTS", "1000000"))
START = datetime(2026, 1, 1, 9, tzinfo=UTC)
NODE = uuid.UUID("0195e1a0-0000-7000-8000-000000000002")
SHOWN = 1000
TODAY = date(2026, 12, 6)

_HISTORY = """
INSERT INTO store_locations (location_id, store_code, node_id, registered_at)
VALUES (%(node)s, 'S01', %(node)s, %(start)s);
INSERT INTO stock_movements (id, node_id, store_code, product_id, location_id, quantity_milli,
    reason, created_at, business_at)
SELECT md5('v' || p || ':' || n)::uuid, %(node)s, 'S01', md5('p' || p)::uuid, %(node)s,
    CASE WHEN n %% 5 = 0 THEN 5000 ELSE -1000 END,
    CASE WHEN n %% 5 = 0 THEN 'RECEIPT' ELSE 'SALE' END,
    %(start)s + make_interval(days => n), %(start)s + make_interval(days => n)
FROM generate_series(0, 9) n, generate_series(0, %(products)s - 1) p ORDER BY n, p;
INSERT INTO movement_costs (movement_id, store_code, product_id, value_minor, true_up_minor)
SELECT id, store_code, product_id, quantity_milli / 10 + (get_byte(uuid_send(product_id), 0)
    * quantity_milli / 1000), 0 FROM stock_movements;
INSERT INTO stock_levels (product_id, location_id, on_hand_milli)
SELECT product_id, location_id, sum(quantity_milli) FROM stock_movements
GROUP BY product_id, location_id;
"""


def _floor(url: str) -> float:
    """PostgreSQL alone: one pass over the stock levels and the kept values, summed."""
    with psycopg.connect(url) as connection:
        started = time.perf_counter()
        connection.execute("SELECT sum(on_hand_milli), count(*) FROM stock_levels").fetchone()
        connection.execute("SELECT sum(value_minor) FROM product_values").fetchone()
        return time.perf_counter() - started


def test_valuation_as_of_a_day_at_head_office(head_office_postgres: str) -> None:
    engine = create_engine(fresh_database(head_office_postgres))
    url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    written_in = written(url, _HISTORY, {"node": NODE, "start": START, "products": PRODUCTS})
    started = time.perf_counter()
    taken = take_due_checkpoints(engine, TODAY)
    checkpointed_in = time.perf_counter() - started
    assert taken is not None
    day7 = date(2026, 1, 8)
    rows, at_checkpoint = valued_as_of(
        lambda day: stock_value(engine, day, SHOWN), [("today", TODAY), ("day 7", day7)], SHOWN
    )
    # The same day with its own checkpoint gone: counted back from the next one, a spacing's
    # worth of movements (a day's, here) — what a day between two checkpoints costs.
    with engine.begin() as connection:
        for table in ("checkpoint_values", "checkpoint_stock", "value_checkpoints"):
            connection.execute(
                text(f"DELETE FROM {table} WHERE boundary_at = :b"),
                {"b": datetime(2026, 1, 9, tzinfo=UTC)},
            )
    between, counted_back = valued_as_of(
        lambda day: stock_value(engine, day, SHOWN),
        [("day 7 without its checkpoint (counted back from the next)", day7)],
        SHOWN,
    )
    assert counted_back.total_minor == at_checkpoint.total_minor
    assert counted_back.rows == at_checkpoint.rows
    floor = _floor(url)
    engine.dispose()
    report(
        f"the chain's stock value as of a day, {PRODUCTS * 10:,} movements of {PRODUCTS:,} "
        "products (head office)",
        [
            ("history written straight in", f"{written_in:.1f} s", "(setting up)"),
            (
                f"{len(taken)} checkpoints taken, as costing takes them once a day",
                f"{checkpointed_in:.1f} s",
                "(setting up)",
            ),
            *rows,
            *between,
            ("PostgreSQL: the levels and values summed", f"{floor:.2f} s", "the floor, same run"),
        ],
    )
