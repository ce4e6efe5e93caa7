"""Batches at a real node: a receipt of two batches, unbatched till sales taken from the first to
expire, the alert of what expires, FEFO picks that skip what has expired, a till that refuses a
scanned batch the receipt said has expired, and a manager writing the expired batch off."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import text

from posapp.bootstrap import batches
from posapp.bootstrap.node import Node, till_actions
from posapp.cli.entry import main
from posapp.domain.actors import Actor, NotPermitted
from posapp.domain.errors import ProductExpired
from posapp.domain.permissions import BUILT_IN_ROLES
from posapp.domain.stock import DocumentType
from posapp.services import stock
from posapp.services.stock import DraftHeader, DraftLine
from tests.integration.test_costing import _Clock, _fresh_product, on_day, sell

OLD, NEW = date(2026, 3, 5), date(2026, 6, 1)  # the clock's day 0 is 2026-03-01


def _as(node: Node, role: str) -> None:
    node.actor = Actor(uuid.uuid4(), role.title(), role, frozenset(BUILT_IN_ROLES[role][1]))


@pytest.fixture
def shop(demo_node: Node) -> tuple[Node, str, str]:
    demo_node.clock = _Clock()
    _as(demo_node, "manager")
    sku, code = _fresh_product(demo_node)
    lines = [
        DraftLine(sku, 10_000, 100, "LOT-OLD", OLD),
        DraftLine(sku, 10_000, 100, "LOT-NEW", NEW),
    ]
    uow = demo_node.unit_of_work
    document = stock.create_document(
        uow(),
        doc_type=DocumentType.GOODS_RECEIPT,
        header=DraftHeader(),
        lines=lines,
        terminal_code=demo_node.settings.terminal_code,
        clock=demo_node.clock,
        new_id=demo_node.new_id,
    )
    stock.change_status(
        uow(),
        document_id=document.id,
        to_status="received",
        clock=demo_node.clock,
        new_id=demo_node.new_id,
    )
    sell(demo_node, code, 1, 4)  # a plain barcode: no batch named
    on_day(demo_node, 10)  # 2026-03-11: LOT-OLD expired six days ago
    return demo_node, sku, code


def test_alerts_and_picks_go_by_first_expiry(shop: tuple[Node, str, str]) -> None:
    node, sku, _ = shop
    soon = [(b.batch, b.quantity_milli) for b in batches.expiring(node, 30).batches if b.sku == sku]
    assert soon == [("LOT-OLD", 6_000)]  # the sale's 4 came out of the batch expiring first
    later = [
        (b.batch, b.quantity_milli) for b in batches.expiring(node, 90).batches if b.sku == sku
    ]
    assert later == [("LOT-OLD", 6_000), ("LOT-NEW", 10_000)]
    picks = batches.pick(node, sku, "FLOOR", 8_000)
    assert [(p.batch, p.quantity_milli) for p in picks] == [("LOT-NEW", 8_000)]


def test_the_till_refuses_a_scanned_batch_the_receipt_said_has_expired(
    shop: tuple[Node, str, str],
) -> None:
    node, _, code = shop
    actions = till_actions(node)
    gtin = code.rjust(14, "0")
    with pytest.raises(ProductExpired, match="batch LOT-OLD"):
        actions.scan(f"(01){gtin}(10)LOT-OLD")
    assert actions.scan(f"(01){gtin}(10)LOT-NEW").batch == "LOT-NEW"


def test_a_manager_writes_the_expired_batch_off_and_a_clerk_may_not(
    shop: tuple[Node, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    node, sku, _ = shop
    _as(node, "stock_clerk")
    with pytest.raises(NotPermitted):
        batches.write_off_expired(node, None)
    _as(node, "manager")
    written = batches.write_off_expired(node, None)
    assert len(written) == 1
    line = next(line for _, line in written[0].lines if line.batch == "LOT-OLD")
    assert (line.quantity_milli, line.expiry) == (6_000, OLD)
    assert not [b for b in batches.expiring(node, 0).batches if b.sku == sku]
    with node.store.engine.connect() as connection:
        on_hand = connection.execute(
            text(
                "SELECT sum(m.quantity_milli) FROM stock_movements m JOIN products p "
                "ON p.id = m.product_id WHERE p.sku = :sku"
            ),
            {"sku": sku},
        ).scalar_one()
    assert on_hand == 10_000  # 20 received, 4 sold, 6 expired written off
    assert batches.write_off_expired(node, None) == []  # nothing left that has expired

    node.actor = None  # the shop's own command line
    data_dir = str(node.store.data_dir)
    assert main(["--data-dir", data_dir, "stock", "expiring", "--days", "365"]) == 0
    listed = [row.split() for row in capsys.readouterr().out.splitlines() if sku in row]
    assert [row[2] for row in listed] == ["LOT-NEW"]
