"""What the back office's customer, supplier, price-list and promotion screens read and change,
wired by bootstrap."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from posapp.domain.money import Money
from posapp.services.catalogue import ImportCheck
from posapp.services.partners.record_import import RecordCheck, SupplierProductsCheck
from posapp.services.shared import Progress


@dataclass(frozen=True)
class CustomerRow:
    id: uuid.UUID
    code: str
    name: str
    price_group: str
    credit_limit: Money | None
    balance: Money


@dataclass(frozen=True)
class PriceListRow:
    id: uuid.UUID
    code: str
    name: str
    kind: str
    applies_to: str  # the group or store
    validity: str
    items: int


@dataclass(frozen=True)
class SupplierRow:
    id: uuid.UUID
    code: str
    name: str
    payment_terms_days: int
    lead_time_days: int
    products: int


@dataclass(frozen=True)
class PromotionRow:
    id: uuid.UUID
    code: str
    name: str
    kind: str
    covers: str  # "2 products, 1 category"
    validity: str
    archived: bool


# What checking or importing a file of records gives back: rows, problems, how many are new.
FileCheck = ImportCheck | RecordCheck[Any] | SupplierProductsCheck
Fields = dict[str, str]  # a record as its editor shows it: field → text


class RecordsAdmin(Protocol):
    """What the back office's customer, supplier, price-list and promotion screens read and
    change, for the person signed in (bootstrap implements it on a node's store)."""

    @property
    def currency(self) -> str: ...

    def customers(self, typed: str) -> list[CustomerRow]:
        """Those whose code or name match `typed`, by name."""
        ...

    def customer_fields(self, customer_id: uuid.UUID) -> Fields: ...

    def save_customer(
        self, *, customer_id: uuid.UUID | None, fields: Mapping[str, str]
    ) -> uuid.UUID: ...

    def receive_payment(self, *, customer_id: uuid.UUID, amount: str, reference: str) -> Money:
        """A payment on account, the amount as typed; the balance after it."""
        ...

    def price_lists(self) -> list[PriceListRow]: ...

    def price_list(self, list_id: uuid.UUID) -> tuple[Fields, list[Fields]]:
        """The header and the items."""
        ...

    def save_price_list(
        self,
        *,
        list_id: uuid.UUID | None,
        header: Mapping[str, str],
        items: Sequence[Mapping[str, str]],
    ) -> uuid.UUID: ...

    def suppliers(self, typed: str) -> list[SupplierRow]: ...

    def supplier(self, supplier_id: uuid.UUID) -> tuple[Fields, list[Fields]]:
        """The supplier and what they supply."""
        ...

    def save_supplier(
        self,
        *,
        supplier_id: uuid.UUID | None,
        fields: Mapping[str, str],
        items: Sequence[Mapping[str, str]],
    ) -> uuid.UUID: ...

    def promotions(self) -> list[PromotionRow]: ...

    def promotion(self, promotion_id: uuid.UUID) -> Fields: ...

    def save_promotion(
        self, *, promotion_id: uuid.UUID | None, fields: Mapping[str, str]
    ) -> uuid.UUID: ...

    # Files by what they hold ("customers", "suppliers", "supplier-products"), with progress.
    def check_file(self, what: str, path: Path, progress: Progress) -> FileCheck:
        """Nothing written."""
        ...

    def import_file(self, what: str, path: Path, progress: Progress) -> FileCheck:
        """All rows or none (ImportRefused)."""
        ...

    def export_file(self, what: str, path: Path) -> int:
        """Rows written."""
        ...
