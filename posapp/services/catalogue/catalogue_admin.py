"""What the back office's catalogue screens read and change, wired by bootstrap (the screens
know nothing of SQLite): the product list a page at a time, one product to edit, saving it,
bulk edits, and a product's price history."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

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


@dataclass(frozen=True)
class CatalogueAdmin:
    page: Callable[[str, int, int], list[ProductListRow]]  # filter, offset, limit
    fields: Callable[[uuid.UUID], dict[str, str]]  # a product as its editor shows it
    save: Callable[[uuid.UUID | None, Mapping[str, str]], ProductSaved]
    bulk_edit: Callable[[Sequence[uuid.UUID], BulkChange], int]
    price_history: Callable[[str], list[PriceChange]]  # by SKU, newest first
    tax_classes: Callable[[], list[str]]
    currency: str
    check_file: Callable[[Path, Progress], ImportCheck]  # nothing written
    import_file: Callable[[Path, Progress], ImportCheck]  # all rows or none (ImportRefused)
    export_file: Callable[[Path], int]  # rows written
    labels_pdf: Callable[[Sequence[uuid.UUID], str], bytes]  # products, layout → PDF
