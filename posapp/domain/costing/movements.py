"""What the costing engine reads of a stock movement, and the order it reads them in."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import NamedTuple


class CostMethod(StrEnum):
    FIFO = "fifo"  # the oldest goods here go out first, at what they cost
    AVERAGE = "average"  # every unit here costs the same: value ÷ quantity, moved by each receipt


class CostFlow(StrEnum):
    """How a movement changes the value of what is here."""

    RECEIPT = "receipt"  # in, at its own value (the receipt line, its landed costs, its bill)
    TRANSFER_IN = "transfer_in"  # in, at the value the sending scope gave it
    RETURN = "return"  # in, at what its sale took out (else the current cost)
    FOUND = "found"  # in, at the current cost (found, counted more)
    ISSUE = "issue"  # out, at the current cost (sold, written off, missing, sent away)
    SUPPLIER_RETURN = "supplier_return"  # out, at its receipt's cost while any of it is here


INFLOWS = frozenset({CostFlow.RECEIPT, CostFlow.TRANSFER_IN, CostFlow.RETURN, CostFlow.FOUND})
_BRINGS_ITS_OWN_VALUE = frozenset({CostFlow.RECEIPT, CostFlow.TRANSFER_IN})

# The stock ledger's reasons that are not goods going out at the current cost.
_FLOWS = {
    "RECEIPT": CostFlow.RECEIPT,
    "RETURN": CostFlow.RETURN,
    "FOUND": CostFlow.FOUND,
    "COUNT_GAIN": CostFlow.FOUND,
    "SUPPLIER_RETURN": CostFlow.SUPPLIER_RETURN,
}
# Moves inside a store (shelf to back room, out of its own transit) change no value.
INTERNAL_REASONS = ("TRANSFER", "TRANSFER_IN")


def flow_of(reason: str, quantity_milli: int) -> CostFlow:
    """How a ledger movement changes value, by its reason; a sign its reason does not say (a
    sale line of a negative quantity) goes by the sign: in as found, out as issued."""
    flow = _FLOWS.get(reason, CostFlow.ISSUE)
    if (quantity_milli > 0) != (flow in INFLOWS):
        return CostFlow.FOUND if quantity_milli > 0 else CostFlow.ISSUE
    return flow


# The values costing makes millions of in a chain's full costing are named tuples: immutable
# like frozen dataclasses, and built in a tenth of the time (a frozen dataclass sets each field
# through object.__setattr__; building them was a sixth of head office's full costing).


class OrderKey(NamedTuple):
    """Where a movement stands in its product's costing order. Business time is the one place
    two nodes' clocks are compared (DESIGN §3); the node and its sequence never tie, the id
    settles the rest (movements a node derived from one line). Ordered as a tuple, field by
    field."""

    business_at: datetime
    node: str
    seq: int
    movement: str = ""


class _CostMovementFields(NamedTuple):
    id: uuid.UUID
    order: OrderKey
    flow: CostFlow
    quantity_milli: int  # positive: how much came in or went out (the flow says which)
    value_minor: int | None = None
    source_id: uuid.UUID | None = None


class CostMovement(_CostMovementFields):
    """One movement as costing sees it. `value_minor` is the value an inflow brings where it
    brings its own (a receipt, a transfer in); `source_id` names the movement it undoes (a
    return's sale, a supplier return's receipt)."""

    __slots__ = ()

    def __new__(
        cls,
        id: uuid.UUID,
        order: OrderKey,
        flow: CostFlow,
        quantity_milli: int,
        value_minor: int | None = None,
        source_id: uuid.UUID | None = None,
    ) -> CostMovement:
        if quantity_milli <= 0:
            raise ValueError(f"movement {id}: costing takes positive quantities")
        if value_minor is None and flow in _BRINGS_ITS_OWN_VALUE:
            raise ValueError(f"movement {id}: a {flow.value} brings its own value")
        return tuple.__new__(cls, (id, order, flow, quantity_milli, value_minor, source_id))

    @property
    def inflow(self) -> bool:
        return self.flow in INFLOWS


def half_up(numerator: int, denominator: int) -> int:
    """numerator ÷ denominator to a whole minor unit, halves away from zero: the one rounding
    rule of costing (DESIGN §3), applied once per movement."""
    if denominator <= 0:
        raise ValueError("half_up divides by a positive number")
    magnitude = (2 * abs(numerator) + denominator) // (2 * denominator)
    return magnitude if numerator >= 0 else -magnitude
