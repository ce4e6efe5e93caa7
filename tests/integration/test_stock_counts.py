"""Stock counts on a real store: the book taken at the start, items scanned and typed, sales
during the count and movements dated before it recorded afterwards settled by adjustments
linked to the count, so that what the count says was missing is what was missing."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from posapp.bootstrap import counts
from posapp.bootstrap.node import Node
from posapp.domain.actors import Actor, NotPermitted
from posapp.domain.permissions import BUILT_IN_ROLES
from posapp.domain.stock import AdjustmentReason, DocumentRefused, DocumentType
from posapp.services import stock
from posapp.services.shared import FieldError
from posapp.services.stock import DraftHeader, DraftLine


def _as(node: Node, role: str) -> Node:
    node.actor = Actor(uuid.uuid4(), role.title(), role, frozenset(BUILT_IN_ROLES[role][1]))
    return node


def _scalar(node: Node, sql: str, **params: object) -> int:
    with node.store.engine.connect() as connection:
        return int(connection.execute(text(sql), params).scalar() or 0)


def _on_hand(node: Node, sku: str) -> int:
    return _scalar(
        node,
        "SELECT coalesce(sum(l.on_hand_milli), 0) FROM stock_levels l "
        "JOIN products p ON p.id = l.product_id WHERE p.sku = :sku",
        sku=sku,
    )


def _document(
    node: Node, doc_type: DocumentType, status: str, lines: list[DraftLine], **header: object
) -> None:
    document = stock.create_document(
        node.unit_of_work(),
        doc_type=doc_type,
        header=DraftHeader(**header),  # type: ignore[arg-type]
        lines=lines,
        terminal_code=node.settings.terminal_code,
        clock=node.clock,
        new_id=node.new_id,
    )
    stock.change_status(
        node.unit_of_work(),
        document_id=document.id,
        to_status=status,
        clock=node.clock,
        new_id=node.new_id,
    )


def _receive(node: Node, sku: str, quantity: int, **header: object) -> None:
    _document(node, DocumentType.GOODS_RECEIPT, "received", [DraftLine(sku, quantity)], **header)


def _sell(node: Node, sku: str, quantity: int, **header: object) -> None:
    """Goods leaving the shelf the way a sale's movement does, dated as given (a write-off
    stands in for the sale: the ledger treats both the same)."""
    _document(
        node,
        DocumentType.STOCK_ADJUSTMENT,
        "posted",
        [DraftLine(sku, quantity)],
        reason=AdjustmentReason.OWN_USE,
        **header,
    )


def _adjustments(node: Node, count_number: str) -> list[tuple[str, int]]:
    with node.store.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT d.reason, sum(m.quantity_milli) FROM stock_documents d "
                "JOIN stock_documents c ON c.id = d.count_id "
                "JOIN stock_movements m ON m.document_id = d.id "
                "WHERE c.number = :number GROUP BY d.id ORDER BY d.number"
            ),
            {"number": count_number},
        ).all()
    return [(reason, int(total)) for reason, total in rows]


class _Clock:
    """Time that moves only when the test says so."""

    def __init__(self) -> None:
        self._now = datetime.now(UTC) - timedelta(hours=2)

    def now(self) -> datetime:
        return self._now

    def advance(self, by: timedelta) -> None:
        self._now += by


@pytest.fixture
def shop(demo_node: Node) -> Node:
    demo_node.clock = _Clock()
    return _as(demo_node, "manager")


def _two_skus(node: Node) -> tuple[str, str]:
    with node.store.engine.connect() as connection:
        found = connection.execute(text("SELECT sku FROM products ORDER BY sku LIMIT 2")).scalars()
        first, second = list(found)
    return first, second


def test_a_count_settles_what_was_missing_with_sales_during_it(shop: Node) -> None:
    tea, jam = _two_skus(shop)
    _receive(shop, tea, 10_000)
    _receive(shop, jam, 5_000)
    started = counts.start(shop, None, None, blind=True)
    assert started.book_lines == 2
    view = counts.lines(shop, started.document_id)
    assert [line.book_milli for line in view] == [None, None]  # blind: no book shown

    shop.clock.advance(timedelta(minutes=5))
    _sell(shop, tea, 2_000)  # sold before the tea was counted: 8 on the shelf
    shop.clock.advance(timedelta(minutes=5))
    for _ in range(7):  # scanned one by one: one tea is missing
        counts.count(shop, started.document_id, [(tea, 1_000)], add=True)
    counts.count(shop, started.document_id, [(jam, 6_000)], add=False)  # one jam found
    shop.clock.advance(timedelta(minutes=5))
    _sell(shop, jam, 1_000)  # sold after the jam was counted: stays a sale

    numbers = counts.post(shop, started.document_id, uncounted_zero=False)

    assert len(numbers) == 2
    assert _adjustments(shop, started.number) == [("count_gain", 1_000), ("count_loss", -1_000)]
    assert _on_hand(shop, tea) == 7_000
    assert _on_hand(shop, jam) == 5_000  # 6 counted, 1 sold since
    view = {line.sku: line for line in counts.lines(shop, started.document_id)}
    assert (view[tea].book_milli, view[tea].expected_milli) == (10_000, 8_000)


def test_movements_dated_before_a_count_recorded_after_it_are_settled_again(shop: Node) -> None:
    tea, _ = _two_skus(shop)
    _receive(shop, tea, 10_000)
    started = counts.start(shop, None, None, blind=False)
    shop.clock.advance(timedelta(minutes=10))
    counts.count(shop, started.document_id, [(tea, 9_000)], add=False)
    counts.post(shop, started.document_id, uncounted_zero=False)
    assert _on_hand(shop, tea) == 9_000

    # A sale made an hour before the count, recorded only now: the count already saw the
    # shelf without it, so a correction gives it back and the count's loss was 0, not 1.
    before = shop.clock.now() - timedelta(hours=1)
    _sell(shop, tea, 1_000, business_at=before)

    assert _on_hand(shop, tea) == 9_000
    assert _adjustments(shop, started.number) == [("count_loss", -1_000), ("count_gain", 1_000)]
    # Once only: nothing new is dated before the count.
    with shop.unit_of_work() as uow:
        assert stock.correct_counts(uow, now=shop.clock.now(), new_id=shop.new_id) == []
    # A sale dated after the count is a sale.
    _sell(shop, tea, 1_000)
    assert _on_hand(shop, tea) == 8_000
    assert len(_adjustments(shop, started.number)) == 2


def test_a_cycle_count_covers_one_category_and_products_found_outside_the_book(
    shop: Node,
) -> None:
    with shop.store.engine.connect() as connection:
        category, sku, other = connection.execute(
            text(
                "SELECT c.name, p.sku, (SELECT q.sku FROM products q WHERE q.category_id IS NOT "
                "c.id ORDER BY q.sku LIMIT 1) FROM products p JOIN categories c "
                "ON c.id = p.category_id ORDER BY p.sku LIMIT 1"
            )
        ).one()
    _receive(shop, sku, 4_000)
    _receive(shop, other, 4_000)
    started = counts.start(shop, None, category, blind=False)
    assert started.book_lines == 1
    counts.count(shop, started.document_id, [(other, 5_000)], add=False)  # outside the book
    view = {line.sku: line for line in counts.lines(shop, started.document_id)}
    assert view[other].book_milli == 4_000  # its book when the count started
    counts.post(shop, started.document_id, uncounted_zero=True)
    assert _on_hand(shop, sku) == 0  # not counted in a full-scope post: none there
    assert _on_hand(shop, other) == 5_000


def test_counting_refuses_what_cannot_be_and_writes_nothing(shop: Node) -> None:
    tea, _ = _two_skus(shop)
    started = counts.start(shop, None, None, blind=False)
    with pytest.raises(FieldError, match="NOPE"):
        counts.count(shop, started.document_id, [(tea, 1_000), ("NOPE", 1_000)], add=True)
    with pytest.raises(FieldError, match="is not a count"):
        counts.count(shop, started.document_id, [(tea, -1_000)], add=False)
    assert (
        _scalar(shop, "SELECT count(*) FROM stock_count_lines WHERE counted_milli IS NOT NULL") == 0
    )
    with pytest.raises(FieldError, match="location"):
        counts.start(shop, "NOWHERE", None, blind=False)
    with pytest.raises(NotPermitted, match="adjust_stock"):
        counts.start(_as(shop, "cashier"), None, None, blind=False)
    with pytest.raises(NotPermitted, match="adjust_stock"):
        counts.post(_as(shop, "stock_clerk"), started.document_id, uncounted_zero=False)
    counts.count(_as(shop, "stock_clerk"), started.document_id, [(tea, 1_000)], add=True)
    counts.post(_as(shop, "manager"), started.document_id, uncounted_zero=False)
    with pytest.raises(DocumentRefused, match="not a count in progress"):
        counts.count(shop, started.document_id, [(tea, 1_000)], add=True)
    with pytest.raises(DocumentRefused):
        counts.post(shop, started.document_id, uncounted_zero=False)
    with pytest.raises(FieldError, match="count's"):
        _document(
            shop,
            DocumentType.STOCK_ADJUSTMENT,
            "posted",
            [DraftLine(tea, 1_000)],
            reason=AdjustmentReason.COUNT_GAIN,
        )
