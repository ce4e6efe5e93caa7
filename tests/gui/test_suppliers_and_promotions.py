"""The back office's supplier and promotion editors, driven as a manager would: a bad cost is
named and its cell marked, nothing saved; a supplier and a promotion are saved and listed, and
the till prices by the promotion; screenshots looked at."""

from decimal import Decimal
from pathlib import Path

from PySide6.QtWidgets import QTableWidgetItem
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from posapp.bootstrap.node import Node
from tests.baskets import basket_of
from tests.gui.conftest import count_rows
from tests.gui.test_customers_and_price_lists import window_on

SCREENSHOTS = Path("/tmp/posapp-screenshots")


def plain_products(node: Node, how_many: int) -> list[tuple[str, str]]:
    with node.store.engine.connect() as connection:
        found = connection.execute(
            text(
                "SELECT p.sku, b.code FROM products p JOIN barcodes b ON b.product_id = p.id "
                "WHERE NOT p.weighed AND p.state = 'ACTIVE' AND b.pack_qty_milli = 1000 "
                "ORDER BY p.sku LIMIT :n"
            ),
            {"n": how_many},
        )
        return [(str(sku), str(code)) for sku, code in found]


def test_supplier_editor_marks_a_bad_cost_then_saves_the_supplier(
    qtbot: QtBot, demo_node: Node
) -> None:
    (sku_a, _), (sku_b, _) = plain_products(demo_node, 2)
    window = window_on(qtbot, demo_node, "Suppliers")
    page = window.suppliers
    assert page is not None
    editor = page.open_editor(None, {}, [])
    typed = {
        "code": "S01",
        "name": "Dockside Wholesale",
        "payment_terms_days": "30",
        "lead_time_days": "3",
    }
    for name, value in typed.items():
        editor.boxes[name].setText(value)
    editor.boxes["contacts"].setPlainText("Ann Baker; 020 7946 0000; ann@dockside.example")
    page.lines.add(sku_a, "DW-100", "1.20")
    page.lines.add(sku_b, "DW-200", "abc")
    editor.submit()
    qtbot.waitUntil(lambda: "Line 2 cost: 'abc'" in editor.error.text(), timeout=5000)
    assert page.lines.table.currentRow() == 1
    assert page.lines.table.currentColumn() == 2
    editor.grab().save(str(SCREENSHOTS / "back-office-supplier-refused.png"))
    assert count_rows(demo_node, "suppliers") == 0

    page.lines.table.item(1, 2).setText("0.35")
    page.lines.table.setItem(1, 3, QTableWidgetItem("12"))  # they sell it in cases of 12
    editor.submit()
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=5000)
    assert [page.table.item(0, c).text() for c in range(5)] == [
        "S01",
        "Dockside Wholesale",
        "30",
        "3",
        "2",
    ]
    page.table.selectRow(0)
    page.edit_selected()
    qtbot.waitUntil(lambda: page.editor is not editor and page.editor is not None, timeout=5000)
    assert page.lines.typed()[1] == {
        "sku": sku_b,
        "supplier_code": "DW-200",
        "cost": "0.35",
        "pack": "12",
    }
    page.editor.grab().save(str(SCREENSHOTS / "back-office-supplier-editor.png"))
    page.editor.reject()
    window.grab().save(str(SCREENSHOTS / "back-office-suppliers.png"))
    window.close()


def test_a_promotion_made_in_its_editor_prices_the_till(qtbot: QtBot, demo_node: Node) -> None:
    ((sku, code),) = plain_products(demo_node, 1)
    window = window_on(qtbot, demo_node, "Promotions")
    page = window.promotions
    assert page is not None
    editor = page.open_editor(None, {"kind": "percent_off"})
    for name, value in {"code": "SPRING20", "name": "Spring −20 %", "percent": "120"}.items():
        editor.boxes[name].setText(value)
    editor.boxes["skus"].setPlainText(sku)
    editor.submit()
    qtbot.waitUntil(lambda: "Percent: '120'" in editor.error.text(), timeout=5000)
    assert "#b00020" in editor.boxes["percent"].styleSheet()
    assert count_rows(demo_node, "promotions") == 0

    editor.boxes["percent"].setText("20")
    editor.grab().save(str(SCREENSHOTS / "back-office-promotion-editor.png"))
    editor.submit()
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=5000)
    assert [page.table.item(0, c).text() for c in (0, 2, 3, 5)] == [
        "SPRING20",
        "percent off",
        "1 product",
        "active",
    ]
    window.grab().save(str(SCREENSHOTS / "back-office-promotions.png"))
    window.close()

    basket, shelf_price = basket_of(demo_node, code)
    line = basket.totals().lines[0]
    assert line.price_reason == "Spring −20 %"
    assert line.unit_price == shelf_price - shelf_price.percentage(Decimal(20))


def test_a_customer_file_is_checked_shown_and_imported_from_the_customers_page(
    qtbot: QtBot, demo_node: Node, tmp_path: Path
) -> None:
    from tests.integration.test_record_import import CUSTOMER_COLUMNS, customer_row, write

    rows = [customer_row(n) for n in range(1, 8)]
    rows[4][4] = "abc"  # row 6
    window = window_on(qtbot, demo_node, "Customers")
    page = window.customers
    assert page is not None
    dialog = page.import_file("customers", write(tmp_path / "c.csv", CUSTOMER_COLUMNS, rows))
    qtbot.waitUntil(lambda: dialog.problems.rowCount() == 1, timeout=5000)
    assert [dialog.problems.item(0, c).text() for c in range(3)] == ["6", "credit_limit", "abc"]
    assert not dialog.import_button.isEnabled()
    dialog.grab().save(str(SCREENSHOTS / "back-office-customer-import-refused.png"))
    dialog.reject()
    assert count_rows(demo_node, "customers") == 0

    rows[4][4] = "600"
    dialog = page.import_file("customers", write(tmp_path / "c.csv", CUSTOMER_COLUMNS, rows))
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=5000)
    assert dialog.preview.rowCount() == 7
    dialog.start_import()
    qtbot.waitUntil(lambda: page.table.rowCount() == 7, timeout=5000)
    assert "7 customers imported" in dialog.summary.text()
    dialog.grab().save(str(SCREENSHOTS / "back-office-customer-import-done.png"))
    dialog.reject()
    window.grab().save(str(SCREENSHOTS / "back-office-customers-imported.png"))
    window.close()
