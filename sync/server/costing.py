"""Head office's `CostLedger` (services.costing) on PostgreSQL: costing for an enrolled chain,
where every store's whole ledger is. A costing scope is a store.

New movements are found the way the store feed finds them (sync/server/store_feed.py): by the
transaction that wrote them, only below the oldest transaction still running, so costing takes
no lock from the uploads and cannot miss a movement that commits late. The costing order is
business time, then node, then the movement's id (a UUIDv7 from the node's own generator,
standing in for its sequence). Goods sent from another store come in at the cost the sender
gave them; when the sender's cost changes, the receiving store is costed again from there."""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import re
import uuid
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from datetime import UTC, datetime
from functools import partial
from typing import Any

import psutil
import psycopg
from sqlalchemy import Connection, Engine, TextClause, create_engine, event, text

from posapp.domain.costing import (
    CostFlow,
    CostMethod,
    CostMovement,
    CostState,
    OrderKey,
    UnitCost,
    flow_of,
    half_up,
)
from posapp.services.costing import (
    CostStep,
    Recost,
    Recosted,
    catch_up,
    without_cycle_collection,
)
from sync.server import cost_sql
from sync.server.cost_publishing import publish_last_costs

_NOTHING = uuid.UUID(int=0)
_BEFORE_ALL = {"at": datetime(1, 1, 1, tzinfo=UTC), "node": _NOTHING, "id": _NOTHING}
_START = "0:00000000-0000-0000-0000-000000000000"
_log = logging.getLogger(__name__)
# Costs are a projection of the movements: a commit lost in a crash is costed again (its mark
# rolls back with it), so costing's commits do not wait for the disk — the uploads' still do.
_NO_WAIT_FOR_DISK = text("SET LOCAL synchronous_commit = off")


class PgCostLedger:
    def __init__(self, engine: Engine, part: int = 0, parts: int = 1) -> None:
        self._engine = engine
        self._part, self._parts = part, parts  # the share of the products this one costs
        self._sent_away: set[uuid.UUID] = set()  # transfers out this run has read
        # The costs the movements read have now (value, true-up), until their step is saved:
        # a late sale replays the thousands of movements after it, and changes few of them.
        self._known: dict[uuid.UUID, tuple[int, int]] = {}
        self.costed: set[uuid.UUID] = set()  # products costed through by this ledger

    def waiting(self, limit: int) -> list[Recost]:
        """Every movement committed since the last look is taken in first, so a product is
        marked once from its earliest new movement."""
        self.take_in()
        share = {"limit": limit, "part": self._part, "parts": self._parts}
        with self._engine.connect() as connection:
            rows = connection.execute(cost_sql.WAITING, share).all()
        return [
            Recost(store, product, _key(at, node, movement), version)
            for store, product, at, node, movement, version in rows
        ]

    def take_in(self) -> None:
        """Mark the products of every movement committed since the last look, and look next
        time from the oldest transaction that was still running (all below it were seen)."""
        with self._engine.begin() as connection:
            connection.execute(_NO_WAIT_FOR_DISK)
            cursor = connection.execute(
                text("SELECT cursor FROM cost_cursor WHERE name = 'movements' FOR UPDATE")
            ).scalar()
            xid, _, after = (cursor or _START).partition(":")
            below = connection.execute(
                cost_sql.MARK_NEW, {"xid": xid, "after": after, "nothing": _NOTHING}
            ).scalar_one()
            connection.execute(
                text(
                    "INSERT INTO cost_cursor VALUES ('movements', :cursor) "
                    "ON CONFLICT (name) DO UPDATE SET cursor = excluded.cursor"
                ),
                {"cursor": f"{below}:{_NOTHING}"},
            )

    def state_before(
        self, scope: str, product_id: uuid.UUID, key: OrderKey
    ) -> tuple[OrderKey | None, CostState]:
        with self._engine.connect() as connection:
            row = connection.execute(
                cost_sql.STATE_BEFORE, {"store": scope, "product": product_id, **_bound(key)}
            ).one()
        return _start(*row)

    def states_before(self, recosts: Sequence[Recost]) -> list[tuple[OrderKey | None, CostState]]:
        with self._engine.connect() as connection:
            rows = _binary(
                connection, cost_sql.STATES_BEFORE, _asked([(r, r.from_key) for r in recosts])
            )
        return [_start(*row[1:]) for row in rows]

    def first_movements(
        self, starts: Sequence[tuple[Recost, OrderKey | None]], limit: int
    ) -> list[list[CostMovement]]:
        pages: list[list[CostMovement]] = [[] for _ in starts]
        with self._engine.connect() as connection:
            rows = _binary(connection, cost_sql.FIRST_MOVEMENTS, {**_asked(starts), "limit": limit})
        for row in rows:
            pages[row[0] - 1].append(self._movement(row[1:]))
        return pages

    def _movement(self, row: Any) -> CostMovement:
        if row[11] is not None:
            self._known[row[0]] = (row[11], row[12])
        if row[4] == "TRANSFER_OUT" and row[3] < 0:
            self._sent_away.add(row[0])
        return _movement(row)

    def _costs(self, steps: Sequence[CostStep]) -> dict[str, list[Any]]:
        """The costs these steps changed, as the arrays the statements unnest; those of
        goods sent to another store also apart, for their receivers' marks."""
        known, sent_away = self._known, self._sent_away
        ids, values, true_ups, step_of = [], [], [], []
        sent_ids, sent_values = [], []
        for n, step in enumerate(steps, 1):
            for movement_id, value, true_up, _ in step.outcomes:
                if known and known.pop(movement_id, None) == (value, true_up):
                    continue  # unchanged: not written again
                ids.append(movement_id)
                values.append(value)
                true_ups.append(true_up)
                step_of.append(n)
                if sent_away and movement_id in sent_away:
                    sent_ids.append(movement_id)
                    sent_values.append(value)
        return {
            "sent_ids": sent_ids,
            "sent_values": sent_values,
            "ids": ids,
            "values": values,
            "true_ups": true_ups,
            # Where there are several steps (save_all), each cost's step, by its place (from 1).
            "step_of": step_of,
        }

    def save_all(self, steps: Sequence[CostStep]) -> None:
        if not steps:
            return
        self.costed.update(step.recost.product_id for step in steps)
        kept = [_BEFORE_ALL if s.kept_through is None else _bound(s.kept_through) for s in steps]
        with self._engine.begin() as connection:
            connection.execute(_NO_WAIT_FOR_DISK)
            _binary(
                connection,
                cost_sql.SAVE_ALL,
                {
                    "stores": [s.recost.scope for s in steps],
                    "products": [s.recost.product_id for s in steps],
                    "ats": [k["at"] for k in kept],
                    "nodes": [k["node"] for k in kept],
                    "step_ids": [k["id"] for k in kept],
                    "versions": [s.recost.version for s in steps],
                    **self._costs(steps),
                },
            )
            # After the statement that forgot the states the steps replace, as `save` does.
            stated = [(s.recost, at, state) for s in steps for at, state in s.states]
            if stated:
                keys = [_bound(at) for _, at, _ in stated]
                connection.execute(
                    cost_sql.WRITE_STATES,
                    {
                        "stores": [recost.scope for recost, _, _ in stated],
                        "products": [recost.product_id for recost, _, _ in stated],
                        "ats": [k["at"] for k in keys],
                        "nodes": [k["node"] for k in keys],
                        "ids": [k["id"] for k in keys],
                        "states": [json.dumps(state) for _, _, state in stated],
                    },
                )

    def movements_after(
        self, scope: str, product_id: uuid.UUID, after: OrderKey | None, limit: int
    ) -> list[CostMovement]:
        bounds = _BEFORE_ALL if after is None else _bound(after)
        return [self._movement(row) for row in self._page(scope, product_id, bounds, limit)]

    def pages_after(
        self, scope: str, product_id: uuid.UUID, after: OrderKey | None, first: int, size: int
    ) -> Iterator[list[CostMovement]]:
        """The first page is asked for at once, and each next one while the caller costs and
        saves the one before (where it starts, the last movement read, is known as soon as a
        page is read): PostgreSQL finds the rows on the other core while Python replays. A
        backdated sale's propagation waited for those reads a fifth of its time."""
        reader = ThreadPoolExecutor(1, thread_name_prefix="costing-read")
        bounds = _BEFORE_ALL if after is None else _bound(after)
        ahead = reader.submit(self._page, scope, product_id, bounds, first)
        return self._pages_read_ahead(reader, ahead, scope, product_id, first, size)

    def _pages_read_ahead(
        self,
        reader: ThreadPoolExecutor,
        ahead: Future[list[Any]],
        scope: str,
        product_id: uuid.UUID,
        limit: int,
        size: int,
    ) -> Iterator[list[CostMovement]]:
        with reader:
            while True:
                rows = ahead.result()
                full = len(rows) == limit
                if full:
                    last = {"at": rows[-1][1], "node": uuid.UUID(rows[-1][2]), "id": rows[-1][0]}
                    ahead = reader.submit(self._page, scope, product_id, last, size)
                yield [self._movement(row) for row in rows]
                if not full:
                    return
                limit = size

    def _page(
        self, scope: str, product_id: uuid.UUID, bounds: dict[str, Any], limit: int
    ) -> list[Any]:
        with self._engine.connect() as connection:
            return _binary(
                connection,
                cost_sql.MOVEMENTS_AFTER,
                {"store": scope, "product": product_id, "limit": limit, **bounds},
            )

    def placed(self, movement_id: uuid.UUID) -> tuple[str, uuid.UUID, OrderKey] | None:
        with self._engine.connect() as connection:
            row = connection.execute(cost_sql.PLACED, {"id": movement_id}).first()
        if row is None:
            return None
        return row[0], row[1], _key(row[2], row[3], movement_id)

    def known(self, movement_id: uuid.UUID) -> tuple[int, int] | None:
        with self._engine.connect() as connection:
            row = connection.execute(cost_sql.KNOWN, {"id": movement_id}).first()
        return None if row is None else (int(row[0]), int(row[1]))

    def save(self, step: CostStep) -> None:
        if step.resume_after is None:
            self.costed.add(step.recost.product_id)
        kept = _BEFORE_ALL if step.kept_through is None else _bound(step.kept_through)
        resume = _BEFORE_ALL if step.resume_after is None else _bound(step.resume_after)
        with self._engine.begin() as connection:
            connection.execute(_NO_WAIT_FOR_DISK)
            _binary(
                connection,
                cost_sql.SAVE_STEP,
                {
                    "store": step.recost.scope,
                    "product": step.recost.product_id,
                    "first": step.first,
                    **kept,
                    **self._costs([step]),
                    "done": step.resume_after is None,
                    "version": step.recost.version,
                    "resume_at": resume["at"],
                    "resume_node": resume["node"],
                    "resume_id": resume["id"],
                },
            )
            for at, state in step.states:
                connection.execute(
                    cost_sql.WRITE_STATE,
                    {
                        "store": step.recost.scope,
                        "product": step.recost.product_id,
                        **_bound(at),
                        "state": json.dumps(state),
                    },
                )


def cost_now(engine: Engine) -> str:
    """`posapp-server cost`: what it did, in a line."""
    done = cost_and_publish(engine)
    if done is None:
        return "a server is costing right now; it takes in what is waiting"
    return f"costed {done.movements:,} movement(s) of {done.products:,} product(s) in all stores"


def cost_and_publish(engine: Engine) -> Recosted | None:
    """A costing run, then the products' last costs published to the catalogue."""
    costed: set[uuid.UUID] = set()
    done = run_costing(engine, costed)
    if done is not None:
        publish_last_costs(engine, costed, datetime.now(UTC))
    return done


# Two workers, each costing its share of the products: while one waits for PostgreSQL, the
# other replays (the replay is Python, the rest is the database's; the machine has two cores).
WORKERS = 2
IN_PROCESSES = 20_000  # products waiting from which the workers are processes, not threads
# One costing run at a time across every server process of the chain (a session lock).
COSTING_LOCK = 7_241_001


def run_costing(engine: Engine, costed: set[uuid.UUID] | None = None) -> Recosted | None:
    """Cost everything waiting at head office, all stores; None when another process is
    costing right now (it will take in what this one would have). The products costed are
    added to `costed`, when given."""
    with engine.connect() as holder:
        if not holder.execute(
            text("SELECT pg_try_advisory_lock(:k)"), {"k": COSTING_LOCK}
        ).scalar():
            return None
        try:
            PgCostLedger(engine).take_in()  # once, before the workers share what it marked
            waiting = holder.execute(text("SELECT count(*) FROM cost_marks")).scalar_one()
            url = engine.url.render_as_string(hide_password=False)
            if waiting >= IN_PROCESSES:
                # A big backlog (a chain's first costing, a restore): the replay is Python, so
                # two processes replay at once where two threads would take turns.
                context = multiprocessing.get_context("spawn")
                with ProcessPoolExecutor(WORKERS, mp_context=context) as processes:
                    done = list(processes.map(_cost_share, [url] * WORKERS, range(WORKERS)))
            else:
                with (
                    without_cycle_collection(),
                    ThreadPoolExecutor(WORKERS, thread_name_prefix="costing") as threads,
                ):
                    shares = [PgCostLedger(engine, part, WORKERS) for part in range(WORKERS)]
                    done = list(threads.map(_cost_ledger_share, shares))
            for _, products in done:
                if costed is not None:
                    costed.update(products)
            return Recosted(sum(d.products for d, _ in done), sum(d.movements for d, _ in done))
        finally:
            holder.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": COSTING_LOCK})
            holder.commit()


def at_this_priority(engine: Engine) -> Engine:
    """When this process runs at a lower priority (costing beside a serving process), its
    database work does too: the backends of a PostgreSQL on this machine are reniced like it
    (an embedded one runs as this user; a server elsewhere is left alone)."""
    niceness = os.nice(0) if hasattr(os, "nice") else 0
    if niceness <= 0:
        return engine

    @event.listens_for(engine, "connect")
    def lower(connection: Any, _record: Any) -> None:
        try:
            backend = psutil.Process(connection.info.backend_pid)
            if backend.name().startswith("postgres"):
                backend.nice(max(niceness, backend.nice()))
        except (AttributeError, OSError, psutil.Error):
            pass  # not ours to renice: it runs at its own priority

    return engine


def _cost_share(url: str, part: int) -> tuple[Recosted, set[uuid.UUID]]:
    """A worker process's share, on an engine of its own. Its connections (one costing, one
    reading a long history's next page ahead) are kept for the whole share: a new PostgreSQL
    backend maps the shared buffers (4 GB on this machine) page by page as it touches them, and
    a connection for each statement spent half of a chain's full costing in the kernel doing
    that."""
    engine = at_this_priority(create_engine(url, pool_size=2))
    try:
        with without_cycle_collection():
            return _cost_ledger_share(PgCostLedger(engine, part, WORKERS))
    finally:
        engine.dispose()


def _cost_ledger_share(ledger: PgCostLedger) -> tuple[Recosted, set[uuid.UUID]]:
    products = movements = 0
    while True:
        done = catch_up(ledger)
        products, movements = products + done.products, movements + done.movements
        if done.products == 0:
            return Recosted(products, movements), ledger.costed


_PARAMETER = re.compile(r"(?<![:\w]):(\w+)")


def _binary(connection: Connection, statement: TextClause, params: dict[str, Any]) -> list[Any]:
    """Run `statement` with its parameters and rows in PostgreSQL's binary format; its rows.
    psycopg's text format escapes every element of the long arrays a step saves, and parses
    every id and time it reads back: a quarter of a full costing's time went to that."""
    raw = connection.connection.driver_connection
    assert isinstance(raw, psycopg.Connection)
    cursor = raw.cursor(binary=True)
    cursor.execute(_PARAMETER.sub(r"%(\1)b", statement.text.replace("%", "%%")), params)
    return cursor.fetchall() if cursor.description is not None else []


def _start(
    at: datetime | None, node: Any, movement: Any, state: Any, method: Any, cost: Any
) -> tuple[OrderKey | None, CostState]:
    """Where a replay starts: the saved state, else the chain's method and the last cost."""
    if state is not None:
        record = state if isinstance(state, dict) else json.loads(state)
        return _key(at, node, movement), CostState.from_record(record)  # type: ignore[arg-type]
    chosen = CostMethod(method) if method in ("average", "fifo") else CostMethod.AVERAGE
    return None, CostState(chosen, last=None if cost is None else UnitCost(cost, 1000))


def _asked(starts: Sequence[tuple[Recost, OrderKey | None]]) -> dict[str, list[Any]]:
    bounds = [_BEFORE_ALL if key is None else _bound(key) for _, key in starts]
    return {
        "stores": [recost.scope for recost, _ in starts],
        "products": [recost.product_id for recost, _ in starts],
        "ats": [b["at"] for b in bounds],
        "nodes": [b["node"] for b in bounds],
        "ids": [b["id"] for b in bounds],
    }


# A page's rows become movements without a Python call for each through the named tuples'
# constructors, nor CostMovement's checks: the query gives no zero quantity, and every inflow
# that brings its own value has it (a receipt its line's, a transfer in the sender's).
_order_key = partial(tuple.__new__, OrderKey)
_cost_movement = partial(tuple.__new__, CostMovement)
_ISSUE, _RECEIPT, _RETURN = CostFlow.ISSUE, CostFlow.RECEIPT, CostFlow.RETURN


def _movement(row: Any) -> CostMovement:
    ident, at, node, quantity, reason, unit_cost, sold, receipt, sent, charges, text_id = row[:11]
    flow, value, source = flow_of(reason, quantity), None, None
    if flow is _ISSUE:
        pass  # most movements: goods sold
    elif flow is _RECEIPT:
        value = half_up((unit_cost or 0) * quantity, 1000) + (charges or 0)
    elif flow is _RETURN:
        source = sold
    elif flow is CostFlow.SUPPLIER_RETURN:
        source = receipt
    elif reason == "TRANSFER_OUT":  # into this store's transit, from another
        flow, value = (CostFlow.TRANSFER_IN, sent) if sent is not None else (flow, None)
    order = _order_key((at, node, 0, text_id))
    return _cost_movement((ident, order, flow, abs(quantity), value, source))


def _key(at: datetime, node: uuid.UUID, movement: uuid.UUID) -> OrderKey:
    return OrderKey(at, str(node), 0, str(movement))


def _bound(key: OrderKey) -> dict[str, Any]:
    return {"at": key.business_at, "node": uuid.UUID(key.node), "id": uuid.UUID(key.movement)}
