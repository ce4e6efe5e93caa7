"""Timing helpers and the printed table every benchmark uses."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")


def time_each(items: Iterable[T], action: Callable[[T], object]) -> list[float]:
    """Milliseconds each call of `action` took."""
    timings = []
    for item in items:
        started = time.perf_counter_ns()
        action(item)
        timings.append((time.perf_counter_ns() - started) / 1e6)
    return timings


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
