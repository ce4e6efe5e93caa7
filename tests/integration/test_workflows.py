"""An administrator shapes a workflow: goods receipts get a check by a manager before they are
received; documents then follow the new way, each step by the role it names; what would break
documents, or comes from anyone but an administrator, is refused and nothing changes."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text

from posapp.bootstrap import stock, workflows
from posapp.bootstrap.node import Node
from posapp.domain.actors import Actor, NotPermitted
from posapp.domain.permissions import BUILT_IN_ROLES, Permission
from posapp.domain.stock import DocumentRefused, DocumentType
from posapp.services.stock import DraftHeader, DraftLine

RECEIPT = DocumentType.GOODS_RECEIPT


def _as(node: Node, role: str) -> Node:
    node.actor = Actor(uuid.uuid4(), role.title(), role, frozenset(BUILT_IN_ROLES[role][1]))
    return node


def _sku(node: Node) -> str:
    with node.store.engine.connect() as connection:
        return str(connection.execute(text("SELECT sku FROM products LIMIT 1")).scalar_one())


def test_a_check_before_receiving_is_followed_by_every_receipt(demo_node: Node) -> None:
    node = _as(demo_node, "administrator")
    workflows.add_step(
        node,
        RECEIPT,
        "checked",
        name="Checked",
        after="draft",
        before="received",
        who=Permission.RECEIVE_STOCK,
        instead=True,
    )
    workflows.allow(node, RECEIPT, "checked", "received", Permission.ADJUST_STOCK, "Approve")
    clerk = _as(node, "stock_clerk")
    draft = stock.create(clerk, RECEIPT, DraftHeader(), [DraftLine(_sku(node), 2_000)])
    with pytest.raises(DocumentRefused, match="from draft: cancelled, checked"):
        stock.move(clerk, draft.id, "received")
    stock.move(clerk, draft.id, "checked")
    with pytest.raises(NotPermitted, match="adjust_stock"):
        stock.move(clerk, draft.id, "received")
    received = stock.move(_as(node, "manager"), draft.id, "received")
    assert received.completed_at is not None
    with node.unit_of_work() as uow:
        history = [(h.from_status, h.to_status) for h in uow.stock_documents.history(draft.id)]
    assert history == [(None, "draft"), ("draft", "checked"), ("checked", "received")]


def test_what_would_break_documents_or_comes_from_a_manager_is_refused(demo_node: Node) -> None:
    node = _as(demo_node, "administrator")
    before = workflows.workflow(node, RECEIPT)
    with pytest.raises(DocumentRefused, match="no way leads"):
        workflows.forbid(node, RECEIPT, "draft", "received")
    with pytest.raises(DocumentRefused, match="posapp takes it"):
        workflows.forbid(node, DocumentType.PURCHASE_ORDER, "sent", "partially_received")
    with pytest.raises(DocumentRefused, match="manage_users"):
        workflows.allow(
            _as(node, "manager"), RECEIPT, "draft", "received", Permission.RECEIVE_STOCK, "Go"
        )
    assert workflows.workflow(_as(node, "administrator"), RECEIPT) == before


def test_a_transfer_picked_before_it_is_sent_sets_its_goods_aside(demo_node: Node) -> None:

    from posapp.domain.stock import Effect, Status

    node = _as(demo_node, "administrator")
    sending = DocumentType.TRANSFER
    current = workflows.workflow(node, sending)
    picked = Status("picked", "Picked", Effect.RESERVES, editable=False, final=False)
    from dataclasses import replace

    from posapp.domain.stock import Transition

    workflows.save(
        node,
        replace(
            current,
            statuses={**current.statuses, "picked": picked},
            transitions=(
                *current.transitions,
                Transition("draft", "picked", Permission.RECEIVE_STOCK, "Picked"),
                Transition("picked", "transferred", Permission.RECEIVE_STOCK, "Transferred"),
                Transition("picked", "cancelled", Permission.RECEIVE_STOCK, "Cancel"),
            ),
        ),
    )
    stock.add_location(node, "BACK", "Back room", stock.LocationKind.BACK_ROOM, None)
    sku = _sku(node)
    stock.receive(node, DraftHeader(), [DraftLine(sku, 10_000)])
    admin = stock.stock_admin(node)

    def reserved() -> int:
        rows = admin.on_hand(typed="", location="FLOOR", low_only=False, offset=0, limit=1000)
        return next(row.reserved_milli for row in rows if row.sku == sku)

    first = stock.create(
        node, sending, DraftHeader(to_location_code="BACK"), [DraftLine(sku, 3_000)]
    )
    stock.move(node, first.id, "picked")
    assert reserved() == 3_000
    stock.move(node, first.id, "transferred")  # moved: no longer set aside
    assert reserved() == 0
    second = stock.create(
        node, sending, DraftHeader(to_location_code="BACK"), [DraftLine(sku, 2_000)]
    )
    stock.move(node, second.id, "picked")
    assert reserved() == 2_000
    stock.move(node, second.id, "cancelled")  # freed
    assert reserved() == 0
    from posapp.db.integrity import run_checks

    assert [r.problems for r in run_checks(node.store.path) if not r.ok] == []
