"""`posapp check` finds damage done behind the application's back, and names it."""

import sqlite3
import uuid

import pytest

from posapp.bootstrap import Node
from posapp.db.integrity import run_checks


def _tamper(node: Node, *statements: str) -> None:
    connection = sqlite3.connect(node.store.path)
    connection.execute("PRAGMA foreign_keys=OFF")
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()


def _failures(node: Node) -> dict[str, tuple[str, ...]]:
    return {r.name: r.problems for r in run_checks(node.store.path) if not r.ok}


def test_clean_store_passes_every_check(demo_node: Node) -> None:
    results = run_checks(demo_node.store.path)
    assert len(results) >= 6 and all(r.ok for r in results)


TAMPERING: list[tuple[str, list[str], str, str]] = [
    (
        "orphan-barcode",
        [
            f"INSERT INTO barcodes VALUES ('96385074', '{uuid.uuid4().hex}', 1000, "
            "'2026-01-01 00:00:00')"
        ],
        "foreign keys",
        "barcodes row",
    ),
    (
        "bad-check-digit",
        [
            "UPDATE barcodes SET code = substr(code, 1, 12) || "
            "((substr(code, 13, 1) + 1) % 10) WHERE code = "
            "(SELECT min(code) FROM barcodes WHERE length(code) = 13)"
        ],
        "barcode check digits",
        "wrong check digit",
    ),
    (
        "float-price",
        ["UPDATE products SET price_minor = 1.5 WHERE sku = (SELECT min(sku) FROM products)"],
        "money stored as integers",
        "not a whole number",
    ),
    (
        "stale-search-index",
        [
            "DROP TRIGGER products_fts_after_update",
            "UPDATE products SET name = 'Tampered' WHERE sku = (SELECT min(sku) FROM products)",
        ],
        "product search index matches products",
        "out of date",
    ),
    (
        "missing-index-row",
        ["DELETE FROM products_fts WHERE rowid = (SELECT min(rowid) FROM products_fts)"],
        "product search index matches products",
        "rows in the search index",
    ),
]


@pytest.mark.parametrize(
    ("statements", "check", "says"), [t[1:] for t in TAMPERING], ids=[t[0] for t in TAMPERING]
)
def test_tampering_is_caught_and_named(
    demo_node: Node, statements: list[str], check: str, says: str
) -> None:
    _tamper(demo_node, *statements)
    failures = _failures(demo_node)
    assert check in failures, failures
    assert any(says in problem for problem in failures[check]), failures[check]
