"""Timing helpers and the printed table every benchmark uses."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TypeVar

from posapp.services.costing import StockValue

T = TypeVar("T")


def time_each(items: Iterable[T], action: Callable[[T], object]) -> list[float]:
    """Milliseconds each call of `action` took."""
    timings = []
    for item in items:
        started = time.perf_counter_ns()
        action(item)
        timings.append((time.perf_counter_ns() - started) / 1e6)
    return timings


def valued_as_of(
    value: Callable[[date], StockValue], days: Sequence[tuple[str, date]], shown: int
) -> tuple[list[tuple[str, str, str]], StockValue]:
    """A valuation benchmark's rows: each day valued once to warm the cache, then timed; the
    last day's valuation with them (a bench may compare it with another way to the value)."""
    rows, valued = [], None
    for label, day in days:
        value(day)
        started = time.perf_counter()
        valued = value(day)
        seconds = time.perf_counter() - started
        assert len(valued.rows) == shown
        total = f"total {valued.total_minor / 100:,.2f}"
        rows.append(
            (
                f"as of {label}",
                f"{seconds:.2f} s",
                f"budget 2 s · {valued.row_count:,} rows, {total}",
            )
        )
    assert valued is not None
    return rows, valued


def percentile(timings: Sequence[float], p: float) -> float:
    ordered = sorted(timings)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def summary(timings: Sequence[float]) -> str:
    return (
        f"p50 {percentile(timings, 50):.3f} ms  p95 {percentile(timings, 95):.3f} ms  "
        f"p99 {percentile(timings, 99):.3f} ms  max {max(timings):.3f} ms  "
        f"(n={len(timings):,}, mean {statistics.fmean(timings):.3f})"
    )


def verdict(value: float, budget: float) -> str:
    return f"budget {budget:g} ms: {'within' if value <= budget else 'OVER'}"


def report(title: str, rows: Sequence[tuple[str, str, str]]) -> None:
    print(f"\n=== {title}")
    width = max(len(name) for name, _, _ in rows)
    for name, value, note in rows:
        print(f"  {name:<{width}}  {value}  {note}".rstrip())
