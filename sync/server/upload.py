"""Applying a node's batch: exactly once, in one PostgreSQL transaction.

Lock the node's row (one batch per node at a time), answer a repeated batch id with the answer
it got the first time, refuse a gap with the sequence expected, insert the events with
ON CONFLICT DO NOTHING, build rows from the new ones only, commit, then answer. The transport is
at least once; this makes the effect exactly once. Business-rule problems are flagged, never
refused: a till's sales are facts.

Rows go in with one `INSERT … SELECT FROM unnest(arrays)` per table: a 1,000-event batch is a
handful of statements, not thousands. The arrays travel in PostgreSQL's binary format (`%b`):
psycopg's text format escapes every string through a regex, which cost most of the server's
time on a long backlog.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from sqlalchemy import Connection, Engine, text

from sync.protocol import DOCUMENT_EVENTS
from sync.server.changes import record_changes
from sync.server.documents import IncomingEvent, Rows, collect
from sync.server.documents_sql import document_flags, write_documents
from sync.server.nodes import Node

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BatchAnswer:
    status: int
    body: dict[str, Any]


def _driver(connection: Connection) -> psycopg.Connection[Any]:
    raw = connection.connection.driver_connection
    assert isinstance(raw, psycopg.Connection)
    return raw


_INSERTS = {
    "sales": (
        "INSERT INTO sales (id, node_id, store_code, terminal_code, number, kind, location_id, "
        "cashier_id, currency, subtotal_minor, discount_minor, tax_minor, total_minor, "
        "rounding_minor, original_id, flags, created_at) "
        "SELECT u.id, %(node)s, u.store, u.terminal, u.number, u.kind, u.location, u.cashier, "
        "u.currency, u.subtotal, u.discount, u.tax, u.total, u.rounding, u.original, u.flags, u.at "
        "FROM unnest(%(c0)b::uuid[], %(c1)b::text[], %(c2)b::text[], %(c3)b::text[], "
        "%(c4)b::text[], %(c5)b::uuid[], %(c6)b::uuid[], %(c7)b::text[], %(c8)b::bigint[], "
        "%(c9)b::bigint[], %(c10)b::bigint[], %(c11)b::bigint[], %(c12)b::bigint[], "
        "%(c13)b::uuid[], %(c14)b::text[], %(c15)b::timestamptz[]) AS u(id, store, terminal, "
        "number, kind, location, cashier, currency, subtotal, discount, tax, total, rounding, "
        "original, flags, at) ON CONFLICT DO NOTHING"
    ),
    "lines": (
        "INSERT INTO sale_lines (id, sale_id, line_no, product_id, sku, name, quantity_milli, "
        "unit_price_minor, discount_minor, amount_minor, tax_minor, original_line_id) "
        "SELECT * FROM unnest(%(c0)b::uuid[], %(c1)b::uuid[], %(c2)b::int[], %(c3)b::uuid[], "
        "%(c4)b::text[], %(c5)b::text[], %(c6)b::bigint[], %(c7)b::bigint[], %(c8)b::bigint[], "
        "%(c9)b::bigint[], %(c10)b::bigint[], %(c11)b::uuid[]) ON CONFLICT DO NOTHING"
    ),
    "tenders": (
        "INSERT INTO sale_tenders (sale_id, position, kind, amount_minor, reference) "
        "SELECT * FROM unnest(%(c0)b::uuid[], %(c1)b::int[], %(c2)b::text[], %(c3)b::bigint[], "
        "%(c4)b::text[]) ON CONFLICT DO NOTHING"
    ),
    # The movements that went in are folded into stock_levels by the same statement, in the
    # batch's transaction: stock = Σ movements, exactly once. Levels are locked in (product,
    # location) order, so two tills' batches touching the same products cannot deadlock.
    "movements": (
        "WITH moved AS (INSERT INTO stock_movements (id, node_id, store_code, product_id, "
        "location_id, quantity_milli, reason, document_id, created_at) "
        "SELECT u.id, %(node)s, u.store, u.product, u.location, u.quantity, u.reason, u.doc, u.at "
        "FROM unnest(%(c0)b::uuid[], %(c1)b::text[], %(c2)b::uuid[], %(c3)b::uuid[], "
        "%(c4)b::bigint[], %(c5)b::text[], %(c6)b::uuid[], %(c7)b::timestamptz[]) "
        "AS u(id, store, product, location, quantity, reason, doc, at) ON CONFLICT DO NOTHING "
        "RETURNING product_id, location_id, quantity_milli) "
        "INSERT INTO stock_levels (product_id, location_id, on_hand_milli) "
        "SELECT product_id, location_id, sum(quantity_milli) FROM moved "
        "GROUP BY product_id, location_id ORDER BY product_id, location_id "
        "ON CONFLICT (product_id, location_id) DO UPDATE "
        "SET on_hand_milli = stock_levels.on_hand_milli + excluded.on_hand_milli"
    ),
    "journal": (
        "INSERT INTO journal (id, node_id, store_code, terminal_code, kind, payload, created_at) "
        "SELECT u.id, %(node)s, u.store, u.terminal, u.kind, u.payload::jsonb, u.at "
        "FROM unnest(%(c0)b::uuid[], %(c1)b::text[], %(c2)b::text[], %(c3)b::text[], "
        "%(c4)b::text[], %(c5)b::timestamptz[]) AS u(id, store, terminal, kind, payload, at) "
        "ON CONFLICT DO NOTHING"
    ),
    "shifts_opened": (
        "INSERT INTO shifts (id, node_id, store_code, terminal_code, number, cashier, "
        "opening_float_minor, opened_at) "
        "SELECT u.id, %(node)s, u.store, u.terminal, u.number, u.cashier, u.float, u.at "
        "FROM unnest(%(c0)b::uuid[], %(c1)b::text[], %(c2)b::text[], %(c3)b::int[], "
        "%(c4)b::text[], %(c5)b::bigint[], %(c6)b::timestamptz[]) "
        "AS u(id, store, terminal, number, cashier, float, at) ON CONFLICT DO NOTHING"
    ),
    "cash": (
        "INSERT INTO cash_movements (id, node_id, store_code, terminal_code, shift_number, kind, "
        "amount_minor, reason, created_at) "
        "SELECT u.id, %(node)s, u.store, u.terminal, u.shift, u.kind, u.amount, u.reason, u.at "
        "FROM unnest(%(c0)b::uuid[], %(c1)b::text[], %(c2)b::text[], %(c3)b::int[], "
        "%(c4)b::text[], %(c5)b::bigint[], %(c6)b::text[], %(c7)b::timestamptz[]) "
        "AS u(id, store, terminal, shift, kind, amount, reason, at) ON CONFLICT DO NOTHING"
    ),
}
_CLOSE_SHIFT = (
    "UPDATE shifts SET closed_at = %s, z_number = %s, expected_minor = %s, counted_minor = %s "
    "WHERE store_code = %s AND terminal_code = %s AND number = %s"
)


def _insert(
    cursor: psycopg.Cursor[Any], table: str, rows: list[tuple[Any, ...]], node: Node
) -> None:
    if not rows:
        return
    columns = {f"c{i}": list(column) for i, column in enumerate(zip(*rows, strict=True))}
    cursor.execute(_INSERTS[table], {"node": node.id, **columns})


def _new_event_ids(
    cursor: psycopg.Cursor[Any], node: Node, events: list[IncomingEvent], now: datetime
) -> set[uuid.UUID]:
    cursor.execute(
        "INSERT INTO events (id, node_id, seq, kind, aggregate_id, payload, created_at, "
        "received_at) SELECT u.id, %s, u.seq, u.kind, u.aggregate, u.payload, u.at, %s "
        "FROM unnest(%b::uuid[], %b::bigint[], %b::text[], %b::uuid[], %b::text[], "
        "%b::timestamptz[]) AS u(id, seq, kind, aggregate, payload, at) "
        "ON CONFLICT DO NOTHING RETURNING id",
        (
            node.id,
            now,
            [e.id for e in events],
            [e.seq for e in events],
            [e.kind for e in events],
            [e.aggregate_id for e in events],
            [e.payload for e in events],
            [e.created_at for e in events],
        ),
    )
    return {row[0] for row in cursor.fetchall()}


def _write(
    connection: Connection,
    node: Node,
    rows: Rows,
    now: datetime,
    documents: list[uuid.UUID],
) -> int:
    raw = _driver(connection)
    cursor = raw.cursor()
    # Pipelined: while PostgreSQL inserts one table's rows, Python prepares the next table's.
    with raw.pipeline():
        for table in ("sales", "lines", "tenders", "movements", "journal", "shifts_opened", "cash"):
            _insert(cursor, table, getattr(rows, table), node)
    for store, terminal, number, at, z_number, expected, counted in rows.shifts_closed:
        cursor.execute(_CLOSE_SHIFT, (at, z_number, expected, counted, store, terminal, number))
    record_changes(
        connection,
        [(entity, key, record) for _, entity, key, record in rows.master],
        origin=node.id,
        at=now,
    )
    flags = [(event_id, f"unknown event kind {kind!r}") for event_id, kind in rows.unknown_kinds]
    if documents:
        flags += document_flags(cursor, documents)
    if flags:
        cursor.executemany(
            "INSERT INTO review_flags (event_id, node_id, problem, flagged_at) "
            "VALUES (%s, %s, %s, %s)",
            [(event_id, node.id, problem, now) for event_id, problem in flags],
        )
    return len(flags)


_ATTEMPTS = 3


def apply_batch(
    engine: Engine, node: Node, batch_id: uuid.UUID, events: list[IncomingEvent], now: datetime
) -> BatchAnswer:
    """The answer to one batch (events in ascending, gap-free sequence order). A deadlock
    (PostgreSQL picks a victim when lock orders cross) rolls the batch back whole; it is simply
    applied again."""
    for _ in range(_ATTEMPTS - 1):
        try:
            return _apply_once(engine, node, batch_id, events, now)
        except psycopg.errors.DeadlockDetected:
            log.info("batch %s of node %s retried after a deadlock", batch_id, node.id)
    return _apply_once(engine, node, batch_id, events, now)  # a third deadlock reaches the client


def _apply_once(
    engine: Engine, node: Node, batch_id: uuid.UUID, events: list[IncomingEvent], now: datetime
) -> BatchAnswer:
    first, last = events[0].seq, events[-1].seq
    with engine.begin() as connection:
        last_seq = connection.execute(
            text("SELECT last_seq FROM nodes WHERE id = :id FOR UPDATE"), {"id": node.id}
        ).scalar_one()
        stored = connection.execute(
            text("SELECT node_id, answer FROM batches WHERE id = :id"), {"id": batch_id}
        ).first()
        if stored is not None:
            if stored.node_id != node.id:
                return BatchAnswer(409, {"detail": "this batch id belongs to another node"})
            return BatchAnswer(200, dict(stored.answer) | {"repeated": True})
        if first > last_seq + 1:
            return BatchAnswer(
                409,
                {
                    "detail": f"gap: this batch starts at {first}, expected {last_seq + 1}",
                    "expected_seq": last_seq + 1,
                },
            )
        cursor = _driver(connection).cursor()
        new_ids = _new_event_ids(cursor, node, events, now)
        new = [e for e in events if e.id in new_ids]
        # Sales and returns go in through PostgreSQL (documents_sql); the rest, and any
        # document it could not take, through Python. A malformed or foreign event raises in
        # collect() and the whole transaction, events included, rolls back: the batch is
        # refused with nothing applied.
        documents = [e.id for e in new if e.kind in DOCUMENT_EVENTS]
        in_sql = bool(documents) and write_documents(connection, node, documents)
        rest = [e for e in new if not (in_sql and e.kind in DOCUMENT_EVENTS)]
        rows = collect(rest, store_code=node.store_code, terminal_code=node.terminal_code)
        flagged = _write(connection, node, rows, now, documents)
        next_seq = max(last_seq, last) + 1
        answer = {
            "batch_id": str(batch_id),
            "first_seq": first,
            "last_seq": last,
            "applied": len(new_ids),
            "duplicates": len(events) - len(new_ids),
            "flagged": flagged,
            "next_seq": next_seq,
            "repeated": False,
        }
        connection.execute(
            text("UPDATE nodes SET last_seq = :seq, last_seen_at = :now WHERE id = :id"),
            {"seq": next_seq - 1, "now": now, "id": node.id},
        )
        connection.execute(
            text(
                "INSERT INTO batches (id, node_id, first_seq, last_seq, answer, received_at) "
                "VALUES (:id, :node, :first, :last, CAST(:answer AS jsonb), :now)"
            ),
            {"id": batch_id, "node": node.id, "first": first, "last": last,
             "answer": json.dumps(answer), "now": now},
        )  # fmt: skip
    return BatchAnswer(200, answer)
