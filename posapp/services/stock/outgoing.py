"""What head office receives of a stock document that moved stock (`sync.contract.stock`)."""

from __future__ import annotations

import uuid

from posapp.domain.stock import DocumentLine, StockDocument
from posapp.services.shared import StockMovement


def completed_payload(
    document: StockDocument,
    movements: list[StockMovement],
    order_number: str | None = None,
    count_number: str | None = None,
) -> dict[str, object]:
    """What head office receives of a document that moved stock (sync.contract.stock). The
    count fields go only with a count's adjustments (contract 5), so that every other document
    reads as contract 4 did (and so do transfers' fields)."""
    assert document.completed_at is not None
    # Each line's movement at the document's location, and at its other location (transfers).
    moved: dict[uuid.UUID | None, uuid.UUID] = {}
    other_moved: dict[uuid.UUID | None, uuid.UUID] = {}
    for movement in movements:
        at_other = movement.location_id != document.location_id
        (other_moved if at_other else moved)[movement.document_line_id] = movement.id
    optional: dict[str, object] = {}  # contract 5's fields, only where they say something
    if document.count_id is not None:
        optional.update(count_id=str(document.count_id), count_number=count_number)
    if document.other_location_id is not None:
        optional["other_location_id"] = str(document.other_location_id)
    if document.to_store is not None:
        optional["to_store"] = document.to_store
    return {
        **optional,
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
            _line(number, line_id, line, moved, other_moved)
            for number, (line_id, line) in enumerate(document.lines, start=1)
        ],
        "order_id": None if document.order_id is None else str(document.order_id),
        "order_number": order_number,
    }


def _line(
    number: int,
    line_id: uuid.UUID,
    line: DocumentLine,
    moved: dict[uuid.UUID | None, uuid.UUID],
    other_moved: dict[uuid.UUID | None, uuid.UUID],
) -> dict[str, object]:
    optional: dict[str, object] = {}  # contract 5's, only where they say something
    if line_id in other_moved:
        optional["other_movement_id"] = str(other_moved[line_id])
    if line.receipt_line_id is not None:
        optional["receipt_line_id"] = str(line.receipt_line_id)
    return {
        "id": str(line_id),
        "line_no": number,
        "product_id": str(line.product_id),
        "quantity_milli": line.quantity_milli,
        "unit_cost_minor": line.unit_cost_minor,
        "batch": line.batch,
        "expiry": None if line.expiry is None else line.expiry.isoformat(),
        "movement_id": str(moved[line_id]),
        "order_line_id": None if line.order_line_id is None else str(line.order_line_id),
        **optional,
    }
