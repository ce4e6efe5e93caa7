"""What a stock document is made of before it is checked (drafts as typed or scanned), and
the checks every document passes: who acts, its header, its lines."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from posapp.domain.actors import NotPermitted
from posapp.domain.errors import DomainError
from posapp.domain.quantity import Quantity
from posapp.domain.stock import (
    CHOSEN_REASONS,
    DOCUMENT_NAMES,
    AdjustmentReason,
    DocumentLine,
    DocumentRefused,
    DocumentType,
    StatusChange,
    StockDocument,
    Transition,
)
from posapp.services.shared import FieldError, IdFactory, UnitOfWork, money_field, text_field

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
    to_location_code: str | None = None  # a transfer's destination here
    to_store: str | None = None  # a transfer out's receiving store


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


def found(uow: UnitOfWork, document_id: uuid.UUID) -> StockDocument:
    document = uow.stock_documents.get(document_id)
    if document is None:
        raise DocumentRefused(f"no stock document {document_id}")
    return document


def acting(uow: UnitOfWork, doc_type: DocumentType) -> str:
    if uow.actor is None:
        raise NotPermitted(
            f"a {DOCUMENT_NAMES[doc_type]} is made and moved by a person: sign in to the back "
            "office, or on the command line add --as USERNAME"
        )
    return uow.actor.name


def require(uow: UnitOfWork, transition: Transition, doc_type: DocumentType) -> str:
    by = acting(uow, doc_type)
    assert uow.actor is not None
    if not uow.actor.may(transition.permission):
        raise NotPermitted(
            f"{by} ({uow.actor.role}) may not set a {DOCUMENT_NAMES[doc_type]} to "
            f"{transition.to_status}: that needs a role with {transition.permission.value}"
        )
    return by


def require_any(uow: UnitOfWork, transitions: Sequence[Transition], doc_type: DocumentType) -> str:
    """Drafts are made and changed by those who may take them on."""
    by = acting(uow, doc_type)
    assert uow.actor is not None
    needed = sorted({t.permission.value for t in transitions})
    if needed and not any(uow.actor.may(permission) for permission in needed):
        raise NotPermitted(
            f"{by} ({uow.actor.role}) may not make or change a {DOCUMENT_NAMES[doc_type]}: "
            f"that needs a role with {' or '.join(needed)}"
        )
    return by


@dataclass(frozen=True)
class CheckedHeader:
    location_id: uuid.UUID
    supplier_id: uuid.UUID | None
    reason: AdjustmentReason | None
    reference: str | None
    business_at: datetime
    other_location_id: uuid.UUID | None = None
    to_store: str | None = None


def checked_header(
    uow: UnitOfWork, doc_type: DocumentType, header: DraftHeader, now: datetime
) -> CheckedHeader:
    location_id = uow.stock_documents.location_id(header.location_code)
    if location_id is None:
        raise FieldError("location", header.location_code or "", "is not a location here")
    supplier_id = None
    if header.supplier_code:
        supplier_id = uow.suppliers.id_of_code(header.supplier_code)
        if supplier_id is None:
            raise FieldError("supplier", header.supplier_code, "is not a supplier code")
    if doc_type in _FROM_A_SUPPLIER and supplier_id is None:
        raise FieldError("supplier", "", f"a {DOCUMENT_NAMES[doc_type]} needs its supplier")
    if doc_type is DocumentType.STOCK_ADJUSTMENT and header.reason is None:
        names = ", ".join(reason.value for reason in CHOSEN_REASONS)
        raise FieldError("reason", "", f"an adjustment needs its reason: {names}")
    if header.reason is not None and header.reason not in CHOSEN_REASONS:
        raise FieldError("reason", header.reason.value, "is a stock count's, not one to choose")
    business_at = header.business_at or now
    if business_at > now + _AHEAD:
        raise FieldError("date", f"{business_at:%Y-%m-%d %H:%M}", "is in the future")
    reference = (header.reference or "").strip() or None
    if reference is not None and (len(reference) > 100 or not reference.isprintable()):
        raise FieldError("reference", reference, "is 1–100 printable characters")
    reason = header.reason if doc_type is DocumentType.STOCK_ADJUSTMENT else None
    other, to_store = _where_to(uow, doc_type, header, location_id)
    return CheckedHeader(location_id, supplier_id, reason, reference, business_at, other, to_store)


_FROM_A_SUPPLIER = (
    DocumentType.PURCHASE_ORDER,
    DocumentType.SUPPLIER_RETURN,
    DocumentType.SUPPLIER_BILL,
)
_STORE_CODE = re.compile(r"[A-Za-z0-9_-]{1,20}")


def _where_to(
    uow: UnitOfWork, doc_type: DocumentType, header: DraftHeader, location_id: uuid.UUID
) -> tuple[uuid.UUID | None, str | None]:
    """A transfer's destination, a transfer out's store, a transfer in's transit location."""
    if doc_type is DocumentType.TRANSFER:
        other = uow.stock_documents.location_id(header.to_location_code or "")
        if other is None:
            raise FieldError("to", header.to_location_code or "", "is not a location here")
        if other == location_id:
            raise FieldError("to", header.to_location_code or "", "is where the goods are")
        return other, None
    if doc_type is DocumentType.TRANSFER_OUT:
        store = (header.to_store or "").strip()
        own = str(uow.settings.stored()["node.store_code"])
        if not _STORE_CODE.fullmatch(store):
            raise FieldError("to store", store, "is a store's code (1–20 letters or digits)")
        if store == own:
            raise FieldError(
                "to store", store, "is this store: a transfer between its locations is a transfer"
            )
        return None, store
    if doc_type is DocumentType.TRANSFER_IN:
        own = str(uow.settings.stored()["node.store_code"])
        return uow.stock_documents.transit_location(own), None
    return None, None


def checked_lines(
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


def add_draft(
    uow: UnitOfWork,
    *,
    doc_type: DocumentType,
    status: str,
    number: str,
    by: str,
    checked: CheckedHeader,
    lines: tuple[tuple[uuid.UUID, DocumentLine], ...],
    now: datetime,
    new_id: IdFactory,
    location_id: uuid.UUID | None = None,
    supplier_id: uuid.UUID | None = None,
    order_id: uuid.UUID | None = None,
) -> StockDocument:
    """A new document in its workflow's first `status`, stored with the first entry of its
    history; the location and supplier are the header's unless given."""
    document = StockDocument(
        id=new_id(),
        doc_type=doc_type,
        number=number,
        status=status,
        location_id=location_id or checked.location_id,
        business_at=checked.business_at,
        created_by=by,
        lines=lines,
        supplier_id=supplier_id or checked.supplier_id,
        reason=checked.reason,
        reference=checked.reference,
        order_id=order_id,
        other_location_id=checked.other_location_id,
        to_store=checked.to_store,
    )
    uow.stock_documents.add(document, now)
    uow.stock_documents.add_history(document.id, StatusChange(None, status, by, now))
    return document
