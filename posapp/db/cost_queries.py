"""What costing's ledger says, read for people: the value of stock as of a day (per product,
and per location by each location's share of the quantity), and the costed lines of a sale."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Engine, text

from posapp.db.costing_ledger import AT, BEFORE_ALL
from posapp.db.types import sqlite_timestamp
from posapp.services.costing import ValuedStock, shares_of

# What is not in the snapshot of the last period closed before the day's end: movements dated
# after its boundary, and movements recorded after it closed (dated inside it, costed at its end)
# — each counted where costing placed it (`AT`), before the end of the day (UTC; the store's
# time zone is a later step). Without a closed period: every movement.
_SINCE = f"""
SELECT m.id, m.product_id, m.location_id, m.quantity_milli FROM stock_movements m
WHERE m.business_at >= :edge AND m.business_at < :before AND {AT} < :before
UNION ALL
SELECT m.id, m.product_id, m.location_id, m.quantity_milli FROM stock_movements m
WHERE m.seq > :last AND m.business_at < :edge AND {AT} < :before
"""
_VALUED_SQL = text(
    f"""
WITH moved(product_id, location_id, quantity) AS (
    SELECT product_id, location_id, quantity_milli FROM period_stock WHERE closed_through = :day
    UNION ALL SELECT product_id, location_id, quantity_milli FROM ({_SINCE})
), held AS (
    SELECT product_id, location_id, sum(quantity) AS quantity FROM moved
    GROUP BY product_id, location_id
)
SELECT p.sku, p.name, h.product_id, h.location_id, l.code, h.quantity
FROM held h JOIN products p ON p.id = h.product_id JOIN locations l ON l.id = h.location_id
"""
)
_VALUE_SQL = text(
    f"""
WITH valued(product_id, value) AS (
    SELECT product_id, value_minor FROM period_values WHERE closed_through = :day
    UNION ALL
    SELECT s.product_id, c.value_minor - c.true_up_minor
    FROM ({_SINCE}) s JOIN movement_costs c ON c.movement_id = s.id
)
SELECT product_id, sum(value) FROM valued GROUP BY product_id
"""
)
_PERIOD_SQL = text(
    "SELECT closed_through, boundary_at, last_seq FROM cost_periods WHERE boundary_at <= :before "
    "ORDER BY boundary_at DESC LIMIT 1"
)
_NO_PERIOD = (None, *BEFORE_ALL)


def valuation(engine: Engine, as_of: date) -> list[ValuedStock]:
    """Stock on hand and its value at the end of `as_of`, per product and location, each
    product's value shared among its locations (`services.costing.shares_of`)."""
    before = sqlite_timestamp(datetime.combine(as_of + timedelta(days=1), time(), tzinfo=UTC))
    with engine.connect() as connection:
        day, edge, last = connection.execute(_PERIOD_SQL, {"before": before}).first() or _NO_PERIOD
        asked = {"before": before, "day": day, "edge": edge, "last": last}
        held = connection.execute(_VALUED_SQL, asked).all()
        values = {p: v for p, v in connection.execute(_VALUE_SQL, asked)}
    places: dict[str, list[tuple[str, str, str, int]]] = defaultdict(list)
    for sku, name, product, _location, code, quantity in held:
        if quantity:
            places[product].append((sku, name, code, int(quantity)))
    valued = []
    for product, rows in places.items():
        shares = shares_of(int(values.get(product) or 0), [q for *_, q in rows])
        for (sku, name, code, quantity), share in zip(rows, shares, strict=True):
            valued.append(ValuedStock(sku, name, code, quantity, share))
    return sorted(valued, key=lambda v: (v.sku, v.location))


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
