"""The catalogue's reports read from the ledgers, on a real node: cash by shift and by day from
the Z reports, purchases by supplier, payables ageing, stock on hand and value, stock ageing,
dead stock, sell-through, and ABC/XYZ classes — each checked against figures worked out here
from what the test did (the receipts, bills, counts and sales it made) or from the documents."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from posapp import bootstrap
from posapp.bootstrap import costing, purchasing, stock
from posapp.bootstrap.demo import load_demo_catalogue
from posapp.bootstrap.node import Node, open_node, till_actions
from posapp.bootstrap.shop import change_setting
from posapp.domain.actors import Actor
from posapp.domain.cash_count import count_of
from posapp.domain.money import Money
from posapp.domain.payment import CASH, Tender
from posapp.domain.permissions import BUILT_IN_ROLES
from posapp.domain.quantity import Quantity
from posapp.domain.reporting import ReportPage, week_of
from posapp.services import partners, reporting
from posapp.services.catalogue.lookup import scan_barcode
from posapp.services.stock import DraftHeader, DraftLine

ZONE = ZoneInfo("America/New_York")
TODAY = datetime(2026, 6, 1, 16, tzinfo=UTC)  # noon in New York
LAST = date(2026, 6, 1)
FIRST = LAST - timedelta(days=27)  # four weeks' worth of days, over five ISO weeks
SALES = ((20, 2), (13, 1), (6, 3), (1, 1))  # days ago, units of the first product


class _Clock:
    def __init__(self) -> None:
        self.now_at = TODAY

    def now(self) -> datetime:
        return self.now_at


def _at(days_ago: int, hour: int = 16) -> datetime:
    return (TODAY - timedelta(days=days_ago)).replace(hour=hour)


class Books:
    """What the test did, to check the reports against."""

    def __init__(self, node: Node, skus: list[str], codes: list[str]) -> None:
        self.node, self.skus, self.codes = node, skus, codes
        self.counted: list[tuple[int, int]] = []  # (counted, over/short) of each Z
        self.sold: dict[str, int] = {}


def _sell(node: Node, code: str, units: int, days_ago: int) -> None:
    node.clock.now_at = _at(days_ago)  # type: ignore[attr-defined]
    found = scan_barcode(node.catalogue, code=code)
    basket = node.till.new_basket().add(
        node.till.sellable(found.product), Quantity.of(units), line_id=node.new_id()
    )
    till_actions(node).sell(basket, [Tender(CASH, basket.totals().total)])


def _close(books: Books, days_ago: int, off_by: int) -> None:
    """Close the open shift `off_by` from what the drawer should hold, open the next."""
    node = books.node
    node.clock.now_at = _at(days_ago, hour=23)  # type: ignore[attr-defined]
    actions = till_actions(node)
    if off_by:  # a busy day: change brought in, notes taken to the safe
        actions.cash_movement("cash_in", Money(500, node.settings.currency), "change")
        actions.cash_movement("drop", Money(2000, node.settings.currency), "to the safe")
    expected = actions.x_report().payload["cash"]["expected"]
    actions.close_shift(count_of(Money(expected + off_by, node.settings.currency)))
    books.counted.append((expected + off_by, off_by))
    node.clock.now_at = _at(days_ago - 1, hour=13)  # type: ignore[attr-defined]
    actions.open_shift(count_of(Money(10000, node.settings.currency)))


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Books]:
    node = open_node(tmp_path_factory.mktemp("books") / "data", create=True)
    node.clock = _Clock()
    node.clock.now_at = _at(120)  # type: ignore[attr-defined]
    node.settings = replace(node.settings, time_zone="America/New_York")
    load_demo_catalogue(node, products=60, seed=3, progress=lambda done, total: None)
    for code in ("S01", "S02"):  # suppliers, and no demo stock: every movement is the test's
        partners.save_supplier(
            node.unit_of_work(),
            supplier_id=None,
            fields={"code": code, "name": f"Supplier {code}", "payment_terms_days": "30"},
            items=[],
            currency=node.settings.currency,
            by="test",
            clock=node.clock,
            new_id=node.new_id,
        )
    role = "manager"
    node.actor = Actor(uuid.uuid4(), "Manager", role, frozenset(BUILT_IN_ROLES[role][1]))
    with node.store.engine.connect() as connection:
        found = connection.execute(
            text(
                "SELECT p.sku, b.code FROM products p JOIN barcodes b ON b.product_id = p.id "
                "WHERE p.state = 'ACTIVE' AND NOT p.weighed AND b.pack_qty_milli = 1000 "
                "AND NOT EXISTS (SELECT 1 FROM stock_movements m WHERE m.product_id = p.id) "
                "ORDER BY p.sku LIMIT 3"
            )
        ).all()
    books = Books(node, [row[0] for row in found], [row[1] for row in found])
    a, b, c = books.skus
    for days_ago, supplier, lines in (
        (100, "S01", [DraftLine(a, 10_000, 200), DraftLine(b, 4_000, 1_000)]),
        (45, "S02", [DraftLine(c, 20_000, 150)]),
        (10, "S01", [DraftLine(a, 5_000, 220)]),
    ):
        node.clock.now_at = _at(days_ago)  # type: ignore[attr-defined]
        header = DraftHeader(supplier_code=supplier, business_at=_at(days_ago))
        receipt = stock.receive(node, header, lines)
        if days_ago == 10:
            costing.add_landed_cost(node, receipt.number, "Freight", 500, "value")
            node.clock.now_at = _at(9)  # type: ignore[attr-defined]
            purchasing.return_goods(
                node,
                DraftHeader(supplier_code="S01", business_at=_at(9)),
                [DraftLine(a, 1_000, 220)],
                receipt.number,
            )
            bill = purchasing.bill_receipts(node, "S01", "INV-9", _at(9), [receipt.number])
            purchasing.post(node, bill.id)
            node.clock.now_at = _at(5)  # type: ignore[attr-defined]
            purchasing.pay(node, "S01", "Bank", 300, [bill.number], _at(5))
        if days_ago == 45:
            node.clock.now_at = _at(44)  # type: ignore[attr-defined]
            bill = purchasing.bill_receipts(node, "S02", "INV-4", _at(44), [receipt.number])
            purchasing.post(node, bill.id)
    till_actions(node).open_shift(count_of(Money(10000, node.settings.currency)))
    for days_ago, units in SALES:
        _sell(node, books.codes[0], units, days_ago)
        if days_ago in (13, 6):
            _close(books, days_ago, off_by=-50 if days_ago == 13 else 0)
    node.clock.now_at = TODAY  # type: ignore[attr-defined]
    books.sold = {a: 7_000}
    yield books
    node.close()


def _open(books: Books, name: str, first: date = FIRST, last: date = LAST) -> ReportPage:
    reports = bootstrap.reporting.NodeReports(books.node)
    page = reports.open(name, first, last)
    rows = list(reporting.every_row(reports, page))
    assert len(rows) == page.row_count
    return page


def _query(node: Node, sql: str) -> list[tuple[object, ...]]:
    with node.store.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql))]


def test_cash_by_shift_is_each_z_reports_drawer_from_the_cash_it_took(books: Books) -> None:
    page = _open(books, "cash-by-shift")
    assert [(r.values["counted"], r.values["over_short"]) for r in page.rows] == books.counted
    for row in page.rows:
        values = row.values
        drawer = (
            values["float"]
            + values["cash_taken"]
            + values["paid_in"]  # type: ignore[operator]
            + values["paid_out"]
            + values["drops"]  # type: ignore[operator]
        )
        assert drawer == values["expected"]
        assert values["counted"] - values["expected"] == values["over_short"]  # type: ignore[operator]
    cash = _query(
        books.node,
        "SELECT sum(t.amount_minor) FROM sale_tenders t JOIN sales s ON s.id = t.sale_id "
        "JOIN shifts h ON h.id = s.shift_id WHERE h.closed_at IS NOT NULL AND t.kind = 'cash'",
    )[0][0]
    assert page.total.values["cash_taken"] == cash
    assert page.total.values["over_short"] == -50
    assert (page.total.values["paid_in"], page.total.values["drops"]) == (500, -2000)
    by_day = _open(books, "cash-by-day")
    assert by_day.total.values == page.total.values
    assert [r.key for r in by_day.rows] == [
        (LAST - timedelta(days=13)).isoformat(),
        (LAST - timedelta(days=6)).isoformat(),
    ]


def test_purchases_by_supplier_are_the_receipts_landed_costs_and_returns(books: Books) -> None:
    page = _open(books, "purchases-by-supplier", LAST - timedelta(days=60), LAST)
    rows = {row.label.split()[0]: row.values for row in page.rows}
    # S02: 20 @ 1.50 forty-five days ago; S01: 5 @ 2.20 with 5.00 freight, 1 sent back.
    assert rows["S02"] == {
        "receipts": 1,
        "quantity": 20_000,
        "goods": 3000,
        "landed": 0,
        "returned": 0,
        "net": 3000,
    }
    assert rows["S01"] == {
        "receipts": 1,
        "quantity": 5_000,
        "goods": 1100,
        "landed": 500,
        "returned": -220,
        "net": 1380,
    }
    assert [row.label.split()[0] for row in page.rows] == ["S02", "S01"]  # largest first
    assert page.total.values["net"] == 4380
    older = _open(books, "purchases-by-supplier", LAST - timedelta(days=100), LAST)
    goods = {row.label.split()[0]: row.values["goods"] for row in older.rows}
    assert (goods["S01"], goods["S02"]) == (2000 + 4000 + 1100, 3000)


def test_payables_ageing_is_what_each_supplier_was_owed_by_how_late(books: Books) -> None:
    page = _open(books, "payables-ageing")
    as_of = datetime(2026, 6, 2, 4, tzinfo=UTC) - timedelta(microseconds=1)  # NY midnight
    service = {
        row.supplier_id: row for row in purchasing.ageing(books.node, as_of) if row.total_minor
    }
    assert {row.key for row in page.rows} == {str(s) for s in service}
    for row in page.rows:
        expected = service[uuid.UUID(row.key)]
        assert row.values["owed"] == expected.total_minor
        assert row.values["credit"] == expected.credit_minor
    owed_now = sum(purchasing.balance(books.node, code) for code in ("S01", "S02"))
    assert page.total.values["owed"] == owed_now != 0


def test_stock_value_is_costings_valuation_of_the_day(books: Books) -> None:
    page = _open(books, "stock-value")
    valued = costing.value(books.node, LAST)
    assert page.total.values["value"] == sum(row.value_minor for row in valued)
    reports = bootstrap.reporting.NodeReports(books.node)
    rows = list(reporting.every_row(reports, page))
    assert sum(int(r.values["value"] or 0) for r in rows) == page.total.values["value"]
    held = {(r.sku, r.location): r.quantity_milli for r in valued}
    assert {r.key: r.values["on_hand"] for r in rows} == {
        f"{sku}@{place}": q for (sku, place), q in held.items()
    }


def test_stock_ageing_spreads_what_is_held_over_the_latest_receipts(books: Books) -> None:
    a, b, c = books.skus
    rows = {r.label.split()[0]: r.values for r in _open(books, "stock-ageing").rows}
    # a: 10 came 100 days ago, 5 ten days ago, 1 went back, 7 sold: the 7 held are taken to be
    # the last to come in, the 5 of ten days ago and 2 of the first.
    assert rows[a]["on_hand"] == 7_000
    assert (rows[a]["age_30"], rows[a]["age_180"]) == (5_000, 2_000)
    assert rows[b]["age_180"] == rows[b]["on_hand"] == 4_000
    assert rows[c]["age_60"] == rows[c]["on_hand"] == 20_000
    ago = _open(books, "stock-ageing", FIRST, LAST - timedelta(days=15))  # before the last
    earlier = {r.label.split()[0]: r.values for r in ago.rows}
    assert earlier[a]["on_hand"] == 10_000 - 2_000  # two sold twenty days ago
    assert earlier[a]["age_90"] == 8_000  # 85 days old then


def _mine(books: Books, name: str) -> dict[str, dict[str, object]]:
    """The report's rows of the test's own products (the demo's stock is dead too)."""
    rows = {r.label.split()[0]: dict(r.values) for r in _open(books, name).rows}
    return {sku: values for sku, values in rows.items() if sku in books.skus}


def test_dead_stock_is_what_has_not_sold_for_the_days_set(books: Books) -> None:
    _a, b, c = books.skus
    dead = _mine(books, "dead-stock")
    assert set(dead) == {b}  # c came 45 days ago: not yet 90 days held
    assert dead[b]["idle_days"] is None  # never sold
    change_setting(books.node, "reports.dead_stock_days", "30")
    try:
        dead = _mine(books, "dead-stock")
    finally:
        change_setting(books.node, "reports.dead_stock_days", "90")
    assert set(dead) == {b, c}
    assert dead[c]["on_hand"] == 20_000


def test_sell_through_is_what_sold_of_what_there_was(books: Books) -> None:
    a = books.skus[0]
    rows = {r.label.split()[0]: r.values for r in _open(books, "sell-through").rows}
    # In the four weeks: 2 + 1 + 3 + 1 sold, 5 received, 7 left.
    assert rows[a]["sold"] == 7_000
    assert rows[a]["received"] == 5_000
    assert rows[a]["on_hand"] == 7_000
    assert rows[a]["sell_through"] == Decimal("50.0")


def test_abc_xyz_classes_the_products_sold(books: Books) -> None:
    page = _open(books, "abc-xyz")
    assert len(page.rows) == 1
    values = page.rows[0].values
    assert (values["abc"], values["share"], values["cumulative"]) == (
        "A",
        Decimal(100),
        Decimal(100),
    )
    # Weekly demand over the ISO weeks the span touches (none in some), its coefficient of
    # variation: population standard deviation over the mean.
    demand = dict.fromkeys(
        (
            week_of(FIRST) + timedelta(weeks=n)
            for n in range((week_of(LAST) - week_of(FIRST)).days // 7 + 1)
        ),
        0,
    )
    for days_ago, units in SALES:
        demand[week_of(_at(days_ago).astimezone(ZONE).date())] += units
    weekly = list(demand.values())
    mean = Decimal(sum(weekly)) / len(weekly)
    spread = (sum((Decimal(d) - mean) ** 2 for d in weekly) / len(weekly)).sqrt()
    assert values["variation"] == (spread / mean * 100).quantize(Decimal("0.1"))
    assert values["xyz"] == (
        "X" if spread / mean <= Decimal("0.5") else "Y" if spread <= mean else "Z"
    )


def test_rows_of_suppliers_and_places_have_no_sales_behind_them_and_say_so(books: Books) -> None:
    from posapp.services.shared import FieldError

    reports = bootstrap.reporting.NodeReports(books.node)
    for name in ("payables-ageing", "purchases-by-supplier", "stock-value"):
        row = _open(books, name, LAST - timedelta(days=60), LAST).rows[0]
        with pytest.raises(FieldError, match="no sales or returns behind its rows"):
            reports.drill_down(name, row.key, LAST - timedelta(days=60), LAST)
    shift = _open(books, "cash-by-shift").rows[0]  # a shift's rows do: its own sales
    sold = reports.drill_down("cash-by-shift", shift.key, FIRST, LAST)
    assert sold
    assert {document.kind for document in sold} == {"SALE"}
