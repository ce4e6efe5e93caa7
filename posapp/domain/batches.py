"""Batches on hand, first expiry first out.

The ledger knows a batch where goods carried one: receipts, transfers, write-offs name it. A
till's sale mostly does not (a plain barcode says no batch), so what left a product and place
without a batch is taken from its batches first expiry first — what a shop that shelves by FEFO
sells. A batch is never held below zero; what the unbatched outflows took beyond every batch is
stock the ledger cannot place in a batch, and is left out."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from posapp.domain.errors import DomainError


@dataclass(frozen=True, slots=True)
class BatchMoves:
    """What the ledger moved of one product at one place under one batch (None: no batch)."""

    sku: str
    location: str
    batch: str | None
    expiry: date | None
    quantity_milli: int


@dataclass(frozen=True, slots=True)
class BatchHeld:
    sku: str
    location: str
    batch: str
    expiry: date | None
    quantity_milli: int


def _first_expiry(held: BatchHeld) -> tuple[date, str]:
    # A batch without an expiry goes last: nothing says it must go first.
    return (held.expiry or date.max, held.batch)


def batches_on_hand(moves: Iterable[BatchMoves]) -> list[BatchHeld]:
    """Each batch's quantity at each place, the unbatched outflows taken first expiry first;
    in that order, per product and place."""
    places: dict[tuple[str, str], list[BatchMoves]] = defaultdict(list)
    for move in moves:
        places[(move.sku, move.location)].append(move)
    held: list[BatchHeld] = []
    for (product, location), rows in places.items():
        unbatched = sum(r.quantity_milli for r in rows if r.batch is None)
        batches: dict[str, tuple[date | None, int]] = {}
        for row in rows:
            if row.batch is not None:
                expiry, quantity = batches.get(row.batch, (None, 0))
                known = [d for d in (expiry, row.expiry) if d is not None]
                batches[row.batch] = (max(known, default=None), quantity + row.quantity_milli)
        to_take = max(-unbatched, 0)
        for batch, (expiry, moved) in sorted(
            batches.items(), key=lambda b: (b[1][0] or date.max, b[0])
        ):
            quantity = max(moved, 0)
            taken = min(quantity, to_take)
            to_take -= taken
            if quantity - taken > 0:
                held.append(BatchHeld(product, location, batch, expiry, quantity - taken))
    return held


def expiring(held: Iterable[BatchHeld], *, today: date, days: int) -> list[BatchHeld]:
    """Batches whose expiry is before the end of `days` from today (expired ones too), the
    soonest first."""
    if not 0 <= days <= 3650:
        raise DomainError(f"days ahead must be 0–3650, got {days}")
    last = today + timedelta(days=days)
    found = [b for b in held if b.expiry is not None and b.expiry <= last]
    return sorted(found, key=lambda b: (b.expiry, b.location, b.batch))


def expired(held: Iterable[BatchHeld], *, today: date) -> list[BatchHeld]:
    return [b for b in held if b.expiry is not None and b.expiry < today]


@dataclass(frozen=True, slots=True)
class Pick:
    batch: str
    expiry: date | None
    quantity_milli: int


def fefo(held: Sequence[BatchHeld], quantity_milli: int, *, today: date) -> list[Pick]:
    """Which batches to take `quantity_milli` from, first expiry first, expired ones never; the
    picks add up to less when the batches hold less (the rest has no batch to name)."""
    if quantity_milli <= 0:
        raise DomainError(f"a quantity to pick must be above zero, got {quantity_milli}")
    picks: list[Pick] = []
    left = quantity_milli
    usable = [b for b in held if b.expiry is None or b.expiry >= today]
    for batch in sorted(usable, key=_first_expiry):
        if left == 0:
            break
        take = min(batch.quantity_milli, left)
        picks.append(Pick(batch.batch, batch.expiry, take))
        left -= take
    return picks
