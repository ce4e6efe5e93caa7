"""Closed costing periods on a node's SQLite (services.costing.periods): the states at each
boundary, the stock and value each period ended with, and the movements that made them."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine

from posapp.db.costing_ledger import AT, BEFORE_ALL, MOVEMENTS_BEFORE_SQL, movement_of
from posapp.db.engine import write_connection
from posapp.db.types import driver_connection, sqlite_timestamp, sqlite_uuid
from posapp.domain.costing import CostMovement, OrderKey
from posapp.services.costing import ClosedPeriod


class SqlitePeriodBook:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def last_closed(self) -> date | None:
        with self._engine.connect() as connection:
            (found,) = (
                driver_connection(connection)
                .execute("SELECT max(closed_through) FROM cost_periods")
                .fetchone()
            )
        return None if found is None else date.fromisoformat(found)

    def taken_in_through(self) -> int:
        with self._engine.connect() as connection:
            (seen,) = (
                driver_connection(connection)
                .execute("SELECT value FROM counters WHERE name = 'costed_movements'")
                .fetchone()
            )
        return int(seen)

    def products_before(self, boundary: datetime, last_seq: int) -> list[uuid.UUID]:
        with self._engine.connect() as connection:
            rows = (
                driver_connection(connection)
                .execute(
                    f"SELECT DISTINCT m.product_id FROM stock_movements m "
                    f"WHERE m.seq <= ? AND {AT} < ?",
                    (last_seq, sqlite_timestamp(boundary)),
                )
                .fetchall()
            )
        return [uuid.UUID(hex=product) for (product,) in rows]

    def movements_before(
        self,
        product_id: uuid.UUID,
        after: OrderKey | None,
        boundary: datetime,
        last_seq: int,
        limit: int,
    ) -> list[CostMovement]:
        at, seq = BEFORE_ALL if after is None else (sqlite_timestamp(after.business_at), after.seq)
        with self._engine.connect() as connection:
            rows = (
                driver_connection(connection)
                .execute(
                    MOVEMENTS_BEFORE_SQL,
                    (
                        sqlite_uuid(product_id),
                        at,
                        seq,
                        last_seq,
                        sqlite_timestamp(boundary),
                        limit,
                    ),
                )
                .fetchall()
            )
        return [movement_of(row) for row in rows]

    def close(
        self,
        *,
        through: date,
        boundary: datetime,
        last_seq: int,
        states: list[tuple[uuid.UUID, dict[str, Any]]],
        by: str,
        at: datetime,
    ) -> ClosedPeriod | None:
        edge = sqlite_timestamp(boundary)
        day = through.isoformat()
        with write_connection(self._engine) as connection, connection.begin():
            raw = driver_connection(connection)
            (seen,) = raw.execute(
                "SELECT value FROM counters WHERE name = 'costed_movements'"
            ).fetchone()
            if seen != last_seq:
                return None  # more was taken in while the states were worked out
            raw.executemany(
                "INSERT OR REPLACE INTO cost_states VALUES (?, ?, 0, ?)",
                [(sqlite_uuid(p), edge, json.dumps(state)) for p, state in states],
            )
            placed = {"last": last_seq, "boundary": edge, "day": day}
            raw.execute(
                f"INSERT INTO period_stock SELECT :day, m.product_id, m.location_id, "
                f"sum(m.quantity_milli) FROM stock_movements m "
                f"WHERE m.seq <= :last AND {AT} < :boundary "
                f"GROUP BY m.product_id, m.location_id HAVING sum(m.quantity_milli) != 0",
                placed,
            )
            raw.execute(
                f"INSERT INTO period_values SELECT :day, m.product_id, "
                f"sum(c.value_minor - c.true_up_minor) FROM movement_costs c "
                f"JOIN stock_movements m ON m.id = c.movement_id "
                f"WHERE m.seq <= :last AND {AT} < :boundary GROUP BY m.product_id",
                placed,
            )
            # A bill or landed cost marked meanwhile for goods in the closed period is costed
            # from the boundary on (the state saved there), never inside the closed period.
            raw.execute(
                "UPDATE cost_marks SET business_at = ?, seq = 1 WHERE (business_at, seq) < (?, 1)",
                (edge, edge),
            )
            raw.execute(
                "INSERT INTO cost_periods VALUES (?, ?, ?, ?, ?)",
                (day, edge, last_seq, by[:200], sqlite_timestamp(at)),
            )
            (value,) = raw.execute(
                "SELECT coalesce(sum(value_minor), 0) FROM period_values WHERE closed_through = ?",
                (day,),
            ).fetchone()
        return ClosedPeriod(through, len(states), int(value))
