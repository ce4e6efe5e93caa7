"""The value of the stock as of a day on a node holding 1,000,000 products (the back office's
"Costs and profit" page: the 1,000 most valuable rows and the total), beside SQLite reading
the rows it must read, in the same run.

Each product got 10 on day 1 and sold 3 on day 10 and 2 on day 20 (written straight into the
tables, costs with them, as costing would): valued as of today (nothing to count back), as
of day 15 (a third of the movements counted back), as of day 15 again once the checkpoints
costing takes once a day are there (at the starts of days 2, 11 and 21: counted forward from
day 11's, nothing to read), and once a period is closed through day 14 (counted forward from
its snapshot)."""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from posapp.bootstrap.node import Node
from posapp.db.stock_value_queries import stock_value
from posapp.db.types import sqlite_timestamp
from posapp.db.value_checkpoints import keep_checkpoints
from tests.bench.conftest import BENCH_PRODUCTS
from tests.bench.figures import report, valued_as_of

DAY1 = datetime(2026, 1, 1, 9, tzinfo=UTC)
SHOWN = 1000
TODAY = date(2026, 12, 6)

# One product's history per row of `products`, at the store's first location; a receipt's
# unit cost from the product's own cost (or 1.00), sales costed at it (one layer: FIFO and
# average agree). Ids and seqs made from the product's rowid.
_MOVES = [(0, 10_000, "RECEIPT"), (9, -3_000, "SALE"), (19, -2_000, "SALE")]


def _history(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        location = connection.execute("SELECT id FROM locations ORDER BY code LIMIT 1").fetchone()[
            0
        ]
        start = int(
            connection.execute("SELECT coalesce(max(seq), 0) FROM stock_movements").fetchone()[0]
        )
        for step, (day, quantity, reason) in enumerate(_MOVES):
            at = sqlite_timestamp(DAY1 + timedelta(days=day))
            connection.execute(
                "INSERT INTO stock_movements (id, product_id, location_id, quantity_milli, reason, "
                "created_at, seq, business_at) SELECT printf('%08x%024x', ?, rowid), id, ?, ?, ?, "
                "?, ? + rowid * 3 + ?, ? FROM products",
                (step, location, quantity, reason, at, start, step, at),
            )
            connection.execute(
                "INSERT INTO movement_costs (movement_id, product_id, value_minor, true_up_minor) "
                "SELECT printf('%08x%024x', ?, rowid), id, "
                "coalesce(cost_minor, 100) * ? / 1000, 0 FROM products",
                (step, quantity),
            )
        connection.execute(
            "INSERT INTO stock_levels (product_id, location_id, on_hand_milli) "
            "SELECT id, ?, 5000 FROM products WHERE true "
            "ON CONFLICT (product_id, location_id) DO UPDATE SET "
            "on_hand_milli = on_hand_milli + excluded.on_hand_milli",
            (location,),
        )
        connection.commit()
        connection.execute("ANALYZE")
        return int(connection.execute("SELECT count(*) FROM stock_movements").fetchone()[0])
    finally:
        connection.close()


@pytest.fixture(scope="module")
def valued_store(million_store: Node, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the million-product store with a history: the shared store stays as it was."""
    path = Path(tmp_path_factory.mktemp("valuation")) / "posapp.sqlite3"
    source = sqlite3.connect(million_store.store.path)
    copy = sqlite3.connect(path)
    source.backup(copy)
    source.close()
    copy.close()
    return path


def _close_through_day_14(path: Path) -> None:
    """The snapshot a close through day 14 saves (what `posapp cost close` writes, less the
    costing states valuation does not read), written straight in."""
    boundary = sqlite_timestamp(DAY1.replace(hour=0) + timedelta(days=14))
    connection = sqlite3.connect(path)
    try:
        last = connection.execute("SELECT max(seq) FROM stock_movements").fetchone()[0]
        connection.execute(
            "INSERT INTO period_stock SELECT '2026-01-14', product_id, location_id, "
            "sum(quantity_milli) FROM stock_movements WHERE business_at < ? "
            "GROUP BY product_id, location_id HAVING sum(quantity_milli) != 0",
            (boundary,),
        )
        connection.execute(
            "INSERT INTO period_values SELECT '2026-01-14', m.product_id, "
            "sum(c.value_minor - c.true_up_minor) FROM movement_costs c "
            "JOIN stock_movements m ON m.id = c.movement_id WHERE m.business_at < ? "
            "GROUP BY m.product_id",
            (boundary,),
        )
        connection.execute(
            "INSERT INTO cost_periods VALUES ('2026-01-14', ?, ?, 'bench', ?)",
            (boundary, last, boundary),
        )
        connection.commit()
    finally:
        connection.close()


def _floor(path: Path) -> float:
    """SQLite alone: one pass over the stock levels and the kept values, summed."""
    connection = sqlite3.connect(path)
    try:
        started = time.perf_counter()
        connection.execute("SELECT sum(on_hand_milli), count(*) FROM stock_levels").fetchone()
        connection.execute("SELECT sum(value_minor) FROM product_values").fetchone()
        return time.perf_counter() - started
    finally:
        connection.close()


def test_valuation_as_of_a_day_on_a_million_products(valued_store: Path) -> None:
    started = time.perf_counter()
    movements = _history(valued_store)
    written = time.perf_counter() - started
    engine = create_engine(f"sqlite:///{valued_store}")
    day15 = date(2026, 1, 15)
    rows, valued = valued_as_of(
        lambda day: stock_value(engine, day, SHOWN),
        [("today", TODAY), ("day 15, no checkpoint taken yet (back from now)", day15)],
        SHOWN,
    )
    started = time.perf_counter()
    taken = keep_checkpoints(engine, TODAY)
    checkpointed = time.perf_counter() - started
    rows.append(
        (
            f"{len(taken)} checkpoints taken, as costing takes them once a day",
            f"{checkpointed:.1f} s",
            "(setting up)",
        )
    )
    at_checkpoints, from_checkpoint = valued_as_of(
        lambda day: stock_value(engine, day, SHOWN),
        [("day 15, from the nearest checkpoint", day15)],
        SHOWN,
    )
    rows.extend(at_checkpoints)
    assert from_checkpoint.total_minor == valued.total_minor
    assert from_checkpoint.rows == valued.rows
    _close_through_day_14(valued_store)
    started = time.perf_counter()
    closed = stock_value(engine, date(2026, 1, 15), SHOWN)
    seconds = time.perf_counter() - started
    rows.append(
        (
            "as of day 15, January closed through day 14",
            f"{seconds:.2f} s",
            f"budget 2 s · forward from the snapshot; total {closed.total_minor / 100:,.2f}",
        )
    )
    assert closed.total_minor == valued.total_minor  # either way, the same value
    floor = _floor(valued_store)
    engine.dispose()
    report(
        f"the stock's value as of a day, {movements:,} movements (node, {BENCH_PRODUCTS:,} "
        "products)",
        [
            ("history written straight in", f"{written:.1f} s", "(setting up)"),
            *rows,
            ("SQLite: the levels and values summed", f"{floor:.2f} s", "the floor, same run"),
        ],
    )
