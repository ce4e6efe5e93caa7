"""Suppliers' accounts in the back office: an accountant sees what a supplier is owed by how
late, its open bill and open orders, and pays the bill from the bank; a payment beyond the bill
chosen is refused by name."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from posapp.bootstrap import purchasing, stock
from posapp.bootstrap.demo import load_demo_records
from posapp.bootstrap.node import Node
from posapp.bootstrap.shop import back_office
from posapp.services.stock import BillLineDraft, DraftHeader, DraftLine
from posapp.ui.back_office.window import BackOfficeWindow
from tests.gui.test_stock_pages import _signed_in

SCREENSHOTS = Path("/tmp/posapp-screenshots")


def test_an_accountant_sees_what_is_owed_and_pays_a_bill(qtbot: QtBot, demo_node: Node) -> None:
    load_demo_records(demo_node)
    with demo_node.store.engine.connect() as connection:
        sku = connection.execute(text("SELECT sku FROM products LIMIT 1")).scalar_one()
    _signed_in(demo_node, "meg", "manager")
    receipt = stock.receive(
        demo_node, DraftHeader(supplier_code="S01"), [DraftLine(sku, 10_000, 250)]
    )
    old = datetime.now(UTC) - timedelta(days=75)  # due 30 days after: 45 days late now
    bill = purchasing.bill(
        demo_node, "S01", "INV-31", old, [BillLineDraft(sku, 10_000, 250, 0, receipt.number)]
    )
    purchasing.post(demo_node, bill.id)
    demo_node.actor = None
    _signed_in(demo_node, "ada", "accountant")
    window = BackOfficeWindow(back_office(demo_node, signed_in_as="Ada"), QLocale())
    qtbot.addWidget(window)
    window.resize(1200, 760)
    window.show()
    page = window.payables
    assert page is not None
    window.show_page("Suppliers' accounts")
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=5000)
    assert page.table.item(0, 3).text() == "25.00"  # 31-60 days late
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.bill_table.rowCount() == 1, timeout=5000)
    qtbot.waitUntil(lambda: page.order_table.rowCount() == 1, timeout=5000)  # the demo's
    assert page.order_table.item(0, 1).text() == "sent"
    assert page.bill_table.item(0, 1).text() == "INV-31"
    page.bill_table.selectRow(0)
    page.account.setCurrentText("Bank")
    page.amount.setText("30.00")
    page.pay_button.click()
    qtbot.waitUntil(lambda: "more than the bills named" in window.status.text(), timeout=5000)
    page.amount.setText("10.00")
    page.pay_button.click()
    qtbot.waitUntil(lambda: "paid to S01 from Bank" in window.status.text(), timeout=5000)
    qtbot.waitUntil(lambda: page.table.item(0, 8).text() == "15.00", timeout=5000)
    SCREENSHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SCREENSHOTS / "suppliers-accounts.png"))
    window.close()
