"""Issue 19: the use cases decide who may do what, whoever calls them. A cashier's role that
lacks a right gets ApprovalRequired from the service itself (not only from the window's PIN
gate), an approval the service did not verify counts for nothing, and nothing is written."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest
from sqlalchemy import text

from posapp.bootstrap import Node, add_user, till_actions
from posapp.domain.money import Money
from posapp.domain.permissions import Permission
from posapp.services import cash_drawer
from posapp.services.overrides import Approval, ApprovalRequired
from posapp.services.till_actions import TillActions

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
