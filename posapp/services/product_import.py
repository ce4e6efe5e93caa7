"""Importing products from a file (CSV or Excel): check every row, report every problem, and
write all of it or none of it.

Columns are the product fields (`sku, name, unit, weighed, tax_class, category, brand, state,
cost, price, barcodes, note`); only `sku` is required. A row whose SKU is new creates a product
(then `name` and `price` are needed); a row whose SKU exists changes only the columns the file
has, so a file of `sku, price` is a price update and one of `sku, barcodes` sets barcodes.

Each problem names the row (as a spreadsheet numbers it: the header is row 1), the column, the
value and the reason. Nothing is written while any row has one.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from posapp.domain.catalogue import check_lifecycle_transition
from posapp.domain.errors import DomainError
from posapp.services.field_parsing import FieldError, each_error
from posapp.services.file_import import ImportRefused, Progress, RowProblem, column_problems
from posapp.services.journal_events import journal_event
from posapp.services.master_changes import queue_master_changes
from posapp.services.ports import Clock, IdFactory, NewProduct, UnitOfWork
from posapp.services.product_editing import PRODUCT_FIELDS, parse_product, product_fields

CHUNK = 500  # rows looked up and written together


@dataclass(frozen=True)
class CheckedRow:
    row: int
    product_id: uuid.UUID | None  # the existing product with this SKU
    product: NewProduct
    old_price_minor: int | None = None  # an existing product's price before the file


@dataclass(frozen=True)
class ImportCheck:
    rows: list[CheckedRow]
    problems: list[RowProblem]

    @property
    def new(self) -> int:
        return sum(row.product_id is None for row in self.rows)


def check_products(
    uow: UnitOfWork,
    columns: Sequence[str],
    rows: Iterable[Mapping[str, str]],
    *,
    currency: str,
    progress: Progress | None = None,
    total: int = 0,
) -> ImportCheck:
    """Every row read and checked against the file and the store; nothing written. Call inside
    an open unit of work."""
    problems = column_problems(columns, PRODUCT_FIELDS, "sku", "product")
    if problems:
        return ImportCheck([], problems)
    checked: list[CheckedRow] = []
    seen_skus: dict[str, int] = {}
    seen_codes: dict[str, tuple[int, str]] = {}
    chunk: list[tuple[int, Mapping[str, str]]] = []
    tax_classes: dict[str, bool] = {}

    def check_chunk() -> None:
        skus = [str(fields.get("sku") or "").strip() for _, fields in chunk]
        existing = uow.catalogue.ids_of_skus(skus)
        first_new = len(checked)  # this chunk's rows that pass are appended after here
        for number, fields in chunk:
            sku = str(fields.get("sku") or "").strip()
            product_id = existing.get(sku)
            try:
                product, old_price = _row_product(uow, product_id, fields, columns, currency)
            except FieldError as error:
                problems.extend(
                    RowProblem(number, e.field, e.value, e.reason) for e in each_error(error)
                )
                continue
            code = product.tax_class_code
            if code not in tax_classes:
                tax_classes[code] = uow.catalogue.tax_class_exists(code)
            if not tax_classes[code]:
                problems.append(RowProblem(number, "tax_class", code, "is not a tax class here"))
                continue
            if sku in seen_skus:
                problems.append(RowProblem(number, "sku", sku, f"is also on row {seen_skus[sku]}"))
                continue
            seen_skus[sku] = number
            clash = _barcode_clash(product, number, seen_codes)
            if clash is not None:
                problems.append(clash)
                continue
            checked.append(CheckedRow(number, product_id, product, old_price))
        passed = checked[first_new:]
        owners = uow.catalogue.barcode_owners(
            [code for row in passed for code, _ in row.product.barcodes]
        )
        for row in passed:
            for code, _ in row.product.barcodes:
                owner = owners.get(code)
                if owner is not None and owner != row.product_id:
                    other = uow.catalogue.sku_of(owner)
                    problems.append(
                        RowProblem(row.row, "barcodes", code, f"already belongs to product {other}")
                    )
        chunk.clear()

    done = 0
    for number, fields in enumerate(rows, start=2):
        chunk.append((number, fields))
        if len(chunk) == CHUNK:
            check_chunk()
            done += CHUNK
            if progress:
                progress("checking", done, total)
    if chunk:
        done += len(chunk)
        check_chunk()
        if progress:
            progress("checking", done, total)
    if not checked and not problems:
        problems.append(RowProblem(2, "sku", "", "the file has no rows"))
    return ImportCheck(checked, problems)


def _row_product(
    uow: UnitOfWork,
    product_id: uuid.UUID | None,
    fields: Mapping[str, str],
    columns: Sequence[str],
    currency: str,
) -> tuple[NewProduct, int | None]:
    if product_id is None:
        return parse_product(fields, currency), None
    before = uow.catalogue.editable(product_id)
    assert before is not None
    merged = product_fields(before)
    merged.update({column: str(fields.get(column) or "") for column in columns})
    product = parse_product(merged, currency)
    try:  # the same lifecycle rule as the editor: nothing goes back to NEW
        if product.state is not before.state:
            check_lifecycle_transition(before.state, product.state)
    except DomainError as refused:
        raise FieldError("state", product.state.value, str(refused)) from None
    return product, before.price.minor


def _barcode_clash(
    product: NewProduct, number: int, seen: dict[str, tuple[int, str]]
) -> RowProblem | None:
    for code, _ in product.barcodes:
        if code in seen and seen[code][1] != product.sku:
            return RowProblem(number, "barcodes", code, f"is also on row {seen[code][0]}")
        seen[code] = (number, product.sku)
    return None


def import_products(
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
    total: int = 0,
) -> ImportCheck:
    """Check, then write every row in one transaction: all or nothing. Raises ImportRefused
    with every problem found."""
    now = clock.now()
    with uow:
        checked = check_products(uow, columns, rows, currency=currency, progress=progress,
                                 total=total)  # fmt: skip
        if checked.problems:
            raise ImportRefused(checked.problems)
        tax_classes = {row.product.tax_class_code for row in checked.rows}
        for code in sorted(tax_classes):
            if not uow.catalogue.tax_class_exists(code):
                first = next(r.row for r in checked.rows if r.product.tax_class_code == code)
                raise ImportRefused(
                    [RowProblem(first, "tax_class", code, "is not a tax class here")]
                )
        new = [(new_id(), row.product) for row in checked.rows if row.product_id is None]
        uow.catalogue.add_products(new, now)
        changed = [(row.product_id, row.product) for row in checked.rows if row.product_id]
        for row in checked.rows:
            if row.product_id is None:
                continue
            uow.catalogue.update_product(row.product_id, row.product, now)
            if row.old_price_minor != row.product.price.minor:
                journal_event(
                    uow,
                    "price_changed",
                    {"sku": row.product.sku, "old": row.old_price_minor,
                     "new": row.product.price.minor, "by": by},
                    at=now,
                    new_id=new_id,
                )  # fmt: skip
        journal_event(
            uow,
            "products_imported",
            {"source": source, "created": len(new), "changed": len(changed), "by": by},
            at=now,
            new_id=new_id,
        )
        touched = [product_id for product_id, _ in [*new, *changed] if product_id is not None]
        for start in range(0, len(touched), CHUNK):
            chunk = touched[start : start + CHUNK]
            records = uow.catalogue.master_records(chunk)
            queue_master_changes(
                uow,
                entity="product",
                records=[(str(product_id), records[product_id]) for product_id in chunk],
                clock=clock,
                new_id=new_id,
            )
            if progress:
                progress("writing", min(start + CHUNK, len(touched)), len(touched))
        uow.commit()
    return checked
