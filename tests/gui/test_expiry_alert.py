"""The back office's stock page says what has expired and what expires soon, the batches named in
its tooltip (the node of tests.integration.test_batches: LOT-OLD expired six days ago)."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot

from posapp.bootstrap.node import Node
from posapp.bootstrap.shop import back_office
from posapp.ui.back_office.window import BackOfficeWindow
from tests.integration.test_batches import shop  # noqa: F401  (the fixture)


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
