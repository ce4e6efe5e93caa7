"""`posapp check` finds damage done behind the application's back, and names it."""

import sqlite3
import uuid

import pytest

from posapp.bootstrap.node import Node
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
    assert len(results) >= 6
    assert all(r.ok for r in results)


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


@pytest.fixture
def traded_node(demo_node: Node) -> Node:
    """A store after 60 simulated sales and some returns, through the real services."""
    from posapp.bootstrap.demo import simulator

    simulator(demo_node, seed=4).run(60)
    assert all(result.ok for result in run_checks(demo_node.store.path))
    return demo_node


LEDGER_TAMPERING: list[tuple[str, list[str], str, str]] = [
    (
        "stock-level-edited",
        [
            "UPDATE stock_levels SET on_hand_milli = on_hand_milli + 1000 "
            "WHERE product_id = (SELECT min(product_id) FROM stock_levels)"
        ],
        "stock on hand = Σ stock movements",
        "movements sum to",
    ),
    (
        "movement-deleted",
        ["DELETE FROM stock_movements WHERE rowid = (SELECT max(rowid) FROM stock_movements)"],
        "every document journaled and queued for sync",
        "stock movements",
    ),
    (
        "line-amount-edited",
        [
            "UPDATE sale_lines SET amount_minor = amount_minor - 100, net_minor = net_minor - 100 "
            "WHERE rowid = 1"
        ],
        "every sale and return balances",
        "lines sum to",
    ),
    (
        "tender-edited",
        [
            "UPDATE sale_tenders SET amount_minor = amount_minor + 1 "
            "WHERE sale_id = (SELECT min(sale_id) FROM sale_tenders) AND position = 1"
        ],
        "every sale and return balances",
        "tenders sum to",
    ),
    (
        "over-return",
        [
            "UPDATE sale_lines SET quantity_milli = quantity_milli - 50000 WHERE rowid = "
            "(SELECT min(rowid) FROM sale_lines WHERE original_line_id IS NOT NULL)"
        ],
        "returns match what was sold",
        "returned",
    ),
    (
        "sale-edited-behind-the-journal",
        ["UPDATE sales SET cashier_id = cashier_id, terminal_code = 'T99' WHERE rowid = 3"],
        "journal hash chain",
        "was altered after it was completed",
    ),
    (
        "journal-entry-deleted",
        ["DELETE FROM journal_entries WHERE seq = 5"],
        "journal hash chain",
        "journal entry 5 is missing",
    ),
    (
        "journal-entry-edited",
        ["UPDATE journal_entries SET kind = 'return' WHERE seq = 7"],
        "journal hash chain",
        "journal entry 7 (return) was altered",
    ),
]


@pytest.mark.parametrize(
    ("statements", "check", "says"),
    [t[1:] for t in TAMPERING + LEDGER_TAMPERING],
    ids=[t[0] for t in TAMPERING + LEDGER_TAMPERING],
)
def test_tampering_is_caught_and_named(
    traded_node: Node, statements: list[str], check: str, says: str
) -> None:
    _tamper(traded_node, *statements)
    failures = _failures(traded_node)
    assert check in failures, failures
    assert any(says in problem for problem in failures[check]), failures[check]
