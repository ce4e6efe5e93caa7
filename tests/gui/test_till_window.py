"""The real sale screen, driven like a cashier: keys, scans, dialogs; real SQLite underneath."""

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from posapp.bootstrap.node import Node
from posapp.ui.formatting import format_money
from posapp.ui.till.payment_dialog import PaymentDialog
from posapp.ui.till.till_window import TillWindow
from tests.gui.conftest import count_rows, open_till, wait_for_payment
from tests.gui.x11_session import run_on_x11


def scan(qtbot: QtBot, till: TillWindow, code: str) -> None:
    """Type the code into the scan field and press Enter, as a wedge scanner does."""
    with qtbot.waitSignal(till.basket_changed, timeout=5000):
        qtbot.keyClicks(till.scan_field, code)
        qtbot.keyClick(till.scan_field, Qt.Key.Key_Return)


def test_scan_adds_a_line_and_scanning_again_increments_it(
    qtbot: QtBot, till: TillWindow, barcodes: Callable[[int], list[str]]
) -> None:
    first, second = barcodes(2)
    scan(qtbot, till, first)
    assert till.basket_model.line_count == 1
    scan(qtbot, till, second)
    scan(qtbot, till, first)
    lines = till.presenter.basket.lines
    assert [str(line.quantity) for line in lines] == ["2", "1"]
    assert till.basket_model.index(0, 2).data() == "2"
    total = till.presenter.totals.total
    assert total.minor == sum(line.amount.minor for line in till.presenter.totals.lines)
    assert till.total.text() == format_money(total, QLocale())


def test_f12_pays_exact_cash_and_commits(
    qtbot: QtBot, till: TillWindow, demo_node: Node, barcodes: Callable[[int], list[str]]
) -> None:
    for code in barcodes(3):
        scan(qtbot, till, code)
    with qtbot.waitSignal(till.sale_completed, timeout=5000) as completed:
        qtbot.keyClick(till.scan_field, Qt.Key.Key_F12)
    document = completed.args[0]
    assert document.number == "S01-T01-000001"
    assert len(document.lines) == 3
    assert count_rows(demo_node, "sales") == 1
    assert count_rows(demo_node, "stock_movements") == 3
    assert till.basket_model.line_count == 0
    assert "RECEIPT S01-T01-000001" in till.receipt.toPlainText()


def test_payment_dialog_split_tender_with_change(
    qtbot: QtBot, till: TillWindow, demo_node: Node, barcodes: Callable[[int], list[str]]
) -> None:
    for code in barcodes(2):
        scan(qtbot, till, code)
    qtbot.keyClick(till.scan_field, Qt.Key.Key_Return)  # Enter on an empty field: pay
    wait_for_payment(qtbot, till)
    dialog = till.dialogs.current
    assert isinstance(dialog, PaymentDialog)
    qtbot.keyClicks(dialog.amount, "1")
    qtbot.mouseClick(dialog.tender_buttons["card"], Qt.MouseButton.LeftButton)  # card pays 1.00
    with qtbot.waitSignal(till.sale_completed, timeout=5000) as completed:
        qtbot.keyClicks(dialog.amount, "100")
        qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)  # cash 100
    document = completed.args[0]
    kinds = [(t.kind, t.amount.minor) for t in document.tenders]
    assert kinds[0] == ("card", 100)
    assert kinds[1] == ("cash", 10000)
    assert kinds[2][0] == "cash"
    assert kinds[2][1] < 0
    assert sum(amount for _, amount in kinds) == document.total.minor
    assert till.change.text().startswith("CHANGE")


def test_return_of_one_line_puts_stock_back(
    qtbot: QtBot, till: TillWindow, demo_node: Node, barcodes: Callable[[int], list[str]]
) -> None:
    codes = barcodes(2)
    for code in codes:
        scan(qtbot, till, code)
    with qtbot.waitSignal(till.sale_completed, timeout=5000) as sold:
        qtbot.keyClick(till.scan_field, Qt.Key.Key_F12)
    sale = sold.args[0]
    returned_line = sale.lines[1]

    qtbot.keyClick(till.scan_field, Qt.Key.Key_F6)
    dialog = till.dialogs.current
    qtbot.keyClicks(dialog.number, sale.number)
    qtbot.keyClick(dialog.number, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.lines.rowCount() == 2, timeout=5000)
    dialog.set_return_quantity(1, "1")
    with qtbot.waitSignal(till.sale_completed, timeout=5000) as refunded:
        dialog.refund.click()
    document = refunded.args[0]
    assert document.kind.value == "RETURN"
    assert document.original_id == sale.id
    with demo_node.unit_of_work() as uow:
        on_hand = uow.stock.on_hand_milli(returned_line.product_id, demo_node.till.location_id)
    assert on_hand == 0  # sold one, returned one
    assert "refund" in till.message.text()


def test_parked_sale_survives_closing_the_window(
    qtbot: QtBot, till: TillWindow, demo_node: Node, barcodes: Callable[[int], list[str]]
) -> None:
    for code in barcodes(3):
        scan(qtbot, till, code)
    parked_names = [line.item.name for line in till.presenter.basket.lines]
    with qtbot.waitSignal(till.basket_changed, timeout=5000):
        qtbot.keyClick(till.scan_field, Qt.Key.Key_F8)
    assert till.basket_model.line_count == 0
    till.close()

    reopened = open_till(qtbot, demo_node)
    qtbot.keyClick(reopened.scan_field, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: reopened.dialogs.current is not None, timeout=5000)
    with qtbot.waitSignal(reopened.basket_changed, timeout=5000):
        reopened.dialogs.current.accept()
    assert [line.item.name for line in reopened.presenter.basket.lines] == parked_names
    reopened.close()


BAD_QUANTITIES = ["0", "-5", "1e9", "abc", "1.5"]  # 1.5 of a piece item: issue 18 item 5


@pytest.mark.parametrize("typed", BAD_QUANTITIES)
def test_bad_quantity_is_refused_and_changes_nothing(
    qtbot: QtBot,
    till: TillWindow,
    demo_node: Node,
    barcodes: Callable[[int], list[str]],
    typed: str,
) -> None:
    scan(qtbot, till, barcodes(1)[0])
    before = till.presenter.basket
    qtbot.keyClick(till.scan_field, Qt.Key.Key_F4)
    dialog = till.dialogs.current
    dialog.field.setText(typed)
    with qtbot.waitSignal(till.basket_changed, timeout=5000):
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert till.presenter.basket == before
    assert till.presenter.is_error
    assert "quantity" in till.message.text().lower()
    assert count_rows(demo_node, "sales") == 0


def test_garbage_scan_says_so(qtbot: QtBot, till: TillWindow, demo_node: Node) -> None:
    scan(qtbot, till, "12345")
    assert till.basket_model.line_count == 0
    assert till.message.text() == "No product has the barcode '12345'"


def test_discount_over_100_percent_is_refused(
    qtbot: QtBot, till: TillWindow, barcodes: Callable[[int], list[str]]
) -> None:
    scan(qtbot, till, barcodes(1)[0])
    before = till.presenter.basket
    qtbot.keyClick(till.scan_field, Qt.Key.Key_F5)
    dialog = till.dialogs.current
    dialog.field.setText("150%")
    with qtbot.waitSignal(till.basket_changed, timeout=5000):
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert till.presenter.basket == before
    assert "at most 100 %" in till.message.text()


def test_ambiguous_tender_is_refused_in_the_payment_dialog(
    qtbot: QtBot, till: TillWindow, demo_node: Node, barcodes: Callable[[int], list[str]]
) -> None:
    scan(qtbot, till, barcodes(1)[0])
    qtbot.keyClick(till.scan_field, Qt.Key.Key_F10)
    wait_for_payment(qtbot, till)
    dialog = till.dialogs.current
    qtbot.keyClicks(dialog.amount, "12,5,0", delay=120)  # a person typing
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return, delay=120)
    assert "'12,5,0' is not an amount" in dialog.message.text()
    assert dialog.isVisible()
    assert count_rows(demo_node, "sales") == 0
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert till.presenter.basket.lines


def test_f2_search_as_you_type_then_enter_sells_the_product(qtbot: QtBot, till: TillWindow) -> None:
    qtbot.keyClick(till.scan_field, Qt.Key.Key_F2)
    finder = till.search_dialog.finder
    with qtbot.waitSignal(
        finder.results_shown,
        timeout=5000,
        check_params_cb=lambda message: (
            finder.search_field.text() == "cheese" and message.endswith("found")
        ),
    ):
        qtbot.keyClicks(finder.search_field, "cheese")
    names = [finder.table_model.row_at(r).name for r in range(finder.table_model.rowCount())]
    assert names
    assert all("cheese" in name.lower() for name in names)
    with qtbot.waitSignal(till.basket_changed, timeout=5000):
        qtbot.keyClick(finder.search_field, Qt.Key.Key_Return)
    assert [line.item.name for line in till.presenter.basket.lines] == [names[0]]


def test_price_check_shows_the_price_and_sells_nothing(qtbot: QtBot, till: TillWindow) -> None:
    qtbot.keyClick(till.scan_field, Qt.Key.Key_F3)
    finder = till.search_dialog.finder
    with qtbot.waitSignal(
        finder.results_shown,
        timeout=5000,
        check_params_cb=lambda message: message.endswith("found"),
    ):
        qtbot.keyClicks(finder.search_field, "milk")
    qtbot.keyClick(finder.search_field, Qt.Key.Key_Return)
    assert "€" in till.search_dialog.price.text()
    assert "Milk" in till.search_dialog.price.text()
    assert till.presenter.basket.is_empty()


def test_basket_rows_below_the_lines_stay_blank_after_removal(
    qtbot: QtBot, till: TillWindow, barcodes: Callable[[int], list[str]]
) -> None:
    codes = barcodes(3)
    for code in codes:
        scan(qtbot, till, code)
    with qtbot.waitSignal(till.basket_changed, timeout=5000):
        qtbot.keyClick(till.scan_field, Qt.Key.Key_Delete)  # removes the chosen (last) line
    model = till.basket_model
    assert model.line_count == 2
    assert [model.index(2, column).data() for column in range(6)] == [""] * 6
    assert model.index(1, 0).data() == "2"


def test_ctrl_delete_voids_the_sale_and_writes_nothing(
    qtbot: QtBot, till: TillWindow, demo_node: Node, barcodes: Callable[[int], list[str]]
) -> None:
    for code in barcodes(2):
        scan(qtbot, till, code)
    with qtbot.waitSignal(till.basket_changed, timeout=5000):
        qtbot.keyClick(till.scan_field, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert till.basket_model.line_count == 0
    assert till.message.text() == "sale voided"
    assert count_rows(demo_node, "sales") == 0


def test_nothing_stays_selected_after_the_sale(
    qtbot: QtBot, till: TillWindow, barcodes: Callable[[int], list[str]]
) -> None:
    for code in barcodes(3):
        scan(qtbot, till, code)
    with qtbot.waitSignal(till.sale_completed, timeout=5000):
        qtbot.keyClick(till.scan_field, Qt.Key.Key_F12)
    assert till.basket.selectionModel().selectedRows() == []


def test_part_of_the_total_in_cash_waits_for_the_rest_then_card_pays_it(
    qtbot: QtBot, till: TillWindow, demo_node: Node, barcodes: Callable[[int], list[str]]
) -> None:
    """Issue 18 item 1: F10, type 5, Enter took 5.00 and then a blank cash tender for the rest."""
    for code in barcodes(2):
        scan(qtbot, till, code)
    total = till.presenter.totals.total
    assert total.minor > 500
    qtbot.keyClick(till.scan_field, Qt.Key.Key_F10)
    wait_for_payment(qtbot, till)
    dialog = till.dialogs.current
    assert isinstance(dialog, PaymentDialog)
    qtbot.keyClicks(dialog.amount, "5", delay=50)
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return, delay=50)
    assert dialog.isVisible()
    assert count_rows(demo_node, "sales") == 0
    assert dialog.taken.count() == 1
    assert dialog.taken.item(0).text().startswith("Cash")
    left = format_money(total - total.__class__(500, total.currency), QLocale())
    assert dialog.remaining_label.text() == f"Left to pay: {left}"
    with qtbot.waitSignal(till.sale_completed, timeout=5000) as completed:
        qtbot.keyClick(dialog.amount, Qt.Key.Key_F2)  # card: all that is left
    tenders = [(t.kind, t.amount.minor) for t in completed.args[0].tenders]
    assert tenders == [("cash", 500), ("card", total.minor - 500)]


def test_till_shortcuts_on_x11_where_the_scan_field_claims_ctrl_u(tmp_path: Path) -> None:
    """On a real X server Qt's Unix key bindings apply: the scan field took Ctrl+U for itself."""
    result = run_on_x11(Path(__file__).with_name("x11_till_shortcuts.py"), str(tmp_path / "data"))
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    assert "checked: 2" in result.stdout  # twenty-odd keys were pressed


def test_after_a_refund_the_refund_shows_large_and_the_old_change_is_gone(
    qtbot: QtBot, till: TillWindow, barcodes: Callable[[int], list[str]]
) -> None:
    """Issue 18 item 6: the previous sale's CHANGE stayed on screen after a refund."""
    scan(qtbot, till, barcodes(1)[0])
    qtbot.keyClick(till.scan_field, Qt.Key.Key_F10)
    wait_for_payment(qtbot, till)
    dialog = till.dialogs.current
    with qtbot.waitSignal(till.sale_completed, timeout=5000) as sold:
        qtbot.keyClicks(dialog.amount, "1000")
        qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    assert till.change.text().startswith("CHANGE")
    sale = sold.args[0]
    qtbot.keyClick(till.scan_field, Qt.Key.Key_F6)
    returns = till.dialogs.current
    qtbot.keyClicks(returns.number, sale.number)
    qtbot.keyClick(returns.number, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: returns.lines.rowCount() == 1, timeout=5000)
    returns.set_return_quantity(0, "1")
    with qtbot.waitSignal(till.sale_completed, timeout=5000):
        returns.refund.click()
    assert till.change.text() == f"REFUND {format_money(sale.total, QLocale())}"


def test_a_typed_alphanumeric_sku_sells_and_a_word_still_searches(
    qtbot: QtBot, till: TillWindow, demo_node: Node
) -> None:
    """Issue 18 item 4: an exact SKU typed in the scan field adds the product."""
    with demo_node.store.engine.connect() as connection:
        sku, name = connection.execute(
            text("SELECT sku, name FROM products WHERE state = 'ACTIVE' AND NOT weighed LIMIT 1")
        ).one()
    scan(qtbot, till, sku)
    assert [line.item.name for line in till.presenter.basket.lines] == [name]
    qtbot.keyClicks(till.scan_field, "cheese")
    qtbot.keyClick(till.scan_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: till.search_dialog is not None and till.search_dialog.isVisible())
    assert till.search_dialog.finder.search_field.text() == "cheese"


def test_a_return_takes_the_short_number_or_a_recent_receipt(
    qtbot: QtBot, till: TillWindow, barcodes: Callable[[int], list[str]]
) -> None:
    """Issue 18 item 9: a return needed the full number S01-T01-000001."""
    numbers = []
    for code in barcodes(2):
        scan(qtbot, till, code)
        with qtbot.waitSignal(till.sale_completed, timeout=5000) as sold:
            qtbot.keyClick(till.scan_field, Qt.Key.Key_F12)
        numbers.append(sold.args[0].number)
    qtbot.keyClick(till.scan_field, Qt.Key.Key_F6)
    dialog = till.dialogs.current
    qtbot.waitUntil(lambda: dialog.recent.count() == 2, timeout=5000)
    assert dialog.recent.item(0).text().startswith(numbers[1])  # newest first
    qtbot.keyClicks(dialog.number, "1")
    qtbot.keyClick(dialog.number, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.lines.rowCount() == 1, timeout=5000)
    assert numbers[0] in dialog.message.text()
    qtbot.mouseClick(
        dialog.recent.viewport(),
        Qt.MouseButton.LeftButton,
        pos=dialog.recent.visualItemRect(dialog.recent.item(0)).center(),
    )
    qtbot.waitUntil(lambda: numbers[1] in dialog.message.text(), timeout=5000)
    dialog.reject()


def test_long_scans_receipts_and_totals_keep_the_screen_in_shape(
    qtbot: QtBot, till: TillWindow, barcodes: Callable[[int], list[str]]
) -> None:
    """Issue 18 item 7: a 300-character scan widened the window; the receipt pane wrapped every
    line once a scrollbar appeared; the TOTAL label clipped a long amount."""
    codes = barcodes(40)
    for code in codes:
        scan(qtbot, till, code)
    with qtbot.waitSignal(till.sale_completed, timeout=5000):
        qtbot.keyClick(till.scan_field, Qt.Key.Key_F12)
    receipt = till.receipt
    assert receipt.verticalScrollBar().maximum() > 0  # long enough to scroll
    assert receipt.horizontalScrollBar().maximum() == 0  # and no line wider than the pane
    lines = receipt.toPlainText().splitlines()
    assert receipt.document().lineCount() == len(lines)  # not one line wrapped

    with qtbot.waitSignal(till.basket_changed, timeout=5000):
        till.scan("9" * 300)
    assert till.minimumSizeHint().width() <= 1024
    assert till.width() == 1024
    assert "(300 characters)" in till.message.text()

    scan(qtbot, till, codes[0])
    qtbot.keyClick(till.scan_field, Qt.Key.Key_F7)
    dialog = till.dialogs.current
    dialog.field.setText("9999999999")
    with qtbot.waitSignal(till.basket_changed, timeout=5000):
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    total = till.total
    assert "9999999999" in total.text().replace(",", "")
    assert total.fontMetrics().horizontalAdvance(total.text()) <= total.contentsRect().width()


def test_f10_right_after_a_scan_waits_for_it(
    qtbot: QtBot, till: TillWindow, barcodes: Callable[[int], list[str]]
) -> None:
    """Seen on the screenshots: F10 pressed while scans were in flight took the total without
    them; the sale was then refused as short."""
    first, second = barcodes(2)
    scan(qtbot, till, first)
    till.scan(second)  # no waiting: the cashier is quicker than the database
    qtbot.keyClick(till.scan_field, Qt.Key.Key_F10)
    wait_for_payment(qtbot, till)
    assert len(till.presenter.basket.lines) == 2
    dialog = till.dialogs.current
    assert dialog.due_label.text().endswith(format_money(till.presenter.totals.total, QLocale()))
