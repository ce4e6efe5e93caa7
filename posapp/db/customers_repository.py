"""Customers and their receivable ledger on SQLite (SQLAlchemy Core)."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, or_, select, update

from posapp.db.tables import customers, receivable_entries
from posapp.domain.customers import CustomerAccount, CustomerRef
from posapp.domain.money import Money
from posapp.domain.partner_records import Customer

CUSTOMER_COLUMNS = (
    "code",
    "name",
    "tax_id",
    "price_group",
    "credit_limit_minor",
    "payment_terms_days",
    "phone",
    "email",
    "addresses",
    "note",
)


class SqlAlchemyCustomers:
    def __init__(self, connection: Connection, currency: str = "EUR") -> None:
        self._connection = connection
        self._currency = currency

    def id_of_code(self, code: str) -> uuid.UUID | None:
        found = self._connection.execute(select(customers.c.id).where(customers.c.code == code))
        return found.scalar_one_or_none()

    def values(self, customer_id: uuid.UUID) -> Customer | None:
        row = self._connection.execute(
            select(customers).where(customers.c.id == customer_id)
        ).first()
        if row is None:
            return None
        return Customer(
            code=row.code,
            name=row.name,
            tax_id=row.tax_id,
            price_group=row.price_group,
            credit_limit_minor=row.credit_limit_minor,
            payment_terms_days=row.payment_terms_days,
            phone=row.phone,
            email=row.email,
            addresses=json.loads(row.addresses),
            note=row.note,
            archived=row.archived_at is not None,
        )

    def save(self, customer_id: uuid.UUID, values: Customer, at: datetime) -> None:
        stored = {key: value for key, value in values.items() if key != "archived"}
        stored["addresses"] = json.dumps(values["addresses"], ensure_ascii=False, sort_keys=True)
        changed = self._connection.execute(
            update(customers).where(customers.c.id == customer_id).values(**stored, updated_at=at)
        ).rowcount
        if not changed:
            self._connection.execute(
                insert(customers).values(id=customer_id, created_at=at, updated_at=at, **stored)
            )

    def account(self, customer_id: uuid.UUID) -> CustomerAccount | None:
        row = self._connection.execute(
            select(customers).where(customers.c.id == customer_id)
        ).first()
        if row is None:
            return None
        balance = self._connection.execute(
            select(func.coalesce(func.sum(receivable_entries.c.amount_minor), 0)).where(
                receivable_entries.c.customer_id == customer_id
            )
        ).scalar_one()
        limit = row.credit_limit_minor
        return CustomerAccount(
            CustomerRef(row.id, row.code, row.name, row.price_group),
            None if limit is None else Money(limit, self._currency),
            Money(int(balance), self._currency),
        )

    def search(self, typed: str, limit: int = 50) -> list[CustomerRef]:
        like = f"%{typed.strip()}%"
        rows = self._connection.execute(
            select(customers.c.id, customers.c.code, customers.c.name, customers.c.price_group)
            .where(
                customers.c.archived_at.is_(None),
                or_(customers.c.name.like(like), customers.c.code.like(like)),
            )
            .order_by(customers.c.name)
            .limit(limit)
        )
        return [CustomerRef(r.id, r.code, r.name, r.price_group) for r in rows]

    def add_entry(
        self,
        *,
        entry_id: uuid.UUID,
        customer_id: uuid.UUID,
        kind: str,
        amount: Money,
        document_id: uuid.UUID | None,
        reference: str | None,
        terminal_code: str,
        at: datetime,
        shift_id: uuid.UUID | None = None,
        tender: str | None = None,
    ) -> None:
        self._connection.execute(
            insert(receivable_entries).values(
                id=entry_id,
                customer_id=customer_id,
                kind=kind,
                amount_minor=amount.minor,
                currency=amount.currency,
                document_id=document_id,
                reference=reference,
                terminal_code=terminal_code,
                created_at=at,
                shift_id=shift_id,
                tender=tender,
            )
        )

    def all_ids(self) -> list[uuid.UUID]:
        """Every customer, in code order (an export)."""
        return list(
            self._connection.execute(select(customers.c.id).order_by(customers.c.code)).scalars()
        )

    def master_record(self, customer_id: uuid.UUID) -> dict[str, Any]:
        values = self.values(customer_id)
        assert values is not None
        return {"id": str(customer_id), **values}
