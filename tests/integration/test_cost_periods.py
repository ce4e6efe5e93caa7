"""Closing a costing period on a real node: the issue's worked example closed through day 4,
then the day-2 sale recorded late. The closed period keeps its costs (the day-4 sale still
cost 80.00); the late sale is costed at the start of the open period (4 of the day-3 goods at
6.00); valuation counts on from the period's snapshot, and a day inside the closed period is
valued as it was when it closed."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from posapp.bootstrap import costing as node_costing
from posapp.bootstrap.node import Node
from posapp.bootstrap.shop import change_setting
from posapp.cli.entry import main
from posapp.db import value_checkpoints
from posapp.db.stock_value_queries import stock_value
from posapp.db.value_checkpoints import take_checkpoint
from posapp.domain.actors import Actor, NotPermitted
from posapp.domain.errors import DomainError
from posapp.domain.permissions import BUILT_IN_ROLES
from posapp.services.shared import FieldError
from tests.integration.test_costing import (
    _fresh_product,
    bill_first_at_5_10,
    cost_of_sale,
    fifo_receipt_of_two,
    on_day,
    receive,
    sell,
    shop,  # noqa: F401  (the fixture)
)

DAY4 = date(2026, 3, 5)  # the clock's day 0 is 2026-03-01


def _valued(node: Node, sku: str, day: date) -> tuple[int, int]:
    """The product's stock and value at the day's end — counted forward from the period's
    snapshot and, the same, back from what is held now (the back office's page)."""
    every = node_costing.value(node, day)
    fast = stock_value(node.store.engine, day, len(every) + 1)
    key = lambda v: (v.sku, v.location)  # noqa: E731
    assert sorted(fast.rows, key=key) == sorted(every, key=key)
    assert fast.total_minor == sum(v.value_minor for v in every)
    assert fast.row_count == len(every)
    rows = [v for v in every if v.sku == sku]
    return sum(v.quantity_milli for v in rows), sum(v.value_minor for v in rows)


def _worked_example_to_day_6(node: Node) -> tuple[str, str, str]:
    """The issue's worked example, FIFO, up to its day-4 sale, the clock on day 6: 10 @ 5.00
    on day 1, 10 @ 6.00 on day 3, 15 sold on day 4. The SKU, its barcode, the sale's number."""
    change_setting(node, "costing.method", "fifo")
    sku, code = _fresh_product(node)
    receive(node, sku, 1, 10, 5_00)
    receive(node, sku, 3, 10, 6_00)
    day4 = sell(node, code, 4, 15)
    on_day(node, 6)
    return sku, code, day4


def test_a_closed_period_keeps_its_costs_and_late_data_lands_in_the_open_one(
    shop: Node,  # noqa: F811
) -> None:
    sku, code, day4 = _worked_example_to_day_6(shop)

    closed = node_costing.close_period(shop, DAY4)
    assert closed.through == DAY4
    assert _valued(shop, sku, date(2026, 3, 6)) == (5_000, 30_00)  # from the snapshot
    with pytest.raises(DomainError, match="closed already"):
        node_costing.close_period(shop, DAY4)

    day2 = sell(shop, code, 2, 4)  # dated day 2, recorded on day 6
    node_costing.run(shop)
    assert cost_of_sale(shop, day4) == 80_00  # the closed period is not costed again
    assert cost_of_sale(shop, day2) == 24_00  # at the open period's start: 4 × 6.00
    assert _valued(shop, sku, date(2026, 3, 7)) == (1_000, 6_00)  # 110.00 in = 104 + 6
    assert _valued(shop, sku, date(2026, 3, 4)) == (20_000, 110_00)  # as it was at the close

    # A sale on day 10: valuing day 6 now reads fewer movements forward from the close (none
    # dated after the boundary; the late sale placed at it) than back from now (this one).
    sell(shop, code, 10, 1)
    node_costing.run(shop)
    assert _valued(shop, sku, date(2026, 3, 7)) == (1_000, 6_00)
    assert _valued(shop, sku, date(2026, 3, 5)) == (5_000, 30_00)  # the closed day itself
    assert main(["--data-dir", str(shop.store.data_dir), "check"]) == 0


def test_who_may_close_and_which_days(shop: Node) -> None:  # noqa: F811
    on_day(shop, 6)
    with pytest.raises(DomainError, match="is not over"):
        node_costing.close_period(shop, date(2026, 3, 7))
    role = "cashier"
    shop.actor = Actor(uuid.uuid4(), "Cass", role, frozenset(BUILT_IN_ROLES[role][1]))
    with pytest.raises(NotPermitted, match="payables"):
        node_costing.close_period(shop, DAY4)


def test_goods_received_in_a_closed_period_keep_their_cost(shop: Node) -> None:  # noqa: F811
    """A landed cost is refused for them; a supplier's bill is posted (it is owed) but does
    not cost the closed period again, and says so."""

    first, second, code, receipt = fifo_receipt_of_two(shop)  # day 1: 10 of the first at 5.00
    sold = sell(shop, code, 2, 5)
    on_day(shop, 6)
    node_costing.close_period(shop, DAY4)

    with pytest.raises(FieldError, match="closed through 2026-03-05: its goods' costs are final"):
        node_costing.add_landed_cost(shop, receipt, "Freight", 16_00, "value")
    posted = bill_first_at_5_10(shop, "INV-78", first, second, receipt)
    assert posted.costs_final_through == DAY4
    node_costing.run(shop)
    assert cost_of_sale(shop, sold) == 25_00  # as the closed period costed it
    assert _valued(shop, first, date(2026, 3, 7)) == (5_000, 25_00)
    assert main(["--data-dir", str(shop.store.data_dir), "check"]) == 0


def test_checkpoints_follow_a_sale_dated_before_them_and_not_one_placed_after_a_close(
    shop: Node,  # noqa: F811
) -> None:
    """Valuation counts from the nearest checkpoint when that reads the fewest movements. A
    sale dated before the checkpoints is recorded after they were taken: they take it in, and
    the recosting it causes. Once a period is closed, a sale dated inside it is placed at its
    boundary, after every checkpoint: none of them moves. Every day's value is the one counted
    from the ledger itself (`_valued`)."""
    sku, code, day4 = _worked_example_to_day_6(shop)
    node_costing.run(shop)
    for day in (6, 3, 5):  # the newest first, as they are taken; then counted back from it
        take_checkpoint(shop.store.engine, datetime(2026, 3, day, tzinfo=UTC))

    sell(shop, code, 2, 4)  # dated 3 March, before two of the checkpoints
    node_costing.run(shop)
    assert cost_of_sale(shop, day4) == 84_00  # 6 × 5.00 + 9 × 6.00: the day-2 sale went first
    assert _valued(shop, sku, date(2026, 3, 2)) == (10_000, 50_00)  # at 3 March's checkpoint
    assert _valued(shop, sku, date(2026, 3, 3)) == (6_000, 30_00)
    assert _valued(shop, sku, date(2026, 3, 4)) == (16_000, 90_00)
    assert _valued(shop, sku, date(2026, 3, 5)) == (1_000, 6_00)

    on_day(shop, 7)
    node_costing.close_period(shop, date(2026, 3, 6))
    sell(shop, code, 2, 1)  # dated 3 March, recorded after the close: placed on 7 March
    node_costing.run(shop)
    assert _valued(shop, sku, date(2026, 3, 3)) == (6_000, 30_00)
    assert _valued(shop, sku, date(2026, 3, 5)) == (1_000, 6_00)
    assert _valued(shop, sku, date(2026, 3, 7)) == (0, 0)
    assert main(["--data-dir", str(shop.store.data_dir), "check"]) == 0


def _received_and_sold_twice(node: Node) -> str:
    """A new product received on 2 March (10 units), one sold on 4 March and one on 5, costed;
    its sku."""
    sku, code = _fresh_product(node)
    receive(node, sku, 1, 10, 5_00)
    sell(node, code, 3, 1)
    sell(node, code, 4, 1)
    node_costing.run(node)
    return sku


def test_checkpoints_are_due_where_a_spacing_of_movements_was_dated(
    shop: Node,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sku = _received_and_sold_twice(shop)
    # every two movements dated (one product held): the receipt on 2 March and the sale on 4
    # March make one due at 5 March's start; the sale on 5 March alone is not enough
    monkeypatch.setattr(value_checkpoints, "MINIMUM_SPACING", 2)
    today = date(2026, 3, 10)
    assert value_checkpoints.keep_checkpoints(shop.store.engine, today) == [
        datetime(2026, 3, 5, tzinfo=UTC)
    ]
    assert value_checkpoints.keep_checkpoints(shop.store.engine, today) == []  # once a day
    assert _valued(shop, sku, date(2026, 3, 4)) == (9_000, 45_00)  # the checkpoint itself
    assert main(["--data-dir", str(shop.store.data_dir), "check"]) == 0
    with shop.store.engine.begin() as connection:  # a checkpoint that drifted is found
        connection.exec_driver_sql("UPDATE checkpoint_stock SET quantity_milli = 1")
    assert main(["--data-dir", str(shop.store.data_dir), "check"]) != 0
    assert "the checkpoint at 2026-03-05" in capsys.readouterr().out


def test_a_look_for_checkpoints_cut_short_leaves_the_older_ones_due(
    shop: Node,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sku = _received_and_sold_twice(shop)
    monkeypatch.setattr(value_checkpoints, "MINIMUM_SPACING", 1)  # one a day with movements
    today = date(2026, 3, 10)
    taken = []

    def fails_after_one(engine: object, boundary: datetime) -> None:
        if taken:
            raise OSError("disk full")
        taken.append(boundary)
        take_checkpoint(engine, boundary)  # type: ignore[arg-type]

    with monkeypatch.context() as patched:
        patched.setattr(value_checkpoints, "take_checkpoint", fails_after_one)
        with pytest.raises(OSError, match="disk full"):
            value_checkpoints.keep_checkpoints(shop.store.engine, today)
    assert taken == [datetime(2026, 3, 6, tzinfo=UTC)]  # the newest first
    assert value_checkpoints.keep_checkpoints(shop.store.engine, today) == [
        datetime(2026, 3, d, tzinfo=UTC) for d in (3, 5)
    ]
    assert value_checkpoints.keep_checkpoints(shop.store.engine, today) == []
    assert _valued(shop, sku, date(2026, 3, 3)) == (10_000, 50_00)
    assert main(["--data-dir", str(shop.store.data_dir), "check"]) == 0
