"""Purchase orders and the goods receipts that receive against them: a receipt fills the order's
lines (in part, or all), never more than the order plus the shop's over-receipt tolerance, and
moves the order to partly received or received as it completes; a buyer closes the order short
when the supplier will not deliver the rest."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from posapp.domain.stock import (
    PREFIXES,
    DocumentLine,
    DocumentRefused,
    DocumentType,
    StatusChange,
    StockDocument,
    over_receipt,
    received_status,
)
from posapp.services.shared import Clock, FieldError, IdFactory, UnitOfWork, journal_event
from posapp.services.stock.drafts import (
    DraftHeader,
    DraftLine,
    add_draft,
    checked_header,
    found,
    require,
    require_any,
)
from posapp.services.stock.sharing import share_document

OPEN = ("sent", "partially_received")  # what an order is in while goods may still come
RECEIVED_BY_RECEIPTS = ("partially_received", "received")  # never set by hand
DEFAULT_TOLERANCE_PERCENT = 10


def receive_order(
    uow: UnitOfWork,
    *,
    order_id: uuid.UUID,
    lines: Sequence[DraftLine] | None,
    header: DraftHeader,
    terminal_code: str,
    clock: Clock,
    new_id: IdFactory,
) -> StockDocument:
    """A goods receipt draft against a sent order, from its supplier, at the order's location
    unless the header names another. Each line fills the first order line of its product with
    something still to come; without lines, everything still to come is drafted."""
    now = clock.now()
    with uow:
        order = found(uow, order_id)
        if order.doc_type is not DocumentType.PURCHASE_ORDER or order.status not in OPEN:
            raise DocumentRefused(f"{order.number} is not an open purchase order ({order.status})")
        workflow = uow.stock_documents.workflow(DocumentType.GOODS_RECEIPT)
        by = require_any(uow, workflow.next_from(workflow.first), DocumentType.GOODS_RECEIPT)
        checked = checked_header(uow, DocumentType.GOODS_RECEIPT, header, now)
        receipt = add_draft(
            uow,
            doc_type=DocumentType.GOODS_RECEIPT,
            status=workflow.first,
            number=uow.stock_documents.next_number(
                PREFIXES[DocumentType.GOODS_RECEIPT], terminal_code
            ),
            by=by,
            checked=checked,
            lines=fill_against(uow, order, lines, new_id),
            now=now,
            new_id=new_id,
            # The order's location unless the header names another, and always its supplier.
            location_id=order.location_id if header.location_code is None else None,
            supplier_id=order.supplier_id,
            order_id=order.id,
        )
        uow.commit()
    return receipt


def fill_against(
    uow: UnitOfWork,
    order: StockDocument,
    lines: Sequence[DraftLine] | None,
    new_id: IdFactory,
) -> tuple[tuple[uuid.UUID, DocumentLine], ...]:
    """A receipt's lines, each tied to the order line it fills: the first of its product with
    something still to come (the last of its product when none has); without lines, a line for
    everything still to come. FieldError for a product the order does not have."""
    received = uow.stock_documents.received_against(order.id)
    to_come = {
        line_id: line.quantity_milli - received.get(line_id, 0) for line_id, line in order.lines
    }
    by_line = dict(order.lines)
    if lines is None:
        return tuple(
            (new_id(), _receipt_line(by_line[line_id], line_id, quantity))
            for line_id, quantity in to_come.items()
            if quantity > 0
        )
    ids = uow.catalogue.ids_of_skus([line.sku for line in lines])
    filled = []
    for number, line in enumerate(lines, start=1):
        product_id = ids.get(line.sku)
        candidates = [i for i, ordered in order.lines if ordered.product_id == product_id]
        if product_id is None or not candidates:
            raise FieldError(f"line {number} sku", line.sku, f"is not on order {order.number}")
        line_id = next((i for i in candidates if to_come[i] > 0), candidates[-1])
        to_come[line_id] -= line.quantity_milli
        ordered = by_line[line_id]
        document_line = DocumentLine(
            product_id,
            line.quantity_milli,
            ordered.unit_cost_minor if line.unit_cost_minor is None else line.unit_cost_minor,
            line.batch,
            line.expiry,
            line_id,
        )
        document_line.check(number)
        filled.append((new_id(), document_line))
    return tuple(filled)


def _receipt_line(ordered: DocumentLine, line_id: uuid.UUID, quantity: int) -> DocumentLine:
    return DocumentLine(
        ordered.product_id, quantity, ordered.unit_cost_minor, order_line_id=line_id
    )


def fill_order(
    uow: UnitOfWork, receipt: StockDocument, *, by: str, now: datetime, new_id: IdFactory
) -> None:
    """As a receipt against an order completes (in its transaction): refuse it beyond the
    over-receipt tolerance, then move the order to partly received or received."""
    assert receipt.order_id is not None
    order = found(uow, receipt.order_id)
    if order.status not in OPEN:
        raise DocumentRefused(f"{order.number} is {order.status}: it takes no more goods")
    received = uow.stock_documents.received_against(order.id)
    for _, line in receipt.lines:
        if line.order_line_id is not None:
            received[line.order_line_id] = received.get(line.order_line_id, 0) + line.quantity_milli
    tolerance = uow.settings.stored().get(
        "purchasing.over_receipt_percent", DEFAULT_TOLERANCE_PERCENT
    )
    assert isinstance(tolerance, int)
    for number, (line_id, ordered) in enumerate(order.lines, start=1):
        got = received.get(line_id, 0)
        if over_receipt(ordered.quantity_milli, got, tolerance):
            sku = uow.catalogue.sku_of(ordered.product_id)
            raise DocumentRefused(
                f"{order.number} line {number} ({sku}): {ordered.quantity_milli / 1000:g} "
                f"ordered, {got / 1000:g} received with {receipt.number} — more than the "
                f"{tolerance} % the shop accepts over an order"
            )
    status = received_status(
        [line.quantity_milli for _, line in order.lines],
        [received.get(line_id, 0) for line_id, _ in order.lines],
    )
    if status == order.status:
        return
    workflow = uow.stock_documents.workflow(DocumentType.PURCHASE_ORDER)
    require(uow, workflow.transition(order.status, status), DocumentType.PURCHASE_ORDER)
    uow.stock_documents.set_status(order.id, status, now, completed=False)
    change = StatusChange(order.status, status, by, now, f"by {receipt.number}")
    uow.stock_documents.add_history(order.id, change)
    share_document(uow, order.id, now=now, new_id=new_id)
    journal_event(
        uow,
        "stock_document",
        {
            "number": order.number,
            "type": "purchase_order",
            "from": order.status,
            "to": status,
            "lines": len(order.lines),
            "by": by,
        },
        at=now,
        new_id=new_id,
    )
