"""Supplier bills: entered from the supplier's invoice (or made from the receipts it bills),
each line matched to the receipt line it bills — at once or later, once both exist — and
posted: quantities and prices are checked against what was received within the store's
tolerances, and the supplier is owed the bill's total from its due date (the bill date plus
the supplier's terms)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from posapp.domain.numbers import MAX_AMOUNT_MINOR
from posapp.domain.payables import BillLine, BillRefused, bill_totals, check_price, check_quantity
from posapp.domain.stock import (
    PREFIXES,
    DocumentLine,
    DocumentRefused,
    DocumentType,
    StatusChange,
    StockDocument,
)
from posapp.services.shared import Clock, FieldError, IdFactory, UnitOfWork, journal_event
from posapp.services.stock.drafts import (
    CheckedHeader,
    add_draft,
    found,
    require,
)
from posapp.services.stock.sharing import share_document

BILL = DocumentType.SUPPLIER_BILL


@dataclass(frozen=True)
class BillLineDraft:
    """A line as the invoice prints it."""

    sku: str
    quantity_milli: int
    unit_price_minor: int
    tax_rate_ppm: int | None = None  # None: the product's rate
    receipt_number: str | None = None  # the receipt it bills, when known


@dataclass(frozen=True)
class BillPosted:
    number: str
    total_minor: int
    due_at: datetime
    # Some of the billed goods were costed in a period closed through this day: what the
    # supplier billed does not change their cost (a closed period is final).
    costs_final_through: date | None = None


def create_bill(
    uow: UnitOfWork,
    *,
    supplier_code: str,
    invoice: str,
    bill_date: datetime,
    lines: Sequence[BillLineDraft],
    terminal_code: str,
    clock: Clock,
    new_id: IdFactory,
) -> StockDocument:
    """A draft bill with the invoice's lines, each matched to its receipt where one is named."""
    now = clock.now()
    with uow:
        by = _payables_person(uow)
        supplier_id = _supplier(uow, supplier_code)
        invoice = _invoice(invoice)
        checked = []
        for number, line in enumerate(lines, start=1):
            checked.append((new_id(), _bill_line(uow, number, line, supplier_id)))
        if not checked:
            raise FieldError("lines", "", "a bill has at least one line")
        location_id = uow.stock_documents.location_id(None)
        assert location_id is not None
        document = add_draft(
            uow,
            doc_type=BILL,
            status="draft",
            number=uow.stock_documents.next_number(PREFIXES[BILL], terminal_code),
            by=by,
            checked=CheckedHeader(location_id, supplier_id, None, invoice, bill_date),
            lines=tuple(checked),
            now=now,
            new_id=new_id,
        )
        uow.commit()
    return document


def bill_receipts(
    uow: UnitOfWork,
    *,
    supplier_code: str,
    invoice: str,
    bill_date: datetime,
    receipt_numbers: Sequence[str],
    terminal_code: str,
    clock: Clock,
    new_id: IdFactory,
) -> StockDocument:
    """A draft bill of the receipts' lines as received (quantity, cost), each matched to its
    receipt line: edit what the invoice says differently, then post it."""
    lines = []
    with uow:
        for receipt_number in receipt_numbers:
            receipt = received_receipt(uow, receipt_number)
            for _, line in receipt.lines:
                sku = uow.catalogue.sku_of(line.product_id) or ""
                lines.append(
                    BillLineDraft(
                        sku, line.quantity_milli, line.unit_cost_minor or 0, None, receipt_number
                    )
                )
    return create_bill(
        uow,
        supplier_code=supplier_code,
        invoice=invoice,
        bill_date=bill_date,
        lines=lines,
        terminal_code=terminal_code,
        clock=clock,
        new_id=new_id,
    )


def match_bill(
    uow: UnitOfWork, *, bill_id: uuid.UUID, matches: Sequence[tuple[int, str]], clock: Clock
) -> StockDocument:
    """Match draft lines (by number) to the receipts that brought them in."""
    now = clock.now()
    with uow:
        bill = found(uow, bill_id)
        _payables_person(uow)
        _still_a_draft(bill)
        assert bill.supplier_id is not None
        lines = list(bill.lines)
        for line_no, receipt_number in matches:
            if not 1 <= line_no <= len(lines):
                raise FieldError("line", str(line_no), f"is not a line of {bill.number}")
            line_id, line = lines[line_no - 1]
            receipt_line = _receipt_line(uow, receipt_number, line.product_id, bill.supplier_id)
            lines[line_no - 1] = (line_id, replace(line, receipt_line_id=receipt_line))
        changed = replace(bill, lines=tuple(lines))
        uow.stock_documents.replace_lines(changed, now)
        uow.commit()
    return changed


def post_bill(
    uow: UnitOfWork, *, bill_id: uuid.UUID, clock: Clock, new_id: IdFactory
) -> BillPosted:
    """Check every line against what its receipt line brought and cost, then owe the supplier
    the bill's total from its due date. BillRefused names the line and what is wrong."""
    now = clock.now()
    with uow:
        bill = found(uow, bill_id)
        by = _payables_person(uow)
        _still_a_draft(bill)
        _check_against_receipts(uow, bill)
        _, _, total = bill_totals(
            BillLine(line.quantity_milli, line.unit_cost_minor or 0, line.tax_rate_ppm or 0)
            for _, line in bill.lines
        )
        assert bill.supplier_id is not None
        supplier = uow.suppliers.values(bill.supplier_id)
        assert supplier is not None
        due_at = bill.business_at + timedelta(days=int(supplier["payment_terms_days"]))
        uow.payables.add_entry(
            new_id(),
            supplier_id=bill.supplier_id,
            kind="BILL",
            amount_minor=total,
            business_at=bill.business_at,
            due_at=due_at,
            document_id=bill.id,
            at=now,
        )
        uow.stock_documents.set_due(bill.id, due_at)
        uow.stock_documents.set_status(bill.id, "posted", now, completed=True)
        uow.stock_documents.add_history(bill.id, StatusChange("draft", "posted", by, now))
        # what the goods cost is what the supplier billed: costing takes it from the receipt on
        billed = [line.receipt_line_id for _, line in bill.lines if line.receipt_line_id]
        final = uow.receipt_costs.closed_through(billed) if billed else None
        uow.receipt_costs.cost_again(billed)
        share_document(uow, bill.id, now=now, new_id=new_id)
        journal_event(
            uow,
            "supplier_bill_posted",
            {"number": bill.number, "invoice": bill.reference, "total": total, "by": by},
            at=now,
            new_id=new_id,
        )
        uow.commit()
    return BillPosted(bill.number, total, due_at, final)


def _check_against_receipts(uow: UnitOfWork, bill: StockDocument) -> None:
    settings = uow.settings.stored()
    quantity_tolerance = int(str(settings.get("purchasing.bill_quantity_percent", 0)))
    price_tolerance = int(str(settings.get("purchasing.bill_price_percent", 2)))
    receipt_lines = [line.receipt_line_id for _, line in bill.lines if line.receipt_line_id]
    earlier = uow.payables.billed(receipt_lines)
    received = uow.stock_documents.received_lines(receipt_lines)
    this_bill: dict[uuid.UUID, int] = {}
    for number, (_, line) in enumerate(bill.lines, start=1):
        if line.receipt_line_id is None:
            raise BillRefused(f"line {number} is not matched to what was received: match it")
        quantity, cost = received[line.receipt_line_id]
        this_bill[line.receipt_line_id] = this_bill.get(line.receipt_line_id, 0) + (
            line.quantity_milli
        )
        billed = earlier.get(line.receipt_line_id, 0) + this_bill[line.receipt_line_id]
        check_quantity(number, billed, quantity, quantity_tolerance)
        check_price(number, line.unit_cost_minor or 0, cost, price_tolerance)


def _bill_line(
    uow: UnitOfWork, number: int, line: BillLineDraft, supplier_id: uuid.UUID
) -> DocumentLine:
    product_id = uow.catalogue.ids_of_skus([line.sku]).get(line.sku)
    if product_id is None:
        raise FieldError(f"line {number} sku", line.sku, "is not a product SKU")
    if not 0 <= line.unit_price_minor <= MAX_AMOUNT_MINOR:
        raise FieldError(f"line {number} price", str(line.unit_price_minor), "is not a price")
    rate = line.tax_rate_ppm
    if rate is None:
        rate = uow.stock_documents.tax_rate_ppm(product_id)
    if not 0 <= rate <= 1_000_000:
        raise FieldError(f"line {number} tax", f"{rate / 10_000:g} %", "is not a tax rate")
    receipt_line = None
    if line.receipt_number:
        receipt_line = _receipt_line(uow, line.receipt_number, product_id, supplier_id)
    document_line = DocumentLine(
        product_id,
        line.quantity_milli,
        line.unit_price_minor,
        receipt_line_id=receipt_line,
        tax_rate_ppm=rate,
    )
    document_line.check(number)
    return document_line


def received_receipt(uow: UnitOfWork, number: str) -> StockDocument:
    """The goods receipt numbered so, once its goods are in; FieldError otherwise."""
    receipt_id = uow.stock_documents.id_of_number(number)
    receipt = None if receipt_id is None else uow.stock_documents.get(receipt_id)
    if receipt is None or receipt.doc_type is not DocumentType.GOODS_RECEIPT:
        raise FieldError("receipt", number, "is not a goods receipt here")
    if receipt.completed_at is None:
        raise FieldError("receipt", number, "has not been received yet")
    return receipt


def _receipt_line(
    uow: UnitOfWork, number: str, product_id: uuid.UUID, supplier_id: uuid.UUID
) -> uuid.UUID:
    receipt = received_receipt(uow, number)
    if receipt.supplier_id != supplier_id:
        raise FieldError("receipt", number, "came from another supplier")
    for line_id, line in receipt.lines:
        if line.product_id == product_id:
            return line_id
    sku = uow.catalogue.sku_of(product_id)
    raise FieldError("receipt", number, f"brought no {sku}")


def _supplier(uow: UnitOfWork, code: str) -> uuid.UUID:
    supplier_id = uow.suppliers.id_of_code(code)
    if supplier_id is None:
        raise FieldError("supplier", code, "is not a supplier code")
    return supplier_id


def _invoice(invoice: str) -> str:
    invoice = invoice.strip()
    if not invoice or len(invoice) > 100 or not invoice.isprintable():
        raise FieldError("invoice", invoice, "is the supplier's invoice number (1–100 characters)")
    return invoice


def _still_a_draft(bill: StockDocument) -> None:
    if bill.doc_type is not BILL:
        raise DocumentRefused(f"{bill.number} is not a supplier bill")
    if bill.status != "draft":
        raise DocumentRefused(
            f"{bill.number} is {bill.status}: it does not change any more (a later document "
            "corrects it)"
        )


def _payables_person(uow: UnitOfWork) -> str:
    """Bills are entered, matched and posted by whoever may post them."""
    workflow = uow.stock_documents.workflow(BILL)
    return require(uow, workflow.transition(workflow.first, "posted"), BILL)
