"""Catalogue reads and writes on SQLite (SQLAlchemy Core; rows come back as frozen values)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, Row, bindparam, func, insert, select, text

from posapp.db.tables import barcodes, brands, categories, products, tax_classes
from posapp.domain.catalogue import LifecycleState, ProductRow, ScannedProduct
from posapp.domain.money import Money
from posapp.domain.quantity import Quantity
from posapp.services.ports import NewProduct

_PRODUCT_COLUMNS = (
    products.c.id,
    products.c.sku,
    products.c.name,
    products.c.unit,
    products.c.state,
    products.c.price_minor,
    products.c.currency,
    tax_classes.c.code.label("tax_class_code"),
    products.c.weighed,
)

_BY_BARCODE = (
    select(*_PRODUCT_COLUMNS, barcodes.c.code, barcodes.c.pack_qty_milli)
    .select_from(barcodes)
    .join(products, products.c.id == barcodes.c.product_id)
    .join(tax_classes, tax_classes.c.id == products.c.tax_class_id)
    .where(barcodes.c.code == bindparam("code"))
)

# The FTS query finds candidates in index order and stops at the limit; ranking a million matches
# of a one-letter prefix would blow the as-you-type budget, so the few found are sorted by name.
_SEARCH = text(
    """
    SELECT p.id, p.sku, p.name, p.unit, p.state, p.price_minor, p.currency,
           t.code AS tax_class_code, p.weighed
    FROM products_fts
    JOIN products p ON p.local_id = products_fts.rowid
    JOIN tax_classes t ON t.id = p.tax_class_id
    WHERE products_fts MATCH :query AND p.state != 'ARCHIVED'
    LIMIT :limit
    """
)


def fts_prefix_query(typed: str) -> str:
    """Every word typed must start a word of the name, SKU or a barcode: `coca 33` →
    `"coca"* AND "33"*`. Quotes are doubled so nothing typed is read as FTS syntax."""
    words = [word.replace('"', '""') for word in typed.split()]
    return " AND ".join(f'"{word}"*' for word in words if word.strip('"'))


def _product_row(row: Row[Any]) -> ProductRow:
    product_id = row.id if isinstance(row.id, uuid.UUID) else uuid.UUID(row.id)
    return ProductRow(
        id=product_id,
        sku=row.sku,
        name=row.name,
        unit=row.unit,
        state=LifecycleState(row.state),
        price=Money(row.price_minor, row.currency),
        tax_class_code=row.tax_class_code,
        weighed=bool(row.weighed),
    )


class SqlAlchemyCatalogue:
    """Catalogue repository on one open connection (the unit of work's, or a reader's)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def find_by_barcode(self, code: str) -> ScannedProduct | None:
        row = self._connection.execute(_BY_BARCODE, {"code": code}).first()
        if row is None:
            return None
        return ScannedProduct(
            product=_product_row(row),
            barcode=row.code,
            pack_quantity=Quantity.from_thousandths(row.pack_qty_milli),
        )

    def search(self, text: str, limit: int) -> Sequence[ProductRow]:
        query = fts_prefix_query(text)
        if not query:
            return ()
        rows = self._connection.execute(_SEARCH, {"query": query, "limit": limit})
        return sorted((_product_row(row) for row in rows), key=lambda p: (p.name, p.sku))

    def count_products(self) -> int:
        return int(
            self._connection.execute(select(func.count()).select_from(products)).scalar_one()
        )

    def sku_exists(self, sku: str) -> bool:
        found = self._connection.execute(select(products.c.id).where(products.c.sku == sku))
        return found.first() is not None

    def barcode_owner(self, code: str) -> uuid.UUID | None:
        owner = self._connection.execute(
            select(barcodes.c.product_id).where(barcodes.c.code == code)
        ).scalar_one_or_none()
        return owner

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

    def add_product(self, product_id: uuid.UUID, product: NewProduct, at: datetime) -> None:
        tax_class_id = self._connection.execute(
            select(tax_classes.c.id).where(tax_classes.c.code == product.tax_class_code)
        ).scalar_one()
        self._connection.execute(
            insert(products).values(
                id=product_id,
                sku=product.sku,
                name=product.name,
                category_id=self._named_id(categories, product.category_name, at),
                brand_id=self._named_id(brands, product.brand_name, at),
                unit=product.unit,
                weighed=product.weighed,
                tax_class_id=tax_class_id,
                state=product.state.value,
                cost_minor=None if product.cost is None else product.cost.minor,
                price_minor=product.price.minor,
                currency=product.price.currency,
                created_at=at,
                updated_at=at,
                note=product.note,
            )
        )
        for code, pack in product.barcodes:
            self._connection.execute(
                insert(barcodes).values(
                    code=code, product_id=product_id, pack_qty_milli=pack, created_at=at
                )
            )


class SqlAlchemyCatalogueReader:
    """Read-only catalogue for screens and workers: a short read transaction per call."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def find_by_barcode(self, code: str) -> ScannedProduct | None:
        with self._engine.connect() as connection:
            return SqlAlchemyCatalogue(connection).find_by_barcode(code)

    def search(self, text: str, limit: int) -> Sequence[ProductRow]:
        with self._engine.connect() as connection:
            return SqlAlchemyCatalogue(connection).search(text, limit)

    def count_products(self) -> int:
        with self._engine.connect() as connection:
            return SqlAlchemyCatalogue(connection).count_products()
