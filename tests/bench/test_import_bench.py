"""Importing a 100,000-row product file (issue 7: under a minute, with progress)."""

from __future__ import annotations

import time
from pathlib import Path

from posapp.bootstrap import import_products, load_demo_catalogue, open_node
from tests.bench.figures import report
from tests.product_files import product_row, write_products

ROWS = 100_000


def test_import_of_100k_products(tmp_path: Path) -> None:
    node = open_node(tmp_path / "store", create=True)
    load_demo_catalogue(node, products=1000, seed=1, progress=lambda done, total: None)
    source = write_products(tmp_path / "products.csv", [product_row(n) for n in range(ROWS)])
    reported: list[tuple[str, int]] = []
    started = time.perf_counter()
    checked = import_products(
        node, source, by="bench", progress=lambda stage, done, total: reported.append((stage, done))
    )
    seconds = time.perf_counter() - started
    node.close()
    assert len(checked.rows) == ROWS and reported[-1] == ("writing", ROWS)
    report(
        "Product import",
        [
            ("rows", f"{ROWS:,} (2 barcodes each)", ""),
            ("time", f"{seconds:.1f} s", f"budget 60 s: {'within' if seconds <= 60 else 'OVER'}"),
            ("rate", f"{ROWS / seconds:,.0f} rows/s", ""),
            (
                "progress reports",
                f"{len(reported)}",
                "per 500 rows checked, written",
            ),
        ],
    )
