"""Fixtures for driving the real till window offscreen."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from posapp.bootstrap.node import Node, till_actions
from posapp.bootstrap.people import add_user
from posapp.domain.permissions import Permission
from posapp.services.selling.till_actions import TillActions
from posapp.ui.app import TillOptions, build_till_window
from posapp.ui.till.supervisor_dialog import SignInDialog, SupervisorDialog
from posapp.ui.till.till_window import TillWindow


def open_till(
    qtbot: QtBot, node: Node, actions: TillActions | None = None, **devices: Any
) -> TillWindow:
    window = build_till_window(actions or till_actions(node), TillOptions(**devices))
    qtbot.addWidget(window)
    window.resize(1024, 768)
    with qtbot.waitSignal(window.ready, timeout=5000):
        window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def till(qtbot: QtBot, demo_node: Node) -> Iterator[TillWindow]:
    window = open_till(qtbot, demo_node)
    yield window
    window.close()


@pytest.fixture
def barcodes(demo_node: Node) -> Callable[[int], list[str]]:
    def first(count: int) -> list[str]:
        with demo_node.store.engine.connect() as connection:
            return list(
                connection.execute(
                    text(
                        "SELECT b.code FROM barcodes b JOIN products p ON p.id = b.product_id "
                        "WHERE p.state = 'ACTIVE' AND NOT p.weighed AND b.pack_qty_milli = 1000 "
                        "ORDER BY p.sku LIMIT :n"
                    ),
                    {"n": count},
                ).scalars()
            )

    return first


def wait_for_payment(qtbot: QtBot, till: TillWindow) -> None:
    """F10 opens the payment once the scans in flight have reached the basket."""
    from posapp.ui.till.payment_dialog import PaymentDialog

    qtbot.waitUntil(lambda: isinstance(till.dialogs.current, PaymentDialog), timeout=5000)


def count_rows(node: Node, table: str) -> int:
    with node.store.engine.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def try_pin(qtbot: QtBot, dialog: SupervisorDialog, pin: str) -> None:
    dialog.error.clear()
    dialog.pin.setText(pin)
    dialog._submit()
    qtbot.waitUntil(lambda: bool(dialog.error.text()) or not dialog.isVisible(), timeout=5000)


@pytest.fixture
def cashier_till(qtbot: QtBot, demo_node: Node) -> Iterator[TillWindow]:
    add_user(demo_node, username="sam", name="Sam Supervisor", role="supervisor", pin="4321")
    add_user(demo_node, username="ana", name="Ana Cashier", role="cashier", pin="1111")
    add_user(demo_node, username="meg", name="Meg Manager", role="manager", pin="2468")
    window = open_till(qtbot, demo_node)
    lock = window.dialogs.current
    assert isinstance(lock, SignInDialog)
    assert lock.locked
    try_pin(qtbot, lock, "1111")
    qtbot.waitUntil(lambda: "Ana Cashier" in window.header.text(), timeout=5000)
    assert not window.presenter.till.may(Permission.PRICE_OVERRIDE)
    yield window
    window.close()
