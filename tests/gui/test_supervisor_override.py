"""A cashier without the right to change prices asks a supervisor: wrong PINs are refused and,
repeated, lock approval for a while; an approved override is journaled with both names."""

import json
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from posapp.bootstrap.node import Node, till_actions
from posapp.domain.permissions import Permission
from posapp.ui.till.entry_dialog import EntryDialog
from posapp.ui.till.supervisor_dialog import SignInDialog, SupervisorDialog
from posapp.ui.till.till_window import TillWindow
from tests.gui.conftest import try_pin
from tests.gui.test_till_window import scan


def _ask_for_price(qtbot: QtBot, till: TillWindow, code: str) -> SupervisorDialog:
    scan(qtbot, till, code)
    qtbot.keyClick(till.scan_field, Qt.Key.Key_F7)
    dialog = till.dialogs.current
    assert isinstance(dialog, SupervisorDialog), "the cashier must be asked for a supervisor"
    return dialog


def _overrides(node: Node) -> list[dict[str, str]]:
    with node.store.engine.connect() as connection:
        payloads = connection.execute(
            text("SELECT payload FROM journal_entries WHERE kind = 'override' ORDER BY seq")
        ).scalars()
        return [json.loads(payload) for payload in payloads]


def test_wrong_pin_refused_then_supervisor_approves_and_it_is_journaled(
    qtbot: QtBot,
    demo_node: Node,
    cashier_till: TillWindow,
    barcodes: Callable[[int], list[str]],
) -> None:
    dialog = _ask_for_price(qtbot, cashier_till, barcodes(1)[0])
    try_pin(qtbot, dialog, "1111")  # the cashier's own PIN is not a supervisor's
    assert "not a supervisor" in dialog.error.text()
    assert dialog.isVisible()
    dialog.reason.setCurrentText("price on shelf differs")
    try_pin(qtbot, dialog, "4321")
    assert not dialog.isVisible()
    price = cashier_till.dialogs.current
    assert isinstance(price, EntryDialog)  # now the cashier types the new price
    new_price = cashier_till.presenter.basket.lines[0].item.price.minor + 100  # above cost
    price.field.setText(f"{new_price / 100:.2f}")
    with qtbot.waitSignal(cashier_till.basket_changed, timeout=5000):
        price.accept()
    assert cashier_till.presenter.basket.lines[0].unit_price.minor == new_price
    (override,) = _overrides(demo_node)
    assert override["action"] == "price_override"
    assert override["cashier"] == "Ana Cashier"
    assert override["supervisor"] == "Sam Supervisor"
    assert override["reason"] == "price on shelf differs"


def test_repeated_wrong_pins_lock_approval(
    qtbot: QtBot,
    demo_node: Node,
    cashier_till: TillWindow,
    barcodes: Callable[[int], list[str]],
) -> None:
    dialog = _ask_for_price(qtbot, cashier_till, barcodes(1)[0])
    for attempt in range(5):
        try_pin(qtbot, dialog, f"000{attempt}")
    assert "locked" in dialog.error.text()
    try_pin(qtbot, dialog, "4321")  # even the right PIN, while locked
    assert "locked" in dialog.error.text()
    assert dialog.isVisible()
    assert _overrides(demo_node) == []
    assert cashier_till.presenter.basket.lines[0].unit_price == (
        cashier_till.presenter.basket.lines[0].item.price
    )


def test_other_actions_ask_too_and_small_ones_do_not(
    qtbot: QtBot,
    demo_node: Node,
    cashier_till: TillWindow,
    barcodes: Callable[[int], list[str]],
) -> None:
    scan(qtbot, cashier_till, barcodes(1)[0])
    cashier_till.presenter.select(0)
    cashier_till._discount("10%", whole_basket=False)  # within the 20 % limit: at once
    assert str(cashier_till.presenter.basket.lines[0].discount) == "10 %"

    cashier_till._discount("90%", whole_basket=False)
    dialog = cashier_till.dialogs.current
    assert isinstance(dialog, SupervisorDialog)
    try_pin(qtbot, dialog, "4321")  # the supervisor allows a discount above the limit…
    below_cost = cashier_till.dialogs.current
    assert isinstance(below_cost, SupervisorDialog)
    assert below_cost is not dialog
    try_pin(qtbot, below_cost, "4321")  # …but not selling below cost: that is a manager's
    assert "not a supervisor" in below_cost.error.text()
    try_pin(qtbot, below_cost, "2468")
    assert str(cashier_till.presenter.basket.lines[0].discount) == "90 %"

    cashier_till.void()
    dialog = cashier_till.dialogs.current
    assert isinstance(dialog, SupervisorDialog)
    dialog.reject()  # the supervisor is not there: nothing happens
    assert not cashier_till.presenter.basket.is_empty()

    cashier_till.cash_in_out()
    cash = cashier_till.dialogs.current
    cash.kind.setCurrentIndex(1)  # cash out
    cash.amount.setText("80.00")
    cash.reason.setText("window cleaner")
    cash._submit()
    dialog = cashier_till.dialogs.current
    assert isinstance(dialog, SupervisorDialog)  # above the 50.00 limit
    try_pin(qtbot, dialog, "4321")
    qtbot.waitUntil(
        lambda: "cash out 80.00 eur" in cashier_till.message.text().lower(), timeout=5000
    )
    cashier_till.void()
    try_pin(qtbot, cashier_till.dialogs.current, "4321")
    assert cashier_till.presenter.basket.is_empty()
    actions = {o["action"] for o in _overrides(demo_node)}
    assert actions == {
        "discount_above_limit",
        "sale_below_cost",
        "cash_out_above_limit",
        "void_sale",
    }
    x = till_actions(demo_node).x_report().payload
    qtbot.waitUntil(lambda: till_actions(demo_node).x_report().payload["voids"] == 1, timeout=5000)
    assert x["overrides"] == 4
    assert x["cash"]["cash_out"] == 8000


def test_switch_user_and_the_idle_lock(
    qtbot: QtBot, demo_node: Node, cashier_till: TillWindow
) -> None:
    cashier_till.switch_user()
    dialog = cashier_till.dialogs.current
    assert isinstance(dialog, SignInDialog)
    assert not dialog.locked
    try_pin(qtbot, dialog, "9999")
    assert "no user has that pin" in dialog.error.text().lower()
    try_pin(qtbot, dialog, "4321")
    qtbot.waitUntil(lambda: "Sam Supervisor" in cashier_till.header.text(), timeout=5000)
    assert cashier_till.presenter.till.may(Permission.PRICE_OVERRIDE)  # Sam's rights now

    cashier_till.set_auto_lock_ms(150)  # the shop's setting is minutes; a test has no time
    qtbot.waitUntil(lambda: isinstance(cashier_till.dialogs.current, SignInDialog), timeout=3000)
    lock = cashier_till.dialogs.current
    assert lock.locked
    lock.reject()  # Esc does not get past the lock screen
    assert lock.isVisible()
    try_pin(qtbot, lock, "1111")
    qtbot.waitUntil(lambda: "Ana Cashier" in cashier_till.header.text(), timeout=5000)
    cashier_till.set_auto_lock_ms(0)
    with demo_node.store.engine.connect() as connection:
        signed = connection.execute(
            text("SELECT count(*) FROM journal_entries WHERE kind = 'sign_in'")
        ).scalar_one()
    assert signed == 3  # Ana at the start, Sam, Ana again


def test_a_recalled_basket_asks_again_for_what_it_needs_before_it_sells(
    qtbot: QtBot,
    demo_node: Node,
    cashier_till: TillWindow,
    barcodes: Callable[[int], list[str]],
) -> None:
    """The approval of a discount stays with the basket it was given for: parked and recalled,
    the sale's use case asks for it again, and the till asks the supervisor, then sells."""
    till = cashier_till
    scan(qtbot, till, barcodes(1)[0])
    till.presenter.select(0)
    till._discount("25%", whole_basket=False)  # above the 20 % limit
    try_pin(qtbot, till.dialogs.current, "4321")
    assert str(till.presenter.basket.lines[0].discount) == "25 %"
    with qtbot.waitSignal(till.basket_changed, timeout=5000):
        qtbot.keyClick(till.scan_field, Qt.Key.Key_F8)
    qtbot.keyClick(till.scan_field, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: till.dialogs.current is not None, timeout=5000)
    with qtbot.waitSignal(till.basket_changed, timeout=5000):
        till.dialogs.current.accept()
    assert str(till.presenter.basket.lines[0].discount) == "25 %"

    qtbot.keyClick(till.scan_field, Qt.Key.Key_F12)  # pay the exact amount in cash
    qtbot.waitUntil(lambda: isinstance(till.dialogs.current, SupervisorDialog), timeout=5000)
    assert "discount above the shop's limit" in till.message.text()
    with qtbot.waitSignal(till.sale_completed, timeout=5000):
        try_pin(qtbot, till.dialogs.current, "4321")
    assert [o["action"] for o in _overrides(demo_node)] == ["discount_above_limit"] * 2


def test_the_back_office_opened_at_the_till_acts_as_the_person_who_approved(
    qtbot: QtBot, demo_node: Node, cashier_till: TillWindow
) -> None:
    """Ctrl+B at a cashier's till asks for someone who may see the back office; what is changed
    there is theirs, checked against their role (it used to be "Administrator", unchecked)."""
    from posapp.bootstrap.people import add_user
    from posapp.bootstrap.shop import back_office_as
    from posapp.domain.actors import NotPermitted

    add_user(demo_node, username="ada", name="Ada Accounts", role="accountant", pin="9753")
    till = cashier_till
    till.back_office_data = lambda person: back_office_as(demo_node, person)
    with demo_node.store.engine.connect() as connection:
        product_id, price = connection.execute(
            text("SELECT id, price_minor FROM products WHERE state = 'ACTIVE' LIMIT 1")
        ).one()

    def open_as(pin: str) -> object:
        till.back_office_window = None  # type: ignore[assignment]
        till.open_back_office()  # Ctrl+B (the key itself is tested with the wedge scanner)
        qtbot.waitUntil(lambda: isinstance(till.dialogs.current, SupervisorDialog), timeout=5000)
        try_pin(qtbot, till.dialogs.current, pin)
        qtbot.waitUntil(lambda: till.back_office_window is not None, timeout=5000)
        window = till.back_office_window
        window.close()
        return window._data  # type: ignore[attr-defined]

    import uuid

    accounts = open_as("9753")  # an accountant may look…
    fields = accounts.catalogue.fields(uuid.UUID(product_id))  # type: ignore[attr-defined]
    with pytest.raises(NotPermitted, match="Ada Accounts"):  # …but not change prices
        accounts.catalogue.save(  # type: ignore[attr-defined]
            product_id=uuid.UUID(product_id), fields=fields | {"price": "0.01"}
        )

    manager = open_as("2468")
    manager.catalogue.save(  # type: ignore[attr-defined]
        product_id=uuid.UUID(product_id), fields=fields | {"price": f"{(price + 1) / 100:.2f}"}
    )
    with demo_node.store.engine.connect() as connection:
        by = connection.execute(
            text(
                "SELECT json_extract(payload, '$.by') FROM journal_entries "
                "WHERE kind = 'price_changed' ORDER BY seq DESC LIMIT 1"
            )
        ).scalar()
    assert by == "Meg Manager"


def test_a_cashier_asks_a_manager_before_changing_the_devices(
    qtbot: QtBot, demo_node: Node, cashier_till: TillWindow
) -> None:
    from posapp.bootstrap.devices import device_setup
    from posapp.ui.till.device_settings_dialog import DeviceSettingsDialog

    till = cashier_till
    till.setup = device_setup(demo_node)
    qtbot.keyClick(till.scan_field, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(till.dialogs.current, SupervisorDialog), timeout=5000)
    try_pin(qtbot, till.dialogs.current, "2468")  # Meg, a manager
    qtbot.waitUntil(lambda: isinstance(till.dialogs.current, DeviceSettingsDialog), timeout=5000)
