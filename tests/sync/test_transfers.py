"""A transfer between two stores, each offline when it sends and when it receives: the goods
leave the sending store at once, wait in the receiving store's transit, and are received
against the transfer — or blind, before it arrives — with differences settled by an adjustment
with a reason. Head office's stock is the sum of every node's movements throughout."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from sqlalchemy import text

from posapp.bootstrap import stock, transfers
from posapp.bootstrap.node import Node
from posapp.domain.actors import Actor
from posapp.domain.permissions import BUILT_IN_ROLES
from posapp.domain.stock import (
    TRANSIT,
    AdjustmentReason,
    DocumentRefused,
    LocationKind,
    location_id_of,
)
from posapp.services.shared import FieldError
from posapp.services.stock import DraftHeader, DraftLine
from sync.client.engine import SyncEngine
from tests.head_office import HeadOfficeUnderTest
from tests.sync.exactly_once import assert_stock_is_sum_of_movements
from tests.sync.test_store_feed import _checked


def _manager(node: Node) -> Node:
    node.actor = Actor(uuid.uuid4(), "Meg", "manager", frozenset(BUILT_IN_ROLES["manager"][1]))
    return node


def _skus(node: Node) -> list[str]:
    with node.store.engine.connect() as connection:
        return list(
            connection.execute(text("SELECT sku FROM products ORDER BY sku LIMIT 3")).scalars()
        )


def _level(node: Node, sku: str, code: str) -> int:
    with node.store.engine.connect() as connection:
        return int(
            connection.execute(
                text(
                    "SELECT coalesce(sum(s.on_hand_milli), 0) FROM stock_levels s "
                    "JOIN products p ON p.id = s.product_id JOIN locations l "
                    "ON l.id = s.location_id WHERE p.sku = :sku AND l.code = :code"
                ),
                {"sku": sku, "code": code},
            ).scalar_one()
        )


def _at_head_office(head_office: HeadOfficeUnderTest, store: str, code: str) -> int:
    location = location_id_of(store, code)
    return int(
        head_office.scalar(
            "SELECT coalesce(sum(quantity_milli), 0) FROM stock_movements "
            "WHERE location_id = :l AND store_code = :s",
            l=location,
            s=store,
        )
    )


def _sync(*nodes: Node) -> None:
    for node in nodes:
        SyncEngine(node.store.engine).run_once()


@pytest.fixture
def stores(enrolled: Callable[..., Node]) -> tuple[Node, Node]:
    sender = _manager(enrolled("store-1", store="S01", terminal="BO"))
    receiver = _manager(enrolled("store-2", store="S02", terminal="BO"))
    tea, jam, oil = _skus(sender)
    stock.receive(
        sender,
        DraftHeader(),
        [DraftLine(tea, 10_000), DraftLine(jam, 10_000), DraftLine(oil, 10_000)],
    )
    return sender, receiver


def test_a_transfer_between_two_stores_offline_at_sending_and_receiving(
    stores: tuple[Node, Node], head_office: HeadOfficeUnderTest
) -> None:
    sender, receiver = stores
    tea, jam, _ = _skus(sender)
    sent = transfers.send(
        sender, DraftHeader(to_store="S02"), [DraftLine(tea, 6_000), DraftLine(jam, 2_000)]
    )
    assert _level(sender, tea, "FLOOR") == 4_000  # gone from the shelf at once
    _sync(sender)  # the sender's link comes back; the receiver's is still down
    assert _at_head_office(head_office, "S02", TRANSIT) == 8_000
    assert _at_head_office(head_office, "S01", "FLOOR") == 30_000 - 8_000

    _sync(receiver)  # the receiver's link comes back: the transfer is in its transit
    waiting = transfers.in_transit(receiver)
    assert [(w.from_store, w.number, w.lines, w.sent_milli) for w in waiting] == [
        ("S01", sent.number, 2, 8_000)
    ]
    # Offline again, the receiver counts what came off the van: one tea is missing.
    done = transfers.receive(
        receiver,
        "S01",
        sent.number,
        [DraftLine(tea, 5_000), DraftLine(jam, 2_000)],
        None,
        AdjustmentReason.THEFT,
    )
    assert done.differences == 0
    assert len(done.settled) == 1
    assert _level(receiver, tea, "FLOOR") == 5_000
    assert _level(receiver, tea, TRANSIT) == 0
    assert transfers.in_transit(receiver) == []
    _sync(receiver, sender)

    assert _at_head_office(head_office, "S02", TRANSIT) == 0
    assert _at_head_office(head_office, "S02", "FLOOR") == 7_000
    assert head_office.rows(
        "SELECT doc_type, store_code, reason FROM stock_documents WHERE store_code = 'S02' "
        "ORDER BY number"
    ) == [("stock_adjustment", "S02", "theft"), ("transfer_in", "S02", None)]
    assert_stock_is_sum_of_movements(head_office)
    _checked(sender, receiver)


def test_goods_received_blind_before_their_transfer_are_reconciled_when_it_comes(
    stores: tuple[Node, Node], head_office: HeadOfficeUnderTest
) -> None:
    sender, receiver = stores
    _, _, oil = _skus(sender)
    sent = transfers.send(sender, DraftHeader(to_store="S02"), [DraftLine(oil, 3_000)])
    with pytest.raises(DocumentRefused, match="nothing of S01's"):
        transfers.receive(receiver, "S01", sent.number, None, None, None)
    # The van is faster than the network: four cans counted in, the transfer unseen.
    blind = transfers.receive(receiver, "S01", sent.number, [DraftLine(oil, 4_000)], None, None)
    assert blind.settled == ()
    assert [(w.sent_milli, w.left_milli) for w in transfers.in_transit(receiver)] == [(0, -4_000)]
    with pytest.raises(DocumentRefused, match="nothing to settle"):
        transfers.settle(receiver, "S01", sent.number, AdjustmentReason.THEFT)

    _sync(sender, receiver)  # the transfer arrives: three were sent, one more came
    assert [(w.sent_milli, w.left_milli) for w in transfers.in_transit(receiver)] == [
        (3_000, -1_000)
    ]
    settled = transfers.settle(receiver, "S01", sent.number, AdjustmentReason.THEFT)
    assert len(settled) == 1
    assert transfers.in_transit(receiver) == []
    assert _level(receiver, oil, "FLOOR") == 4_000
    _sync(receiver)
    assert _at_head_office(head_office, "S02", TRANSIT) == 0
    assert_stock_is_sum_of_movements(head_office)
    _checked(sender, receiver)


def test_transfers_refuse_what_cannot_be(stores: tuple[Node, Node]) -> None:
    sender, _ = stores
    tea, _, _ = _skus(sender)
    with pytest.raises(FieldError, match="this store"):
        transfers.send(sender, DraftHeader(to_store="S01"), [DraftLine(tea, 1_000)])
    with pytest.raises(FieldError, match="store's code"):
        transfers.send(sender, DraftHeader(to_store="S 2"), [DraftLine(tea, 1_000)])
    with pytest.raises(FieldError, match="is not a location here"):
        transfers.between_locations(
            sender, DraftHeader(to_location_code="NOWHERE"), [DraftLine(tea, 1_000)]
        )
    with pytest.raises(FieldError, match="where the goods are"):
        transfers.between_locations(
            sender, DraftHeader(to_location_code="FLOOR"), [DraftLine(tea, 1_000)]
        )
    stock.add_location(sender, "BACK", "Back room", LocationKind.BACK_ROOM, None)
    moved = transfers.between_locations(
        sender, DraftHeader(to_location_code="BACK"), [DraftLine(tea, 4_000)]
    )
    assert moved.number.startswith("TR-")
    assert (_level(sender, tea, "FLOOR"), _level(sender, tea, "BACK")) == (6_000, 4_000)
    _checked(sender)
