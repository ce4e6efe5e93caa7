"""The till shows the basket's margin — provisional, at last cost, and saying so — to a role that
may see margins, and no trace of cost to a cashier."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from pytestqt.qtbot import QtBot

from posapp.domain.money import Money
from posapp.domain.permissions import Permission
from posapp.ui.formatting import format_money
from posapp.ui.models.basket_table import MARGIN_COLUMN
from posapp.ui.till.till_window import TillWindow
from tests.gui.test_till_window import scan


def test_a_manager_sees_each_lines_margin_and_the_baskets_as_provisional(
    qtbot: QtBot, till: TillWindow, barcodes: Callable[[int], list[str]]
) -> None:
    assert till.presenter.till.may(Permission.SEE_MARGIN)  # the demo's administrator
    first, second = barcodes(2)
    scan(qtbot, till, first)
    scan(qtbot, till, second)
    scan(qtbot, till, second)

    assert not till.basket.isColumnHidden(MARGIN_COLUMN)
    assert till.margin.isVisible()
    totals = till.presenter.totals
    expected = 0
    for row, priced in enumerate(totals.lines):
        cost = priced.line.item.cost
        assert cost is not None, "the demo's products have a cost"
        margin = priced.tax.net - cost.multiply(priced.line.quantity.value)
        expected += margin.minor
        cell = till.basket_model.item(row, MARGIN_COLUMN).text()
        percent = (Decimal(margin.minor) * 100 / priced.tax.net.minor).quantize(Decimal("0.1"))
        assert cell == f"{percent} %", cell
    shown = till.margin.text()
    assert "provisional" in shown
    assert shown.startswith(format_money(Money(expected, totals.total.currency), till._locale))


def test_a_cashier_sees_no_cost_or_margin(
    qtbot: QtBot, cashier_till: TillWindow, barcodes: Callable[[int], list[str]]
) -> None:
    assert not cashier_till.presenter.till.may(Permission.SEE_MARGIN)
    scan(qtbot, cashier_till, barcodes(1)[0])
    assert cashier_till.basket.isColumnHidden(MARGIN_COLUMN)
    assert not cashier_till.margin.isVisible()
    assert cashier_till.margin.text() == ""
    assert cashier_till.basket_model.item(0, MARGIN_COLUMN).text() == ""
