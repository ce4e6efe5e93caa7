"""Importing a 100,000-row product file (issue 7: under a minute, with a progress bar): through
the back office's import dialog, as a manager does it — check with progress, then import with
progress — timed from opening the file to "imported"."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot

from posapp.bootstrap.demo import load_demo_catalogue
from posapp.bootstrap.node import open_node
from posapp.bootstrap.shop import back_office
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


_MEASURED = """
import resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
seconds = time.perf_counter() - started
if done.returncode:
    sys.exit(done.stderr)
print(seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""

_BULK = """
import sys, time
from pathlib import Path
from posapp.bootstrap.demo import load_demo_catalogue
from posapp.bootstrap.node import open_node
node = open_node(Path(sys.argv[1]), create=True)
load_demo_catalogue(node, products=int(sys.argv[2]), seed=1, progress=lambda done, total: None)
node.close()
"""


def _verdict(met: bool) -> str:
    return "within" if met else "OVER"


def _measured(*command: str) -> tuple[float, int]:
    """Seconds and peak RSS (kB) of a command run in a process of its own."""
    out = subprocess.run(
        [sys.executable, "-c", _MEASURED, *command], capture_output=True, text=True, check=True
    ).stdout.split()
    return float(out[0]), int(out[1])


def test_import_of_a_million_rows_streams_and_keeps_pace_with_the_bulk_loader(
    tmp_path: Path,
) -> None:
    """Issue 18 item 25: check plus write within 2× of the bulk loader's time for the same rows,
    and the peak memory of 1,000,000 rows at most 1.5× that of 100,000 (`posapp import`)."""
    figures = []
    peaks = {}
    for rows in (100_000, 1_000_000):
        source = write_products(tmp_path / f"p{rows}.csv", (product_row(n) for n in range(rows)))
        store = tmp_path / f"store{rows}"
        setup = subprocess.run(
            [sys.executable, "-m", "posapp", "--data-dir", str(store), "db", "upgrade"],
            capture_output=True,
            text=True,
            check=True,
        )
        assert setup.returncode == 0
        seconds, peak = _measured(
            sys.executable,
            "-m",
            "posapp",
            "--data-dir",
            str(store),
            "import",
            "products",
            str(source),
            "--by",
            "bench",
        )
        bulk, _ = _measured(sys.executable, "-c", _BULK, str(tmp_path / f"bulk{rows}"), str(rows))
        peaks[rows] = peak
        ratio = seconds / bulk
        figures += [
            (f"{rows:,} rows", f"{seconds:.1f} s, {rows / seconds:,.0f} rows/s", ""),
            ("  bulk loader (floor)", f"{bulk:.1f} s, {rows / bulk:,.0f} rows/s", ""),
            (
                "  import / bulk",
                f"{ratio:.2f}×",
                f"budget 2×: {'within' if ratio <= 2 else 'OVER'}",
            ),
            ("  peak memory", f"{peak / 1024:,.0f} MB", ""),
        ]
        source.unlink()
    growth = peaks[1_000_000] / peaks[100_000]
    figures.append(
        (
            "peak 1M / peak 100k",
            f"{growth:.2f}×",
            f"budget 1.5×: {'within' if growth <= 1.5 else 'OVER'}",
        )
    )
    report("Product import (posapp import), streamed", figures)
