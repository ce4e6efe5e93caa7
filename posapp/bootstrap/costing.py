"""Costing for the commands and screens of a shop without head office: cost what is waiting,
value the stock as of a day, and say why a sale's lines cost what they did."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, date

from posapp.bootstrap.node import Node
from posapp.db.cost_periods import SqlitePeriodBook
from posapp.db.cost_queries import movement_source, sale_movements, valuation
from posapp.db.costing_ledger import SqliteCostLedger
from posapp.db.stock_value_queries import stock_value
from posapp.db.value_checkpoints import keep_checkpoints
from posapp.domain.costing import LandedBasis, Taken
from posapp.services import costing, stock
from posapp.services.costing import CostedLine, StockValue, TakenFrom, ValuedStock
from posapp.services.shared import FieldError
from sync.client.engine import SyncEngine

_log = logging.getLogger(__name__)


def keeps_costs_here(node: Node) -> bool:
    """A shop without head office keeps its costs itself; an enrolled one's are kept there."""
    return SyncEngine(node.store.engine).identity is None


def ledger(node: Node) -> SqliteCostLedger:
    return SqliteCostLedger(
        node.store.engine, node.settings.store_code, keeps_product_costs=keeps_costs_here(node)
    )


# Steps a till's sale may wait behind: a step holds the write lock for tens of milliseconds.
NODE_STEP = 5_000
COSTING_EVERY_SECONDS = 60.0


def run(node: Node) -> costing.Recosted:
    """Cost every product waiting (all of them, a thousand at a time). The cycle collector
    waits meanwhile: walking the movements as they piled up had halved a long replay here
    too (a late sale before 100,000 movements of its product: 35,000 movements a second with
    it, 66,000–72,000 without)."""
    products = movements = 0
    with costing.without_cycle_collection():
        while True:
            done = costing.catch_up(ledger(node), step=NODE_STEP)
            products, movements = products + done.products, movements + done.movements
            if done.products == 0:
                return costing.Recosted(products, movements)


def keep_costing(node: Node) -> threading.Event | None:
    """For a shop without head office, cost what the tills sold every minute on a thread of
    its own, never inside a sale's commit; set the event to stop it. None for a node enrolled
    with head office: the chain's costs are kept there, where every store's ledger is."""
    if not keeps_costs_here(node):
        return None
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(COSTING_EVERY_SECONDS):
            try:
                run(node)
                # once a day, the first run after midnight: the checkpoints valuation
                # counts from (db.value_checkpoints)
                keep_checkpoints(node.store.engine, node.clock.now().astimezone(UTC).date())
            except Exception:  # logged and tried again; the till sells on regardless
                _log.exception("costing run failed; trying again in a minute")

    threading.Thread(target=loop, name="costing", daemon=True).start()
    return stop


def close_period(node: Node, through: date) -> costing.ClosedPeriod:
    """Close the costing period through a day that is over: see services.costing.periods
    (what is waiting is costed first, as `run` costs it)."""
    with costing.without_cycle_collection():
        return costing.close_period(
            ledger(node),
            SqlitePeriodBook(node.store.engine),
            scope=node.settings.store_code,
            through=through,
            today=node.clock.now().date(),
            actor=node.actor,
            clock=node.clock,
        )


def value(node: Node, as_of: date) -> list[ValuedStock]:
    costing.may_see_margins(node.actor)
    return valuation(node.store.engine, as_of)


def why(node: Node, sale_number: str) -> list[CostedLine]:
    """Each line of a sale: what it cost, the goods it took, and what it earned (margins are
    for those who may see reports; a shop's own command line with no one signed in may)."""
    costing.may_see_margins(node.actor)
    lines = []
    books = ledger(node)
    for moved in sale_movements(node.store.engine, sale_number):
        outcome = costing.explain(books, moved.movement_id)
        taken = (
            ()
            if outcome is None
            else tuple(
                TakenFrom(part.quantity_milli, part.value_minor, _source(node, part))
                for part in outcome.taken
            )
        )
        lines.append(
            CostedLine(moved.sku, moved.quantity_milli, moved.cost_minor, taken, moved.net_minor)
        )
    return lines


def _source(node: Node, part: Taken) -> str:
    if part.short:
        return "not here yet: at the last cost, trued up when goods come in"
    if part.source_id is None:
        return "the average of what was here"
    return movement_source(node.store.engine, part.source_id)


def add_landed_cost(
    node: Node, receipt: str, description: str, amount_minor: int, basis: str
) -> stock.LandedCostAdded:
    try:
        chosen = LandedBasis(basis)
    except ValueError:
        raise FieldError("basis", basis, "is value, quantity or weight") from None
    return stock.add_landed_cost(
        node.unit_of_work(),
        receipt_number=receipt,
        description=description,
        amount_minor=amount_minor,
        basis=chosen,
        clock=node.clock,
        new_id=node.new_id,
    )


class NodeCosts:
    """The back office's cost pages on a shop's own store (costs kept on the node)."""

    def __init__(self, node: Node) -> None:
        self._node = node

    def currency(self) -> str:
        return self._node.settings.currency

    def valuation(self, as_of: date, rows: int) -> StockValue:
        costing.may_see_margins(self._node.actor)
        run(self._node)  # what the tills sold since the last run counts too
        return stock_value(self._node.store.engine, as_of, rows)

    def why(self, sale_number: str) -> list[CostedLine]:
        run(self._node)
        return why(self._node, sale_number)
