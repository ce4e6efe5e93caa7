"""The node's side of sync in its SQLite store: who it is to head office, what is still to
send, the batch in flight and the quarantined ones.

The batch in flight is written down before it is sent: a retry (after a timeout, a crash, a
reboot) sends the same id with the same events, which is what makes head office's answer
idempotent. Events are marked sent only when head office has answered for them.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select, update

from posapp.db.engine import write_connection
from posapp.db.ledger_repositories import author_json
from posapp.db.shifts_repository import shift_series, z_series
from posapp.db.tables import (
    document_series,
    outbox_events,
    outbox_sent,
    sync_batches,
    sync_identity,
    sync_set_aside,
)
from posapp.db.types import driver_connection
from posapp.domain.authorship import AuthorKey
from sync.protocol import MAX_BATCH_EVENTS


@dataclass(frozen=True)
class Identity:
    server_url: str
    device_id: uuid.UUID
    incarnation: int
    token: str
    cursor: str | None


@dataclass(frozen=True)
class Batch:
    id: uuid.UUID
    first_seq: int
    last_seq: int
    state: str  # sending | quarantined
    attempts: int
    last_error: str | None


@dataclass(frozen=True)
class Backlog:
    pending: int  # not yet at head office: unsent, and in quarantined batches
    oldest_at: datetime | None
    quarantined: int
    set_aside: int = 0
    last_set_aside: str | None = None


def identity(engine: Engine) -> Identity | None:
    with engine.connect() as connection:
        row = connection.execute(select(sync_identity)).first()
    if row is None:
        return None
    return Identity(row.server_url, row.device_id, row.incarnation, row.token, row.cursor)


def save_identity(
    engine: Engine,
    *,
    server_url: str,
    device_id: uuid.UUID,
    incarnation: int,
    token: str,
    at: datetime,
) -> None:
    """Enrolment: a new identity starts master data from the beginning and resends every event
    head office has not acknowledged to this device (a new incarnation knows nothing yet)."""
    with write_connection(engine) as connection, connection.begin():
        connection.execute(delete(sync_identity))
        connection.execute(
            insert(sync_identity).values(
                id=1,
                server_url=server_url,
                device_id=device_id,
                incarnation=incarnation,
                token=token,
                enrolled_at=at,
                cursor=None,
            )
        )
        connection.execute(delete(sync_batches).where(sync_batches.c.state == "sending"))


def _unsent() -> Any:
    """Events after the acknowledged ones (a range of the primary key)."""
    return outbox_events.c.seq > select(outbox_sent.c.through_seq).scalar_subquery()


def sign_unsigned_master_changes(engine: Engine, key: AuthorKey) -> int:
    """Sign, as `key`'s person, the master-data changes waiting to be sent that nobody signed:
    those made before this node joined head office (a shop bringing its catalogue into a chain,
    vouched for by its administrator). How many were signed."""
    with write_connection(engine) as connection, connection.begin():
        waiting = connection.execute(
            select(
                outbox_events.c.seq,
                outbox_events.c.id,
                outbox_events.c.kind,
                outbox_events.c.payload,
            ).where(
                _unsent(), outbox_events.c.kind.like("master.%"), outbox_events.c.author.is_(None)
            )
        ).all()
        for seq, event_id, kind, payload in waiting:
            connection.execute(
                update(outbox_events)
                .where(outbox_events.c.seq == seq)
                .values(author=author_json(key.sign(event_id, kind, payload)))
            )
    return len(waiting)


def backlog(engine: Engine) -> Backlog:
    with engine.connect() as connection:
        pending, oldest = connection.execute(
            select(func.count(), func.min(outbox_events.c.created_at)).where(_unsent())
        ).one()
        ranges = connection.execute(
            select(
                sync_batches.c.first_seq, sync_batches.c.last_seq, sync_batches.c.created_at
            ).where(sync_batches.c.state == "quarantined")
        ).all()
        through = connection.execute(select(outbox_sent.c.through_seq)).scalar_one()
        set_aside, last = connection.execute(
            select(func.count(), func.max(sync_set_aside.c.id))
        ).one()
        reason = None
        if last is not None:
            row = connection.execute(
                select(sync_set_aside).where(sync_set_aside.c.id == last)
            ).one()
            reason = f"{row.entity} {row.record_key}: {row.reason}"
    # Quarantined batches below the acknowledged mark are waiting too.
    waiting = sum(last - first + 1 for first, last, _ in ranges if last <= through)
    olds = [at for first, last, at in ranges if last <= through] + ([oldest] if oldest else [])
    return Backlog(
        int(pending) + waiting, min(olds, default=None), len(ranges), int(set_aside), reason
    )


def last_seq(engine: Engine) -> int:
    """The newest outbox event's seq: it moves when something is committed."""
    with engine.connect() as connection:
        return int(
            connection.execute(select(func.coalesce(func.max(outbox_events.c.seq), 0))).scalar_one()
        )


def _batch(row: Any) -> Batch:
    return Batch(row.id, row.first_seq, row.last_seq, row.state, row.attempts, row.last_error)


def batches(engine: Engine) -> list[Batch]:
    with engine.connect() as connection:
        rows = connection.execute(select(sync_batches).order_by(sync_batches.c.first_seq)).all()
    return [_batch(row) for row in rows]


def next_batch(
    engine: Engine, *, new_id: uuid.UUID, at: datetime, limit: int = MAX_BATCH_EVENTS
) -> Batch | None:
    """The batch to send now: the one already in flight, else a new one from the unsent tail of
    the outbox after any quarantined batch (head office recorded those as refused, so the
    sequence goes on past them); None when everything is sent."""
    with write_connection(engine) as connection, connection.begin():
        row = connection.execute(
            select(sync_batches)
            .where(sync_batches.c.state == "sending")
            .order_by(sync_batches.c.first_seq)
            .limit(1)
        ).first()
        if row is not None:
            return _batch(row)
        after = connection.execute(
            select(func.max(sync_batches.c.last_seq)).where(sync_batches.c.state == "quarantined")
        ).scalar()
        unsent = _unsent() if after is None else _unsent() & (outbox_events.c.seq > after)
        first = connection.execute(select(func.min(outbox_events.c.seq)).where(unsent)).scalar()
        if first is None:
            return None
        last = connection.execute(
            select(func.max(outbox_events.c.seq)).where(outbox_events.c.seq < first + limit)
        ).scalar_one()
        connection.execute(
            insert(sync_batches).values(
                id=new_id,
                first_seq=first,
                last_seq=last,
                state="sending",
                attempts=0,
                created_at=at,
            )
        )
        return Batch(new_id, first, last, "sending", 0, None)


def batch_events(engine: Engine, batch: Batch) -> list[dict[str, Any]]:
    """The batch's events as they go on the wire (payload: the canonical JSON text)."""
    return events_between(engine, batch.first_seq, batch.last_seq)


def events_between(engine: Engine, first_seq: int, last_seq: int) -> list[dict[str, Any]]:
    """The outbox's events from `first_seq` to `last_seq` as they go on the wire."""
    with engine.connect() as connection:
        raw = driver_connection(connection)
        rows = raw.execute(
            "SELECT seq, id, kind, aggregate_id, created_at, payload, author FROM outbox_events "
            "WHERE seq BETWEEN ? AND ? ORDER BY seq",
            (first_seq, last_seq),
        ).fetchall()
    events = []
    for seq, event_id, kind, aggregate, created_at, payload, author in rows:
        event = {
            "seq": seq,
            "id": str(uuid.UUID(hex=event_id)),
            "kind": kind,
            "aggregate_id": str(uuid.UUID(hex=aggregate)),
            # Stored as UTC without a zone: say so on the wire.
            "created_at": created_at.replace(" ", "T") + "+00:00",
            "payload": payload,
        }
        if author is not None:  # a master-data change's author and proof
            event["author"] = json.loads(author)
        events.append(event)
    return events


def reincarnate(
    engine: Engine,
    *,
    device_id: uuid.UUID,
    incarnation: int,
    token: str,
    last_receipt: int,
    last_shift: int,
    last_z: int,
    series: str,
    terminal_code: str,
    at: datetime,
) -> None:
    """Go on as a new incarnation after a restore: the new identity (master data is fetched
    again), the batch in flight dropped (it is sent again under the new identity), and the
    receipt, shift and Z series moved past every number head office holds, so none is used
    twice more."""
    with write_connection(engine) as connection, connection.begin():
        connection.execute(
            update(sync_identity).values(
                device_id=device_id,
                incarnation=incarnation,
                token=token,
                cursor=None,
                enrolled_at=at,
            )
        )
        connection.execute(delete(sync_batches).where(sync_batches.c.state == "sending"))
        for name, number in (
            (series, last_receipt),
            (shift_series(terminal_code), last_shift),
            (z_series(terminal_code), last_z),
        ):
            _number_past(connection, name, number)


def _number_past(connection: Any, series: str, number: int) -> None:
    """The next number of `series` is above `number`."""
    known = connection.execute(
        select(document_series.c.last_number).where(document_series.c.series == series)
    ).first()
    if known is None:
        connection.execute(insert(document_series).values(series=series, last_number=number))
    elif known.last_number < number:
        connection.execute(
            update(document_series)
            .where(document_series.c.series == series)
            .values(last_number=number)
        )


def batch_sent(engine: Engine, batch: Batch, *, at: datetime) -> None:
    """Head office has the batch: the acknowledged mark moves past it and the batch is
    forgotten, in one small transaction (the events themselves are not touched)."""
    with write_connection(engine) as connection, connection.begin():
        connection.execute(
            update(outbox_sent)
            .where(outbox_sent.c.through_seq < batch.last_seq)
            .values(through_seq=batch.last_seq, updated_at=at)
        )
        connection.execute(delete(sync_batches).where(sync_batches.c.id == batch.id))


def batch_failed(engine: Engine, batch: Batch, *, error: str, quarantine: bool) -> None:
    with write_connection(engine) as connection, connection.begin():
        connection.execute(
            update(sync_batches)
            .where(sync_batches.c.id == batch.id)
            .values(
                attempts=sync_batches.c.attempts + 1,
                last_error=error[:2000],
                state="quarantined" if quarantine else "sending",
            )
        )


def resend_from(engine: Engine, seq: int) -> None:
    """Head office expects `seq` next (it lost what we sent after it, e.g. restored from a
    backup): mark everything from there unsent and drop the batch in flight, and any quarantined
    batch from there on (head office no longer has them recorded; they are sent again)."""
    with write_connection(engine) as connection, connection.begin():
        connection.execute(update(outbox_sent).values(through_seq=max(seq - 1, 0)))
        connection.execute(
            delete(sync_batches).where(
                (sync_batches.c.state == "sending") | (sync_batches.c.last_seq >= seq)
            )
        )


def release_quarantine(engine: Engine) -> int:
    """A manager's retry: quarantined batches go back to being sent."""
    with write_connection(engine) as connection, connection.begin():
        result = connection.execute(
            update(sync_batches)
            .where(sync_batches.c.state == "quarantined")
            .values(state="sending", attempts=0)
        )
    return int(result.rowcount)


def set_aside(
    connection: Any, entity: str, key: str, record: object, *, reason: str, at: datetime
) -> None:
    """Keep a pulled record this node could not take, with why, in the caller's transaction."""
    connection.execute(
        insert(sync_set_aside).values(
            entity=entity[:30],
            record_key=key[:100],
            reason=reason[:2000],
            record=json.dumps(record, ensure_ascii=False, default=str)[:65536],
            set_aside_at=at,
        )
    )


def store_cursor(engine: Engine) -> str | None:
    """How far this node has taken the store feed (None: not at all yet)."""
    with engine.connect() as connection:
        return connection.execute(select(sync_identity.c.store_cursor)).scalar()


def save_cursor(connection: Any, cursor: str | None, at: datetime) -> None:
    connection.execute(update(sync_identity).values(cursor=cursor, pulled_at=at))


def unsent_events(engine: Engine) -> list[dict[str, Any]]:
    """Every event head office does not have — quarantined and not yet sent — for a manager to
    export (and hand over by other means)."""
    with engine.connect() as connection:
        first, last = connection.execute(
            select(func.min(outbox_events.c.seq), func.max(outbox_events.c.seq)).where(_unsent())
        ).one()
        spans = [
            (row.first_seq, row.last_seq)
            for row in connection.execute(
                select(sync_batches).where(sync_batches.c.state == "quarantined")
            )
        ]
    if first is not None:
        spans.append((first, last))
    events: dict[int, dict[str, Any]] = {}
    for low, high in spans:
        span = Batch(uuid.UUID(int=0), low, high, "export", 0, None)
        events.update((event["seq"], event) for event in batch_events(engine, span))
    return [events[seq] for seq in sorted(events)]


def export_unsent(engine: Engine, target: Path) -> int:
    """Write the unsent events to `target` as JSON lines; how many. Nothing is marked sent: the
    export is a copy to carry to head office by hand, the queue keeps its events."""
    events = unsent_events(engine)
    with target.open("w", encoding="utf-8") as handle:
        for event in events:
            handle.write(json.dumps(event, ensure_ascii=False) + "\n")
    return len(events)
