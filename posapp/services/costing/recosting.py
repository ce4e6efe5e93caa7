"""Costing again from the earliest affected point, for one product and scope only.

A late movement (an offline till's sale, a backdated receipt, a landed cost added to an old
receipt) marks its product from its own place in the costing order. Recosting starts from the
last state saved before that place, replays the movements from there in steps, and commits
each step with its costs, a state saved every `STATE_EVERY` movements and the mark moved on —
so a run stopped at any point resumes where it committed. The first step is short: it holds
the late movement (at most `STATE_EVERY` after the state it starts from), so its own cost is
written at once and the propagation to the movements after it follows."""

from __future__ import annotations

import contextlib
import gc
import itertools
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from posapp.domain.costing import CostMovement, CostState, OrderKey, Outcome, replay
from posapp.services.costing.ports import CostLedger, CostStep, Recost

STATE_EVERY = 1000  # movements between saved states: what a late movement replays at most
STEP = 20_000  # movements per transaction after the first
# A short history costed from its start (or a state far back) saves where it ended when it
# replayed at least a tenth of `state_every` movements, so the next run starts there. Without
# it, every run replayed each product's whole history up to its first thousand movements: at
# head office, costing beside a store's backlog read up to 500 movements of each product
# again every 30 s, where it now reads what arrived since (and at most a tenth of a spacing).
TAIL_STATE_SHARE = 10


@dataclass(frozen=True)
class Recosted:
    products: int
    movements: int


BATCH = 250  # products asked about together: what a short history costs is the round trips


def catch_up(
    ledger: CostLedger, *, limit: int = 1000, state_every: int = STATE_EVERY, step: int = STEP
) -> Recosted:
    """Cost every product waiting, up to `limit` of them (a job calls it again for more).

    Products are taken `BATCH` at a time: their saved states and first movements asked for
    together, and those whose whole replay fits in one step (most, in a full costing) saved
    together in one transaction; a product with more to replay goes on by itself."""
    waiting = ledger.waiting(limit)
    movements = 0
    for first in range(0, len(waiting), BATCH):
        movements += _batch(ledger, waiting[first : first + BATCH], state_every, step)
    return Recosted(len(waiting), movements)


def _batch(ledger: CostLedger, recosts: list[Recost], state_every: int, step: int) -> int:
    starts = ledger.states_before(recosts)
    pages = ledger.first_movements(
        [(recost, start) for recost, (start, _) in zip(recosts, starts, strict=True)],
        state_every,
    )
    steps, longer = [], []
    for recost, (start, state), movements in zip(recosts, starts, pages, strict=True):
        if len(movements) == state_every:
            longer.append((recost, (start, state, movements)))  # more than a step: by itself
            continue
        outcomes, _ = Run(ledger, state, state_every).cost(movements)
        tail = (
            [(movements[-1].order, state.to_record())]
            if len(movements) * TAIL_STATE_SHARE >= state_every
            else []
        )
        steps.append(CostStep(recost, movements, outcomes, tail, None, True, start, state.last))
    ledger.save_all(steps)
    costed = sum(len(one.movements) for one in steps)
    for recost, begun in longer:
        costed += recost_product(ledger, recost, state_every=state_every, step=step, begun=begun)
    return costed


def recost_product(
    ledger: CostLedger,
    recost: Recost,
    *,
    state_every: int = STATE_EVERY,
    step: int = STEP,
    begun: tuple[OrderKey | None, CostState, list[CostMovement]] | None = None,
) -> int:
    """Cost a product again from its mark, a step at a time. `begun`: where the state saved
    before the mark stands, that state and the movements after it, where the caller has read
    them already (a batch that found the product's history longer than a step): read again,
    they were a third of a late sale's wait for its own cost."""
    scope, product_id = recost.scope, recost.product_id
    if begun is None:
        start, state = ledger.state_before(scope, product_id, recost.from_key)
        pages: Iterable[list[CostMovement]] = ledger.pages_after(
            scope, product_id, start, state_every, step
        )
    else:
        start, state, first = begun
        rest = ledger.pages_after(scope, product_id, first[-1].order, step, step)
        pages = itertools.chain([first], rest)
    run = Run(ledger, state, state_every)
    after, size, costed = start, state_every, 0
    for movements in pages:
        outcomes, states = run.cost(movements)
        more = len(movements) == size
        after = movements[-1].order if movements else after
        ledger.save(
            CostStep(
                recost=recost,
                movements=movements,
                outcomes=outcomes,
                states=states,
                resume_after=after if more else None,
                first=costed == 0,
                kept_through=start,
                last_cost=None if more else run.state.last,
            )
        )
        costed += len(movements)
        size = step
    return costed


def explain(ledger: CostLedger, movement_id: uuid.UUID) -> Outcome | None:
    """Why a movement cost what it did: replayed from the state saved before it, the layers
    (FIFO), the pool's share (average) or the goods that were not there that it took. None for
    a movement costing does not see (moved inside the store) or does not know."""
    placed = ledger.placed(movement_id)
    if placed is None:
        return None
    scope, product_id, key = placed
    start, state = ledger.state_before(scope, product_id, key)
    run = Run(ledger, state, STATE_EVERY)
    after = start
    while True:
        movements = ledger.movements_after(scope, product_id, after, STATE_EVERY)
        upto = [m for m in movements if m.order <= key]
        outcomes, _ = run.cost(upto)
        for movement, outcome in zip(upto, outcomes, strict=True):
            if movement.id == movement_id:
                return outcome
        if len(upto) < len(movements) or not movements:
            return None
        after = movements[-1].order


class Run:
    """One recosting's replay: the state it carries from step to step, and what it has costed
    (a return met later in the run finds its sale's new cost here, before it is saved)."""

    def __init__(self, ledger: CostLedger, state: CostState, state_every: int) -> None:
        self._ledger = ledger
        self._state = state
        self._every = state_every
        self._seen: dict[uuid.UUID, tuple[int, int]] = {}

    @property
    def state(self) -> CostState:
        return self._state

    def cost(
        self, movements: list[CostMovement]
    ) -> tuple[list[Outcome], list[tuple[OrderKey, dict[str, Any]]]]:
        outcomes: list[Outcome] = []
        states = []
        for first in range(0, len(movements), self._every):
            part = movements[first : first + self._every]
            outcomes += replay(self._state, part, self._ledger.known, self._seen)
            if len(part) == self._every:
                states.append((part[-1].order, self._state.to_record()))
        return outcomes, states


@contextlib.contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while costing runs. Costing makes millions of
    objects that hold no cycles (rows, ids, times, movements, outcomes), freed by their
    reference counts; the collector walked them again and again as they piled up, 40 % of the
    time of a long replay. Cycles made meanwhile are collected when it resumes."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()
