"""What costing's ledger says, read for people: the value of stock as of a day (per product,
and per location by each location's share of the quantity), and the costed lines of a sale."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Engine, text

from posapp.db.types import sqlite_timestamp
from posapp.domain.money import allocate_minor
from posapp.services.costing import ValuedStock

# Everything dated before the end of the day (UTC; the store's time zone is a later step).
_VALUED_SQL = text(
    """
SELECT p.sku, p.name, m.product_id, m.location_id, l.code, sum(m.quantity_milli)
FROM stock_movements m JOIN products p ON p.id = m.product_id
JOIN locations l ON l.id = m.location_id
WHERE m.business_at < :before
GROUP BY m.product_id, m.location_id
"""
)
_VALUE_SQL = text(
    """
SELECT m.product_id, sum(c.value_minor - c.true_up_minor)
FROM movement_costs c JOIN stock_movements m ON m.id = c.movement_id
WHERE m.business_at < :before GROUP BY m.product_id
"""
)


def valuation(engine: Engine, as_of: date) -> list[ValuedStock]:
    """Stock on hand and its value at the end of `as_of`, per product and location. Costs are
    kept per store: a product's value is shared among its locations by quantity (largest
    remainder, so the parts add up to the product's value)."""
    before = sqlite_timestamp(datetime.combine(as_of + timedelta(days=1), time(), tzinfo=UTC))
    with engine.connect() as connection:
        held = connection.execute(_VALUED_SQL, {"before": before}).all()
        values = {p: v for p, v in connection.execute(_VALUE_SQL, {"before": before})}
    places: dict[str, list[tuple[str, str, str, int]]] = defaultdict(list)
    for sku, name, product, _location, code, quantity in held:
        if quantity:
            places[product].append((sku, name, code, int(quantity)))
    valued = []
    for product, rows in places.items():
        value = int(values.get(product) or 0)
        shares = allocate_minor(value, [max(q, 0) for *_, q in rows]) if _any_held(rows) else []
        for position, (sku, name, code, quantity) in enumerate(rows):
            share = shares[position] if shares else 0
            valued.append(ValuedStock(sku, name, code, quantity, share))
    return sorted(valued, key=lambda v: (v.sku, v.location))


def _any_held(rows: list[tuple[str, str, str, int]]) -> bool:
    return any(quantity > 0 for *_, quantity in rows)


@dataclass(frozen=True)
class SaleMovement:
    movement_id: uuid.UUID
    sku: str
    quantity_milli: int
    cost_minor: int | None  # None: not costed yet
    net_minor: int  # what the line sold for, without tax (a return's: negative)


def sale_movements(engine: Engine, number: str) -> list[SaleMovement]:
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT m.id, p.sku, m.quantity_milli, -c.value_minor, l.net_minor FROM sales s "
                "JOIN stock_movements m ON m.sale_id = s.id "
                "JOIN sale_lines l ON l.id = m.sale_line_id "
                "JOIN products p ON p.id = m.product_id "
                "LEFT JOIN movement_costs c ON c.movement_id = m.id "
                "WHERE s.number = :number ORDER BY m.seq"
            ),
            {"number": number},
        ).all()
    return [SaleMovement(uuid.UUID(hex=str(i)), s, q, c, n) for i, s, q, c, n in rows]


def movement_source(engine: Engine, movement_id: uuid.UUID) -> str:
    """The document a movement came with and its date, as a person names it."""
    with engine.connect() as connection:
        row = connection.execute(
            text(
                "SELECT coalesce(d.number, s.number, m.reason), m.business_at "
                "FROM stock_movements m LEFT JOIN stock_documents d ON d.id = m.document_id "
                "LEFT JOIN sales s ON s.id = m.sale_id WHERE m.id = :id"
            ),
            {"id": movement_id.hex},
        ).one_or_none()
    if row is None:
        return "a movement this store does not hold"
    return f"{row[0]} of {str(row[1])[:10]}"
