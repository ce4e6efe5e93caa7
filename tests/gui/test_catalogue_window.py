"""The real window, driven by pytest-qt: typing, scanning, and what the person sees."""

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from posapp.bootstrap import Node
from posapp.ui.app import UiContext, build_main_window
from posapp.ui.main_window import CatalogueWindow


@pytest.fixture
def window(qtbot: QtBot, demo_node: Node) -> Iterator[CatalogueWindow]:
    context = UiContext(
        demo_node.settings.store_name,
        demo_node.settings.terminal_code,
        demo_node.store.path,
        demo_node.catalogue,
    )
    created = build_main_window(context)
    qtbot.addWidget(created)
    created.resize(1024, 768)
    # The worker's count can only be delivered once the event loop runs, i.e. inside this wait.
    with qtbot.waitSignal(created.ready, timeout=5000):
        created.show()
    yield created
    created.close()


def _an_active_product(node: Node) -> tuple[str, str]:
    with node.store.engine.connect() as connection:
        row = connection.execute(
            text(
                "SELECT p.name, b.code FROM products p JOIN barcodes b ON b.product_id = p.id "
                "WHERE p.state = 'ACTIVE' AND b.pack_qty_milli = 1000 ORDER BY p.sku LIMIT 1"
            )
        ).one()
    return row.name, row.code


def _cells(window: CatalogueWindow, column: int) -> list[str]:
    model = window.table_model
    return [
        model.data(model.index(r, column), Qt.ItemDataRole.DisplayRole)
        for r in range(model.rowCount())
    ]


def test_typing_shows_matching_products(qtbot: QtBot, window: CatalogueWindow) -> None:
    with qtbot.waitSignal(
        window.results_shown,
        timeout=5000,
        check_params_cb=lambda message: (
            window.search_field.text() == "cheese" and message.endswith("found")
        ),
    ):
        qtbot.keyClicks(window.search_field, "cheese")
    names = _cells(window, 1)
    assert names and all("cheese" in name.lower() for name in names)
    assert window.message.text() == f"{len(names)} found"


def test_scanning_a_barcode_shows_that_product(
    qtbot: QtBot, window: CatalogueWindow, demo_node: Node
) -> None:
    name, code = _an_active_product(demo_node)
    window.search_field.setText(code)
    with qtbot.waitSignal(window.results_shown, timeout=5000, check_params_cb=bool):
        qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    assert _cells(window, 1) == [name]
    assert window.search_field.text() == ""  # ready for the next scan


def test_unknown_barcode_says_so(qtbot: QtBot, window: CatalogueWindow) -> None:
    window.search_field.setText("5901234123457")
    with qtbot.waitSignal(window.results_shown, timeout=5000, check_params_cb=bool):
        qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    assert window.table_model.rowCount() == 0
    assert window.message.text() == "no product has the barcode '5901234123457'"


def test_status_bar_counts_the_catalogue(window: CatalogueWindow) -> None:
    assert window.statusBar().currentMessage().startswith("500 products · database ")
