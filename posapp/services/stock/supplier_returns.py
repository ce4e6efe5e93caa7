"""Goods sent back to their supplier: a supplier return takes them out of a location, against
the receipt that brought them (never more than it brought, less what went back before) or on
its own; the supplier then owes the shop what they cost, as a credit on its account."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from posapp.domain.stock import DocumentRefused, DocumentType, StockDocument
from posapp.services.shared import Clock, FieldError, IdFactory, UnitOfWork
from posapp.services.stock.documents import change_status, create_document
from posapp.services.stock.drafts import DraftHeader, DraftLine


def return_to_supplier(
    uow: UnitOfWork,
    *,
    header: DraftHeader,
    lines: Sequence[DraftLine],
    receipt_number: str | None,
    terminal_code: str,
    clock: Clock,
    new_id: IdFactory,
) -> StockDocument:
    """A supplier return made and sent back at once; against `receipt_number` when given."""
    document = create_document(
        uow,
        doc_type=DocumentType.SUPPLIER_RETURN,
        header=header,
        lines=lines,
        terminal_code=terminal_code,
        clock=clock,
        new_id=new_id,
    )
    if receipt_number is not None:
        document = _against(uow, document, receipt_number, clock.now())
    return change_status(
        uow, document_id=document.id, to_status="returned", clock=clock, new_id=new_id
    )


def _against(
    uow: UnitOfWork, document: StockDocument, receipt_number: str, now: datetime
) -> StockDocument:
    """Each line tied to the receipt line it sends back, at what it cost."""
    with uow:
        receipt_id = uow.stock_documents.id_of_number(receipt_number)
        receipt = None if receipt_id is None else uow.stock_documents.get(receipt_id)
        if receipt is None or receipt.doc_type is not DocumentType.GOODS_RECEIPT:
            raise FieldError("receipt", receipt_number, "is not a goods receipt here")
        if receipt.supplier_id != document.supplier_id:
            raise FieldError("receipt", receipt_number, "came from another supplier")
        by_product = {line.product_id: (line_id, line) for line_id, line in receipt.lines}
        back = uow.payables.returned([line_id for line_id, _ in receipt.lines])
        lines = []
        for number, (line_id, line) in enumerate(document.lines, start=1):
            found = by_product.get(line.product_id)
            if found is None:
                sku = uow.catalogue.sku_of(line.product_id)
                raise FieldError(f"line {number}", sku or "", f"{receipt_number} brought none")
            receipt_line_id, received = found
            left = received.quantity_milli - back.get(receipt_line_id, 0)
            if line.quantity_milli > left:
                raise DocumentRefused(
                    f"line {number}: {line.quantity_milli / 1000:g} cannot go back; "
                    f"{receipt_number} brought {received.quantity_milli / 1000:g} and "
                    f"{left / 1000:g} of it is left to return"
                )
            cost = (
                line.unit_cost_minor
                if line.unit_cost_minor is not None
                else (received.unit_cost_minor)
            )
            lines.append(
                (line_id, replace(line, receipt_line_id=receipt_line_id, unit_cost_minor=cost))
            )
        changed = replace(
            document, lines=tuple(lines), reference=document.reference or receipt_number
        )
        uow.stock_documents.replace_lines(changed, now)
        uow.commit()
    return changed
