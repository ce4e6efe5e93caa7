"""Head office's relational catalogue: products with their category and brand, the categories
and brands, and customers — kept from their master records (`master_records`, JSON as they
travel) as each change is recorded, in the same transaction, for reports to group and name by.

A category is known by its path of names from the top (as products' records carry it: each node
has ids of its own), so its id here is made from that path, the same on every run; a brand's
from its name. A record that does not say a product's category or brand (made before contract 6)
leaves what head office has."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Column, Connection, String, Table, Uuid
from sqlalchemy.dialects.postgresql import insert

from sync.server.tables import metadata

# Migration 0020.
catalogue_categories = Table(
    "catalogue_categories",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("parent_id", Uuid),
    Column("name", String(200), nullable=False),
)
catalogue_brands = Table(
    "catalogue_brands",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
)
catalogue_products = Table(
    "catalogue_products",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("sku", String(64), nullable=False),
    Column("name", String(200), nullable=False),
    Column("category_id", Uuid),
    Column("brand_id", Uuid),
)
catalogue_customers = Table(
    "catalogue_customers",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("code", String(64), nullable=False),
    Column("name", String(200), nullable=False),
)

_CATEGORIES = uuid.UUID("6f1c1b52-5a0e-4c38-9d1e-0c9a3f6b2a11")
_BRANDS = uuid.UUID("0b7f8e3a-1d94-4f5e-8a62-3c5d7e9f1b24")
_BETWEEN = "\x1f"  # a control character: no name holds one (the contract refuses them)


def category_id(path: Sequence[str]) -> uuid.UUID:
    return uuid.uuid5(_CATEGORIES, _BETWEEN.join(path))


def brand_id(name: str) -> uuid.UUID:
    return uuid.uuid5(_BRANDS, name)


def keep_in_catalogue(
    connection: Connection, entity: str, key: str, record: dict[str, Any] | None
) -> None:
    """The relational rows of a product's or customer's record just recorded. A deleted record
    keeps its row: sales already made still name it."""
    if record is None:
        return
    if entity == "customer":
        row = {"id": uuid.UUID(key), "code": record["code"], "name": record["name"]}
        _upsert(connection, catalogue_customers, row)
    elif entity == "product":
        row = {"id": uuid.UUID(key), "sku": record["sku"], "name": record["name"]}
        if (path := record.get("category")) is not None:
            row["category_id"] = _category(connection, path)
        if (brand := record.get("brand")) is not None:
            row["brand_id"] = _brand(connection, brand)
        _upsert(connection, catalogue_products, row)


def _category(connection: Connection, path: Sequence[str]) -> uuid.UUID | None:
    parent = None
    for depth in range(1, len(path) + 1):
        here = category_id(path[:depth])
        row = {"id": here, "parent_id": parent, "name": path[depth - 1]}
        connection.execute(insert(catalogue_categories).values(row).on_conflict_do_nothing())
        parent = here
    return parent


def _brand(connection: Connection, name: str) -> uuid.UUID | None:
    if not name:
        return None
    found = brand_id(name)
    connection.execute(
        insert(catalogue_brands).values(id=found, name=name).on_conflict_do_nothing()
    )
    return found


def _upsert(connection: Connection, table: Table, row: dict[str, Any]) -> None:
    statement = insert(table).values(row)
    changed = {name: statement.excluded[name] for name in row if name != "id"}
    connection.execute(statement.on_conflict_do_update(index_elements=["id"], set_=changed))
