"""Customers, suppliers, price lists and promotions at a node: their files in and out, and the back
office's screens for them wired to the store."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from posapp.bootstrap.catalogue import export_products, import_products
from posapp.bootstrap.node import Node
from posapp.db import records_list
from posapp.db.store import (
    StoreError,
)
from posapp.domain.errors import DomainError
from posapp.domain.money import Money
from posapp.services import partners, pricing
from posapp.services.partners import RecordsAdmin
from posapp.services.shared import Edit, FieldError, Progress

Fields = dict[str, str]

# What `posapp import` / `export` and the back office's Import… buttons take.
RECORD_FILES = ("products", "customers", "suppliers", "supplier-products")


def import_records(
    node: Node,
    what: str,
    path: Path,
    *,
    by: str,
    progress: Progress | None = None,
    check_only: bool = False,
) -> partners.FileCheck:
    """A file of `what` (one of RECORD_FILES) checked and, unless `check_only`, imported: all
    rows or none. Returns the check (rows, problems, new); raises UnreadableFile, or
    ImportRefused with every problem found."""
    from posapp.reports.table_files import open_table

    if what == "products":
        return import_products(node, path, by=by, progress=progress, check_only=check_only)
    table = open_table(path)
    currency = node.settings.currency
    edit = Edit(by=by, clock=node.clock, new_id=node.new_id)
    if what == "supplier-products":
        if check_only:
            with node.unit_of_work() as uow:
                return partners.check_supplier_products(
                    uow, table.columns, table.read(), currency=currency
                )
        return partners.import_supplier_products(
            node.unit_of_work(),
            table.columns,
            table.read(),
            currency=currency,
            progress=progress,
            source=path.name,
            **edit,
        )
    kind = _record_kind(what)
    if check_only:
        with node.unit_of_work() as uow:
            return partners.check_records(
                uow,
                kind,
                table.columns,
                table.read(),
                currency=currency,
                progress=progress,
                total=table.rows,
            )
    return partners.import_records(
        node.unit_of_work(),
        kind,
        table.columns,
        table.read(),
        currency=currency,
        progress=progress,
        total=table.rows,
        source=path.name,
        **edit,
    )


def _record_kind(what: str) -> partners.RecordKind[Any]:
    kinds: dict[str, partners.RecordKind[Any]] = {
        "customers": partners.CUSTOMERS,
        "suppliers": partners.SUPPLIERS,
    }
    if what not in kinds:
        raise StoreError(f"cannot import or export {what!r}; these: {', '.join(RECORD_FILES)}")
    return kinds[what]


def export_records(node: Node, what: str, path: Path) -> int:
    """Every record of `what` to a CSV or Excel file that `import_records` reads back."""
    from posapp.db.customers_repository import SqlAlchemyCustomers
    from posapp.db.suppliers_repository import SqlAlchemySuppliers
    from posapp.reports.table_files import write_table

    if what == "products":
        return export_products(node, path)
    currency = node.settings.currency
    with node.store.engine.connect() as connection:
        if what == "supplier-products":
            rows = partners.export_supplier_products(
                SqlAlchemySuppliers(connection), currency=currency
            )
            return write_table(path, partners.SUPPLIER_PRODUCT_COLUMNS, rows)
        kind = _record_kind(what)
        repository = (
            SqlAlchemyCustomers(connection, currency)
            if kind is partners.CUSTOMERS
            else SqlAlchemySuppliers(connection)
        )
        rows = partners.export_records(repository, kind, currency=currency)
        return write_table(path, kind.columns, rows)


def _customer_fields(node: Node, customer_id: uuid.UUID) -> dict[str, str]:

    with node.unit_of_work() as uow:
        values = uow.customers.values(customer_id)
    if values is None:
        raise StoreError(f"no customer {customer_id}")
    return partners.customer_fields(values, node.settings.currency)


def _supplier(node: Node, supplier_id: uuid.UUID) -> tuple[dict[str, str], list[dict[str, str]]]:

    with node.unit_of_work() as uow:
        values = uow.suppliers.values(supplier_id)
    if values is None:
        raise StoreError(f"no supplier {supplier_id}")
    return partners.supplier_fields(values, node.settings.currency)


def _promotion(node: Node, promotion_id: uuid.UUID) -> dict[str, str]:

    with node.unit_of_work() as uow:
        values = uow.promotions.values(promotion_id)
    if values is None:
        raise StoreError(f"no promotion {promotion_id}")
    return pricing.promotion_fields(values, node.settings.currency)


def _receive(node: Node, edit: Edit, customer_id: uuid.UUID, typed: str, reference: str) -> Money:

    currency = node.settings.currency
    try:
        amount = Money.parse(typed, currency)
    except (DomainError, ValueError):
        raise FieldError("amount", typed, "is not an amount") from None
    return partners.receive_payment(
        node.unit_of_work(),
        customer_id=customer_id,
        amount=amount,
        reference=reference,
        terminal_code=node.settings.terminal_code,
        **edit,
    )


def records_admin(node: Node, *, signed_in_as: str = "Administrator") -> RecordsAdmin:
    """The back office's customer, supplier, price-list and promotion screens' data."""
    return NodeRecords(node, signed_in_as)


class NodeRecords:
    """RecordsAdmin on a node's store: its list queries, and its use cases as `by`."""

    def __init__(self, node: Node, by: str) -> None:
        self._node, self._by = node, by
        self._engine = node.store.engine
        self._edit = Edit(by=by, clock=node.clock, new_id=node.new_id)
        self.currency = node.settings.currency

    def customers(self, typed: str) -> list[partners.CustomerRow]:
        return records_list.customer_rows(self._engine, typed, self.currency)

    def customer_fields(self, customer_id: uuid.UUID) -> Fields:
        return _customer_fields(self._node, customer_id)

    def save_customer(
        self, *, customer_id: uuid.UUID | None, fields: Mapping[str, str]
    ) -> uuid.UUID:
        return partners.save_customer(
            self._node.unit_of_work(),
            customer_id=customer_id,
            fields=fields,
            currency=self.currency,
            **self._edit,
        )

    def receive_payment(self, *, customer_id: uuid.UUID, amount: str, reference: str) -> Money:
        return _receive(self._node, self._edit, customer_id, amount, reference)

    def price_lists(self) -> list[partners.PriceListRow]:
        return records_list.price_list_rows(self._engine)

    def price_list(self, list_id: uuid.UUID) -> tuple[Fields, list[Fields]]:
        return records_list.price_list_fields(self._engine, list_id, self.currency)

    def save_price_list(
        self,
        *,
        list_id: uuid.UUID | None,
        header: Mapping[str, str],
        items: Sequence[Mapping[str, str]],
    ) -> uuid.UUID:
        return pricing.save_price_list(
            self._node.unit_of_work(),
            list_id=list_id,
            header=header,
            items=items,
            currency=self.currency,
            **self._edit,
        )

    def suppliers(self, typed: str) -> list[partners.SupplierRow]:
        return records_list.supplier_rows(self._engine, typed)

    def supplier(self, supplier_id: uuid.UUID) -> tuple[Fields, list[Fields]]:
        return _supplier(self._node, supplier_id)

    def save_supplier(
        self,
        *,
        supplier_id: uuid.UUID | None,
        fields: Mapping[str, str],
        items: Sequence[Mapping[str, str]],
    ) -> uuid.UUID:
        return partners.save_supplier(
            self._node.unit_of_work(),
            supplier_id=supplier_id,
            fields=fields,
            items=items,
            currency=self.currency,
            **self._edit,
        )

    def promotions(self) -> list[partners.PromotionRow]:
        return records_list.promotion_rows(self._engine)

    def promotion(self, promotion_id: uuid.UUID) -> Fields:
        return _promotion(self._node, promotion_id)

    def save_promotion(
        self, *, promotion_id: uuid.UUID | None, fields: Mapping[str, str]
    ) -> uuid.UUID:
        return pricing.save_promotion(
            self._node.unit_of_work(),
            promotion_id=promotion_id,
            fields=fields,
            currency=self.currency,
            **self._edit,
        )

    def check_file(self, what: str, path: Path, progress: Progress) -> partners.FileCheck:
        return import_records(
            self._node, what, path, by=self._by, progress=progress, check_only=True
        )

    def import_file(self, what: str, path: Path, progress: Progress) -> partners.FileCheck:
        return import_records(self._node, what, path, by=self._by, progress=progress)

    def export_file(self, what: str, path: Path) -> int:
        return export_records(self._node, what, path)
