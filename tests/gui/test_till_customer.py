"""A customer at the till: attached by code (Ctrl+K), the balance and headroom shown, a sale on
account through the payment dialog, and one beyond the limit refused until a manager approves."""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from posapp.bootstrap.node import Node
from posapp.services.partners.customer_admin import save_customer
from posapp.ui.till.entry_dialog import EntryDialog
from posapp.ui.till.payment_dialog import PaymentDialog
from posapp.ui.till.supervisor_dialog import SupervisorDialog
from posapp.ui.till.till_window import TillWindow
from tests.gui.conftest import count_rows, try_pin, wait_for_payment
from tests.gui.test_till_window import scan

SCREENSHOTS = Path("/tmp/posapp-screenshots")


def a_customer(node: Node, code: str, name: str, credit_limit: str) -> None:
    save_customer(
        node.unit_of_work(),
        customer_id=None,
        currency="EUR",
        by="test",
        fields={"code": code, "name": name, "credit_limit": credit_limit},
        clock=node.clock,
        new_id=node.new_id,
    )


def attach(qtbot: QtBot, till: TillWindow, code: str) -> None:
    """Ctrl+K, the customer's code, Enter: as a cashier attaches one."""
    qtbot.keyClick(till.scan_field, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = till.dialogs.current
    assert isinstance(dialog, EntryDialog)
    qtbot.keyClicks(dialog.field, code)
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    customer = lambda: till.presenter.basket.customer  # noqa: E731
    qtbot.waitUntil(lambda: customer() is not None and customer().code == code, timeout=5000)


def test_sell_on_account_within_the_limit_and_over_it_with_a_manager(
    qtbot: QtBot,
    demo_node: Node,
    cashier_till: TillWindow,
    barcodes: Callable[[int], list[str]],
) -> None:
    till = cashier_till
    a_customer(demo_node, "C042", "Harbour Café Ltd", "30.00")
    code = barcodes(1)[0]
    scan(qtbot, till, code)
    attach(qtbot, till, "C042")
    assert "Harbour Café Ltd" in till.customer_label.text()
    assert "may buy" in till.customer_label.text()
    assert till.presenter.basket.customer is not None

    total = till.presenter.totals.total
    qtbot.keyClick(till.scan_field, Qt.Key.Key_F10)
    wait_for_payment(qtbot, till)
    payment = till.dialogs.current
    assert isinstance(payment, PaymentDialog)
    assert "account" in payment.tender_buttons
    lines = till.customer_label.fontMetrics().lineSpacing()
    qtbot.waitUntil(lambda: till.customer_label.height() >= 3 * lines, timeout=2000)  # laid out
    till.grab().save(str(SCREENSHOTS / "till-customer-attached.png"))
    with qtbot.waitSignal(till.sale_completed, timeout=5000) as sold:
        qtbot.mouseClick(payment.tender_buttons["account"], Qt.MouseButton.LeftButton)
    assert sold.args[0].customer_id is not None
    assert [t.kind for t in sold.args[0].tenders] == ["account"]

    # The next basket, for more than what is left of the 30.00: refused, then a manager says yes.
    with demo_node.unit_of_work() as uow:
        owed = uow.customers.account(sold.args[0].customer_id).balance  # type: ignore[union-attr]
    assert owed == total
    while till.presenter.totals.total.minor <= 3000 - owed.minor:
        scan(qtbot, till, code)
    attach(qtbot, till, "C042")
    sales = count_rows(demo_node, "sales")
    qtbot.keyClick(till.scan_field, Qt.Key.Key_F10)
    wait_for_payment(qtbot, till)
    qtbot.mouseClick(till.dialogs.current.tender_buttons["account"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(till.dialogs.current, SupervisorDialog), timeout=5000)
    assert "over the credit limit" in till.message.text()
    assert count_rows(demo_node, "sales") == sales
    with qtbot.waitSignal(till.sale_completed, timeout=5000):
        try_pin(qtbot, till.dialogs.current, "2468")  # Meg, a manager
    assert count_rows(demo_node, "sales") == sales + 1
    assert count_rows(demo_node, "receivable_entries") == 2


def test_a_payment_on_account_at_the_till_lowers_the_balance_and_goes_into_the_drawer(
    qtbot: QtBot,
    demo_node: Node,
    cashier_till: TillWindow,
    barcodes: Callable[[int], list[str]],
) -> None:
    from posapp.ui.till.cash_movement_dialog import CashMovementDialog

    till = cashier_till
    a_customer(demo_node, "C043", "Quayside Bakery", "50.00")
    qtbot.keyClick(till.scan_field, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert "Attach the customer first" in till.message.text()

    scan(qtbot, till, barcodes(1)[0])
    attach(qtbot, till, "C043")
    owed = till.presenter.totals.total
    qtbot.keyClick(till.scan_field, Qt.Key.Key_F10)
    wait_for_payment(qtbot, till)
    with qtbot.waitSignal(till.sale_completed, timeout=5000):
        qtbot.mouseClick(till.dialogs.current.tender_buttons["account"], Qt.MouseButton.LeftButton)
    expected_before = till._actions.x_report().payload["cash"]["expected"]

    # The customer comes back and pays part of it in cash.
    attach(qtbot, till, "C043")
    assert "Quayside Bakery" in till.customer_label.text()
    qtbot.keyClick(till.scan_field, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    dialog = till.dialogs.current
    assert isinstance(dialog, CashMovementDialog)
    assert "Quayside Bakery" in dialog.windowTitle()
    dialog.amount.setText("abc")
    dialog._submit()
    assert "abc" in dialog.error.text()
    assert count_rows(demo_node, "cash_movements") == 0
    dialog.error.clear()
    dialog.amount.setText("1.00")
    dialog.reason.setText("INV 7")
    dialog.grab().save(str(SCREENSHOTS / "till-account-payment.png"))
    dialog._submit()
    qtbot.waitUntil(lambda: "payment received" in till.message.text(), timeout=5000)
    with demo_node.unit_of_work() as uow:
        customer_id = uow.customers.id_of_code("C043")
        assert customer_id is not None
        account = uow.customers.account(customer_id)
    assert account is not None
    assert account.balance.minor == owed.minor - 100
    assert "owes" in till.customer_label.text()
    report = till._actions.x_report().payload
    assert report["cash"]["expected"] == expected_before + 100
    assert report["account_payments"] == {"cash": 100}
    assert count_rows(demo_node, "cash_movements") == 0  # a payment, not a cash-in
