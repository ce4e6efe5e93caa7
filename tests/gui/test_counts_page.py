"""A stock count in the back office: a manager starts a blind count of the shop floor, a
barcode scanned twice counts two, a total typed as SKU=5 sets it, and posting names the
adjustments that settled the differences; a clerk may count but not post."""

from pathlib import Path

from PySide6.QtCore import QLocale, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from posapp.bootstrap.demo import load_demo_records
from posapp.bootstrap.node import Node
from posapp.bootstrap.shop import back_office
from posapp.ui.back_office.window import BackOfficeWindow
from tests.gui.test_stock_pages import _signed_in

SCREENSHOTS = Path("/tmp/posapp-screenshots")


def _two_products(node: Node) -> tuple[tuple[str, str], tuple[str, str]]:
    with node.store.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT b.code, p.sku FROM barcodes b JOIN products p ON p.id = b.product_id "
                "JOIN stock_levels s ON s.product_id = p.id "
                "WHERE b.pack_qty_milli = 1000 AND NOT p.weighed AND s.on_hand_milli > 10000 "
                "ORDER BY p.sku LIMIT 2"
            )
        ).all()
    (code, sku), (other_code, other) = rows
    return (code, sku), (other_code, other)


def test_a_blind_count_scanned_typed_and_posted(qtbot: QtBot, demo_node: Node) -> None:
    load_demo_records(demo_node)  # stock received from the suppliers
    (code, sku), (_, other) = _two_products(demo_node)
    _signed_in(demo_node, "meg", "manager")
    window = BackOfficeWindow(back_office(demo_node, signed_in_as="Meg"), QLocale())
    qtbot.addWidget(window)
    window.resize(1200, 760)
    window.show()
    page = window.counts
    assert page is not None
    window.show_page("Stock counts")
    dialog = page.start_dialog()
    dialog.findChild(type(page.scan), "count-category")  # a full count: no category typed
    from PySide6.QtWidgets import QDialogButtonBox

    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=5000)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.line_table.rowCount() > 2, timeout=5000)
    assert page.line_table.item(0, 2).text() == "hidden"  # blind
    for _ in range(2):
        qtbot.keyClicks(page.scan, code)
        qtbot.keyClick(page.scan, Qt.Key.Key_Return)
    qtbot.keyClicks(page.scan, f"{other}=5")
    qtbot.keyClick(page.scan, Qt.Key.Key_Return)

    def counted(wanted: str) -> str:
        for row in range(page.line_table.rowCount()):
            if page.line_table.item(row, 0).text() == wanted:
                return page.line_table.item(row, 3).text()
        return ""

    qtbot.waitUntil(lambda: counted(sku) == "2" and counted(other) == "5", timeout=5000)
    qtbot.waitUntil(lambda: page.table.item(0, 4).text().startswith("2 /"), timeout=5000)
    SCREENSHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SCREENSHOTS / "stock-count-scanned.png"))
    page.post_button.click()
    qtbot.waitUntil(lambda: "posted" in window.status.text(), timeout=5000)
    assert "SA-T01-" in window.status.text()
    qtbot.waitUntil(lambda: page.table.item(0, 1).text() == "posted", timeout=5000)
    assert not page.scan.isEnabled()
    with demo_node.store.engine.connect() as connection:
        left = connection.execute(
            text(
                "SELECT sum(s.on_hand_milli) FROM stock_levels s JOIN products p "
                "ON p.id = s.product_id WHERE p.sku = :sku"
            ),
            {"sku": sku},
        ).scalar_one()
    assert left == 2_000
    window.close()


def test_a_clerk_counts_but_may_not_post(qtbot: QtBot, demo_node: Node) -> None:
    load_demo_records(demo_node)
    (code, _), _ = _two_products(demo_node)
    _signed_in(demo_node, "meg", "manager")
    started = back_office(demo_node).counts
    assert started is not None
    count_id = started.start(location=None, category=None, blind=True)
    demo_node.actor = None  # the shop's first administrator adds the clerk
    _signed_in(demo_node, "sid", "stock_clerk")
    window = BackOfficeWindow(back_office(demo_node, signed_in_as="Sid"), QLocale())
    qtbot.addWidget(window)
    window.show()
    page = window.counts
    assert page is not None
    window.show_page("Stock counts")
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=5000)
    page.table.selectRow(0)
    qtbot.keyClicks(page.scan, code)
    qtbot.keyClick(page.scan, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "counted" in window.status.text(), timeout=5000)
    page.post_button.click()
    qtbot.waitUntil(lambda: "adjust_stock" in window.status.text(), timeout=5000)
    assert page.counts[0].id == count_id
    assert page.counts[0].status == "counting"
    window.close()
