"""Goods in at the back door and stock on hand, in the back office: a clerk scans a delivery
(twice the same barcode counts two), receives it, and sees the stock and its movements; an
unknown code and a write-off beyond the clerk's role are refused in the editor, by name."""

from pathlib import Path

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from posapp.bootstrap.node import Node
from posapp.bootstrap.people import add_user, set_password, sign_in_as_author
from posapp.bootstrap.shop import back_office
from posapp.ui.back_office.window import BackOfficeWindow

SCREENSHOTS = Path("/tmp/posapp-screenshots")


def _signed_in(node: Node, username: str, role: str) -> None:
    add_user(node, username=username, name=username.title(), role=role, pin=f"{len(role)}741")
    set_password(node, username, "correct horse")
    sign_in_as_author(node, username, "correct horse")


def _a_barcode(node: Node) -> tuple[str, str, str]:
    with node.store.engine.connect() as connection:
        code, sku, name = connection.execute(
            text(
                "SELECT b.code, p.sku, p.name FROM barcodes b JOIN products p "
                "ON p.id = b.product_id WHERE b.pack_qty_milli = 1000 AND NOT p.weighed LIMIT 1"
            )
        ).one()
    return code, sku, name


def test_a_clerk_scans_a_delivery_in_and_sees_the_stock(qtbot: QtBot, demo_node: Node) -> None:
    _signed_in(demo_node, "sid", "stock_clerk")
    code, sku, name = _a_barcode(demo_node)
    window = BackOfficeWindow(back_office(demo_node, signed_in_as="Sid"), QLocale())
    qtbot.addWidget(window)
    window.resize(1200, 760)
    window.show()
    documents = window.stock_documents
    assert documents is not None
    names = [window.pages.names.item(row).text() for row in range(window.pages.names.count())]
    assert names == ["Stock", "Goods in and adjustments", "Stock counts"]  # a clerk's work
    window.show_page("Goods in and adjustments")
    from posapp.domain.stock import DocumentType

    editor = documents.new_document(DocumentType.GOODS_RECEIPT)
    qtbot.waitUntil(lambda: editor.location.count() > 0, timeout=5000)
    for typed in (code, code):
        qtbot.keyClicks(editor.scan, typed)
        qtbot.keyClick(editor.scan, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: editor.lines.rowCount() == 1, timeout=5000)
    qtbot.waitUntil(lambda: editor.typed_lines()[0]["quantity"] == "2", timeout=5000)
    assert editor.typed_lines()[0]["name"] == name
    qtbot.keyClicks(editor.scan, "0000000000000")
    qtbot.keyClick(editor.scan, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "0000000000000" in editor.problem.text(), timeout=5000)
    editor.lines.item(0, 3).setText("1.25")
    editor.reference.setText("DN-4471")
    SCREENSHOTS.mkdir(exist_ok=True)
    editor.grab().save(str(SCREENSHOTS / "goods-receipt-scanned.png"))
    editor.step_buttons["received"].click()
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: documents.table.rowCount() == 1, timeout=5000)
    assert documents.table.item(0, 2).text() == "received"

    page = window.stock
    assert page is not None
    window.show_page("Stock")
    page.filter.setText(sku)
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=5000)
    assert page.table.item(0, 3).text() == "2"
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.history.rowCount() == 1, timeout=5000)
    assert page.history.item(0, 1).text() == "receipt"
    assert page.history.item(0, 2).text().startswith("GR-T01-")
    assert page.history.item(0, 5).text() == "2"
    window.grab().save(str(SCREENSHOTS / "back-office-stock.png"))

    window.show_page("Goods in and adjustments")
    adjustment = documents.new_document(DocumentType.STOCK_ADJUSTMENT)
    qtbot.waitUntil(lambda: adjustment.location.count() > 0, timeout=5000)
    adjustment.add_line({"sku": sku, "quantity": "1"})
    adjustment.reason.setCurrentText("damaged")
    adjustment.step_buttons["posted"].click()
    qtbot.waitUntil(
        lambda: "may not make or change a stock adjustment" in adjustment.problem.text(),
        timeout=5000,
    )
    assert adjustment.isVisible()  # the clerk's lines are still there to hand over
    window.close()


def test_a_buyer_orders_and_the_door_receives_part_of_it(qtbot: QtBot, demo_node: Node) -> None:
    from posapp.bootstrap.demo import load_demo_records
    from posapp.domain.stock import DocumentType

    load_demo_records(demo_node)
    _signed_in(demo_node, "meg", "manager")
    _, sku, _ = _a_barcode(demo_node)
    window = BackOfficeWindow(back_office(demo_node, signed_in_as="Meg"), QLocale())
    qtbot.addWidget(window)
    window.resize(1200, 760)
    window.show()
    documents = window.stock_documents
    assert documents is not None
    window.show_page("Goods in and adjustments")
    qtbot.waitUntil(lambda: documents.table.rowCount() > 0, timeout=5000)  # the demo's receipts

    order = documents.new_document(DocumentType.PURCHASE_ORDER)
    qtbot.waitUntil(lambda: order.location.count() > 0, timeout=5000)
    order.supplier.setText("S01")
    order.add_line({"sku": sku, "quantity": "10", "cost": "0.85"})
    order.step_buttons["sent"].click()
    qtbot.waitUntil(lambda: not order.isVisible(), timeout=5000)
    ours = "PO-T01-000003"  # the demo sent one order and half received another

    def row_of(number: str) -> int | None:
        table = documents.table
        found = [row for row in range(table.rowCount()) if table.item(row, 0).text() == number]
        return found[0] if found else None

    def status_of(number: str) -> str:
        row = row_of(number)
        return "" if row is None else documents.table.item(row, 2).text()

    qtbot.waitUntil(lambda: status_of(ours) == "sent", timeout=5000)
    documents.table.selectRow(row_of(ours) or 0)
    documents.open_selected()
    qtbot.waitUntil(
        lambda: documents.editor is not None and documents.editor is not order, timeout=5000
    )
    sent = documents.editor
    assert sent is not None
    receive = sent.findChild(type(sent.step_buttons.get("cancelled")), "receive-order")
    assert receive is not None
    receive.click()
    qtbot.waitUntil(
        lambda: documents.editor is not sent and documents.editor is not None, timeout=5000
    )
    receipt = documents.editor
    assert receipt is not None
    qtbot.waitUntil(lambda: receipt.lines.rowCount() == 1, timeout=5000)
    assert receipt.typed_lines()[0]["quantity"] == "10"
    receipt.lines.item(0, 2).setText("6")  # six came; four to follow
    receipt.step_buttons["received"].click()
    qtbot.waitUntil(lambda: not receipt.isVisible(), timeout=5000)
    # The demo has a partly received order of its own: wait for ours.
    qtbot.waitUntil(lambda: status_of(ours) == "partially_received", timeout=5000)
    numbers = [documents.table.item(r, 0).text() for r in range(documents.table.rowCount())]
    documents.table.selectRow(numbers.index(ours))
    documents.open_selected()
    qtbot.waitUntil(lambda: documents.editor is not receipt, timeout=5000)
    partial = documents.editor
    assert partial is not None
    qtbot.waitUntil(lambda: partial.isVisible(), timeout=5000)
    assert set(partial.step_buttons) == {"closed_short"}
    assert partial.lines.item(0, 6).text() == "6"  # received so far, of 10
    SCREENSHOTS.mkdir(exist_ok=True)
    partial.grab().save(str(SCREENSHOTS / "purchase-order-partly-received.png"))
    window.close()


def test_a_received_delivery_prints_its_note_and_the_labels_of_new_prices(
    qtbot: QtBot, demo_node: Node, tmp_path: Path
) -> None:
    from posapp.bootstrap import stock
    from posapp.services.stock import DraftHeader, DraftLine

    _signed_in(demo_node, "meg", "manager")
    _, sku, _ = _a_barcode(demo_node)
    receipt = stock.receive(demo_node, DraftHeader(), [DraftLine(sku, 3_000, 90)])
    window = BackOfficeWindow(back_office(demo_node, signed_in_as="Meg"), QLocale())
    qtbot.addWidget(window)
    window.show()
    documents = window.stock_documents
    assert documents is not None
    window.show_page("Goods in and adjustments")
    documents.open_document(receipt.id)
    qtbot.waitUntil(lambda: documents.editor is not None, timeout=5000)
    editor = documents.editor
    assert editor is not None
    assert editor.findChild(QPushButton, "receipt-note") is not None
    note, labels = tmp_path / "note.pdf", tmp_path / "labels.pdf"
    editor.save_pdf(note, "note")  # written on the worker thread: done when it says so
    qtbot.waitUntil(lambda: f"saved to {note}" in window.status.text(), timeout=5000)
    assert note.read_bytes().startswith(b"%PDF")
    editor.save_pdf(labels, "labels")  # the first receipt: every product
    qtbot.waitUntil(lambda: f"saved to {labels}" in window.status.text(), timeout=5000)
    assert labels.read_bytes().startswith(b"%PDF")
    window.close()
