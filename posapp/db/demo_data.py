"""A realistic demo catalogue: names, categories, brands, prices, valid EAN-13s, pack barcodes,
weighed items. The same generator fills `make run`'s first start and the benchmarks' million.

Deterministic for a seed.
"""

from __future__ import annotations

import bisect
import itertools
import random
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, insert, select

from posapp.db.demo_words import (
    BRAND_NAMES,
    CATEGORIES,
    PACK_SIZES,
    STATES,
    VARIANTS,
)
from posapp.db.engine import write_connection
from posapp.db.search_index import bulk_indexing
from posapp.db.tables import brands, categories, products, tax_classes
from posapp.db.types import sqlite_timestamp
from posapp.domain.catalogue import gtin_check_digit
from posapp.domain.ids import Uuid7Factory

CHUNK = 20_000


def ean13(number: int) -> str:
    """A valid EAN-13 made from a running number, under a demo company prefix (400…)."""
    body = f"4{number:011d}"
    return body + gtin_check_digit(body)


def case_gtin14(ean: str) -> str:
    """The GTIN-14 of a case of `ean` items (indicator digit 1)."""
    body = "1" + ean[:-1]
    return body + gtin_check_digit(body)


def _charm_price(rng: random.Random, low: int, high: int) -> int:
    """Prices end the way shop prices do: …9 or …5 or …0."""
    base = rng.randint(low, high)
    return max(low, base - base % 10 + rng.choice((9, 9, 9, 5, 0)))


@dataclass
class DemoContext:
    currency: str
    now: datetime
    tax_class_ids: dict[str, uuid.UUID]
    category_ids: dict[str, uuid.UUID]
    brand_ids: list[uuid.UUID]


ProductParams = tuple[Any, ...]  # in _PRODUCT_INSERT's column order
BarcodeParams = tuple[str, str, int, str]  # in _BARCODE_INSERT's column order
_STATE_CUMULATIVE = list(itertools.accumulate(weight for _, weight in STATES))


def generate_chunks(
    count: int, *, seed: int, start: int, context: DemoContext
) -> Iterator[tuple[list[ProductParams], list[BarcodeParams]]]:
    """Insert-ready rows for products number `start` … `start + count - 1`, CHUNK at a time.

    Rows are tuples of what SQLite stores (Uuid columns as 32 hex digits, timestamps as
    SQLAlchemy writes them), because this is the hot loop of a million-product load."""
    rng = random.Random(seed)
    # Ids from the seeded generator: the same seed gives the same catalogue, ids included.
    new_id = Uuid7Factory(
        now_ms=lambda: int(context.now.timestamp() * 1000), random_bytes=rng.randbytes
    )
    stamp = sqlite_timestamp(context.now)
    category_hex = {name: value.hex for name, value in context.category_ids.items()}
    tax_hex = {code: value.hex for code, value in context.tax_class_ids.items()}
    brand_hex = [value.hex for value in context.brand_ids]
    products: list[ProductParams] = []
    barcodes: list[BarcodeParams] = []
    for number in range(start, start + count):
        spec = CATEGORIES[number % len(CATEGORIES)]
        brand = rng.randrange(len(BRAND_NAMES))
        weighed = rng.random() < spec.weighed_share
        variant = rng.choice(VARIANTS)
        noun = rng.choice(spec.nouns)
        size = "per kg" if weighed else rng.choice(spec.sizes)
        name = " ".join(part for part in (BRAND_NAMES[brand], variant, noun, size) if part)
        price = _charm_price(rng, *spec.price_range)
        state = STATES[bisect.bisect(_STATE_CUMULATIVE, rng.random())][0]
        product_id = new_id().hex
        products.append(
            (
                product_id,
                f"{spec.code}-{number:07d}",
                name,
                category_hex[spec.name],
                brand_hex[brand],
                "kg" if weighed else "pc",
                weighed,
                tax_hex[spec.tax_class],
                state,
                price * rng.randint(50, 75) // 100,
                price,
                context.currency,
                stamp,
                stamp,
            )
        )
        code = ean13(number)
        barcodes.append((code, product_id, 1000, stamp))
        if not weighed and rng.random() < 0.08:
            barcodes.append((case_gtin14(code), product_id, rng.choice(PACK_SIZES) * 1000, stamp))
        if len(products) == CHUNK:
            yield products, barcodes
            products, barcodes = [], []
    if products:
        yield products, barcodes


class DemoDataError(Exception):
    pass


def _reference_ids(engine: Engine, now: datetime, new_id: Callable[[], uuid.UUID]) -> DemoContext:
    """Tax classes must exist (node setup); categories and brands are created here if missing."""
    with write_connection(engine) as connection, connection.begin():
        tax_ids = {row.code: row.id for row in connection.execute(select(tax_classes))}
        missing = {spec.tax_class for spec in CATEGORIES} - set(tax_ids)
        if missing:
            raise DemoDataError(f"tax classes {sorted(missing)} are missing; set up the node first")
        category_ids = {row.name: row.id for row in connection.execute(select(categories))}
        for spec in CATEGORIES:
            if spec.name not in category_ids:
                category_ids[spec.name] = new_id()
                connection.execute(
                    insert(categories).values(
                        id=category_ids[spec.name], name=spec.name, created_at=now, updated_at=now
                    )
                )
        brand_ids = {row.name: row.id for row in connection.execute(select(brands))}
        for name in BRAND_NAMES:
            if name not in brand_ids:
                brand_ids[name] = new_id()
                connection.execute(
                    insert(brands).values(
                        id=brand_ids[name], name=name, created_at=now, updated_at=now
                    )
                )
    return DemoContext("EUR", now, tax_ids, category_ids, [brand_ids[name] for name in BRAND_NAMES])


_PRODUCT_INSERT = (
    "INSERT INTO products (id, sku, name, category_id, brand_id, unit, weighed, tax_class_id, "
    "state, cost_minor, price_minor, currency, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_BARCODE_INSERT = (
    "INSERT INTO barcodes (code, product_id, pack_qty_milli, created_at) VALUES (?, ?, ?, ?)"
)


def load_demo_data(
    engine: Engine,
    *,
    product_count: int,
    seed: int,
    currency: str,
    now: datetime,
    new_id: Callable[[], uuid.UUID],
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> int:
    """Add `product_count` demo products to an empty catalogue; returns how many were added.

    One transaction for the whole load, so an interrupted load leaves the store as it was. Rows go
    in through the driver's executemany (SQLAlchemy's per-row processing would triple the time)
    and the search index is built in one pass at the end (see `search_index.bulk_indexing`)."""
    if product_count < 1:
        raise DemoDataError(f"--products must be at least 1, got {product_count}")
    with engine.connect() as connection:
        existing = connection.execute(select(func.count()).select_from(products)).scalar_one()
    if existing:
        raise DemoDataError(
            f"the catalogue already has {existing} products; demo data goes into an empty store"
        )
    context = _reference_ids(engine, now, new_id)
    context.currency = currency
    done = 0
    raw = engine.raw_connection()
    try:
        sqlite = raw.driver_connection
        assert isinstance(sqlite, sqlite3.Connection), "posapp's store is SQLite"
        sqlite.execute("BEGIN IMMEDIATE")
        try:
            with bulk_indexing(sqlite):
                for product_rows, barcode_rows in generate_chunks(
                    product_count, seed=seed, start=1, context=context
                ):
                    sqlite.executemany(_PRODUCT_INSERT, product_rows)
                    sqlite.executemany(_BARCODE_INSERT, barcode_rows)
                    done += len(product_rows)
                    progress(done, product_count)
            sqlite.execute("COMMIT")
        except BaseException:
            sqlite.execute("ROLLBACK")
            raise
    finally:
        raw.close()
    return done
