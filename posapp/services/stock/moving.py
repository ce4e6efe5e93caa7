"""Completing a stock document: its lines' movements written, the document frozen in the status
that moved them, its history, and the event that carries it to head office — all in the
caller's transaction."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime

from posapp.domain.stock import (
    COMPLETED_EVENT,
    DocumentRefused,
    DocumentType,
    StatusChange,
    StockDocument,
    legs,
)
from posapp.services.shared import IdFactory, StockMovement, UnitOfWork, canonical
from posapp.services.stock.outgoing import completed_payload


def complete(
    uow: UnitOfWork,
    document: StockDocument,
    to_status: str,
    *,
    by: str,
    now: datetime,
    new_id: IdFactory,
    note: str | None = None,
    order_number: str | None = None,
    count_number: str | None = None,
    refuse_negative: bool = True,
) -> None:
    """Write the movements of a document entering `to_status` (a status that moves stock).
    `refuse_negative=False` for documents that record what is (a count's differences): the
    store's negative-stock refusal is for what a person decides to move."""
    moved = _move(uow, document, now, new_id, refuse_negative=refuse_negative)
    completed_document = replace(document, status=to_status, completed_at=now)
    uow.outbox.append(
        event_id=new_id(),
        kind=COMPLETED_EVENT,
        aggregate_id=document.id,
        payload=canonical(completed_payload(completed_document, moved, order_number, count_number)),
        at=now,
    )
    uow.stock_documents.set_status(document.id, to_status, now, completed=True)
    uow.stock_documents.add_history(
        document.id, StatusChange(document.status, to_status, by, now, note)
    )


def _move(
    uow: UnitOfWork,
    document: StockDocument,
    now: datetime,
    new_id: IdFactory,
    *,
    refuse_negative: bool,
) -> list[StockMovement]:
    if not document.lines:
        raise DocumentRefused(f"{document.number} has no lines: nothing to move")
    reason = "RECEIPT" if document.reason is None else document.reason.value.upper()
    if document.reason is None and document.doc_type is not DocumentType.GOODS_RECEIPT:
        reason = document.doc_type.value.upper()
    movements = []
    for other, sign in legs(document.doc_type, document.reason):
        location_id = document.other_location_id if other else document.location_id
        if location_id is None:
            raise DocumentRefused(f"{document.number} has no location to move the goods to")
        movements += [
            StockMovement(
                id=new_id(),
                product_id=line.product_id,
                location_id=location_id,
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
    if refuse_negative and uow.settings.stored().get("stock.refuse_negative") is True:
        _refuse_going_negative(uow, document, movements)
    uow.stock.record(movements)
    return movements


def _refuse_going_negative(
    uow: UnitOfWork, document: StockDocument, movements: list[StockMovement]
) -> None:
    """The store refuses back-office documents that drive a location below zero (the till never
    refuses a sale for it)."""
    taken: dict[tuple[uuid.UUID, uuid.UUID], int] = {}
    for movement in movements:
        key = (movement.product_id, movement.location_id)
        taken[key] = taken.get(key, 0) - movement.quantity_milli
    in_transit = (
        document.other_location_id if document.doc_type is DocumentType.TRANSFER_IN else None
    )
    for (product_id, location_id), quantity in taken.items():
        if quantity <= 0 or location_id == in_transit:
            continue  # goods coming in; or out of transit, which may run ahead of its news
        on_hand = uow.stock.on_hand_milli(product_id, location_id)
        if on_hand < quantity:
            sku = uow.catalogue.sku_of(product_id)
            raise DocumentRefused(
                f"{document.number}: {sku} has {on_hand / 1000:g} here, the document takes "
                f"{quantity / 1000:g} (this store refuses negative stock from the back office)"
            )
