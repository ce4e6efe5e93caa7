"""Purchase orders on a real store: raised and sent by a buyer, received at the door in part and
then in full (a little over the order is accepted, more is refused), closed short when the
supplier will not deliver the rest; every step in the order's history."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import text

from posapp.bootstrap import stock
from posapp.bootstrap.demo import load_demo_records
from posapp.bootstrap.node import Node
from posapp.domain.actors import Actor, NotPermitted
from posapp.domain.permissions import BUILT_IN_ROLES
from posapp.domain.stock import DocumentRefused
from posapp.services.shared import FieldError
from posapp.services.stock import DraftHeader, DraftLine


def _as(node: Node, role: str) -> Node:
    node.actor = Actor(uuid.uuid4(), role.title(), role, frozenset(BUILT_IN_ROLES[role][1]))
    return node


@pytest.fixture
def shop(demo_node: Node) -> tuple[Node, list[str]]:
    load_demo_records(demo_node)  # suppliers S01 and S02
    with demo_node.store.engine.connect() as connection:
        skus = list(
            connection.execute(
                text("SELECT sku FROM products WHERE NOT weighed ORDER BY sku LIMIT 3")
            ).scalars()
        )
    return demo_node, skus


def _on_hand(node: Node, sku: str) -> int:
    with node.store.engine.connect() as connection:
        return int(
            connection.execute(
                text(
                    "SELECT coalesce(sum(on_hand_milli), 0) FROM stock_levels s "
                    "JOIN products p ON p.id = s.product_id WHERE p.sku = :sku"
                ),
                {"sku": sku},
            ).scalar_one()
        )


def _status(node: Node, number: str) -> tuple[str, list[tuple[str | None, str, str | None]]]:
    with node.store.engine.connect() as connection:
        document_id, status = connection.execute(
            text("SELECT id, status FROM stock_documents WHERE number = :n"), {"n": number}
        ).one()
        history = connection.execute(
            text(
                "SELECT from_status, to_status, note FROM stock_document_history "
                "WHERE document_id = :id ORDER BY position"
            ),
            {"id": document_id},
        ).all()
    return status, [tuple(row) for row in history]


def test_an_order_received_in_part_then_in_full(shop: tuple[Node, list[str]]) -> None:
    node, (a, b, _) = shop
    _as(node, "manager")
    before = _on_hand(node, a), _on_hand(node, b)
    order = stock.order(
        node,
        DraftHeader(supplier_code="S01", reference="Q-77"),
        [DraftLine(a, 10_000, 90), DraftLine(b, 5_000, 40)],
    )
    assert (_on_hand(node, a), _on_hand(node, b)) == before  # an order moves no stock

    _as(node, "stock_clerk")
    first = stock.receive_order(node, order.number, DraftHeader(), [DraftLine(a, 6_000)])
    assert _status(node, order.number)[0] == "partially_received"
    assert _on_hand(node, a) == before[0] + 6_000
    assert first.lines[0][1].unit_cost_minor == 90  # the order's price, when none was typed

    rest = stock.receive_order(node, order.number, DraftHeader(), None)  # everything to come
    assert sorted(line.quantity_milli for _, line in rest.lines) == [4_000, 5_000]
    status, history = _status(node, order.number)
    assert status == "received"
    assert [(f, t) for f, t, _ in history] == [
        (None, "draft"),
        ("draft", "sent"),
        ("sent", "partially_received"),
        ("partially_received", "received"),
    ]
    assert history[-1][2] == f"by {rest.number}"
    assert (_on_hand(node, a), _on_hand(node, b)) == (before[0] + 10_000, before[1] + 5_000)
    with pytest.raises(DocumentRefused, match="is not an open purchase order"):
        stock.receive_order(node, order.number, DraftHeader(), None)


def test_over_receipt_within_the_tolerance_and_beyond_it(shop: tuple[Node, list[str]]) -> None:
    node, (a, b, c) = shop
    _as(node, "manager")
    order = stock.order(node, DraftHeader(supplier_code="S02"), [DraftLine(a, 10_000)])
    stock.receive_order(node, order.number, DraftHeader(), [DraftLine(a, 11_000)])  # +10 %
    assert _status(node, order.number)[0] == "received"

    second = stock.order(node, DraftHeader(supplier_code="S02"), [DraftLine(b, 10_000)])
    on_hand = _on_hand(node, b)
    with pytest.raises(DocumentRefused, match=r"10 ordered, 11\.5 received .* more than the 10 %"):
        stock.receive_order(node, second.number, DraftHeader(), [DraftLine(b, 11_500)])
    assert _on_hand(node, b) == on_hand
    assert _status(node, second.number)[0] == "sent"
    with pytest.raises(FieldError, match=f"is not on order {second.number}"):
        stock.receive_order(node, second.number, DraftHeader(), [DraftLine(c, 1_000)])


def test_closed_short_when_the_rest_will_not_come(shop: tuple[Node, list[str]]) -> None:
    node, (a, b, _) = shop
    _as(node, "manager")
    order = stock.order(
        node, DraftHeader(supplier_code="S01"), [DraftLine(a, 8_000), DraftLine(b, 8_000)]
    )
    stock.receive_order(node, order.number, DraftHeader(), [DraftLine(a, 8_000)])
    with pytest.raises(DocumentRefused, match="cannot go from partially_received to cancelled"):
        stock.move(node, stock.document_id(node, order.number), "cancelled")
    stock.move(node, stock.document_id(node, order.number), "closed_short")
    assert _status(node, order.number)[0] == "closed_short"
    with pytest.raises(DocumentRefused, match="closed_short"):
        stock.receive_order(node, order.number, DraftHeader(), [DraftLine(b, 1_000)])


def test_a_stock_clerk_receives_orders_but_does_not_raise_them(
    shop: tuple[Node, list[str]],
) -> None:
    node, (a, *_) = shop
    _as(node, "stock_clerk")
    with pytest.raises(NotPermitted, match="may not make or change a purchase order"):
        stock.order(node, DraftHeader(supplier_code="S01"), [DraftLine(a, 1_000)])
    _as(node, "manager")
    with pytest.raises(FieldError, match="needs its supplier"):
        stock.order(node, DraftHeader(), [DraftLine(a, 1_000)])


def test_an_order_is_received_by_its_receipts_not_by_hand(shop: tuple[Node, list[str]]) -> None:
    node, (a, *_) = shop
    _as(node, "manager")
    order = stock.order(node, DraftHeader(supplier_code="S01"), [DraftLine(a, 2_000)])
    with pytest.raises(DocumentRefused, match="not by hand"):
        stock.move(node, stock.document_id(node, order.number), "received")
    view = stock.stock_admin(node).document(stock.document_id(node, order.number))
    assert view.next_statuses == [("cancelled", "Cancel")]


def test_a_receipt_edited_before_it_is_received_still_fills_its_order(
    shop: tuple[Node, list[str]],
) -> None:
    from posapp.services import stock as stock_room

    node, (a, b, _) = shop
    _as(node, "manager")
    order = stock.order(
        node, DraftHeader(supplier_code="S01"), [DraftLine(a, 10_000), DraftLine(b, 4_000)]
    )
    admin = stock.stock_admin(node)
    receipt_id = admin.receive_order(stock.document_id(node, order.number))
    stock_room.save_draft(
        node.unit_of_work(),
        document_id=receipt_id,
        header=DraftHeader(supplier_code="S01"),
        lines=[DraftLine(a, 7_000), DraftLine(b, 4_000)],
        clock=node.clock,
        new_id=node.new_id,
    )
    stock.move(node, receipt_id, "received")
    view = admin.document(stock.document_id(node, order.number))
    assert view.row.status == "partially_received"
    assert [(line["sku"], line["received"]) for line in view.lines] == [(a, "7"), (b, "4")]


def test_the_order_as_the_pdf_the_supplier_is_sent(
    shop: tuple[Node, list[str]], tmp_path: Path
) -> None:
    import pymupdf

    node, _ = shop
    with node.store.engine.connect() as connection:
        theirs, ours = connection.execute(
            text(
                "SELECT sp.supplier_code, p.sku FROM supplier_products sp "
                "JOIN products p ON p.id = sp.product_id JOIN suppliers s ON s.id = sp.supplier_id "
                "WHERE s.code = 'S01' ORDER BY p.sku LIMIT 1"
            )
        ).one()
    _as(node, "manager")
    with node.store.engine.begin() as connection:  # they sell it in cases of 12
        connection.execute(text("UPDATE supplier_products SET pack_milli = 12000"))
    order = stock.order(
        node, DraftHeader(supplier_code="S01", reference="Q-77"), [DraftLine(ours, 24_000, 115)]
    )
    pdf = stock.stock_admin(node).order_pdf(stock.document_id(node, order.number))
    assert pdf.startswith(b"%PDF")
    target = tmp_path / "order.pdf"
    target.write_bytes(pdf)
    page = pymupdf.open(target)[0]
    words = page.get_text()
    for expected in (
        order.number,
        "Dockside Wholesale",
        theirs,
        ours,
        "Q-77",
        "27.60",
        "30 days",
        "2 × 12",
    ):
        assert expected in words, expected
    Path("/tmp/posapp-screenshots").mkdir(exist_ok=True)
    page.get_pixmap(dpi=80).save("/tmp/posapp-screenshots/purchase-order.png")


def test_a_receipt_against_an_order_names_it_in_what_goes_to_head_office(
    shop: tuple[Node, list[str]],
) -> None:
    import json

    node, (a, *_) = shop
    _as(node, "manager")
    order = stock.order(node, DraftHeader(supplier_code="S01"), [DraftLine(a, 3_000)])
    receipt = stock.receive_order(node, order.number, DraftHeader(), None)
    with node.store.engine.connect() as connection:
        payload = connection.execute(
            text(
                "SELECT payload FROM outbox_events WHERE kind = 'stock.document_completed' "
                "AND aggregate_id = :id"
            ),
            {"id": receipt.id.hex},
        ).scalar_one()
    sent = json.loads(payload)
    assert (sent["order_id"], sent["order_number"]) == (str(order.id), order.number)
    assert sent["lines"][0]["order_line_id"] == str(order.lines[0][0])
