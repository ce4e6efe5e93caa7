"""Catalogue writes (and the reads a write needs) on SQLite, inside the unit of work (SQLAlchemy
Core; rows come back as frozen values)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import replace
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import Connection, delete, func, insert, select, update

from posapp.db import batch_queries
from posapp.db.catalogue_queries import (
    BY_BARCODE,
    BY_SKU,
    MATCHES,
    SEARCH,
    editable_product,
    fts_prefix_query,
    scanned,
    sorted_by_name,
)
from posapp.db.master_records import product_record, product_records
from posapp.db.pricing_rules import load_item_pricing
from posapp.db.search_index import bulk_indexing
from posapp.db.tables import barcodes, brands, categories, products, tax_classes
from posapp.db.types import driver_connection, sqlite_timestamp, sqlite_uuid
from posapp.domain.catalogue import LifecycleState, ProductRow, ScannedProduct
from posapp.domain.money import Money
from posapp.services.shared import NewProduct

BULK_INDEX_FROM = 500  # products added at once from which one indexing pass beats the triggers


class SqlAlchemyCatalogue:
    """Catalogue repository on one open connection (the unit of work's, or a reader's)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._indexing_later = False
        # (table, name) → id of the brands and categories an import has named so far: a
        # million-row file names a few hundred, and asking again for each batch cost 1 %.
        self._named: dict[tuple[str, str], str | None] = {}
        # The products an import adds get the local ids after the highest one at its start, one
        # after another (one transaction, one writer): the n-th added is `_import_base + 1 + n`.
        self._import_base: int | None = None
        self._import_added = 0

    def find_by_barcode(self, code: str) -> ScannedProduct | None:
        row = self._connection.execute(BY_BARCODE, {"code": code}).first()
        return None if row is None else scanned(row)

    def find_by_sku(self, sku: str) -> ScannedProduct | None:
        row = self._connection.execute(BY_SKU, {"code": sku}).first()
        return None if row is None else scanned(row)

    def batch_expiry(self, product_id: uuid.UUID, batch: str) -> date | None:
        return batch_queries.batch_expiry(self._connection, product_id, batch)

    def count_matches(self, text: str, most: int) -> int:
        query = fts_prefix_query(text)
        if not query:
            return 0
        return int(self._connection.execute(MATCHES, {"query": query, "most": most}).scalar_one())

    def search(self, text: str, limit: int) -> Sequence[ProductRow]:
        query = fts_prefix_query(text)
        if not query:
            return ()
        return sorted_by_name(self._connection.execute(SEARCH, {"query": query, "limit": limit}))

    def count_products(self) -> int:
        return int(
            self._connection.execute(select(func.count()).select_from(products)).scalar_one()
        )

    def with_pricing(self, product: ProductRow) -> ProductRow:
        pricing = load_item_pricing(driver_connection(self._connection), product)
        return replace(product, pricing=pricing)

    def sku_exists(self, sku: str) -> bool:
        found = self._connection.execute(select(products.c.id).where(products.c.sku == sku))
        return found.first() is not None

    def barcode_owner(self, code: str) -> uuid.UUID | None:
        return self._connection.execute(
            select(barcodes.c.product_id).where(barcodes.c.code == code)
        ).scalar_one_or_none()

    def tax_class_exists(self, code: str) -> bool:
        found = self._connection.execute(select(tax_classes.c.id).where(tax_classes.c.code == code))
        return found.first() is not None

    def _named_id(self, table: Any, name: str | None, at: datetime) -> uuid.UUID | None:
        """The id of the brand or top-level category called `name`, created if new."""
        if name is None:
            return None
        existing = self._connection.execute(select(table.c.id).where(table.c.name == name)).first()
        if existing is not None:
            return uuid.UUID(str(existing.id))
        new_id = uuid.uuid4()
        self._connection.execute(
            insert(table).values(id=new_id, name=name, created_at=at, updated_at=at)
        )
        return new_id

    def _product_values(self, product: NewProduct, at: datetime) -> dict[str, Any]:
        """The products row for `product`, as written on create and on every edit."""
        tax_class_id = self._connection.execute(
            select(tax_classes.c.id).where(tax_classes.c.code == product.tax_class_code)
        ).scalar_one()
        return {
            "sku": product.sku,
            "name": product.name,
            "category_id": self._named_id(categories, product.category_name, at),
            "brand_id": self._named_id(brands, product.brand_name, at),
            "unit": product.unit,
            "weighed": product.weighed,
            "tax_class_id": tax_class_id,
            "state": product.state.value,
            "cost_minor": None if product.cost is None else product.cost.minor,
            "price_minor": product.price.minor,
            "currency": product.price.currency,
            "archived_at": at if product.state is LifecycleState.ARCHIVED else None,
            "updated_at": at,
            "note": product.note,
        }

    def add_product(self, product_id: uuid.UUID, product: NewProduct, at: datetime) -> None:
        values = self._product_values(product, at)
        self._connection.execute(insert(products).values(id=product_id, created_at=at, **values))
        for code, pack in product.barcodes:
            self._connection.execute(
                insert(barcodes).values(
                    code=code, product_id=product_id, pack_qty_milli=pack, created_at=at
                )
            )

    def price_of_sku(self, sku: str) -> tuple[uuid.UUID, Money] | None:
        row = self._connection.execute(
            select(products.c.id, products.c.price_minor, products.c.currency).where(
                products.c.sku == sku
            )
        ).first()
        return None if row is None else (row.id, Money(row.price_minor, row.currency))

    def set_price(self, product_id: uuid.UUID, price_minor: int, at: datetime) -> None:
        self._connection.execute(
            update(products)
            .where(products.c.id == product_id)
            .values(price_minor=price_minor, updated_at=at)
        )

    def set_state(self, product_id: uuid.UUID, state: str, at: datetime) -> None:
        archived = at if state == "ARCHIVED" else None
        self._connection.execute(
            update(products)
            .where(products.c.id == product_id)
            .values(state=state, archived_at=archived, updated_at=at)
        )

    def master_record(self, product_id: uuid.UUID) -> dict[str, object]:
        return product_record(self._connection, product_id)

    def master_records_after(self, sku: str, limit: int) -> list[tuple[str, dict[str, object]]]:
        ids = self._connection.execute(
            select(products.c.id).where(products.c.sku > sku).order_by(products.c.sku).limit(limit)
        ).scalars()
        found = product_records(self._connection, list(ids))
        return sorted((str(record["sku"]), record) for record in found.values())

    def ids_of_skus(self, skus: Sequence[str]) -> dict[str, uuid.UUID]:
        return self._keyed("SELECT sku, id FROM products WHERE sku IN ({})", skus)

    def barcode_owners(self, codes: Sequence[str]) -> dict[str, uuid.UUID]:
        return self._keyed("SELECT code, product_id FROM barcodes WHERE code IN ({})", codes)

    def _keyed(self, sql: str, keys: Sequence[str]) -> dict[str, uuid.UUID]:
        """(key → id) for the keys found, 500 a query, on the driver: an import asks for every
        row's, and SQLAlchemy compiling an IN of 500 parameters cost more than the lookup."""
        raw = driver_connection(self._connection)
        found: dict[str, uuid.UUID] = {}
        for start in range(0, len(keys), 500):
            part = list(keys[start : start + 500])
            for key, hex_id in raw.execute(sql.format(", ".join("?" * len(part))), part):
                found[key] = uuid.UUID(hex=hex_id)
        return found

    def add_products(self, items: Sequence[tuple[uuid.UUID, NewProduct]], at: datetime) -> None:
        """Many new products at once (an import): one prepared statement per table."""
        raw = driver_connection(self._connection)
        stamp = sqlite_timestamp(at)
        # Many rows: the search index is built in one pass after them, not row by row by the
        # triggers (which cost more than the inserts themselves).
        many = len(items) >= BULK_INDEX_FROM and not self._indexing_later
        indexing = bulk_indexing(raw) if many else nullcontext()
        with indexing:
            raw.executemany(
                "INSERT INTO products (id, sku, name, category_id, brand_id, unit, weighed, "
                "tax_class_id, state, cost_minor, price_minor, currency, archived_at, created_at, "
                "updated_at, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                self._product_rows(items, at),
            )
            if self._import_base is not None:
                self._import_added += len(items)
                last = raw.execute("SELECT max(local_id) FROM products").fetchone()[0]
                if last != self._import_base + self._import_added:  # see import_owners
                    raise RuntimeError("an import's products were not numbered one after another")
            raw.executemany(
                "INSERT INTO barcodes (code, product_id, pack_qty_milli, created_at) "
                "VALUES (?, ?, ?, ?)",
                [
                    (code, sqlite_uuid(product_id), pack, stamp)
                    for product_id, p in items
                    for code, pack in p.barcodes
                ],
            )

    def _product_rows(
        self, items: Sequence[tuple[uuid.UUID, NewProduct]], at: datetime
    ) -> list[tuple[object, ...]]:
        """The rows for `add_products`' insert, in its column order; categories and brands
        named for the first time are created."""
        stamp = sqlite_timestamp(at)
        tax_ids = {
            code: sqlite_uuid(tax_id)
            for code, tax_id in self._connection.execute(
                select(tax_classes.c.code, tax_classes.c.id)
            )
        }
        named = self._named

        def named_id(table: Any, name: str | None) -> str | None:
            if name is None:
                return None
            key = (table.name, name)
            if key not in named:
                named[key] = sqlite_uuid(self._named_id(table, name, at))
            return named[key]

        return [
            (
                sqlite_uuid(product_id),
                p.sku,
                p.name,
                named_id(categories, p.category_name),
                named_id(brands, p.brand_name),
                p.unit,
                int(p.weighed),
                tax_ids[p.tax_class_code],
                p.state.value,
                None if p.cost is None else p.cost.minor,
                p.price.minor,
                p.price.currency,
                stamp if p.state is LifecycleState.ARCHIVED else None,
                stamp,
                stamp,
                p.note,
            )
            for product_id, p in items
        ]

    @contextmanager
    def indexing_after(self) -> Iterator[None]:
        """Products added inside are put in the search index in one pass at the end (an import
        of a million rows: one pass, rather than one per batch, each merging a larger index)."""
        self._indexing_later = True
        try:
            with bulk_indexing(driver_connection(self._connection)):
                yield
        finally:
            self._indexing_later = False

    # -- an import's memory of its own rows -------------------------------------------------
    # A file's SKUs and barcodes are remembered in temporary tables (on disk, per connection)
    # rather than in Python, so that a million-row file is checked in the memory of one chunk.
    def start_import(self) -> None:
        raw = driver_connection(self._connection)
        raw.execute(
            "CREATE TEMP TABLE IF NOT EXISTS import_skus (sku TEXT PRIMARY KEY, row INTEGER) "
            "WITHOUT ROWID"
        )
        raw.execute(
            "CREATE TEMP TABLE IF NOT EXISTS import_codes "
            "(code TEXT PRIMARY KEY, row INTEGER, sku TEXT) WITHOUT ROWID"
        )
        self._named.clear()
        highest = raw.execute("SELECT coalesce(max(local_id), 0) FROM products").fetchone()
        self._import_base = highest[0]
        self._import_added = 0
        raw.execute("DELETE FROM temp.import_skus")
        raw.execute("DELETE FROM temp.import_codes")

    def import_owners(
        self, keys: Sequence[str], *, by: Literal["sku", "barcode"]
    ) -> tuple[dict[str, uuid.UUID], dict[str, int]]:
        assert self._import_base is not None, "start_import first"
        base = self._import_base
        sql = (
            "SELECT sku, id, local_id FROM products WHERE sku IN ({})"
            if by == "sku"
            else "SELECT b.code, b.product_id, p.local_id FROM barcodes b "
            "JOIN products p ON p.id = b.product_id WHERE b.code IN ({})"
        )
        raw = driver_connection(self._connection)
        before: dict[str, uuid.UUID] = {}
        added: dict[str, int] = {}
        for start in range(0, len(keys), 500):
            part = list(keys[start : start + 500])
            for key, hex_id, local_id in raw.execute(sql.format(", ".join("?" * len(part))), part):
                if local_id > base:
                    added[key] = local_id - base - 1
                else:
                    before[key] = uuid.UUID(hex=hex_id)
        return before, added

    def earlier_rows(
        self, skus: Sequence[str], codes: Sequence[str]
    ) -> tuple[dict[str, int], dict[str, tuple[int, str]]]:
        """Where earlier chunks of the file had these SKUs and barcodes."""
        raw = driver_connection(self._connection)
        found_skus: dict[str, int] = {}
        for start in range(0, len(skus), 500):
            part = list(skus[start : start + 500])
            marks = ", ".join("?" * len(part))
            found_skus.update(
                raw.execute(f"SELECT sku, row FROM temp.import_skus WHERE sku IN ({marks})", part)
            )
        found_codes: dict[str, tuple[int, str]] = {}
        for start in range(0, len(codes), 500):
            part = list(codes[start : start + 500])
            marks = ", ".join("?" * len(part))
            for code, row, sku in raw.execute(
                f"SELECT code, row, sku FROM temp.import_codes WHERE code IN ({marks})", part
            ):
                found_codes[code] = (row, sku)
        return found_skus, found_codes

    def remember_rows(
        self, skus: Sequence[tuple[str, int]], codes: Sequence[tuple[str, int, str]]
    ) -> None:
        raw = driver_connection(self._connection)
        raw.executemany("INSERT OR IGNORE INTO temp.import_skus VALUES (?, ?)", skus)
        raw.executemany("INSERT OR IGNORE INTO temp.import_codes VALUES (?, ?, ?)", codes)

    def product_id_of_sku(self, sku: str) -> uuid.UUID | None:
        found = self._connection.execute(select(products.c.id).where(products.c.sku == sku))
        return found.scalar_one_or_none()

    def sku_of(self, product_id: uuid.UUID) -> str | None:
        found = self._connection.execute(select(products.c.sku).where(products.c.id == product_id))
        return found.scalar_one_or_none()

    def editable(self, product_id: uuid.UUID) -> NewProduct | None:
        """The product as its editor shows it: names for category and brand, its barcodes."""
        return editable_product(self._connection, product_id)

    def update_product(self, product_id: uuid.UUID, product: NewProduct, at: datetime) -> None:
        """Every field of the product as given; barcodes not listed any more are removed."""
        values = self._product_values(product, at)
        self._connection.execute(
            update(products).where(products.c.id == product_id).values(**values)
        )
        wanted = dict(product.barcodes)
        self._connection.execute(
            delete(barcodes).where(
                barcodes.c.product_id == product_id, barcodes.c.code.not_in(list(wanted))
            )
        )
        kept = set(
            self._connection.execute(
                select(barcodes.c.code).where(barcodes.c.product_id == product_id)
            ).scalars()
        )
        for code, pack in wanted.items():
            if code in kept:
                self._connection.execute(
                    update(barcodes).where(barcodes.c.code == code).values(pack_qty_milli=pack)
                )
            else:
                self._connection.execute(
                    insert(barcodes).values(
                        code=code, product_id=product_id, pack_qty_milli=pack, created_at=at
                    )
                )
