"""The outbox as a manager sees it in the back office, and "send now"."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine

from posapp.services.shop import HeadOfficeFlag, OutboxBatch, OutboxView
from sync.client import local_store
from sync.client.engine import SyncEngine, SyncWorker
from sync.client.http import HeadOffice, NotAllowed, SyncFailure


def outbox_view(engine: Engine) -> OutboxView:
    identity = local_store.identity(engine)
    backlog = local_store.backlog(engine)
    return OutboxView(
        head_office=identity.server_url if identity else None,
        pending=backlog.pending,
        oldest_pending_at=backlog.oldest_at,
        batches=tuple(
            OutboxBatch(b.first_seq, b.last_seq, b.state, b.attempts, b.last_error)
            for b in local_store.batches(engine)
        ),
        set_aside=backlog.set_aside,
        last_set_aside=backlog.last_set_aside,
    )


def sync_now(engine: Engine, worker: SyncWorker | None) -> str:
    """One pass now. When this process already runs the node's sync worker, the worker is woken
    instead: one sender per node keeps the batches in order without a second client racing it."""
    if worker is not None:
        worker.poke()
        return "the sync worker is sending now"
    sync = SyncEngine(engine)
    try:
        if sync.identity is None:
            return "this till is not enrolled with head office: posapp sync enroll URL CODE"
        result = sync.run_once()
        quarantined = sync.status().quarantined
    except SyncFailure as failure:
        return f"not sent: {failure}"
    finally:
        sync.close()
    done = f"sent {result.sent_events:,} events, applied {result.applied_changes:,} changes"
    if quarantined:
        return f"not sent: head office refused a batch, now quarantined ({done})"
    return done if result.drained else f"{done}; some events still wait"


def head_office_flags(engine: Engine) -> list[HeadOfficeFlag]:
    """Ask head office what it flagged or refused of this store (newest last)."""
    identity = local_store.identity(engine)
    if identity is None:
        raise NotAllowed("this till is not enrolled with head office")
    head_office = HeadOffice(identity.server_url, identity.token)
    try:
        found = head_office.flags()
    finally:
        head_office.close()
    return [
        HeadOfficeFlag(
            str(flag["till"]),
            str(flag["what"]),
            datetime.fromisoformat(flag["at"]),
            bool(flag["open"]),
        )
        for flag in found
    ]
