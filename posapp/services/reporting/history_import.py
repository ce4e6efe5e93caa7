"""Importing past sales (posapp.domain.sales_history): every row checked first, every problem
named by row, column, value and reason; then all of it written in one transaction, or none.

The file is read twice — once to check it and learn its products and invoices, once to write —
so a million lines never sit in memory. A product code seen with several names keeps the most
frequent as the product's name (each line keeps its own); products are created from the file
only when the mapping asks, in its tax class, priced at their last unit price."""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field

from posapp.domain.actors import Actor
from posapp.domain.money import Money
from posapp.domain.permissions import Permission
from posapp.domain.sales_history import HistoryLine, HistoryMapping, LineReader, LineRefused
from posapp.services.reporting.reports import may_view_reports
from posapp.services.shared import (
    Clock,
    HistoryDocument,
    HistoryLineRow,
    IdFactory,
    ImportRefused,
    NewProduct,
    Progress,
    RowProblem,
    UnitOfWork,
    new_product_record,
    queue_master_changes,
)

MAX_PROBLEMS = 200  # named one by one; more are counted
# Lines per statement, and per fold of their sums into the summaries: a month's or a week's sums
# of a product go in once per 20,000 lines, not once per 5,000 (68.7 s → 61.1 s for 1,000,000).
WRITE_EVERY = 20_000
Rows = Callable[[], Iterable[Mapping[str, str]]]  # the file's rows, from the start, each call


@dataclass
class HistoryCheck:
    lines: int = 0
    documents: int = 0
    credit_notes: int = 0
    not_goods: int = 0  # lines of postage, fees and the like
    new_products: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    more_problems: int = 0

    def problem(self, row: int, column: str, value: str, reason: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(RowProblem(row, column, value, reason))
        else:
            self.more_problems += 1


@dataclass
class _Learned:
    """What the check learns for writing: each code's names, category and last unit price;
    each invoice's day, and the rows its first line is on."""

    names: dict[str, Counter[str]] = field(default_factory=dict)
    category: dict[str, str] = field(default_factory=dict)
    last_price: dict[str, int] = field(default_factory=dict)
    invoice_row: dict[str, int] = field(default_factory=dict)
    invoice_line: dict[str, HistoryLine] = field(default_factory=dict)


def import_history(
    uow: UnitOfWork,
    rows: Rows,
    *,
    mapping: HistoryMapping,
    currency: str,
    exponent: int,
    source: str,
    by: str,
    actor: Actor | None,
    clock: Clock,
    new_id: IdFactory,
    progress: Progress | None = None,
    total: int = 0,
    check_only: bool = False,
) -> HistoryCheck:
    """Check the file; unless `check_only`, write it. ImportRefused names every problem."""
    may_view_reports(actor)
    if mapping.create_products and actor is not None and not actor.may(Permission.MANAGE_CATALOGUE):
        raise ImportRefused(
            [RowProblem(1, "create_products", "true", f"{actor.name} may not create products")]
        )
    # The file is checked before the write transaction begins: a till sharing the store does
    # not wait behind the reading of a long file, only behind the writing.
    check, learned = _check(rows(), mapping, exponent, progress, total)
    with uow:
        _check_against_store(uow, check, learned, mapping)
        if check_only or check.problems:
            if check.problems and not check_only:
                raise ImportRefused(check.problems)
            return check
        products = _products(uow, learned, mapping, currency, clock, new_id)
        import_id = new_id()
        uow.history.add_import(
            import_id,
            source=source,
            mapping=json.dumps(asdict(mapping), default=sorted, sort_keys=True),
            documents=check.documents,
            lines=check.lines,
            by=by,
            at=clock.now(),
        )
        _write(uow, rows(), mapping, exponent, products, import_id, new_id, progress, total)
        uow.commit()
    return check


def _check(
    rows: Iterable[Mapping[str, str]],
    mapping: HistoryMapping,
    exponent: int,
    progress: Progress | None,
    total: int,
) -> tuple[HistoryCheck, _Learned]:
    check, learned = HistoryCheck(), _Learned()
    problem, reader = check.problem, LineReader(mapping, exponent)
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        try:
            line = reader.read(row)
        except LineRefused as refused:
            problem(
                number,
                mapping.column(refused.field) or refused.field,
                refused.value,
                refused.reason,
            )
            continue
        _learn(check, learned, line, number, problem)
        if progress is not None and number % 10_000 == 0:
            progress("checking", number - 1, total)
    return check, learned


def _learn(
    check: HistoryCheck,
    learned: _Learned,
    line: HistoryLine,
    number: int,
    problem: Callable[[int, str, str, str], None],
) -> None:
    check.lines += 1
    first = learned.invoice_line.get(line.invoice)
    if first is None:
        learned.invoice_line[line.invoice] = line
        learned.invoice_row[line.invoice] = number
        check.documents += 1
        check.credit_notes += int(line.cancelled)
    elif first.day != line.day:
        problem(
            number,
            "date",
            line.day.isoformat(),
            f"invoice {line.invoice} is dated {first.day} on row "
            f"{learned.invoice_row[line.invoice]}",
        )
    if not line.goods:
        check.not_goods += 1
        return
    learned.names.setdefault(line.code, Counter())[line.name] += 1
    if line.category:
        learned.category.setdefault(line.code, line.category)
    if line.unit_price_minor is not None and line.unit_price_minor >= 0:
        learned.last_price[line.code] = line.unit_price_minor


def _check_against_store(
    uow: UnitOfWork, check: HistoryCheck, learned: _Learned, mapping: HistoryMapping
) -> None:
    """Invoices an earlier import brought in, and product codes the store does not know."""
    problem = check.problem
    invoice = mapping.column("invoice") or "invoice"
    before = uow.history.imported_before(list(learned.invoice_row))
    for number in sorted(before, key=learned.invoice_row.__getitem__):
        problem(learned.invoice_row[number], invoice, number, "was imported before")
    known = uow.history.product_ids(list(learned.names))
    unknown = [code for code in learned.names if code not in known]
    if mapping.create_products:
        check.new_products = len(unknown)
        if unknown and mapping.tax_class not in uow.history.tax_classes():
            problem(1, "tax_class", mapping.tax_class, "is not a tax class of this shop")
        return
    code = mapping.column("product_code") or "product_code"
    for unknown_code in unknown[:MAX_PROBLEMS]:
        problem(1, code, unknown_code, "no product has this code (the mapping may create it)")


def _products(
    uow: UnitOfWork,
    learned: _Learned,
    mapping: HistoryMapping,
    currency: str,
    clock: Clock,
    new_id: IdFactory,
) -> dict[str, uuid.UUID]:
    """Every goods code's product: the store's, or one made from the file (and sent to head
    office like any new product)."""
    found = uow.history.product_ids(list(learned.names))
    made = [
        (
            new_id(),
            NewProduct(
                sku=code,
                name=learned.names[code].most_common(1)[0][0],
                price=Money(learned.last_price.get(code, 0), currency),
                tax_class_code=mapping.tax_class,
                category_name=learned.category.get(code),
            ),
        )
        for code in learned.names
        if code not in found
    ]
    if made:
        uow.catalogue.add_products(made, clock.now())
        queue_master_changes(
            uow,
            entity="product",
            records=[
                (str(product_id), new_product_record(product_id, p, currency))
                for product_id, p in made
            ],
            clock=clock,
            new_id=new_id,
        )
    return {**found, **{p.sku: product_id for product_id, p in made}}


def _write(
    uow: UnitOfWork,
    rows: Iterable[Mapping[str, str]],
    mapping: HistoryMapping,
    exponent: int,
    products: dict[str, uuid.UUID],
    import_id: uuid.UUID,
    new_id: IdFactory,
    progress: Progress | None,
    total: int,
) -> None:
    documents: dict[str, tuple[uuid.UUID, str]] = {}  # invoice → its id and region
    next_line: Counter[uuid.UUID] = Counter()
    new_documents: list[HistoryDocument] = []
    lines: list[HistoryLineRow] = []
    reader = LineReader(mapping, exponent)
    for number, row in enumerate(rows, start=1):
        line = reader.read(row)
        found = documents.get(line.invoice)
        if found is None:
            found = documents[line.invoice] = (new_id(), line.region)
            new_documents.append(_document(found[0], line))
        document_id, region = found
        next_line[document_id] += 1
        product = products.get(line.code) if line.goods else None
        lines.append(HistoryLineRow(document_id, next_line[document_id], product, line, region))
        if len(lines) >= WRITE_EVERY:
            _flush(uow, import_id, new_documents, lines)
            if progress is not None:
                progress("writing", number, total)
    _flush(uow, import_id, new_documents, lines)


def _document(document_id: uuid.UUID, line: HistoryLine) -> HistoryDocument:
    return HistoryDocument(
        document_id,
        line.invoice,
        "RETURN" if line.cancelled else "SALE",
        line.day,
        line.customer,
        line.country,
        line.region,
        line.city,
    )


def _flush(
    uow: UnitOfWork,
    import_id: uuid.UUID,
    documents: list[HistoryDocument],
    lines: list[HistoryLineRow],
) -> None:
    if documents:
        uow.history.add_documents(import_id, documents)
        documents.clear()
    if lines:
        uow.history.add_lines(lines)
        lines.clear()
