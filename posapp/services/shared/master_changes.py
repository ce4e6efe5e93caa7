"""Master-data edits travel to head office as `master.<entity>` outbox events carrying the
whole record, in the edit's own transaction; head office orders them and sends them back down
to every node of the chain."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from typing import TypedDict

import msgspec

from posapp.domain.actors import require_master_data_permission
from posapp.domain.authorship import AuthorKey
from posapp.domain.ids import uuid_from_int
from posapp.services.shared.errors import NoAuthorKey
from posapp.services.shared.journal_events import journal_event
from posapp.services.shared.ports import Clock, IdFactory, UnitOfWork


class Edit(TypedDict):
    """Who made a master-data edit and how it is stamped: what every `save_*` use case takes
    beside its record (`**edit`)."""

    by: str
    clock: Clock
    new_id: IdFactory


# Master-data aggregates have string keys (a role code, a setting key) as well as UUIDs; the
# outbox's aggregate column is a UUID, so keys are mapped into one namespace.
MASTER_KEYS = uuid.UUID("5a1e5c0d-7e57-4c2a-9b1f-0d0c0ffee000")
_MASTER_KEYS_HASH = hashlib.sha1(MASTER_KEYS.bytes)
_NOT_VERSION_NOR_VARIANT = ~(0xF000 << 64 | 0xC000 << 48)
_VERSION_5 = 0x5000 << 64 | 0x8000 << 48  # version 5, variant RFC 4122


def master_aggregate(entity: str, key: str) -> uuid.UUID:
    """uuid5(MASTER_KEYS, "entity:key"), with the namespace hashed once (an import makes one
    per product)."""
    digest = _MASTER_KEYS_HASH.copy()
    digest.update(f"{entity}:{key}".encode())
    value = int.from_bytes(digest.digest()[:16], "big")
    return uuid_from_int(value & _NOT_VERSION_NOR_VARIANT | _VERSION_5)


def _payload(entity: str, key: str, record: object) -> str:
    """The event's JSON: sorted keys, no spaces — the bytes `canonical` writes, made by msgspec
    because an import queues a million of them."""
    return msgspec.json.encode(
        {"entity": entity, "key": key, "record": record}, order="sorted"
    ).decode()


def _author_key(uow: UnitOfWork, entity: str, record_key: str | None = None) -> AuthorKey | None:
    """The key a change of `entity` is signed with. NotPermitted when the acting person's role
    may not make it; NoAuthorKey when this node sends its changes to head office and they have
    no key (head office would refuse the change, and this node would keep a record the rest of
    the chain does not have). None for a shop on its own: nobody else applies its changes."""
    actor = uow.actor
    if actor is not None:
        require_master_data_permission(actor, entity, record_key)
    key = None if actor is None else actor.author_key
    if key is None and uow.outbox.goes_to_head_office():
        raise NoAuthorKey(None if actor is None else actor.no_key_because)
    return key


def queue_master_change(
    uow: UnitOfWork, *, entity: str, key: str, record: object, clock: Clock, new_id: IdFactory
) -> None:
    """The outbox event that carries one master-data edit to head office, signed by its author."""
    author_key = _author_key(uow, entity, key)
    event_id, kind, payload = new_id(), f"master.{entity}", _payload(entity, key, record)
    uow.outbox.append(
        event_id=event_id,
        kind=kind,
        aggregate_id=master_aggregate(entity, key),
        payload=payload,
        at=clock.now(),
        author=None if author_key is None else author_key.sign(event_id, kind, payload),
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
    author_key, kind = _author_key(uow, entity), f"master.{entity}"
    events = []
    for key, record in records:
        event_id, payload = new_id(), _payload(entity, key, record)
        author = None if author_key is None else author_key.sign(event_id, kind, payload)
        events.append((event_id, kind, master_aggregate(entity, key), payload, author))
    uow.outbox.append_many(events, clock.now())


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
