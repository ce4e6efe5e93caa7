"""The store's records: the tamper-evident journal, the outbox to head office, the document
codec, the shop's settings."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from posapp.domain.authorship import Author
from posapp.domain.sale import SaleDocument


class Journal(Protocol):
    def append(
        self,
        *,
        entry_id: uuid.UUID,
        kind: str,
        document_id: uuid.UUID | None,
        payload: str,
        at: datetime,
    ) -> None: ...


class Outbox(Protocol):
    def append(
        self,
        *,
        event_id: uuid.UUID,
        kind: str,
        aggregate_id: uuid.UUID,
        payload: str,
        at: datetime,
        author: Author | None = None,
    ) -> None: ...

    def append_many(
        self,
        events: Sequence[tuple[uuid.UUID, str, uuid.UUID, str, Author | None]],
        at: datetime,
    ) -> None:
        """Events (id, kind, aggregate id, payload, author) in this order, numbered on from the
        last."""
        ...

    def goes_to_head_office(self) -> bool:
        """Whether this node is enrolled with head office (its events are sent there)."""
        ...


class DocumentCodec(Protocol):
    """Serialises a document canonically: the journal hashes it and the outbox sends it."""

    def __call__(self, doc: SaleDocument) -> str: ...


class ShopSettings(Protocol):
    def put(self, key: str, value: object, at: datetime) -> None:
        """Set one setting (a JSON value), replacing what was there."""
        ...

    def stored(self) -> dict[str, object]:
        """Every setting this node holds, by key (those never set are not there)."""
        ...
