"""In-memory implementations of the service ports, for unit tests."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from types import TracebackType
from typing import Self

from posapp.domain.catalogue import ProductRow, ScannedProduct
from posapp.domain.quantity import Quantity
from posapp.services.shared import NewProduct


class FakeCatalogue:
    def __init__(self, tax_classes: Sequence[str] = ("STD", "RED")) -> None:
        self.products: dict[uuid.UUID, ProductRow] = {}
        self.barcodes: dict[str, tuple[uuid.UUID, int]] = {}
        self.tax_classes = set(tax_classes)
        self.batch_expiries: dict[tuple[uuid.UUID, str], date] = {}

    def add(self, row: ProductRow, *codes: tuple[str, int]) -> None:
        self.products[row.id] = row
        for code, pack in codes:
            self.barcodes[code] = (row.id, pack)

    def find_by_barcode(self, code: str) -> ScannedProduct | None:
        if code not in self.barcodes:
            return None
        product_id, pack = self.barcodes[code]
        return ScannedProduct(self.products[product_id], code, Quantity.from_thousandths(pack))

    def find_by_sku(self, sku: str) -> ScannedProduct | None:
        found = next((p for p in self.products.values() if p.sku == sku), None)
        return (
            None if found is None else ScannedProduct(found, sku, Quantity.from_thousandths(1000))
        )

    def batch_expiry(self, product_id: uuid.UUID, batch: str) -> date | None:
        return self.batch_expiries.get((product_id, batch))

    def _matching(self, text: str) -> list[ProductRow]:
        words = text.lower().split()
        found = [
            p
            for p in self.products.values()
            if p.state.sellable
            and all(any(w.startswith(word) for w in p.name.lower().split()) for word in words)
        ]
        return sorted(found, key=lambda p: p.name)

    def search(self, text: str, limit: int) -> Sequence[ProductRow]:
        return self._matching(text)[:limit]

    def count_matches(self, text: str, most: int) -> int:
        return min(len(self._matching(text)), most)

    def count_products(self) -> int:
        return len(self.products)

    def with_pricing(self, product: ProductRow) -> ProductRow:
        return product  # no price lists or promotions in the fake

    def sku_exists(self, sku: str) -> bool:
        return any(p.sku == sku for p in self.products.values())

    def barcode_owner(self, code: str) -> uuid.UUID | None:
        return self.barcodes[code][0] if code in self.barcodes else None

    def tax_class_exists(self, code: str) -> bool:
        return code in self.tax_classes

    def add_product(self, product_id: uuid.UUID, product: NewProduct, at: datetime) -> None:
        row = ProductRow(
            product_id,
            product.sku,
            product.name,
            product.unit,
            product.state,
            product.price,
            product.tax_class_code,
            product.weighed,
        )
        self.add(row, *product.barcodes)

    def master_record(self, product_id: uuid.UUID) -> dict[str, object]:
        row = self.products[product_id]
        return {"id": str(product_id), "sku": row.sku, "price": row.price.minor}


class FakeOutbox:
    """Events appended in the open unit of work; `committed` once it commits."""

    def __init__(self) -> None:
        self.pending: list[tuple[str, uuid.UUID, str]] = []
        self.committed: list[tuple[str, uuid.UUID, str]] = []

    def append(
        self,
        *,
        event_id: uuid.UUID,
        kind: str,
        aggregate_id: uuid.UUID,
        payload: str,
        at: datetime,
        author: object = None,
    ) -> None:
        self.pending.append((kind, aggregate_id, payload))

    def goes_to_head_office(self) -> bool:
        return False  # a shop on its own


class FakeUnitOfWork:
    """Commits by copying the working catalogue over the committed one; exit without commit
    throws the working copy away, like a rollback."""

    def __init__(self, catalogue: FakeCatalogue | None = None) -> None:
        self.committed = catalogue or FakeCatalogue()
        self.catalogue = self.committed
        self.outbox = FakeOutbox()
        self.actor = None
        self.commits = 0

    def __enter__(self) -> Self:
        import copy

        self.catalogue = copy.deepcopy(self.committed)
        self.outbox.pending = []
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.catalogue = self.committed

    def commit(self) -> None:
        self.committed = self.catalogue
        self.outbox.committed += self.outbox.pending
        self.outbox.pending = []
        self.commits += 1

    def rollback(self) -> None:
        self.catalogue = self.committed
