"""A `CostLedger` in memory, for the property tests: movements arrive in any order and mark
their product from their own place, as head office's and a node's ledgers do."""

from __future__ import annotations

import bisect
import uuid
from typing import Any

from posapp.domain.costing import CostMethod, CostMovement, CostState, OrderKey, Outcome
from posapp.services.costing import CostStep, OneByOne, Recost

SCOPE = "S01"


class MemoryLedger(OneByOne):
    def __init__(self, method: CostMethod, product_id: uuid.UUID) -> None:
        self.method = method
        self.product_id = product_id
        self.movements: list[CostMovement] = []  # in costing order
        self.outcomes: dict[uuid.UUID, Outcome] = {}
        self.states: dict[OrderKey, dict[str, Any]] = {}
        self.mark: Recost | None = None
        self.steps = 0

    def arrive(self, movement: CostMovement) -> None:
        bisect.insort(self.movements, movement, key=lambda m: m.order)
        earliest = movement.order if self.mark is None else min(self.mark.from_key, movement.order)
        version = 1 if self.mark is None else self.mark.version + 1
        self.mark = Recost(SCOPE, self.product_id, earliest, version)

    def waiting(self, limit: int) -> list[Recost]:
        return [] if self.mark is None else [self.mark]

    def state_before(
        self, scope: str, product_id: uuid.UUID, key: OrderKey
    ) -> tuple[OrderKey | None, CostState]:
        earlier = [at for at in self.states if at < key]
        if not earlier:
            return None, CostState(self.method)
        at = max(earlier)
        return at, CostState.from_record(self.states[at])

    def movements_after(
        self, scope: str, product_id: uuid.UUID, after: OrderKey | None, limit: int
    ) -> list[CostMovement]:
        keys = [m.order for m in self.movements]
        first = 0 if after is None else bisect.bisect_right(keys, after)
        return self.movements[first : first + limit]

    def placed(self, movement_id: uuid.UUID) -> tuple[str, uuid.UUID, OrderKey] | None:
        found = [m for m in self.movements if m.id == movement_id]
        return (SCOPE, self.product_id, found[0].order) if found else None

    def known(self, movement_id: uuid.UUID) -> tuple[int, int] | None:
        outcome = self.outcomes.get(movement_id)
        if outcome is None:
            return None
        quantity = next(m.quantity_milli for m in self.movements if m.id == movement_id)
        return quantity, abs(outcome.value_minor)

    def save(self, step: CostStep) -> None:
        self.steps += 1
        if step.first:
            cut = step.kept_through
            self.states = {at: s for at, s in self.states.items() if cut is not None and at <= cut}
        for outcome in step.outcomes:
            self.outcomes[outcome.movement_id] = outcome
        self.states.update(dict(step.states))
        assert self.mark is not None
        if self.mark.version != step.recost.version:
            return  # more arrived meanwhile: the mark stays for the next run
        if step.resume_after is None:
            self.mark = None
        else:
            self.mark = Recost(SCOPE, self.product_id, step.resume_after, self.mark.version)
