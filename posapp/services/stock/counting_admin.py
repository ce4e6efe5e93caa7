"""What the back office's counting screen reads and does: the store's counts, a count's lines
(the book hidden while a blind count is open), items scanned or typed, and posting."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class CountRow:
    id: uuid.UUID
    number: str
    status: str
    location: str
    scope: str  # "whole location" or "category …"
    lines: int
    counted: int  # lines counted so far
    started_at: datetime
    blind: bool


@dataclass(frozen=True)
class CountLineRow:
    sku: str
    name: str
    book_milli: int | None  # None while a blind count is open
    counted_milli: int | None  # None: not counted yet
    expected_milli: int | None  # what the ledger held when it was counted (once posted)


class CountsAdmin(Protocol):
    def counts(self) -> list[CountRow]:
        """Newest first."""
        ...

    def lines(self, count_id: uuid.UUID) -> list[CountLineRow]: ...

    def locations(self) -> list[str]: ...

    def start(self, *, location: str | None, category: str | None, blind: bool) -> uuid.UUID: ...

    def count(self, *, count_id: uuid.UUID, code: str, quantity_milli: int, add: bool) -> str:
        """Record what was scanned or typed (a SKU or a barcode); the SKU it was."""
        ...

    def post(self, *, count_id: uuid.UUID, uncounted_zero: bool) -> list[str]:
        """The adjustments that settled it."""
        ...
