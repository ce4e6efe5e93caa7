"""A stock count's differences become stock adjustments linked to it: when it is posted, and
again whenever movements dated before its lines were counted are recorded after it was settled
(an offline till's late sales, a receipt entered days after the goods came), so that what the
count says was missing is what was really missing when it was counted."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from posapp.domain.stock import (
    PREFIXES,
    AdjustmentReason,
    DocumentLine,
    DocumentType,
    StockDocument,
)
from posapp.services.shared import IdFactory, UnitOfWork
from posapp.services.stock.moving import complete

# The contract carries at most this many lines a document: a count of a whole warehouse settles
# in as many adjustments as it needs.
LINES_PER_ADJUSTMENT = 10_000


def settle_differences(
    uow: UnitOfWork,
    count: StockDocument,
    differences: Sequence[tuple[uuid.UUID, int]],
    *,
    by: str,
    now: datetime,
    new_id: IdFactory,
    note: str,
) -> list[str]:
    """Adjustments (gains, then losses) of (product, counted − held); their numbers."""
    terminal_code = str(uow.settings.stored()["node.terminal_code"])
    numbers = []
    for reason in (AdjustmentReason.COUNT_GAIN, AdjustmentReason.COUNT_LOSS):
        lines = [(p, abs(q)) for p, q in differences if q != 0 and (q > 0) == (reason.sign > 0)]
        for start in range(0, len(lines), LINES_PER_ADJUSTMENT):
            chunk = lines[start : start + LINES_PER_ADJUSTMENT]
            adjustment = StockDocument(
                id=new_id(),
                doc_type=DocumentType.STOCK_ADJUSTMENT,
                number=uow.stock_documents.next_number(
                    PREFIXES[DocumentType.STOCK_ADJUSTMENT], terminal_code
                ),
                status="draft",
                location_id=count.location_id,
                business_at=now,
                created_by=by,
                lines=tuple((new_id(), DocumentLine(p, q)) for p, q in chunk),
                reason=reason,
                reference=count.number,
                count_id=count.id,
            )
            uow.stock_documents.add(adjustment, now)
            complete(
                uow,
                adjustment,
                "posted",
                by=by,
                now=now,
                new_id=new_id,
                note=note,
                count_number=count.number,
                refuse_negative=False,
            )
            numbers.append(adjustment.number)
    return numbers


def correct_counts(uow: UnitOfWork, *, now: datetime, new_id: IdFactory) -> list[str]:
    """Settle again every posted count that movements recorded since it last settled reach back
    before: each such movement is taken back by an adjustment linked to the count. The numbers
    of the adjustments made."""
    late: dict[uuid.UUID, list[tuple[uuid.UUID, int]]] = {}
    for count_id, product_id, moved in uow.stock_counts.late_movements():
        late.setdefault(count_id, []).append((product_id, -moved))
    numbers = []
    for count_id, differences in late.items():
        count = uow.stock_documents.get(count_id)
        assert count is not None
        numbers += settle_differences(
            uow,
            count,
            differences,
            by="posapp",
            now=now,
            new_id=new_id,
            note=f"movements dated before {count.number} counted them, recorded after it",
        )
    uow.stock_counts.all_settled()
    return numbers
