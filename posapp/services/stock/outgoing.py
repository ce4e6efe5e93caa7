"""What head office receives of a stock document that moved stock (`sync.contract.stock`)."""

from __future__ import annotations

from posapp.domain.stock import StockDocument
from posapp.services.shared import StockMovement


def completed_payload(
    document: StockDocument,
    movements: list[StockMovement],
    order_number: str | None = None,
    count_number: str | None = None,
) -> dict[str, object]:
    """What head office receives of a document that moved stock (sync.contract.stock). The
    count fields go only with a count's adjustments (contract 5), so that every other document
    reads as contract 4 did."""
    assert document.completed_at is not None
    moved = {movement.document_line_id: movement.id for movement in movements}
    counted = (
        {}
        if document.count_id is None
        else {
            "count_id": str(document.count_id),
            "count_number": count_number,
        }
    )
    return {
        **counted,
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
                "order_line_id": None if line.order_line_id is None else str(line.order_line_id),
            }
            for number, (line_id, line) in enumerate(document.lines, start=1)
        ],
        "order_id": None if document.order_id is None else str(document.order_id),
        "order_number": order_number,
    }
