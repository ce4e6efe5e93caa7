"""Ports: what the use cases need from the outside world, as Protocols.

Adapters in `posapp.db` (and later `devices`, `reports`) implement them; `posapp.bootstrap` wires
the concrete ones. Tests use the in-memory fakes beside the unit tests.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any, Literal, Protocol, Self

from posapp.domain.actors import Actor
from posapp.domain.authorship import Author
from posapp.domain.basket import Basket
from posapp.domain.catalogue import LifecycleState, ProductRow, ScannedProduct
from posapp.domain.customers import CustomerAccount, CustomerRef
from posapp.domain.money import Money
from posapp.domain.returns import AlreadyReturned
from posapp.domain.sale import SaleDocument


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        ...


class IdFactory(Protocol):
    def __call__(self) -> uuid.UUID: ...


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


class CatalogueReader(Protocol):
    """Read side of the catalogue, safe to call from a worker thread of its own."""

    def find_by_barcode(self, code: str) -> ScannedProduct | None: ...

    def find_by_sku(self, sku: str) -> ScannedProduct | None: ...

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


class Journal(Protocol):
    def append(
        self,
        *,
        entry_id: uuid.UUID,
        kind: str,
        document_id: uuid.UUID | None,
        payload: str,
        at: datetime,
    ) -> None: ...


class Outbox(Protocol):
    def append(
        self,
        *,
        event_id: uuid.UUID,
        kind: str,
        aggregate_id: uuid.UUID,
        payload: str,
        at: datetime,
        author: Author | None = None,
    ) -> None: ...

    def append_many(
        self,
        events: Sequence[tuple[uuid.UUID, str, uuid.UUID, str, Author | None]],
        at: datetime,
    ) -> None:
        """Events (id, kind, aggregate id, payload, author) in this order, numbered on from the
        last."""
        ...

    def goes_to_head_office(self) -> bool:
        """Whether this node is enrolled with head office (its events are sent there)."""
        ...


class ParkedSales(Protocol):
    def park(self, parked_id: uuid.UUID, label: str, basket: Basket, at: datetime) -> None: ...

    def list(self) -> list[ParkedSale]: ...

    def take(self, parked_id: uuid.UUID) -> Basket | None: ...


@dataclass(frozen=True, slots=True)
class UserRecord:
    id: uuid.UUID
    username: str
    display_name: str
    role: str
    permissions: frozenset[str]
    pin_hash: str | None
    password_hash: str | None = None


class Users(Protocol):
    def by_username(self, username: str) -> UserRecord | None: ...

    def with_permission(self, permission: str) -> list[UserRecord]: ...

    def all(self) -> list[UserRecord]: ...

    def role_exists(self, role: str) -> bool: ...

    def add_role(self, code: str, name: str, permissions: frozenset[str], at: datetime) -> None: ...

    def set_credentials(
        self,
        user_id: uuid.UUID,
        *,
        display_name: str,
        pin_hash: str,
        password_hash: str,
        at: datetime,
    ) -> None: ...

    def add(
        self,
        *,
        user_id: uuid.UUID,
        username: str,
        display_name: str,
        role: str,
        pin_hash: str | None,
        at: datetime,
    ) -> None: ...

    def set_password(self, username: str, password_hash: str, at: datetime) -> None: ...

    def roles(self) -> list[tuple[str, str, frozenset[str]]]: ...

    def set_role_permissions(
        self, role: str, permissions: frozenset[str], at: datetime
    ) -> None: ...

    def user_record(self, user_id: uuid.UUID) -> dict[str, object]: ...

    def role_record(self, code: str) -> dict[str, object]: ...

    def pin_failures_since(self, terminal_code: str, since: datetime) -> int: ...

    def record_pin_failure(self, terminal_code: str, at: datetime) -> None: ...

    def clear_pin_failures(self, terminal_code: str) -> None: ...


@dataclass(frozen=True, slots=True)
class OpenShift:
    id: uuid.UUID
    number: int
    cashier_name: str
    opened_at: datetime
    opening_float_minor: int


@dataclass(frozen=True, slots=True)
class ShiftSums:
    """What an X or Z report adds up, over the documents rung up in one shift."""

    sales: tuple[int, int]  # count, total (minor units)
    returns: tuple[int, int]  # count, total (negative)
    discounts_minor: int
    by_tender: tuple[tuple[str, int], ...]  # kind, net amount (change and refunds included)
    by_tax: tuple[tuple[str, int, int, int], ...]  # code, ppm, base, tax
    by_cashier: tuple[tuple[str, int, int], ...]  # name, documents, total
    cash_in_minor: int
    cash_out_minor: int
    drops_minor: int
    account_payments: tuple[tuple[str, int], ...] = ()  # tender, amount taken on account


class Shifts(Protocol):
    def open_shift_id(self, terminal_code: str, drawer: str = "") -> uuid.UUID | None: ...

    def current(self, terminal_code: str, drawer: str = "") -> OpenShift | None: ...

    def open(
        self,
        *,
        shift_id: uuid.UUID,
        terminal_code: str,
        cashier_id: uuid.UUID,
        float_minor: int,
        count: dict[str, int],
        at: datetime,
        drawer: str = "",
    ) -> int: ...

    def add_cash_movement(
        self,
        *,
        movement_id: uuid.UUID,
        shift_id: uuid.UUID,
        kind: str,
        amount_minor: int,
        reason: str,
        user_id: uuid.UUID,
        at: datetime,
    ) -> None: ...

    def sums(self, shift_id: uuid.UUID) -> ShiftSums: ...

    def journal_counts_since(self, since: datetime, kinds: tuple[str, ...]) -> dict[str, int]: ...

    def close(
        self,
        *,
        shift_id: uuid.UUID,
        count: dict[str, int],
        counted_minor: int,
        expected_minor: int,
        approved_by: uuid.UUID | None,
        at: datetime,
    ) -> None: ...

    def next_z_number(self, terminal_code: str) -> int: ...

    def add_z_report(
        self,
        *,
        report_id: uuid.UUID,
        terminal_code: str,
        number: int,
        shift_id: uuid.UUID,
        payload: str,
        at: datetime,
    ) -> None: ...

    def z_report(self, terminal_code: str, number: int) -> str | None: ...


class DocumentCodec(Protocol):
    """Serialises a document canonically: the journal hashes it and the outbox sends it."""

    def __call__(self, doc: SaleDocument) -> str: ...


class ShopSettings(Protocol):
    def put(self, key: str, value: object, at: datetime) -> None:
        """Set one setting (a JSON value), replacing what was there."""
        ...


class Customers(Protocol):
    def id_of_code(self, code: str) -> uuid.UUID | None: ...

    def values(self, customer_id: uuid.UUID) -> dict[str, Any] | None: ...

    def save(self, customer_id: uuid.UUID, values: dict[str, Any], at: datetime) -> None: ...

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
        self, list_id: uuid.UUID, draft: Any, ids: dict[str, uuid.UUID]
    ) -> list[tuple[str, str]]: ...

    def save(
        self, list_id: uuid.UUID, draft: Any, ids: dict[str, uuid.UUID], at: datetime
    ) -> None: ...

    def master_record(self, list_id: uuid.UUID) -> dict[str, Any]: ...


class Suppliers(Protocol):
    def id_of_code(self, code: str) -> uuid.UUID | None: ...

    def values(self, supplier_id: uuid.UUID) -> dict[str, Any] | None: ...

    def save(
        self,
        supplier_id: uuid.UUID,
        values: dict[str, Any],
        product_ids: dict[str, uuid.UUID],
        at: datetime,
    ) -> None: ...

    def all_ids(self) -> list[uuid.UUID]: ...

    def master_record(self, supplier_id: uuid.UUID) -> dict[str, Any]: ...


class Promotions(Protocol):
    def id_of_code(self, code: str) -> uuid.UUID | None: ...

    def category_ids(self, names: Sequence[str]) -> dict[str, uuid.UUID]: ...

    def values(self, promotion_id: uuid.UUID) -> dict[str, Any] | None: ...

    def save(self, promotion_id: uuid.UUID, values: dict[str, Any], at: datetime) -> None: ...

    def master_record(self, promotion_id: uuid.UUID) -> dict[str, Any]: ...


class UnitOfWork(Protocol):
    """One write transaction: everything in it is committed together or not at all. Its
    repositories are read-only members, so an adapter may hold its own concrete ones."""

    @property
    def catalogue(self) -> CatalogueRepository: ...

    @property
    def sales(self) -> SalesRepository: ...

    @property
    def stock(self) -> StockLedger: ...

    @property
    def journal(self) -> Journal: ...

    @property
    def outbox(self) -> Outbox: ...

    @property
    def parked(self) -> ParkedSales: ...

    @property
    def users(self) -> Users: ...

    @property
    def shifts(self) -> Shifts: ...

    @property
    def settings(self) -> ShopSettings: ...

    @property
    def customers(self) -> Customers: ...

    @property
    def price_lists(self) -> PriceLists: ...

    @property
    def suppliers(self) -> Suppliers: ...

    @property
    def promotions(self) -> Promotions: ...

    # Who is acting, when a person signed in (the back office, `--as` on the command line):
    # master-data changes check their permission and are signed with their author key. None
    # for a till's own work, a shop's setup, and a script on a shop of its own.
    actor: Actor | None

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...
