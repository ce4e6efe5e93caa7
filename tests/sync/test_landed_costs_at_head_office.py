"""A goods receipt's landed cost travels to head office (contract 7) and what the goods cost there
follows it, as it follows a bill posted for them: head office costs the goods as the store does.
A charge on another store's receipt, or on a line that is not the receipt's, is refused; one
whose receipt has not arrived yet is kept and flagged."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from posapp.bootstrap import costing, purchasing, stock
from posapp.bootstrap.demo import load_demo_records
from posapp.bootstrap.node import Node, till_actions
from posapp.domain.cash_count import count_of
from posapp.domain.money import Money
from posapp.services.stock import BillLineDraft, DraftHeader, DraftLine
from sync.client import local_store
from sync.client.engine import SyncEngine
from tests.head_office import HeadOfficeUnderTest
from tests.sync.conftest import signed_in
from tests.sync.test_costing_at_head_office import (
    DAY0,
    _cost_of_sale,
    _manager,
    _on_day,
    _product,
    _sell,
    _value,
    run_costing,
)
from tests.sync.wire import post_events


@pytest.fixture
def back_office(enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest) -> Node:
    head_office.add_person()
    enrolled("store-2", store="S02", terminal="BO")  # the demo sends goods there
    node = signed_in(enrolled("back-office", store="S01", terminal="BO"))
    load_demo_records(node)
    SyncEngine(node.store.engine).run_once()
    return _manager(node)


def _held(head_office: HeadOfficeUnderTest, product: uuid.UUID) -> int:
    """The product's value in the chain: the demo sends some of it to S02."""
    return _value(head_office, "S01", product) + _value(head_office, "S02", product)


def _receipt(node: Node, sku: str, units: int, unit_cost: int) -> str:
    _on_day(node, 1)
    header = DraftHeader(supplier_code="S01", business_at=DAY0 + timedelta(days=1))
    received = stock.receive(node, header, [DraftLine(sku, units * 1000, unit_cost)])
    SyncEngine(node.store.engine).run_once()
    return received.number


def _sent(node: Node, kind: str) -> dict[str, object]:
    """The last event of `kind` the node queued, as it went to head office."""
    last = local_store.last_seq(node.store.engine)
    batch = local_store.Batch(uuid.uuid4(), 1, last, "sending", 0, None)
    events = local_store.batch_events(node.store.engine, batch)
    return next(e for e in reversed(events) if e["kind"] == kind)


def test_a_landed_cost_and_a_posted_bill_cost_the_goods_at_head_office_as_at_the_store(
    back_office: Node, enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    till = enrolled("till", store="S01", terminal="T01")
    sku, code, product = _product(back_office)
    receipt = _receipt(back_office, sku, 10, 5_00)
    _on_day(till, 0)
    till_actions(till).open_shift(count_of(Money(10000, till.settings.currency)))
    sale = _sell(till, code, 2, 4)
    SyncEngine(till.store.engine).run_once()
    run_costing(head_office.engine)
    assert _cost_of_sale(head_office, sale) == 20_00
    before = _held(head_office, product)  # with the demo's stock, received later

    costing.add_landed_cost(back_office, receipt, "Freight", 10_00, "value")
    SyncEngine(back_office.store.engine).run_once()
    assert head_office.rows("SELECT description, amount_minor, basis FROM receipt_charges") == [
        ("Freight", 10_00, "value")
    ]
    run_costing(head_office.engine)
    assert _cost_of_sale(head_office, sale) == 24_00  # 4 × (5.00 + 1.00 freight)
    assert _held(head_office, product) - before == 6_00  # the goods still held

    day = datetime(2026, 3, 5, 12, tzinfo=UTC)
    bill = purchasing.bill(
        back_office, "S01", "INV-7", day, [BillLineDraft(sku, 10_000, 5_10, None, receipt)]
    )
    purchasing.post(back_office, bill.id)
    SyncEngine(back_office.store.engine).run_once()
    run_costing(head_office.engine)
    assert _cost_of_sale(head_office, sale) == 24_40  # billed 5.10, plus the freight
    assert _held(head_office, product) - before == 6_60
    assert run_costing(head_office.engine).products == 0


def test_a_charge_on_another_stores_receipt_or_a_stray_line_is_refused(
    back_office: Node, enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    sku, _, _ = _product(back_office)
    receipt = _receipt(back_office, sku, 10, 5_00)
    costing.add_landed_cost(back_office, receipt, "Duty", 3_00, "quantity")
    sent = _sent(back_office, "stock.landed_cost")
    payload = json.loads(str(sent["payload"]))

    other = enrolled("store-3", store="S03", terminal="BO")
    theirs = {**sent, "id": str(uuid.uuid4()), "seq": 1}
    theirs["payload"] = json.dumps(payload | {"id": str(uuid.uuid4())})
    answer = post_events(head_office.url, other, [theirs])
    assert answer.status_code == 422, answer.text
    assert "another store's" in answer.text

    stray = payload | {
        "id": str(uuid.uuid4()),
        "shares": [{"receipt_line_id": str(uuid.uuid4()), "amount_minor": 3_00}],
    }
    again = {**sent, "id": str(uuid.uuid4())}  # in the charge's place: it was never sent
    again["payload"] = json.dumps(stray)
    answer = post_events(head_office.url, back_office, [again])
    assert answer.status_code == 422
    assert "is not a line of that receipt" in answer.text

    short = payload | {"id": str(uuid.uuid4()), "amount_minor": 4_00}
    again["payload"] = json.dumps(short)
    answer = post_events(head_office.url, back_office, [again])
    assert answer.status_code == 422
    assert "add up to the charge" in answer.text
    assert head_office.scalar("SELECT count(*) FROM receipt_charges") == 0


def test_a_charge_that_arrives_before_its_receipt_is_kept_flagged_and_costed_later(
    back_office: Node, head_office: HeadOfficeUnderTest
) -> None:
    sku, _, product = _product(back_office)
    _on_day(back_office, 1)
    header = DraftHeader(supplier_code="S01", business_at=DAY0 + timedelta(days=1))
    received = stock.receive(back_office, header, [DraftLine(sku, 10_000, 5_00)])
    costing.add_landed_cost(back_office, received.number, "Freight", 2_00, "value")
    receipt_event = _sent(back_office, "stock.document_completed")
    charge_event = _sent(back_office, "stock.landed_cost")
    # the charge alone first, as if another node of the store had added it
    first = int(str(receipt_event["seq"]))
    alone = {**charge_event, "seq": first, "id": str(uuid.uuid4())}
    assert post_events(head_office.url, back_office, [alone]).status_code == 200
    assert "has not received yet" in str(
        head_office.scalar("SELECT problem FROM review_flags ORDER BY flagged_at DESC LIMIT 1")
    )
    run_costing(head_office.engine)
    before = _held(head_office, product)
    later = {**receipt_event, "seq": first + 1}
    assert post_events(head_office.url, back_office, [later]).status_code == 200
    run_costing(head_office.engine)
    assert _held(head_office, product) - before == 52_00  # 10 × 5.00, and the freight


def test_charges_added_before_contract_7_are_queued_by_the_upgrade_and_reach_head_office(
    back_office: Node, head_office: HeadOfficeUnderTest
) -> None:
    from alembic import command

    from posapp.db import migrate
    from posapp.db.engine import write_connection

    sku, _, _ = _product(back_office)
    receipt = _receipt(back_office, sku, 10, 5_00)
    costing.add_landed_cost(back_office, receipt, "Insurance", 1_50, "value")
    queued = json.loads(str(_sent(back_office, "stock.landed_cost")["payload"]))
    engine = back_office.store.engine
    with write_connection(engine) as connection, connection.begin():
        # as a node from before 0033 holds it: the charge, and no event for it
        connection.exec_driver_sql("DELETE FROM outbox_events WHERE kind = 'stock.landed_cost'")
        config = migrate.alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0032")
    migrate.upgrade(engine)
    assert json.loads(str(_sent(back_office, "stock.landed_cost")["payload"])) == queued
    SyncEngine(engine).run_once()
    assert head_office.rows("SELECT description, amount_minor FROM receipt_charges") == [
        ("Insurance", 1_50)
    ]
