"""Suppliers on SQLite: their details, and what they call and charge for each product."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from posapp.db.tables import products, supplier_products, suppliers
from posapp.domain.partner_records import Supplier, pack_of, product_line

SUPPLIER_COLUMNS = ("code", "name", "contacts", "payment_terms_days", "lead_time_days")
# [our SKU, the supplier's code, their cost (minor units)] and, for packs, [..., units a pack]
SupplierProduct = list[Any]


class SqlAlchemySuppliers:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def id_of_code(self, code: str) -> uuid.UUID | None:
        found = self._connection.execute(select(suppliers.c.id).where(suppliers.c.code == code))
        return found.scalar_one_or_none()

    def values(self, supplier_id: uuid.UUID) -> Supplier | None:
        row = self._connection.execute(
            select(suppliers).where(suppliers.c.id == supplier_id)
        ).first()
        if row is None:
            return None
        return Supplier(
            code=row.code,
            name=row.name,
            contacts=json.loads(row.contacts),
            payment_terms_days=row.payment_terms_days,
            lead_time_days=row.lead_time_days,
            archived=row.archived_at is not None,
            products=[list(item) for item in self.products(supplier_id)],
        )

    def products(self, supplier_id: uuid.UUID) -> list[SupplierProduct]:
        rows = self._connection.execute(
            select(
                products.c.sku,
                supplier_products.c.supplier_code,
                supplier_products.c.cost_minor,
                supplier_products.c.pack_milli,
            )
            .join(products, products.c.id == supplier_products.c.product_id)
            .where(supplier_products.c.supplier_id == supplier_id)
            .order_by(products.c.sku)
        )
        return [product_line(sku, code, cost, pack) for sku, code, cost, pack in rows]

    def save(
        self,
        supplier_id: uuid.UUID,
        values: Supplier,
        product_ids: dict[str, uuid.UUID],
        at: datetime,
    ) -> None:
        """The supplier's details and its whole product list (replaced, not merged)."""
        stored = {
            "code": values["code"],
            "name": values["name"],
            "contacts": json.dumps(values["contacts"], ensure_ascii=False, sort_keys=True),
            "payment_terms_days": values["payment_terms_days"],
            "lead_time_days": values["lead_time_days"],
            "archived_at": at if values["archived"] else None,
        }
        if not self._connection.execute(
            update(suppliers).where(suppliers.c.id == supplier_id).values(**stored, updated_at=at)
        ).rowcount:
            self._connection.execute(
                insert(suppliers).values(id=supplier_id, created_at=at, updated_at=at, **stored)
            )
        self.replace_products(supplier_id, values["products"], product_ids)

    def replace_products(
        self,
        supplier_id: uuid.UUID,
        items: Sequence[Sequence[Any]],
        product_ids: dict[str, uuid.UUID],
    ) -> None:
        """Only products this node has are kept: one still on its way comes with its own change."""
        self._connection.execute(
            delete(supplier_products).where(supplier_products.c.supplier_id == supplier_id)
        )
        rows = [
            {
                "supplier_id": supplier_id,
                "product_id": product_ids[line[0]],
                "supplier_code": line[1],
                "cost_minor": line[2],
                "pack_milli": pack_of(line),
            }
            for line in items
            if line[0] in product_ids
        ]
        if rows:
            self._connection.execute(insert(supplier_products), rows)

    def all_ids(self) -> list[uuid.UUID]:
        """Every supplier, in code order (an export)."""
        return list(
            self._connection.execute(select(suppliers.c.id).order_by(suppliers.c.code)).scalars()
        )

    def master_record(self, supplier_id: uuid.UUID) -> dict[str, Any]:
        values = self.values(supplier_id)
        assert values is not None
        return {"id": str(supplier_id), **values}
