"""The back office's customer and price-list editors, driven as a manager would: bad input named
on the field and nothing saved; good input saved and listed; screenshots looked at."""

from pathlib import Path

from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from posapp.bootstrap.node import Node
from posapp.bootstrap.shop import back_office
from posapp.ui.back_office.window import BackOfficeWindow
from tests.gui.conftest import count_rows

SCREENSHOTS = Path("/tmp/posapp-screenshots")


def window_on(qtbot: QtBot, node: Node, page: str) -> BackOfficeWindow:
    window = BackOfficeWindow(back_office(node, signed_in_as="Meg Manager"), QLocale())
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.show_page(page)
    return window


def test_customer_editor_names_a_bad_credit_limit_then_saves(qtbot: QtBot, demo_node: Node) -> None:
    window = window_on(qtbot, demo_node, "Customers")
    page = window.customers
    assert page is not None
    editor = page.open_editor(None, {})
    typed = {
        "code": "C001",
        "name": "Harbour Café Ltd",
        "tax_id": "GB123456789",
        "price_group": "TRADE",
        "credit_limit": "abc",
        "payment_terms_days": "30",
        "phone": "+44 20 7946 0000",
        "email": "accounts@harbour.example",
    }
    for name, value in typed.items():
        editor.boxes[name].setText(value)
    editor.boxes["addresses"].setPlainText("Head office: 1 Quay St, Bristol\nKitchen: 3 Quay St")
    editor.submit()
    qtbot.waitUntil(lambda: "Credit limit: " in editor.error.text(), timeout=5000)
    assert "'abc' — is not an amount in EUR" in editor.error.text()
    assert "#b00020" in editor.boxes["credit_limit"].styleSheet()
    assert count_rows(demo_node, "customers") == 0
    SCREENSHOTS.mkdir(exist_ok=True)
    editor.grab().save(str(SCREENSHOTS / "back-office-customer-editor-refused.png"))

    editor.boxes["credit_limit"].setText("2500.00")
    editor.submit()
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=5000)
    assert page.table.item(0, 1).text() == "Harbour Café Ltd"
    page.table.selectRow(0)
    page.edit_selected()
    qtbot.waitUntil(lambda: page.editor is not editor and page.editor is not None, timeout=5000)
    assert page.editor is not None
    assert page.editor.boxes["credit_limit"].text() == "2500.00"
    page.editor.grab().save(str(SCREENSHOTS / "back-office-customer-editor.png"))
    page.editor.reject()
    window.grab().save(str(SCREENSHOTS / "back-office-customers.png"))
    window.close()


def test_price_list_editor_refuses_an_overlap_and_saves_a_list(
    qtbot: QtBot, demo_node: Node
) -> None:
    with demo_node.store.engine.connect() as connection:
        skus = list(connection.execute(text("SELECT sku FROM products LIMIT 3")).scalars())
    window = window_on(qtbot, demo_node, "Price lists")
    page = window.price_lists
    assert page is not None
    header = {
        "code": "VIP-2026",
        "name": "VIP group",
        "price_group": "VIP",
        "valid_from": "2026-01-01",
        "valid_to": "2026-12-31",
    }
    editor = page.open_editor(None, {"kind": "customer_group"}, [])
    for name, value in header.items():
        editor.boxes[name].setText(value)
    for sku in skus:
        page.add_item(sku, "1", "0.99")
    editor.grab().save(str(SCREENSHOTS / "back-office-price-list-editor.png"))
    editor.submit()
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=5000)
    assert [page.table.item(0, c).text() for c in (0, 3, 5)] == ["VIP-2026", "VIP", "3"]

    editor = page.open_editor(None, {"kind": "customer_group"}, [])
    for name, value in {**header, "code": "VIP-SUMMER", "valid_from": "2026-07-01"}.items():
        editor.boxes[name].setText(value)
    page.add_item(skus[1], "1", "0.89")
    editor.submit()
    qtbot.waitUntil(lambda: "overlaps price list VIP-2026" in editor.error.text(), timeout=5000)
    assert "#b00020" in editor.boxes["valid_from"].styleSheet()
    editor.grab().save(str(SCREENSHOTS / "back-office-price-list-refused.png"))
    assert count_rows(demo_node, "price_lists") == 1
    editor.reject()
    window.grab().save(str(SCREENSHOTS / "back-office-price-lists.png"))
    window.close()
