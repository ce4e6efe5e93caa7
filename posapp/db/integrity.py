"""`posapp check`: SQLite's own checks plus every invariant the store promises.

Each check returns what it found; the caller prints them all, so one failure never hides another.
Later features add their ledger checks to `CHECKS`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from posapp.db import migrate
from posapp.db.cost_checks import (
    checkpoints_match_the_ledger,
    costs_match_the_ledger,
    values_match_the_costs,
)
from posapp.db.ledger_checks import (
    documents_balance,
    documents_journaled_and_queued,
    journal_chain,
    journaled_rows_match,
    movements_have_their_documents,
    returns_match_sales,
    stock_matches_movements,
)
from posapp.db.payables_checks import payables_match_their_documents
from posapp.db.report_checks import (
    discounts_match_the_documents,
    summaries_match_the_documents,
)
from posapp.db.search_index import index_problems
from posapp.domain.catalogue import validate_barcode
from posapp.domain.errors import InvalidBarcode


@dataclass(frozen=True)
class CheckResult:
    name: str
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def _integrity(connection: sqlite3.Connection) -> list[str]:
    rows = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    return [] if rows == ["ok"] else rows[:20]


def _foreign_keys(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute("PRAGMA foreign_key_check").fetchall()
    return [
        f"{table} row {rowid} points at a missing {parent}" for table, rowid, parent, _ in rows[:20]
    ]


def _schema_version(connection: sqlite3.Connection) -> list[str]:
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    head = migrate.head_revision()
    current = row[0] if row else None
    return [] if current == head else [f"schema is at {current}, this posapp expects {head}"]


def _barcodes(connection: sqlite3.Connection) -> list[str]:
    problems = []
    for (code,) in connection.execute("SELECT code FROM barcodes"):
        try:
            validate_barcode(code)
        except InvalidBarcode as error:
            problems.append(str(error))
            if len(problems) == 20:
                break
    return problems


def _money_columns(connection: sqlite3.Connection) -> list[str]:
    """Money is stored as integers; a REAL or TEXT slipped in by hand would round on every read."""
    rows = connection.execute(
        "SELECT sku FROM products WHERE typeof(price_minor) != 'integer' "
        "OR (cost_minor IS NOT NULL AND typeof(cost_minor) != 'integer') LIMIT 20"
    ).fetchall()
    return [
        f"product {sku} has a price or cost that is not a whole number of minor units"
        for (sku,) in rows
    ]


CHECKS: tuple[tuple[str, Callable[[sqlite3.Connection], list[str]]], ...] = (
    ("SQLite integrity_check", _integrity),
    ("foreign keys", _foreign_keys),
    ("schema version", _schema_version),
    ("barcode check digits", _barcodes),
    ("money stored as integers", _money_columns),
    ("product search index matches products", index_problems),
    ("stock on hand = Σ stock movements", stock_matches_movements),
    ("every stock movement has its document", movements_have_their_documents),
    ("every sale and return balances", documents_balance),
    ("returns match what was sold", returns_match_sales),
    ("every document journaled and queued for sync", documents_journaled_and_queued),
    ("shifts, cash movements and Z reports match the journal", journaled_rows_match),
    ("supplier bills, returns and payments match what is owed", payables_match_their_documents),
    ("every movement costing has read has its cost", costs_match_the_ledger),
    ("the stock's value = Σ its movements' costs", values_match_the_costs),
    ("each checkpoint = Σ the movements before it", checkpoints_match_the_ledger),
    ("report summaries = Σ the documents they hold", summaries_match_the_documents),
    ("discounts given = Σ the lines below their list price", discounts_match_the_documents),
)


def run_checks(path: Path) -> list[CheckResult]:
    """Run every check on the database at `path`, read-only apart from FTS5's own self-check."""
    connection = sqlite3.connect(path)
    try:
        results = [_run(name, partial(check, connection)) for name, check in CHECKS]
    finally:
        connection.close()
    return [*results, _run("journal hash chain", lambda: journal_chain(path))]


def _run(name: str, check: Callable[[], list[str]]) -> CheckResult:
    """A check's result; a check that cannot even read what it checks fails, naming why (a
    damaged file must be reported by `check`, not crash it)."""
    try:
        return CheckResult(name, tuple(check()))
    except sqlite3.DatabaseError as error:
        return CheckResult(name, (f"could not be run: {error} (the file is damaged)",))
