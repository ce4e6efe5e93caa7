"""Ports: what the use cases need from the outside world, as Protocols, one module per part of the
business (ports_catalogue, ports_selling, …); here the clock, ids and the unit of work that opens
them all.

Adapters in `posapp.db` (and later `devices`, `reports`) implement them; `posapp.bootstrap` wires
the concrete ones. Tests use the in-memory fakes beside the unit tests.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from posapp.domain.actors import Actor
from posapp.services.shared.ports_cash import (
    OpenShift,
    Shifts,
    ShiftSums,
)
from posapp.services.shared.ports_catalogue import (
    CatalogueReader,
    CatalogueRepository,
    NewProduct,
)
from posapp.services.shared.ports_history import SalesHistory
from posapp.services.shared.ports_partners import (
    Customers,
    PriceLists,
    Promotions,
    Suppliers,
)
from posapp.services.shared.ports_people import (
    UserRecord,
    Users,
)
from posapp.services.shared.ports_records import (
    DocumentCodec,
    Journal,
    Outbox,
    ShopSettings,
)
from posapp.services.shared.ports_selling import (
    ParkedSale,
    ParkedSales,
    SalesRepository,
    StockLedger,
    StockMovement,
)
from posapp.services.shared.ports_stock import (
    Payables,
    ReceiptCosts,
    StockCounts,
    StockDocuments,
)


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        ...


class IdFactory(Protocol):
    def __call__(self) -> uuid.UUID: ...


class UnitOfWork(Protocol):
    """One write transaction: everything in it is committed together or not at all. Its
    repositories are read-only members, so an adapter may hold its own concrete ones."""

    @property
    def catalogue(self) -> CatalogueRepository: ...

    @property
    def history(self) -> SalesHistory: ...

    @property
    def sales(self) -> SalesRepository: ...

    @property
    def stock(self) -> StockLedger: ...

    @property
    def stock_documents(self) -> StockDocuments: ...

    @property
    def stock_counts(self) -> StockCounts: ...

    @property
    def payables(self) -> Payables: ...

    @property
    def receipt_costs(self) -> ReceiptCosts: ...

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


__all__ = [
    "CatalogueReader",
    "CatalogueRepository",
    "Clock",
    "Customers",
    "DocumentCodec",
    "IdFactory",
    "Journal",
    "NewProduct",
    "OpenShift",
    "Outbox",
    "ParkedSale",
    "ParkedSales",
    "Payables",
    "PriceLists",
    "Promotions",
    "ReceiptCosts",
    "SalesRepository",
    "ShiftSums",
    "Shifts",
    "ShopSettings",
    "StockCounts",
    "StockDocuments",
    "StockLedger",
    "StockMovement",
    "Suppliers",
    "UnitOfWork",
    "UserRecord",
    "Users",
]
