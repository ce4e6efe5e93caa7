"""Purchasing documents that move no stock — purchase orders, purchase requests, supplier bills —
travel to head office as they are now (`purchase.document`), each time their status changes
after the draft: head office keeps the latest version of each. A payment travels once
(`purchase.payment`), and so does a goods receipt's landed cost (`stock.landed_cost`). Drafts
stay at the node: nothing outside it depends on them yet."""

from __future__ import annotations

import uuid
from datetime import datetime

from posapp.domain.payables import BillLine, Payment, bill_totals
from posapp.domain.stock import LANDED_COST_EVENT, DocumentType, StockDocument
from posapp.services.shared import IdFactory, UnitOfWork, canonical

SHARED = (DocumentType.PURCHASE_ORDER, DocumentType.PURCHASE_REQUEST, DocumentType.SUPPLIER_BILL)
DOCUMENT_EVENT = "purchase.document"
PAYMENT_EVENT = "purchase.payment"


def share_document(
    uow: UnitOfWork, document_id: uuid.UUID, *, now: datetime, new_id: IdFactory
) -> None:
    """Queue the document as it now stands (in the caller's transaction, after its change)."""
    document = uow.stock_documents.get(document_id)
    assert document is not None
    if document.doc_type not in SHARED or document.status == "draft":
        return
    total = None
    if document.doc_type is DocumentType.SUPPLIER_BILL:
        total = bill_totals(
            BillLine(line.quantity_milli, line.unit_cost_minor or 0, line.tax_rate_ppm or 0)
            for _, line in document.lines
        )[2]
    payload = {
        "id": str(document.id),
        "doc_type": document.doc_type.value,
        "number": document.number,
        "status": document.status,
        "version": len(uow.stock_documents.history(document.id)),
        "location_id": str(document.location_id),
        "supplier_id": None if document.supplier_id is None else str(document.supplier_id),
        "reference": document.reference,
        "business_at": document.business_at.isoformat(),
        "due_at": None if document.due_at is None else document.due_at.isoformat(),
        "created_by": document.created_by,
        "total_minor": total,
        "lines": [
            {
                "id": str(line_id),
                "line_no": number,
                "product_id": str(line.product_id),
                "quantity_milli": line.quantity_milli,
                "unit_cost_minor": line.unit_cost_minor,
                "tax_rate_ppm": line.tax_rate_ppm,
                "order_line_id": _text(line.order_line_id),
                "receipt_line_id": _text(line.receipt_line_id),
            }
            for number, (line_id, line) in enumerate(document.lines, start=1)
        ],
    }
    uow.outbox.append(
        event_id=new_id(),
        kind=DOCUMENT_EVENT,
        aggregate_id=document.id,
        payload=canonical(payload),
        at=now,
    )


def share_payment(uow: UnitOfWork, payment: Payment, *, now: datetime, new_id: IdFactory) -> None:
    payload = {
        "id": str(payment.id),
        "number": payment.number,
        "supplier_id": str(payment.supplier_id),
        "account": payment.account,
        "amount_minor": payment.amount_minor,
        "paid_at": payment.paid_at.isoformat(),
        "reference": payment.reference,
        "created_by": payment.by,
        "allocations": [
            {"bill_id": str(bill), "amount_minor": part} for bill, part in payment.allocations
        ],
    }
    uow.outbox.append(
        event_id=new_id(),
        kind=PAYMENT_EVENT,
        aggregate_id=payment.id,
        payload=canonical(payload),
        at=now,
    )


def share_landed_cost(
    uow: UnitOfWork,
    charge_id: uuid.UUID,
    receipt: StockDocument,
    charge: tuple[str, int, str],
    shares: list[tuple[uuid.UUID, int]],
    *,
    by: str,
    now: datetime,
    new_id: IdFactory,
) -> None:
    """Queue a landed cost (description, amount, basis) with each receipt line's part: head
    office costs the goods as the store does."""
    description, amount_minor, basis = charge
    payload = {
        "id": str(charge_id),
        "receipt_id": str(receipt.id),
        "receipt_number": receipt.number,
        "description": description,
        "amount_minor": amount_minor,
        "basis": basis,
        "created_by": by,
        "created_at": now.isoformat(),
        "shares": [{"receipt_line_id": str(line), "amount_minor": part} for line, part in shares],
    }
    uow.outbox.append(
        event_id=new_id(),
        kind=LANDED_COST_EVENT,
        aggregate_id=receipt.id,
        payload=canonical(payload),
        at=now,
    )


def _text(value: uuid.UUID | None) -> str | None:
    return None if value is None else str(value)
