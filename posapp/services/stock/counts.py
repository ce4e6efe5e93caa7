"""Stock counts: a full count of a location or a cycle count of one category there. Starting a
count takes the book; items are then scanned (each scan adds) or typed (a total replaces); a
blind count shows the counters no book. Posting settles each counted line against what the
ledger held when it was counted — so sales during the count, and an offline till's late sales
dated before it, are accounted for — in stock adjustments linked to the count
(count_corrections)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from posapp.domain.numbers import MAX_QUANTITY_MILLI
from posapp.domain.permissions import Permission
from posapp.domain.stock import (
    PREFIXES,
    DocumentRefused,
    DocumentType,
    StatusChange,
    StockDocument,
)
from posapp.services.shared import (
    Clock,
    FieldError,
    IdFactory,
    UnitOfWork,
    canonical,
    journal_event,
)
from posapp.services.stock.count_corrections import settle_differences
from posapp.services.stock.drafts import CheckedHeader, acting, add_draft, found, require

# What head office is told of a posted count (its differences travel as its adjustments).
COUNT_POSTED_EVENT = "stock.count_posted"


@dataclass(frozen=True)
class CountStarted:
    document_id: uuid.UUID
    number: str
    book_lines: int  # products with stock in the count's scope when it started


def start_count(
    uow: UnitOfWork,
    *,
    location_code: str | None,
    category: str | None,
    blind: bool,
    terminal_code: str,
    clock: Clock,
    new_id: IdFactory,
) -> CountStarted:
    """A count of the location (None: the shop floor), or of one category (with its
    subcategories) there; the book is taken now."""
    now = clock.now()
    doc_type = DocumentType.STOCK_COUNT
    with uow:
        workflow = uow.stock_documents.workflow(doc_type)
        by = require(uow, workflow.transition(workflow.first, "posted"), doc_type)
        location_id = uow.stock_documents.location_id(location_code)
        if location_id is None:
            raise FieldError("location", location_code or "", "is not a location here")
        category_id = None
        if category:
            category_id = uow.promotions.category_ids([category]).get(category)
            if category_id is None:
                raise FieldError("category", category, "is not a category")
        scope = f"category {category}" if category else "whole location"
        document = add_draft(
            uow,
            doc_type=doc_type,
            status=workflow.first,
            number=uow.stock_documents.next_number(PREFIXES[doc_type], terminal_code),
            by=by,
            checked=CheckedHeader(location_id, None, None, scope, now),
            lines=(),
            now=now,
            new_id=new_id,
        )
        book = uow.stock_counts.start(
            document.id, location_id=location_id, category_id=category_id, blind=blind
        )
        uow.commit()
    return CountStarted(document.id, document.number, book)


def count_items(
    uow: UnitOfWork,
    *,
    document_id: uuid.UUID,
    counted: Sequence[tuple[str, int]],
    add: bool,
    clock: Clock,
) -> int:
    """Record (SKU, quantity in thousandths) as counted now: added to the line's count (a
    scan) or replacing it (a typed total). How many lines were recorded."""
    now = clock.now()
    with uow:
        document = found(uow, document_id)
        by = acting(uow, DocumentType.STOCK_COUNT)
        assert uow.actor is not None
        if not (uow.actor.may(Permission.RECEIVE_STOCK) or uow.actor.may(Permission.ADJUST_STOCK)):
            raise DocumentRefused(
                f"{by} ({uow.actor.role}) may not count stock: that needs a role with "
                "receive_stock or adjust_stock"
            )
        if document.doc_type is not DocumentType.STOCK_COUNT or document.status != "counting":
            raise DocumentRefused(f"{document.number} is not a count in progress")
        ids = uow.catalogue.ids_of_skus([sku for sku, _ in counted])
        totals: dict[uuid.UUID, int] = {}
        for number, (sku, quantity) in enumerate(counted, start=1):
            product_id = ids.get(sku)
            if product_id is None:
                raise FieldError(f"line {number} sku", sku, "is not a product SKU")
            if not (0 if not add else 1) <= quantity <= MAX_QUANTITY_MILLI:
                raise FieldError(
                    f"line {number} quantity", f"{quantity / 1000:g}", "is not a count"
                )
            totals[product_id] = (totals.get(product_id, 0) + quantity) if add else quantity
        uow.stock_counts.record_counted(
            document_id, document.location_id, list(totals.items()), add=add, at=now
        )
        uow.commit()
    return len(totals)


def post_count(
    uow: UnitOfWork,
    *,
    document_id: uuid.UUID,
    uncounted_zero: bool,
    clock: Clock,
    new_id: IdFactory,
    note: str | None = None,
) -> list[str]:
    """Settle the count: each counted line against what the ledger held when it was counted,
    the differences as adjustments linked to it (their numbers). Lines never counted are left
    as they are, or counted as none with `uncounted_zero` (a full count of the location)."""
    now = clock.now()
    with uow:
        document = found(uow, document_id)
        workflow = uow.stock_documents.workflow(document.doc_type)
        if document.doc_type is not DocumentType.STOCK_COUNT:
            raise DocumentRefused(f"{document.number} is not a stock count")
        transition = workflow.transition(document.status, "posted")
        by = require(uow, transition, document.doc_type)
        differences = uow.stock_counts.settle(
            document_id, document.location_id, uncounted_zero=uncounted_zero, at=now
        )
        numbers = settle_differences(
            uow, document, differences, by=by, now=now, new_id=new_id, note="count posted"
        )
        uow.stock_counts.mark_posted(document_id)
        _tell_head_office(uow, document, numbers, by=by, now=now, new_id=new_id)
        uow.stock_documents.set_status(document_id, "posted", now, completed=True)
        uow.stock_documents.add_history(
            document_id, StatusChange(document.status, "posted", by, now, note)
        )
        journal_event(
            uow,
            "stock_count_posted",
            {"number": document.number, "differences": len(differences), "by": by},
            at=now,
            new_id=new_id,
        )
        uow.commit()
    return numbers


def _tell_head_office(
    uow: UnitOfWork,
    document: StockDocument,
    adjustments: list[str],
    *,
    by: str,
    now: datetime,
    new_id: IdFactory,
) -> None:
    """What head office keeps of a posted count: what it covered and how much was counted (its
    differences travel as the adjustments named)."""
    header = uow.stock_counts.header(document.id)
    assert header is not None
    lines, counted = uow.stock_counts.tally(document.id)
    uow.outbox.append(
        event_id=new_id(),
        kind=COUNT_POSTED_EVENT,
        aggregate_id=document.id,
        payload=canonical(
            {
                "id": str(document.id),
                "number": document.number,
                "location_id": str(document.location_id),
                "scope": document.reference or "whole location",
                "blind": header.blind,
                "started_at": document.business_at.isoformat(),
                "posted_at": now.isoformat(),
                "posted_by": by,
                "lines": lines,
                "counted": counted,
                "adjustments": adjustments,
            }
        ),
        at=now,
    )
