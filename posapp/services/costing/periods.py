"""Closing a costing period: a snapshot that later data corrects only in the open period.

Closing through a day saves, for every product moved before the period's end (the boundary),
its costing state at the boundary and what it ended with (quantity per place, value). From
then on a movement recorded late but dated inside the closed period is costed at the boundary,
in the open period (its place in costing order moves there: db.costing_ledger), so nothing
before the boundary is ever costed again; valuation counts on from the snapshot. Days are UTC
days, as valuation's are."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Protocol

from posapp.domain.actors import Actor, NotPermitted
from posapp.domain.costing import CostMovement, OrderKey
from posapp.domain.errors import DomainError
from posapp.domain.permissions import Permission
from posapp.services.costing.ports import CostLedger
from posapp.services.costing.recosting import STATE_EVERY, Run, catch_up
from posapp.services.shared import Clock

TRIES = 5  # closes tried while the tills keep selling, before asking to try again later


@dataclass(frozen=True)
class ClosedPeriod:
    through: date
    products: int
    value_minor: int


class PeriodBook(Protocol):
    def last_closed(self) -> date | None: ...

    def taken_in_through(self) -> int:
        """The last movement costing has taken in (what every cost so far is complete to)."""
        ...

    def products_before(self, boundary: datetime, last_seq: int) -> list[uuid.UUID]:
        """Products with movements up to `last_seq` placed before `boundary`."""
        ...

    def movements_before(
        self,
        product_id: uuid.UUID,
        after: OrderKey | None,
        boundary: datetime,
        last_seq: int,
        limit: int,
    ) -> list[CostMovement]:
        """A product's movements up to `last_seq`, after `after` and before `boundary`, in
        costing order."""
        ...

    def close(
        self,
        *,
        through: date,
        boundary: datetime,
        last_seq: int,
        states: list[tuple[uuid.UUID, dict[str, Any]]],
        by: str,
        at: datetime,
    ) -> ClosedPeriod | None:
        """In one transaction: the states at the boundary, the snapshot, the period; None
        (nothing written) when costing has taken in movements after `last_seq` meanwhile."""
        ...


def boundary_of(through: date) -> datetime:
    return datetime.combine(through + timedelta(days=1), time(), tzinfo=UTC)


def close_period(
    ledger: CostLedger,
    book: PeriodBook,
    *,
    scope: str,
    through: date,
    today: date,
    actor: Actor | None,
    clock: Clock,
) -> ClosedPeriod:
    """Close the costing period through `through` (a day that is over, after the last closed),
    as a person whose role keeps the accounts (payables); None is the shop's own command line."""
    if actor is not None and not actor.may(Permission.PAYABLES):
        raise NotPermitted(
            f"{actor.name} ({actor.role}) may not close a period: that needs a role with "
            f"{Permission.PAYABLES.value}"
        )
    by = "command line" if actor is None else actor.name
    last = book.last_closed()
    if through >= today:
        raise DomainError(f"a period closes once its last day is over: {through} is not over")
    if last is not None and through <= last:
        raise DomainError(f"the period through {last} is closed already: close a later day")
    boundary = boundary_of(through)
    for _ in range(TRIES):
        while catch_up(ledger).products:
            pass
        seen = book.taken_in_through()
        states = [
            (product, _state_at(ledger, book, scope, product, boundary, seen))
            for product in book.products_before(boundary, seen)
        ]
        closed = book.close(
            through=through,
            boundary=boundary,
            last_seq=seen,
            states=states,
            by=by,
            at=clock.now(),
        )
        if closed is not None:
            return closed
    raise DomainError("the tills kept recording while the period closed: try again when quiet")


def _state_at(
    ledger: CostLedger,
    book: PeriodBook,
    scope: str,
    product: uuid.UUID,
    boundary: datetime,
    last_seq: int,
) -> dict[str, Any]:
    """The product's costing state at the boundary, replayed from the last state saved before."""
    start, state = ledger.state_before(scope, product, OrderKey(boundary, "", 0))
    run, after = Run(ledger, state, STATE_EVERY), start
    while True:
        movements = book.movements_before(product, after, boundary, last_seq, STATE_EVERY)
        run.cost(movements)
        if len(movements) < STATE_EVERY:
            return run.state.to_record()
        after = movements[-1].order
