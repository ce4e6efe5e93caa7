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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from posapp.domain.catalogue import check_lifecycle_transition
from posapp.domain.errors import DomainError
from posapp.services.catalogue.import_memory import FileMemory
from posapp.services.catalogue.product_editing import PRODUCT_FIELDS, parse_product, product_fields
from posapp.services.shared import (
    Clock,
    FieldError,
    IdFactory,
    ImportRefused,
    NewProduct,
    Progress,
    RowProblem,
    UnitOfWork,
    column_problems,
    each_error,
    journal_event,
    new_product_record,
    queue_master_changes,
)

CHUNK = 500  # rows looked up and written together


@dataclass(frozen=True)
class CheckedRow:
    row: int
    product_id: uuid.UUID | None  # the existing product with this SKU
    product: NewProduct
    old_price_minor: int | None = None  # an existing product's price before the file


@dataclass
class ImportCheck:
    """What a file's check found: counts, the first rows (for a preview) and the problems. The
    rows themselves are not kept: a million-row file is checked in the memory of one chunk."""

    checked: int = 0  # rows that passed
    new: int = 0  # of them, products the store does not have yet
    problems: list[RowProblem] = field(default_factory=list)
    preview: list[CheckedRow] = field(default_factory=list)  # the first PREVIEW_ROWS that passed
    problems_not_kept: int = 0  # beyond MAX_PROBLEMS, only counted

    def add_problems(self, found: Iterable[RowProblem]) -> None:
        for problem in found:
            if len(self.problems) < MAX_PROBLEMS:
                self.problems.append(problem)
            else:
                self.problems_not_kept += 1


PREVIEW_ROWS = 200
MAX_PROBLEMS = 10_000  # a file of a million bad rows is reported by its first ten thousand
WRITE_EVERY = 5_000  # rows written together: one search-index pass and one outbox statement


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
    return _stream(uow, columns, rows, currency=currency, progress=progress, total=total)


def _stream(
    uow: UnitOfWork,
    columns: Sequence[str],
    rows: Iterable[Mapping[str, str]],
    *,
    currency: str,
    progress: Progress | None,
    total: int,
    write: Callable[[list[CheckedRow]], None] | None = None,
) -> ImportCheck:
    """Check the rows chunk by chunk; while no problem has been found, hand the rows that passed
    to `write` (in the caller's one transaction, which it rolls back if a later row fails)."""
    result = ImportCheck()
    result.add_problems(column_problems(columns, PRODUCT_FIELDS, "sku", "product"))
    if result.problems:
        return result
    uow.catalogue.start_import()
    memory = FileMemory()
    tax_classes: dict[str, bool] = {}
    pending: list[CheckedRow] = []
    chunk: list[tuple[int, Mapping[str, str]]] = []

    def check_chunk() -> None:
        passed = _check_chunk(uow, chunk, columns, currency, tax_classes, result, memory)
        result.checked += len(passed)
        result.new += sum(row.product_id is None for row in passed)
        result.preview.extend(passed[: PREVIEW_ROWS - len(result.preview)])
        chunk.clear()
        writing = write is not None and not result.problems
        memory.remember(uow, passed, to_be_written=writing)
        if not writing:
            return
        pending.extend(passed)
        if len(pending) >= WRITE_EVERY:
            assert write is not None
            write(pending)
            memory.written(pending)
            pending.clear()

    stage, done = ("checking" if write is None else "writing"), 0
    for number, fields in enumerate(rows, start=2):
        chunk.append((number, fields))
        if len(chunk) == CHUNK:
            done += CHUNK
            check_chunk()
            if progress:
                progress(stage, done, total)
    if chunk:
        done += len(chunk)
        check_chunk()
        if progress:
            progress(stage, done, total)
    if write is not None and pending and not result.problems:
        write(pending)
    _close_check(result, rows_read=done)
    return result


def _close_check(result: ImportCheck, *, rows_read: int) -> None:
    """An empty file is a problem; problems beyond those kept are counted in a last one."""
    if not result.checked and not result.problems:
        result.add_problems([RowProblem(2, "sku", "", "the file has no rows")])
    if result.problems_not_kept:
        result.problems.append(
            RowProblem(rows_read + 1, "", "", f"and {result.problems_not_kept:,} more problems")
        )


def _check_chunk(
    uow: UnitOfWork,
    chunk: list[tuple[int, Mapping[str, str]]],
    columns: Sequence[str],
    currency: str,
    tax_classes: dict[str, bool],
    result: ImportCheck,
    memory: FileMemory,
) -> list[CheckedRow]:
    """The chunk's rows that pass; their problems go to `result`. SKUs and barcodes are checked
    against the earlier rows of the file (`memory`) and against the store."""
    skus = [str(fields.get("sku") or "").strip() for _, fields in chunk]
    existing, added_skus = uow.catalogue.import_owners(skus, by="sku")
    parsed: list[tuple[int, str, uuid.UUID | None, NewProduct, int | None]] = []
    for (number, fields), sku in zip(chunk, skus, strict=True):
        product_id = existing.get(sku)
        try:
            product, old_price = _row_product(uow, product_id, fields, columns, currency)
        except FieldError as error:
            result.add_problems(
                RowProblem(number, e.field, e.value, e.reason) for e in each_error(error)
            )
            continue
        parsed.append((number, sku, product_id, product, old_price))
    codes = [code for _, _, _, product, _ in parsed for code, _ in product.barcodes]
    owners, added_codes = uow.catalogue.import_owners(codes, by="barcode")
    seen_skus, seen_codes = memory.earlier(
        uow, [sku for _, sku, _, _, _ in parsed], codes, added_skus, added_codes
    )
    passed: list[CheckedRow] = []
    for number, sku, product_id, product, old_price in parsed:
        code = product.tax_class_code
        if code not in tax_classes:
            tax_classes[code] = uow.catalogue.tax_class_exists(code)
        if not tax_classes[code]:
            result.add_problems([RowProblem(number, "tax_class", code, "is not a tax class here")])
            continue
        if sku in seen_skus:
            result.add_problems(
                [RowProblem(number, "sku", sku, f"is also on row {seen_skus[sku]}")]
            )
            continue
        seen_skus[sku] = number
        clash = _barcode_clash(product, number, seen_codes)
        if clash is not None:
            result.add_problems([clash])
            continue
        passed.append(CheckedRow(number, product_id, product, old_price))
    for row in passed:  # barcodes of products the store had before the file
        for code, _ in row.product.barcodes:
            owner = owners.get(code)
            if owner is not None and owner != row.product_id:
                other = uow.catalogue.sku_of(owner)
                result.add_problems(
                    [RowProblem(row.row, "barcodes", code, f"already belongs to product {other}")]
                )
    return passed


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
    """Check and write the file in one pass and one transaction: all or nothing. Rows are
    written in batches as they pass; a problem anywhere rolls every batch back. Raises
    ImportRefused with every problem found."""
    now = clock.now()
    changed = 0

    def write(batch: list[CheckedRow]) -> None:
        nonlocal changed
        changed += _write_batch(uow, batch, currency=currency, by=by, clock=clock, new_id=new_id)

    with uow:
        with uow.catalogue.indexing_after():  # ends (the index built) before the commit below
            result = _stream(
                uow, columns, rows, currency=currency, progress=progress, total=total, write=write
            )
            if result.problems:
                raise ImportRefused(result.problems)  # the unit of work rolls every batch back
        journal_event(
            uow,
            "products_imported",
            {"source": source, "created": result.new, "changed": changed, "by": by},
            at=now,
            new_id=new_id,
        )
        uow.commit()
    return result


def _write_batch(
    uow: UnitOfWork,
    batch: list[CheckedRow],
    *,
    currency: str,
    by: str,
    clock: Clock,
    new_id: IdFactory,
) -> int:
    """Add the batch's new products, change the existing ones (journaling each price change),
    queue every product's master record; how many existing products changed."""
    now = clock.now()
    new = [(new_id(), row.product) for row in batch if row.product_id is None]
    uow.catalogue.add_products(new, now)
    changed = [row for row in batch if row.product_id is not None]
    for row in changed:
        assert row.product_id is not None
        uow.catalogue.update_product(row.product_id, row.product, now)
        if row.old_price_minor != row.product.price.minor:
            change = {"sku": row.product.sku, "old": row.old_price_minor}
            journal_event(
                uow,
                "price_changed",
                {**change, "new": row.product.price.minor, "by": by},
                at=now,
                new_id=new_id,
            )
    # Each product's master record is made from the row just written, not read back.
    touched = new + [(row.product_id, row.product) for row in changed if row.product_id]
    queue_master_changes(
        uow,
        entity="product",
        records=[
            (str(product_id), new_product_record(product_id, product, currency))
            for product_id, product in touched
        ],
        clock=clock,
        new_id=new_id,
    )
    return len(changed)
