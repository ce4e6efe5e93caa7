"""What the back office's catalogue screens read and change, wired by bootstrap (the screens
know nothing of SQLite): the product list a page at a time, one product to edit, saving it,
bulk edits, and a product's price history."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from posapp.domain.money import Money
from posapp.services.catalogue.product_editing import BulkChange, ProductSaved
from posapp.services.catalogue.product_import import ImportCheck
from posapp.services.shared import Progress


@dataclass(frozen=True)
class ProductListRow:
    id: uuid.UUID
    sku: str
    name: str
    category: str
    state: str
    price: Money
    cost: Money | None
    barcodes: str  # space separated


@dataclass(frozen=True)
class PriceChange:
    at: datetime
    by: str
    old: Money
    new: Money


@dataclass(frozen=True)
class LabelProduct:
    """What a shelf label shows."""

    sku: str
    name: str
    unit: str
    price: Money
    barcode: str | None  # the one to print; None: the SKU as Code 128


class CatalogueAdmin(Protocol):
    """What the back office's catalogue screens read and change, for the person signed in
    (bootstrap implements it on a node's store; the screens know nothing of SQLite)."""

    @property
    def currency(self) -> str: ...

    def page(self, *, typed: str, offset: int, limit: int) -> list[ProductListRow]:
        """The products whose SKU, name or barcode match `typed`, by SKU, a page at a time."""
        ...

    def fields(self, product_id: uuid.UUID) -> dict[str, str]:
        """A product as its editor shows it."""
        ...

    def save(self, *, product_id: uuid.UUID | None, fields: Mapping[str, str]) -> ProductSaved:
        """Create (`product_id` None) or change a product from its typed fields."""
        ...

    def bulk_edit(self, *, product_ids: Sequence[uuid.UUID], change: BulkChange) -> int:
        """How many products changed."""
        ...

    def price_history(self, sku: str) -> list[PriceChange]:
        """Newest first."""
        ...

    def tax_classes(self) -> list[str]: ...

    def check_file(self, path: Path, progress: Progress) -> ImportCheck:
        """A product file checked; nothing written."""
        ...

    def import_file(self, path: Path, progress: Progress) -> ImportCheck:
        """A product file imported: all rows or none (ImportRefused)."""
        ...

    def export_file(self, path: Path) -> int:
        """Rows written."""
        ...

    def labels_pdf(self, *, product_ids: Sequence[uuid.UUID], layout: str) -> bytes: ...
