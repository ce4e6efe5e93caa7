"""Batches on hand, first expiry first out: unbatched sales are taken from the batch that expires
first; picks never name an expired batch; alerts list what expires within the days asked."""

from __future__ import annotations

from datetime import date

import pytest

from posapp.domain.batches import (
    BatchMoves,
    Pick,
    batches_on_hand,
    expired,
    expiring,
    fefo,
)
from posapp.domain.errors import DomainError

JAN, MAR, JUN = date(2027, 1, 31), date(2027, 3, 31), date(2027, 6, 30)


def _moves(*rows: tuple[str | None, date | None, int]) -> list[BatchMoves]:
    return [BatchMoves("MILK", "FLOOR", batch, expiry, q * 1000) for batch, expiry, q in rows]


def test_unbatched_sales_come_out_of_the_first_expiring_batch() -> None:
    held = batches_on_hand(
        _moves(("B-JUN", JUN, 10), ("B-JAN", JAN, 10), ("B-MAR", MAR, 10), (None, None, -14))
    )
    assert [(b.batch, b.quantity_milli // 1000) for b in held] == [
        ("B-MAR", 6),  # January's 10 and 4 of March's went with the sales
        ("B-JUN", 10),
    ]


def test_a_write_off_naming_its_batch_takes_from_that_batch_only() -> None:
    held = batches_on_hand(_moves(("B-JAN", JAN, 10), ("B-JUN", JUN, 10), ("B-JUN", JUN, -3)))
    assert {b.batch: b.quantity_milli for b in held} == {"B-JAN": 10_000, "B-JUN": 7_000}


def test_sales_beyond_every_batch_leave_no_batch_below_zero() -> None:
    assert batches_on_hand(_moves(("B-JAN", JAN, 2), (None, None, -5))) == []


def test_alerts_list_expired_and_soon_expiring_batches_soonest_first() -> None:
    held = batches_on_hand(_moves(("B-JUN", JUN, 1), ("B-MAR", MAR, 1), ("B-JAN", JAN, 1)))
    today = date(2027, 2, 15)
    assert [b.batch for b in expiring(held, today=today, days=60)] == ["B-JAN", "B-MAR"]
    assert [b.batch for b in expiring(held, today=today, days=0)] == ["B-JAN"]
    assert [b.batch for b in expired(held, today=today)] == ["B-JAN"]
    with pytest.raises(DomainError, match="days ahead"):
        expiring(held, today=today, days=-1)


def test_fefo_picks_the_first_expiry_first_and_never_an_expired_batch() -> None:
    held = batches_on_hand(_moves(("B-JUN", JUN, 5), ("B-MAR", MAR, 4), ("B-JAN", JAN, 9)))
    picks = fefo(held, 7_000, today=date(2027, 2, 1))
    assert picks == [Pick("B-MAR", MAR, 4_000), Pick("B-JUN", JUN, 3_000)]
    assert sum(p.quantity_milli for p in fefo(held, 50_000, today=date(2027, 2, 1))) == 9_000
    with pytest.raises(DomainError, match="above zero"):
        fefo(held, 0, today=date(2027, 2, 1))
