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
from functools import partial
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


# Costing makes millions of these: built straight from their fields, without a Python call for
# each through the named tuples' constructors; the members it compares with are looked up once.
_outcome = partial(tuple.__new__, Outcome)
_taken = partial(tuple.__new__, Taken)
_ISSUE, _SUPPLIER_RETURN = CostFlow.ISSUE, CostFlow.SUPPLIER_RETURN
_WITH_OWN_VALUE = (CostFlow.RECEIPT, CostFlow.TRANSFER_IN)
_FIFO, _AVERAGE = CostMethod.FIFO, CostMethod.AVERAGE


def replay(
    state: CostState,
    movements: Iterable[CostMovement],
    known: KnownCost,
    seen: dict[uuid.UUID, tuple[int, int]] | None = None,
) -> list[Outcome]:
    """Cost `movements` (in costing order) from `state`, which they change. `known` answers
    for movements before them (a return's sale, a supplier return's receipt); what each of
    these moved goes into `seen` (when given: a replay in parts keeps one for all of them)."""
    seen = {} if seen is None else seen

    def known_here(movement_id: uuid.UUID) -> tuple[int, int] | None:
        return seen.get(movement_id) or known(movement_id)

    outcomes = []
    for movement in movements:
        outcome = cost_movement(state, movement, known_here)
        seen[movement.id] = (movement.quantity_milli, abs(outcome.value_minor))
        outcomes.append(outcome)
    return outcomes


def cost_movement(state: CostState, movement: CostMovement, known: KnownCost) -> Outcome:
    flow = movement.flow
    if flow is _ISSUE or (flow is _SUPPLIER_RETURN and movement.source_id is None):
        taken = _take(state, movement.quantity_milli)
        value = taken[0].value_minor if len(taken) == 1 else sum(part[2] for part in taken)
        return _outcome((movement.id, -value, 0, tuple(taken)))
    if flow is _SUPPLIER_RETURN:
        return _send_back(state, movement, known)
    return _receive(state, movement, _inflow_value(state, movement, known))


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
        _add(state, movement, quantity, rest)
    if movement.flow in _WITH_OWN_VALUE:
        state.last = UnitCost(value, movement.quantity_milli)
    return _outcome((movement.id, value, true_up, ()))


def _add(state: CostState, movement: CostMovement, quantity_milli: int, value_minor: int) -> None:
    if state.method is _FIFO:
        state.layers.append(Layer(movement.id, movement.order, quantity_milli, value_minor))
    elif not state.layers:
        state.layers.append(Layer(None, None, quantity_milli, value_minor))
    else:
        pool = state.layers[0]
        pool.quantity_milli += quantity_milli
        pool.value_minor += value_minor


def _take(state: CostState, quantity_milli: int) -> list[Taken]:
    if state.method is _AVERAGE:
        return _take_pool(state, quantity_milli, None)
    taken = []
    while quantity_milli and state.layers:
        layer = state.layers[0]
        part = min(quantity_milli, layer.remaining_milli)
        taken.append(_taken((layer.source_id, part, layer.take(part), False)))
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
    taken = [_taken((None, part, value, False))]
    return taken if part == quantity_milli else taken + _go_short(state, quantity_milli - part)


def _go_short(state: CostState, quantity_milli: int) -> list[Taken]:
    if not quantity_milli:
        return []
    value = (state.last or UnitCost(0, 1000)).of(quantity_milli)
    state.short_milli += quantity_milli
    state.short_value += value
    return [_taken((None, quantity_milli, value, True))]


def _send_back(state: CostState, movement: CostMovement, known: KnownCost) -> Outcome:
    """Goods returned to the supplier leave at their receipt's cost while any of it is here
    (FIFO: from that very layer; average: at the receipt's unit cost, within the pool)."""
    quantity = movement.quantity_milli
    taken: list[Taken] = []
    if state.method is _FIFO:
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
