"""Sales tax on document lines: inclusive or exclusive prices, several rates per line.

Named policies:
- `PriceMode.INCLUSIVE`: the line amount is what the customer pays; tax is carved out of it.
  `PriceMode.EXCLUSIVE`: the line amount is net; tax is added on top.
- `TaxRounding.PER_LINE`: each line's tax is rounded to the minor unit, the document sums lines.
  `TaxRounding.PER_DOCUMENT`: exact tax is summed per rate over the document and rounded once per
  rate; the rounding difference is given to the line with the largest tax for that rate, so the
  lines still add up to the document.

Several rates on one line (VAT plus a levy) apply side by side to the same net base. Per line, the
combined tax is rounded once and split between the rates by largest remainder: that keeps an
inclusive → exclusive round trip within one minor unit per line, however many rates there are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from fractions import Fraction

from posapp.domain.errors import DomainError
from posapp.domain.money import Money, allocate_minor

_PPM = 1_000_000


class PriceMode(Enum):
    INCLUSIVE = "inclusive"
    EXCLUSIVE = "exclusive"


class TaxRounding(Enum):
    PER_LINE = "per_line"
    PER_DOCUMENT = "per_document"


@dataclass(frozen=True, slots=True)
class TaxRate:
    """One rate of one tax, in parts per million (20 % = 200_000 ppm, 7.25 % = 72_500)."""

    code: str
    rate_ppm: int

    def __post_init__(self) -> None:
        if not 0 <= self.rate_ppm <= 1_000_000:
            raise DomainError(f"tax rate {self.code!r} must be 0–100 %, got {self.rate_ppm} ppm")

    @property
    def percent(self) -> Decimal:
        return Decimal(self.rate_ppm) / Decimal(10_000)


@dataclass(frozen=True, slots=True)
class TaxableLine:
    """A line's amount after discounts (gross or net per the price mode) and its tax rates."""

    amount: Money
    rates: tuple[TaxRate, ...]


@dataclass(frozen=True, slots=True)
class LineTax:
    net: Money
    tax: Money
    gross: Money
    tax_by_rate: tuple[tuple[str, Money], ...]


@dataclass(frozen=True, slots=True)
class RateTotal:
    code: str
    rate_ppm: int
    base: Money
    tax: Money


@dataclass(frozen=True, slots=True)
class TaxSummary:
    net: Money
    tax: Money
    gross: Money
    lines: tuple[LineTax, ...]
    by_rate: tuple[RateTotal, ...]


def _round(value: Fraction) -> int:
    """Half away from zero, like `ROUNDING` for Money."""
    magnitude = abs(value)
    rounded = int(magnitude + Fraction(1, 2))  # int() truncates: floor for non-negatives
    return rounded if value >= 0 else -rounded


def _exact_tax_by_rate(line: TaxableLine, mode: PriceMode) -> list[Fraction]:
    """Exact tax per rate of one line, in minor units, as fractions: an inclusive share such as
    31205 / 6 repeats forever in decimal, and a document's sum of such shares must not depend on
    the order the lines were added in."""
    amount = Fraction(line.amount.minor)
    combined = sum((Fraction(rate.rate_ppm, 1_000_000) for rate in line.rates), Fraction(0))
    net = amount if mode is PriceMode.EXCLUSIVE else amount / (1 + combined)
    return [net * Fraction(rate.rate_ppm, 1_000_000) for rate in line.rates]


def _round_ratio(numerator: int, denominator: int) -> int:
    """numerator / denominator (> 0) rounded half away from zero, in integers only."""
    magnitude = (2 * abs(numerator) + denominator) // (2 * denominator)
    return magnitude if numerator >= 0 else -magnitude


def _line_taxes_per_line(line: TaxableLine, mode: PriceMode) -> list[int]:
    """The line's combined tax rounded once, split between its rates by largest remainder.
    Integer arithmetic: this runs for every line of every basket total the till shows."""
    weights = [rate.rate_ppm for rate in line.rates]
    combined = sum(weights)
    if not combined:
        return [0 for _ in weights]
    denominator = _PPM if mode is PriceMode.EXCLUSIVE else _PPM + combined
    total_tax = _round_ratio(line.amount.minor * combined, denominator)
    return allocate_minor(total_tax, weights)


def _line_taxes_per_document(lines: Sequence[TaxableLine], mode: PriceMode) -> list[list[int]]:
    exact = [_exact_tax_by_rate(line, mode) for line in lines]
    rounded = [[_round(tax) for tax in line_exact] for line_exact in exact]
    codes = sorted({rate.code for line in lines for rate in line.rates})
    for code in codes:
        places = [
            (i, j)
            for i, line in enumerate(lines)
            for j, r in enumerate(line.rates)
            if r.code == code
        ]
        document_exact = sum((exact[i][j] for i, j in places), Fraction(0))
        difference = _round(document_exact) - sum(rounded[i][j] for i, j in places)
        if difference:
            # Largest exact tax takes the difference; ties go to the earliest line.
            i, j = max(places, key=lambda p: (abs(exact[p[0]][p[1]]), -p[0]))
            rounded[i][j] += difference
    return rounded


def compute_tax(
    lines: Sequence[TaxableLine], *, mode: PriceMode, rounding: TaxRounding, currency: str
) -> TaxSummary:
    """Net, tax and gross of every line and of the whole document, with a per-rate breakdown."""
    for line in lines:
        if line.amount.currency != currency:
            raise DomainError(f"line in {line.amount.currency} on a {currency} document")
    if rounding is TaxRounding.PER_LINE:
        taxes = [_line_taxes_per_line(line, mode) for line in lines]
    else:
        taxes = _line_taxes_per_document(lines, mode)

    line_results = []
    rate_base: dict[tuple[str, int], int] = {}
    rate_tax: dict[tuple[str, int], int] = {}
    for line, line_taxes in zip(lines, taxes, strict=True):
        tax = sum(line_taxes)
        net = line.amount.minor if mode is PriceMode.EXCLUSIVE else line.amount.minor - tax
        gross = net + tax
        for rate, rate_amount in zip(line.rates, line_taxes, strict=True):
            key = (rate.code, rate.rate_ppm)
            rate_base[key] = rate_base.get(key, 0) + net
            rate_tax[key] = rate_tax.get(key, 0) + rate_amount
        line_results.append(
            LineTax(
                net=Money(net, currency),
                tax=Money(tax, currency),
                gross=Money(gross, currency),
                tax_by_rate=tuple(
                    (r.code, Money(t, currency))
                    for r, t in zip(line.rates, line_taxes, strict=True)
                ),
            )
        )
    by_rate = tuple(
        RateTotal(
            code,
            ppm,
            Money(rate_base[(code, ppm)], currency),
            Money(rate_tax[(code, ppm)], currency),
        )
        for code, ppm in sorted(rate_base)
    )
    return TaxSummary(
        net=Money(sum(r.net.minor for r in line_results), currency),
        tax=Money(sum(r.tax.minor for r in line_results), currency),
        gross=Money(sum(r.gross.minor for r in line_results), currency),
        lines=tuple(line_results),
        by_rate=by_rate,
    )
