"""What the back office's cost pages read: the value of the stock as of a day, and why a sale's
lines cost what they did with the profit each earned. Bootstrap implements `CostsAdmin` where
the costs are kept (a shop without head office: its own store)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from posapp.domain.money import allocate_minor


@dataclass(frozen=True)
class ValuedStock:
    sku: str
    name: str
    location: str
    quantity_milli: int
    value_minor: int


@dataclass(frozen=True)
class StockValue:
    """The value of the stock as of a day: its most valuable rows and the whole of it."""

    rows: list[ValuedStock]  # the most valuable first, at most the number asked for
    total_minor: int
    row_count: int  # product and location pairs holding stock (or owing it)


Held = tuple[str, str, str, int]  # sku, name, location, quantity (thousandths)


def shares_of(value_minor: int, quantities: Sequence[int]) -> list[int]:
    """A product's value (costs are kept per store) shared among its places by the quantity
    each holds, largest remainder, so the shares add up to it. A place owing stock takes none
    — unless no place holds any: then the first place carries the whole (the value of goods
    sold before they came), so that every row of the store adds up to its value."""
    weights = [max(quantity, 0) for quantity in quantities]
    if any(weights):
        return allocate_minor(value_minor, weights)
    return [value_minor if n == 0 else 0 for n in range(len(quantities))]


def most_valuable(
    top: Sequence[Hashable], held: Mapping[Hashable, tuple[int, list[Held]]], rows: int
) -> list[ValuedStock]:
    """The places of the products in `top` (most valuable first), at most `rows` of them, each
    with its share of the product's value (`shares_of`)."""
    valued: list[ValuedStock] = []
    for key in dict.fromkeys(top):
        value, places = held.get(key, (0, []))
        shares = shares_of(value, [quantity for *_, quantity in places])
        shown = [
            ValuedStock(sku, name, location, quantity, share)
            for (sku, name, location, quantity), share in zip(places, shares, strict=True)
        ]
        valued.extend(sorted(shown, key=lambda row: -row.value_minor))
    return valued[:rows]


@dataclass(frozen=True)
class TakenFrom:
    quantity_milli: int
    value_minor: int
    source: str  # the document and date the goods came in with, "average", or "not here"


@dataclass(frozen=True)
class CostedLine:
    sku: str
    quantity_milli: int  # as the ledger moved it: a sale's negative, a return's positive
    cost_minor: int | None  # None: not costed yet
    taken: tuple[TakenFrom, ...]
    net_minor: int  # sold for, without tax

    @property
    def profit_minor(self) -> int | None:
        return None if self.cost_minor is None else self.net_minor - self.cost_minor


@dataclass(frozen=True)
class DocumentProfit:
    """A sale's totals over its costed lines; `uncosted` lines are left out, and counted."""

    net_minor: int
    cost_minor: int
    uncosted: int

    @property
    def profit_minor(self) -> int:
        return self.net_minor - self.cost_minor

    @property
    def margin_percent(self) -> Decimal | None:
        if not self.net_minor:
            return None
        return (Decimal(self.profit_minor) * 100 / self.net_minor).quantize(Decimal("0.1"))


def document_profit(lines: list[CostedLine]) -> DocumentProfit:
    costed = [line for line in lines if line.cost_minor is not None]
    return DocumentProfit(
        sum(line.net_minor for line in costed),
        sum(line.cost_minor or 0 for line in costed),
        len(lines) - len(costed),
    )


class CostsAdmin(Protocol):
    def currency(self) -> str: ...

    def valuation(self, as_of: date, rows: int) -> StockValue:
        """The most valuable `rows` product and location pairs and the total, costing what is
        waiting first."""
        ...

    def why(self, sale_number: str) -> list[CostedLine]:
        """Each line of the sale with the goods it took; empty when no such sale. Refused with
        NotPermitted for a role that may not see costs."""
        ...
