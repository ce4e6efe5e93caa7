"""Stock on 1,000,000 products × 5 locations: the stock screen's first page and pages filtered
by text, category, location and low stock; posting a 1,000-line goods receipt; a product's
movement history with 100,000 movements. Each beside what SQLite alone does in the same run.

The bench store's stock levels for the four extra locations are written straight into the
projection (5,000,000 rows through a use case would take the bench an hour); it is a store for
timing reads, not one `posapp check` passes."""

from __future__ import annotations

import random
import sqlite3
import time
import uuid
from dataclasses import replace

from posapp.bootstrap import stock as node_stock
from posapp.bootstrap.node import Node
from posapp.db.stock_queries import movement_page
from posapp.domain.actors import Actor
from posapp.domain.permissions import Permission
from posapp.services.shared import StockMovement
from posapp.services.stock import DraftHeader, DraftLine
from tests.bench.figures import percentile, report, summary, time_each, verdict

EXTRA_LOCATIONS = ("BACK", "WH1", "WH2", "QUAR")
HISTORY = 100_000


def _stocked(node: Node) -> None:
    raw = sqlite3.connect(node.store.path)
    try:
        if raw.execute("SELECT count(*) FROM locations").fetchone()[0] >= 5:
            return
        started = time.perf_counter()
        (store,) = raw.execute("SELECT store_id FROM locations LIMIT 1").fetchone()
        for code in EXTRA_LOCATIONS:
            raw.execute(
                "INSERT INTO locations (id, store_id, code, name, kind, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, 'warehouse', '2026-12-01 00:00:00.000000', "
                "'2026-12-01 00:00:00.000000')",
                (uuid.uuid4().hex, store, code, f"Location {code}"),
            )
        raw.execute(
            "INSERT INTO stock_levels (product_id, location_id, on_hand_milli) "
            "SELECT p.id, l.id, (abs(random()) % 200) * 1000 FROM products p, locations l "
            "WHERE true ON CONFLICT DO NOTHING"
        )
        raw.execute(  # one product in ten has a reorder point somewhere
            "INSERT INTO stock_limits SELECT product_id, location_id, 50000, 150000 "
            "FROM stock_levels WHERE abs(random()) % 10 = 0"
        )
        raw.commit()
        report("stock bench store", [("built", f"{time.perf_counter() - started:.1f} s", "")])
    finally:
        raw.close()


def _as_manager(node: Node) -> Node:
    actor = Actor(uuid.uuid4(), "Bench", "manager", frozenset({Permission.RECEIVE_STOCK}))
    return replace(node, actor=actor)


def test_stock_on_hand_pages(million_store: Node) -> None:
    node = million_store
    _stocked(node)
    admin = node_stock.stock_admin(node)
    raw = sqlite3.connect(node.store.path)
    names = [
        str(row[0]) for row in raw.execute("SELECT name FROM products ORDER BY random() LIMIT 40")
    ]
    categories = [row[0] for row in raw.execute("SELECT name FROM categories")]
    floor = time_each(
        range(40), lambda _: raw.execute("SELECT * FROM stock_levels LIMIT 200").fetchall()
    )
    raw.close()
    rng = random.Random(3)
    cases = {
        "first page": lambda _: admin.on_hand(
            typed="", location=None, low_only=False, offset=0, limit=200
        ),
        "text (two words of a name)": lambda i: admin.on_hand(
            typed=" ".join(names[i % len(names)].split()[-2:]),
            location=None,
            low_only=False,
            offset=0,
            limit=200,
        ),
        "category": lambda _: admin.on_hand(
            typed="",
            location=None,
            category=rng.choice(categories),
            low_only=False,
            offset=0,
            limit=200,
        ),
        "location": lambda _: admin.on_hand(
            typed="", location=rng.choice(EXTRA_LOCATIONS), low_only=False, offset=0, limit=200
        ),
        "low stock only": lambda _: admin.on_hand(
            typed="", location=None, low_only=True, offset=0, limit=200
        ),
    }
    rows = []
    for name, query in cases.items():
        query(0)  # warm
        timings = time_each(range(40), query)
        rows.append((name, summary(timings), verdict(percentile(timings, 95), 50)))
    rows.append(("SQLite: 200 levels off the key", summary(floor), "the floor, same run"))
    report("stock on hand, 1,000,000 products × 5 locations, pages of 200 (p95)", rows)


def test_posting_a_thousand_line_goods_receipt(million_store: Node) -> None:
    node = _as_manager(million_store)
    raw = sqlite3.connect(node.store.path)
    skus = [row[0] for row in raw.execute("SELECT sku FROM products ORDER BY random() LIMIT 5000")]
    raw.execute("CREATE TEMP TABLE floor (a, b, c, d, e, f, g, h)")
    rows = [(uuid.uuid4().hex, "x", "y", 1000, "RECEIPT", None, "z", 1) for _ in range(1000)]

    def raw_insert(_: int) -> None:
        raw.executemany("INSERT INTO floor VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        raw.commit()

    floor = time_each(range(5), raw_insert)
    raw.close()

    def receive(run: int) -> None:
        lines = [DraftLine(sku, 12_000, 150) for sku in skus[run * 1000 : run * 1000 + 1000]]
        node_stock.receive(node, DraftHeader(reference=f"BENCH-{run}"), lines)

    timings = time_each(range(5), receive)
    report(
        "goods receipt of 1,000 lines: made, checked and received (movements, levels, journal)",
        [
            ("posting", summary(timings), verdict(percentile(timings, 50), 1000)),
            ("SQLite: 1,000 rows inserted", summary(floor), "the floor, same run"),
        ],
    )


def test_movement_history_of_a_busy_product(million_store: Node) -> None:
    node = million_store
    raw = sqlite3.connect(node.store.path)
    sku, product_hex, location_hex = raw.execute(
        "SELECT p.sku, p.id, l.id FROM products p, locations l WHERE l.code = 'FLOOR' "
        "ORDER BY p.local_id LIMIT 1"
    ).fetchone()
    product_id = uuid.UUID(product_hex)
    have = raw.execute(
        "SELECT count(*) FROM stock_movements WHERE product_id = ?", (product_hex,)
    ).fetchone()[0]
    if have < HISTORY:
        started = time.perf_counter()
        with node.unit_of_work() as uow:  # through the ledger: sequence, business time, levels
            now = node.clock.now()
            uow.stock.record(
                [
                    StockMovement(
                        node.new_id(), product_id, uuid.UUID(location_hex), 1000, "FOUND", now
                    )
                    for _ in range(HISTORY - have)
                ]
            )
            uow.commit()
        report(
            "busy product", [("movements written", f"{time.perf_counter() - started:.1f} s", sku)]
        )
    floor = time_each(
        range(40),
        lambda _: raw.execute(
            "SELECT * FROM stock_movements WHERE product_id = ? ORDER BY seq DESC LIMIT 200",
            (product_hex,),
        ).fetchall(),
    )
    raw.close()
    movement_page(node.store.engine, product_id, 0, 200)
    timings = time_each(range(40), lambda _: movement_page(node.store.engine, product_id, 0, 200))
    report(
        f"movement history of a product with {HISTORY:,} movements, first page of 200",
        [
            ("with the stock after each", summary(timings), verdict(percentile(timings, 95), 50)),
            ("SQLite: 200 movements off the index", summary(floor), "the floor, same run"),
        ],
    )


COUNTED = 50_000


def _count_room(node: Node) -> list[str]:
    """A location holding 50,000 products (written into the projection, as above); their SKUs."""
    raw = sqlite3.connect(node.store.path)
    try:
        found = raw.execute("SELECT id FROM locations WHERE code = 'COUNT'").fetchone()
        if found is None:
            (store,) = raw.execute("SELECT store_id FROM locations LIMIT 1").fetchone()
            raw.execute(
                "INSERT INTO locations (id, store_id, code, name, kind, created_at, updated_at) "
                "VALUES (?, ?, 'COUNT', 'Counted room', 'back_room', "
                "'2026-12-01 00:00:00.000000', '2026-12-01 00:00:00.000000')",
                (uuid.uuid4().hex, store),
            )
            raw.execute(
                "INSERT INTO stock_levels (product_id, location_id, on_hand_milli) "
                "SELECT p.id, (SELECT id FROM locations WHERE code = 'COUNT'), 24000 "
                "FROM products p ORDER BY p.local_id LIMIT ?",
                (COUNTED,),
            )
            raw.commit()
        return [
            str(row[0])
            for row in raw.execute(
                "SELECT p.sku FROM stock_levels s JOIN products p ON p.id = s.product_id "
                "JOIN locations l ON l.id = s.location_id WHERE l.code = 'COUNT' "
                "AND s.on_hand_milli != 0"
            )
        ]
    finally:
        raw.close()


def test_a_fifty_thousand_item_count_posted(million_store: Node) -> None:
    from posapp.bootstrap import counts

    actor = Actor(uuid.uuid4(), "Bench", "manager", frozenset({Permission.ADJUST_STOCK}))
    node = replace(million_store, actor=actor)
    skus = _count_room(node)
    raw = sqlite3.connect(node.store.path)
    raw.execute("CREATE TEMP TABLE floor (a, b, c, d)")
    rows = [(uuid.uuid4().hex, uuid.uuid4().hex, 24000, "x") for _ in range(COUNTED)]

    def raw_insert(_: int) -> None:
        raw.executemany("INSERT INTO floor VALUES (?, ?, ?, ?)", rows)
        raw.commit()

    floor = time_each(range(3), raw_insert)
    raw.close()
    rng = random.Random(5)
    started_at, counted_at, posted_at, books = [], [], [], []
    for _ in range(3):
        begin = time.perf_counter()
        started = counts.start(node, "COUNT", None, blind=True)
        middle = time.perf_counter()
        counted = [(sku, rng.choice((23_000, 24_000, 24_000, 25_000))) for sku in skus]
        counts.count(node, started.document_id, counted, add=False)
        end = time.perf_counter()
        counts.post(node, started.document_id, uncounted_zero=True)
        started_at.append((middle - begin) * 1000)
        counted_at.append((end - middle) * 1000)
        posted_at.append((time.perf_counter() - end) * 1000)
        books.append(started.book_lines)
    report(
        f"a stock count of {len(skus):,} items (book {books[0]:,} lines): started, counted, posted",
        [
            ("started (book taken)", summary(started_at), ""),
            (f"{len(skus):,} totals recorded", summary(counted_at), ""),
            ("posted (settled, adjustments)", summary(posted_at), verdict(max(posted_at), 5000)),
            ("SQLite: 50,000 rows inserted", summary(floor), "the floor, same run"),
        ],
    )
