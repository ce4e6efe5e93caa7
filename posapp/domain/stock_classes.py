"""What the stock reports work out per product: how old the stock on hand is, ABC classes by a
measure and XYZ classes by how much weekly demand varies.

- Age: the stock on hand is taken to be what came in last (first in, first out), so it is
  spread over the most recent inflows, newest first; what the inflows do not cover (stock older
  than the ledger, or brought in by an opening count) is the oldest.
- ABC: products ranked by the measure, largest first; a product is A while the share before it
  is under A's threshold (so the product that crosses it is still A), B while under A + B, else
  C. Products whose measure is zero or less are C.
- XYZ: the coefficient of variation (population standard deviation over the mean) of the
  product's demand in each ISO week of the span, weeks without a sale counting as zero; a
  product with no demand is Z."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

AGES = (  # the ageing report's columns, by the most days old each holds
    ("age_30", 30),
    ("age_60", 60),
    ("age_90", 90),
    ("age_180", 180),
)
OLDEST = "age_more"
_TENTH = Decimal("0.1")


def aged(on_hand_milli: int, inflows: Iterable[tuple[date, int]], as_of: date) -> dict[str, int]:
    """The quantity on hand by age, from the inflows (day, quantity) newest first."""
    buckets = dict.fromkeys([name for name, _ in AGES] + [OLDEST], 0)
    left = max(on_hand_milli, 0)  # stock owed has no age
    for day, quantity in inflows:
        if left <= 0:
            break
        taken = min(quantity, left)
        days = (as_of - day).days
        name = next((n for n, most in AGES if days <= most), OLDEST)
        buckets[name] += taken
        left -= taken
    buckets[OLDEST] += left
    return buckets


@dataclass(frozen=True)
class Ranked:
    share: Decimal | None  # of the whole measure, in %
    cumulative: Decimal | None
    abc: str


def abc_classes(
    measures: Sequence[tuple[Hashable, int]], a_percent: int, b_percent: int
) -> dict[Hashable, Ranked]:
    """Each product's share, cumulative share and class, in whole numbers until the end (a
    chain's catalogue is classed in one go)."""
    whole = sum(value for _, value in measures if value > 0)
    found: dict[Hashable, Ranked] = {}
    before = 0
    for key, value in sorted(measures, key=lambda kv: -kv[1]):
        if value <= 0 or whole == 0:
            found[key] = Ranked(None, None, "C")
            continue
        # The share before this product under A's threshold (before / whole < a %): it is A.
        kind = (
            "A"
            if before * 100 < a_percent * whole
            else "B"
            if before * 100 < (a_percent + b_percent) * whole
            else "C"
        )
        before += value
        found[key] = Ranked(_percent(value, whole), _percent(before, whole), kind)
    return found


def variation(weekly: Sequence[int]) -> Decimal | None:
    """The coefficient of variation of weekly demand, in %; None when there was none."""
    return variation_of(sum(weekly), sum(w * w for w in weekly), len(weekly))


def variation_of(total: int, squares: int, weeks: int) -> Decimal | None:
    """The same from the sum of the weeks' demand and of its squares, over `weeks` weeks: the
    standard deviation over the mean is √(weeks · squares − total²) / total. Worked out in whole
    numbers, exactly: the tenths of a percent are √X / total rounded half up, X = that
    difference × 1,000,000."""
    if weeks <= 0 or total <= 0:
        return None
    scaled = max(weeks * squares - total * total, 0) * 1_000_000
    root = math.isqrt(scaled)  # √X rounded down; the tenths are ⌊(2√X + total) / (2 total)⌋
    tenths = (2 * root + total) // (2 * total)
    if 4 * scaled >= ((2 * tenths + 1) * total) ** 2:  # √X itself reaches the next one
        tenths += 1
    return Decimal(tenths).scaleb(-1)


def xyz_class(percent: Decimal | None, x_percent: int, y_percent: int) -> str:
    if percent is None:
        return "Z"
    return "X" if percent <= x_percent else "Y" if percent <= y_percent else "Z"


def sell_through(sold_milli: int, on_hand_milli: int) -> Decimal | None:
    """What sold as a share of what was there to sell: sold over sold plus what is left."""
    there = sold_milli + max(on_hand_milli, 0)
    if there <= 0:
        return None
    return _tenth(Decimal(sold_milli) * 100 / there)


def _tenth(value: Decimal) -> Decimal:
    return value.quantize(_TENTH, ROUND_HALF_UP)


def _percent(part: int, whole: int) -> Decimal:
    """part / whole in %, to a tenth, half up (both positive)."""
    return Decimal((2000 * part + whole) // (2 * whole)).scaleb(-1)
