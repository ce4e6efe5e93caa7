"""Append-only ledgers written in the checkout transaction: stock movements (with their
projection), the hash-chained journal, and the sync outbox."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, insert, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from posapp.db.tables import journal_entries, outbox_events, stock_levels, stock_movements
from posapp.services.ports import StockMovement

GENESIS_HASH = "0" * 64

# Built once: a statement made per call costs SQLAlchemy more than SQLite takes to run it.
_INSERT_MOVEMENT = insert(stock_movements)
_UPSERT_LEVEL = sqlite_insert(stock_levels)
_UPSERT_LEVEL = _UPSERT_LEVEL.on_conflict_do_update(
    index_elements=[stock_levels.c.product_id, stock_levels.c.location_id],
    set_={"on_hand_milli": stock_levels.c.on_hand_milli + _UPSERT_LEVEL.excluded.on_hand_milli},
)
_LAST_ENTRY = (
    select(journal_entries.c.seq, journal_entries.c.hash)
    .order_by(journal_entries.c.seq.desc())
    .limit(1)
)
_INSERT_ENTRY = insert(journal_entries)
_LAST_EVENT = select(func.max(outbox_events.c.seq))
_INSERT_EVENT = insert(outbox_events)


class SqlAlchemyStockLedger:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def record(self, movements: Sequence[StockMovement]) -> None:
        """Append the movements and fold them into `stock_levels` in the same transaction."""
        if not movements:
            return
        self._connection.execute(
            _INSERT_MOVEMENT,
            [
                {
                    "id": m.id,
                    "product_id": m.product_id,
                    "location_id": m.location_id,
                    "quantity_milli": m.quantity_milli,
                    "reason": m.reason,
                    "sale_id": m.sale_id,
                    "sale_line_id": m.sale_line_id,
                    "created_at": m.created_at,
                }
                for m in movements
            ],
        )
        totals: dict[tuple[uuid.UUID, uuid.UUID], int] = {}
        for m in movements:
            key = (m.product_id, m.location_id)
            totals[key] = totals.get(key, 0) + m.quantity_milli
        self._connection.execute(
            _UPSERT_LEVEL,
            [
                {"product_id": p, "location_id": loc, "on_hand_milli": q}
                for (p, loc), q in totals.items()
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
        last = self._connection.execute(_LAST_ENTRY).first()
        seq, prev_hash = (last.seq + 1, last.hash) if last else (1, GENESIS_HASH)
        digest = hashlib.sha256(payload.encode()).hexdigest()
        self._connection.execute(
            _INSERT_ENTRY,
            {
                "seq": seq,
                "id": entry_id,
                "terminal_code": self._terminal_code,
                "kind": kind,
                "document_id": document_id,
                "payload_sha256": digest,
                "prev_hash": prev_hash,
                "hash": entry_hash(seq, kind, document_id, digest, at, prev_hash),
                "created_at": at,
            },
        )

    def entries(self) -> list[JournalEntry]:
        return [
            JournalEntry(
                r.seq, r.kind, r.document_id, r.payload_sha256, r.prev_hash, r.hash, r.created_at
            )
            for r in self._connection.execute(
                select(journal_entries).order_by(journal_entries.c.seq)
            )
        ]


class SqlAlchemyOutbox:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def append(
        self, *, event_id: uuid.UUID, kind: str, aggregate_id: uuid.UUID, payload: str, at: datetime
    ) -> None:
        # seq = max + 1 inside the write transaction: gap-free, which the sync protocol relies on.
        last = self._connection.execute(_LAST_EVENT).scalar()
        self._connection.execute(
            _INSERT_EVENT,
            {
                "seq": (last or 0) + 1,
                "id": event_id,
                "kind": kind,
                "aggregate_id": aggregate_id,
                "payload": payload,
                "created_at": at,
            },
        )

    def pending_count(self) -> int:
        return int(
            self._connection.execute(
                select(func.count())
                .select_from(outbox_events)
                .where(outbox_events.c.sent_at.is_(None))
            ).scalar_one()
        )
