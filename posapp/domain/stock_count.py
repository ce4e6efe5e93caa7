"""A stock count as stored: what it covers and where in the ledger it stands, and its lines."""

from __future__ import annotations

import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class CountHeader:
    document_id: uuid.UUID
    category_id: uuid.UUID | None
    blind: bool
    started_seq: int
    posted_seq: int | None


@dataclass(frozen=True)
class CountLine:
    product_id: uuid.UUID
    book_milli: int
    counted_milli: int | None
    expected_milli: int | None
