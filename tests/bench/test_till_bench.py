"""The till on 1,000,000 products: what a cashier feels, beside the DESIGN.md §8 budgets."""

from __future__ import annotations

import os
import random
import re
import statistics
import subprocess
import sys
import time

import psutil
import pytest
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from posapp.bootstrap.demo import simulator
from posapp.bootstrap.node import Node, till_actions
from posapp.db.catalogue_queries import sample_barcodes
from posapp.db.unit_of_work import SqlAlchemyUnitOfWork
from posapp.domain.payment import CASH, Tender
from posapp.services.catalogue.lookup import scan_barcode
from posapp.ui.app import build_till_window
from tests.bench.figures import percentile, report, summary, verdict


def _wait_for(signal: object, timeout_ms: int = 5000) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)  # type: ignore[attr-defined]
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)  # type: ignore[attr-defined]


def _piece_barcodes(node: Node, count: int) -> list[str]:
    """Barcodes of sellable piece-priced products (a weighed one would open the weight dialog)."""
    with node.store.engine.connect() as connection:
        highest = connection.exec_driver_sql("SELECT max(local_id) FROM products").scalar()
        rng = random.Random(5)
        codes: list[str] = []
        while len(codes) < count:
            code = connection.exec_driver_sql(
                "SELECT b.code FROM barcodes b JOIN products p ON p.id = b.product_id "
                "WHERE p.local_id = ? AND NOT p.weighed AND p.state != 'ARCHIVED' LIMIT 1",
                (rng.randint(1, highest),),
            ).scalar()
            if code:
                codes.append(code)
    return codes


def test_scan_to_line_visible(million_store: Node) -> None:
    app = QApplication.instance() or QApplication([])
    window = build_till_window(till_actions(million_store))
    window.resize(1024, 768)
    window.show()
    _wait_for(window.ready)
    codes = _piece_barcodes(million_store, 1500)
    timings = []
    for number, code in enumerate(codes):
        if number % 25 == 0:
            window.void()  # a new customer every 25 scans
        started = time.perf_counter_ns()
        window.scan(code)
        _wait_for(window.basket_changed)
        app.processEvents()  # the paint: "visible" means drawn, not only in the model
        timings.append((time.perf_counter_ns() - started) / 1e6)
    window.close()
    app.processEvents()
    report(
        "scan → line drawn in the basket (real window, DB worker thread, offscreen paint)",
        [
            ("scan to drawn", summary(timings), verdict(percentile(timings, 99), 10) + " (p99)"),
        ],
    )


def test_sale_commit(million_store: Node) -> None:
    rng = random.Random(9)
    actions = till_actions(million_store)
    codes = sample_barcodes(million_store.store.engine, 3000, seed=9)
    timings = []
    for _ in range(1500):
        basket = million_store.till.new_basket()
        for code in rng.sample(codes, rng.randint(1, 12)):
            found = scan_barcode(million_store.catalogue, code=code)
            basket = basket.add(
                million_store.till.sellable(found.product),
                found.pack_quantity,
                line_id=million_store.new_id(),
            )
        if basket.is_empty():
            continue
        tenders = [Tender(CASH, basket.totals().total)]
        started = time.perf_counter_ns()
        actions.sell(basket, tenders)
        timings.append((time.perf_counter_ns() - started) / 1e6)
    report(
        "sale commit, durable (synchronous=FULL), 1–12 lines",
        [
            ("complete_sale", summary(timings), verdict(percentile(timings, 99), 5) + " (p99)"),
        ],
    )


def test_start_to_ready_and_memory(million_store: Node) -> None:
    data_dir = str(million_store.store.data_dir)
    rows = []
    for attempt in range(3):
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "posapp", "--data-dir", data_dir, "run"],
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        assert process.stderr is not None
        line = ""
        while not line.startswith("posapp: ready"):
            line = process.stderr.readline()
            assert line or process.poll() is None, "posapp exited before it was ready"
        wall = time.perf_counter() - started
        inside = float(re.findall(r"ready in (\d+) ms", line)[0]) / 1000
        time.sleep(0.5)
        rss = psutil.Process(process.pid).memory_info().rss / 1e6
        process.terminate()
        process.wait(timeout=20)
        rows.append(
            (
                f"start {attempt + 1}",
                f"{wall:.2f} s from spawn ({inside:.2f} s after "
                f"Python and imports), RSS {rss:.0f} MB",
                f"budget 1.5 s: {'within' if wall <= 1.5 else 'OVER'}; 250 MB: "
                f"{'within' if rss <= 250 else 'OVER'}",
            )
        )
    report(f"posapp run on {million_store.catalogue.count_products():,} products", rows)


def test_simulate_throughput(million_store: Node, monkeypatch: pytest.MonkeyPatch) -> None:
    """Throughput, and how much of each sale is its durable commit (COMMIT with
    synchronous=FULL: the WAL written and fsynced) — the part no leaner code can remove while
    every sale is made durable on its own, as DESIGN.md §3–4 require."""
    commits: list[float] = []
    commit = SqlAlchemyUnitOfWork.commit

    def timed_commit(uow: SqlAlchemyUnitOfWork) -> None:
        started = time.perf_counter_ns()
        commit(uow)
        commits.append((time.perf_counter_ns() - started) / 1e6)

    monkeypatch.setattr(SqlAlchemyUnitOfWork, "commit", timed_commit)
    report_ = simulator(million_store, seed=13).run(3000, close_shift=False)
    per_sale = report_.seconds * 1000 / report_.sales
    per_commit = statistics.fmean(commits)
    report(
        "posapp simulate (the same services as the screen)",
        [
            (
                "sales",
                f"{report_.sales:,} sales, {report_.lines:,} lines, {report_.returns} returns "
                f"in {report_.seconds:.1f} s",
                "",
            ),
            ("throughput", f"{report_.sales_per_second:,.0f} sales/s", ""),
            (
                "per sale",
                f"{per_sale:.2f} ms, of which its durable commit {per_commit:.2f} ms "
                f"(mean of {len(commits):,}: sales, returns, cash movements)",
                "",
            ),
            (
                "ceiling",
                f"{1000 / per_commit:,.0f} sales/s if a sale were nothing but its commit",
                "one fsync per sale",
            ),
        ],
    )
