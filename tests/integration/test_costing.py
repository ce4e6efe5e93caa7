"""Costing on a real node (a shop without head office): the issue's worked example through
real goods receipts and real till sales, costed by `services.costing` off the till's commit,
with a sale dated day 2 recorded after the day-4 sale (an offline till's, a late entry)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from posapp.bootstrap.node import Node, till_actions
from posapp.bootstrap.shop import change_setting
from posapp.db.costing_ledger import SqliteCostLedger
from posapp.domain.actors import Actor
from posapp.domain.payment import CASH, Tender
from posapp.domain.permissions import BUILT_IN_ROLES
from posapp.domain.quantity import Quantity
from posapp.domain.stock import DocumentType
from posapp.services import costing, stock
from posapp.services.catalogue.lookup import scan_barcode
from posapp.services.shared import FieldError
from posapp.services.stock import DraftHeader, DraftLine

DAY0 = datetime(2026, 3, 1, 12, tzinfo=UTC)


class _Clock:
    def __init__(self) -> None:
        self.now_at = DAY0

    def now(self) -> datetime:
        return self.now_at


def on_day(node: Node, day: int) -> None:
    node.clock.now_at = DAY0 + timedelta(days=day)  # type: ignore[attr-defined]


@pytest.fixture
def shop(demo_node: Node) -> Node:
    demo_node.clock = _Clock()
    role = "manager"
    demo_node.actor = Actor(uuid.uuid4(), "Manager", role, frozenset(BUILT_IN_ROLES[role][1]))
    return demo_node


def _fresh_product(node: Node) -> tuple[str, str]:
    """A piece-goods product nothing has moved yet: its sku and barcode."""
    with node.store.engine.connect() as connection:
        return connection.execute(
            text(
                "SELECT p.sku, b.code FROM products p JOIN barcodes b ON b.product_id = p.id "
                "WHERE p.state = 'ACTIVE' AND NOT p.weighed AND b.pack_qty_milli = 1000 "
                "AND NOT EXISTS (SELECT 1 FROM stock_movements m WHERE m.product_id = p.id) "
                "ORDER BY p.sku LIMIT 1"
            )
        ).one()  # type: ignore[return-value]


def receive(node: Node, sku: str, day: int, units: int, unit_cost_minor: int) -> None:
    on_day(node, day)
    uow = node.unit_of_work()
    document = stock.create_document(
        uow,
        doc_type=DocumentType.GOODS_RECEIPT,
        header=DraftHeader(business_at=DAY0 + timedelta(days=day)),
        lines=[DraftLine(sku, units * 1000, unit_cost_minor)],
        terminal_code=node.settings.terminal_code,
        clock=node.clock,
        new_id=node.new_id,
    )
    stock.change_status(
        node.unit_of_work(),
        document_id=document.id,
        to_status="received",
        clock=node.clock,
        new_id=node.new_id,
    )


def sell(node: Node, code: str, day: int, units: int) -> str:
    """A till sale made with the node's clock on `day`; its number."""
    on_day(node, day)
    found = scan_barcode(node.catalogue, code=code)
    basket = node.till.new_basket().add(
        node.till.sellable(found.product), Quantity.of(units), line_id=node.new_id()
    )
    sold = till_actions(node).sell(basket, [Tender(CASH, basket.totals().total)])
    return sold.document.number


def cost_of_sale(node: Node, number: str) -> int:
    with node.store.engine.connect() as connection:
        return -int(
            connection.execute(
                text(
                    "SELECT sum(c.value_minor + 0) FROM sales s "
                    "JOIN stock_movements m ON m.sale_id = s.id "
                    "JOIN movement_costs c ON c.movement_id = m.id WHERE s.number = :n"
                ),
                {"n": number},
            ).scalar_one()
        )


def value_on_hand(node: Node, sku: str) -> int:
    with node.store.engine.connect() as connection:
        return int(
            connection.execute(
                text(
                    "SELECT sum(c.value_minor - c.true_up_minor) FROM movement_costs c "
                    "JOIN products p ON p.id = c.product_id WHERE p.sku = :sku"
                ),
                {"sku": sku},
            ).scalar_one()
        )


@pytest.mark.parametrize(
    ("method", "first", "day4_cost", "left"),
    [("fifo", (80_00, 30_00), 84_00, 6_00), ("average", (82_50, 27_50), 84_38, 5_62)],
)
def test_a_sale_dated_day_two_recorded_after_day_four_is_costed_where_it_belongs(
    shop: Node, method: str, first: tuple[int, int], day4_cost: int, left: int
) -> None:
    change_setting(shop, "costing.method", method)
    ledger = SqliteCostLedger(shop.store.engine, shop.settings.store_code)
    sku, code = _fresh_product(shop)
    receive(shop, sku, 1, 10, 5_00)
    receive(shop, sku, 3, 10, 6_00)
    day4 = sell(shop, code, 4, 15)
    costing.catch_up(ledger)
    assert (cost_of_sale(shop, day4), value_on_hand(shop, sku)) == first

    day2 = sell(shop, code, 2, 4)  # recorded now, dated day 2
    done = costing.catch_up(ledger)
    assert done.products == 1
    assert cost_of_sale(shop, day2) == 20_00
    assert cost_of_sale(shop, day4) == day4_cost
    assert value_on_hand(shop, sku) == left
    assert costing.catch_up(ledger).products == 0  # nothing left waiting
    with shop.store.engine.connect() as connection:
        cost = connection.execute(
            text("SELECT cost_minor FROM products WHERE sku = :sku"), {"sku": sku}
        ).scalar_one()
    assert cost == 6_00  # the catalogue's cost is the last cost goods came in at


def test_the_commands_value_the_stock_and_say_why_a_sale_cost_what_it_did(
    shop: Node, capsys: pytest.CaptureFixture[str]
) -> None:
    from posapp.bootstrap import costing as node_costing
    from posapp.cli.entry import main
    from posapp.domain.actors import NotPermitted
    from posapp.domain.money import Money

    change_setting(shop, "costing.method", "fifo")
    sku, code = _fresh_product(shop)
    receive(shop, sku, 1, 10, 5_00)
    receive(shop, sku, 3, 10, 6_00)
    sold = sell(shop, code, 4, 15)
    data_dir = str(shop.store.data_dir)

    assert main(["--data-dir", data_dir, "cost", "why", sold]) == 0
    why = capsys.readouterr().out
    with shop.store.engine.connect() as connection:
        net = connection.execute(
            text(
                "SELECT sum(l.net_minor) FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
                "WHERE s.number = :n"
            ),
            {"n": sold},
        ).scalar_one()
    assert f"{sku}: 15 cost 80.00 EUR, sold for {Money(net, 'EUR')}" in why
    assert f"profit {Money(net - 80_00, 'EUR')} (" in why.splitlines()[-1]
    taken = [row.split() for row in why.splitlines()[1:-1]]
    assert [(t[0], t[2], t[4][:6], t[6]) for t in taken] == [
        ("10", "50.00", "GR-T01", "2026-03-02"),  # the day-1 receipt, all of it
        ("5", "30.00", "GR-T01", "2026-03-04"),  # then the day-3 receipt
    ]

    assert main(["--data-dir", data_dir, "cost", "value", "--as-of", "2026-03-05"]) == 0
    valued = capsys.readouterr().out
    line = next(row for row in valued.splitlines() if row.startswith(sku))
    assert line.split()[-3:] == ["5", "30.00", "EUR"]
    assert main(["--data-dir", data_dir, "cost", "value", "--as-of", "2026-03-04"]) == 0
    line = next(row for row in capsys.readouterr().out.splitlines() if row.startswith(sku))
    assert line.split()[-3:] == ["20", "110.00", "EUR"]  # before the day-4 sale

    shop.actor = Actor(uuid.uuid4(), "Cass", "cashier", frozenset(BUILT_IN_ROLES["cashier"][1]))
    with pytest.raises(NotPermitted, match="view_reports"):
        node_costing.why(shop, sold)

    assert main(["--data-dir", data_dir, "cost", "value", "--as-of", "March"]) == 1
    assert "as-of" in capsys.readouterr().err.lower()


def _supplier(node: Node, code: str) -> None:
    from posapp.services import partners
    from posapp.services.shared import Edit

    partners.save_supplier(
        node.unit_of_work(),
        supplier_id=None,
        fields={"code": code, "name": "Dockside Wholesale", "payment_terms_days": "30"},
        items=[],
        currency=node.settings.currency,
        **Edit(by="test", clock=node.clock, new_id=node.new_id),
    )


def fifo_receipt_of_two(shop: Node) -> tuple[str, str, str, str]:
    """A FIFO shop with a supplier S01 and a day-1 receipt from it: 10 of a fresh product at
    5.00 and 30 of the next at 1.00. The two SKUs, the first's barcode, the receipt number."""
    _supplier(shop, "S01")
    change_setting(shop, "costing.method", "fifo")
    first, code = _fresh_product(shop)
    with shop.store.engine.connect() as connection:
        second = connection.execute(
            text("SELECT sku FROM products WHERE sku > :s AND NOT weighed ORDER BY sku LIMIT 1"),
            {"s": first},
        ).scalar_one()
    return first, second, code, _two_line_receipt(shop, [first, second])


def bill_first_at_5_10(
    shop: Node, invoice: str, first: str, second: str, receipt: str
) -> stock.BillPosted:
    """The supplier's bill for `fifo_receipt_of_two`'s receipt, dated day 6, posted: the
    first product at 5.10 (within the 2 % the shop allows), the second as received."""
    from posapp.bootstrap import purchasing
    from posapp.services.stock import BillLineDraft

    draft = purchasing.bill(
        shop,
        "S01",
        invoice,
        DAY0 + timedelta(days=6),
        [
            BillLineDraft(first, 10_000, 5_10, None, receipt),
            BillLineDraft(second, 30_000, 1_00, None, receipt),
        ],
    )
    return purchasing.post(shop, draft.id)


def _two_line_receipt(node: Node, skus: list[str]) -> str:
    on_day(node, 1)
    document = stock.create_document(
        node.unit_of_work(),
        doc_type=DocumentType.GOODS_RECEIPT,
        header=DraftHeader(supplier_code="S01", business_at=DAY0 + timedelta(days=1)),
        lines=[DraftLine(skus[0], 10_000, 5_00), DraftLine(skus[1], 30_000, 1_00)],
        terminal_code=node.settings.terminal_code,
        clock=node.clock,
        new_id=node.new_id,
    )
    received = stock.change_status(
        node.unit_of_work(),
        document_id=document.id,
        to_status="received",
        clock=node.clock,
        new_id=node.new_id,
    )
    return received.number


def test_landed_costs_and_the_suppliers_bill_change_what_the_goods_cost(shop: Node) -> None:
    from posapp.bootstrap import costing as node_costing

    first, second, code, receipt = fifo_receipt_of_two(shop)
    sold = sell(shop, code, 2, 5)
    node_costing.run(shop)
    assert cost_of_sale(shop, sold) == 25_00

    # 16.00 of freight by value: 50.00 and 30.00 of goods take 10.00 and 6.00
    added = node_costing.add_landed_cost(shop, receipt, "Freight", 16_00, "value")
    assert added.shares == ((first, 10_00), (second, 6_00))
    node_costing.run(shop)
    assert cost_of_sale(shop, sold) == 30_00  # 5 × (5.00 + 1.00)
    assert value_on_hand(shop, first) == 30_00
    assert value_on_hand(shop, second) == 36_00

    # the supplier bills the first product at 5.10 (within the 2 % the shop allows)
    on_day(shop, 6)
    bill_first_at_5_10(shop, "INV-77", first, second, receipt)
    node_costing.run(shop)
    assert cost_of_sale(shop, sold) == 30_50  # 5 × (5.10 + 1.00)
    assert value_on_hand(shop, first) == 30_50

    with pytest.raises(FieldError, match="weight"):
        node_costing.add_landed_cost(shop, receipt, "Duty", 1_00, "weight")
    with pytest.raises(FieldError, match="not a goods receipt"):
        node_costing.add_landed_cost(shop, "GR-NOPE", "Duty", 1_00, "value")


def test_a_shop_without_head_office_costs_in_the_background_and_check_reads_the_costs(
    shop: Node, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from posapp.bootstrap import costing as node_costing
    from posapp.db.integrity import run_checks

    sku, code = _fresh_product(shop)
    receive(shop, sku, 1, 10, 5_00)
    sold = sell(shop, code, 2, 3)
    monkeypatch.setattr(node_costing, "COSTING_EVERY_SECONDS", 0.05)
    stop = node_costing.keep_costing(shop)
    assert stop is not None
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with shop.store.engine.connect() as connection:
                costed = (
                    connection.execute(text("SELECT count(*) FROM cost_marks")).scalar_one() == 0
                    and connection.execute(
                        text("SELECT value FROM counters WHERE name = 'costed_movements'")
                    ).scalar_one()
                    > 0
                )
            if costed:
                break
            time.sleep(0.05)
    finally:
        stop.set()
    assert cost_of_sale(shop, sold) == 15_00

    def costing_problems() -> tuple[str, ...]:
        results = {r.name: r.problems for r in run_checks(shop.store.path)}
        return results["every movement costing has read has its cost"]

    assert costing_problems() == ()
    with shop.store.engine.begin() as connection:  # a cost lost (a damaged file, a bad edit)
        connection.execute(
            text(
                "DELETE FROM movement_costs WHERE movement_id IN (SELECT m.id FROM "
                "stock_movements m JOIN sales s ON s.id = m.sale_id WHERE s.number = :n)"
            ),
            {"n": sold},
        )
    problems = costing_problems()
    assert len(problems) == 1
    assert "has no cost" in problems[0]

    def value_problems() -> tuple[str, ...]:
        results = {r.name: r.problems for r in run_checks(shop.store.path)}
        return results["the stock's value = Σ its movements' costs"]

    assert value_problems() == ()  # the triggers took the lost cost out of the value too
    with shop.store.engine.begin() as connection:  # the kept value edited by hand
        connection.execute(text("UPDATE product_values SET value_minor = value_minor + 7"))
    problems = value_problems()
    assert problems
    assert "add up to" in problems[0]
