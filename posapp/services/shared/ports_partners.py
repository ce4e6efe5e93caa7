"""Partners and pricing master data: customers and their accounts, price lists, suppliers,
promotions."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from posapp.domain.customers import CustomerAccount, CustomerRef
from posapp.domain.money import Money
from posapp.domain.partner_records import Customer, Promotion, Supplier
from posapp.domain.pricing import PriceListDraft


class Customers(Protocol):
    def id_of_code(self, code: str) -> uuid.UUID | None: ...

    def values(self, customer_id: uuid.UUID) -> Customer | None: ...

    def save(self, customer_id: uuid.UUID, values: Customer, at: datetime) -> None: ...

    def account(self, customer_id: uuid.UUID) -> CustomerAccount | None: ...

    def search(self, typed: str, limit: int = 50) -> list[CustomerRef]: ...

    def add_entry(
        self,
        *,
        entry_id: uuid.UUID,
        customer_id: uuid.UUID,
        kind: str,
        amount: Money,
        document_id: uuid.UUID | None,
        reference: str | None,
        terminal_code: str,
        at: datetime,
        shift_id: uuid.UUID | None = None,
        tender: str | None = None,
    ) -> None: ...

    def all_ids(self) -> list[uuid.UUID]: ...

    def master_record(self, customer_id: uuid.UUID) -> dict[str, Any]: ...


class PriceLists(Protocol):
    def id_of_code(self, code: str) -> uuid.UUID | None: ...

    def overlapping(
        self, list_id: uuid.UUID, draft: PriceListDraft, ids: dict[str, uuid.UUID]
    ) -> list[tuple[str, str]]: ...

    def save(
        self, list_id: uuid.UUID, draft: PriceListDraft, ids: dict[str, uuid.UUID], at: datetime
    ) -> None: ...

    def master_record(self, list_id: uuid.UUID) -> dict[str, Any]: ...


class Suppliers(Protocol):
    def id_of_code(self, code: str) -> uuid.UUID | None: ...

    def values(self, supplier_id: uuid.UUID) -> Supplier | None: ...

    def save(
        self,
        supplier_id: uuid.UUID,
        values: Supplier,
        product_ids: dict[str, uuid.UUID],
        at: datetime,
    ) -> None: ...

    def all_ids(self) -> list[uuid.UUID]: ...

    def master_record(self, supplier_id: uuid.UUID) -> dict[str, Any]: ...


class Promotions(Protocol):
    def id_of_code(self, code: str) -> uuid.UUID | None: ...

    def category_ids(self, names: Sequence[str]) -> dict[str, uuid.UUID]: ...

    def values(self, promotion_id: uuid.UUID) -> Promotion | None: ...

    def save(self, promotion_id: uuid.UUID, values: Promotion, at: datetime) -> None: ...

    def master_record(self, promotion_id: uuid.UUID) -> dict[str, Any]: ...
