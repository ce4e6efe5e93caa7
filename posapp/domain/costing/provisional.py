"""The margin a till can show while the sale is rung up: provisional, because it prices the goods
at the product's last cost (what the catalogue says a unit cost when it was last bought), not at
the cost the costing ledger will give the sale once every earlier movement is known.

Margin is net of tax: what the shop keeps of the line (after discounts) minus what the goods
cost. A line whose product has no cost yet is left out and counted, so the figure never claims
a 100 % margin on goods nobody has costed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from posapp.domain.basket import PricedLine
from posapp.domain.money import Money


@dataclass(frozen=True, slots=True)
class LineMargin:
    net: Money  # what the line brings in, after discounts, without tax
    cost: Money  # last cost × quantity, half-up to the minor unit
    margin: Money

    @property
    def percent(self) -> Decimal | None:
        """Margin as a share of the net amount, one decimal; None when the line brings nothing."""
        if self.net.is_zero():
            return None
        return (Decimal(self.margin.minor) * 100 / Decimal(self.net.minor)).quantize(Decimal("0.1"))


@dataclass(frozen=True, slots=True)
class ProvisionalMargin:
    lines: tuple[LineMargin | None, ...]  # one per basket line; None where no cost is known
    total: LineMargin | None  # over the costed lines; None when no line is costed

    @property
    def uncosted_lines(self) -> int:
        return sum(1 for line in self.lines if line is None)


def line_margin(priced: PricedLine) -> LineMargin | None:
    cost = priced.line.item.cost
    if cost is None:
        return None
    net = priced.tax.net
    goods = cost.multiply(priced.line.quantity.value)
    return LineMargin(net, goods, net - goods)


def provisional_margin(lines: Sequence[PricedLine], currency: str) -> ProvisionalMargin:
    margins = tuple(line_margin(priced) for priced in lines)
    costed = [margin for margin in margins if margin is not None]
    if not costed:
        return ProvisionalMargin(margins, None)
    net = Money(sum(margin.net.minor for margin in costed), currency)
    cost = Money(sum(margin.cost.minor for margin in costed), currency)
    return ProvisionalMargin(margins, LineMargin(net, cost, net - cost))
