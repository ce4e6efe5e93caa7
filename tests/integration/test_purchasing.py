"""Purchasing on a real store, each document through its whole workflow: purchase requests
approved and ordered (each request line keeps the order line it went into), supplier bills
matched to receipt lines with a price difference within tolerance (and refused beyond it, or
for more than was received), payments against bills from a named account, a supplier's balance
and ageing as of any day, and goods returned to their supplier against a receipt."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from posapp.bootstrap import purchasing, stock
from posapp.bootstrap.demo import load_demo_records
from posapp.bootstrap.node import Node
from posapp.domain.actors import Actor, NotPermitted
from posapp.domain.payables import BillRefused
from posapp.domain.permissions import BUILT_IN_ROLES
from posapp.domain.stock import DocumentRefused
from posapp.services.shared import FieldError
from posapp.services.stock import BillLineDraft, DraftHeader, DraftLine


def _as(node: Node, role: str) -> Node:
    node.actor = Actor(uuid.uuid4(), role.title(), role, frozenset(BUILT_IN_ROLES[role][1]))
    return node


def _rows(node: Node, sql: str, **params: object) -> list[tuple[object, ...]]:
    with node.store.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql), params)]


@pytest.fixture
def shop(demo_node: Node) -> tuple[Node, list[str]]:
    load_demo_records(demo_node)  # suppliers S01 and S02
    skus = [
        str(row[0])
        for row in _rows(
            demo_node, "SELECT sku FROM products WHERE NOT weighed ORDER BY sku LIMIT 3"
        )
    ]
    return _as(demo_node, "manager"), skus


def _received(node: Node, skus: list[str], supplier: str = "S01") -> str:
    receipt = stock.receive(
        node,
        DraftHeader(supplier_code=supplier, reference="DN-77"),
        [DraftLine(skus[0], 10_000, 200), DraftLine(skus[1], 4_000, 1_000)],
    )
    return receipt.number


def test_requests_are_approved_and_ordered_together(shop: tuple[Node, list[str]]) -> None:
    node, skus = shop
    clerk = purchasing.request(_as(node, "stock_clerk"), [DraftLine(skus[0], 6_000)], "shelf 4")
    other = purchasing.request(node, [DraftLine(skus[0], 6_000), DraftLine(skus[1], 2_000)])
    with pytest.raises(NotPermitted, match="purchase"):
        stock.move(_as(node, "stock_clerk"), clerk.id, "approved")
    _as(node, "manager")
    stock.move(node, clerk.id, "approved")
    with pytest.raises(DocumentRefused, match="only approved"):
        purchasing.order_requests(node, [clerk.number, other.number], "S01")
    stock.move(node, other.id, "approved")
    with node.store.engine.begin() as connection:  # the second comes in cases of 12
        connection.execute(
            text(
                "UPDATE supplier_products SET pack_milli = 12000 WHERE product_id = "
                "(SELECT id FROM products WHERE sku = :sku)"
            ),
            {"sku": skus[1]},
        )

    order = purchasing.order_requests(node, [clerk.number, other.number], "S01")

    lines = _rows(
        node,
        "SELECT p.sku, l.quantity_milli FROM stock_document_lines l JOIN products p "
        "ON p.id = l.product_id WHERE l.document_id = :d ORDER BY p.sku",
        d=order.id.hex,
    )
    assert lines == [(skus[0], 12_000), (skus[1], 12_000)]  # 2 asked for: one case of 12
    linked = _rows(
        node,
        "SELECT count(*) FROM stock_document_lines r JOIN stock_document_lines o "
        "ON o.id = r.order_line_id WHERE o.document_id = :d",
        d=order.id.hex,
    )
    assert linked == [(3,)]
    assert _rows(
        node,
        "SELECT status FROM stock_documents WHERE doc_type = 'purchase_request' ORDER BY number",
    ) == [("ordered",), ("ordered",)]
    with pytest.raises(DocumentRefused, match="ordered"):
        purchasing.order_requests(node, [clerk.number], "S01")


def test_a_bill_matched_to_its_receipt_with_a_price_difference_is_owed_and_paid(
    shop: tuple[Node, list[str]],
) -> None:
    node, skus = shop
    receipt = _received(node, skus)
    billed_on = datetime(2026, 11, 2, 12, tzinfo=UTC)
    draft = purchasing.bill(
        node,
        "S01",
        "INV-9001",
        billed_on,
        [
            BillLineDraft(skus[0], 10_000, 202, 200_000, receipt),  # 1 % dearer: within 2 %
            BillLineDraft(skus[1], 4_000, 1_000, 70_000),  # matched later
        ],
    )
    with pytest.raises(BillRefused, match="line 2 is not matched"):
        purchasing.post(node, draft.id)
    purchasing.match(node, draft.id, [(2, receipt)])

    posted = purchasing.post(node, draft.id)

    # 10 × 2.02 = 20.20 at 20 % (4.04) and 4 × 10.00 = 40.00 at 7 % (2.80)
    assert posted.total_minor == 2020 + 404 + 4000 + 280
    terms = int(
        str(_rows(node, "SELECT payment_terms_days FROM suppliers WHERE code = 'S01'")[0][0])
    )
    assert posted.due_at == billed_on + timedelta(days=terms)
    assert purchasing.balance(node, "S01") == 6704
    with pytest.raises(DocumentRefused, match="posted"):
        purchasing.match(node, draft.id, [(1, receipt)])

    paid_on = billed_on + timedelta(days=terms + 10)
    with pytest.raises(FieldError, match="Safe, Bank"):
        purchasing.pay(node, "S01", "Pocket", 1000, [posted.number], paid_on)
    with pytest.raises(BillRefused, match="more than the bills named"):
        purchasing.pay(node, "S01", "Bank", 9000, [posted.number], paid_on)
    purchasing.pay(node, "S01", "Bank", 4000, [posted.number], paid_on)
    assert purchasing.balance(node, "S01") == 2704

    def aged(day: datetime) -> dict[str, int]:
        rows = [r for r in purchasing.ageing(node, day) if r.total_minor]
        return {k: v for r in rows for k, v in r.buckets.items() if v}

    assert aged(billed_on - timedelta(days=1)) == {}  # before the bill: nothing
    assert aged(billed_on + timedelta(days=1)) == {"not due": 6704}
    assert aged(billed_on + timedelta(days=terms + 5)) == {"1-30": 6704}  # not paid yet then
    assert aged(billed_on + timedelta(days=terms + 45)) == {"31-60": 2704}
    purchasing.pay(node, "S01", "Safe", 2704, (), paid_on + timedelta(days=1))
    assert purchasing.balance(node, "S01") == 0
    assert aged(paid_on + timedelta(days=2)) == {}


def test_bills_beyond_what_was_received_or_its_price_are_refused_and_nothing_is_owed(
    shop: tuple[Node, list[str]],
) -> None:
    node, skus = shop
    receipt = _received(node, skus)
    day = datetime(2026, 11, 2, 12, tzinfo=UTC)
    dear = purchasing.bill(
        node, "S01", "INV-1", day, [BillLineDraft(skus[0], 10_000, 230, None, receipt)]
    )
    with pytest.raises(BillRefused, match="differs from the receipt's 200 by more than 2 %"):
        purchasing.post(node, dear.id)
    more = purchasing.bill(
        node, "S01", "INV-2", day, [BillLineDraft(skus[0], 11_000, 200, None, receipt)]
    )
    with pytest.raises(BillRefused, match="bills 11 of a receipt line that brought 10"):
        purchasing.post(node, more.id)
    half = purchasing.bill(
        node, "S01", "INV-3", day, [BillLineDraft(skus[0], 6_000, 200, None, receipt)]
    )
    purchasing.post(node, half.id)
    again = purchasing.bill(
        node, "S01", "INV-4", day, [BillLineDraft(skus[0], 6_000, 200, None, receipt)]
    )
    with pytest.raises(BillRefused, match="bills 12"):  # 6 billed before + 6 now
        purchasing.post(node, again.id)
    with pytest.raises(FieldError, match="another supplier"):
        purchasing.bill(
            node, "S02", "INV-5", day, [BillLineDraft(skus[0], 1_000, 200, None, receipt)]
        )
    with pytest.raises(NotPermitted, match="payables"):
        purchasing.post(_as(node, "stock_clerk"), again.id)
    _as(node, "manager")
    assert _rows(node, "SELECT count(*) FROM payable_entries") == [(1,)]
    assert _rows(node, "SELECT status FROM stock_documents WHERE number = :n", n=again.number) == [
        ("draft",)
    ]


def test_goods_returned_against_their_receipt_are_credited_to_the_supplier(
    shop: tuple[Node, list[str]],
) -> None:
    node, skus = shop
    receipt = _received(node, skus)
    before = _rows(
        node,
        "SELECT sum(on_hand_milli) FROM stock_levels s JOIN products p ON p.id = s.product_id "
        "WHERE p.sku = :sku",
        sku=skus[1],
    )[0][0]
    returned = purchasing.return_goods(
        node, DraftHeader(supplier_code="S01"), [DraftLine(skus[1], 1_500)], receipt
    )
    assert returned.number.startswith("SR-")
    after = _rows(
        node,
        "SELECT sum(on_hand_milli) FROM stock_levels s JOIN products p ON p.id = s.product_id "
        "WHERE p.sku = :sku",
        sku=skus[1],
    )[0][0]
    assert int(str(before)) - int(str(after)) == 1_500
    assert purchasing.balance(node, "S01") == -1_500  # 1.5 × 10.00 owed back
    with pytest.raises(DocumentRefused, match=r"2\.5 of it is left to return"):
        purchasing.return_goods(
            node, DraftHeader(supplier_code="S01"), [DraftLine(skus[1], 3_000)], receipt
        )
    with pytest.raises(FieldError, match="supplier"):
        purchasing.return_goods(node, DraftHeader(), [DraftLine(skus[1], 1_000)])
    history = _rows(
        node,
        "SELECT h.from_status, h.to_status FROM stock_document_history h JOIN stock_documents d "
        "ON d.id = h.document_id WHERE d.number = :n ORDER BY h.position",
        n=returned.number,
    )
    assert history == [(None, "draft"), ("draft", "returned")]


def test_posapp_check_finds_a_bill_owed_twice_and_a_payment_that_pays_too_much(
    shop: tuple[Node, list[str]],
) -> None:
    from posapp.db.integrity import run_checks

    node, skus = shop
    receipt = _received(node, skus)
    day = datetime(2026, 11, 2, 12, tzinfo=UTC)
    bill = purchasing.bill(
        node, "S01", "INV-8", day, [BillLineDraft(skus[0], 10_000, 200, None, receipt)]
    )
    purchasing.post(node, bill.id)
    purchasing.pay(node, "S01", "Bank", 1000, [bill.number], day)
    name = "supplier bills, returns and payments match what is owed"
    assert [r.problems for r in run_checks(node.store.path) if not r.ok] == []
    with node.store.engine.begin() as connection:  # as a broken tool or a hand edit would
        connection.execute(
            text(
                "INSERT INTO payable_entries SELECT lower(hex(randomblob(16))), supplier_id, kind, "
                "amount_minor, document_id, payment_id, business_at, due_at, created_at "
                "FROM payable_entries WHERE kind = 'BILL'"
            )
        )
        connection.execute(text("UPDATE payment_allocations SET amount_minor = 5000"))
    failed = {r.name: r.problems for r in run_checks(node.store.path) if not r.ok}
    assert list(failed) == [name]
    assert any("2 payable entries" in problem for problem in failed[name])
    assert any("more than itself" in problem for problem in failed[name])


def test_a_receipt_note_and_labels_for_the_prices_that_changed_since_the_last_receipt(
    shop: tuple[Node, list[str]], tmp_path: object
) -> None:
    import pymupdf

    from posapp.bootstrap.catalogue import change_price

    node, skus = shop
    first = stock.receive(node, DraftHeader(supplier_code="S01"), [DraftLine(skus[0], 5_000, 100)])
    admin = stock.stock_admin(node)
    note = pymupdf.open(stream=admin.receipt_note_pdf(first.id), filetype="pdf")
    text_of_note = note[0].get_text()
    for expected in (first.number, skus[0], "Dockside Wholesale", "Received by (clerk)"):
        assert expected in text_of_note, expected
    change_price(node, skus[1], "9.99", by="Meg")
    second = stock.receive(
        node,
        DraftHeader(supplier_code="S01"),
        [DraftLine(skus[0], 1_000, 100), DraftLine(skus[1], 1_000, 100)],
    )
    labels = admin.changed_price_labels(second.id)
    assert labels is not None
    printed = pymupdf.open(stream=labels, filetype="pdf")[0].get_text()
    assert "9.99" in printed
    names = dict(
        _rows(node, "SELECT sku, name FROM products WHERE sku IN (:a, :b)", a=skus[0], b=skus[1])
    )
    assert str(names[skus[1]])[:12] in printed
    assert str(names[skus[0]])[:12] not in printed  # its price did not change
    third = stock.receive(node, DraftHeader(supplier_code="S01"), [DraftLine(skus[1], 1_000, 100)])
    assert admin.changed_price_labels(third.id) is None
