"""Grouping promotions over a whole basket (buy X get Y, N for a price): they need several units,
possibly of different products in one category, and are worked out as discounts on the lines
whose units they take, always the cheapest units free (what shops do, and what customers
expect). The unit prices they start from come from `pricing`."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from posapp.domain.money import allocate_minor
from posapp.domain.pricing import Promotion, PromotionKind, convert_price
from posapp.domain.tax import PriceMode, TaxRate

# Every ordered choice of the grouping promotions in one basket is tried up to this many (64
# evaluations for 4); beyond it, each alone and all together. The order matters: whichever goes
# first takes its units. Real baskets rarely meet more than two.
EXHAUSTIVE_UP_TO = 4


@dataclass(frozen=True, slots=True)
class PoolLine:
    """A basket line as grouping promotions see it: whole units at one unit price."""

    unit_minor: int
    units: int
    promotions: frozenset[str]  # codes of the grouping promotions covering it
    rates: tuple[TaxRate, ...] = ()


@dataclass(frozen=True, slots=True)
class GroupingResult:
    discounts: tuple[int, ...]  # per line, in minor units
    reasons: tuple[str, ...]  # per line: the promotion names that took units from it

    @property
    def total(self) -> int:
        return sum(self.discounts)


def grouping_discounts(
    lines: Sequence[PoolLine], promotions: Mapping[str, Promotion], mode: PriceMode
) -> GroupingResult:
    """The best the grouping promotions can do for this basket: the combination and order (each
    unit used by at most one promotion) that takes the most off."""
    nothing = GroupingResult((0,) * len(lines), ("",) * len(lines))
    codes = sorted(code for code in promotions if any(code in line.promotions for line in lines))
    if not codes:
        return nothing
    if len(codes) <= EXHAUSTIVE_UP_TO:
        subsets: list[tuple[str, ...]] = [
            ordered
            for size in range(1, len(codes) + 1)
            for ordered in itertools.permutations(codes, size)
        ]
    else:
        subsets = [(code,) for code in codes] + [tuple(codes)]
    best = nothing
    for subset in subsets:
        result = _apply_in_order(lines, [promotions[code] for code in subset], mode)
        if result.total > best.total:
            best = result
    return best


def _apply_in_order(
    lines: Sequence[PoolLine], chosen: Sequence[Promotion], mode: PriceMode
) -> GroupingResult:
    left = [line.units for line in lines]
    discounts = [0] * len(lines)
    reasons: list[list[str]] = [[] for _ in lines]
    for promotion in chosen:
        # Every unit it could take, dearest first; ties by line order so results are stable.
        units = sorted(
            (
                (line.unit_minor, index)
                for index, line in enumerate(lines)
                if promotion.code in line.promotions
                for _ in range(left[index])
            ),
            key=lambda unit: (-unit[0], unit[1]),
        )
        taken: list[int] = []
        if promotion.kind is PromotionKind.BUY_X_GET_Y:
            size = promotion.buy + promotion.free
            for start in range(0, len(units) - size + 1, size):
                group = units[start : start + size]
                taken.extend(index for _, index in group)
                for price, index in group[promotion.buy :]:  # the cheapest of the group
                    discounts[index] += price
                    _note(reasons[index], promotion.name)
        else:  # MULTI_BUY
            assert promotion.amount_minor is not None
            size = promotion.buy
            for start in range(0, len(units) - size + 1, size):
                group = units[start : start + size]
                bundle = convert_price(
                    promotion.amount_minor, promotion.tax_inclusive, mode, lines[group[0][1]].rates
                )
                full = sum(price for price, _ in group)
                if full <= bundle:
                    break  # later groups are cheaper still: the bundle would cost more
                shares = allocate_minor(full - bundle, [price for price, _ in group])
                for share, (_, index) in zip(shares, group, strict=True):
                    discounts[index] += share
                    _note(reasons[index], promotion.name)
                taken.extend(index for _, index in group)
        for index in taken:
            left[index] -= 1
    return GroupingResult(tuple(discounts), tuple(", ".join(names) for names in reasons))


def _note(names: list[str], name: str) -> None:
    if name not in names:
        names.append(name)
