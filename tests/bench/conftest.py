"""Benchmark fixtures: a 1,000,000-product store, built once and kept between runs.

`make bench` runs these; they print figures beside the DESIGN.md budgets and do not fail on
timings (the machine may be busy). Set POSAPP_BENCH_DIR to keep the store elsewhere, and
POSAPP_BENCH_PRODUCTS to try another size."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from posapp.bootstrap.demo import load_demo_catalogue
from posapp.bootstrap.node import Node, open_node, till_actions
from posapp.domain.cash_count import count_of
from posapp.domain.money import Money
from sync.server.database import EmbeddedDatabase
from tests.bench.figures import report

BENCH_PRODUCTS = int(os.environ.get("POSAPP_BENCH_PRODUCTS", "1000000"))
BENCH_DIR = Path(os.environ.get("POSAPP_BENCH_DIR", Path(__file__).parents[2] / ".bench-data"))


def _product_count(path: Path) -> int:
    if not path.exists():
        return -1
    connection = sqlite3.connect(path)
    try:
        return int(connection.execute("SELECT count(*) FROM products").fetchone()[0])
    except sqlite3.DatabaseError:
        return -1
    finally:
        connection.close()


@pytest.fixture(scope="session")
def million_store() -> Iterator[Node]:
    data_dir = BENCH_DIR / f"catalogue-{BENCH_PRODUCTS}"
    if _product_count(data_dir / "posapp.sqlite3") != BENCH_PRODUCTS:
        for leftover in data_dir.glob("posapp*"):
            leftover.unlink()
        node = open_node(data_dir, create=True)
        started = time.perf_counter()
        load_demo_catalogue(node, products=BENCH_PRODUCTS, seed=1, progress=lambda d, t: None)
        elapsed = time.perf_counter() - started
        size_mb = (data_dir / "posapp.sqlite3").stat().st_size / 1e6
        report(
            "catalogue load",
            [
                ("products", f"{BENCH_PRODUCTS:,}", ""),
                ("time", f"{elapsed:.1f} s", "budget: well under 60 s"),
                ("rate", f"{BENCH_PRODUCTS / elapsed:,.0f} products/s", ""),
                ("database size", f"{size_mb:,.0f} MB", ""),
            ],
        )
        node.close()
    node = open_node(data_dir, create=False)
    from posapp.bootstrap.people import administrators_without_credentials, give_credentials
    from posapp.domain.shop_setup import Administrator

    # A store made by open_node has an administrator without password or PIN: `posapp run`
    # would ask for them before the till opens (the start-to-ready bench waits for the till).
    for user in administrators_without_credentials(node):
        admin = Administrator(user.username, user.display_name, "bench-password-1", "8642")
        give_credentials(node, admin, pin_repeated="8642", password_repeated="bench-password-1")
    actions = till_actions(node)
    if actions.current_shift() is None:  # selling needs an open shift
        actions.open_shift(count_of(Money(20000, node.settings.currency)))
    yield node
    node.close()


@pytest.fixture(scope="module")
def head_office_postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    database = EmbeddedDatabase(Path(tmp_path_factory.mktemp("head-office")))
    yield database.url
    database.stop()
