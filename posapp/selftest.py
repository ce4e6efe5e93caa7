"""`posapp selftest`: a smoke test of an installed build, touching nothing of the shop's.

On a temporary copy of the store (or a new one): migrations to the newest schema, a few demo
products, one sale through the till's own services, its receipt as ESC/POS bytes and as a PDF,
and the till window drawn off screen. Each step prints ok or what failed; exit 0 only if all
passed. Packaging runs it on every bundle; a person can run it on a till after an upgrade."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from posapp import bootstrap
from posapp.db.store import DATABASE_FILENAME, backup_database
from posapp.devices.escpos_receipt import encode_receipt
from posapp.devices.receipt_printer import FakeReceiptPrinter
from posapp.domain.payment import exact_cash
from posapp.reports.receipt_pdf import receipt_pdf
from posapp.services.selling import ReceiptLayout, TillActions
from posapp.services.shared import SystemClock


@dataclass
class _Made:
    """What each step made for the next ones."""

    node: bootstrap.node.Node | None = None
    actions: TillActions | None = None
    layout: ReceiptLayout | None = None

    def the_node(self) -> bootstrap.node.Node:
        assert self.node is not None, "the database step opens the store"
        return self.node

    def the_sale(self) -> tuple[TillActions, ReceiptLayout]:
        assert self.actions is not None, "the sale step rings up a sale"
        assert self.layout is not None, "the sale step lays out its receipt"
        return self.actions, self.layout


def run_selftest(data_dir: Path, out: Callable[[str], None] = print) -> int:
    with tempfile.TemporaryDirectory(prefix="posapp-selftest-") as scratch:
        work = Path(scratch)
        state = _Made()
        steps: list[tuple[str, Callable[[], str]]] = [
            ("database", lambda: _database(data_dir, work, state)),
            ("sale", lambda: _sale(state)),
            ("receipt bytes", lambda: _receipt_bytes(state)),
            ("receipt PDF", lambda: _receipt_pdf(state, work)),
            ("screen", lambda: _screen(state)),
        ]
        try:
            for name, step in steps:
                started = time.perf_counter()
                try:
                    detail = step()
                except Exception as error:  # a smoke test reports every failure, then stops
                    out(f"FAIL  {name}: {error!r}")
                    return 1
                out(f"ok    {name}: {detail} ({(time.perf_counter() - started) * 1000:.0f} ms)")
        finally:
            if state.node is not None:
                state.node.close()
    out("selftest passed")
    return 0


def _database(data_dir: Path, work: Path, state: _Made) -> str:
    live = data_dir / DATABASE_FILENAME
    if live.exists():
        copy = backup_database(live, work, reason="selftest", now=SystemClock().now())
        copy.rename(work / DATABASE_FILENAME)
        origin = f"copy of {live}"
    else:
        origin = "new store"
    node = bootstrap.node.open_node(work, create=True)
    state.node = node
    with node.store.engine.connect() as connection:
        version = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    return f"{origin}, migrated to {version}"


def _sale(state: _Made) -> str:
    node = state.the_node()
    if node.catalogue.count_products() == 0:
        bootstrap.demo.load_demo_catalogue(
            node, products=20, seed=1, progress=lambda done, total: None
        )
    actions = replace(bootstrap.node.till_actions(node), backup=None)  # a scratch store: no backups
    simulator = replace(bootstrap.demo.simulator(node, seed=1), actions=actions)
    simulator.open_shift_if_needed()
    basket = simulator.ring_basket()
    while basket.is_empty():
        basket = simulator.ring_basket()
    sold = actions.sell(basket, [exact_cash(basket.totals().total, node.till.cash_rounding)])
    state.actions = actions
    state.layout = actions.receipt(sold.document)
    return f"{sold.document.number}, {len(sold.document.lines)} lines, {sold.document.total}"


def _receipt_bytes(state: _Made) -> str:
    data = encode_receipt(state.the_sale()[1])
    if b"\x1dV" not in data:
        raise AssertionError("the receipt has no paper cut")
    return f"{len(data)} bytes of ESC/POS"


def _receipt_pdf(state: _Made, work: Path) -> str:
    pdf = receipt_pdf(state.the_sale()[1])
    if not pdf.startswith(b"%PDF"):
        raise AssertionError("not a PDF")
    (work / "receipt.pdf").write_bytes(pdf)
    return f"{len(pdf)} bytes"


def _screen(state: _Made) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from posapp.ui.app import build_till_window

    app = QApplication.instance() or QApplication(sys.argv[:1])
    actions = replace(state.the_sale()[0], printer=FakeReceiptPrinter())
    window = build_till_window(actions)
    window.resize(1024, 768)
    window.show()
    app.processEvents()
    image = window.grab().toImage()
    window.close()
    app.processEvents()
    if image.isNull() or image.width() < 100:
        raise AssertionError("the till window did not draw")
    return f"till window drawn {image.width()}×{image.height()} on {QApplication.platformName()}"
