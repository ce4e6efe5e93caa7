"""Costing at head office, on a real PostgreSQL fed through real HTTP: the issue's worked
example with a till's sale dated day 2 arriving after the day-4 sale, and goods sent from one
store to another arriving at the sender's cost — costed again when the sender's cost moves."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest

from posapp.bootstrap import stock, transfers
from posapp.bootstrap.node import Node, till_actions
from posapp.domain.actors import Actor
from posapp.domain.cash_count import count_of
from posapp.domain.money import Money
from posapp.domain.payment import CASH, Tender
from posapp.domain.permissions import BUILT_IN_ROLES
from posapp.domain.quantity import Quantity
from posapp.services.catalogue.lookup import scan_barcode
from posapp.services.costing import Recosted, catch_up
from posapp.services.shared.clock import FixedClock
from posapp.services.stock import DraftHeader, DraftLine
from sync.client.engine import SyncEngine
from sync.server import value_checkpoints
from sync.server.costing import PgCostLedger
from sync.server.costing import run_costing as costing_run
from sync.server.stock_value import stock_value
from sync.server.value_checkpoints import take_due_checkpoints
from tests.head_office import HeadOfficeUnderTest

DAY0 = datetime(2026, 3, 1, 12, tzinfo=UTC)


def run_costing(engine: object) -> Recosted:
    done = costing_run(engine)  # type: ignore[arg-type]
    assert done is not None  # nothing else costs this head office
    return done


def _manager(node: Node) -> Node:
    node.actor = Actor(uuid.uuid4(), "Meg", "manager", frozenset(BUILT_IN_ROLES["manager"][1]))
    return node


def _on_day(node: Node, day: int) -> None:
    node.clock = FixedClock(DAY0 + timedelta(days=day))


def _product(node: Node) -> tuple[str, str, uuid.UUID]:
    with node.store.engine.connect() as connection:
        sku, code, product = connection.exec_driver_sql(
            "SELECT p.sku, b.code, p.id FROM products p JOIN barcodes b ON b.product_id = p.id "
            "WHERE NOT p.weighed AND b.pack_qty_milli = 1000 ORDER BY p.sku LIMIT 1"
        ).one()
    return sku, code, uuid.UUID(hex=product)


def _receive(node: Node, sku: str, day: int, units: int, unit_cost: int) -> None:
    _on_day(node, day)
    header = DraftHeader(business_at=DAY0 + timedelta(days=day))
    stock.receive(node, header, [DraftLine(sku, units * 1000, unit_cost)])
    SyncEngine(node.store.engine).run_once()


def _sell(till: Node, code: str, day: int, units: int) -> str:
    _on_day(till, day)
    found = scan_barcode(till.catalogue, code=code)
    basket = till.till.new_basket().add(
        till.till.sellable(found.product), Quantity.of(units), line_id=till.new_id()
    )
    sold = till_actions(till).sell(basket, [Tender(CASH, basket.totals().total)])
    return sold.document.number


def _cost_of_sale(head_office: HeadOfficeUnderTest, number: str) -> int:
    return -int(
        head_office.scalar(
            "SELECT sum(c.value_minor) FROM sales s JOIN stock_movements m ON m.document_id = s.id "
            "JOIN movement_costs c ON c.movement_id = m.id WHERE s.number = :n",
            n=number,
        )
    )


def _written_by(head_office: HeadOfficeUnderTest) -> dict[uuid.UUID, str]:
    """Each movement's cost and the transaction that last wrote it."""
    return dict(head_office.rows("SELECT movement_id, xmin::text FROM movement_costs"))


def _movements_of(head_office: HeadOfficeUnderTest, number: str) -> set[uuid.UUID]:
    return {
        row[0]
        for row in head_office.rows(
            "SELECT m.id FROM sales s JOIN stock_movements m ON m.document_id = s.id "
            "WHERE s.number = :n",
            n=number,
        )
    }


def _value(head_office: HeadOfficeUnderTest, store: str, product: uuid.UUID) -> int:
    return int(
        head_office.scalar(
            "SELECT coalesce(sum(value_minor - true_up_minor), 0) FROM movement_costs "
            "WHERE store_code = :s AND product_id = :p",
            s=store,
            p=product,
        )
    )


def _valued(
    head_office: HeadOfficeUnderTest, sku: str, product: uuid.UUID, day: date
) -> tuple[int, int]:
    """The product's stock and value at S01 at the day's end, as head office's valuation
    lists it; its total is checked against every costed movement placed before the day's
    end, summed straight from the ledger."""
    valued = stock_value(head_office.engine, day, 1000)
    end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    assert valued.total_minor == int(
        head_office.scalar(
            "SELECT coalesce(sum(c.value_minor - c.true_up_minor), 0) FROM movement_costs c "
            "JOIN stock_movements m ON m.id = c.movement_id "
            "WHERE coalesce(m.business_at, m.created_at) < :end",
            end=end,
        )
    )
    rows = [v for v in valued.rows if v.sku in (sku, str(product)) and v.location[:3] == "S01"]
    return sum(v.quantity_milli for v in rows), sum(v.value_minor for v in rows)


def _worked_example(enrolled: Callable[..., Node]) -> tuple[Node, str, str, uuid.UUID]:
    """The issue's worked example up to its sales: S01 received 10 @ 5.00 on day 1 and
    10 @ 6.00 on day 3; a till of S01 with its shift open. The till, the product's SKU, its
    barcode and its id."""
    back_office = _manager(enrolled("back-office", store="S01", terminal="BO"))
    till = enrolled("till", store="S01", terminal="T01")
    sku, code, product = _product(back_office)
    _receive(back_office, sku, 1, 10, 5_00)
    _receive(back_office, sku, 3, 10, 6_00)
    _on_day(till, 0)
    till_actions(till).open_shift(count_of(Money(10000, till.settings.currency)))
    return till, sku, code, product


def test_an_offline_tills_sale_dated_day_two_is_costed_where_it_belongs(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    till, sku, code, product = _worked_example(enrolled)
    day4 = _sell(till, code, 4, 15)
    SyncEngine(till.store.engine).run_once()
    run_costing(head_office.engine)
    assert _cost_of_sale(head_office, day4) == 82_50  # moving average: 15 × 5.50
    assert _value(head_office, "S01", product) == 27_50

    written = _written_by(head_office)
    day2 = _sell(till, code, 2, 4)  # the till's clock said day 2; it reaches head office now
    SyncEngine(till.store.engine).run_once()
    done = run_costing(head_office.engine)
    assert done.products == 1
    # every movement replayed; only the day-4 sale's cost changed, and only it was written
    assert done.movements == 4
    rewritten = {m for m, by in _written_by(head_office).items() if written.get(m, by) != by}
    assert rewritten == _movements_of(head_office, day4)
    assert _cost_of_sale(head_office, day2) == 20_00
    assert _cost_of_sale(head_office, day4) == 84_38  # 15 × 5.625, half up
    assert _value(head_office, "S01", product) == 5_62
    assert run_costing(head_office.engine).products == 0

    # Valued as of a day, counted back from now: the page's figures are the ledger's.
    assert _valued(head_office, sku, product, date(2026, 3, 2)) == (10_000, 50_00)
    assert _valued(head_office, sku, product, date(2026, 3, 4)) == (16_000, 90_00)  # 30 + 60
    assert _valued(head_office, sku, product, date(2026, 3, 5)) == (1_000, 5_62)
    assert _valued(head_office, sku, product, date(2026, 12, 6)) == (1_000, 5_62)


def _checkpoints_match_the_ledger(head_office: HeadOfficeUnderTest) -> int:
    """Every checkpoint's values and quantities against the costed movements and movements
    placed before its boundary, summed straight from the ledger; how many were checked."""
    boundaries = [b for (b,) in head_office.rows("SELECT boundary_at FROM value_checkpoints")]
    for boundary in boundaries:
        kept = head_office.rows(
            "SELECT store_code, product_id, value_minor FROM checkpoint_values "
            "WHERE boundary_at = :b AND value_minor <> 0 ORDER BY 1, 2",
            b=boundary,
        )
        assert kept == head_office.rows(
            "SELECT c.store_code, c.product_id, sum(c.value_minor - c.true_up_minor) "
            "FROM movement_costs c JOIN stock_movements m ON m.id = c.movement_id "
            "WHERE coalesce(m.business_at, m.created_at) < :b GROUP BY 1, 2 "
            "HAVING sum(c.value_minor - c.true_up_minor) <> 0 ORDER BY 1, 2",
            b=boundary,
        ), boundary
        held = head_office.rows(
            "SELECT product_id, location_id, quantity_milli FROM checkpoint_stock "
            "WHERE boundary_at = :b AND quantity_milli <> 0 ORDER BY 1, 2",
            b=boundary,
        )
        assert held == head_office.rows(
            "SELECT product_id, location_id, sum(quantity_milli) FROM stock_movements "
            "WHERE coalesce(business_at, created_at) < :b GROUP BY 1, 2 "
            "HAVING sum(quantity_milli) <> 0 ORDER BY 1, 2",
            b=boundary,
        ), boundary
    return len(boundaries)


def test_checkpoints_stay_true_when_an_offline_tills_sale_dated_before_them_arrives(
    enrolled: Callable[..., Node],
    head_office: HeadOfficeUnderTest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Valuation counts back from the nearest checkpoint after the day. A sale dated before
    the checkpoints reaches head office after they were taken: its upload moves their
    quantities, and the recosting it causes (its own cost, the later sale's new one) their
    values — the worked example's figures, as of every day, come out as from the ledger."""
    monkeypatch.setattr(value_checkpoints, "MINIMUM_SPACING", 1)  # one a day with movements
    till, sku, code, product = _worked_example(enrolled)
    _sell(till, code, 4, 15)
    SyncEngine(till.store.engine).run_once()
    run_costing(head_office.engine)
    today = date(2026, 3, 10)
    # A look cut short after the newest checkpoint (a costing run took costing's lock)...
    locks = iter([True, False])
    with monkeypatch.context() as patched:
        patched.setattr(value_checkpoints, "_hold_costing_lock", lambda _: next(locks))
        assert take_due_checkpoints(head_office.engine, today) is None
    # ... and the next look takes the older ones it left: after the receipts of days 1 and 3
    # (2 and 4 March) and the sale of day 4 (5 March)
    assert take_due_checkpoints(head_office.engine, today) == [
        datetime(2026, 3, d, tzinfo=UTC) for d in (3, 5)
    ]
    assert head_office.scalar("SELECT count(*) FROM value_checkpoints") == 3
    assert take_due_checkpoints(head_office.engine, today) == []  # looked once that day
    assert _checkpoints_match_the_ledger(head_office) == 3

    _sell(till, code, 2, 4)  # dated 3 March, before the last two checkpoints
    SyncEngine(till.store.engine).run_once()
    run_costing(head_office.engine)

    assert _checkpoints_match_the_ledger(head_office) == 3
    assert _valued(head_office, sku, product, date(2026, 3, 2)) == (10_000, 50_00)
    assert _valued(head_office, sku, product, date(2026, 3, 3)) == (6_000, 30_00)
    assert _valued(head_office, sku, product, date(2026, 3, 4)) == (16_000, 90_00)
    assert _valued(head_office, sku, product, date(2026, 3, 5)) == (1_000, 5_62)
    # a day later, and nothing dated since the last checkpoint: none due
    assert take_due_checkpoints(head_office.engine, today + timedelta(days=1)) == []

    # Counted forward from the last checkpoint (6 March): the last unit sold on 8 March, and a
    # product nothing had moved before, sold short (owed, at its last cost) the same day.
    with till.store.engine.connect() as connection:
        other_sku, other_code, other = connection.exec_driver_sql(
            "SELECT p.sku, b.code, p.id FROM products p JOIN barcodes b ON b.product_id = p.id "
            "WHERE NOT p.weighed AND b.pack_qty_milli = 1000 ORDER BY p.sku LIMIT 1 OFFSET 1"
        ).one()
    _sell(till, code, 7, 1)
    _sell(till, other_code, 7, 2)
    SyncEngine(till.store.engine).run_once()
    run_costing(head_office.engine)
    assert _valued(head_office, sku, product, date(2026, 3, 8)) == (0, 0)
    owed = _valued(head_office, other_sku, uuid.UUID(hex=other), date(2026, 3, 8))
    assert owed[0] == -2_000
    assert owed[1] == _value(head_office, "S01", uuid.UUID(hex=other))
    assert _valued(head_office, sku, product, date(2026, 3, 5)) == (1_000, 5_62)


def test_a_product_replayed_in_short_steps_gets_the_costs_of_one_whole_replay(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    """The path a product with a long history takes (its state saved every few movements, its
    costs written a step at a time), forced here with steps of two and three movements: the
    worked example's costs, whichever path costed them, and the last step's state saved."""
    till, _, code, product = _worked_example(enrolled)
    day4 = _sell(till, code, 4, 15)
    day2 = _sell(till, code, 2, 4)
    SyncEngine(till.store.engine).run_once()

    done = catch_up(PgCostLedger(head_office.engine), state_every=2, step=3)

    assert (done.products, done.movements) == (1, 4)
    assert _cost_of_sale(head_office, day2) == 20_00
    assert _cost_of_sale(head_office, day4) == 84_38  # 15 × 5.625, half up
    assert _value(head_office, "S01", product) == 5_62
    assert head_office.scalar("SELECT count(*) FROM cost_states") == 2  # after 2 and after 4
    assert head_office.scalar("SELECT count(*) FROM cost_marks") == 0


def _written(connection: psycopg.Connection[Any], product: uuid.UUID, quantity: int) -> None:
    """A movement written as an upload writes it (by a till of S01), uncommitted."""
    connection.execute(
        "INSERT INTO stock_movements (id, node_id, store_code, product_id, location_id, "
        "quantity_milli, reason, created_at) VALUES (%s, %s, 'S01', %s, %s, %s, 'COUNT', %s)",
        (uuid.uuid4(), uuid.uuid4(), product, uuid.uuid4(), quantity, DAY0),
    )


def test_a_movement_whose_upload_commits_after_costing_looked_is_costed_at_the_next_look(
    head_office: HeadOfficeUnderTest,
) -> None:
    """Costing looks only below the oldest upload still running, and looks next from there:
    an upload that began before a look and committed after it is costed at the next look."""
    quick_product, slow_product = uuid.uuid4(), uuid.uuid4()
    url = head_office.engine.url.set(drivername="postgresql")
    with psycopg.connect(url.render_as_string(hide_password=False)) as quick:
        _written(quick, quick_product, 2_000)
        quick.commit()
    with psycopg.connect(url.render_as_string(hide_password=False)) as slow:
        _written(slow, slow_product, 3_000)  # its upload is still running at the first look

        assert run_costing(head_office.engine).movements == 1
        assert _costed(head_office, quick_product) == 1
        assert _costed(head_office, slow_product) == 0
        slow.commit()

    assert run_costing(head_office.engine).movements == 1
    assert _costed(head_office, slow_product) == 1
    assert run_costing(head_office.engine).movements == 0


def _costed(head_office: HeadOfficeUnderTest, product: uuid.UUID) -> int:
    return int(
        head_office.scalar("SELECT count(*) FROM movement_costs WHERE product_id = :p", p=product)
    )


def test_goods_sent_to_another_store_arrive_at_the_senders_cost(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    sender = _manager(enrolled("sender", store="S01", terminal="BO"))
    enrolled("receiver", store="S02", terminal="BO")  # S02 is a store of the chain
    sku, _, product = _product(sender)
    _receive(sender, sku, 1, 10, 5_00)
    _on_day(sender, 2)
    transfers.send(sender, DraftHeader(to_store="S02"), [DraftLine(sku, 4_000)])
    SyncEngine(sender.store.engine).run_once()
    run_costing(head_office.engine)
    assert _value(head_office, "S02", product) == 20_00  # in S02's transit at 5.00 each
    assert _value(head_office, "S01", product) == 30_00

    # a receipt dated before the first, at 2.00: the sender's average falls, and so does
    # what the goods in transit are worth at the other store
    _receive(sender, sku, 0, 10, 2_00)
    run_costing(head_office.engine)
    assert _value(head_office, "S02", product) == 14_00  # 4 × 3.50
    assert _value(head_office, "S01", product) == 70_00 - 14_00


def test_a_node_whose_clock_is_off_by_more_than_five_minutes_is_flagged_once(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    import requests

    from sync.client import local_store
    from sync.protocol import CHANGES_PATH, CLIENT_HEADER, CLOCK_HEADER, PROTOCOL_HEADER

    node = enrolled("till", store="S01", terminal="T01")
    SyncEngine(node.store.engine).run_once()  # the node's own clock: nothing to say
    assert head_office.scalar("SELECT count(*) FROM review_flags") == 0

    token = local_store.identity(node.store.engine).token  # type: ignore[union-attr]
    ahead = (datetime.now(UTC) + timedelta(minutes=42)).isoformat()
    for _ in range(3):
        answer = requests.get(
            f"{head_office.url}{CHANGES_PATH}",
            headers={
                "Authorization": f"Bearer {token}",
                PROTOCOL_HEADER: "1",
                CLIENT_HEADER: "test",
                CLOCK_HEADER: ahead,
            },
            timeout=10,
        )
        assert answer.status_code == 200  # flagged, never refused
    flags = head_office.rows("SELECT problem FROM review_flags")
    assert len(flags) == 1
    assert "S01/T01 is 42 minutes ahead of head office's" in flags[0][0]


def test_the_server_command_says_what_it_costed(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    from sync.server.costing import cost_now

    back_office = _manager(enrolled("back-office", store="S01", terminal="BO"))
    sku, _, _ = _product(back_office)
    _receive(back_office, sku, 1, 10, 5_00)
    assert cost_now(head_office.engine) == "costed 1 movement(s) of 1 product(s) in all stores"
    assert cost_now(head_office.engine) == "costed 0 movement(s) of 0 product(s) in all stores"


def test_the_server_command_values_the_chains_stock_as_of_a_day(
    enrolled: Callable[..., Node],
    head_office: HeadOfficeUnderTest,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from sync.server.cli import main as server_main

    back_office = _manager(enrolled("back-office", store="S01", terminal="BO"))
    sku, _, _ = _product(back_office)
    _receive(back_office, sku, 1, 10, 5_00)
    _receive(back_office, sku, 3, 10, 6_00)
    url = ["--database-url", head_office.database_url]
    assert server_main(["--data-dir", str(tmp_path), "value", *url, "--as-of", "2026-03-02"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[-1].startswith("stock value at the end of 2026-03-02 (UTC): 50.00 over 1 ")
    assert "10.000" in listed[0]
    assert listed[0].split()[-1] == "50.00"
    assert server_main(["--data-dir", str(tmp_path), "value", *url, "--as-of", "2026-03-04"]) == 0
    assert "(UTC): 110.00 over 1 " in capsys.readouterr().out


def test_last_costs_reach_the_tills_at_once_when_they_move_much_and_daily_otherwise(
    enrolled: Callable[..., Node],
    head_office: HeadOfficeUnderTest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from posapp.db.master_records import product_record
    from sync.server import costing
    from sync.server.changes import record_changes
    from sync.server.costing import cost_and_publish

    # Worker processes, as for a big backlog: the products they costed come back to publish.
    monkeypatch.setattr(costing, "IN_PROCESSES", 1)

    back_office = _manager(enrolled("back-office", store="S01", terminal="BO"))
    till = enrolled("till", store="S01", terminal="T01")
    sku, _, product = _product(back_office)
    # The product as the chain's catalogue holds it (as if head office had authored it).
    with back_office.store.engine.connect() as connection:
        record = product_record(connection, product)
    with head_office.engine.begin() as connection:
        record_changes(connection, [("product", str(product), record)], origin=None, at=DAY0)

    def catalogue_cost() -> int | None:
        cost = head_office.scalar(
            "SELECT (payload->>'cost')::bigint FROM master_records "
            "WHERE entity = 'product' AND key = :k",
            k=str(product),
        )
        return None if cost is None else int(cost)

    def tills_cost() -> int | None:
        SyncEngine(till.store.engine).run_once()
        with till.store.engine.connect() as connection:
            return connection.exec_driver_sql(
                "SELECT cost_minor FROM products WHERE id = ?", (product.hex,)
            ).scalar()

    _receive(back_office, sku, 1, 10, 5_00)
    _receive(back_office, sku, 3, 10, 6_00)
    cost_and_publish(head_office.engine)
    assert catalogue_cost() == 6_00  # the last goods in, by business time
    assert tills_cost() == 6_00

    _receive(back_office, sku, 4, 10, 6_10)  # 1.7 %: waits for its day
    cost_and_publish(head_office.engine)
    assert catalogue_cost() == 6_00
    assert (
        head_office.scalar(
            "SELECT pending_minor FROM cost_published WHERE product_id = :p", p=product
        )
        == 6_10
    )

    _receive(back_office, sku, 5, 10, 7_00)  # 14.8 %: at once
    cost_and_publish(head_office.engine)
    assert catalogue_cost() == 7_00
    assert tills_cost() == 7_00


def test_a_serving_process_costs_in_a_process_of_its_own_at_a_lower_priority(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    """Costing beside the uploads never holds their interpreter: it runs in a child process,
    niced, costs what arrives, and stops at once when the server does."""
    import time

    import psutil

    from sync.server.costing_process import LOWER_PRIORITY, keep_costing

    back_office = _manager(enrolled("back-office", store="S01", terminal="BO"))
    sku, _, product = _product(back_office)
    _receive(back_office, sku, 1, 10, 5_00)
    stop = keep_costing(head_office.database_url, every_seconds=1)
    try:
        deadline = time.monotonic() + 60
        while _value(head_office, "S01", product) != 50_00:
            assert time.monotonic() < deadline, "the costing process costed nothing"
            time.sleep(0.2)
        costing = [c for c in psutil.Process().children() if c.nice() == LOWER_PRIORITY]
        assert costing
    finally:
        started = time.monotonic()
        stop()
        assert time.monotonic() - started < 15
    assert not [child for child in costing if child.is_running() and child.status() != "zombie"]


def test_costing_waits_while_a_backlog_arrives_but_not_for_ever(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    """The costing process counts the events head office applied since its last look: a
    backlog's rate defers the run, a chain's everyday rate does not, and a run deferred for
    MOST_DEFERRED_SECONDS goes ahead."""
    from sync.server.costing_process import (
        BACKLOG_EVENTS_PER_SECOND,
        MOST_DEFERRED_SECONDS,
        _events_applied,
        defers,
    )

    before = _events_applied(head_office.engine)
    back_office = _manager(enrolled("back-office", store="S01", terminal="BO"))
    sku, _, _ = _product(back_office)
    _receive(back_office, sku, 1, 10, 5_00)
    after = _events_applied(head_office.engine)
    assert before is not None
    assert after is not None
    assert after > before >= 0

    assert defers(BACKLOG_EVENTS_PER_SECOND * 10, 0)
    assert defers(BACKLOG_EVENTS_PER_SECOND * 10, MOST_DEFERRED_SECONDS - 30)
    assert not defers(BACKLOG_EVENTS_PER_SECOND * 10, MOST_DEFERRED_SECONDS)
    assert not defers(2, 0)  # 100 tills, a sale a minute each


def test_head_office_reports_carry_the_cost_of_goods_and_follow_a_recosting(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    """The worked example, read from head office's report by day: the day-4 sale's cost of
    goods, then both days' after the late day-2 sale re-costs it; every sold unit costed."""
    from sync.server.reports import head_office_report

    back_office = _manager(enrolled("back-office", store="S01", terminal="BO"))
    till = enrolled("till", store="S01", terminal="T01")
    sku, code, _ = _product(back_office)
    _receive(back_office, sku, 1, 10, 5_00)
    _receive(back_office, sku, 3, 10, 6_00)
    _on_day(till, 0)
    till_actions(till).open_shift(count_of(Money(10000, till.settings.currency)))
    _sell(till, code, 4, 15)
    SyncEngine(till.store.engine).run_once()
    run_costing(head_office.engine)

    def cost_by_day() -> dict[str, tuple[object, object]]:
        page = head_office_report(
            head_office.engine, "sales-by-day", DAY0.date(), (DAY0 + timedelta(days=5)).date()
        )
        assert not page.cost_pending
        return {row.key: (row.values["cost"], row.values["margin"]) for row in page.rows}

    day4 = (DAY0 + timedelta(days=4)).date().isoformat()
    assert cost_by_day()[day4][0] == 82_50
    _sell(till, code, 2, 4)  # the till's clock said day 2; it reaches head office now
    SyncEngine(till.store.engine).run_once()
    run_costing(head_office.engine)
    costs = cost_by_day()
    assert costs[(DAY0 + timedelta(days=2)).date().isoformat()][0] == 20_00
    assert costs[day4][0] == 84_38
    net = head_office.scalar(
        "SELECT sum(l.amount_minor - l.tax_minor) FROM sale_lines l "
        "JOIN sales s ON s.id = l.sale_id WHERE s.created_at >= :day AND s.created_at < :next",
        day=DAY0 + timedelta(days=4),
        next=DAY0 + timedelta(days=5),
    )
    assert costs[day4][1] == int(net) - 84_38
