"""Costing one movement, and replaying a product's movements in costing order.

An inflow first fills the goods that went out before any were here (negative stock, costed at
the last cost): the difference between what they were costed at and what this inflow says they
cost is a true-up — more (or less) cost of goods sold, posted with the inflow's date. What is
left becomes a FIFO layer or joins the average pool. An outflow takes from the layers oldest
first (FIFO) or its share of the pool, rounded half-up once per movement (average); what it
takes beyond what is here goes out at the last cost."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import NamedTuple

from posapp.domain.costing.movements import CostFlow, CostMethod, CostMovement, half_up
from posapp.domain.costing.state import CostState, Layer, UnitCost

# What an earlier movement moved: (quantity in thousandths, value in minor units, both positive).
KnownCost = Callable[[uuid.UUID], tuple[int, int] | None]


class Taken(NamedTuple):  # a named tuple, as OrderKey is: costing makes millions of them
    """A part of what an outflow took: from the layer a movement brought (`source_id`), from
    the average pool (None), or goods that were not here (`short`)."""

    source_id: uuid.UUID | None
    quantity_milli: int
    value_minor: int
    short: bool = False


class Outcome(NamedTuple):
    movement_id: uuid.UUID
    value_minor: int  # the change in stock value: + in, − out (an outflow's cost of goods is −it)
    true_up_minor: int = 0  # more cost of goods for goods that went out before they came in
    taken: tuple[Taken, ...] = ()


def replay(state: CostState, movements: Iterable[CostMovement], known: KnownCost) -> list[Outcome]:
    """Cost `movements` (in costing order) from `state`, which they change. `known` answers
    for movements before them (a return's sale, a supplier return's receipt)."""
    seen: dict[uuid.UUID, tuple[int, int]] = {}

    def known_here(movement_id: uuid.UUID) -> tuple[int, int] | None:
        return seen.get(movement_id) or known(movement_id)

    outcomes = []
    for movement in movements:
        outcome = cost_movement(state, movement, known_here)
        seen[movement.id] = (movement.quantity_milli, abs(outcome.value_minor))
        outcomes.append(outcome)
    return outcomes


def cost_movement(state: CostState, movement: CostMovement, known: KnownCost) -> Outcome:
    if movement.inflow:
        return _receive(state, movement, _inflow_value(state, movement, known))
    if movement.flow is CostFlow.SUPPLIER_RETURN and movement.source_id is not None:
        return _send_back(state, movement, known)
    taken = _take(state, movement.quantity_milli)
    return Outcome(movement.id, -sum(part.value_minor for part in taken), 0, tuple(taken))


def _inflow_value(state: CostState, movement: CostMovement, known: KnownCost) -> int:
    if movement.value_minor is not None:
        return movement.value_minor
    if movement.flow is CostFlow.RETURN and movement.source_id is not None:
        sold = known(movement.source_id)
        if sold is not None and sold[0] > 0:
            return half_up(sold[1] * movement.quantity_milli, sold[0])
    return state.current_unit().of(movement.quantity_milli)


def _receive(state: CostState, movement: CostMovement, value: int) -> Outcome:
    quantity, rest = movement.quantity_milli, value
    true_up = 0
    if state.short_milli:
        fill = min(quantity, state.short_milli)
        fill_value = half_up(value * fill, quantity)
        booked = half_up(state.short_value * fill, state.short_milli)
        state.short_milli -= fill
        state.short_value -= booked
        true_up = fill_value - booked
        quantity -= fill
        rest -= fill_value
    if quantity:
        _add(state, Layer(movement.id, movement.order, quantity, rest))
    if movement.flow in (CostFlow.RECEIPT, CostFlow.TRANSFER_IN):
        state.last = UnitCost(value, movement.quantity_milli)
    return Outcome(movement.id, value, true_up)


def _add(state: CostState, layer: Layer) -> None:
    if state.method is CostMethod.FIFO:
        state.layers.append(layer)
        return
    if not state.layers:
        state.layers.append(Layer(None, None, layer.quantity_milli, layer.value_minor))
        return
    pool = state.layers[0]
    pool.quantity_milli += layer.quantity_milli
    pool.value_minor += layer.value_minor


def _take(state: CostState, quantity_milli: int) -> list[Taken]:
    if state.method is CostMethod.AVERAGE:
        return _take_pool(state, quantity_milli, None)
    taken = []
    while quantity_milli and state.layers:
        layer = state.layers[0]
        part = min(quantity_milli, layer.remaining_milli)
        taken.append(Taken(layer.source_id, part, layer.take(part)))
        quantity_milli -= part
        if not layer.remaining_milli:
            state.layers.pop(0)
    return taken + _go_short(state, quantity_milli)


def _take_pool(state: CostState, quantity_milli: int, rate: UnitCost | None) -> list[Taken]:
    """The pool's share of `quantity_milli` (at `rate` where the goods leave at their own cost,
    never more than the pool holds); the rest goes short. The pool is never sliced
    cumulatively (its `taken_milli` stays 0): each movement rounds once on what is left."""
    pool = state.layers[0] if state.layers else None
    if pool is None:
        return _go_short(state, quantity_milli)
    part = min(quantity_milli, pool.quantity_milli)
    if part == pool.quantity_milli:
        value = pool.value_minor  # the last unit takes what is left: nothing stays behind
        state.layers = []
    else:
        if rate is not None:
            value = min(rate.of(part), pool.value_minor)
        else:
            value = half_up(pool.value_minor * part, pool.quantity_milli)
        pool.quantity_milli -= part
        pool.value_minor -= value
    taken = [Taken(None, part, value)]
    return taken if part == quantity_milli else taken + _go_short(state, quantity_milli - part)


def _go_short(state: CostState, quantity_milli: int) -> list[Taken]:
    if not quantity_milli:
        return []
    value = (state.last or UnitCost(0, 1000)).of(quantity_milli)
    state.short_milli += quantity_milli
    state.short_value += value
    return [Taken(None, quantity_milli, value, short=True)]


def _send_back(state: CostState, movement: CostMovement, known: KnownCost) -> Outcome:
    """Goods returned to the supplier leave at their receipt's cost while any of it is here
    (FIFO: from that very layer; average: at the receipt's unit cost, within the pool)."""
    quantity = movement.quantity_milli
    taken: list[Taken] = []
    if state.method is CostMethod.FIFO:
        for layer in state.layers:
            if layer.source_id == movement.source_id and layer.remaining_milli:
                part = min(quantity, layer.remaining_milli)
                taken.append(Taken(layer.source_id, part, layer.take(part)))
                quantity -= part
        state.layers = [layer for layer in state.layers if layer.remaining_milli]
        taken += _take(state, quantity) if quantity else []
    else:
        received = known(movement.source_id) if movement.source_id else None
        rate = UnitCost(received[1], received[0]) if received and received[0] > 0 else None
        taken = _take_pool(state, quantity, rate)
    return Outcome(movement.id, -sum(part.value_minor for part in taken), 0, tuple(taken))
