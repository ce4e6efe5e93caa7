"""What the use cases need of the catalogue: reading it at the till, writing it in the back office
and in imports."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, Protocol

from posapp.domain.catalogue import (
    LifecycleState,
    ProductRow,
    ScannedProduct,
    product_master_record,
)
from posapp.domain.money import Money


@dataclass(frozen=True, slots=True)
class NewProduct:
    """A product as a person entered it, validated by `catalogue.register_product`."""

    sku: str
    name: str
    price: Money
    tax_class_code: str
    unit: str = "pc"
    weighed: bool = False
    cost: Money | None = None
    state: LifecycleState = LifecycleState.ACTIVE
    category_name: str | None = None
    brand_name: str | None = None
    barcodes: Sequence[tuple[str, int]] = ()  # (code, pack quantity in thousandths)
    note: str | None = None


def new_product_record(
    product_id: uuid.UUID, product: NewProduct, currency: str
) -> dict[str, object]:
    """A new product's master record, made from what was entered (not read back)."""
    return product_master_record(
        product_id,
        sku=product.sku,
        name=product.name,
        unit=product.unit,
        weighed=product.weighed,
        tax_class=product.tax_class_code,
        state=product.state.value,
        cost_minor=None if product.cost is None else product.cost.minor,
        price_minor=product.price.minor,
        currency=currency,
        barcodes=product.barcodes,
        category=[product.category_name] if product.category_name else [],
        brand=product.brand_name or "",
    )


class CatalogueReader(Protocol):
    """Read side of the catalogue, safe to call from a worker thread of its own."""

    def find_by_barcode(self, code: str) -> ScannedProduct | None: ...

    def find_by_sku(self, sku: str) -> ScannedProduct | None: ...

    def batch_expiry(self, product_id: uuid.UUID, batch: str) -> date | None:
        """The expiry the stock ledger knows for a product's batch (None: none known), for a
        label that names its batch but not its expiry."""
        ...

    def search(self, text: str, limit: int) -> Sequence[ProductRow]: ...

    def count_matches(self, text: str, most: int) -> int:
        """How many products `search` would find without a limit, counted up to `most`."""
        ...

    def count_products(self) -> int: ...

    def with_pricing(self, product: ProductRow) -> ProductRow:
        """The product with the price lists and promotions that may apply to it."""
        ...


class CatalogueRepository(CatalogueReader, Protocol):
    """Catalogue writes, used inside a unit of work."""

    def start_import(self) -> None:
        """Forget the SKUs and barcodes an earlier import remembered (see `remember_rows`), and
        count the products added from here on (see `import_owners`)."""
        ...

    def import_owners(
        self, keys: Sequence[str], *, by: Literal["sku", "barcode"]
    ) -> tuple[dict[str, uuid.UUID], dict[str, int]]:
        """For SKUs or barcodes: the products that had them before this import (key → id), and
        those this import added (key → n, the import's n-th added product, from 0)."""
        ...

    def indexing_after(self) -> AbstractContextManager[None]:
        """Products added inside reach the search index in one pass when it ends."""
        ...

    def earlier_rows(
        self, skus: Sequence[str], codes: Sequence[str]
    ) -> tuple[dict[str, int], dict[str, tuple[int, str]]]: ...

    def remember_rows(
        self, skus: Sequence[tuple[str, int]], codes: Sequence[tuple[str, int, str]]
    ) -> None: ...

    def sku_exists(self, sku: str) -> bool: ...

    def barcode_owner(self, code: str) -> uuid.UUID | None: ...

    def tax_class_exists(self, code: str) -> bool: ...

    def add_product(self, product_id: uuid.UUID, product: NewProduct, at: datetime) -> None: ...

    def price_of_sku(self, sku: str) -> tuple[uuid.UUID, Money] | None: ...

    def set_price(self, product_id: uuid.UUID, price_minor: int, at: datetime) -> None: ...

    def set_state(self, product_id: uuid.UUID, state: str, at: datetime) -> None: ...

    def product_id_of_sku(self, sku: str) -> uuid.UUID | None: ...

    def ids_of_skus(self, skus: Sequence[str]) -> dict[str, uuid.UUID]: ...

    def barcode_owners(self, codes: Sequence[str]) -> dict[str, uuid.UUID]: ...

    def add_products(self, items: Sequence[tuple[uuid.UUID, NewProduct]], at: datetime) -> None: ...

    def sku_of(self, product_id: uuid.UUID) -> str | None: ...

    def editable(self, product_id: uuid.UUID) -> NewProduct | None: ...

    def update_product(self, product_id: uuid.UUID, product: NewProduct, at: datetime) -> None: ...

    def master_record(self, product_id: uuid.UUID) -> dict[str, object]:
        """The product as it travels to head office and back (see master data in sync)."""
        ...

    def master_records_after(self, sku: str, limit: int) -> list[tuple[str, dict[str, object]]]:
        """(SKU, master record) of the next `limit` products by SKU after `sku`."""
        ...
