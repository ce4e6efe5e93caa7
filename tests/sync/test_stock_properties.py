"""Properties of the stock ledger, on a node and at head office, for any interleaving of
documents, status changes and syncs: stock = Σ movements per product × location at both ends,
every movement has its document (`posapp check` passes), a cancelled draft changed nothing, and
what the node holds of its own movements is what head office holds of them."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from posapp.bootstrap import counts, purchasing, stock, transfers
from posapp.bootstrap.demo import load_demo_records
from posapp.bootstrap.node import Node
from posapp.domain.stock import AdjustmentReason, DocumentType, LocationKind
from posapp.services.stock import DraftHeader, DraftLine
from sync.client.engine import SyncEngine
from tests.head_office import HeadOfficeUnderTest
from tests.sync.conftest import signed_in
from tests.sync.exactly_once import assert_stock_is_sum_of_movements
from tests.sync.test_store_feed import _checked

ACTIONS = (
    "receive",
    "found",
    "damaged",
    "to_back",
    "send",
    "return",
    "cancel",
    "count",
    "post",
    "sync",
)
_STEPS = st.lists(
    st.tuples(
        st.sampled_from(ACTIONS), st.integers(0, 2), st.integers(1, 9).map(lambda n: n * 1000)
    ),
    min_size=1,
    max_size=14,
)


class _Store:
    """The node, and what its stock should be by (sku, location code)."""

    def __init__(self, node: Node) -> None:
        self.node = node
        with node.store.engine.connect() as connection:
            self.skus = list(
                connection.execute(
                    text("SELECT sku FROM products WHERE NOT weighed ORDER BY sku LIMIT 3")
                ).scalars()
            )
        self.expected = {(s, c): self.level(s, c) for s in self.skus for c in ("FLOOR", "BACK")}
        self.count: uuid.UUID | None = None
        self.variance: dict[str, int] = {}

    def level(self, sku: str, code: str) -> int:
        with self.node.store.engine.connect() as connection:
            return int(
                connection.execute(
                    text(
                        "SELECT coalesce(sum(s.on_hand_milli), 0) FROM stock_levels s "
                        "JOIN products p ON p.id = s.product_id "
                        "JOIN locations l ON l.id = s.location_id "
                        "WHERE p.sku = :sku AND l.code = :code"
                    ),
                    {"sku": sku, "code": code},
                ).scalar_one()
            )

    def step(self, action: str, sku: str, quantity: int) -> None:
        node, line = self.node, [DraftLine(sku, quantity, 100)]
        floor = (sku, "FLOOR")
        if action == "receive":
            stock.receive(node, DraftHeader(supplier_code="S01"), line)
            self.expected[floor] += quantity
        elif action in ("found", "damaged"):
            reason = AdjustmentReason(action)
            stock.adjust(node, DraftHeader(reason=reason), line)
            self.expected[floor] += reason.sign * quantity
        elif action == "to_back":
            transfers.between_locations(node, DraftHeader(to_location_code="BACK"), line)
            self.expected[floor] -= quantity
            self.expected[(sku, "BACK")] += quantity
        elif action == "send":
            transfers.send(node, DraftHeader(to_store="S02"), line)
            self.expected[floor] -= quantity
        elif action == "return":
            purchasing.return_goods(node, DraftHeader(supplier_code="S01"), line)
            self.expected[floor] -= quantity
        elif action == "cancel":
            draft = stock.create(node, DocumentType.GOODS_RECEIPT, DraftHeader(), line)
            stock.move(node, draft.id, "cancelled")
        elif action == "count":
            if self.count is None:
                self.count = counts.start(node, None, None, blind=True).document_id
                self.variance = {}
            counts.count(node, self.count, [(sku, quantity)], add=False)
            self.variance[sku] = quantity - self.expected[floor]
        elif action == "post" and self.count is not None:
            counts.post(node, self.count, uncounted_zero=False)
            for counted, difference in self.variance.items():
                self.expected[(counted, "FLOOR")] += difference
            self.count = None
        elif action == "sync":
            SyncEngine(node.store.engine).run_once()


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(steps=_STEPS)
def test_stock_is_the_sum_of_movements_on_the_node_and_at_head_office(
    enrolled: Callable[..., Node],
    head_office: HeadOfficeUnderTest,
    steps: list[tuple[str, int, int]],
) -> None:
    node = _store_node(enrolled, head_office)
    store = _Store(node)
    for action, which, quantity in steps:
        store.step(action, store.skus[which], quantity)
    if store.count is not None:  # a count left open changes nothing until it is posted
        store.step("post", store.skus[0], 0)
    store.step("sync", store.skus[0], 0)
    with node.store.engine.connect() as connection:
        quarantined = connection.execute(
            text("SELECT last_error FROM sync_batches WHERE state = 'quarantined' LIMIT 1")
        ).all()
    assert quarantined == []

    assert {key: store.level(*key) for key in store.expected} == store.expected
    _checked(node)
    assert_stock_is_sum_of_movements(head_office)
    with node.store.engine.connect() as connection:
        own = {
            (uuid.UUID(hex=str(p)), uuid.UUID(hex=str(loc))): int(q)
            for p, loc, q in connection.execute(
                text(
                    "SELECT product_id, location_id, sum(quantity_milli) FROM stock_movements "
                    "WHERE origin IS NULL GROUP BY 1, 2"
                )
            )
        }
    at_head_office = {
        (p, loc): int(q)
        for p, loc, q in head_office.rows(
            "SELECT m.product_id, m.location_id, sum(m.quantity_milli) FROM stock_movements m "
            "JOIN nodes n ON n.id = m.node_id WHERE n.store_code = 'S01' AND m.store_code = 'S01' "
            "GROUP BY 1, 2"
        )
    }
    assert at_head_office == own


def _scalar(node: Node, sql: str) -> int:
    with node.store.engine.connect() as connection:
        return int(connection.execute(text(sql)).scalar_one())


_NODES: dict[int, Node] = {}


def _store_node(enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest) -> Node:
    """One store's back office for every example of a run (hypothesis keeps the fixtures), with
    suppliers (made by a person head office knows), a back room and a second store to send
    goods to."""
    key = id(enrolled)
    if key not in _NODES:
        head_office.add_person()
        enrolled("store-2", store="S02", terminal="BO")  # first: the demo sends goods there
        node = signed_in(enrolled("store-1", store="S01", terminal="BO"))
        load_demo_records(node)
        stock.add_location(node, "BACK", "Back room", LocationKind.BACK_ROOM, None)
        _NODES.clear()
        _NODES[key] = node
    return _NODES[key]
