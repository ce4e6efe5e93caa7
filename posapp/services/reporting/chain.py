"""The chain's lists, read at head office (the back office opened on its data): each product's
stock in every store, the sales and returns of a span across stores, and what head office
flagged of the tills' uploads. Bootstrap reads them through head office's API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol


@dataclass(frozen=True)
class StoreStock:
    sku: str
    name: str
    stores: dict[str, int]  # on hand in thousandths, by store code
    total_milli: int


@dataclass(frozen=True)
class ChainDocument:
    number: str
    store: str
    at: datetime  # in its store's time zone
    kind: str  # SALE or RETURN
    cashier: str
    total_minor: int


@dataclass(frozen=True)
class ChainFlag:
    store: str
    terminal: str
    problem: str
    flagged_at: datetime
    resolved_at: datetime | None


class ChainAdmin(Protocol):
    def currency(self) -> str: ...

    def stores(self) -> str:
        """Whose lists these are, for a heading: every store, or which."""
        ...

    def stock(self, search: str, *, offset: int, limit: int) -> tuple[int, list[StoreStock]]:
        """(products matching, a page of them by SKU); `search`: in the SKU or name."""
        ...

    def documents(
        self, first: date, last: date, *, offset: int, limit: int
    ) -> tuple[list[ChainDocument], bool]:
        """A page of the span's documents, newest first, and whether more follow."""
        ...

    def flags(self, *, open_only: bool) -> list[ChainFlag]:
        """Newest first; `open_only`: those no one has resolved yet."""
        ...
