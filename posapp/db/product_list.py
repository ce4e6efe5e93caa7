"""The back office's product list: one page at a time over a million products, and a product's
price history (read from the journal's `price_changed` entries)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Sequence
from datetime import datetime

from sqlalchemy import Engine, func, select, text

from posapp.db.catalogue_queries import fts_prefix_query
from posapp.db.tables import journal_entries
from posapp.db.types import driver_connection, sqlite_timestamp
from posapp.domain.money import Money
from posapp.services.catalogue import LabelProduct, PriceChange, ProductListRow, format_barcodes

_COLUMNS = """p.id, p.sku, p.name, c.name, p.state, p.price_minor, p.cost_minor, p.currency,
    (SELECT group_concat(code, ' ') FROM barcodes b WHERE b.product_id = p.id)"""

# Without a filter: in name order, straight off the (name, sku) index.
_ALL_SQL = f"""SELECT {_COLUMNS} FROM products p
    LEFT JOIN categories c ON c.id = p.category_id
    ORDER BY p.name, p.sku LIMIT :limit OFFSET :offset"""

# With one: the FTS index finds matches in its own order (sorting a million matches of "a" by
# name would take seconds); each page is sorted by name for reading.
_FILTERED_SQL = f"""SELECT {_COLUMNS} FROM products_fts
    JOIN products p ON p.local_id = products_fts.rowid
    LEFT JOIN categories c ON c.id = p.category_id
    WHERE products_fts MATCH :query LIMIT :limit OFFSET :offset"""


def product_page(engine: Engine, typed: str, offset: int, limit: int) -> list[ProductListRow]:
    query = fts_prefix_query(typed)
    params: dict[str, object] = {"limit": limit, "offset": offset}
    if query:
        params["query"] = query
    with engine.connect() as connection:
        rows = connection.execute(text(_FILTERED_SQL if query else _ALL_SQL), params).all()
    found = [
        ProductListRow(
            id=product_id if isinstance(product_id, uuid.UUID) else uuid.UUID(product_id),
            sku=sku,
            name=name,
            category=category or "",
            state=state,
            price=Money(price, currency),
            cost=None if cost is None else Money(cost, currency),
            barcodes=codes or "",
        )
        for product_id, sku, name, category, state, price, cost, currency, codes in rows
    ]
    return sorted(found, key=lambda row: (row.name, row.sku)) if query else found


def price_history(engine: Engine, sku: str, currency: str) -> list[PriceChange]:
    query = (
        select(journal_entries.c.created_at, journal_entries.c.payload)
        .where(
            journal_entries.c.kind == "price_changed",
            func.json_extract(journal_entries.c.payload, "$.sku") == sku,
        )
        .order_by(journal_entries.c.seq.desc())
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    changes = []
    for at, payload in rows:
        data = json.loads(payload)
        changes.append(
            PriceChange(
                at=at,
                by=str(data.get("by", "")),
                old=Money(int(data["old"]), currency),
                new=Money(int(data["new"]), currency),
            )
        )
    return changes


_EXPORT_SQL = """SELECT p.sku, p.name, p.unit, p.weighed, t.code, c.name, br.name, p.state,
        p.cost_minor, p.price_minor, p.currency, p.note,
        (SELECT group_concat(code || ':' || pack_qty_milli, ' ')
         FROM barcodes b WHERE b.product_id = p.id)
    FROM products p JOIN tax_classes t ON t.id = p.tax_class_id
    LEFT JOIN categories c ON c.id = p.category_id
    LEFT JOIN brands br ON br.id = p.brand_id
    ORDER BY p.local_id"""


def export_rows(engine: Engine) -> Iterator[list[str]]:
    """Every product as an import file's row (PRODUCT_FIELDS order), streamed: a million
    products never sit in memory at once."""
    with engine.connect() as connection:
        raw = driver_connection(connection)
        for (
            sku,
            name,
            unit,
            weighed,
            tax_class,
            category,
            brand,
            state,
            cost,
            price,
            currency,
            note,
            codes,
        ) in raw.execute(_EXPORT_SQL):
            yield [
                sku,
                name,
                unit,
                "yes" if weighed else "no",
                tax_class,
                category or "",
                brand or "",
                state,
                "" if cost is None else str(Money(cost, currency).amount),
                str(Money(price, currency).amount),
                _barcodes(codes),
                note or "",
            ]


def _barcodes(pairs: str | None) -> str:
    """`code:milli code:milli` from SQL as the editor and import files write barcodes."""
    codes = [pair.rsplit(":", 1) for pair in (pairs or "").split()]
    return format_barcodes([(code, int(milli)) for code, milli in codes])


_LABEL_SQL = """SELECT p.id, p.sku, p.name, p.unit, p.price_minor, p.currency,
        (SELECT code FROM barcodes b WHERE b.product_id = p.id
         ORDER BY b.pack_qty_milli != 1000, length(code) != 13, b.created_at LIMIT 1)
    FROM products p WHERE p.id IN ({marks})"""

_CHANGED_SINCE_SQL = """SELECT DISTINCT p.id FROM journal_entries j
    JOIN products p ON p.sku = json_extract(j.payload, '$.sku')
    WHERE j.kind = 'price_changed' AND j.created_at >= :since AND p.state != 'ARCHIVED'"""


def label_products(engine: Engine, product_ids: Sequence[uuid.UUID]) -> list[LabelProduct]:
    """The products to label, in the order asked, each with its single-unit barcode (an
    EAN-13 when it has one)."""
    ids = [product_id.hex for product_id in product_ids]
    found: dict[str, LabelProduct] = {}
    with engine.connect() as connection:
        raw = driver_connection(connection)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            sql = _LABEL_SQL.format(marks=", ".join("?" * len(chunk)))
            for product_id, sku, name, unit, price, currency, code in raw.execute(sql, chunk):
                found[product_id] = LabelProduct(sku, name, unit, Money(price, currency), code)
    return [found[product_id] for product_id in ids if product_id in found]


def price_changed_since(engine: Engine, since: datetime) -> list[uuid.UUID]:
    """Products whose price changed from `since` on (their old labels are wrong)."""
    with engine.connect() as connection:
        rows = connection.execute(text(_CHANGED_SINCE_SQL), {"since": sqlite_timestamp(since)})
        return [value if isinstance(value, uuid.UUID) else uuid.UUID(value) for (value,) in rows]


def tax_class_codes(engine: Engine) -> list[str]:
    """The tax classes a product may be given (the archived ones not)."""
    from posapp.db.tables import tax_classes

    with engine.connect() as connection:
        query = select(tax_classes.c.code).where(tax_classes.c.archived_at.is_(None))
        return list(connection.execute(query.order_by(tax_classes.c.code)).scalars())


def first_sellable_skus(engine: Engine, count: int) -> list[str]:
    """The first `count` SKUs (in order) of active products sold by the piece."""
    with engine.connect() as connection:
        return list(
            connection.execute(
                text(
                    "SELECT sku FROM products WHERE NOT weighed AND state = 'ACTIVE' ORDER BY sku "
                    "LIMIT :count"
                ),
                {"count": count},
            ).scalars()
        )
