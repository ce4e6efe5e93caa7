"""Catalogue reads on SQLite: the SQL shared by the write repository and the till's read-only
reader, the reader itself (straight on the driver, for the scan path), and a sample of barcodes for
simulated trading."""

from __future__ import annotations

import random
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, select, text

from posapp.db.pricing_rules import load_item_pricing
from posapp.db.tables import barcodes, brands, categories, products, tax_classes
from posapp.db.types import driver_connection
from posapp.domain.catalogue import LifecycleState, ProductRow, ScannedProduct
from posapp.domain.money import Money
from posapp.domain.pricing import NO_RULES
from posapp.domain.quantity import Quantity
from posapp.services.shared import NewProduct

# Plain SQL shared by the unit of work (through SQLAlchemy's text()) and the read-only reader
# (straight on the driver): both accept :name parameters, and rows map by position.
_PRODUCT_SELECT = """
    SELECT p.id, p.sku, p.name, p.unit, p.state, p.price_minor, p.currency,
           t.code AS tax_class_code, p.weighed, p.cost_minor, p.category_id"""

BY_BARCODE_SQL = f"""{_PRODUCT_SELECT}, b.code, b.pack_qty_milli
    FROM barcodes b
    JOIN products p ON p.id = b.product_id
    JOIN tax_classes t ON t.id = p.tax_class_id
    WHERE b.code = :code"""

# The FTS query finds candidates in index order and stops at the limit; ranking a million matches
# of a one-letter prefix would blow the as-you-type budget, so the few found are sorted by name.
SEARCH_SQL = f"""{_PRODUCT_SELECT}
    FROM products_fts
    JOIN products p ON p.local_id = products_fts.rowid
    JOIN tax_classes t ON t.id = p.tax_class_id
    WHERE products_fts MATCH :query AND p.state != 'ARCHIVED'
    LIMIT :limit"""

# A typed code that is no barcode may be a SKU (alphanumeric shelf codes such as 10124A).
BY_SKU_SQL = f"""{_PRODUCT_SELECT}, p.sku, 1000
    FROM products p
    JOIN tax_classes t ON t.id = p.tax_class_id
    WHERE p.sku = :code"""

# How many products match a search, counted only up to :most: counting a million matches of a
# one-letter prefix would cost more than the search itself.
MATCHES_SQL = """SELECT count(*) FROM (
    SELECT 1 FROM products_fts
    JOIN products p ON p.local_id = products_fts.rowid
    WHERE products_fts MATCH :query AND p.state != 'ARCHIVED'
    LIMIT :most)"""

COUNT_SQL = "SELECT count(*) FROM products"

# The expiry the ledger knows for a batch (through the index of batched movements).
BATCH_EXPIRY_SQL = "SELECT max(expiry) FROM stock_movements WHERE product_id = ? AND batch = ?"


BY_BARCODE = text(BY_BARCODE_SQL)
BY_SKU = text(BY_SKU_SQL)
SEARCH = text(SEARCH_SQL)
MATCHES = text(MATCHES_SQL)


def fts_prefix_query(typed: str) -> str:
    """Every word typed must start a word of the name, SKU or a barcode: `coca 33` →
    `"coca"* AND "33"*`. Quotes are doubled so nothing typed is read as FTS syntax."""
    words = [word.replace('"', '""') for word in typed.split()]
    return " AND ".join(f'"{word}"*' for word in words if word.strip('"'))


def product_row(row: Sequence[Any]) -> ProductRow:
    """A product from the columns of `_PRODUCT_SELECT`, in that order."""
    product_id, sku, name, unit, state, price_minor, currency, tax_class_code, weighed = row[:9]
    cost_minor, category_id = row[9], row[10]
    return ProductRow(
        id=product_id if isinstance(product_id, uuid.UUID) else uuid.UUID(product_id),
        sku=sku,
        name=name,
        unit=unit,
        state=LifecycleState(state),
        price=Money(price_minor, currency),
        tax_class_code=tax_class_code,
        weighed=bool(weighed),
        cost=None if cost_minor is None else Money(cost_minor, currency),
        category_id=uuid_or_none(category_id),
    )


def uuid_or_none(value: Any) -> uuid.UUID | None:
    if value is None or isinstance(value, uuid.UUID):
        return value
    return uuid.UUID(value)


def scanned(row: Sequence[Any]) -> ScannedProduct:
    return ScannedProduct(
        product=product_row(row), barcode=row[11], pack_quantity=Quantity.from_thousandths(row[12])
    )


def sorted_by_name(rows: Iterable[Sequence[Any]]) -> list[ProductRow]:
    return sorted((product_row(row) for row in rows), key=lambda p: (p.name, p.sku))


class SqlAlchemyCatalogueReader:
    """Read-only catalogue for the till's hot path: scans and search-as-you-type.

    Each thread gets its own driver connection in autocommit mode, so a lookup is one prepared
    SELECT — no pool checkout, no BEGIN/ROLLBACK around it (a single SELECT is consistent on its
    own). That is 20× less overhead than a pooled SQLAlchemy connection per call, which matters
    when a cashier scans as fast as the scanner reads."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        # Keyed by OS thread id, not threading.local: on threads Qt starts, Python's thread
        # state comes and goes between callbacks, and a threading.local would forget the
        # connection each time (and drain the pool).
        self._connections: dict[int, tuple[Any, sqlite3.Connection]] = {}
        self._lock = threading.Lock()

    def _connection(self) -> sqlite3.Connection:
        thread = threading.get_ident()
        with self._lock:
            found = self._connections.get(thread)
            if found is None:
                pooled = self._engine.raw_connection()  # PRAGMAs applied by the engine's hook
                driver = pooled.driver_connection
                assert isinstance(driver, sqlite3.Connection)
                found = self._connections[thread] = (pooled, driver)
        return found[1]

    def find_by_barcode(self, code: str) -> ScannedProduct | None:
        row = self._connection().execute(BY_BARCODE_SQL, {"code": code}).fetchone()
        if row is None:
            return None
        return self._priced(scanned(row))

    def find_by_sku(self, sku: str) -> ScannedProduct | None:
        row = self._connection().execute(BY_SKU_SQL, {"code": sku}).fetchone()
        return None if row is None else self._priced(scanned(row))

    def batch_expiry(self, product_id: uuid.UUID, batch: str) -> date | None:
        row = self._connection().execute(BATCH_EXPIRY_SQL, (product_id.hex, batch)).fetchone()
        return None if row is None or row[0] is None else date.fromisoformat(row[0])

    def _priced(self, found: ScannedProduct) -> ScannedProduct:
        priced = self.with_pricing(found.product)
        return found if priced is found.product else replace(found, product=priced)

    def count_matches(self, text: str, most: int) -> int:
        query = fts_prefix_query(text)
        if not query:
            return 0
        return int(
            self._connection().execute(MATCHES_SQL, {"query": query, "most": most}).fetchone()[0]
        )

    def search(self, text: str, limit: int) -> Sequence[ProductRow]:
        query = fts_prefix_query(text)
        if not query:
            return ()
        rows = self._connection().execute(SEARCH_SQL, {"query": query, "limit": limit})
        return sorted_by_name(rows)

    def count_products(self) -> int:
        return int(self._connection().execute(COUNT_SQL).fetchone()[0])

    def with_pricing(self, product: ProductRow) -> ProductRow:
        pricing = load_item_pricing(self._connection(), product)
        return product if pricing is NO_RULES else replace(product, pricing=pricing)

    def close(self) -> None:
        with self._lock:
            for pooled, _driver in self._connections.values():
                pooled.close()
            self._connections.clear()


def sample_barcodes(engine: Engine, count: int, seed: int) -> list[str]:
    """`count` barcodes of sellable products, spread over the whole catalogue (for simulations
    and benchmarks). Random local ids, so it costs `count` index lookups, not a table scan;
    straight on the driver, as they are thousands of tiny queries."""
    rng = random.Random(seed)
    with engine.connect() as connection:
        raw = driver_connection(connection)
        highest = raw.execute("SELECT max(local_id) FROM products").fetchone()[0] or 0
        codes: list[str] = []
        attempts = 0
        while len(codes) < count and highest and attempts < count * 20:
            attempts += 1
            row = raw.execute(_SAMPLE_SQL, (rng.randint(1, highest),)).fetchone()
            if row is not None:
                codes.append(row[0])
    return codes


_SAMPLE_SQL = (
    "SELECT b.code FROM barcodes b JOIN products p ON p.id = b.product_id "
    "WHERE p.local_id = ? AND p.state != 'ARCHIVED' ORDER BY b.code LIMIT 1"
)


def editable_product(connection: Connection, product_id: uuid.UUID) -> NewProduct | None:
    """The product as its editor shows it: names for category and brand, its barcodes."""
    row = connection.execute(
        select(
            products,
            tax_classes.c.code.label("tax_class"),
            categories.c.name.label("category"),
            brands.c.name.label("brand"),
        )
        .join(tax_classes, tax_classes.c.id == products.c.tax_class_id)
        .outerjoin(categories, categories.c.id == products.c.category_id)
        .outerjoin(brands, brands.c.id == products.c.brand_id)
        .where(products.c.id == product_id)
    ).first()
    if row is None:
        return None
    codes = connection.execute(
        select(barcodes.c.code, barcodes.c.pack_qty_milli)
        .where(barcodes.c.product_id == product_id)
        .order_by(barcodes.c.created_at, barcodes.c.code)
    ).all()
    return NewProduct(
        sku=row.sku,
        name=row.name,
        price=Money(row.price_minor, row.currency),
        tax_class_code=row.tax_class,
        unit=row.unit,
        weighed=bool(row.weighed),
        cost=None if row.cost_minor is None else Money(row.cost_minor, row.currency),
        state=LifecycleState(row.state),
        category_name=row.category,
        brand_name=row.brand,
        barcodes=[(code, pack) for code, pack in codes],
        note=row.note,
    )
