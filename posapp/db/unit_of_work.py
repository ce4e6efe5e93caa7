"""The SQLite unit of work: one BEGIN IMMEDIATE transaction, committed explicitly or rolled back."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine, RootTransaction

from posapp.db.catalogue_repository import SqlAlchemyCatalogue
from posapp.db.customers_repository import SqlAlchemyCustomers
from posapp.db.engine import queued_for_writing
from posapp.db.history_repository import SqlAlchemySalesHistory
from posapp.db.ledger_repositories import SqlAlchemyJournal, SqlAlchemyOutbox, SqlAlchemyStockLedger
from posapp.db.node_setup import SqlAlchemySettings
from posapp.db.parked_repository import SqlAlchemyParkedSales
from posapp.db.payables_repository import SqlAlchemyPayables
from posapp.db.price_lists_repository import SqlAlchemyPriceLists
from posapp.db.promotions_repository import SqlAlchemyPromotions
from posapp.db.receipt_costs_repository import SqlAlchemyReceiptCosts
from posapp.db.sales_repository import SqlAlchemySales
from posapp.db.shifts_repository import SqlAlchemyShifts
from posapp.db.stock_counts_repository import SqlAlchemyStockCounts
from posapp.db.stock_documents_repository import SqlAlchemyStockDocuments
from posapp.db.suppliers_repository import SqlAlchemySuppliers
from posapp.db.users_repository import SqlAlchemyUsers
from posapp.domain.actors import Actor


class SqlAlchemyUnitOfWork:
    """`with uow: ...; uow.commit()` — leaving the block without commit rolls everything back."""

    catalogue: SqlAlchemyCatalogue
    history: SqlAlchemySalesHistory
    sales: SqlAlchemySales
    stock: SqlAlchemyStockLedger
    journal: SqlAlchemyJournal
    outbox: SqlAlchemyOutbox
    parked: SqlAlchemyParkedSales
    users: SqlAlchemyUsers
    shifts: SqlAlchemyShifts
    settings: SqlAlchemySettings
    customers: SqlAlchemyCustomers
    price_lists: SqlAlchemyPriceLists
    suppliers: SqlAlchemySuppliers
    promotions: SqlAlchemyPromotions
    stock_documents: SqlAlchemyStockDocuments
    stock_counts: SqlAlchemyStockCounts
    payables: SqlAlchemyPayables
    receipt_costs: SqlAlchemyReceiptCosts

    def __init__(
        self,
        engine: Engine,
        *,
        terminal_code: str = "T01",
        currency: str = "EUR",
        actor: Actor | None = None,
    ) -> None:
        self.actor = actor
        self._engine = engine
        self._terminal_code = terminal_code
        self._currency = currency
        self._connection: Connection | None = None
        self._transaction: RootTransaction | None = None

    def __enter__(self) -> Self:
        # This process's writers queue here first (see engine.queued_for_writing); released on exit.
        self._queue = queued_for_writing(self._engine)
        self._queue.__enter__()
        try:
            self._connection = self._engine.connect()
            self._connection.execution_options(write=True)  # BEGIN IMMEDIATE, see engine.py
            self._transaction = self._connection.begin()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        connection = self._connection
        self.catalogue = SqlAlchemyCatalogue(connection)
        self.history = SqlAlchemySalesHistory(connection)
        self.sales = SqlAlchemySales(connection)
        self.stock = SqlAlchemyStockLedger(connection)
        self.journal = SqlAlchemyJournal(connection, self._terminal_code)
        self.outbox = SqlAlchemyOutbox(connection)
        self.parked = SqlAlchemyParkedSales(connection, self._terminal_code)
        self.users = SqlAlchemyUsers(connection)
        self.shifts = SqlAlchemyShifts(connection)
        self.settings = SqlAlchemySettings(connection)
        self.customers = SqlAlchemyCustomers(connection, self._currency)
        self.price_lists = SqlAlchemyPriceLists(connection)
        self.suppliers = SqlAlchemySuppliers(connection)
        self.promotions = SqlAlchemyPromotions(connection)
        self.stock_documents = SqlAlchemyStockDocuments(connection)
        self.stock_counts = SqlAlchemyStockCounts(connection)
        self.payables = SqlAlchemyPayables(connection)
        self.receipt_costs = SqlAlchemyReceiptCosts(connection)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if self._transaction is not None and self._transaction.is_active:
                self._transaction.rollback()
        finally:
            try:
                if self._connection is not None:
                    self._connection.close()
            finally:
                self._connection = None
                self._transaction = None
                self._queue.__exit__(None, None, None)

    def commit(self) -> None:
        assert self._transaction is not None, "commit outside `with uow:`"
        self._transaction.commit()

    def rollback(self) -> None:
        if self._transaction is not None and self._transaction.is_active:
            self._transaction.rollback()
