"""Importing 1,000,000 lines of sales history (invoice style: 100,000 invoices of ten lines,
5,000 product codes, two years, credit notes and postage among them) through a column mapping,
checked and written all or nothing — beside reading the same file with Python's csv module and
SQLite inserting as many bare rows, in the same run. POSAPP_BENCH_HISTORY_LINES sets the size."""

from __future__ import annotations

import csv
import json
import os
import random
import sqlite3
import time
from datetime import date, timedelta
from pathlib import Path

from posapp import bootstrap
from posapp.bootstrap.node import open_node
from tests.bench.figures import report

LINES = int(os.environ.get("POSAPP_BENCH_HISTORY_LINES", "1000000"))
MAPPING = {
    "columns": {
        "invoice": "Invoice",
        "date": "InvoiceDate",
        "product_code": "StockCode",
        "name": "Description",
        "quantity": "Quantity",
        "unit_price": "Price",
        "customer": "Customer ID",
        "country": "Country",
    },
    "date_formats": ["%Y-%m-%d %H:%M:%S"],
    "cancelled_prefix": "C",
    "not_goods": ["POST"],
    "create_products": True,
    "tax_class": "STD",
}


def _write_file(path: Path) -> None:
    rng = random.Random(1)
    start = date(2023, 1, 1)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "Invoice",
                "StockCode",
                "Description",
                "Quantity",
                "InvoiceDate",
                "Price",
                "Customer ID",
                "Country",
            ]
        )
        for invoice in range(LINES // 10):
            cancelled = rng.random() < 0.02
            number = f"{'C' if cancelled else ''}{500000 + invoice}"
            at = (
                f"{start + timedelta(days=invoice * 730 // (LINES // 10))} 10:{invoice % 60:02d}:00"
            )
            customer = "" if rng.random() < 0.2 else str(12000 + rng.randrange(4000))
            for line in range(10):
                code = (
                    "POST"
                    if line == 9 and rng.random() < 0.1
                    else f"{20000 + rng.randrange(5000)}A"
                )
                quantity = -rng.randint(1, 6) if cancelled else rng.randint(1, 24)
                writer.writerow(
                    [
                        number,
                        code,
                        f"ITEM {code}",
                        quantity,
                        at,
                        f"{rng.randint(0, 2000) / 100:.2f}",
                        customer,
                        "United Kingdom",
                    ]
                )


def _floor(path: Path, folder: Path) -> tuple[float, float]:
    """Python reading the file's rows, and SQLite inserting as many rows of eight fields."""
    started = time.perf_counter()
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    read = time.perf_counter() - started
    connection = sqlite3.connect(folder / "floor.sqlite3")
    connection.execute("CREATE TABLE t (a, b, c, d, e, f, g, h)")
    started = time.perf_counter()
    connection.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows[1:])
    connection.commit()
    inserted = time.perf_counter() - started
    connection.close()
    return read, inserted


def test_a_million_history_lines_import_within_a_minute(tmp_path: Path) -> None:
    source, mapping = tmp_path / "history.csv", tmp_path / "mapping.json"
    _write_file(source)
    mapping.write_text(json.dumps(MAPPING), encoding="utf-8")
    node = open_node(tmp_path / "data", create=True)
    try:
        started = time.perf_counter()
        checked = bootstrap.reporting.import_history(node, source, mapping, by="bench")
        seconds = time.perf_counter() - started
    finally:
        node.close()
    assert checked.lines == LINES
    read, inserted = _floor(source, tmp_path)
    report(
        f"sales history import, {LINES:,} lines",
        [
            (
                "checked and written",
                f"{seconds:.1f} s",
                f"{LINES / seconds:,.0f} lines/s · budget 60 s",
            ),
            ("documents, credit notes", f"{checked.documents:,}", f"{checked.credit_notes:,}"),
            ("products created", f"{checked.new_products:,}", ""),
            ("Python csv reading the file", f"{read:.1f} s", "floor, same run"),
            ("SQLite inserting as many bare rows", f"{inserted:.1f} s", "floor, same run"),
        ],
    )
