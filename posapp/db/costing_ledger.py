"""A node's `CostLedger` (services.costing) on its SQLite store, for a shop without head office.

The node's costing order is business time, then its own movement sequence. New movements are
found by a watermark (`counters.costed_movements`), not marked by the sale's commit: costing
runs off the till's critical path and takes in whatever was written since it last looked.
A receipt's goods cost what its supplier billed for them (the latest posted bill of the
line), else the receipt's price, plus their share of the receipt's landed costs."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from posapp.db.engine import write_connection
from posapp.db.types import driver_connection, sqlite_timestamp, sqlite_uuid
from posapp.domain.costing import (
    INTERNAL_REASONS,
    CostFlow,
    CostMethod,
    CostMovement,
    CostState,
    OrderKey,
    UnitCost,
    flow_of,
    half_up,
)
from posapp.services.costing import CostStep, OneByOne, Recost

INTERNAL = INTERNAL_REASONS  # moved inside the store: no value changes

# Where a movement stands in costing order: its business time, unless it was recorded after a
# period closed and is dated before that period's end — then at the end, in the open period.
AT = (
    "max(m.business_at, coalesce((SELECT max(boundary_at) FROM cost_periods "
    "WHERE last_seq < m.seq), m.business_at))"
)

_MARK_NEW_SQL = f"""
INSERT INTO cost_marks (product_id, business_at, seq, version)
SELECT product_id, at, seq, 1 FROM (
    SELECT m.product_id, {AT} AS at, m.seq,
           row_number() OVER (PARTITION BY m.product_id ORDER BY {AT}, m.seq) AS n
    FROM stock_movements m WHERE m.seq > ? AND m.seq <= ?
) WHERE n = 1
ON CONFLICT (product_id) DO UPDATE SET
    business_at = CASE WHEN (excluded.business_at, excluded.seq) < (business_at, seq)
                       THEN excluded.business_at ELSE business_at END,
    seq = CASE WHEN (excluded.business_at, excluded.seq) < (business_at, seq)
               THEN excluded.seq ELSE seq END,
    version = version + 1
"""
_MOVEMENTS = f"""
SELECT m.id, {{at}}, m.seq, m.quantity_milli, m.reason,
       CASE WHEN m.reason = 'RECEIPT' THEN coalesce(
         (SELECT bl.unit_cost_minor FROM stock_document_lines bl
            JOIN stock_documents b ON b.id = bl.document_id
          WHERE bl.receipt_line_id = l.id AND b.doc_type = 'supplier_bill'
            AND b.status = 'posted'
          ORDER BY b.business_at DESC, b.number DESC LIMIT 1),
         l.unit_cost_minor) END,
       (SELECT sum(c.amount_minor) FROM receipt_line_charges c
        WHERE c.document_line_id = m.document_line_id),
       CASE WHEN m.reason = 'RETURN' THEN
         (SELECT s.id FROM sale_lines r JOIN stock_movements s INDEXED BY
                 ix_stock_movements_product_id_business_at_seq
            ON s.product_id = m.product_id AND s.sale_line_id = r.original_line_id
          WHERE r.id = m.sale_line_id) END,
       CASE WHEN m.reason = 'SUPPLIER_RETURN' THEN
         (SELECT r.id FROM stock_document_lines rl JOIN stock_movements r
            ON r.document_id = rl.document_id AND r.document_line_id = rl.id
          WHERE rl.id = l.receipt_line_id) END
FROM stock_movements m LEFT JOIN stock_document_lines l ON l.id = m.document_line_id
WHERE m.product_id = ? AND ({{at}}, m.seq) > (?, ?) {{more}}
  AND m.reason NOT IN {INTERNAL!r} AND m.quantity_milli != 0
ORDER BY 2, m.seq LIMIT ?
"""
# Without a closed period business time is the order, and the index gives it; with one, a late
# movement's place is worked out (and its product's movements sorted).
_MOVEMENTS_SQL = _MOVEMENTS.format(at="m.business_at", more="")
_MOVEMENTS_AFTER_CLOSE_SQL = _MOVEMENTS.format(at=AT, more="")
# A closing period's: only what costing had taken in, placed before the boundary.
MOVEMENTS_BEFORE_SQL = _MOVEMENTS.format(at=AT, more=f"AND m.seq <= ? AND {AT} < ?")
# Before every movement: where a product with no saved state starts.
BEFORE_ALL = ("0000-01-01 00:00:00.000000", -1)


class SqliteCostLedger(OneByOne):
    def __init__(self, engine: Engine, scope: str, *, keeps_product_costs: bool = True) -> None:
        """`keeps_product_costs`: a product's cost becomes what its goods last came in at (a
        shop without head office; an enrolled node's catalogue comes from head office)."""
        self._engine = engine
        self.scope = scope
        self._keeps_product_costs = keeps_product_costs

    def waiting(self, limit: int) -> list[Recost]:
        with write_connection(self._engine) as connection, connection.begin():
            raw = driver_connection(connection)
            (seen,) = raw.execute(
                "SELECT value FROM counters WHERE name = 'costed_movements'"
            ).fetchone()
            (newest,) = raw.execute(
                "SELECT value FROM counters WHERE name = 'stock_movements'"
            ).fetchone()
            if newest > seen:
                raw.execute(_MARK_NEW_SQL, (seen, newest))
                raw.execute(
                    "UPDATE counters SET value = ? WHERE name = 'costed_movements'", (newest,)
                )
            rows = raw.execute(
                "SELECT product_id, business_at, seq, version FROM cost_marks "
                "ORDER BY business_at, seq LIMIT ?",
                (limit,),
            ).fetchall()
        return [
            Recost(self.scope, uuid.UUID(hex=p), _key(at, seq), version)
            for p, at, seq, version in rows
        ]

    def state_before(
        self, scope: str, product_id: uuid.UUID, key: OrderKey
    ) -> tuple[OrderKey | None, CostState]:
        with self._engine.connect() as connection:
            raw = driver_connection(connection)
            row = raw.execute(
                "SELECT business_at, seq, state FROM cost_states WHERE product_id = ? "
                "AND (business_at, seq) < (?, ?) ORDER BY business_at DESC, seq DESC LIMIT 1",
                (sqlite_uuid(product_id), *_stored(key)),
            ).fetchone()
            if row is not None:
                return _key(row[0], row[1]), CostState.from_record(json.loads(row[2]))
            method, cost = raw.execute(
                "SELECT coalesce(p.cost_method, (SELECT json_extract(value, '$') FROM settings "
                "WHERE key = 'costing.method'), 'average'), p.cost_minor "
                "FROM products p WHERE p.id = ?",
                (sqlite_uuid(product_id),),
            ).fetchone()
        last = None if cost is None else UnitCost(cost, 1000)
        return None, CostState(CostMethod(method), last=last)

    def movements_after(
        self, scope: str, product_id: uuid.UUID, after: OrderKey | None, limit: int
    ) -> list[CostMovement]:
        at, seq = BEFORE_ALL if after is None else _stored(after)
        with self._engine.connect() as connection:
            raw = driver_connection(connection)
            closed = raw.execute("SELECT 1 FROM cost_periods LIMIT 1").fetchone() is not None
            query = _MOVEMENTS_AFTER_CLOSE_SQL if closed else _MOVEMENTS_SQL
            rows = raw.execute(query, (sqlite_uuid(product_id), at, seq, limit)).fetchall()
        return [movement_of(row) for row in rows]

    def placed(self, movement_id: uuid.UUID) -> tuple[str, uuid.UUID, OrderKey] | None:
        with self._engine.connect() as connection:
            row = (
                driver_connection(connection)
                .execute(
                    f"SELECT m.product_id, {AT}, m.seq FROM stock_movements m WHERE m.id = ?",
                    (sqlite_uuid(movement_id),),
                )
                .fetchone()
            )
        return None if row is None else (self.scope, uuid.UUID(hex=row[0]), _key(row[1], row[2]))

    def known(self, movement_id: uuid.UUID) -> tuple[int, int] | None:
        with self._engine.connect() as connection:
            row = (
                driver_connection(connection)
                .execute(
                    "SELECT abs(m.quantity_milli), abs(c.value_minor) FROM movement_costs c "
                    "JOIN stock_movements m ON m.id = c.movement_id WHERE c.movement_id = ?",
                    (sqlite_uuid(movement_id),),
                )
                .fetchone()
            )
        return None if row is None else (row[0], row[1])

    def save(self, step: CostStep) -> None:
        product = sqlite_uuid(step.recost.product_id)
        with write_connection(self._engine) as connection, connection.begin():
            raw = driver_connection(connection)
            if step.first:
                at, seq = BEFORE_ALL if step.kept_through is None else _stored(step.kept_through)
                raw.execute(
                    "DELETE FROM cost_states WHERE product_id = ? AND (business_at, seq) > (?, ?)",
                    (product, at, seq),
                )
            raw.executemany(
                # An upsert, not a REPLACE: product_values' triggers see the old cost go.
                "INSERT INTO movement_costs VALUES (?, ?, ?, ?) ON CONFLICT (movement_id) DO "
                "UPDATE SET value_minor = excluded.value_minor, "
                "true_up_minor = excluded.true_up_minor",
                [
                    (sqlite_uuid(o.movement_id), product, o.value_minor, o.true_up_minor)
                    for o in step.outcomes
                ],
            )
            raw.executemany(
                "INSERT OR REPLACE INTO cost_states VALUES (?, ?, ?, ?)",
                [(product, *_stored(at), json.dumps(state)) for at, state in step.states],
            )
            _move_mark(raw, product, step)
            last = step.last_cost
            if self._keeps_product_costs and last is not None and last.per_unit_minor >= 0:
                raw.execute(
                    "UPDATE products SET cost_minor = ? WHERE id = ? AND cost_minor IS NOT ?",
                    (last.per_unit_minor, product, last.per_unit_minor),
                )


def _move_mark(raw: Any, product: str | None, step: CostStep) -> None:
    """Clear the mark, or move it to where the next step starts — unless more was marked
    while this ran (its version rose): then it stays, for the next run."""
    if step.resume_after is None:
        raw.execute(
            "DELETE FROM cost_marks WHERE product_id = ? AND version = ?",
            (product, step.recost.version),
        )
    else:
        raw.execute(
            "UPDATE cost_marks SET business_at = ?, seq = ? WHERE product_id = ? AND version = ?",
            (*_stored(step.resume_after), product, step.recost.version),
        )


def movement_of(row: tuple[Any, ...]) -> CostMovement:
    ident, at, seq, quantity, reason, unit_cost, charges, sale, receipt = row
    flow = flow_of(reason, quantity)
    value = None
    if flow is CostFlow.RECEIPT:
        value = half_up((unit_cost or 0) * abs(quantity), 1000) + (charges or 0)
    source = sale if flow is CostFlow.RETURN else receipt
    return CostMovement(
        uuid.UUID(hex=ident),
        _key(at, seq),
        flow,
        abs(quantity),
        value,
        None if source is None else uuid.UUID(hex=source),
    )


def _key(at: str, seq: int) -> OrderKey:
    return OrderKey(datetime.fromisoformat(at + "+00:00"), "", seq)


def _stored(key: OrderKey) -> tuple[str, int]:
    return sqlite_timestamp(key.business_at), key.seq
