"""The back office's products, with the till beside it on the same store: a product made with two
barcodes sells through both; its price changed in the back office is what the till charges next,
and the change shows in its history. Bad input is named and saves nothing."""

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QLocale, Qt
from pytestqt.qtbot import QtBot

from posapp.bootstrap.node import Node
from posapp.bootstrap.shop import back_office
from posapp.ui.back_office.product_editor import ProductEditor
from posapp.ui.back_office.window import BackOfficeWindow
from tests.gui.conftest import count_rows, open_till
from tests.gui.test_till_window import scan

SCREENSHOTS = Path("/tmp/posapp-screenshots")
SINGLE, SIX_PACK = "4006381333931", "96385074"


def open_back_office(qtbot: QtBot, node: Node) -> BackOfficeWindow:
    window = BackOfficeWindow(back_office(node, signed_in_as="Meg Manager"), QLocale())
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.show_page("Products")
    assert window.products is not None
    qtbot.waitUntil(lambda: window.products.table.rowCount() > 0, timeout=10_000)  # type: ignore[union-attr]
    return window


def editor_of(qtbot: QtBot, window: BackOfficeWindow) -> ProductEditor:
    page = window.products
    assert page is not None
    qtbot.waitUntil(lambda: page.editor is not None and page.editor.isVisible(), timeout=5000)
    assert page.editor is not None
    return page.editor


def filter_to(qtbot: QtBot, window: BackOfficeWindow, typed: str) -> None:
    page = window.products
    assert page is not None
    page.filter.setText(typed)
    qtbot.waitUntil(
        lambda: (
            page.table.rowCount() >= 1 and typed.lower() in page.table.item(0, 1).text().lower()
        ),
        timeout=5000,
    )


def test_a_new_product_sells_through_both_barcodes_and_at_its_new_price(
    qtbot: QtBot, demo_node: Node
) -> None:
    window = open_back_office(qtbot, demo_node)
    page = window.products
    assert page is not None
    page.new_product()
    editor = editor_of(qtbot, window)
    editor.boxes["sku"].setText("TEA-001")
    editor.boxes["name"].setText("Assam Breakfast Tea 250 g")
    editor.boxes["category"].setText("Hot drinks")
    editor.boxes["cost"].setText("2.10")
    editor.boxes["price"].setText("3.49")
    assert editor.boxes["state"].currentText() == "ACTIVE"  # a new product is on sale
    editor.add_barcode(SINGLE, 1000)
    editor.add_barcode(SIX_PACK, 6000)
    SCREENSHOTS.mkdir(exist_ok=True)
    editor.grab().save(str(SCREENSHOTS / "back-office-product-editor.png"))
    editor.submit()
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=5000)

    filter_to(qtbot, window, "Assam")
    assert page.table.item(0, 6).text() == f"{SINGLE} {SIX_PACK}"
    window.grab().save(str(SCREENSHOTS / "back-office-product-list.png"))

    till = open_till(qtbot, demo_node)
    scan(qtbot, till, SINGLE)
    scan(qtbot, till, SIX_PACK)
    line = till.presenter.basket.lines[0]
    assert (line.item.sku, str(line.quantity)) == ("TEA-001", "7")  # 1 + a pack of 6
    assert till.presenter.totals.total.minor == 7 * 349
    with qtbot.waitSignal(till.sale_completed, timeout=5000):
        qtbot.keyClick(till.scan_field, Qt.Key.Key_F12)

    page.table.selectRow(0)
    page.edit_selected()
    editor = editor_of(qtbot, window)
    assert editor.boxes["price"].text() == "3.49"
    editor.boxes["price"].setText("3.79")
    editor.submit()
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=5000)

    scan(qtbot, till, SINGLE)
    assert till.presenter.totals.lines[0].unit_price.minor == 379
    till.close()

    filter_to(qtbot, window, "Assam")
    page.table.selectRow(0)
    page.edit_selected()
    editor = editor_of(qtbot, window)
    qtbot.waitUntil(lambda: editor.history.rowCount() == 1, timeout=5000)
    cells = [editor.history.item(0, column).text() for column in range(4)]
    assert cells[1] == "Meg Manager"
    assert "3.49" in cells[2]
    assert "3.79" in cells[3]
    editor.reject()
    window.close()


def test_bad_input_is_named_and_nothing_is_saved(qtbot: QtBot, demo_node: Node) -> None:
    window = open_back_office(qtbot, demo_node)
    page = window.products
    assert page is not None
    taken = page.rows[0]
    before = count_rows(demo_node, "products"), count_rows(demo_node, "outbox_events")

    page.new_product()
    editor = editor_of(qtbot, window)
    editor.boxes["sku"].setText("NEW-1")
    editor.boxes["name"].setText("Something new")
    editor.boxes["price"].setText("-1")
    editor.submit()
    qtbot.waitUntil(lambda: "Price: " in editor.error.text(), timeout=5000)
    assert "must not be negative" in editor.error.text()
    assert "#b00020" in editor.boxes["price"].styleSheet()

    editor.boxes["price"].setText("1.99")
    editor.add_barcode(taken.barcodes.split()[0], 1000)
    editor.submit()
    qtbot.waitUntil(lambda: "already belongs to product" in editor.error.text(), timeout=5000)
    assert taken.sku in editor.error.text()
    editor.grab().save(str(SCREENSHOTS / "back-office-product-editor-refused.png"))
    assert (count_rows(demo_node, "products"), count_rows(demo_node, "outbox_events")) == before
    editor.reject()
    window.close()


def test_bulk_price_change_by_percent_on_a_selection(
    qtbot: QtBot, demo_node: Node, tmp_path: Path
) -> None:
    window = open_back_office(qtbot, demo_node)
    page = window.products
    assert page is not None
    first, second = page.rows[0], page.rows[1]
    page.table.selectRow(0)
    page.table.selectionModel().select(
        page.table.model().index(1, 0),
        page.table.selectionModel().SelectionFlag.Select
        | page.table.selectionModel().SelectionFlag.Rows,
    )
    page.bulk_percent.setText("10")
    page.bulk_edit(page._percent_change())
    qtbot.waitUntil(lambda: "2 product(s) changed" in window.status.text(), timeout=5000)
    qtbot.waitUntil(lambda: page.rows[0].price != first.price, timeout=5000)
    assert page.rows[0].price == first.price.multiply(Decimal("1.1"))  # rounded half up
    assert page.rows[1].price == second.price.multiply(Decimal("1.1"))
    labels = tmp_path / "labels.pdf"
    page.save_labels(labels)
    qtbot.waitUntil(lambda: "2 label(s) saved" in window.status.text(), timeout=5000)
    assert labels.read_bytes().startswith(b"%PDF")
    page.bulk_percent.setText("abc")
    page.bulk_edit(page._percent_change())
    assert "not a percentage" in window.status.text()
    window.close()


def test_importing_a_file_checks_every_row_then_imports_with_progress(
    qtbot: QtBot, demo_node: Node, tmp_path: Path
) -> None:
    from tests.product_files import product_row, write_products

    window = open_back_office(qtbot, demo_node)
    page = window.products
    assert page is not None
    rows = [product_row(n) for n in range(1, 1201)]
    rows[6][9], rows[700][0] = "12,5,0", ""
    dialog = page.import_file(write_products(tmp_path / "bad.csv", rows))
    qtbot.waitUntil(lambda: dialog.problems.rowCount() == 2, timeout=10_000)
    cells = [[dialog.problems.item(r, c).text() for c in range(4)] for r in range(2)]
    assert cells[0][:3] == ["8", "price", "12,5,0"]
    assert cells[1][:2] == ["702", "sku"]
    assert not dialog.import_button.isEnabled()
    assert dialog.bar.value() == dialog.bar.maximum() == 1200
    dialog.grab().save(str(SCREENSHOTS / "back-office-import-refused.png"))
    dialog.reject()

    rows[6][9], rows[700][0] = "12.50", "IMP-FIXED"
    dialog = page.import_file(write_products(tmp_path / "good.csv", rows))
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=10_000)
    assert dialog.preview.item(0, 1).text() == "IMP-000001"
    with qtbot.waitSignal(dialog.finished_import, timeout=20_000) as done:
        dialog.import_button.click()
    assert done.args == [1200]
    assert dialog.stage.text().startswith("writing: 1,200 of 1,200")
    assert count_rows(demo_node, "products") >= 1200
    dialog.grab().save(str(SCREENSHOTS / "back-office-import-done.png"))
    dialog.reject()
    window.close()


def test_on_a_node_enrolled_with_head_office_nobody_signed_in_may_change_a_product(
    qtbot: QtBot, demo_node: Node
) -> None:
    """The back office opened from the till (a supervisor's PIN, no password): head office would
    refuse the change, so the node refuses it first and the editor says what to do."""
    import uuid
    from datetime import UTC, datetime

    from sync.client import local_store

    local_store.save_identity(
        demo_node.store.engine,
        server_url="http://head-office.invalid",
        device_id=uuid.uuid4(),
        incarnation=1,
        token="t",
        at=datetime.now(UTC),
    )
    window = open_back_office(qtbot, demo_node)
    page = window.products
    assert page is not None
    page.table.selectRow(0)
    page.edit_selected()
    editor = editor_of(qtbot, window)
    old_price = editor.boxes["price"].text()
    editor.boxes["price"].setText("99.99")
    editor.submit()

    qtbot.waitUntil(lambda: "sign in to the back office" in editor.error.text(), timeout=5000)
    SCREENSHOTS.mkdir(exist_ok=True)
    editor.grab().save(str(SCREENSHOTS / "back-office-product-editor-no-author.png"))
    assert editor.isVisible()
    editor.close()
    page.table.selectRow(0)
    page.edit_selected()
    assert editor_of(qtbot, window).boxes["price"].text() == old_price  # nothing was written
