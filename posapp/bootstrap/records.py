"""Customers, suppliers, price lists and promotions at a node: their files in and out, and the back
office's screens for them wired to the store."""

from __future__ import annotations

import uuid
from functools import partial
from pathlib import Path
from typing import Any

from posapp.bootstrap.catalogue import export_products, import_products
from posapp.bootstrap.node import Node
from posapp.db.store import (
    StoreError,
)
from posapp.domain.errors import DomainError
from posapp.domain.money import Money
from posapp.services.partners import RecordsAdmin
from posapp.services.shared import Edit, FieldError, Progress

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
) -> Any:
    """A file of `what` (one of RECORD_FILES) checked and, unless `check_only`, imported: all
    rows or none. Returns the check (rows, problems, new); raises UnreadableFile, or
    ImportRefused with every problem found."""
    from posapp.reports.table_files import open_table
    from posapp.services import partners

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


def _record_kind(what: str) -> Any:
    from posapp.services import partners

    kinds = {"customers": partners.CUSTOMERS, "suppliers": partners.SUPPLIERS}
    if what not in kinds:
        raise StoreError(f"cannot import or export {what!r}; these: {', '.join(RECORD_FILES)}")
    return kinds[what]


def export_records(node: Node, what: str, path: Path) -> int:
    """Every record of `what` to a CSV or Excel file that `import_records` reads back."""
    from posapp.db.customers_repository import SqlAlchemyCustomers
    from posapp.db.suppliers_repository import SqlAlchemySuppliers
    from posapp.reports.table_files import write_table
    from posapp.services import partners

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
    from posapp.services import partners

    with node.unit_of_work() as uow:
        values = uow.customers.values(customer_id)
    if values is None:
        raise StoreError(f"no customer {customer_id}")
    return partners.customer_fields(values, node.settings.currency)


def _supplier(node: Node, supplier_id: uuid.UUID) -> tuple[dict[str, str], list[dict[str, str]]]:
    from posapp.services import partners

    with node.unit_of_work() as uow:
        values = uow.suppliers.values(supplier_id)
    if values is None:
        raise StoreError(f"no supplier {supplier_id}")
    return partners.supplier_fields(values, node.settings.currency)


def _promotion(node: Node, promotion_id: uuid.UUID) -> dict[str, str]:
    from posapp.services import pricing

    with node.unit_of_work() as uow:
        values = uow.promotions.values(promotion_id)
    if values is None:
        raise StoreError(f"no promotion {promotion_id}")
    return pricing.promotion_fields(values, node.settings.currency)


def _receive(node: Node, edit: Edit, customer_id: uuid.UUID, typed: str, reference: str) -> Money:
    from posapp.services import partners

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
    from posapp.db.records_list import (
        customer_rows,
        price_list_fields,
        price_list_rows,
        promotion_rows,
        supplier_rows,
    )
    from posapp.services import partners, pricing

    engine, currency = node.store.engine, node.settings.currency
    edit = Edit(by=signed_in_as, clock=node.clock, new_id=node.new_id)
    uow = node.unit_of_work
    return RecordsAdmin(
        customers=lambda typed: customer_rows(engine, typed, currency),
        customer_fields=partial(_customer_fields, node),
        save_customer=lambda customer_id, fields: partners.save_customer(
            uow(), customer_id=customer_id, fields=fields, currency=currency, **edit
        ),
        receive_payment=partial(_receive, node, edit),
        price_lists=lambda: price_list_rows(engine),
        price_list=lambda list_id: price_list_fields(engine, list_id, currency),
        save_price_list=lambda list_id, header, items: pricing.save_price_list(
            uow(), list_id=list_id, header=header, items=items, currency=currency, **edit
        ),
        suppliers=lambda typed: supplier_rows(engine, typed),
        supplier=partial(_supplier, node),
        save_supplier=lambda supplier_id, fields, items: partners.save_supplier(
            uow(), supplier_id=supplier_id, fields=fields, items=items, currency=currency, **edit
        ),
        check_file=lambda what, path, progress: import_records(
            node, what, path, by=signed_in_as, progress=progress, check_only=True
        ),
        import_file=lambda what, path, progress: import_records(
            node, what, path, by=signed_in_as, progress=progress
        ),
        export_file=lambda what, path: export_records(node, what, path),
        promotions=lambda: promotion_rows(engine),
        promotion=partial(_promotion, node),
        save_promotion=lambda promotion_id, fields: pricing.save_promotion(
            uow(), promotion_id=promotion_id, fields=fields, currency=currency, **edit
        ),
        currency=currency,
    )
