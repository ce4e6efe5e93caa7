"""Goods from another store: a transfer out there puts them into this store's transit location
(head office does it, when the sending store's document arrives); here they are received
against it — or blind, counted as they come off the van, when the goods arrive before the
transfer does — and whatever differs between what was sent and what came is settled by an
adjustment with a reason, once both are known."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from posapp.domain.stock import (
    PREFIXES,
    AdjustmentReason,
    DocumentLine,
    DocumentRefused,
    DocumentType,
    StockDocument,
)
from posapp.services.shared import Clock, IdFactory, UnitOfWork
from posapp.services.stock.drafts import (
    CheckedHeader,
    DraftLine,
    add_draft,
    checked_lines,
    require,
)
from posapp.services.stock.moving import complete


@dataclass(frozen=True)
class TransferReceived:
    number: str  # the transfer in's
    differences: int  # products whose received quantity differs from what was sent (if known)
    settled: tuple[str, ...]  # the adjustments that settled them


def transfer_reference(from_store: str, number: str) -> str:
    """How a transfer in and its settlements name the transfer they receive."""
    return f"{from_store} {number}"


def receive_transfer(
    uow: UnitOfWork,
    *,
    from_store: str,
    number: str,
    lines: Sequence[DraftLine] | None,
    location_code: str | None,
    short_reason: AdjustmentReason | None,
    terminal_code: str,
    clock: Clock,
    new_id: IdFactory,
) -> TransferReceived:
    """Receive store `from_store`'s transfer `number` onto a location here (None: the shop
    floor): what is in transit when `lines` is None, what was counted otherwise. Differences
    are settled at once with `short_reason` (goods missing; goods over are found), or left to
    settle later (settle_transfer)."""
    now = clock.now()
    doc_type = DocumentType.TRANSFER_IN
    reference = transfer_reference(from_store, number)
    with uow:
        workflow = uow.stock_documents.workflow(doc_type)
        by = require(uow, workflow.transition(workflow.first, "received"), doc_type)
        own = str(uow.settings.stored()["node.store_code"])
        transit = uow.stock_documents.transit_location(own)
        location_id = uow.stock_documents.location_id(location_code)
        if location_id is None or location_id == transit:
            raise DocumentRefused(f"{location_code!r} is not a location to receive goods onto")
        balance = uow.stock_documents.transit_balance(transit, from_store, number, reference)
        if lines is None:
            waiting = [(p, left) for p, (_, left) in balance.items() if left > 0]
            if not waiting:
                raise DocumentRefused(
                    f"nothing of {from_store}'s {number} is in transit here: count what came "
                    "and receive it with its lines (head office may not have sent it yet)"
                )
            received = tuple((new_id(), DocumentLine(p, q)) for p, q in waiting)
        else:
            received = checked_lines(uow, lines, new_id)
        document = add_draft(
            uow,
            doc_type=doc_type,
            status=workflow.first,
            number=uow.stock_documents.next_number(PREFIXES[doc_type], terminal_code),
            by=by,
            checked=CheckedHeader(location_id, None, None, reference, now, transit),
            lines=received,
            now=now,
            new_id=new_id,
        )
        complete(uow, document, "received", by=by, now=now, new_id=new_id, refuse_negative=False)
        settled = _settle(uow, own, from_store, number, short_reason, terminal_code, now, new_id)
        left = uow.stock_documents.transit_balance(transit, from_store, number, reference)
        differences = sum(1 for sent, remaining in left.values() if sent and remaining)
        uow.commit()
    return TransferReceived(document.number, differences, tuple(settled))


def settle_transfer(
    uow: UnitOfWork,
    *,
    from_store: str,
    number: str,
    reason: AdjustmentReason,
    terminal_code: str,
    clock: Clock,
    new_id: IdFactory,
) -> list[str]:
    """Settle what differs between what store `from_store` sent with `number` and what was
    received of it: goods missing go with `reason`, goods over are found."""
    now = clock.now()
    with uow:
        own = str(uow.settings.stored()["node.store_code"])
        settled = _settle(uow, own, from_store, number, reason, terminal_code, now, new_id)
        if not settled:
            raise DocumentRefused(
                f"{from_store}'s {number}: nothing to settle (it has not arrived from head "
                "office yet, or what came is what was sent)"
            )
        uow.commit()
    return settled


def _settle(
    uow: UnitOfWork,
    own: str,
    from_store: str,
    number: str,
    reason: AdjustmentReason | None,
    terminal_code: str,
    now: datetime,
    new_id: IdFactory,
) -> list[str]:
    if reason is not None and reason.sign > 0:
        raise DocumentRefused(f"goods missing from a transfer are not {reason.value}")
    transit = uow.stock_documents.transit_location(own)
    reference = transfer_reference(from_store, number)
    balance = uow.stock_documents.transit_balance(transit, from_store, number, reference)
    if reason is None or not any(sent for sent, _ in balance.values()):
        return []  # no reason given, or the transfer itself has not arrived: nothing known
    workflow = uow.stock_documents.workflow(DocumentType.STOCK_ADJUSTMENT)
    by = require(uow, workflow.transition(workflow.first, "posted"), DocumentType.STOCK_ADJUSTMENT)
    numbers = []
    for why, sign in ((reason, 1), (AdjustmentReason.FOUND, -1)):
        lines = [(p, sign * left) for p, (_, left) in balance.items() if sign * left > 0]
        if not lines:
            continue
        adjustment = StockDocument(
            id=new_id(),
            doc_type=DocumentType.STOCK_ADJUSTMENT,
            number=uow.stock_documents.next_number(
                PREFIXES[DocumentType.STOCK_ADJUSTMENT], terminal_code
            ),
            status=workflow.first,
            location_id=transit,
            business_at=now,
            created_by=by,
            lines=tuple((new_id(), DocumentLine(p, q)) for p, q in lines),
            reason=why,
            reference=reference,
        )
        uow.stock_documents.add(adjustment, now)
        complete(uow, adjustment, "posted", by=by, now=now, new_id=new_id, refuse_negative=False)
        numbers.append(adjustment.number)
    return numbers
