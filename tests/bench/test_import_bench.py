"""Importing a 100,000-row product file (issue 7: under a minute, with a progress bar): through
the back office's import dialog, as a manager does it — check with progress, then import with
progress — timed from opening the file to "imported"."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot

from posapp.bootstrap import back_office, load_demo_catalogue, open_node
from posapp.ui.back_office.window import BackOfficeWindow
from tests.bench.figures import report
from tests.product_files import product_row, write_products

ROWS = 100_000


def test_import_of_100k_products_through_the_dialog(qtbot: QtBot, tmp_path: Path) -> None:
    node = open_node(tmp_path / "store", create=True)
    load_demo_catalogue(node, products=1000, seed=1, progress=lambda done, total: None)
    source = write_products(tmp_path / "products.csv", [product_row(n) for n in range(ROWS)])
    window = BackOfficeWindow(back_office(node, signed_in_as="bench"), QLocale())
    qtbot.addWidget(window)
    window.show()
    page = window.products
    assert page is not None
    bar_values: list[int] = []

    started = time.perf_counter()
    dialog = page.import_file(source)
    dialog.bar.valueChanged.connect(bar_values.append)
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=120_000)
    checked = time.perf_counter()
    dialog.start_import()
    qtbot.waitUntil(lambda: "imported" in dialog.summary.text(), timeout=120_000)
    seconds = time.perf_counter() - started
    window.close()
    node.close()
    assert f"{ROWS:,} products imported" in dialog.summary.text()
    assert dialog.bar.value() == dialog.bar.maximum() == ROWS
    report(
        "Product import (back-office dialog)",
        [
            ("rows", f"{ROWS:,} (2 barcodes each)", ""),
            ("time", f"{seconds:.1f} s", f"budget 60 s: {'within' if seconds <= 60 else 'OVER'}"),
            ("  checking", f"{checked - started:.1f} s", ""),
            ("  writing", f"{seconds - (checked - started):.1f} s", ""),
            ("rate", f"{ROWS / seconds:,.0f} rows/s", ""),
            ("progress bar moves", f"{len(bar_values)}", "checking, then writing"),
        ],
    )
