"""Purchases by supplier and payables ageing at head office are the store's own: a back office
receives from two suppliers, adds freight, returns goods, posts bills and pays (part of two
bills, and more than one supplier is owed); once it has synced, head office's pages for the
store — and for the chain, which is that store here — are row for row and in total the back
office's."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import text

from posapp.bootstrap import costing, purchasing, stock
from posapp.bootstrap.node import Node
from posapp.bootstrap.reporting import NodeReports
from posapp.domain.reporting import ReportPage
from posapp.services.shared.clock import FixedClock
from posapp.services.stock import DraftHeader, DraftLine
from sync.client.engine import SyncEngine
from sync.server.reports import head_office_report
from tests.head_office import HeadOfficeUnderTest
from tests.sync.test_landed_costs_at_head_office import back_office

__all__ = ["back_office"]  # the fixture, used by name

TODAY = datetime.now(UTC).date()


def _at(days_ago: int) -> datetime:
    return datetime.combine(TODAY - timedelta(days=days_ago), time(12), UTC)


def _trade(node: Node) -> None:
    with node.store.engine.connect() as connection:
        a, b = connection.execute(
            text("SELECT sku FROM products WHERE state = 'ACTIVE' AND NOT weighed LIMIT 2")
        ).scalars()
    for days_ago, supplier, lines in (
        (100, "S01", [DraftLine(a, 10_000, 200), DraftLine(b, 4_000, 1_001)]),
        (45, "S02", [DraftLine(b, 20_000, 155)]),
        (10, "S01", [DraftLine(a, 5_000, 221)]),
    ):
        node.clock = FixedClock(_at(days_ago))
        header = DraftHeader(supplier_code=supplier, business_at=_at(days_ago))
        receipt = stock.receive(node, header, lines).number
        node.clock = FixedClock(_at(days_ago - 1))
        bill = purchasing.bill_receipts(
            node, supplier, f"INV-{days_ago}", _at(days_ago - 1), [receipt]
        )
        purchasing.post(node, bill.id)
        if days_ago == 10:
            costing.add_landed_cost(node, receipt, "Freight", 5_03, "value")
            purchasing.return_goods(
                node,
                DraftHeader(supplier_code="S01", business_at=_at(9)),
                [DraftLine(a, 1_500, 221)],
                receipt,
            )
            node.clock = FixedClock(_at(5))
            purchasing.pay(node, "S01", "Bank", 3_00, [bill.number], _at(5))
    node.clock = FixedClock(_at(2))
    purchasing.pay(node, "S02", "Bank", 7_00, [], _at(2))  # set against the oldest bill
    node.clock = FixedClock(_at(1))
    purchasing.pay(node, "S01", "Bank", 900_00, [], _at(1))  # more than S01 is owed
    SyncEngine(node.store.engine).run_once()


def _shown(page: ReportPage) -> tuple[object, ...]:
    return tuple((r.key, r.label, r.values) for r in page.rows), page.total.values, page.row_count


def test_purchases_and_payables_at_head_office_are_the_stores_own(
    back_office: Node, head_office: HeadOfficeUnderTest
) -> None:
    _trade(back_office)
    reports = NodeReports(back_office)
    spans: list[tuple[str, date, date]] = [
        ("purchases-by-supplier", TODAY - timedelta(days=60), TODAY),
        ("purchases-by-supplier", TODAY - timedelta(days=120), TODAY - timedelta(days=5)),
        ("payables-ageing", TODAY, TODAY),
        ("payables-ageing", TODAY - timedelta(days=30), TODAY - timedelta(days=7)),
        ("payables-ageing", TODAY - timedelta(days=99), TODAY - timedelta(days=40)),
    ]
    for name, first, last in spans:
        at_the_store = reports.open(name, first, last)
        assert at_the_store.rows, (name, first, last)
        for stores in (("S01",), None):
            at_head_office = head_office_report(
                head_office.engine, name, first, last, stores=stores
            )
            assert _shown(at_head_office) == _shown(at_the_store), (name, first, last, stores)
    owed = head_office_report(head_office.engine, "payables-ageing", TODAY, TODAY)
    late = {row.label.split()[0]: row.values for row in owed.rows}
    assert late["S02"]["late_30"] > 0  # billed 44 days ago, due in 30
    assert late["S01"]["credit"] < -3_31  # 1.5 sent back at 2.21 (3.31), and paid ahead
    two_days_ago = TODAY - timedelta(days=2)
    before = head_office_report(head_office.engine, "payables-ageing", two_days_ago, two_days_ago)
    assert {row.label.split()[0]: row.values["credit"] for row in before.rows}["S01"] == -3_31
    bought = head_office_report(
        head_office.engine, "purchases-by-supplier", TODAY - timedelta(days=60), TODAY
    )
    assert {row.label.split()[0]: row.values["landed"] for row in bought.rows}["S01"] == 5_03
    assert (
        head_office_report(
            head_office.engine, "purchases-by-supplier", TODAY, TODAY, stores=("S02",)
        ).rows
        == ()
    )
