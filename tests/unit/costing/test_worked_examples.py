"""The issue's worked examples, read as a shop would: receipts of 10 @ 5.00 on day 1 and
10 @ 6.00 on day 3, a sale of 15 on day 4, then a sale of 4 dated day 2 that arrives on day 5."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from posapp.domain.costing import (
    CostFlow,
    CostMethod,
    CostMovement,
    CostState,
    OrderKey,
    UnitCost,
    replay,
)


def day(n: int) -> OrderKey:
    return OrderKey(datetime(2026, 3, 1 + n, 12, tzinfo=UTC), "T01", n)


def receipt(n: int, units: int, unit_minor: int) -> CostMovement:
    return CostMovement(uuid.uuid4(), day(n), CostFlow.RECEIPT, units * 1000, units * unit_minor)


def sale(n: int, units: int) -> CostMovement:
    return CostMovement(uuid.uuid4(), day(n), CostFlow.ISSUE, units * 1000)


def cost_in_order(method: CostMethod, movements: list[CostMovement]) -> tuple[CostState, dict]:
    state = CostState(method)
    ordered = sorted(movements, key=lambda m: m.order)
    outcomes = replay(state, ordered, lambda _: None)
    return state, {o.movement_id: o for o in outcomes}


def test_fifo_sale_of_fifteen_takes_the_first_receipt_then_five_of_the_second() -> None:
    first, second, sold = receipt(1, 10, 500), receipt(3, 10, 600), sale(4, 15)
    state, outcomes = cost_in_order(CostMethod.FIFO, [first, second, sold])
    assert -outcomes[sold.id].value_minor == 80_00
    assert state.on_hand_milli == 5000
    assert state.value_minor == 30_00


def test_fifo_a_late_sale_dated_day_two_is_costed_where_it_belongs() -> None:
    first, second, sold, late = receipt(1, 10, 500), receipt(3, 10, 600), sale(4, 15), sale(2, 4)
    state, outcomes = cost_in_order(CostMethod.FIFO, [first, second, sold, late])
    assert -outcomes[late.id].value_minor == 20_00
    assert -outcomes[sold.id].value_minor == 84_00
    assert state.on_hand_milli == 1000
    assert state.value_minor == 6_00
    assert 20_00 + 84_00 + state.value_minor == 50_00 + 60_00  # 110.00 in = out + on hand


def test_moving_average_rounds_half_up_once_per_movement() -> None:
    first, second, sold, late = receipt(1, 10, 500), receipt(3, 10, 600), sale(4, 15), sale(2, 4)
    state, outcomes = cost_in_order(CostMethod.AVERAGE, [first, second, sold, late])
    assert -outcomes[late.id].value_minor == 20_00
    # after day 3: 6 left worth 30.00 and 10 more worth 60.00 → 16 worth 90.00, 5.625 each
    assert -outcomes[sold.id].value_minor == 84_38  # 15 × 5.625 = 84.375, half up
    assert state.on_hand_milli == 1000
    assert state.value_minor == 5_62


def test_negative_stock_is_costed_at_last_cost_and_trued_up_when_the_goods_arrive() -> None:
    early = sale(0, 3)
    first = receipt(1, 10, 500)
    state = CostState(CostMethod.FIFO, last=UnitCost(450, 1000))  # the product's last cost: 4.50
    outcomes = {o.movement_id: o for o in replay(state, [early, first], lambda _: None)}
    assert -outcomes[early.id].value_minor == 13_50
    assert outcomes[early.id].taken[0].short
    assert outcomes[first.id].true_up_minor == 1_50  # dated with the receipt: day 1
    assert state.on_hand_milli == 7000
    assert state.value_minor == 35_00
