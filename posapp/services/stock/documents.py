"""Stock documents (goods receipts, stock adjustments): made as drafts, filled line by line,
then moved along their workflow by a person whose role allows each step. The status that moves
stock writes the lines' movements, completes the document and freezes it."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from posapp.domain.actors import NotPermitted
from posapp.domain.errors import DomainError
from posapp.domain.quantity import Quantity
from posapp.domain.stock import (
    COMPLETED_EVENT,
    DOCUMENT_NAMES,
    PREFIXES,
    AdjustmentReason,
    DocumentLine,
    DocumentRefused,
    DocumentType,
    Effect,
    StatusChange,
    StockDocument,
    Transition,
    movement_sign,
)
from posapp.services.shared import (
    Clock,
    FieldError,
    IdFactory,
    StockMovement,
    UnitOfWork,
    canonical,
    journal_event,
    money_field,
    text_field,
)

# A document may be dated back (yesterday's delivery entered today), not ahead: a clock a few
# minutes fast is forgiven.
_AHEAD = timedelta(minutes=5)


@dataclass(frozen=True)
class DraftLine:
    """A line as typed or scanned: the product by SKU."""

    sku: str
    quantity_milli: int
    unit_cost_minor: int | None = None
    batch: str | None = None
    expiry: date | None = None


@dataclass(frozen=True)
class DraftHeader:
    """What a draft says besides its lines."""

    location_code: str | None = None  # None: the store's selling location
    supplier_code: str | None = None  # a receipt's supplier, when known
    reason: AdjustmentReason | None = None  # an adjustment's
    reference: str | None = None  # the supplier's delivery note, an incident number
    business_at: datetime | None = None  # None: now


def read_lines(rows: Sequence[Mapping[str, str]], currency: str) -> list[DraftLine]:
    """Lines from typed fields (`sku`, `quantity`, `cost`, `batch`, `expiry`): rows without a
    SKU are skipped; FieldError names the line and the field that cannot be read."""
    lines = []
    for number, row in enumerate(rows, start=1):
        sku = text_field(row, "sku", limit=64)
        if not sku:
            continue
        typed = str(row.get("quantity") or "").strip()
        try:
            quantity = Quantity.parse(typed)
        except (DomainError, ValueError):
            raise FieldError(f"line {number} quantity", typed, "is not a quantity") from None
        cost = money_field(
            f"line {number} cost", str(row.get("cost") or ""), currency, required=False
        )
        expiry_text = str(row.get("expiry") or "").strip()
        try:
            expiry = date.fromisoformat(expiry_text) if expiry_text else None
        except ValueError:
            raise FieldError(
                f"line {number} expiry", expiry_text, "is not a date (YYYY-MM-DD)"
            ) from None
        lines.append(
            DraftLine(
                sku,
                quantity.thousandths,
                None if cost is None else cost.minor,
                text_field(row, "batch", limit=40) or None,
                expiry,
            )
        )
    return lines


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
        by = _require_any(uow, workflow.next_from(workflow.first), doc_type)
        checked = _checked_header(uow, doc_type, header, now)
        document = StockDocument(
            id=new_id(),
            doc_type=doc_type,
            number=uow.stock_documents.next_number(PREFIXES[doc_type], terminal_code),
            status=workflow.first,
            location_id=checked.location_id,
            business_at=checked.business_at,
            created_by=by,
            lines=_checked_lines(uow, lines, new_id),
            supplier_id=checked.supplier_id,
            reason=checked.reason,
            reference=checked.reference,
        )
        uow.stock_documents.add(document, now)
        uow.stock_documents.add_history(document.id, StatusChange(None, document.status, by, now))
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
        document = _found(uow, document_id)
        workflow = uow.stock_documents.workflow(document.doc_type)
        _require_any(uow, workflow.next_from(document.status), document.doc_type)
        if not workflow.status(document.status).editable:
            raise DocumentRefused(
                f"{document.number} is {document.status}: it does not change any more "
                "(a later document corrects it)"
            )
        checked = _checked_header(uow, document.doc_type, header, now)
        changed = replace(
            document,
            location_id=checked.location_id,
            business_at=checked.business_at,
            lines=_checked_lines(uow, lines, new_id),
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
        document = _found(uow, document_id)
        workflow = uow.stock_documents.workflow(document.doc_type)
        transition = workflow.transition(document.status, to_status)
        by = _require(uow, transition, document.doc_type)
        target = workflow.status(to_status)
        if target.effect is Effect.MOVES:
            moved = _move(uow, document, now, new_id)
            completed_document = replace(document, status=to_status, completed_at=now)
            uow.outbox.append(
                event_id=new_id(),
                kind=COMPLETED_EVENT,
                aggregate_id=document.id,
                payload=canonical(_completed_payload(completed_document, moved)),
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


def _completed_payload(
    document: StockDocument, movements: list[StockMovement]
) -> dict[str, object]:
    """What head office receives of a document that moved stock (sync.contract.stock)."""
    assert document.completed_at is not None
    moved = {movement.document_line_id: movement.id for movement in movements}
    return {
        "id": str(document.id),
        "doc_type": document.doc_type.value,
        "number": document.number,
        "status": document.status,
        "location_id": str(document.location_id),
        "supplier_id": None if document.supplier_id is None else str(document.supplier_id),
        "reason": None if document.reason is None else document.reason.value,
        "reference": document.reference,
        "business_at": document.business_at.isoformat(),
        "completed_at": document.completed_at.isoformat(),
        "created_by": document.created_by,
        "lines": [
            {
                "id": str(line_id),
                "line_no": number,
                "product_id": str(line.product_id),
                "quantity_milli": line.quantity_milli,
                "unit_cost_minor": line.unit_cost_minor,
                "batch": line.batch,
                "expiry": None if line.expiry is None else line.expiry.isoformat(),
                "movement_id": str(moved[line_id]),
            }
            for number, (line_id, line) in enumerate(document.lines, start=1)
        ],
    }


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


def _found(uow: UnitOfWork, document_id: uuid.UUID) -> StockDocument:
    document = uow.stock_documents.get(document_id)
    if document is None:
        raise DocumentRefused(f"no stock document {document_id}")
    return document


def _acting(uow: UnitOfWork, doc_type: DocumentType) -> str:
    if uow.actor is None:
        raise NotPermitted(
            f"a {DOCUMENT_NAMES[doc_type]} is made and moved by a person: sign in to the back "
            "office, or on the command line add --as USERNAME"
        )
    return uow.actor.name


def _require(uow: UnitOfWork, transition: Transition, doc_type: DocumentType) -> str:
    by = _acting(uow, doc_type)
    assert uow.actor is not None
    if not uow.actor.may(transition.permission):
        raise NotPermitted(
            f"{by} ({uow.actor.role}) may not set a {DOCUMENT_NAMES[doc_type]} to "
            f"{transition.to_status}: that needs a role with {transition.permission.value}"
        )
    return by


def _require_any(uow: UnitOfWork, transitions: Sequence[Transition], doc_type: DocumentType) -> str:
    """Drafts are made and changed by those who may take them on."""
    by = _acting(uow, doc_type)
    assert uow.actor is not None
    needed = sorted({t.permission.value for t in transitions})
    if needed and not any(uow.actor.may(permission) for permission in needed):
        raise NotPermitted(
            f"{by} ({uow.actor.role}) may not make or change a {DOCUMENT_NAMES[doc_type]}: "
            f"that needs a role with {' or '.join(needed)}"
        )
    return by


@dataclass(frozen=True)
class _CheckedHeader:
    location_id: uuid.UUID
    supplier_id: uuid.UUID | None
    reason: AdjustmentReason | None
    reference: str | None
    business_at: datetime


def _checked_header(
    uow: UnitOfWork, doc_type: DocumentType, header: DraftHeader, now: datetime
) -> _CheckedHeader:
    location_id = uow.stock_documents.location_id(header.location_code)
    if location_id is None:
        raise FieldError("location", header.location_code or "", "is not a location here")
    supplier_id = None
    if header.supplier_code:
        supplier_id = uow.suppliers.id_of_code(header.supplier_code)
        if supplier_id is None:
            raise FieldError("supplier", header.supplier_code, "is not a supplier code")
    if doc_type is DocumentType.STOCK_ADJUSTMENT and header.reason is None:
        names = ", ".join(reason.value for reason in AdjustmentReason)
        raise FieldError("reason", "", f"an adjustment needs its reason: {names}")
    business_at = header.business_at or now
    if business_at > now + _AHEAD:
        raise FieldError("date", f"{business_at:%Y-%m-%d %H:%M}", "is in the future")
    reference = (header.reference or "").strip() or None
    if reference is not None and (len(reference) > 100 or not reference.isprintable()):
        raise FieldError("reference", reference, "is 1–100 printable characters")
    reason = header.reason if doc_type is DocumentType.STOCK_ADJUSTMENT else None
    return _CheckedHeader(location_id, supplier_id, reason, reference, business_at)


def _checked_lines(
    uow: UnitOfWork, lines: Sequence[DraftLine], new_id: IdFactory
) -> tuple[tuple[uuid.UUID, DocumentLine], ...]:
    ids = uow.catalogue.ids_of_skus([line.sku for line in lines])
    checked = []
    for number, line in enumerate(lines, start=1):
        product_id = ids.get(line.sku)
        if product_id is None:
            raise FieldError(f"line {number} sku", line.sku, "is not a product SKU")
        document_line = DocumentLine(
            product_id, line.quantity_milli, line.unit_cost_minor, line.batch, line.expiry
        )
        document_line.check(number)
        checked.append((new_id(), document_line))
    return tuple(checked)
