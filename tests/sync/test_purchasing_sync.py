"""Purchasing reaches head office: requests, orders and bills at their latest version (each
status change after the draft sends the document again; an older version never overwrites a
newer one), and payments once with the bills they pay. Another store's document is refused."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from posapp.bootstrap import purchasing, stock
from posapp.bootstrap.demo import load_demo_records
from posapp.bootstrap.node import Node
from posapp.services.stock import BillLineDraft, DraftHeader, DraftLine
from sync.client import local_store
from sync.client.engine import SyncEngine
from tests.head_office import HeadOfficeUnderTest
from tests.sync.conftest import signed_in
from tests.sync.wire import post_events


@pytest.fixture
def buyer(enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest) -> Node:
    head_office.add_person()
    enrolled("store-2", store="S02", terminal="BO")  # the demo sends goods there
    node = signed_in(enrolled("back-office", store="S01", terminal="BO"))
    load_demo_records(node)
    return node


def _skus(node: Node) -> list[str]:
    with node.store.engine.connect() as connection:
        return list(
            connection.execute(
                text("SELECT sku FROM products WHERE NOT weighed ORDER BY sku LIMIT 2")
            ).scalars()
        )


def test_requests_orders_bills_and_payments_reach_head_office_at_their_latest_version(
    buyer: Node, head_office: HeadOfficeUnderTest
) -> None:
    first, second = _skus(buyer)
    request = purchasing.request(buyer, [DraftLine(first, 12_000)])
    stock.move(buyer, request.id, "approved")
    order = purchasing.order_requests(buyer, [request.number], "S01")
    stock.move(buyer, order.id, "sent")
    SyncEngine(buyer.store.engine).run_once()
    assert head_office.rows(
        "SELECT number, status, version FROM stock_documents "
        "WHERE number IN (:o, :r) ORDER BY number",
        o=order.number,
        r=request.number,
    ) == [(order.number, "sent", 2), (request.number, "ordered", 4)]

    receipt = stock.receive_order(buyer, order.number, DraftHeader(), [DraftLine(first, 5_000)])
    day = datetime(2026, 11, 20, 12, tzinfo=UTC)
    bill = purchasing.bill(
        buyer, "S01", "INV-1", day, [BillLineDraft(first, 5_000, 60, None, receipt.number)]
    )
    posted = purchasing.post(buyer, bill.id)
    purchasing.pay(buyer, "S01", "Bank", 100, [posted.number], day)
    SyncEngine(buyer.store.engine).run_once()

    assert head_office.rows(
        "SELECT status, version FROM stock_documents WHERE number = :n", n=order.number
    ) == [("partially_received", 3)]
    assert head_office.rows(
        "SELECT status, total_minor, due_at IS NOT NULL FROM stock_documents WHERE number = :n",
        n=posted.number,
    ) == [("posted", posted.total_minor, True)]
    assert head_office.rows(
        "SELECT p.amount_minor, a.amount_minor, d.number FROM supplier_payments p "
        "JOIN payment_allocations a ON a.payment_id = p.id "
        "JOIN stock_documents d ON d.id = a.bill_id"
    ) == [(100, 100, posted.number)]
    del second


def test_an_older_version_never_overwrites_a_newer_one_and_another_stores_is_refused(
    buyer: Node, enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    first, _ = _skus(buyer)
    order = stock.order(buyer, DraftHeader(supplier_code="S01"), [DraftLine(first, 6_000)])
    stock.move(buyer, order.id, "cancelled")
    SyncEngine(buyer.store.engine).run_once()
    last = local_store.last_seq(buyer.store.engine)
    events = local_store.batch_events(
        buyer.store.engine, local_store.Batch(uuid.uuid4(), 1, last, "sending", 0, None)
    )
    sent = next(e for e in events if e["kind"] == "purchase.document")
    assert json.loads(sent["payload"])["status"] == "sent"
    # The same "sent" version again, as a new event: head office keeps "cancelled".
    again = {**sent, "id": str(uuid.uuid4()), "seq": last + 1}
    assert post_events(head_office.url, buyer, [again]).status_code == 200
    assert head_office.rows(
        "SELECT status FROM stock_documents WHERE number = :n", n=order.number
    ) == [("cancelled",)]

    other = enrolled("store-3", store="S03", terminal="BO")
    theirs = {**sent, "id": str(uuid.uuid4()), "seq": 1}
    payload = json.loads(sent["payload"]) | {"number": "PO-BO-000001", "version": 9}
    theirs["payload"] = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    answer = post_events(head_office.url, other, [theirs])
    assert answer.status_code == 422
    assert "another store's" in answer.text


def test_an_order_head_office_raises_for_a_store_is_received_there(
    buyer: Node, enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    from sync.server.changes import record_changes
    from sync.server.raised_orders import OrderLine, OrderRefused, raise_order

    first, second = _skus(buyer)
    SyncEngine(buyer.store.engine).run_once()  # the demo's suppliers reach head office
    with buyer.unit_of_work() as uow:  # the two products are the chain's catalogue
        ids = uow.catalogue.ids_of_skus([first, second])
        products = [(str(i), uow.catalogue.master_record(i)) for i in ids.values()]
    with head_office.engine.begin() as connection:
        record_changes(
            connection,
            [("product", key, record) for key, record in products],
            origin=None,
            at=datetime.now(UTC),
        )
    elsewhere = enrolled("store-3", store="S03", terminal="BO")
    with pytest.raises(OrderRefused, match="S09 is not a store"):
        raise_order(
            head_office.engine,
            store="S09",
            supplier_code="S01",
            lines=[OrderLine(first, 1)],
            reference=None,
            by="Hal",
            now=datetime.now(UTC),
        )
    with pytest.raises(OrderRefused, match="'NOPE' is not a product sku"):
        raise_order(
            head_office.engine,
            store="S01",
            supplier_code="S01",
            lines=[OrderLine("NOPE", 1_000)],
            reference=None,
            by="Hal",
            now=datetime.now(UTC),
        )
    number = raise_order(
        head_office.engine,
        store="S01",
        supplier_code="S01",
        lines=[OrderLine(first, 24_000, 55), OrderLine(second, 12_000, 70)],
        reference="Central buying",
        by="Hal",
        now=datetime.now(UTC),
    )
    assert number == "PO-HO-000001"
    SyncEngine(buyer.store.engine).run_once()
    SyncEngine(elsewhere.store.engine).run_once()
    with elsewhere.store.engine.connect() as connection:  # not S03's order
        assert (
            connection.execute(
                text("SELECT count(*) FROM stock_documents WHERE number = :n"), {"n": number}
            ).scalar_one()
            == 0
        )

    receipt = stock.receive_order(buyer, number, DraftHeader(), [DraftLine(first, 24_000)])
    assert receipt.number.startswith("GR-BO-")
    SyncEngine(buyer.store.engine).run_once()
    assert head_office.rows(
        "SELECT status, version, store_code FROM stock_documents WHERE number = :n", n=number
    ) == [("partially_received", 2, "S01")]
    assert head_office.rows(
        "SELECT order_number FROM stock_documents WHERE id = :id", id=receipt.id
    ) == [(number,)]


def test_a_node_cannot_raise_an_order_as_head_office(
    buyer: Node, head_office: HeadOfficeUnderTest
) -> None:
    key = str(uuid.uuid4())
    payload = json.dumps({"entity": "purchase_order", "key": key, "record": None})
    event = {
        "seq": local_store.last_seq(buyer.store.engine) + 1,
        "id": str(uuid.uuid4()),
        "kind": "master.purchase_order",
        "aggregate_id": key,
        "created_at": datetime.now(UTC).isoformat(),
        "payload": payload,
    }
    SyncEngine(buyer.store.engine).run_once()
    answer = post_events(head_office.url, buyer, [event])
    assert answer.status_code == 422
    assert "raised at head office" in answer.text
