"""Sensitive events that are not documents (no sale, void, override, sign-in, shifts, cash,
users and roles) go into the journal the same way: canonical JSON, in the caller's transaction."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from posapp.services.ports import IdFactory, UnitOfWork


def canonical(payload: Mapping[str, Any]) -> str:
    """Sorted keys, no spaces: the same event is always the same bytes (and hash)."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def journal_event(
    uow: UnitOfWork, kind: str, payload: Mapping[str, Any], *, at: datetime, new_id: IdFactory
) -> None:
    uow.journal.append(
        entry_id=new_id(), kind=kind, document_id=None, payload=canonical(payload), at=at
    )
