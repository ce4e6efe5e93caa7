"""What costing needs of a store: its movements in costing order, the costs written so far, the
states saved along the way, and the products waiting to be costed again. A node's SQLite
(posapp.db) and head office's PostgreSQL (sync.server) each implement it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from posapp.domain.costing import CostMovement, CostState, OrderKey, Outcome, UnitCost


@dataclass(frozen=True)
class Recost:
    """A product of a costing scope to be costed again from `from_key` on. `version` rises
    each time more is marked, so a run that saw an older version leaves the mark for the
    next run instead of clearing it."""

    scope: str
    product_id: uuid.UUID
    from_key: OrderKey
    version: int


@dataclass(frozen=True)
class CostStep:
    """One transaction of a recosting: the costs of these movements, the states saved at
    some of them, and where the next step starts (None: the product is costed through)."""

    recost: Recost
    movements: Sequence[CostMovement]
    outcomes: Sequence[Outcome]
    states: Sequence[tuple[OrderKey, dict[str, Any]]]
    resume_after: OrderKey | None
    # The first step drops the saved states it replaces: those after `kept_through` (None: all).
    first: bool
    kept_through: OrderKey | None
    # The last step's: what goods last came in at, for the catalogue's cost (None: none yet).
    last_cost: UnitCost | None = None


class CostLedger(Protocol):
    def waiting(self, limit: int) -> list[Recost]:
        """Products marked to be costed again, the earliest marks first. An adapter that finds
        new movements by looking (a node's watermark) marks them here first."""
        ...

    def state_before(
        self, scope: str, product_id: uuid.UUID, key: OrderKey
    ) -> tuple[OrderKey | None, CostState]:
        """The last saved state strictly before `key` and where it stands; with none saved,
        an empty state with the product's method and last cost (None)."""
        ...

    def movements_after(
        self, scope: str, product_id: uuid.UUID, after: OrderKey | None, limit: int
    ) -> list[CostMovement]:
        """The next `limit` movements after `after` in costing order (internal moves within
        the scope left out)."""
        ...

    def pages_after(
        self, scope: str, product_id: uuid.UUID, after: OrderKey | None, first: int, size: int
    ) -> Iterator[list[CostMovement]]:
        """The movements after `after` in costing order, page by page: `first` of them, then
        `size` at a time, until a page comes short (the last, perhaps empty)."""
        ...

    def placed(self, movement_id: uuid.UUID) -> tuple[str, uuid.UUID, OrderKey] | None:
        """Where a movement stands: its scope, product and place in the costing order."""
        ...

    def known(self, movement_id: uuid.UUID) -> tuple[int, int] | None:
        """What a costed movement moved: (quantity in thousandths, value in minor units)."""
        ...

    def save(self, step: CostStep) -> None:
        """Write a step in one transaction: costs, states, and the mark moved on or cleared."""
        ...

    # Many products at once: a full costing is mostly short histories, and a round trip per
    # product per question costs more than the costing itself (`OneByOne` asks one at a time).
    def states_before(self, recosts: Sequence[Recost]) -> list[tuple[OrderKey | None, CostState]]:
        """`state_before` of each product, from its mark."""
        ...

    def first_movements(
        self, starts: Sequence[tuple[Recost, OrderKey | None]], limit: int
    ) -> list[list[CostMovement]]:
        """`movements_after` of each product, from where its saved state stands."""
        ...

    def save_all(self, steps: Sequence[CostStep]) -> None:
        """Several products' whole recostings (each one step) in one transaction."""
        ...


class OneByOne:
    """The many-products questions of `CostLedger` asked one product at a time, for a ledger
    whose round trips cost little (a node's SQLite, a test's memory). It brings the
    one-product questions it asks; the ledger answers them."""

    def state_before(
        self, scope: str, product_id: uuid.UUID, key: OrderKey
    ) -> tuple[OrderKey | None, CostState]:
        raise NotImplementedError

    def movements_after(
        self, scope: str, product_id: uuid.UUID, after: OrderKey | None, limit: int
    ) -> list[CostMovement]:
        raise NotImplementedError

    def save(self, step: CostStep) -> None:
        raise NotImplementedError

    def pages_after(
        self, scope: str, product_id: uuid.UUID, after: OrderKey | None, first: int, size: int
    ) -> Iterator[list[CostMovement]]:
        limit = first
        while True:
            page = self.movements_after(scope, product_id, after, limit)
            yield page
            if len(page) < limit:
                return
            after, limit = page[-1].order, size

    def states_before(self, recosts: Sequence[Recost]) -> list[tuple[OrderKey | None, CostState]]:
        return [self.state_before(r.scope, r.product_id, r.from_key) for r in recosts]

    def first_movements(
        self, starts: Sequence[tuple[Recost, OrderKey | None]], limit: int
    ) -> list[list[CostMovement]]:
        return [
            self.movements_after(recost.scope, recost.product_id, after, limit)
            for recost, after in starts
        ]

    def save_all(self, steps: Sequence[CostStep]) -> None:
        for step in steps:
            self.save(step)
