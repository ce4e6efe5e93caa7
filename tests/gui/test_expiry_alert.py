"""The back office's stock page says what has expired and what expires soon, the batches named in
its tooltip (the node of tests.integration.test_batches: LOT-OLD expired six days ago)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from posapp.bootstrap.node import Node
from posapp.bootstrap.shop import back_office
from posapp.domain.stock import DocumentType
from posapp.ui.back_office.stock_document_editor import LINE_COLUMNS
from posapp.ui.back_office.window import BackOfficeWindow
from tests.integration.test_batches import shop  # noqa: F401  (the fixture)

SCREENSHOTS = Path("/tmp/posapp-screenshots")


def test_the_stock_page_says_what_has_expired_and_what_expires_soon(
    qtbot: QtBot,
    shop: tuple[Node, str, str],  # noqa: F811
) -> None:
    node, sku, _ = shop
    window = BackOfficeWindow(back_office(node), QLocale())
    qtbot.addWidget(window)
    window.show_page("Stock")
    page = window.stock
    assert page is not None
    qtbot.waitUntil(lambda: "expired" in page.expiry.text(), timeout=5000)
    assert page.expiry.text().startswith("1 batch(es) expired")
    assert f"{sku} LOT-OLD (FLOOR): 6" in page.expiry.toolTip()


def test_a_transfer_takes_its_goods_from_the_batch_expiring_first(
    qtbot: QtBot,
    shop: tuple[Node, str, str],  # noqa: F811
) -> None:
    """12 to send, typed with no batch: LOT-OLD has expired, so LOT-NEW gives its 10 and the
    2 its batches do not hold stay a line with no batch."""
    node, sku, code = shop
    window = BackOfficeWindow(back_office(node), QLocale())
    qtbot.addWidget(window)
    window.show()
    window.show_page("Goods in and adjustments")
    documents = window.stock_documents
    assert documents is not None
    editor = documents.new_document(DocumentType.TRANSFER)
    qtbot.waitUntil(lambda: editor.location.count() > 0, timeout=5000)
    editor.location.setCurrentText("FLOOR")
    qtbot.keyClicks(editor.scan, code)
    qtbot.keyClick(editor.scan, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.lines.rowCount() == 1, timeout=5000)
    editor.lines.item(0, LINE_COLUMNS.index("quantity")).setText("12")
    picking = editor.findChild(QPushButton, "pick-batches")
    assert picking is not None
    qtbot.mouseClick(picking, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.lines.rowCount() == 2, timeout=5000)
    lines = [
        (line["sku"], line["batch"], line["expiry"], line["quantity"])
        for line in editor.typed_lines()
    ]
    assert lines == [(sku, "LOT-NEW", "2026-06-01", "10"), (sku, "", "", "2")]
    editor.grab().save(str(SCREENSHOTS / "transfer-first-expiry.png"))
