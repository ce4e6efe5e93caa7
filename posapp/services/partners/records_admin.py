"""What the back office's customer, supplier, price-list and promotion screens read and change,
wired by bootstrap."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from posapp.domain.money import Money
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


@dataclass(frozen=True)
class RecordsAdmin:
    customers: Callable[[str], list[CustomerRow]]  # filter → rows, by name
    customer_fields: Callable[[uuid.UUID], dict[str, str]]
    save_customer: Callable[[uuid.UUID | None, Mapping[str, str]], uuid.UUID]
    receive_payment: Callable[[uuid.UUID, str, str], Money]  # amount typed, reference → balance
    price_lists: Callable[[], list[PriceListRow]]
    price_list: Callable[[uuid.UUID], tuple[dict[str, str], list[dict[str, str]]]]
    save_price_list: Callable[
        [uuid.UUID | None, Mapping[str, str], Sequence[Mapping[str, str]]], uuid.UUID
    ]
    suppliers: Callable[[str], list[SupplierRow]]
    supplier: Callable[[uuid.UUID], tuple[dict[str, str], list[dict[str, str]]]]
    save_supplier: Callable[
        [uuid.UUID | None, Mapping[str, str], Sequence[Mapping[str, str]]], uuid.UUID
    ]
    promotions: Callable[[], list[PromotionRow]]
    promotion: Callable[[uuid.UUID], dict[str, str]]
    save_promotion: Callable[[uuid.UUID | None, Mapping[str, str]], uuid.UUID]
    # Files by what they hold ("customers", "suppliers", "supplier-products"), with progress.
    check_file: Callable[[str, Path, Progress], Any]  # → rows, problems, new; writes nothing
    import_file: Callable[[str, Path, Progress], Any]  # all rows or none (ImportRefused)
    export_file: Callable[[str, Path], int]  # → rows written
    currency: str
