"""Costing on a node: a sale dated before 100,000 later movements of the same product gets its
own cost, then the movements after it are costed again; and a full costing of a store's
movements. Each beside what SQLite alone writes in the same run."""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from posapp.bootstrap.demo import load_demo_catalogue
from posapp.bootstrap.node import Node, open_node
from posapp.db.costing_ledger import SqliteCostLedger
from posapp.services import costing
from posapp.services.costing import CostStep
from posapp.services.shared import StockMovement
from tests.bench.figures import report

LATER = 100_000
START = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def busy_node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Node]:
    node = open_node(Path(tmp_path_factory.mktemp("costing")) / "data", create=True)
    load_demo_catalogue(node, products=1000, seed=3, progress=lambda d, t: None)
    yield node
    node.close()


class _Timed(SqliteCostLedger):
    """The node's ledger, noting when each step was committed."""

    def __init__(self, *args: object) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        self.saved: list[tuple[float, int]] = []

    def save(self, step: CostStep) -> None:
        super().save(step)
        self.saved.append((time.perf_counter(), len(step.outcomes)))


def _record(node: Node, product_id: uuid.UUID, location_id: uuid.UUID, moves: list) -> None:
    with node.unit_of_work() as uow:
        uow.stock.record(
            [
                StockMovement(
                    node.new_id(), product_id, location_id, quantity, reason, at, business_at=at
                )
                for quantity, reason, at in moves
            ]
        )
        uow.commit()


def _raw_insert_rate(path: Path, rows: int) -> float:
    raw = sqlite3.connect(path)
    raw.execute("CREATE TEMP TABLE floor (a PRIMARY KEY, b, c, d) WITHOUT ROWID")
    data = [(uuid.uuid4().hex, uuid.uuid4().hex, n, 0) for n in range(rows)]
    started = time.perf_counter()
    raw.executemany("INSERT OR REPLACE INTO floor VALUES (?, ?, ?, ?)", data)
    raw.commit()
    elapsed = time.perf_counter() - started
    raw.close()
    return rows / elapsed


def test_a_backdated_sale_before_a_hundred_thousand_later_movements(busy_node: Node) -> None:
    node = busy_node
    with node.store.engine.connect() as connection:
        product_hex, location_hex = connection.exec_driver_sql(
            "SELECT p.id, l.id FROM products p, locations l WHERE l.code = 'FLOOR' "
            "ORDER BY p.local_id LIMIT 1"
        ).one()
    product_id, location_id = uuid.UUID(hex=product_hex), uuid.UUID(hex=location_hex)
    moves = []
    for n in range(LATER):  # a receipt of 3 and two sales of 1, over and over, a minute apart
        at = START + timedelta(minutes=n + 10)
        moves.append((3000, "RECEIPT", at) if n % 3 == 0 else (-1000, "SALE", at))
    _record(node, product_id, location_id, moves)
    ledger = SqliteCostLedger(node.store.engine, node.settings.store_code)
    started = time.perf_counter()
    with costing.without_cycle_collection():
        costing.catch_up(ledger)
    first_pass = time.perf_counter() - started

    _record(node, product_id, location_id, [(-1000, "SALE", START + timedelta(minutes=5))])
    timed = _Timed(node.store.engine, node.settings.store_code)
    started = time.perf_counter()
    with costing.without_cycle_collection():  # as the node's costing runs it
        done = costing.catch_up(timed)
    own_cost_ms = (timed.saved[0][0] - started) * 1000
    propagated = sum(rows for _, rows in timed.saved[1:])
    propagation_s = timed.saved[-1][0] - timed.saved[0][0]
    floor = _raw_insert_rate(node.store.path, LATER)
    report(
        f"a sale dated before {LATER:,} later movements of its product (node, SQLite)",
        [
            (
                "costed from nothing",
                f"{LATER / first_pass:,.0f} movements/s",
                f"{first_pass:.2f} s",
            ),
            ("its own cost written", f"{own_cost_ms:.1f} ms", "budget 100 ms"),
            (
                "the later movements costed again",
                f"{propagated / propagation_s:,.0f} rows/s",
                f"{done.movements:,} movements in {propagation_s:.2f} s",
            ),
            ("SQLite: 100,000 rows inserted", f"{floor:,.0f} rows/s", "the floor, same run"),
            ("ratio", f"{propagated / propagation_s / floor:.2f}", "goal: at least 0.5"),
        ],
    )
