"""The shift at the till: a till with no shift says so and refuses to sell; Ctrl+O counts the
float; Ctrl+R shows the X report; Ctrl+L counts the drawer blind, and beyond the tolerance a
manager's PIN accepts the count before the Z report is shown."""

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from posapp.bootstrap.demo import load_demo_catalogue
from posapp.bootstrap.node import Node
from posapp.bootstrap.people import add_user
from posapp.ui.till.count_dialog import CountDialog
from posapp.ui.till.supervisor_dialog import SignInDialog, SupervisorDialog
from tests.gui.conftest import count_rows, open_till
from tests.gui.test_till_window import scan

SCREENSHOTS = Path("/tmp/posapp-screenshots")


def _key(qtbot: QtBot, till: object, key: Qt.Key) -> object:
    till.activateWindow()  # type: ignore[attr-defined]
    qtbot.keyClick(till.scan_field, key, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]
    return till.dialogs.current  # type: ignore[attr-defined]


def test_a_whole_shift_at_the_till(qtbot: QtBot, node: Node) -> None:
    load_demo_catalogue(node, products=200, seed=2, progress=lambda done, total: None)
    with node.store.engine.connect() as connection:  # not the barcodes fixture: it opens a shift
        code = connection.exec_driver_sql(
            "SELECT b.code FROM barcodes b JOIN products p ON p.id = b.product_id "
            "WHERE p.state = 'ACTIVE' AND NOT p.weighed AND b.pack_qty_milli = 1000 LIMIT 1"
        ).scalar_one()
    add_user(node, username="meg", name="Meg Manager", role="manager", pin="2468")
    add_user(node, username="cat", name="Cat Cashier", role="cashier", pin="1357")
    till = open_till(qtbot, node)
    try:
        lock = till.dialogs.current
        assert isinstance(lock, SignInDialog)  # the till starts locked once people have PINs
        lock.pin.setText("1357")
        lock._submit()
        qtbot.waitUntil(lambda: "Cat Cashier" in till.header.text(), timeout=5000)
        scan(qtbot, till, code)
        with qtbot.waitSignal(till.basket_changed, timeout=5000):
            qtbot.keyClick(till.scan_field, Qt.Key.Key_F12)
        qtbot.waitUntil(lambda: "no shift is open" in till.message.text().lower(), timeout=5000)
        assert count_rows(node, "sales") == 0  # refused: nothing written

        dialog = _key(qtbot, till, Qt.Key.Key_O)
        assert isinstance(dialog, CountDialog)
        dialog.fields[2000].setText("-2")
        dialog._submit()
        assert "is not a number" in dialog.error.text()  # a bad count is named
        dialog.fields[2000].setText("5")
        dialog.fields[100].setText("10")
        assert "110.00" in dialog.total.text()
        SCREENSHOTS.mkdir(exist_ok=True)
        dialog.grab().save(str(SCREENSHOTS / "count-dialog.png"))
        dialog._submit()
        qtbot.waitUntil(lambda: "shift 1 opened" in till.message.text().lower(), timeout=5000)

        # From here on the methods the keys call: after a dialog the offscreen platform leaves
        # the window inactive, so its shortcuts would not fire (F12 and Ctrl+O were pressed).
        with qtbot.waitSignal(till.sale_completed, timeout=5000):
            till.pay_exact_cash()  # the basket is still there
        assert count_rows(node, "sales") == 1

        till.x_report()
        qtbot.waitUntil(lambda: "X REPORT" in till.receipt.toPlainText(), timeout=5000)

        till.close_shift()
        dialog = till.dialogs.current
        assert isinstance(dialog, CountDialog)
        assert "Expected" not in dialog.total.text()  # a blind close
        dialog.fields[2000].setText("1")  # 20.00: far short of what the drawer holds
        dialog._submit()
        qtbot.waitUntil(lambda: isinstance(till.dialogs.current, SupervisorDialog), timeout=5000)
        manager = till.dialogs.current
        manager.pin.setText("2468")
        manager._submit()
        qtbot.waitUntil(lambda: "z report 1" in till.message.text().lower(), timeout=5000)
        text = till.receipt.toPlainText()
        assert "Z REPORT 1" in text
        assert "OVER/SHORT" in text
        assert "approved by Meg Manager" in text
        till.grab().save(str(SCREENSHOTS / "till-after-z.png"))
    finally:
        till.close()


def test_the_lock_screen_closes_the_till_after_asking_while_a_shift_is_open(
    qtbot: QtBot, demo_node: Node
) -> None:
    """Issue 18 item 10: the lock screen's Cancel did nothing; closing gave no warning."""
    add_user(demo_node, username="ana", name="Ana Cashier", role="cashier", pin="1111")
    window = open_till(qtbot, demo_node)
    lock = window.dialogs.current
    assert isinstance(lock, SignInDialog)
    assert lock.locked
    assert lock.cancel_button.text() == "Close the till"
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    warnings: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        warnings.append(box.text())
        box.button(answers.pop(0)).click()

    QTimer.singleShot(0, answer)
    qtbot.mouseClick(lock.cancel_button, Qt.MouseButton.LeftButton)
    assert "is still open" in warnings[0]
    assert window.isVisible()
    assert lock.isVisible()
    QTimer.singleShot(0, answer)
    qtbot.mouseClick(lock.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
