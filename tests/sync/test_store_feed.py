"""The store feed: every node of a store holds the whole store's stock. A back office sees its
tills' sales, the tills see its receipts, and a count posted at the back office is settled for
sales rung up during it at one till and for a sale an offline till made before it started that
reaches head office only after the count was posted."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import text

from posapp.bootstrap import counts, stock
from posapp.bootstrap.node import Node, till_actions
from posapp.db.integrity import run_checks
from posapp.db.store import DATABASE_FILENAME
from posapp.domain.actors import Actor
from posapp.domain.cash_count import count_of
from posapp.domain.money import Money
from posapp.domain.payment import CASH, Tender
from posapp.domain.permissions import BUILT_IN_ROLES
from posapp.domain.quantity import Quantity
from posapp.services.catalogue.lookup import scan_barcode
from posapp.services.stock import DraftHeader, DraftLine
from sync.client.engine import SyncEngine
from tests.head_office import HeadOfficeUnderTest
from tests.sync.exactly_once import assert_stock_is_sum_of_movements


def _manager(node: Node) -> Node:
    node.actor = Actor(uuid.uuid4(), "Meg", "manager", frozenset(BUILT_IN_ROLES["manager"][1]))
    return node


def _a_product(node: Node) -> tuple[str, str, uuid.UUID]:
    """(sku, a barcode for one of it, id) of a product sold by the piece."""
    with node.store.engine.connect() as connection:
        sku, code, product_id = connection.execute(
            text(
                "SELECT p.sku, b.code, p.id FROM products p JOIN barcodes b "
                "ON b.product_id = p.id WHERE p.state = 'ACTIVE' AND NOT p.weighed "
                "AND b.pack_qty_milli = 1000 ORDER BY p.sku LIMIT 1"
            )
        ).one()
    return sku, code, uuid.UUID(hex=str(product_id))


def _till(node: Node) -> Node:
    till_actions(node).open_shift(count_of(Money(10000, node.settings.currency)))
    return node


def _sell(node: Node, code: str) -> str:
    basket = node.till.new_basket()
    found = scan_barcode(node.catalogue, code=code)
    basket = basket.add(
        node.till.sellable(found.product),
        found.pack_quantity * Quantity.parse("1"),
        line_id=node.new_id(),
    )
    done = till_actions(node).sell(basket, [Tender(CASH, basket.totals().total)])
    return done.document.number


def _on_hand(node: Node, product_id: uuid.UUID) -> int:
    with node.store.engine.connect() as connection:
        return int(
            connection.execute(
                text(
                    "SELECT coalesce(sum(on_hand_milli), 0) FROM stock_levels WHERE product_id = :p"
                ),
                {"p": product_id.hex},
            ).scalar_one()
        )


def _checked(*nodes: Node) -> None:
    """`posapp check` passes on each node."""
    for node in nodes:
        failed = [r for r in run_checks(node.store.data_dir / DATABASE_FILENAME) if not r.ok]
        assert failed == []


def _sync(*nodes: Node) -> None:
    for node in nodes:
        SyncEngine(node.store.engine).run_once()


def test_every_node_of_a_store_holds_the_whole_stores_stock(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    back = _manager(enrolled("back-office", store="S01", terminal="BO"))
    till = _till(enrolled("till", store="S01", terminal="T01"))
    other_store = _till(enrolled("elsewhere", store="S02", terminal="T01"))
    sku, code, product = _a_product(back)
    stock.receive(back, DraftHeader(), [DraftLine(sku, 10_000)])
    sale = _sell(till, code)
    _sell(other_store, code)
    _sync(back, till, other_store)
    _sync(back, till, other_store)

    assert _on_hand(back, product) == _on_hand(till, product) == 9_000
    assert _on_hand(other_store, product) == -1_000  # S02 sees nothing of S01
    with back.store.engine.connect() as connection:
        origin = connection.execute(
            text("SELECT origin, origin_document FROM stock_movements WHERE origin IS NOT NULL")
        ).all()
    assert origin == [("T01", sale)]
    level = head_office.scalar(
        "SELECT sum(on_hand_milli) FROM stock_levels l JOIN store_locations s "
        "USING (location_id) WHERE s.store_code = 'S01' AND l.product_id = :p",
        p=product,
    )
    assert level == 9_000
    _checked(back, till)
    _sync(back, till)  # nothing new: nothing twice
    assert _on_hand(back, product) == _on_hand(till, product) == 9_000


def test_a_count_is_settled_for_sales_during_it_and_an_offline_tills_late_sale(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    back = _manager(enrolled("back-office", store="S01", terminal="BO"))
    online = _till(enrolled("till-1", store="S01", terminal="T01"))
    offline = _till(enrolled("till-2", store="S01", terminal="T02"))
    sku, code, product = _a_product(back)
    stock.receive(back, DraftHeader(), [DraftLine(sku, 10_000)])
    _sync(back, online, offline)

    _sell(offline, code)  # before the count starts; this till's link is down
    started = counts.start(back, None, None, blind=True)
    _sell(online, code)  # during the count, before the shelf is counted
    _sync(online, back)
    counts.count(back, started.document_id, [(sku, 7_000)], add=False)  # one was stolen
    posted = counts.post(back, started.document_id, uncounted_zero=False)
    assert len(posted) == 1  # the loss, as far as the back office knew: 2
    assert _on_hand(back, product) == 7_000

    _sync(offline, back)  # the late sale arrives, dated before the count started

    with back.store.engine.connect() as connection:
        settled = connection.execute(
            text(
                "SELECT d.reason, sum(m.quantity_milli) FROM stock_documents d "
                "JOIN stock_movements m ON m.document_id = d.id WHERE d.count_id = :c "
                "GROUP BY d.id ORDER BY d.number"
            ),
            {"c": started.document_id.hex},
        ).all()
    assert settled == [("count_loss", -2_000), ("count_gain", 1_000)]  # 1 was really missing
    assert _on_hand(back, product) == 7_000  # what is on the shelf
    _sync(back, online, offline)
    _sync(online, offline)
    assert _on_hand(online, product) == _on_hand(offline, product) == 7_000
    assert head_office.rows(
        "SELECT reason, count_number FROM stock_documents WHERE count_id IS NOT NULL "
        "ORDER BY number"
    ) == [("count_loss", started.number), ("count_gain", started.number)]
    assert head_office.rows(
        "SELECT doc_type, status, reference FROM stock_documents WHERE number = :n",
        n=started.number,
    ) == [("stock_count", "posted", "whole location; 1 of 1 counted")]
    assert (
        head_office.scalar(
            "SELECT sum(on_hand_milli) FROM stock_levels WHERE product_id = :p", p=product
        )
        == 7_000
    )
    assert_stock_is_sum_of_movements(head_office)
    _checked(back, online, offline)


def test_a_node_asks_the_store_feed_only_when_head_office_says_something_waits(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    from typing import Any

    from sync.client import local_store
    from sync.client.http import HeadOffice

    class Counting(HeadOffice):
        asked = 0

        def store_movements(self, cursor: str | None, limit: int) -> dict[str, Any]:
            Counting.asked += 1
            return super().store_movements(cursor, limit)

    alone = enrolled("alone", store="S07", terminal="T01")
    identity = local_store.identity(alone.store.engine)
    assert identity is not None
    engine = SyncEngine(
        alone.store.engine, head_office=Counting(identity.server_url, identity.token)
    )
    engine.run_once()
    engine.run_once()
    assert Counting.asked == 0  # nothing of another node of S07 waits
    other = _till(enrolled("other", store="S07", terminal="T02"))
    _sell(other, _a_product(other)[1])
    _sync(other)
    engine.run_once()
    assert Counting.asked == 1
