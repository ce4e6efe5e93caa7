"""Promotions on SQLite: the promotion, what it covers (products by SKU, categories by name)
and its master record."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from posapp.db.tables import categories, products, promotion_targets, promotions
from posapp.domain.partner_records import Promotion

PROMOTION_COLUMNS = (
    "code",
    "name",
    "kind",
    "percent",
    "amount_minor",
    "buy_qty",
    "free_qty",
    "tax_inclusive",
    "stacks",
)


class SqlAlchemyPromotions:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def id_of_code(self, code: str) -> uuid.UUID | None:
        found = self._connection.execute(select(promotions.c.id).where(promotions.c.code == code))
        return found.scalar_one_or_none()

    def category_ids(self, names: Sequence[str]) -> dict[str, uuid.UUID]:
        rows = self._connection.execute(
            select(categories.c.name, categories.c.id).where(
                categories.c.name.in_(list(names)), categories.c.archived_at.is_(None)
            )
        )
        return {name: category_id for name, category_id in rows}

    def values(self, promotion_id: uuid.UUID) -> Promotion | None:
        row = self._connection.execute(
            select(promotions).where(promotions.c.id == promotion_id)
        ).first()
        if row is None:
            return None
        skus = self._connection.execute(
            select(products.c.sku)
            .join(promotion_targets, promotion_targets.c.product_id == products.c.id)
            .where(promotion_targets.c.promotion_id == promotion_id)
            .order_by(products.c.sku)
        )
        names = self._connection.execute(
            select(categories.c.name)
            .join(promotion_targets, promotion_targets.c.category_id == categories.c.id)
            .where(promotion_targets.c.promotion_id == promotion_id)
            .order_by(categories.c.name)
        )
        return Promotion(
            code=row.code,
            name=row.name,
            kind=row.kind,
            percent=row.percent,
            amount_minor=row.amount_minor,
            buy_qty=row.buy_qty,
            free_qty=row.free_qty,
            tax_inclusive=row.tax_inclusive,
            stacks=row.stacks,
            stores=[code for code in row.stores.split(",") if code],
            valid_from=row.valid_from and row.valid_from.isoformat(),
            valid_to=row.valid_to and row.valid_to.isoformat(),
            skus=list(skus.scalars()),
            categories=list(names.scalars()),
            archived=row.archived_at is not None,
        )

    def save(self, promotion_id: uuid.UUID, values: Promotion, at: datetime) -> None:
        """The promotion and what it covers; SKUs and category names this node does not have
        are left out (a product still on its way is covered when its promotion is saved again)."""
        stored = {key: value for key, value in values.items() if key in PROMOTION_COLUMNS}
        stored["stores"] = ",".join(values["stores"])
        stored["valid_from"] = values["valid_from"] and date.fromisoformat(values["valid_from"])
        stored["valid_to"] = values["valid_to"] and date.fromisoformat(values["valid_to"])
        stored["archived_at"] = at if values["archived"] else None
        if not self._connection.execute(
            update(promotions)
            .where(promotions.c.id == promotion_id)
            .values(**stored, updated_at=at)
        ).rowcount:
            self._connection.execute(
                insert(promotions).values(id=promotion_id, created_at=at, updated_at=at, **stored)
            )
        self._connection.execute(
            delete(promotion_targets).where(promotion_targets.c.promotion_id == promotion_id)
        )
        product_ids = self._connection.execute(
            select(products.c.id).where(products.c.sku.in_(values["skus"]))
        ).scalars()
        # One executemany needs the same keys in every row: a target is a product or a category.
        targets = [
            {"promotion_id": promotion_id, "product_id": pid, "category_id": None}
            for pid in product_ids
        ]
        targets += [
            {"promotion_id": promotion_id, "product_id": None, "category_id": cid}
            for cid in self.category_ids(values["categories"]).values()
        ]
        if targets:
            self._connection.execute(insert(promotion_targets), targets)

    def master_record(self, promotion_id: uuid.UUID) -> dict[str, Any]:
        values = self.values(promotion_id)
        assert values is not None
        return {"id": str(promotion_id), **values}
