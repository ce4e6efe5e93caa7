"""Costs and profit in the back office: a manager sees the stock's value at the end of a day and
asks why a sale cost what it did — the receipts its goods came from and the sale's profit; a
cashier's back office has no such page."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, QLocale
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from posapp.bootstrap import costing as node_costing
from posapp.bootstrap.node import Node
from posapp.bootstrap.shop import back_office, change_setting
from posapp.domain.money import Money
from posapp.ui.back_office.window import BackOfficeWindow
from tests.gui.test_stock_pages import _signed_in
from tests.integration.test_costing import _Clock, _fresh_product, receive, sell

SCREENSHOTS = Path("/tmp/posapp-screenshots")


def _net_of(node: Node, number: str) -> int:
    with node.store.engine.connect() as connection:
        return int(
            connection.execute(
                text(
                    "SELECT sum(l.net_minor) FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
                    "WHERE s.number = :n"
                ),
                {"n": number},
            ).scalar_one()
        )


def test_a_manager_values_the_stock_and_sees_why_a_sale_cost_what_it_did(
    qtbot: QtBot, demo_node: Node
) -> None:
    demo_node.clock = _Clock()
    _signed_in(demo_node, "meg", "manager")
    change_setting(demo_node, "costing.method", "fifo")
    sku, code = _fresh_product(demo_node)
    receive(demo_node, sku, 1, 10, 5_00)
    receive(demo_node, sku, 3, 10, 6_00)
    sold = sell(demo_node, code, 4, 15)
    window = BackOfficeWindow(back_office(demo_node, signed_in_as="Meg"), QLocale())
    qtbot.addWidget(window)
    window.resize(1200, 760)
    window.show()
    page = window.costs
    assert page is not None
    window.show_page("Costs and profit")
    page.as_of.setDate(QDate(2026, 3, 5))

    def our_row() -> int | None:
        for row in range(page.table.rowCount()):
            if page.table.item(row, 0).text() == sku:
                return row
        return None

    qtbot.waitUntil(lambda: our_row() is not None, timeout=10000)
    row = our_row()
    assert row is not None
    assert (page.table.item(row, 3).text(), page.table.item(row, 4).text()) == ("5", "30.00")
    whole = sum(v.value_minor for v in node_costing.value(demo_node, page.as_of.date().toPython()))
    assert page.total.text().startswith(f"{Money(whole, 'EUR').amount:,}")

    page.sale_number.setText(sold)
    page.explain()
    qtbot.waitUntil(lambda: page.why.rowCount() == 3, timeout=5000)
    cells = [[page.why.item(r, c).text() for c in range(3)] for r in range(3)]
    assert cells[0] == [sku, "15", "80.00"]
    assert [c[1:] for c in cells[1:]] == [["10", "50.00"], ["5", "30.00"]]  # day 1, then day 3
    assert "GR-" in cells[1][0]
    net = _net_of(demo_node, sold)
    profit = Money(net - 80_00, "EUR").amount
    assert f"profit {profit:,}" in page.profit.text()
    SCREENSHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SCREENSHOTS / "costs-page.png"))


def test_a_cashiers_back_office_has_no_costs(qtbot: QtBot, demo_node: Node) -> None:
    _signed_in(demo_node, "cass", "stock_clerk")
    window = BackOfficeWindow(back_office(demo_node, signed_in_as="Cass"), QLocale())
    qtbot.addWidget(window)
    names = [window.pages.names.item(r).text() for r in range(window.pages.names.count())]
    assert "Costs and profit" not in names
    assert "Stock" in names
