"""Categories and brands by name, as products' master records carry them: a category is the path
of names from the top category down to it, since each node has its own ids for the same
categories (as promotions name them)."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, insert, select

from posapp.db.tables import brands, categories


def category_paths(raw: sqlite3.Connection) -> dict[str, list[str]]:
    """Each category's path of names from the top, by its id as the driver holds it."""
    parents = {key: (parent, name) for key, parent, name in raw.execute(_CATEGORIES)}
    paths: dict[str, list[str]] = {}
    for key in parents:
        path: list[str] = []
        at: str | None = key
        while at is not None and at in parents and len(path) < len(parents):
            parent, name = parents[at]
            path.insert(0, name)
            at = parent
        paths[key] = path
    return paths


_CATEGORIES = "SELECT id, parent_id, name FROM categories"


def category_at(connection: Connection, path: Sequence[str], at: datetime) -> uuid.UUID | None:
    """The category at the end of `path`, made (with the ones above it) where this node has
    none of that name under that parent; None for an empty path."""
    parent: uuid.UUID | None = None
    for name in path:
        found = connection.execute(
            select(categories.c.id).where(
                categories.c.name == name,
                categories.c.parent_id.is_(None)
                if parent is None
                else categories.c.parent_id == parent,
            )
        ).scalar()
        if found is None:
            found = uuid.uuid4()
            connection.execute(
                insert(categories).values(
                    id=found, name=name, parent_id=parent, created_at=at, updated_at=at
                )
            )
        parent = found
    return parent


def brand_named(connection: Connection, name: str, at: datetime) -> uuid.UUID | None:
    """The brand called `name`, made if this node has none; None for ""."""
    if not name:
        return None
    found = connection.execute(select(brands.c.id).where(brands.c.name == name)).scalar()
    if found is None:
        found = uuid.uuid4()
        connection.execute(insert(brands).values(id=found, name=name, created_at=at, updated_at=at))
    return found
