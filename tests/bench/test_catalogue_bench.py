"""Scan lookup and search-as-you-type on 1M products: posapp's path beside raw sqlite3."""

from __future__ import annotations

import contextlib
import random
import sqlite3

from posapp.bootstrap.node import Node
from posapp.db.catalogue_queries import fts_prefix_query
from posapp.domain.errors import DomainError
from posapp.services.catalogue.lookup import scan_barcode, search_products
from tests.bench.figures import percentile, report, summary, time_each, verdict

RAW_BARCODE = (
    "SELECT p.id, p.sku, p.name, p.unit, p.state, p.price_minor, p.currency, t.code, p.weighed, "
    "b.code, b.pack_qty_milli FROM barcodes b JOIN products p ON p.id = b.product_id "
    "JOIN tax_classes t ON t.id = p.tax_class_id WHERE b.code = ?"
)
RAW_SEARCH = (
    "SELECT p.id, p.sku, p.name, p.unit, p.state, p.price_minor, p.currency, t.code, p.weighed "
    "FROM products_fts JOIN products p ON p.local_id = products_fts.rowid "
    "JOIN tax_classes t ON t.id = p.tax_class_id "
    "WHERE products_fts MATCH ? AND p.state != 'ARCHIVED' LIMIT 50"
)


def _sample_barcodes(node: Node, count: int) -> list[str]:
    raw = sqlite3.connect(node.store.path)
    total = raw.execute("SELECT max(local_id) FROM products").fetchone()[0]
    rng = random.Random(42)
    ids = [rng.randint(1, total) for _ in range(count)]
    codes = [
        row[0]
        for local_id in ids
        for row in raw.execute(
            "SELECT b.code FROM barcodes b JOIN products p ON p.id = b.product_id "
            "WHERE p.local_id = ? LIMIT 1",
            (local_id,),
        )
    ]
    raw.close()
    return codes


def _typed_queries(node: Node, words: int = 2, names: int = 150) -> list[str]:
    """Every prefix a cashier types on the way to two words of real product names."""
    raw = sqlite3.connect(node.store.path)
    total = raw.execute("SELECT max(local_id) FROM products").fetchone()[0]
    rng = random.Random(7)
    queries = []
    for _ in range(names):
        (name,) = raw.execute(
            "SELECT name FROM products WHERE local_id = ?", (rng.randint(1, total),)
        ).fetchone()
        target = " ".join(name.lower().split()[-words:])
        queries.extend(target[:length] for length in range(1, len(target) + 1))
    raw.close()
    return [q for q in queries if q.strip()]


def test_barcode_lookup(million_store: Node) -> None:
    codes = _sample_barcodes(million_store, 10_000)
    catalogue = million_store.catalogue

    def posapp_scan(code: str) -> None:
        # Archived products are found, then refused: still a full lookup.
        with contextlib.suppress(DomainError):
            scan_barcode(catalogue, code=code)

    raw = sqlite3.connect(million_store.store.path)
    # Warm the OS page cache for these codes first: otherwise whichever runs first pays for the
    # disk (a till that has sold for a minute has its catalogue pages in memory).
    for code in codes:
        raw.execute(RAW_BARCODE, (code,)).fetchall()
    posapp_scan(codes[0])  # warm the pool and statement caches alike
    ours = time_each(codes, posapp_scan)
    theirs = time_each(codes, lambda code: raw.execute(RAW_BARCODE, (code,)).fetchall())
    raw.close()
    report(
        f"barcode lookup, {million_store.catalogue.count_products():,} products",
        [
            ("posapp scan_barcode", summary(ours), verdict(percentile(ours, 99), 10) + " (p99)"),
            ("raw sqlite3", summary(theirs), ""),
        ],
    )
    assert len(codes) == 10_000


def test_search_as_you_type(million_store: Node) -> None:
    queries = _typed_queries(million_store)
    catalogue = million_store.catalogue
    raw = sqlite3.connect(million_store.store.path)
    search_products(catalogue, text=queries[0])
    found = []
    ours = time_each(queries, lambda q: found.append(len(search_products(catalogue, text=q))))
    theirs = time_each(
        queries, lambda q: raw.execute(RAW_SEARCH, (fts_prefix_query(q),)).fetchall()
    )
    raw.close()
    one_letter = [t for q, t in zip(queries, ours, strict=True) if len(q) == 1]
    report(
        f"search as you type, {len(queries):,} keystrokes",
        [
            ("posapp search_products", summary(ours), verdict(percentile(ours, 95), 30) + " (p95)"),
            ("raw sqlite3 (same FTS query)", summary(theirs), ""),
            ("posapp, first letter only", summary(one_letter), ""),
            ("keystrokes with results", f"{sum(1 for n in found if n) / len(found):.0%}", ""),
        ],
    )
    assert sum(found) > 0
