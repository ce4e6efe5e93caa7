"""Stock documents (goods receipts, stock adjustments): made as drafts, filled line by line,
then moved along their workflow by a person whose role allows each step. The status that moves
stock writes the lines' movements, completes the document and freezes it."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from posapp.domain.stock import (
    PREFIXES,
    DocumentRefused,
    DocumentType,
    Effect,
    StatusChange,
    StockDocument,
)
from posapp.services.shared import (
    Clock,
    IdFactory,
    UnitOfWork,
    journal_event,
)
from posapp.services.stock.count_corrections import correct_counts
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
from posapp.services.stock.moving import complete
from posapp.services.stock.orders import RECEIVED_BY_RECEIPTS, fill_against, fill_order
from posapp.services.stock.return_credit import credit_for_return
from posapp.services.stock.sharing import SHARED, share_document


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
            other_location_id=checked.other_location_id,
            to_store=checked.to_store,
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
        _not_by_hand(document, to_status)
        if workflow.status(document.status).effect is Effect.RESERVES:
            uow.stock_documents.release(document.id)  # what it set aside moves, or is freed
        effect = workflow.status(to_status).effect
        _enter(uow, document, to_status, effect, by=by, now=now, new_id=new_id, note=note)
        completed = effect is Effect.MOVES
        if completed:
            correct_counts(uow, now=now, new_id=new_id)
        if document.doc_type in SHARED:
            share_document(uow, document.id, now=now, new_id=new_id)
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


def _not_by_hand(document: StockDocument, to_status: str) -> None:
    """Steps a use case of their own takes, with the checks that go with them."""
    doc_type, number = document.doc_type, document.number
    if doc_type is DocumentType.PURCHASE_ORDER and to_status in RECEIVED_BY_RECEIPTS:
        raise DocumentRefused(
            f"{number} is received by the goods receipts made against it, not by hand: "
            "receive the goods"
        )
    if doc_type is DocumentType.STOCK_COUNT and to_status == "posted":
        raise DocumentRefused(f"{number} is posted by settling it: post the count")
    if doc_type is DocumentType.SUPPLIER_BILL and to_status == "posted":
        raise DocumentRefused(f"{number} is posted with its checks: post the bill")


def _enter(
    uow: UnitOfWork,
    document: StockDocument,
    to_status: str,
    effect: Effect,
    *,
    by: str,
    now: datetime,
    new_id: IdFactory,
    note: str | None,
) -> None:
    """The status entered, with what it does to stock: movements, goods set aside, or none."""
    if effect is Effect.MOVES:
        order_number = None
        if document.order_id is not None:
            fill_order(uow, document, by=by, now=now, new_id=new_id)
            order_number = found(uow, document.order_id).number
        complete(
            uow,
            document,
            to_status,
            by=by,
            now=now,
            new_id=new_id,
            note=note,
            order_number=order_number,
        )
        if document.doc_type is DocumentType.SUPPLIER_RETURN:
            credit_for_return(uow, document, now, new_id)
        return
    if effect is Effect.REVERSES:
        raise DocumentRefused(
            f"{document.number}: a status does not undo a document; a completed one is undone "
            "by a reversing document (a return, an adjustment)"
        )
    if effect is Effect.RESERVES:
        if not document.lines:
            raise DocumentRefused(f"{document.number} has no lines to set aside")
        uow.stock_documents.reserve(document)
    uow.stock_documents.set_status(document.id, to_status, now, completed=False)
    uow.stock_documents.add_history(
        document.id, StatusChange(document.status, to_status, by, now, note)
    )
