"""Purchase requests: whoever sees a shelf run low asks (a draft, submitted), a buyer approves
or rejects, and approved requests become one purchase order to a supplier — in whole packs
where the supplier sells packs, each request line keeping the order line it went into, and
each request marked ordered."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from posapp.domain.partner_records import UNIT_PACK, pack_of
from posapp.domain.stock import (
    PREFIXES,
    DocumentLine,
    DocumentRefused,
    DocumentType,
    StatusChange,
    StockDocument,
)
from posapp.services.shared import Clock, FieldError, IdFactory, UnitOfWork, journal_event
from posapp.services.stock.drafts import CheckedHeader, add_draft, require
from posapp.services.stock.sharing import share_document

ORDER, REQUEST = DocumentType.PURCHASE_ORDER, DocumentType.PURCHASE_REQUEST


def order_from_requests(
    uow: UnitOfWork,
    *,
    request_numbers: Sequence[str],
    supplier_code: str,
    terminal_code: str,
    clock: Clock,
    new_id: IdFactory,
) -> StockDocument:
    """One draft purchase order of the approved requests' lines (a product asked for twice
    is ordered once, for both), at the supplier's cost; the requests become ordered."""
    now = clock.now()
    with uow:
        workflow = uow.stock_documents.workflow(REQUEST)
        by = require(uow, workflow.transition("approved", "ordered"), REQUEST)
        supplier_id = uow.suppliers.id_of_code(supplier_code)
        if supplier_id is None:
            raise FieldError("supplier", supplier_code, "is not a supplier code")
        requests = [_approved(uow, number) for number in request_numbers]
        if not requests:
            raise FieldError("requests", "", "name the approved requests to order")
        order_lines = _order_lines(uow, supplier_id, requests, new_id)
        order = add_draft(
            uow,
            doc_type=ORDER,
            status="draft",
            number=uow.stock_documents.next_number(PREFIXES[ORDER], terminal_code),
            by=by,
            checked=CheckedHeader(
                requests[0].location_id,
                supplier_id,
                None,
                ", ".join(r.number for r in requests)[:100],
                now,
            ),
            lines=tuple(order_lines.values()),
            now=now,
            new_id=new_id,
        )
        for request in requests:
            _mark_ordered(uow, request, order, order_lines, by=by, now=now, new_id=new_id)
        journal_event(
            uow,
            "purchase_requests_ordered",
            {"order": order.number, "requests": [r.number for r in requests], "by": by},
            at=now,
            new_id=new_id,
        )
        uow.commit()
    return order


def _order_lines(
    uow: UnitOfWork,
    supplier_id: uuid.UUID,
    requests: list[StockDocument],
    new_id: IdFactory,
) -> dict[uuid.UUID, tuple[uuid.UUID, DocumentLine]]:
    """Product → (order line id, line): what the requests ask for, in whole packs, at cost."""
    wanted: dict[uuid.UUID, int] = {}
    for request in requests:
        for _, line in request.lines:
            wanted[line.product_id] = wanted.get(line.product_id, 0) + line.quantity_milli
    terms = _supplier_terms(uow, supplier_id)
    order_lines = {}
    for product_id, quantity in wanted.items():
        cost, pack = terms.get(product_id, (None, UNIT_PACK))
        whole_packs = -(-quantity // pack) * pack  # they sell whole packs: rounded up
        order_lines[product_id] = (new_id(), DocumentLine(product_id, whole_packs, cost))
    return order_lines


def _mark_ordered(
    uow: UnitOfWork,
    request: StockDocument,
    order: StockDocument,
    order_lines: dict[uuid.UUID, tuple[uuid.UUID, DocumentLine]],
    *,
    by: str,
    now: datetime,
    new_id: IdFactory,
) -> None:
    """Each request line tied to the order line it went into; the request ordered."""
    linked = tuple(
        (line_id, replace(line, order_line_id=order_lines[line.product_id][0]))
        for line_id, line in request.lines
    )
    uow.stock_documents.replace_lines(replace(request, lines=linked), now)
    uow.stock_documents.set_status(request.id, "ordered", now, completed=False)
    uow.stock_documents.add_history(
        request.id, StatusChange("approved", "ordered", by, now, f"on {order.number}")
    )
    share_document(uow, request.id, now=now, new_id=new_id)


def _approved(uow: UnitOfWork, number: str) -> StockDocument:
    request_id = uow.stock_documents.id_of_number(number)
    request = None if request_id is None else uow.stock_documents.get(request_id)
    if request is None or request.doc_type is not REQUEST:
        raise FieldError("request", number, "is not a purchase request here")
    if request.status != "approved":
        raise DocumentRefused(f"{number} is {request.status}: only approved requests are ordered")
    return request


def _supplier_terms(
    uow: UnitOfWork, supplier_id: uuid.UUID
) -> dict[uuid.UUID, tuple[int | None, int]]:
    """Product → (their cost, units a pack holds) from the supplier's catalogue."""
    supplier = uow.suppliers.values(supplier_id)
    if supplier is None:
        return {}
    lines = supplier["products"]
    ids = uow.catalogue.ids_of_skus([str(line[0]) for line in lines])
    return {ids[str(line[0])]: (int(line[2]), pack_of(line)) for line in lines if line[0] in ids}
