"""Customers, suppliers and what suppliers supply, from and to CSV or Excel files.

A row is keyed by its `code`: a new code makes a record, a known one changes only the columns
the file has (a file of `code, credit_limit` sets limits). Every row is checked with the same
rules as the editor before anything is written, every problem is named by row, column, value
and reason, and the file goes in whole or not at all. Each record written travels to head
office as its master event.

A supplier's products come in their own file, one row per product (`supplier, sku,
supplier_code, cost`, and `pack` when they sell in packs), as a supplier's price list does: a
row changes that product's line and leaves the supplier's others as they were.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from posapp.domain.errors import DomainError
from posapp.domain.money import Money
from posapp.domain.partner_records import UNIT_PACK, Customer, Supplier, pack_of, product_line
from posapp.domain.quantity import Quantity
from posapp.services.partners import customer_admin, supplier_admin
from posapp.services.shared import (
    Clock,
    FieldError,
    IdFactory,
    ImportRefused,
    Progress,
    RowProblem,
    Suppliers,
    UnitOfWork,
    column_problems,
    each_error,
    journal_event,
    money_field,
    queue_master_change,
)

SUPPLIER_PRODUCT_COLUMNS = ("supplier", "sku", "supplier_code", "cost", "pack")


R = TypeVar("R", Customer, Supplier)


@dataclass(frozen=True)
class RecordKind(Generic[R]):
    """One kind of record as a file holds it."""

    entity: str  # "customer": its master events are master.customer
    plural: str
    columns: tuple[str, ...]
    parse: Callable[[Mapping[str, str], str], R]  # typed, currency → values
    fields_of: Callable[[R, str], dict[str, str]]  # values, currency → typed
    repository: Callable[[UnitOfWork], Any]  # id_of_code, values, all_ids, master_record
    save: Callable[[UnitOfWork, uuid.UUID, R, datetime], None]
    # What a known record keeps of its own (what a file cannot set): (from the file, stored).
    keep: Callable[[R, R], R] | None = None


def _keep_products(read: Supplier, stored: Supplier) -> Supplier:
    read["products"] = stored["products"]  # they come in their own file
    return read


def _save_supplier(uow: UnitOfWork, key: uuid.UUID, values: Supplier, at: datetime) -> None:
    ids = uow.catalogue.ids_of_skus([line[0] for line in values["products"]])
    uow.suppliers.save(key, values, ids, at)


CUSTOMERS: RecordKind[Customer] = RecordKind(
    entity="customer",
    plural="customers",
    columns=customer_admin.CUSTOMER_FIELDS,
    parse=customer_admin.parse_customer,
    fields_of=customer_admin.customer_fields,
    repository=lambda uow: uow.customers,
    save=lambda uow, key, values, at: uow.customers.save(key, values, at),
)
SUPPLIERS: RecordKind[Supplier] = RecordKind(
    entity="supplier",
    plural="suppliers",
    columns=supplier_admin.SUPPLIER_FIELDS,
    parse=lambda typed, currency: supplier_admin.parse_supplier(typed, [], currency),
    fields_of=lambda values, currency: supplier_admin.supplier_fields(values, currency)[0],
    repository=lambda uow: uow.suppliers,
    save=_save_supplier,
    keep=_keep_products,
)


@dataclass(frozen=True)
class CheckedRecord(Generic[R]):
    row: int
    record_id: uuid.UUID | None  # the known record with this code
    values: R


class _Counted(Generic[R]):
    """What the import dialog and `posapp import` show of any check: a count and a preview."""

    rows: list[CheckedRecord[R]]

    @property
    def checked(self) -> int:
        return len(self.rows)

    @property
    def preview(self) -> list[CheckedRecord[R]]:
        return self.rows[:200]


@dataclass(frozen=True)
class RecordCheck(_Counted[R]):
    rows: list[CheckedRecord[R]]
    problems: list[RowProblem]

    @property
    def new(self) -> int:
        return sum(row.record_id is None for row in self.rows)


def check_records(
    uow: UnitOfWork,
    kind: RecordKind[R],
    columns: Sequence[str],
    rows: Iterable[Mapping[str, str]],
    *,
    currency: str,
    progress: Progress | None = None,
    total: int = 0,
) -> RecordCheck[R]:
    """Every row read and checked against the file and the store; nothing written."""
    problems = column_problems(columns, kind.columns, "code", kind.entity)
    if problems:
        return RecordCheck([], problems)
    repository = kind.repository(uow)
    checked: list[CheckedRecord[R]] = []
    seen: dict[str, int] = {}
    for number, fields in enumerate(rows, start=2):
        if progress and number % 500 == 0:
            progress("checking", number - 1, total)
        code = str(fields.get("code") or "").strip()
        record_id = repository.id_of_code(code) if code else None
        stored = None if record_id is None else repository.values(record_id)
        typed = {} if stored is None else kind.fields_of(stored, currency)
        typed.update({column: str(fields.get(column) or "") for column in columns})
        try:
            values = kind.parse(typed, currency)
        except FieldError as error:
            problems.extend(
                RowProblem(number, e.field, e.value, e.reason) for e in each_error(error)
            )
            continue
        if code in seen:
            problems.append(RowProblem(number, "code", code, f"is also on row {seen[code]}"))
            continue
        seen[code] = number
        if stored is not None and kind.keep is not None:
            values = kind.keep(values, stored)
        checked.append(CheckedRecord(number, record_id, values))
    if not checked and not problems:
        problems.append(RowProblem(2, "code", "", "the file has no rows"))
    return RecordCheck(checked, problems)


def import_records(
    uow: UnitOfWork,
    kind: RecordKind[R],
    columns: Sequence[str],
    rows: Iterable[Mapping[str, str]],
    *,
    currency: str,
    source: str,
    by: str,
    clock: Clock,
    new_id: IdFactory,
    progress: Progress | None = None,
    total: int = 0,
) -> RecordCheck[R]:
    """Check, then write every row in one transaction: all or nothing. Raises ImportRefused
    with every problem found."""
    now = clock.now()
    with uow:
        checked = check_records(
            uow, kind, columns, rows, currency=currency, progress=progress, total=total
        )
        if checked.problems:
            raise ImportRefused(checked.problems)
        repository = kind.repository(uow)
        for done, row in enumerate(checked.rows, start=1):
            record_id = row.record_id or new_id()
            kind.save(uow, record_id, row.values, now)
            queue_master_change(
                uow,
                entity=kind.entity,
                key=str(record_id),
                record=repository.master_record(record_id),
                clock=clock,
                new_id=new_id,
            )
            if progress and (done % 500 == 0 or done == len(checked.rows)):
                progress("writing", done, len(checked.rows))
        journal_event(
            uow,
            f"{kind.plural}_imported",
            {
                "source": source,
                "created": checked.new,
                "changed": len(checked.rows) - checked.new,
                "by": by,
            },
            at=now,
            new_id=new_id,
        )
        uow.commit()
    return checked


def export_records(repository: Any, kind: RecordKind[R], *, currency: str) -> Iterator[list[str]]:
    """Every record as a file row, in code order: what `import_records` reads back."""
    for record_id in repository.all_ids():
        typed = kind.fields_of(repository.values(record_id), currency)
        yield [typed.get(column, "") for column in kind.columns]


# -- what suppliers supply ------------------------------------------------------------------------


@dataclass(frozen=True)
class SupplierProductsCheck(_Counted[Supplier]):
    rows: list[
        CheckedRecord[Supplier]
    ]  # one per supplier touched: its whole product list after the file
    problems: list[RowProblem]
    lines: int = 0

    @property
    def new(self) -> int:
        return 0  # a line is new or changed; suppliers themselves are never made here


def _pack_cell(number: int, typed: str, problems: list[RowProblem]) -> int | None:
    """Units a pack holds (empty: single units); None, with the problem, when unreadable."""
    try:
        pack = Quantity.parse(typed).thousandths if typed else UNIT_PACK
    except (DomainError, ValueError):
        problems.append(RowProblem(number, "pack", typed, "is not a quantity"))
        return None
    if not 0 < pack <= 10**9:
        problems.append(RowProblem(number, "pack", typed, "is more than nothing"))
        return None
    return pack


def check_supplier_products(
    uow: UnitOfWork, columns: Sequence[str], rows: Iterable[Mapping[str, str]], *, currency: str
) -> SupplierProductsCheck:
    problems = column_problems(columns, SUPPLIER_PRODUCT_COLUMNS, "supplier", "supplier product")
    problems += [
        RowProblem(1, column, "", f"the file needs a {column} column")
        for column in ("sku", "cost")
        if column not in columns
    ]
    if problems:
        return SupplierProductsCheck([], problems)
    suppliers: dict[str, CheckedRecord[Supplier]] = {}
    seen: dict[tuple[str, str], int] = {}
    typed_rows = list(enumerate(rows, start=2))
    product_ids = uow.catalogue.ids_of_skus(
        [str(fields.get("sku") or "").strip() for _, fields in typed_rows]
    )
    for number, fields in typed_rows:
        code = str(fields.get("supplier") or "").strip()
        sku = str(fields.get("sku") or "").strip()
        if code not in suppliers:
            supplier_id = uow.suppliers.id_of_code(code) if code else None
            if supplier_id is None:
                problems.append(RowProblem(number, "supplier", code, "is not a supplier code"))
                continue
            values = uow.suppliers.values(supplier_id)
            assert values is not None
            suppliers[code] = CheckedRecord(number, supplier_id, values)
        if sku not in product_ids:
            problems.append(RowProblem(number, "sku", sku, "is not a product SKU"))
            continue
        if (code, sku) in seen:
            problems.append(RowProblem(number, "sku", sku, f"is also on row {seen[code, sku]}"))
            continue
        seen[code, sku] = number
        try:
            cost = money_field("cost", str(fields.get("cost") or ""), currency, required=True)
        except FieldError as error:
            problems.extend(
                RowProblem(number, e.field, e.value, e.reason) for e in each_error(error)
            )
            continue
        assert cost is not None
        their_code = str(fields.get("supplier_code") or "").strip() or sku
        if len(their_code) > 64:
            problems.append(RowProblem(number, "supplier_code", their_code, "is too long (64)"))
            continue
        pack = _pack_cell(number, str(fields.get("pack") or "").strip(), problems)
        if pack is None:
            continue
        lines = suppliers[code].values["products"]
        lines[:] = [line for line in lines if line[0] != sku] + [
            product_line(sku, their_code, cost.minor, pack)
        ]
    if not seen and not problems:
        problems.append(RowProblem(2, "supplier", "", "the file has no rows"))
    return SupplierProductsCheck(list(suppliers.values()), problems, len(seen))


def import_supplier_products(
    uow: UnitOfWork,
    columns: Sequence[str],
    rows: Iterable[Mapping[str, str]],
    *,
    currency: str,
    source: str,
    by: str,
    clock: Clock,
    new_id: IdFactory,
    progress: Progress | None = None,
) -> SupplierProductsCheck:
    now = clock.now()
    with uow:
        checked = check_supplier_products(uow, columns, rows, currency=currency)
        if checked.problems:
            raise ImportRefused(checked.problems)
        for done, supplier in enumerate(checked.rows, start=1):
            assert supplier.record_id is not None
            _save_supplier(uow, supplier.record_id, supplier.values, now)
            queue_master_change(
                uow,
                entity="supplier",
                key=str(supplier.record_id),
                record=uow.suppliers.master_record(supplier.record_id),
                clock=clock,
                new_id=new_id,
            )
            if progress:
                progress("writing", done, len(checked.rows))
        journal_event(
            uow,
            "supplier_products_imported",
            {"source": source, "lines": checked.lines, "by": by},
            at=now,
            new_id=new_id,
        )
        uow.commit()
    return checked


def export_supplier_products(suppliers: Suppliers, *, currency: str) -> Iterator[list[str]]:
    for supplier_id in suppliers.all_ids():
        values = suppliers.values(supplier_id)
        assert values is not None
        for line in values["products"]:
            yield [
                values["code"],
                line[0],
                line[1],
                str(Money(line[2], currency).amount),
                str(Quantity.from_thousandths(pack_of(line))),
            ]
