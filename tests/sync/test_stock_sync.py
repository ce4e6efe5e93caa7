"""Goods receipts and adjustments reach head office exactly once, through the contract: the
document, its lines and the movements they made, with the stock levels they change; a store's
document at another store's location, outside its till's series, with a bad line or with an id
head office already has, is refused with a reason and nothing applied."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text

from posapp.bootstrap import stock
from posapp.bootstrap.node import Node
from posapp.domain.actors import Actor
from posapp.domain.permissions import BUILT_IN_ROLES
from posapp.domain.stock import AdjustmentReason
from posapp.services.stock import DraftHeader, DraftLine
from sync.client import local_store
from sync.client.engine import SyncEngine
from tests.head_office import HeadOfficeUnderTest
from tests.sync.wire import post_events


def _manager(node: Node) -> Node:
    node.actor = Actor(uuid.uuid4(), "Meg", "manager", frozenset(BUILT_IN_ROLES["manager"][1]))
    return node


def _skus(node: Node, count: int) -> list[str]:
    with node.store.engine.connect() as connection:
        return list(
            connection.execute(
                text("SELECT sku FROM products ORDER BY sku LIMIT :n"), {"n": count}
            ).scalars()
        )


def _queued(node: Node) -> list[dict[str, Any]]:
    """Every event in the node's outbox (it has sent none), as it goes on the wire."""
    last = local_store.last_seq(node.store.engine)
    return local_store.batch_events(
        node.store.engine, local_store.Batch(uuid.uuid4(), 1, last, "sending", 0, None)
    )


def test_a_receipt_and_a_write_off_reach_head_office_once(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    node = _manager(enrolled("back-office", store="S01", terminal="BO"))
    first, second = _skus(node, 2)
    yesterday = datetime.now(UTC) - timedelta(days=1)
    receipt = stock.receive(
        node,
        DraftHeader(reference="DN-1", business_at=yesterday),
        [DraftLine(first, 24_000, 115, "L7"), DraftLine(second, 6_000, 80)],
    )
    stock.adjust(node, DraftHeader(reason=AdjustmentReason.DAMAGED), [DraftLine(first, 2_000)])
    SyncEngine(node.store.engine).run_once()
    SyncEngine(node.store.engine).run_once()  # nothing new: nothing more

    assert head_office.rows(
        "SELECT number, doc_type, store_code, reason FROM stock_documents ORDER BY number"
    ) == [
        ("GR-BO-000001", "goods_receipt", "S01", None),
        ("SA-BO-000001", "stock_adjustment", "S01", "damaged"),
    ]
    assert head_office.scalar("SELECT count(*) FROM stock_document_lines") == 3
    moved = head_office.rows(
        "SELECT m.reason, m.quantity_milli, m.business_at < m.created_at - interval '1 hour' "
        "FROM stock_movements m "
        "JOIN stock_documents d ON d.id = m.document_id ORDER BY d.number, m.quantity_milli"
    )
    assert moved == [
        ("RECEIPT", 6_000, True),
        ("RECEIPT", 24_000, True),
        ("DAMAGED", -2_000, False),
    ]
    with node.store.engine.connect() as connection:
        location = connection.execute(text("SELECT id FROM locations")).scalar_one()
        product = connection.execute(
            text("SELECT id FROM products WHERE sku = :sku"), {"sku": first}
        ).scalar_one()
    level = head_office.scalar(
        "SELECT on_hand_milli FROM stock_levels WHERE product_id = :p AND location_id = :l",
        p=uuid.UUID(hex=str(product)) if not isinstance(product, uuid.UUID) else product,
        l=uuid.UUID(hex=str(location)) if not isinstance(location, uuid.UUID) else location,
    )
    assert level == 22_000
    assert receipt.number == "GR-BO-000001"


@pytest.fixture
def attacker(enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest) -> tuple[Node, str]:
    """S02's back office has received goods and synced (its location is registered); S01's has
    a receipt queued. The attacker's node, and S02's location id."""
    victim = _manager(enrolled("victim", store="S02", terminal="BO"))
    stock.receive(victim, DraftHeader(), [DraftLine(_skus(victim, 1)[0], 1_000)])
    SyncEngine(victim.store.engine).run_once()
    node = _manager(enrolled("attacker", store="S01", terminal="BO"))
    stock.receive(node, DraftHeader(), [DraftLine(_skus(node, 1)[0], 5_000)])
    theirs = head_office.scalar("SELECT location_id FROM stock_documents WHERE store_code = 'S02'")
    return node, str(theirs)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda doc, theirs, _: doc.update(location_id=theirs), "belongs to store S02"),
        (lambda doc, *_: doc.update(number="GR-T09-000001"), "till T09's series"),
        (lambda doc, *_: doc["lines"][0].update(quantity_milli=0), "quantity_milli"),
        (lambda doc, *_: doc["lines"][0].update(quantity_milli=-5_000), "quantity_milli"),
        (lambda doc, *_: doc.update(reason="theft"), "no other document"),
        (lambda doc, *_: doc.update(reference="DN\x00"), "control character"),
        (lambda doc, *_: doc["lines"][0].update(line_no=2), "numbered 1, 2, 3"),
        (lambda doc, *_: doc.update(business_at="2026-12-01T10:00:00"), "business_at"),
        (lambda doc, _, taken: doc["lines"][0].update(movement_id=taken), "already at head office"),
        (lambda doc, *_: doc.update(lines=[]), "lines"),
    ],
    ids=[
        "another-stores-location",
        "another-tills-series",
        "zero-quantity",
        "negative-quantity",
        "receipt-with-a-reason",
        "nul-in-reference",
        "lines-out-of-order",
        "naive-time",
        "a-movement-id-head-office-has",
        "no-lines",
    ],
)
def test_a_stock_document_head_office_cannot_take_is_refused_whole(
    attacker: tuple[Node, str],
    head_office: HeadOfficeUnderTest,
    change: Callable[[dict[str, Any], str, str], None],
    words: str,
) -> None:
    node, theirs = attacker
    taken = str(head_office.scalar("SELECT id FROM stock_movements LIMIT 1"))
    before = (
        head_office.rows("SELECT * FROM stock_levels ORDER BY product_id, location_id"),
        head_office.scalar("SELECT count(*) FROM stock_documents"),
        head_office.scalar("SELECT count(*) FROM stock_movements"),
    )
    events = _queued(node)
    event = next(e for e in events if e["kind"] == "stock.document_completed")
    document = json.loads(event["payload"])
    change(document, theirs, taken)
    event["payload"] = json.dumps(document)

    answer = post_events(head_office.url, node, events)

    assert answer.status_code == 422, answer.text
    assert words in answer.text
    assert (
        head_office.rows("SELECT * FROM stock_levels ORDER BY product_id, location_id"),
        head_office.scalar("SELECT count(*) FROM stock_documents"),
        head_office.scalar("SELECT count(*) FROM stock_movements"),
    ) == before


def test_a_receipt_against_an_order_tells_head_office_which_order(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    """The order stays at its store; the receipt carries its id, number and line links."""
    node = _manager(enrolled("back-office", store="S01", terminal="BO"))
    stock.receive(node, DraftHeader(), [DraftLine(_skus(node, 1)[0], 2_000)])
    events = _queued(node)
    event = next(e for e in events if e["kind"] == "stock.document_completed")
    document = json.loads(event["payload"])
    order_id, order_line = str(uuid.uuid4()), str(uuid.uuid4())
    document.update(order_id=order_id, order_number="PO-BO-000007")
    document["lines"][0]["order_line_id"] = order_line
    event["payload"] = json.dumps(document)

    answer = post_events(head_office.url, node, events)

    assert answer.status_code == 200, answer.text
    assert head_office.rows("SELECT order_id::text, order_number FROM stock_documents") == [
        (order_id, "PO-BO-000007")
    ]
    assert head_office.scalar("SELECT order_line_id::text FROM stock_document_lines") == order_line
