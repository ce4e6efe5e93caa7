"""Selling and returning on a real SQLite file: one transaction, every ledger, nothing half-done."""

from collections.abc import Callable

import pytest
from sqlalchemy import text

from posapp.bootstrap.node import Node, till_actions
from posapp.domain.basket import Basket
from posapp.domain.discount import Discount
from posapp.domain.errors import InsufficientPayment, NotReturnable, UnknownDocument
from posapp.domain.money import Money
from posapp.domain.payment import CARD, CASH, Tender
from posapp.domain.quantity import Quantity
from posapp.domain.sale import FLAG_NO_RECEIPT, DocumentKind
from posapp.services.catalogue.lookup import scan_barcode
from posapp.services.selling.checkout import SaleCompleted, complete_sale
from posapp.services.selling.parking import park_basket, parked_baskets, recall_basket
from posapp.services.selling.returns import (
    ORIGINAL_TENDER,
    find_returnable,
)


def _codes(node: Node, count: int) -> list[str]:
    with node.store.engine.connect() as connection:
        return list(
            connection.execute(
                text(
                    "SELECT b.code FROM barcodes b JOIN products p ON p.id = b.product_id "
                    "WHERE p.state = 'ACTIVE' AND NOT p.weighed AND b.pack_qty_milli = 1000 "
                    "ORDER BY b.code LIMIT :n"
                ),
                {"n": count},
            ).scalars()
        )


def _count(node: Node, table: str) -> int:
    """Rows in `table`; for the journal and the outbox, those of documents (the shift's opening,
    journaled and queued by the fixture, is not what these tests are about)."""
    where = {
        "journal_entries": " WHERE document_id IS NOT NULL",
        "outbox_events": " WHERE kind NOT LIKE 'journal.%'",
    }.get(table, "")
    with node.store.engine.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}{where}")).scalar_one())


@pytest.fixture
def ring_up(demo_node: Node) -> Callable[..., Basket]:
    def ring(*codes: str, quantity: str = "1") -> Basket:
        basket = demo_node.till.new_basket()
        for code in codes:
            found = scan_barcode(demo_node.catalogue, code=code)
            basket = basket.add(
                demo_node.till.sellable(found.product),
                found.pack_quantity * Quantity.parse(quantity),
                line_id=demo_node.new_id(),
            )
        return basket

    return ring


def _sell(node: Node, basket: Basket, tenders: list[Tender] | None = None) -> SaleCompleted:
    return till_actions(node).sell(basket, tenders or [Tender(CASH, basket.totals().total)])


def _on_hand(node: Node, product_id: object) -> int:
    with node.unit_of_work() as uow:
        return uow.stock.on_hand_milli(product_id, node.till.location_id)  # type: ignore[arg-type]


def test_a_sale_writes_document_stock_journal_and_outbox_together(
    demo_node: Node, ring_up: Callable[..., Basket]
) -> None:
    codes = _codes(demo_node, 3)
    basket = ring_up(*codes, codes[0])  # the first product twice: one line of 2
    basket = basket.discount_all(Discount.parse("5%", "EUR"))
    due = basket.totals().total
    sold = _sell(
        demo_node,
        basket,
        [
            Tender(CARD, Money(1000, "EUR"), "AUTH1"),
            Tender(CASH, due - Money(1000, "EUR") + Money(500, "EUR")),
        ],
    )
    doc = sold.document
    assert doc.number == "S01-T01-000001"
    assert sold.change == Money(500, "EUR")
    assert [str(line.quantity) for line in doc.lines] == ["2", "1", "1"]
    assert sum(t.amount.minor for t in doc.tenders) == doc.total.minor == due.minor
    assert _on_hand(demo_node, doc.lines[0].product_id) == -2000
    assert (_count(demo_node, "journal_entries"), _count(demo_node, "outbox_events")) == (1, 1)
    with demo_node.unit_of_work() as uow:
        assert uow.sales.get_by_number(doc.number) == doc  # reads back as the same value
    second = _sell(demo_node, ring_up(codes[1]))
    assert second.document.number == "S01-T01-000002"


def test_refused_payment_writes_nothing(demo_node: Node, ring_up: Callable[..., Basket]) -> None:
    basket = ring_up(*_codes(demo_node, 2))
    with pytest.raises(InsufficientPayment):
        _sell(demo_node, basket, [Tender(CASH, Money(1, "EUR"))])
    for table in (
        "sales",
        "sale_lines",
        "stock_movements",
        "journal_entries",
        "outbox_events",
        "document_series",
    ):
        assert _count(demo_node, table) == 0, table


def test_failure_inside_the_transaction_rolls_everything_back(
    demo_node: Node, ring_up: Callable[..., Basket]
) -> None:
    basket = ring_up(*_codes(demo_node, 2))

    def broken_codec(doc: object) -> str:
        raise RuntimeError("disk full while writing the journal")

    with pytest.raises(RuntimeError):
        complete_sale(
            demo_node.unit_of_work(),
            basket=basket,
            tenders=[Tender(CASH, basket.totals().total)],
            till=demo_node.till,
            clock=demo_node.clock,
            new_id=demo_node.new_id,
            codec=broken_codec,
        )
    assert _count(demo_node, "sales") == 0
    assert _count(demo_node, "stock_movements") == 0
    assert _sell(demo_node, basket).document.number == "S01-T01-000001"  # no gap in numbers


def test_partial_returns_refund_what_was_paid_and_never_more(
    demo_node: Node, ring_up: Callable[..., Basket]
) -> None:
    code = _codes(demo_node, 1)[0]
    basket = ring_up(code, quantity="3").discount_all(Discount.parse("1.00", "EUR"))
    sale = _sell(demo_node, basket).document
    line = sale.lines[0]

    def return_one() -> Money:
        done = till_actions(demo_node).refund(
            sale.number.lower(), [(line.line_id, Quantity.of(1))], CASH
        )
        assert done.document.kind is DocumentKind.RETURN
        assert done.document.original_id == sale.id
        return done.refund

    refunds = [return_one(), return_one(), return_one()]
    assert sum(r.minor for r in refunds) == line.amount.minor  # exactly what was paid
    assert _on_hand(demo_node, line.product_id) == 0  # all three back on hand
    with pytest.raises(NotReturnable, match="only 0"):
        return_one()
    returnable = find_returnable(demo_node.unit_of_work(), number=sale.number)
    assert returnable.lines[0].remaining == Quantity.of(0)


def test_refund_to_the_original_card(demo_node: Node, ring_up: Callable[..., Basket]) -> None:
    basket = ring_up(*_codes(demo_node, 2))
    sale = _sell(demo_node, basket, [Tender(CARD, basket.totals().total, "A9")]).document
    done = till_actions(demo_node).refund(
        sale.number, [(sale.lines[1].line_id, Quantity.of(1))], ORIGINAL_TENDER
    )
    assert [t.kind for t in done.document.tenders] == [CARD]
    assert done.refund == sale.lines[1].amount


def test_unknown_receipt_number(demo_node: Node) -> None:
    with pytest.raises(UnknownDocument):
        find_returnable(demo_node.unit_of_work(), number="S01-T01-999999")


def test_return_without_receipt_is_flagged(demo_node: Node, ring_up: Callable[..., Basket]) -> None:
    basket = ring_up(_codes(demo_node, 1)[0])
    done = till_actions(demo_node).refund_without_receipt(basket, CASH)
    assert done.document.flags == (FLAG_NO_RECEIPT,)
    assert done.refund == basket.totals().total
    assert _on_hand(demo_node, done.document.lines[0].product_id) == 1000


def test_parked_basket_survives_a_restart(demo_node: Node, ring_up: Callable[..., Basket]) -> None:
    from posapp.bootstrap.node import open_node

    basket = ring_up(*_codes(demo_node, 3)).discount_all(Discount.parse("10%", "EUR"))
    park_basket(
        demo_node.unit_of_work(),
        basket=basket,
        label="lady in red coat",
        clock=demo_node.clock,
        new_id=demo_node.new_id,
    )
    demo_node.close()
    restarted = open_node(demo_node.store.data_dir, create=False)
    try:
        (parked,) = parked_baskets(restarted.unit_of_work())
        assert parked.label == "lady in red coat"
        recalled = recall_basket(restarted.unit_of_work(), parked_id=parked.id)
        assert recalled == basket
        assert parked_baskets(restarted.unit_of_work()) == []
    finally:
        restarted.close()


def test_product_without_a_price_is_refused_with_its_name(demo_node: Node) -> None:
    from posapp.domain.errors import ProductHasNoPrice

    code = _codes(demo_node, 1)[0]
    with demo_node.store.engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE products SET price_minor = 0 WHERE id = "
                "(SELECT product_id FROM barcodes WHERE code = :c)"
            ),
            {"c": code},
        )
    found = scan_barcode(demo_node.catalogue, code=code)
    with pytest.raises(ProductHasNoPrice, match="has no price yet"):
        demo_node.till.sellable(found.product)


def test_tender_kinds_come_from_settings(demo_node: Node) -> None:
    assert demo_node.till.tender_kinds == ("cash", "card", "voucher")


def test_selling_with_no_open_shift_is_refused_and_writes_nothing(node: Node) -> None:
    from posapp.bootstrap.demo import load_demo_catalogue
    from posapp.services.shared.errors import NoOpenShift

    load_demo_catalogue(node, products=50, seed=3, progress=lambda done, total: None)
    found = scan_barcode(node.catalogue, code=_codes(node, 1)[0])
    basket = node.till.new_basket().add(
        node.till.sellable(found.product), found.pack_quantity, line_id=node.new_id()
    )
    with pytest.raises(NoOpenShift, match="open one by counting the float"):
        _sell(node, basket, [Tender(CASH, basket.totals().total)])
    for table in ("sales", "sale_lines", "stock_movements", "journal_entries", "outbox_events"):
        assert _count(node, table) == 0, table
