"""Parked baskets: a working state, not a document, so recalling one removes it."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Connection, delete, insert, select

from posapp.db.documents_json import basket_from_json, basket_json
from posapp.db.tables import parked_sales
from posapp.domain.basket import Basket
from posapp.services.shared import ParkedSale


class SqlAlchemyParkedSales:
    def __init__(self, connection: Connection, terminal_code: str) -> None:
        self._connection = connection
        self._terminal_code = terminal_code

    def park(self, parked_id: uuid.UUID, label: str, basket: Basket, at: datetime) -> None:
        self._connection.execute(
            insert(parked_sales).values(
                id=parked_id,
                terminal_code=self._terminal_code,
                label=label,
                basket=basket_json(basket),
                parked_at=at,
            )
        )

    def list(self) -> list[ParkedSale]:
        rows = self._connection.execute(
            select(parked_sales)
            .where(parked_sales.c.terminal_code == self._terminal_code)
            .order_by(parked_sales.c.parked_at)
        )
        return [ParkedSale(r.id, r.label, r.parked_at, basket_from_json(r.basket)) for r in rows]

    def take(self, parked_id: uuid.UUID) -> Basket | None:
        row = self._connection.execute(
            select(parked_sales.c.basket).where(parked_sales.c.id == parked_id)
        ).first()
        if row is None:
            return None
        self._connection.execute(delete(parked_sales).where(parked_sales.c.id == parked_id))
        return basket_from_json(row.basket)
