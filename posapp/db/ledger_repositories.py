"""Append-only ledgers written in the checkout transaction: stock movements (with their
projection), the hash-chained journal, and the sync outbox."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select

from posapp.db import batch_queries
from posapp.db.tables import journal_entries, stock_levels
from posapp.db.types import driver_connection, sqlite_timestamp, sqlite_uuid
from posapp.domain.authorship import Author
from posapp.domain.batches import BatchMoves
from posapp.services.shared import StockMovement

GENESIS_HASH = "0" * 64

_MOVEMENT_SQL = (
    "INSERT INTO stock_movements (id, product_id, location_id, quantity_milli, reason, sale_id, "
    "sale_line_id, created_at, seq, business_at, document_id, document_line_id, batch, expiry, "
    "origin, origin_document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
# Takes `n` numbers of the movement sequence at once: the first is the value returned - n + 1.
_TAKE_SEQ_SQL = (
    "UPDATE counters SET value = value + ? WHERE name = 'stock_movements' RETURNING value"
)
_LEVEL_SQL = (
    "INSERT INTO stock_levels (product_id, location_id, on_hand_milli) VALUES (?, ?, ?) "
    "ON CONFLICT (product_id, location_id) "
    "DO UPDATE SET on_hand_milli = on_hand_milli + excluded.on_hand_milli"
)
_ENTRY_SQL = (
    "INSERT INTO journal_entries (seq, id, terminal_code, kind, document_id, payload_sha256, "
    "prev_hash, hash, created_at, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_EVENT_SQL = (
    "INSERT INTO outbox_events (seq, id, kind, aggregate_id, payload, created_at, author) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)


class SqlAlchemyStockLedger:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def batch_moves(self, product_id: uuid.UUID | None = None) -> list[BatchMoves]:
        return batch_queries.batch_moves(self._connection, product_id)

    def record(self, movements: Sequence[StockMovement]) -> None:
        """Append the movements and fold them into `stock_levels` in the same transaction.
        Through the driver: this runs inside every sale's commit (see db.types)."""
        if not movements:
            return
        raw = driver_connection(self._connection)
        (last,) = raw.execute(_TAKE_SEQ_SQL, (len(movements),)).fetchone()  # migration 0017's
        first = last - len(movements) + 1
        raw.executemany(
            _MOVEMENT_SQL,
            [
                (
                    sqlite_uuid(m.id),
                    sqlite_uuid(m.product_id),
                    sqlite_uuid(m.location_id),
                    m.quantity_milli,
                    m.reason,
                    sqlite_uuid(m.sale_id),
                    sqlite_uuid(m.sale_line_id),
                    created,
                    first + position,
                    created if m.business_at is None else sqlite_timestamp(m.business_at),
                    sqlite_uuid(m.document_id),
                    sqlite_uuid(m.document_line_id),
                    m.batch,
                    None if m.expiry is None else m.expiry.isoformat(),
                    m.origin,
                    m.origin_document,
                )
                for position, m in enumerate(movements)
                for created in (sqlite_timestamp(m.created_at),)
            ],
        )
        totals: dict[tuple[uuid.UUID, uuid.UUID], int] = {}
        for m in movements:
            key = (m.product_id, m.location_id)
            totals[key] = totals.get(key, 0) + m.quantity_milli
        raw.executemany(
            _LEVEL_SQL,
            [
                (sqlite_uuid(product), sqlite_uuid(location), quantity)
                for (product, location), quantity in totals.items()
            ],
        )

    def on_hand_milli(self, product_id: uuid.UUID, location_id: uuid.UUID) -> int:
        found = self._connection.execute(
            select(stock_levels.c.on_hand_milli).where(
                stock_levels.c.product_id == product_id, stock_levels.c.location_id == location_id
            )
        ).scalar_one_or_none()
        return int(found or 0)


def entry_hash(
    seq: int,
    kind: str,
    document_id: uuid.UUID | None,
    payload_sha256: str,
    created_at: datetime,
    prev_hash: str,
) -> str:
    """The chain link: each entry's hash covers its content and the previous entry's hash, so
    changing or removing any entry breaks every hash after it."""
    text = "|".join(
        (
            str(seq),
            kind,
            str(document_id or ""),
            payload_sha256,
            created_at.isoformat(timespec="microseconds"),
            prev_hash,
        )
    )
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class JournalEntry:
    seq: int
    kind: str
    document_id: uuid.UUID | None
    payload_sha256: str
    prev_hash: str
    hash: str
    created_at: datetime
    payload: str | None = None  # events only; a document's payload is rebuilt from its rows


class SqlAlchemyJournal:
    def __init__(self, connection: Connection, terminal_code: str) -> None:
        self._connection = connection
        self._terminal_code = terminal_code

    def append(
        self,
        *,
        entry_id: uuid.UUID,
        kind: str,
        document_id: uuid.UUID | None,
        payload: str,
        at: datetime,
    ) -> None:
        raw = driver_connection(self._connection)
        last = raw.execute("SELECT seq, hash FROM journal_entries ORDER BY seq DESC LIMIT 1")
        found = last.fetchone()
        seq, prev_hash = (found[0] + 1, found[1]) if found else (1, GENESIS_HASH)
        digest = hashlib.sha256(payload.encode()).hexdigest()
        raw.execute(
            _ENTRY_SQL,
            (
                seq,
                sqlite_uuid(entry_id),
                self._terminal_code,
                kind,
                sqlite_uuid(document_id),
                digest,
                prev_hash,
                entry_hash(seq, kind, document_id, digest, at, prev_hash),
                sqlite_timestamp(at),
                payload if document_id is None else None,  # documents have rows of their own
            ),
        )

    def entries(self) -> list[JournalEntry]:
        return [
            JournalEntry(
                r.seq,
                r.kind,
                r.document_id,
                r.payload_sha256,
                r.prev_hash,
                r.hash,
                r.created_at,
                r.payload,
            )
            for r in self._connection.execute(
                select(journal_entries).order_by(journal_entries.c.seq)
            )
        ]


class SqlAlchemyOutbox:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def append_many(
        self,
        events: Sequence[tuple[uuid.UUID, str, uuid.UUID, str, Author | None]],
        at: datetime,
    ) -> None:
        """Many events in one statement (an import queues one per product), gap-free."""
        raw = driver_connection(self._connection)
        last = raw.execute("SELECT max(seq) FROM outbox_events").fetchone()[0] or 0
        stamp = sqlite_timestamp(at)
        raw.executemany(
            _EVENT_SQL,
            [
                (
                    last + offset,
                    sqlite_uuid(event_id),
                    kind,
                    sqlite_uuid(aggregate),
                    payload,
                    stamp,
                    author_json(author),
                )
                for offset, (event_id, kind, aggregate, payload, author) in enumerate(
                    events, start=1
                )
            ],
        )

    def append(
        self,
        *,
        event_id: uuid.UUID,
        kind: str,
        aggregate_id: uuid.UUID,
        payload: str,
        at: datetime,
        author: Author | None = None,
    ) -> None:
        # seq = max + 1 inside the write transaction: gap-free, which the sync protocol relies on.
        raw = driver_connection(self._connection)
        last = raw.execute("SELECT max(seq) FROM outbox_events").fetchone()[0]
        raw.execute(
            _EVENT_SQL,
            (
                (last or 0) + 1,
                sqlite_uuid(event_id),
                kind,
                sqlite_uuid(aggregate_id),
                payload,
                sqlite_timestamp(at),
                author_json(author),
            ),
        )

    def goes_to_head_office(self) -> bool:
        raw = driver_connection(self._connection)
        return raw.execute("SELECT 1 FROM sync_identity").fetchone() is not None


def author_json(author: Author | None) -> str | None:
    """How an event's author is kept in the outbox and sent: {"user", "version", "proof"}."""
    if author is None:
        return None
    return json.dumps(
        {"user": str(author.user_id), "version": author.version, "proof": author.proof}
    )
