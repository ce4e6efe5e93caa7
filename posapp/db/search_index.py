"""The product search index (FTS5, created by migration 0002) as the application uses it.

The migration holds its own frozen copy of this SQL, as migrations must; this module is what the
bulk loader and the integrity check use against the current schema.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

# SKU then barcodes, space separated: what the `codes` column holds for the product aliased `p`.
CODES_OF_P = (
    "p.sku || coalesce((SELECT ' ' || group_concat(b.code, ' ') FROM barcodes b "
    "WHERE b.product_id = p.id), '')"
)

# Triggers that index one row at a time; a bulk load swaps them for one indexing pass.
ROW_TRIGGERS = ("products_fts_after_insert", "barcodes_fts_after_insert")


def index_products_after(connection: sqlite3.Connection, last_local_id: int) -> None:
    connection.execute(
        f"INSERT INTO products_fts(rowid, name, codes) "
        f"SELECT p.local_id, p.name, {CODES_OF_P} FROM products p WHERE p.local_id > ?",
        (last_local_id,),
    )


@contextmanager
def bulk_indexing(connection: sqlite3.Connection) -> Iterator[None]:
    """Inside an open transaction: drop the row triggers, let the caller insert, then index every
    new product in one pass and put the triggers back exactly as they were defined."""
    trigger_sql = [
        row[0]
        for row in connection.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?)", ROW_TRIGGERS
        )
    ]
    last_local_id = connection.execute(
        "SELECT coalesce(max(local_id), 0) FROM products"
    ).fetchone()[0]
    for name in ROW_TRIGGERS:
        connection.execute(f"DROP TRIGGER {name}")
    yield
    index_products_after(connection, last_local_id)
    for sql in trigger_sql:
        connection.execute(sql)


def index_problems(connection: sqlite3.Connection) -> list[str]:
    """Differences between the search index and the products it should describe."""
    problems = []
    products = connection.execute("SELECT count(*) FROM products").fetchone()[0]
    indexed = connection.execute("SELECT count(*) FROM products_fts").fetchone()[0]
    if products != indexed:
        problems.append(f"{products} products but {indexed} rows in the search index")
    stale = connection.execute(
        f"SELECT p.sku FROM products p LEFT JOIN products_fts f ON f.rowid = p.local_id "
        f"WHERE f.rowid IS NULL OR f.name IS NOT p.name OR f.codes IS NOT {CODES_OF_P} LIMIT 5"
    ).fetchall()
    if stale:
        problems.append("search index out of date for SKU " + ", ".join(r[0] for r in stale))
    try:
        connection.execute("INSERT INTO products_fts(products_fts) VALUES ('integrity-check')")
    except sqlite3.DatabaseError as error:
        problems.append(f"search index structure: {error}")
    return problems
