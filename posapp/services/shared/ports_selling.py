"""What selling needs: the sales documents, the stock ledger they move, parked baskets."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from posapp.domain.basket import Basket
from posapp.domain.batches import BatchMoves
from posapp.domain.money import Money
from posapp.domain.returns import AlreadyReturned
from posapp.domain.sale import SaleDocument


@dataclass(frozen=True, slots=True)
class StockMovement:
    """One entry of the stock ledger: + goods in, - goods out, in thousandths of the unit."""

    id: uuid.UUID
    product_id: uuid.UUID
    location_id: uuid.UUID
    quantity_milli: int
    reason: str  # SALE, RETURN, …
    created_at: datetime
    sale_id: uuid.UUID | None = None
    sale_line_id: uuid.UUID | None = None
    business_at: datetime | None = None  # when it happened for the business; None: created_at
    document_id: uuid.UUID | None = None  # a stock document's (sales name theirs above)
    document_line_id: uuid.UUID | None = None
    batch: str | None = None
    expiry: date | None = None
    # Made at another node of this store (its terminal code) and the number of the document that
    # made it there: a movement head office sent down (sync's store feed).
    origin: str | None = None
    origin_document: str | None = None


@dataclass(frozen=True, slots=True)
class ParkedSale:
    id: uuid.UUID
    label: str
    parked_at: datetime
    basket: Basket


class SalesRepository(Protocol):
    def next_number(self, series: str) -> str: ...

    def add(self, doc: SaleDocument, *, shift_id: uuid.UUID | None = None) -> None: ...

    def get_by_number(self, number: str) -> SaleDocument | None: ...

    def recent_sales(self, series: str, limit: int) -> list[tuple[str, datetime, Money]]: ...

    def returned_so_far(self, sale_id: uuid.UUID) -> dict[uuid.UUID, AlreadyReturned]: ...


class StockLedger(Protocol):
    def record(self, movements: Sequence[StockMovement]) -> None: ...

    def on_hand_milli(self, product_id: uuid.UUID, location_id: uuid.UUID) -> int: ...

    def batch_moves(self, product_id: uuid.UUID | None = None) -> list[BatchMoves]:
        """What moved under each batch of the products that have batches (or of one)."""
        ...


class ParkedSales(Protocol):
    def park(self, parked_id: uuid.UUID, label: str, basket: Basket, at: datetime) -> None: ...

    def list(self) -> list[ParkedSale]: ...

    def take(self, parked_id: uuid.UUID) -> Basket | None: ...
