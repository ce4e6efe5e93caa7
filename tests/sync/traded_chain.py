"""A chain that traded, for head office's reports and lists: three tills of two stores sell over
several days (some baskets with customers, special prices, discounts; returns; Z reports now
and then) after the first till gave the chain customers, prices and promotions and filed every
product under a category and brand; then each syncs."""

from __future__ import annotations

import csv
import random
import zlib
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import make_url, text

from posapp.bootstrap.catalogue import import_products
from posapp.bootstrap.demo import load_demo_records, simulator
from posapp.bootstrap.node import Node
from sync.client.engine import SyncEngine
from tests.head_office import HeadOfficeUnderTest, copied_database, fresh_database
from tests.sync.tills import copied_node, enrolled_node, signed_in

START = datetime(2026, 4, 27, 8, tzinfo=UTC)
FIRST, LAST = date(2026, 4, 28), date(2026, 5, 6)  # across a month's end, trading beyond it


class Clock:
    def __init__(self) -> None:
        self.now_at = START

    def now(self) -> datetime:
        return self.now_at


def _trade(node: Node, seed: int) -> None:
    SyncEngine(node.store.engine).run_once()  # the chain's customers and prices first
    clock = Clock()
    node.clock = clock
    selling = simulator(node, seed=seed, customers=True)
    selling.open_shift_if_needed()
    rng = random.Random(seed)
    for _ in range(45):
        clock.now_at = START + timedelta(minutes=rng.randint(0, 12 * 24 * 60))
        selling.sell_one()
        if rng.random() < 0.1:
            selling.return_one()
        if rng.random() < 0.05:  # a Z now and then: the cash reports' rows
            selling.close_shift()
            selling.open_shift_if_needed()
    selling.close_shift()
    SyncEngine(node.store.engine).run_once()


@pytest.fixture(scope="session")
def traded_chain(
    postgres: str, node_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> str:
    """The traded chain's head-office database, built once per test process: each test gets a
    copy (`chain`), so one may change its chain. Customers, a trade price list and promotions
    are made at the first till (by a person of the chain, so they reach the others): sales with
    customers, special prices and their notes."""
    office = HeadOfficeUnderTest(fresh_database(postgres))
    office.start()
    home = tmp_path_factory.mktemp("traded-chain")
    tills: list[Node] = []
    try:
        office.add_person("maria")
        for name, store, terminal in [
            ("a", "S01", "T01"),
            ("b", "S01", "T02"),
            ("c", "S02", "T01"),
        ]:
            tills.append(
                enrolled_node(copied_node(node_template, home / name), office, store, terminal)
            )
        load_demo_records(signed_in(tills[0]))  # its demo stock sends some to store S02
        _shelve(tills[0], home)
        for seed, till in enumerate(tills, start=1):
            _trade(till, seed)
    finally:
        for till in tills:
            till.close()
        office.close()  # no one connected: PostgreSQL copies only a database no one uses
    return str(make_url(office.database_url).database)


@pytest.fixture
def chain(postgres: str, traded_chain: str) -> Iterator[HeadOfficeUnderTest]:
    """A copy of the traded chain's head office, serving."""
    office = HeadOfficeUnderTest(copied_database(postgres, traded_chain))
    office.start()
    yield office
    office.close()


def shelf(sku: str) -> tuple[str, str]:
    """The category and brand the chain gives a product ("": none)."""
    number = zlib.crc32(sku.encode())
    return ("" if number % 5 == 0 else f"Aisle {number % 4}"), (
        "" if number % 7 == 0 else f"Maker {number % 3}"
    )


def _shelve(till: Node, tmp_path: Path) -> None:
    """The chain's categories and brands, given at the first till (a product file of SKUs,
    categories and brands): their records carry them to head office."""
    with till.store.engine.connect() as connection:
        skus = connection.execute(text("SELECT sku FROM products")).scalars().all()
    path = tmp_path / "shelves.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["sku", "category", "brand"])
        writer.writerows([sku, *shelf(sku)] for sku in skus)
    import_products(till, path, by="maria")
