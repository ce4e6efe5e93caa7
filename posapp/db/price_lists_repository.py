"""Price lists on SQLite: header, items, the overlap check and the master record."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, delete, insert, or_, select, true, update

from posapp.db.tables import price_list_items, price_lists, products
from posapp.domain.pricing import PriceListDraft


class SqlAlchemyPriceLists:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def id_of_code(self, code: str) -> uuid.UUID | None:
        found = self._connection.execute(select(price_lists.c.id).where(price_lists.c.code == code))
        return found.scalar_one_or_none()

    def overlapping(
        self, list_id: uuid.UUID, draft: PriceListDraft, ids: dict[str, uuid.UUID]
    ) -> list[tuple[str, str]]:
        """(other list's code, SKU) for every product this list would price on a day another
        list of the same kind and group/store also prices it at the same minimum quantity."""
        start, end = draft.validity.start, draft.validity.end
        same_kind = [
            price_lists.c.kind == draft.kind.value,
            price_lists.c.id != list_id,
            price_lists.c.archived_at.is_(None),
            # Validities overlap unless one ends before the other starts.
            or_(
                price_lists.c.valid_to.is_(None),
                true() if start is None else price_lists.c.valid_to >= start,
            ),
            or_(
                price_lists.c.valid_from.is_(None),
                true() if end is None else price_lists.c.valid_from <= end,
            ),
        ]
        if draft.price_group is not None:
            same_kind.append(price_lists.c.price_group == draft.price_group)
        if draft.store_code is not None:
            same_kind.append(price_lists.c.store_code == draft.store_code)

        def same_entry(product_id: uuid.UUID, qty: int) -> Any:
            return and_(
                price_list_items.c.product_id == product_id,
                price_list_items.c.min_qty_milli == qty,
            )

        found: list[tuple[str, str]] = []
        wanted = [(ids[sku], qty) for sku, qty, _ in draft.items]
        for start_at in range(0, len(wanted), 400):
            chunk = wanted[start_at : start_at + 400]
            rows = self._connection.execute(
                select(price_lists.c.code, products.c.sku)
                .join(price_list_items, price_list_items.c.price_list_id == price_lists.c.id)
                .join(products, products.c.id == price_list_items.c.product_id)
                .where(*same_kind, or_(*(same_entry(pid, qty) for pid, qty in chunk)))
            )
            found += [(code, sku) for code, sku in rows]
        return found

    def save(
        self, list_id: uuid.UUID, draft: PriceListDraft, ids: dict[str, uuid.UUID], at: datetime
    ) -> None:
        values = {
            "code": draft.code,
            "name": draft.name,
            "kind": draft.kind.value,
            "price_group": draft.price_group,
            "store_code": draft.store_code,
            "tax_inclusive": draft.tax_inclusive,
            "holds_at_volume": draft.holds_at_volume,
            "valid_from": draft.validity.start,
            "valid_to": draft.validity.end,
            "updated_at": at,
        }
        if not self._connection.execute(
            update(price_lists).where(price_lists.c.id == list_id).values(**values)
        ).rowcount:
            self._connection.execute(
                insert(price_lists).values(id=list_id, created_at=at, **values)
            )
        self._connection.execute(
            delete(price_list_items).where(price_list_items.c.price_list_id == list_id)
        )
        if draft.items:
            self._connection.execute(
                insert(price_list_items),
                [
                    {
                        "price_list_id": list_id,
                        "product_id": ids[sku],
                        "min_qty_milli": qty,
                        "price_minor": price,
                    }
                    for sku, qty, price in draft.items
                ],
            )

    def header(self, list_id: uuid.UUID) -> dict[str, Any] | None:
        row = self._connection.execute(
            select(price_lists).where(price_lists.c.id == list_id)
        ).first()
        return None if row is None else dict(row._mapping)

    def items(self, list_id: uuid.UUID) -> list[tuple[str, int, int]]:
        rows = self._connection.execute(
            select(products.c.sku, price_list_items.c.min_qty_milli, price_list_items.c.price_minor)
            .join(products, products.c.id == price_list_items.c.product_id)
            .where(price_list_items.c.price_list_id == list_id)
            .order_by(products.c.sku, price_list_items.c.min_qty_milli)
        )
        return [(sku, qty, price) for sku, qty, price in rows]

    def all(self) -> list[dict[str, Any]]:
        rows = self._connection.execute(select(price_lists).order_by(price_lists.c.code))
        return [dict(row._mapping) for row in rows]

    def master_record(self, list_id: uuid.UUID) -> dict[str, Any]:
        header = self.header(list_id)
        assert header is not None
        return {
            "id": str(list_id),
            "code": header["code"],
            "name": header["name"],
            "kind": header["kind"],
            "price_group": header["price_group"],
            "store_code": header["store_code"],
            "tax_inclusive": bool(header["tax_inclusive"]),
            "holds_at_volume": bool(header["holds_at_volume"]),
            "valid_from": header["valid_from"] and header["valid_from"].isoformat(),
            "valid_to": header["valid_to"] and header["valid_to"].isoformat(),
            "items": [list(item) for item in self.items(list_id)],
        }
