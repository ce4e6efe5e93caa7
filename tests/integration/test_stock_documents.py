"""Goods receipts and stock adjustments on a real store: drafts filled line by line, moved along
their workflow by people whose role allows it, stock changed only by the status that moves it,
completed documents frozen, and every refusal naming what was wrong with nothing written."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from posapp.bootstrap.node import Node
from posapp.bootstrap.shop import change_setting
from posapp.domain.actors import Actor, NotPermitted
from posapp.domain.permissions import BUILT_IN_ROLES
from posapp.domain.stock import AdjustmentReason, DocumentRefused, DocumentType
from posapp.services import stock
from posapp.services.shared import FieldError
from posapp.services.stock import DraftHeader, DraftLine

RECEIPT, ADJUSTMENT = DocumentType.GOODS_RECEIPT, DocumentType.STOCK_ADJUSTMENT


def _as(node: Node, role: str) -> Node:
    node.actor = Actor(uuid.uuid4(), role.title(), role, frozenset(BUILT_IN_ROLES[role][1]))
    return node


def _skus(node: Node, count: int) -> list[str]:
    with node.store.engine.connect() as connection:
        return list(
            connection.execute(
                text("SELECT sku FROM products WHERE state = 'ACTIVE' ORDER BY sku LIMIT :n"),
                {"n": count},
            ).scalars()
        )


def _on_hand(node: Node, sku: str) -> int:
    with node.store.engine.connect() as connection:
        return int(
            connection.execute(
                text(
                    "SELECT coalesce(sum(l.on_hand_milli), 0) FROM stock_levels l "
                    "JOIN products p ON p.id = l.product_id WHERE p.sku = :sku"
                ),
                {"sku": sku},
            ).scalar()
        )


def _count(node: Node, sql: str) -> int:
    with node.store.engine.connect() as connection:
        return int(connection.execute(text(sql)).scalar() or 0)


def _create(
    node: Node, doc_type: DocumentType, lines: list[DraftLine], **header: object
) -> uuid.UUID:
    document = stock.create_document(
        node.unit_of_work(),
        doc_type=doc_type,
        header=DraftHeader(**header),  # type: ignore[arg-type]
        lines=lines,
        terminal_code=node.settings.terminal_code,
        clock=node.clock,
        new_id=node.new_id,
    )
    return document.id


def _move(node: Node, document_id: uuid.UUID, status: str) -> None:
    stock.change_status(
        node.unit_of_work(),
        document_id=document_id,
        to_status=status,
        clock=node.clock,
        new_id=node.new_id,
    )


def test_a_receipt_brings_goods_in_when_it_is_received_and_never_changes_after(
    demo_node: Node,
) -> None:
    node = _as(demo_node, "stock_clerk")
    a, b = _skus(node, 2)
    before = _on_hand(node, a), _on_hand(node, b)
    delivered = datetime.now(UTC) - timedelta(days=1)
    receipt = _create(
        node,
        RECEIPT,
        [DraftLine(a, 12_000, 150, "L42", date(2027, 3, 1)), DraftLine(b, 2_500, 80)],
        reference="DN-7781",
        business_at=delivered,
    )
    assert (_on_hand(node, a), _on_hand(node, b)) == before  # a draft moves nothing
    stock.save_draft(
        node.unit_of_work(),
        document_id=receipt,
        header=DraftHeader(reference="DN-7781"),
        lines=[DraftLine(a, 24_000, 150, "L42", date(2027, 3, 1)), DraftLine(b, 2_500, 80)],
        clock=node.clock,
        new_id=node.new_id,
    )
    _move(node, receipt, "received")
    assert (_on_hand(node, a), _on_hand(node, b)) == (before[0] + 24_000, before[1] + 2_500)

    with node.store.engine.connect() as connection:
        moved = connection.execute(
            text(
                "SELECT m.quantity_milli, m.reason, m.batch, m.expiry, m.seq, m.document_line_id "
                "IS NOT NULL FROM stock_movements m WHERE m.document_id = :id ORDER BY m.seq"
            ),
            {"id": receipt.hex},
        ).all()
        history = connection.execute(
            text(
                "SELECT from_status, to_status, by FROM stock_document_history "
                "WHERE document_id = :id ORDER BY position"
            ),
            {"id": receipt.hex},
        ).all()
        number, completed = connection.execute(
            text("SELECT number, completed_at FROM stock_documents WHERE id = :id"),
            {"id": receipt.hex},
        ).one()
    assert [(q, r, batch, exp) for q, r, batch, exp, _, _ in moved] == [
        (24_000, "RECEIPT", "L42", "2027-03-01"),
        (2_500, "RECEIPT", None, None),
    ]
    assert moved[0][4] < moved[1][4]
    assert all(linked for *_, linked in moved)
    assert history == [(None, "draft", "Stock_Clerk"), ("draft", "received", "Stock_Clerk")]
    assert number.startswith("GR-T01-")
    assert completed is not None

    with pytest.raises(DocumentRefused, match="does not change any more"):
        stock.save_draft(
            node.unit_of_work(),
            document_id=receipt,
            header=DraftHeader(),
            lines=[DraftLine(a, 1_000)],
            clock=node.clock,
            new_id=node.new_id,
        )
    with pytest.raises(DocumentRefused, match="cannot go from received to cancelled"):
        _move(node, receipt, "cancelled")
    assert _on_hand(node, a) == before[0] + 24_000


def test_a_cancelled_draft_moves_nothing_and_adjustments_go_by_their_reason(
    demo_node: Node,
) -> None:
    node = _as(demo_node, "manager")
    (sku,) = _skus(node, 1)
    start = _on_hand(node, sku)
    draft = _create(node, RECEIPT, [DraftLine(sku, 5_000)])
    _move(node, draft, "cancelled")
    assert _on_hand(node, sku) == start
    assert (
        _count(node, f"SELECT count(*) FROM stock_movements WHERE document_id = '{draft.hex}'") == 0
    )

    found = _create(node, ADJUSTMENT, [DraftLine(sku, 3_000)], reason=AdjustmentReason.FOUND)
    _move(node, found, "posted")
    damaged = _create(node, ADJUSTMENT, [DraftLine(sku, 1_000)], reason=AdjustmentReason.DAMAGED)
    _move(node, damaged, "posted")
    assert _on_hand(node, sku) == start + 2_000
    with pytest.raises(FieldError, match="needs its reason"):
        _create(node, ADJUSTMENT, [DraftLine(sku, 1_000)])


def test_a_store_may_refuse_back_office_documents_that_go_below_zero(demo_node: Node) -> None:
    node = _as(demo_node, "administrator")
    (sku,) = _skus(node, 1)
    on_hand = _on_hand(node, sku)
    theft = _create(
        node, ADJUSTMENT, [DraftLine(sku, on_hand + 5_000)], reason=AdjustmentReason.THEFT
    )
    change_setting(node, "stock.refuse_negative", "true")
    with pytest.raises(DocumentRefused, match=f"{sku} has .* takes"):
        _move(node, theft, "posted")
    assert _on_hand(node, sku) == on_hand
    change_setting(node, "stock.refuse_negative", "false")
    _move(node, theft, "posted")  # allowed, and visible as negative stock
    assert _on_hand(node, sku) == -5_000


@pytest.mark.parametrize(
    ("role", "doc_type", "allowed"),
    [
        ("cashier", RECEIPT, False),
        ("accountant", RECEIPT, False),
        ("stock_clerk", RECEIPT, True),
        ("stock_clerk", ADJUSTMENT, False),
        ("manager", ADJUSTMENT, True),
    ],
)
def test_who_may_make_and_move_each_document(
    demo_node: Node, role: str, doc_type: DocumentType, allowed: bool
) -> None:
    node = _as(demo_node, role)
    (sku,) = _skus(node, 1)
    reason = AdjustmentReason.EXPIRED if doc_type is ADJUSTMENT else None
    if allowed:
        _create(node, doc_type, [DraftLine(sku, 1_000)], reason=reason)
        return
    with pytest.raises(NotPermitted, match=f"{role.title()} \\({role}\\) may not make"):
        _create(node, doc_type, [DraftLine(sku, 1_000)], reason=reason)
    assert _count(node, "SELECT count(*) FROM stock_documents") == 0


def test_nobody_signed_in_makes_no_document(demo_node: Node) -> None:
    demo_node.actor = None
    (sku,) = _skus(demo_node, 1)
    with pytest.raises(NotPermitted, match="--as USERNAME"):
        _create(demo_node, RECEIPT, [DraftLine(sku, 1_000)])


@pytest.mark.parametrize(
    ("line", "header", "error"),
    [
        (DraftLine("NO-SUCH-SKU", 1_000), {}, "Line 1 sku.*is not a product SKU"),
        (DraftLine("{sku}", 0), {}, "line 1: a quantity is more than 0"),
        (DraftLine("{sku}", -4_000), {}, "line 1: a quantity is more than 0"),
        (DraftLine("{sku}", 10**12), {}, "at most 1,000,000"),
        (DraftLine("{sku}", 1_000, -5), {}, "the cost -5 is not one"),
        (DraftLine("{sku}", 1_000, None, "x\x00y"), {}, "printable"),
        (DraftLine("{sku}", 1_000), {"location_code": "MARS"}, "is not a location here"),
        (DraftLine("{sku}", 1_000), {"supplier_code": "NOPE"}, "is not a supplier code"),
        (
            DraftLine("{sku}", 1_000),
            {"business_at": datetime.now(UTC) + timedelta(days=2)},
            "is in the future",
        ),
    ],
)
def test_bad_input_is_refused_by_name_and_nothing_is_written(
    demo_node: Node, line: DraftLine, header: dict[str, object], error: str
) -> None:
    node = _as(demo_node, "manager")
    (sku,) = _skus(node, 1)
    line = DraftLine(line.sku.format(sku=sku), *list(vars_of(line))[1:])
    with pytest.raises((FieldError, DocumentRefused), match=error):
        _create(node, RECEIPT, [line], **header)
    assert _count(node, "SELECT count(*) FROM stock_documents") == 0


def vars_of(line: DraftLine) -> tuple[object, ...]:
    return (line.sku, line.quantity_milli, line.unit_cost_minor, line.batch, line.expiry)


def test_typed_lines_are_read_or_refused_by_line_and_field() -> None:
    rows = [
        {"sku": "A1", "quantity": "12", "cost": "1.50", "batch": "L1", "expiry": "2027-01-31"},
        {"sku": "", "quantity": "99"},  # an empty row is skipped
        {"sku": "B2", "quantity": "0,5"},
    ]
    assert stock.read_lines(rows, "EUR") == [
        DraftLine("A1", 12_000, 150, "L1", date(2027, 1, 31)),
        DraftLine("B2", 500),
    ]
    with pytest.raises(FieldError, match=r"Line 2 quantity.*is not a quantity"):
        stock.read_lines([{"sku": "A1", "quantity": "1"}, {"sku": "B", "quantity": "lots"}], "EUR")
    with pytest.raises(FieldError, match="Line 1 expiry"):
        stock.read_lines([{"sku": "A1", "quantity": "1", "expiry": "31/01/2027"}], "EUR")


_STEPS = st.lists(
    st.tuples(
        st.sampled_from(["receive", "found", "damaged", "cancel", "draft"]),
        st.integers(0, 3),  # which product
        st.integers(1, 50_000),  # quantity in thousandths
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=_STEPS)
def test_stock_is_the_sum_of_movements_and_every_movement_has_its_document(
    demo_node: Node, steps: list[tuple[str, int, int]]
) -> None:
    node = _as(demo_node, "administrator")
    skus = _skus(node, 4)
    expected = {sku: _on_hand(node, sku) for sku in skus}
    for action, which, quantity in steps:
        sku = skus[which]
        line = [DraftLine(sku, quantity)]
        if action == "receive":
            _move(node, _create(node, RECEIPT, line), "received")
            expected[sku] += quantity
        elif action in ("found", "damaged"):
            reason = AdjustmentReason(action)
            _move(node, _create(node, ADJUSTMENT, line, reason=reason), "posted")
            expected[sku] += reason.sign * quantity
        elif action == "cancel":
            _move(node, _create(node, RECEIPT, line), "cancelled")
        else:
            _create(node, ADJUSTMENT, line, reason=AdjustmentReason.OWN_USE)
    assert {sku: _on_hand(node, sku) for sku in skus} == expected
    assert (
        _count(
            node,
            "SELECT count(*) FROM (SELECT product_id, location_id, sum(quantity_milli) AS s "
            "FROM stock_movements GROUP BY 1, 2) m "
            "JOIN stock_levels l USING (product_id, location_id) WHERE m.s != l.on_hand_milli",
        )
        == 0
    )
    assert (
        _count(
            node,
            "SELECT count(*) FROM stock_movements m "
            "LEFT JOIN stock_documents d ON d.id = m.document_id "
            "WHERE m.sale_id IS NULL AND (d.id IS NULL OR d.status NOT IN ('received', 'posted'))",
        )
        == 0
    )
    assert (
        _count(
            node,
            "SELECT count(*) FROM stock_movements m JOIN stock_documents d ON d.id = m.document_id "
            "WHERE d.status IN ('cancelled', 'draft')",
        )
        == 0
    )


def test_posapp_check_finds_a_movement_whose_document_does_not_move_stock(demo_node: Node) -> None:
    from posapp.db.integrity import run_checks

    node = _as(demo_node, "manager")
    (sku,) = _skus(node, 1)
    receipt = _create(node, RECEIPT, [DraftLine(sku, 2_000)])
    _move(node, receipt, "received")
    assert all(result.ok for result in run_checks(node.store.path))
    with node.store.engine.begin() as connection:  # as a broken tool or a hand edit would
        connection.execute(
            text("UPDATE stock_documents SET status = 'draft' WHERE id = :id"), {"id": receipt.hex}
        )
    failed = {r.name: r.problems for r in run_checks(node.store.path) if not r.ok}
    assert list(failed) == ["every stock movement has its document"]
    assert "which is draft" in failed["every stock movement has its document"][0]


def test_a_back_room_with_its_own_stock_and_a_reorder_point_that_marks_it_low(
    demo_node: Node,
) -> None:
    from posapp.bootstrap import stock as node_stock
    from posapp.domain.stock import LocationKind

    node = _as(demo_node, "stock_clerk")
    (sku,) = _skus(node, 1)
    with pytest.raises(NotPermitted, match="needs a role with adjust_stock"):
        node_stock.add_location(node, "back", "Back room", LocationKind.BACK_ROOM, 40)
    node = _as(demo_node, "manager")
    node_stock.add_location(node, "back", "Back room", LocationKind.BACK_ROOM, 40)
    with pytest.raises(FieldError, match="is another location's"):
        node_stock.add_location(node, "BACK", "Again", LocationKind.WAREHOUSE, None)
    with pytest.raises(FieldError, match="capital letters"):
        node_stock.add_location(node, "back room!", "Odd", LocationKind.WAREHOUSE, None)
    _move(node, _create(node, RECEIPT, [DraftLine(sku, 8_000)], location_code="BACK"), "received")
    node_stock.set_limits(node, sku, "BACK", "10", "40")
    with pytest.raises(FieldError, match="is at least the point"):
        node_stock.set_limits(node, sku, "BACK", "10", "5")

    admin = node_stock.stock_admin(node)
    rows = admin.on_hand(typed=sku, location="BACK", low_only=False, offset=0, limit=10)
    assert [(r.location, r.on_hand_milli, r.reorder_point_milli, r.low) for r in rows] == [
        ("BACK", 8_000, 10_000, True)
    ]
    low = admin.on_hand(typed="", location=None, low_only=True, offset=0, limit=1000)
    assert [(r.sku, r.location) for r in low] == [(sku, "BACK")]
    assert "BACK" in admin.locations()
    (movement,) = admin.movements(product_id=rows[0].product_id, offset=0, limit=10)
    assert (movement.reason, movement.location, movement.balance_milli) == (
        "RECEIPT",
        "BACK",
        8_000,
    )


def test_opening_stock_from_a_file_one_receipt_per_location_every_problem_named(
    demo_node: Node, tmp_path: Path
) -> None:
    from posapp.bootstrap import stock as node_stock
    from posapp.domain.stock import LocationKind
    from posapp.services.shared import ImportRefused

    node = _as(demo_node, "manager")
    a, b = _skus(node, 2)
    node_stock.add_location(node, "BACK", "Back room", LocationKind.BACK_ROOM, None)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        f"sku,quantity,location\nNOPE,2,\n{a},-1,\n{b},x,\n{a},3,MARS\n", encoding="utf-8"
    )
    with pytest.raises(ImportRefused) as refused:
        node_stock.receive_opening_stock(node, bad)
    assert [(p.row, p.column) for p in refused.value.problems] == [
        (3, "quantity"),
        (4, "quantity"),
        (2, "sku"),
        (5, "location"),
    ]
    assert _count(node, "SELECT count(*) FROM stock_documents") == 0

    good = tmp_path / "opening.csv"
    good.write_text(
        f"sku,quantity,cost,location\n{a},12,0.50,\n{b},4,,floor\n{a},7,0.50,BACK\n",
        encoding="utf-8",
    )
    receipts = node_stock.receive_opening_stock(node, good)
    assert sorted(len(r.lines) for r in receipts) == [1, 2]  # the floor (blank or named), BACK
    assert _on_hand(node, a) == 19_000
