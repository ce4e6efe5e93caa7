"""Issue 19: the use cases decide who may do what, whoever calls them. A cashier's role that
lacks a right gets ApprovalRequired from the service itself (not only from the window's PIN
gate), an approval the service did not verify counts for nothing, and nothing is written."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace

import pytest
from sqlalchemy import text

from posapp.bootstrap import Node, add_user, till_actions
from posapp.domain.basket import Basket
from posapp.domain.discount import Discount
from posapp.domain.money import Money
from posapp.domain.payment import CASH, Tender
from posapp.domain.permissions import Permission
from posapp.domain.quantity import Quantity
from posapp.services.cash import cash_drawer
from posapp.services.people.overrides import Approval, ApprovalRequired
from posapp.services.selling.till_actions import TillActions

CASHIER = frozenset({"close_shift"})  # the built-in cashier role


def _as_cashier(node: Node) -> TillActions:
    actions = till_actions(node)
    return replace(actions, till=replace(actions.till, cashier_permissions=CASHIER))


def _journal(node: Node, kind: str) -> list[str]:
    with node.store.engine.connect() as connection:
        return list(connection.execute(
            text("SELECT payload FROM journal_entries WHERE kind = :kind"), {"kind": kind}
        ).scalars())  # fmt: skip


def _forged(action: str) -> Approval:
    return Approval(action, "manager decision", str(uuid.uuid4()), "Somebody")


def test_no_sale_by_a_cashier_needs_a_verified_approval(demo_node: Node) -> None:
    cashier = _as_cashier(demo_node)

    def no_sale(approval: Approval | None) -> None:
        cash_drawer.record_no_sale(
            demo_node.unit_of_work(), reason="change for the market", till=cashier.till,
            clock=demo_node.clock, new_id=demo_node.new_id, approval=approval,
        )  # fmt: skip

    with pytest.raises(ApprovalRequired, match="opening the drawer without a sale"):
        no_sale(None)
    with pytest.raises(ApprovalRequired):
        no_sale(_forged(Permission.NO_SALE))
    assert _journal(demo_node, "no_sale") == []

    add_user(demo_node, username="sue", name="Sue Supervisor", role="supervisor", pin="1357")
    with pytest.raises(ApprovalRequired):  # approved, but for another action
        no_sale(cashier.approve(Permission.VOID_SALE, "1357", "staff error"))
    no_sale(cashier.approve(Permission.NO_SALE, "1357", "customer goodwill"))
    (entry,) = _journal(demo_node, "no_sale")
    assert '"approved_by"' in entry


def test_cash_out_above_the_limit_by_a_cashier_needs_a_verified_approval(
    demo_node: Node,
) -> None:
    cashier = _as_cashier(demo_node)  # the demo store has a shift open
    limit = cashier.till.cash_out_limit_minor
    over = Money(limit + 1, "EUR")

    cashier.cash_movement("cash_out", Money(limit, "EUR"), "window cleaner")  # at the limit
    cashier.cash_movement("drop", over, "to the safe")  # a drop is not a cash out
    with pytest.raises(ApprovalRequired, match="cash out above"):
        cashier.cash_movement("cash_out", over, "new till roll supplier")
    with pytest.raises(ApprovalRequired):
        cashier.cash_movement("cash_out", over, "new till roll supplier",
                              _forged(Permission.CASH_OUT_ABOVE_LIMIT))  # fmt: skip
    assert len(_journal(demo_node, "cash_out")) == 1

    add_user(demo_node, username="sue", name="Sue Supervisor", role="supervisor", pin="1357")
    approval = cashier.approve(Permission.CASH_OUT_ABOVE_LIMIT, "1357", "manager decision")
    cashier.cash_movement("cash_out", over, "new till roll supplier", approval)
    assert len(_journal(demo_node, "cash_out")) == 2


def _basket(actions: TillActions, node: Node) -> Basket:
    with node.store.engine.connect() as connection:
        code = connection.execute(text(
            "SELECT b.code FROM barcodes b JOIN products p ON p.id = b.product_id "
            "WHERE NOT p.weighed AND p.state = 'ACTIVE' AND b.pack_qty_milli = 1000 "
            "AND p.cost_minor IS NOT NULL AND p.price_minor > 2 * p.cost_minor LIMIT 1"
        )).scalar_one()  # fmt: skip
    item = actions.till.sellable(actions.scan(code).product)
    return actions.till.new_basket().add(item, Quantity.of(1), line_id=node.new_id())


def _sales(node: Node) -> int:
    with node.store.engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM sales")).scalar_one())


@pytest.mark.parametrize(
    ("change", "action"),
    [
        (lambda b: b.override_price(b.lines[0].line_id, b.lines[0].unit_price - Money(1, "EUR")),
         Permission.PRICE_OVERRIDE),
        (lambda b: b.discount_line(b.lines[0].line_id, Discount.parse("30%", "EUR")),
         Permission.DISCOUNT_ABOVE_LIMIT),
        (lambda b: b.discount_all(Discount.parse("30%", "EUR")), Permission.DISCOUNT_ABOVE_LIMIT),
        (lambda b: b.override_price(b.lines[0].line_id, Money(1, "EUR")),
         Permission.SALE_BELOW_COST),
    ],
    ids=["changed-price", "line-discount", "basket-discount", "below-cost"],
)  # fmt: skip
def test_a_basket_a_cashier_may_not_sell_alone_needs_a_verified_approval(
    demo_node: Node, change: Callable[[Basket], Basket], action: str
) -> None:
    """The window asks for a supervisor when the cashier changes the price or discounts; the
    sale's use case checks it again, so a basket made any other way is refused too."""
    cashier = _as_cashier(demo_node)
    basket = change(_basket(cashier, demo_node))
    tenders = [Tender(CASH, basket.totals().total)]
    sales = _sales(demo_node)

    with pytest.raises(ApprovalRequired) as refused:
        cashier.sell(basket, tenders)
    assert action in {refused.value.action} | set(
        basket.approvals_needed(discount_limit_percent=cashier.till.discount_limit_percent)
    )
    with pytest.raises(ApprovalRequired):
        cashier.sell(basket, tenders, approvals=[_forged(a) for a in Permission])
    assert _sales(demo_node) == sales

    add_user(demo_node, username="meg", name="Meg Manager", role="manager", pin="2468")
    needed = basket.approvals_needed(discount_limit_percent=cashier.till.discount_limit_percent)
    approvals = [cashier.approve(a, "2468", "manager decision") for a in sorted(needed)]
    cashier.sell(basket, tenders, approvals=approvals)
    assert _sales(demo_node) == sales + 1


def test_a_return_without_a_receipt_by_a_cashier_needs_a_verified_approval(
    demo_node: Node,
) -> None:
    cashier = _as_cashier(demo_node)
    basket = _basket(cashier, demo_node)
    with pytest.raises(ApprovalRequired, match="a return without a receipt"):
        cashier.refund_without_receipt(basket, "cash")
    with pytest.raises(ApprovalRequired):
        cashier.refund_without_receipt(basket, "cash", _forged(Permission.RETURN_WITHOUT_RECEIPT))
    add_user(demo_node, username="sue", name="Sue Supervisor", role="supervisor", pin="1357")
    approval = cashier.approve(Permission.RETURN_WITHOUT_RECEIPT, "1357", "customer goodwill")
    assert cashier.refund_without_receipt(basket, "cash", approval).document.kind.value == "RETURN"


def test_voiding_a_sale_by_a_cashier_needs_a_verified_approval(demo_node: Node) -> None:
    cashier = _as_cashier(demo_node)
    basket = _basket(cashier, demo_node)
    with pytest.raises(ApprovalRequired, match="voiding the sale"):
        cashier.record_void(basket)
    with pytest.raises(ApprovalRequired):
        cashier.record_void(basket, _forged(Permission.VOID_SALE))
    assert _journal(demo_node, "void") == []
    add_user(demo_node, username="sue", name="Sue Supervisor", role="supervisor", pin="1357")
    cashier.record_void(basket, cashier.approve(Permission.VOID_SALE, "1357", "staff error"))
    assert len(_journal(demo_node, "void")) == 1


def test_a_count_beyond_the_tolerance_closes_only_with_a_verified_approval(
    demo_node: Node,
) -> None:
    """It used to take any (id, name) a caller gave as the approving manager."""
    from posapp.domain.cash_count import count_of
    from posapp.services.cash import shifts

    actions = till_actions(demo_node)
    expected = actions.x_report().payload["cash"]["expected"]
    short = count_of(Money(expected - 2000, "EUR"))

    def close(approval: Approval | None) -> shifts.ShiftReport:
        return shifts.close_shift(
            demo_node.unit_of_work(), count=short, till=actions.till, clock=demo_node.clock,
            new_id=demo_node.new_id, tolerance=Money(500, "EUR"), approval=approval,
        )  # fmt: skip

    with pytest.raises(shifts.OverShortNeedsApproval):
        close(None)
    with pytest.raises(shifts.OverShortNeedsApproval):
        close(_forged(Permission.APPROVE_OVER_SHORT))
    add_user(demo_node, username="meg", name="Meg Manager", role="manager", pin="2468")
    report = close(actions.approve(Permission.APPROVE_OVER_SHORT, "2468", "count over/short"))
    assert report.payload["approved_by"] == "Meg Manager"


def test_master_data_is_changed_only_by_a_role_that_may(demo_node: Node) -> None:
    """An accountant may sign in to the back office (to see reports), but a price, a user or a
    setting is changed only by a role that allows it: the use case refuses, nothing is written."""
    from posapp.bootstrap import change_price, change_setting, set_password, sign_in_as_author
    from posapp.domain.actors import NotPermitted

    add_user(demo_node, username="ada", name="Ada Accounts", role="accountant", pin="9753")
    set_password(demo_node, "ada", "correct horse")
    with demo_node.store.engine.connect() as connection:
        sku, price = connection.execute(text("SELECT sku, price_minor FROM products")).first()
    events = len(_journal(demo_node, "price_changed"))

    sign_in_as_author(demo_node, "ada", "correct horse")
    with pytest.raises(NotPermitted, match=r"Ada Accounts \(accountant\) may not change products"):
        change_price(demo_node, sku, "0.01", by="Ada Accounts")
    with pytest.raises(NotPermitted, match="may not change users"):
        add_user(demo_node, username="eve", name="Eve", role="administrator", pin="1111")
    with pytest.raises(NotPermitted, match="may not change settings"):
        change_setting(demo_node, "receipt.footer", '["Free money"]')
    with demo_node.store.engine.connect() as connection:
        assert connection.execute(
            text("SELECT price_minor FROM products WHERE sku = :sku"), {"sku": sku}
        ).scalar() == price  # fmt: skip
    assert len(_journal(demo_node, "price_changed")) == events

    demo_node.actor = None
    add_user(demo_node, username="meg", name="Meg Manager", role="manager", pin="2468")
    set_password(demo_node, "meg", "correct horse")
    sign_in_as_author(demo_node, "meg", "correct horse")  # a manager may change the catalogue
    change_price(demo_node, sku, "0.01", by="Meg Manager")
    assert len(_journal(demo_node, "price_changed")) == events + 1


def test_a_cashier_may_not_repoint_the_tills_devices_without_an_approval(
    demo_node: Node,
) -> None:
    """A receipt printer pointed at another host prints every receipt there: only a role with
    device settings, or a supervisor who approved it, may change it."""
    from posapp.bootstrap import device_setup

    cashier = _as_cashier(demo_node)
    setup = device_setup(demo_node)
    with pytest.raises(ApprovalRequired, match="changing the till's devices"):
        setup.for_person(cashier.till, None).save("printer", "tcp://203.0.113.9:9100")
    with pytest.raises(ApprovalRequired):
        setup.for_person(cashier.till, _forged(Permission.DEVICE_SETTINGS)).save("printer", None)
    assert "printer" not in setup.configured() or setup.configured()["printer"] != (
        "tcp://203.0.113.9:9100"
    )
    add_user(demo_node, username="meg", name="Meg Manager", role="manager", pin="2468")
    approval = cashier.approve(Permission.DEVICE_SETTINGS, "2468", "manager decision")
    setup.for_person(cashier.till, approval).save("printer", "tcp://203.0.113.9:9100")
    assert setup.configured()["printer"] == "tcp://203.0.113.9:9100"
