"""Stock documents (goods receipts, stock adjustments): made as drafts, filled line by line,
then moved along their workflow by a person whose role allows each step. The status that moves
stock writes the lines' movements, completes the document and freezes it."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from posapp.domain.stock import (
    COMPLETED_EVENT,
    PREFIXES,
    DocumentRefused,
    DocumentType,
    Effect,
    StatusChange,
    StockDocument,
    movement_sign,
)
from posapp.services.shared import (
    Clock,
    IdFactory,
    StockMovement,
    UnitOfWork,
    canonical,
    journal_event,
)
from posapp.services.stock.drafts import (
    DraftHeader,
    DraftLine,
    add_draft,
    checked_header,
    checked_lines,
    found,
    require,
    require_any,
)
from posapp.services.stock.orders import RECEIVED_BY_RECEIPTS, fill_against, fill_order
from posapp.services.stock.outgoing import completed_payload


def create_document(
    uow: UnitOfWork,
    *,
    doc_type: DocumentType,
    header: DraftHeader,
    lines: Sequence[DraftLine],
    terminal_code: str,
    clock: Clock,
    new_id: IdFactory,
) -> StockDocument:
    """A new document in its workflow's first status, numbered in this node's series."""
    now = clock.now()
    with uow:
        workflow = uow.stock_documents.workflow(doc_type)
        by = require_any(uow, workflow.next_from(workflow.first), doc_type)
        document = add_draft(
            uow,
            doc_type=doc_type,
            status=workflow.first,
            number=uow.stock_documents.next_number(PREFIXES[doc_type], terminal_code),
            by=by,
            checked=checked_header(uow, doc_type, header, now),
            lines=checked_lines(uow, lines, new_id),
            now=now,
            new_id=new_id,
        )
        uow.commit()
    return document


def save_draft(
    uow: UnitOfWork,
    *,
    document_id: uuid.UUID,
    header: DraftHeader,
    lines: Sequence[DraftLine],
    clock: Clock,
    new_id: IdFactory,
) -> StockDocument:
    """The draft's header and lines replaced by these, while its status allows editing."""
    now = clock.now()
    with uow:
        document = found(uow, document_id)
        workflow = uow.stock_documents.workflow(document.doc_type)
        require_any(uow, workflow.next_from(document.status), document.doc_type)
        if not workflow.status(document.status).editable:
            raise DocumentRefused(
                f"{document.number} is {document.status}: it does not change any more "
                "(a later document corrects it)"
            )
        checked = checked_header(uow, document.doc_type, header, now)
        if document.order_id is None:
            new_lines = checked_lines(uow, lines, new_id)
        else:  # a receipt against an order keeps each line tied to what it fills
            new_lines = fill_against(uow, found(uow, document.order_id), lines, new_id)
        changed = replace(
            document,
            location_id=checked.location_id,
            business_at=checked.business_at,
            lines=new_lines,
            supplier_id=checked.supplier_id,
            reason=checked.reason,
            reference=checked.reference,
        )
        uow.stock_documents.replace_lines(changed, now)
        uow.commit()
    return changed


def change_status(
    uow: UnitOfWork,
    *,
    document_id: uuid.UUID,
    to_status: str,
    clock: Clock,
    new_id: IdFactory,
    note: str | None = None,
) -> StockDocument:
    """Move the document along a transition its workflow has, as a person whose role holds the
    transition's permission; entering a status that moves stock writes the movements."""
    now = clock.now()
    with uow:
        document = found(uow, document_id)
        workflow = uow.stock_documents.workflow(document.doc_type)
        transition = workflow.transition(document.status, to_status)
        by = require(uow, transition, document.doc_type)
        if document.doc_type is DocumentType.PURCHASE_ORDER and to_status in RECEIVED_BY_RECEIPTS:
            raise DocumentRefused(
                f"{document.number} is received by the goods receipts made against it, "
                "not by hand: receive the goods"
            )
        target = workflow.status(to_status)
        if target.effect is Effect.MOVES:
            order_number = None
            if document.order_id is not None:
                fill_order(uow, document, by=by, now=now, new_id=new_id)
                order_number = found(uow, document.order_id).number
            moved = _move(uow, document, now, new_id)
            completed_document = replace(document, status=to_status, completed_at=now)
            uow.outbox.append(
                event_id=new_id(),
                kind=COMPLETED_EVENT,
                aggregate_id=document.id,
                payload=canonical(completed_payload(completed_document, moved, order_number)),
                at=now,
            )
        elif target.effect is not Effect.NONE:
            raise DocumentRefused(f"the {target.effect} effect is not available yet")
        completed = target.effect is Effect.MOVES
        uow.stock_documents.set_status(document.id, to_status, now, completed=completed)
        uow.stock_documents.add_history(
            document.id, StatusChange(document.status, to_status, by, now, note)
        )
        journal_event(
            uow,
            "stock_document",
            {
                "number": document.number,
                "type": document.doc_type.value,
                "from": document.status,
                "to": to_status,
                "lines": len(document.lines),
                "by": by,
            },
            at=now,
            new_id=new_id,
        )
        uow.commit()
    return replace(document, status=to_status, completed_at=now if completed else None)


def _move(
    uow: UnitOfWork, document: StockDocument, now: datetime, new_id: IdFactory
) -> list[StockMovement]:
    if not document.lines:
        raise DocumentRefused(f"{document.number} has no lines: nothing to move")
    sign = movement_sign(document.doc_type, document.reason)
    reason = "RECEIPT" if document.reason is None else document.reason.value.upper()
    movements = [
        StockMovement(
            id=new_id(),
            product_id=line.product_id,
            location_id=document.location_id,
            quantity_milli=sign * line.quantity_milli,
            reason=reason,
            created_at=now,
            business_at=document.business_at,
            document_id=document.id,
            document_line_id=line_id,
            batch=line.batch,
            expiry=line.expiry,
        )
        for line_id, line in document.lines
    ]
    if sign < 0 and uow.settings.stored().get("stock.refuse_negative") is True:
        _refuse_going_negative(uow, document, movements)
    uow.stock.record(movements)
    return movements


def _refuse_going_negative(
    uow: UnitOfWork, document: StockDocument, movements: list[StockMovement]
) -> None:
    """The store refuses back-office documents that drive a location below zero (the till never
    refuses a sale for it)."""
    taken: dict[uuid.UUID, int] = {}
    for movement in movements:
        taken[movement.product_id] = taken.get(movement.product_id, 0) - movement.quantity_milli
    for product_id, quantity in taken.items():
        on_hand = uow.stock.on_hand_milli(product_id, document.location_id)
        if on_hand < quantity:
            sku = uow.catalogue.sku_of(product_id)
            raise DocumentRefused(
                f"{document.number}: {sku} has {on_hand / 1000:g} here, the document takes "
                f"{quantity / 1000:g} (this store refuses negative stock from the back office)"
            )
