"""Master-data edits travel to head office as `master.<entity>` outbox events carrying the
whole record, in the edit's own transaction; head office orders them and sends them back down
to every node of the chain."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import msgspec

from posapp.services.journal_events import journal_event
from posapp.services.ports import Clock, IdFactory, UnitOfWork

# Master-data aggregates have string keys (a role code, a setting key) as well as UUIDs; the
# outbox's aggregate column is a UUID, so keys are mapped into one namespace.
MASTER_KEYS = uuid.UUID("5a1e5c0d-7e57-4c2a-9b1f-0d0c0ffee000")


def _payload(entity: str, key: str, record: object) -> str:
    """The event's JSON: sorted keys, no spaces — the bytes `canonical` writes, made by msgspec
    because an import queues a million of them."""
    return msgspec.json.encode(
        {"entity": entity, "key": key, "record": record}, order="sorted"
    ).decode()


def queue_master_change(
    uow: UnitOfWork, *, entity: str, key: str, record: object, clock: Clock, new_id: IdFactory
) -> None:
    """The outbox event that carries one master-data edit to head office."""
    uow.outbox.append(
        event_id=new_id(),
        kind=f"master.{entity}",
        aggregate_id=uuid.uuid5(MASTER_KEYS, f"{entity}:{key}"),
        payload=_payload(entity, key, record),
        at=clock.now(),
    )


def queue_master_changes(
    uow: UnitOfWork,
    *,
    entity: str,
    records: Sequence[tuple[str, object]],
    clock: Clock,
    new_id: IdFactory,
) -> None:
    """The outbox events of many edits of one entity (key, record), in one statement."""
    uow.outbox.append_many(
        [
            (
                new_id(),
                f"master.{entity}",
                uuid.uuid5(MASTER_KEYS, f"{entity}:{key}"),
                _payload(entity, key, record),
            )
            for key, record in records
        ],
        clock.now(),
    )


def record_master_edit(
    uow: UnitOfWork,
    *,
    entity: str,
    key: uuid.UUID,
    record: object,
    code: str,
    by: str,
    clock: Clock,
    new_id: IdFactory,
) -> None:
    """A back-office record saved: `<entity>_saved` in the journal (who saved which code) and
    the master event that carries it to head office, in the caller's transaction."""
    journal_event(uow, f"{entity}_saved", {"code": code, "by": by}, at=clock.now(), new_id=new_id)
    queue_master_change(uow, entity=entity, key=str(key), record=record, clock=clock, new_id=new_id)
