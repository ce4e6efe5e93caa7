"""Sensitive events that are not documents (no sale, void, override, sign-in, shifts, cash,
users and roles) go into the journal the same way: canonical JSON, in the caller's transaction,
with an outbox event so head office keeps every till's journal and shifts too."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from posapp.services.shared.ports import IdFactory, UnitOfWork


def canonical(payload: Mapping[str, Any]) -> str:
    """Sorted keys, no spaces: the same event is always the same bytes (and hash)."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def journal_event(
    uow: UnitOfWork, kind: str, payload: Mapping[str, Any], *, at: datetime, new_id: IdFactory
) -> None:
    entry_id = new_id()
    text = canonical(payload)
    uow.journal.append(entry_id=entry_id, kind=kind, document_id=None, payload=text, at=at)
    uow.outbox.append(
        event_id=new_id(), kind=f"journal.{kind}", aggregate_id=entry_id, payload=text, at=at
    )
