"""Random trading of one product in one store, for the property tests: receipts (some with a
landed cost), sales, returns of earlier sales, supplier returns of earlier receipts, transfers
in and out, counts that find or miss goods, write-offs — on two tills whose clocks agree
only on the day."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from hypothesis import strategies as st

from posapp.domain.costing import CostFlow, CostMovement, OrderKey

START = datetime(2026, 3, 1, tzinfo=UTC)

# What each generated movement is, for the ledger identity: the flow alone does not tell a sale
# from a write-off or a count's missing goods.
KINDS = {
    "receipt": CostFlow.RECEIPT,
    "transfer_in": CostFlow.TRANSFER_IN,
    "found": CostFlow.FOUND,
    "return": CostFlow.RETURN,
    "sale": CostFlow.ISSUE,
    "write_off": CostFlow.ISSUE,
    "missing": CostFlow.ISSUE,
    "transfer_out": CostFlow.ISSUE,
    "supplier_return": CostFlow.SUPPLIER_RETURN,
}


@dataclass(frozen=True)
class Traded:
    movement: CostMovement
    kind: str
    landed_minor: int = 0  # the part of a receipt's value that is freight and duty


@st.composite
def trading(draw: st.DrawFn, max_size: int = 40) -> list[Traded]:
    """Movements in business order, each source (a return's sale, a supplier return's
    receipt) earlier than what names it."""
    size = draw(st.integers(1, max_size))
    seqs = {"T01": 0, "T02": 0}
    raw = []
    for _ in range(size):
        node = draw(st.sampled_from(sorted(seqs)))
        seqs[node] += 1
        minutes = draw(st.integers(0, 10 * 24 * 60))
        raw.append((OrderKey(START + timedelta(minutes=minutes), node, seqs[node]), node))
    raw.sort()
    stream: list[Traded] = []
    for position, (order, _node) in enumerate(raw, 1):
        stream.append(draw(_movement(uuid.UUID(int=position), order, stream)))
    return stream


@st.composite
def _movement(draw: st.DrawFn, new_id: uuid.UUID, order: OrderKey, before: list[Traded]) -> Traded:
    kind = draw(st.sampled_from(sorted(KINDS)))
    quantity = draw(st.integers(1, 20_000))  # thousandths: weighed goods too
    sources = {"return": "sale", "supplier_return": "receipt"}
    if kind in sources:
        earlier = [t for t in before if t.kind == sources[kind]]
        source = draw(st.sampled_from(earlier)).movement.id if earlier else None
        return Traded(CostMovement(new_id, order, KINDS[kind], quantity, source_id=source), kind)
    if kind in ("receipt", "transfer_in"):
        value = draw(st.integers(0, 50_000))
        landed = draw(st.integers(0, 2_000)) if kind == "receipt" else 0
        movement = CostMovement(new_id, order, KINDS[kind], quantity, value + landed)
        return Traded(movement, kind, landed)
    return Traded(CostMovement(new_id, order, KINDS[kind], quantity), kind)
