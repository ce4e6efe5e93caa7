"""Past sales imported from another system: the port their import writes through."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from posapp.domain.sales_history import HistoryLine


@dataclass(frozen=True)
class HistoryDocument:
    id: uuid.UUID
    number: str
    kind: str  # SALE, or RETURN for a credit note
    day: date
    customer: str
    country: str
    region: str
    city: str


@dataclass(frozen=True)
class HistoryLineRow:
    document_id: uuid.UUID
    line_no: int
    product_id: uuid.UUID | None  # None: not goods
    line: HistoryLine
    region: str  # its document's


class SalesHistory(Protocol):
    def imported_before(self, numbers: Sequence[str]) -> set[str]:
        """Which of these invoice numbers an earlier import brought in."""
        ...

    def product_ids(self, codes: Sequence[str]) -> dict[str, uuid.UUID]:
        """The products with these codes (SKUs)."""
        ...

    def tax_classes(self) -> set[str]: ...

    def add_import(
        self,
        import_id: uuid.UUID,
        *,
        source: str,
        mapping: str,
        documents: int,
        lines: int,
        by: str,
        at: datetime,
    ) -> None: ...

    def add_documents(self, import_id: uuid.UUID, documents: Sequence[HistoryDocument]) -> None: ...

    def add_lines(self, lines: Sequence[HistoryLineRow]) -> None:
        """The lines, and their sums into the report summaries, in the same transaction."""
        ...
