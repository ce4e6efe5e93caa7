"""Applying a node's batch: exactly once, in one PostgreSQL transaction.

Lock the node's row (one batch per node at a time), answer a repeated batch id with the answer
it got the first time, refuse a gap with the sequence expected, insert the events with
ON CONFLICT DO NOTHING, build rows from the new ones only, commit, then answer. The transport is
at least once; this makes the effect exactly once. Business-rule problems are flagged, never
refused: a till's sales are facts.

What the contract or ownership refuses (documents.Refused) is not applied at all: the batch's
sequence range is recorded as refused and the node's sequence moves past it, so the node sets
that batch aside and its later batches keep flowing. A retry of the refused batch that passes is
applied like any other.

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

from sync.server.documents import CheckedBatch, IncomingEvent, Refused, check_batch
from sync.server.documents_sql import document_flags, write_documents
from sync.server.master_authors import apply_master_changes
from sync.server.nodes import Node
from sync.server.purchasing import write_purchasing
from sync.server.receipt_numbers import reused_shift_numbers, take_receipt_numbers
from sync.server.stock_documents import write_stock_documents

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
# The till's open shift of that number, the newest: a till restored from a backup numbers its
# shifts again from where the backup stopped, and must not close the shift it had before.
_CLOSE_SHIFT = (
    "UPDATE shifts SET closed_at = %s, z_number = %s, expected_minor = %s, counted_minor = %s "
    "WHERE id = (SELECT id FROM shifts WHERE store_code = %s AND terminal_code = %s "
    "AND number = %s AND closed_at IS NULL ORDER BY opened_at DESC LIMIT 1)"
)


_TAKEN = {"journal": "journal entry", "shifts_opened": "shift", "cash": "cash movement"}


def _insert(
    cursor: psycopg.Cursor[Any], table: str, rows: list[tuple[Any, ...]], node: Node
) -> None:
    """Insert `rows`; Refused when one of them was already there (its id, or its shift number,
    is another row's): a till never sends the same entry twice under new event ids."""
    if not rows:
        return
    columns = {f"c{i}": list(column) for i, column in enumerate(zip(*rows, strict=True))}
    cursor.execute(_INSERTS[table], {"node": node.id, **columns})
    if cursor.rowcount != len(rows):
        raise Refused(
            f"a {_TAKEN[table]} of this batch is already at head office: its id or "
            "number is another entry's, and ids are never reused"
        )


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
    checked: CheckedBatch,
    new_ids: set[uuid.UUID],
    now: datetime,
) -> int:
    """The rows of the batch's new events; how many review flags they raised."""
    cursor = _driver(connection).cursor()
    documents = {
        event_id: doc for event_id, doc in checked.documents.items() if event_id in new_ids
    }
    reused: list[tuple[uuid.UUID, str]] = []
    if documents:
        reused = take_receipt_numbers(cursor, node, documents)
        write_documents(connection, node, documents, now)
    stock = {event_id: doc for event_id, doc in checked.stock.items() if event_id in new_ids}
    if stock:
        write_stock_documents(connection, node, stock, now)
    purchase = {event_id: p for event_id, p in checked.purchase.items() if event_id in new_ids}
    flags = write_purchasing(connection, node, purchase, now) if purchase else []
    rows = checked.rows(new_ids, store_code=node.store_code, terminal_code=node.terminal_code)
    for table in ("journal", "shifts_opened", "cash"):
        _insert(cursor, table, getattr(rows, table), node)
    for store, terminal, number, at, z_number, expected, counted in rows.shifts_closed:
        cursor.execute(_CLOSE_SHIFT, (at, z_number, expected, counted, store, terminal, number))
    flags += apply_master_changes(connection, node, rows.master, now)
    flags += reused_shift_numbers(cursor, rows.shift_events)
    flags += [(event_id, f"unknown event kind {kind!r}") for event_id, kind in rows.unknown_kinds]
    if documents:
        flags += document_flags(cursor, list(documents), node)
        flags += [
            (
                event_id,
                f"receipt number {number} was already used by another document "
                "(a till restored from a backup)",
            )
            for event_id, number in reused
        ]
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
    applied again. A refused batch gets 422 and its range is recorded as refused."""
    try:
        checked = check_batch(events, store_code=node.store_code, terminal_code=node.terminal_code)
        for _ in range(_ATTEMPTS - 1):
            try:
                return _apply_once(engine, node, batch_id, checked, now)
            except psycopg.errors.DeadlockDetected:
                log.info("batch %s of node %s retried after a deadlock", batch_id, node.id)
        return _apply_once(engine, node, batch_id, checked, now)  # a third reaches the client
    except Refused as refused:
        return _refuse(engine, node, batch_id, events, str(refused), now)


def _position(
    connection: Connection, node: Node, batch_id: uuid.UUID, first: int
) -> BatchAnswer | int:
    """Lock the node's row; the answer already due to this batch (a repeat, a gap), or the
    node's last sequence head office has."""
    last_seq = int(
        connection.execute(
            text("SELECT last_seq FROM nodes WHERE id = :id FOR UPDATE"), {"id": node.id}
        ).scalar_one()
    )
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
    return last_seq


def _restored(
    connection: Connection, node: Node, events: list[IncomingEvent], last_seq: int, now: datetime
) -> BatchAnswer | None:
    """A batch reaching back into sequences head office already has, with other events at
    them: the till was restored from a backup and numbers anew. Flagged, and answered with 409
    `restored` so that it goes on as a new incarnation; nothing of the batch is applied."""
    if events[0].seq > last_seq:
        return None
    sent = {event.seq: event.id for event in events if event.seq <= last_seq}
    stored = connection.execute(
        text("SELECT seq, id FROM events WHERE node_id = :node AND seq BETWEEN :low AND :high"),
        {"node": node.id, "low": min(sent), "high": max(sent)},
    ).all()
    other = next((seq for seq, event_id in stored if sent.get(seq) not in (None, event_id)), None)
    if other is None:
        return None
    connection.execute(
        text(
            "INSERT INTO review_flags (event_id, node_id, problem, flagged_at) "
            "VALUES (:event, :node, :problem, :now)"
        ),
        {
            "event": sent[other],
            "node": node.id,
            "now": now,
            "problem": f"till {node.store_code}-{node.terminal_code} was restored from a "
            f"backup: its event {other} is not the one head office has "
            f"(head office has up to {last_seq})",
        },
    )
    return BatchAnswer(
        409,
        {
            "detail": f"restored: head office has this till's events up to {last_seq}, and event "
            f"{other} is another one: this till goes on as a new incarnation",
            "restored": True,
            "head_office_seq": last_seq,
        },
    )


def _refuse(
    engine: Engine,
    node: Node,
    batch_id: uuid.UUID,
    events: list[IncomingEvent],
    reason: str,
    now: datetime,
) -> BatchAnswer:
    """Record the refused range and move the node's sequence past it: nothing of the batch is
    applied, and the node's next batch is not a gap."""
    first, last = events[0].seq, events[-1].seq
    with engine.begin() as connection:
        position = _position(connection, node, batch_id, first)
        if isinstance(position, BatchAnswer):
            return position
        connection.execute(
            text(
                "INSERT INTO refused_batches (batch_id, node_id, first_seq, last_seq, reason, "
                "refused_at) VALUES (:id, :node, :first, :last, :reason, :now) "
                "ON CONFLICT (batch_id) DO UPDATE SET reason = excluded.reason, "
                "refused_at = excluded.refused_at WHERE refused_batches.node_id = excluded.node_id"
            ),
            {
                "id": batch_id,
                "node": node.id,
                "first": first,
                "last": last,
                "reason": reason,
                "now": now,
            },
        )
        connection.execute(
            text("UPDATE nodes SET last_seq = :seq, last_seen_at = :now WHERE id = :id"),
            {"seq": max(position, last), "now": now, "id": node.id},
        )
    log.warning("batch %s (%d–%d) of node %s refused: %s", batch_id, first, last, node.id, reason)
    return BatchAnswer(
        422, {"detail": reason, "refused": [first, last], "next_seq": max(position, last) + 1}
    )


def _apply_once(
    engine: Engine, node: Node, batch_id: uuid.UUID, checked: CheckedBatch, now: datetime
) -> BatchAnswer:
    events = checked.events
    first, last = events[0].seq, events[-1].seq
    with engine.begin() as connection:
        position = _position(connection, node, batch_id, first)
        if isinstance(position, BatchAnswer):
            return position
        restored = _restored(connection, node, events, position, now)
        if restored is not None:
            return restored
        cursor = _driver(connection).cursor()
        new_ids = _new_event_ids(cursor, node, events, now)
        # Refused raised here (another store's location, an id already taken) rolls the whole
        # transaction back, events included: nothing of the batch is applied.
        flagged = _write(connection, node, checked, new_ids, now)
        next_seq = max(position, last) + 1
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
            {
                "id": batch_id,
                "node": node.id,
                "first": first,
                "last": last,
                "answer": json.dumps(answer),
                "now": now,
            },
        )
        connection.execute(
            text(
                "UPDATE refused_batches SET accepted_at = :now "
                "WHERE batch_id = :id AND node_id = :node"
            ),
            {"now": now, "id": batch_id, "node": node.id},
        )
    return BatchAnswer(200, answer)
