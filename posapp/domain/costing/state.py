"""What a product holds in one costing scope at one point of its costing order: FIFO layers or
an average pool, the goods that went out before they came in, and the last cost. A state can
be saved (`to_record`) and read back (`from_record`) so a replay can start from any point."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from posapp.domain.costing.movements import CostMethod, OrderKey, half_up


@dataclass(frozen=True)
class UnitCost:
    """A cost per unit kept as the ratio it came from (value of so many thousandths), so that
    costing a part of it rounds once."""

    value_minor: int
    quantity_milli: int

    def of(self, quantity_milli: int) -> int:
        return half_up(self.value_minor * quantity_milli, self.quantity_milli)

    @property
    def per_unit_minor(self) -> int:
        return self.of(1000)


@dataclass
class Layer:
    """Goods that came in together, at one value. A FIFO layer's slices are costed
    cumulatively — what the first `taken` thousandths are worth, rounded once — so however the
    layer is split, its parts sum to its value."""

    source_id: uuid.UUID | None  # the movement that brought it (None: an average pool)
    order: OrderKey | None
    quantity_milli: int
    value_minor: int
    taken_milli: int = 0

    @property
    def remaining_milli(self) -> int:
        return self.quantity_milli - self.taken_milli

    @property
    def remaining_value(self) -> int:
        return self.value_minor - self._worth(self.taken_milli)

    def take(self, quantity_milli: int) -> int:
        value = self._worth(self.taken_milli + quantity_milli) - self._worth(self.taken_milli)
        self.taken_milli += quantity_milli
        return value

    def _worth(self, quantity_milli: int) -> int:
        return half_up(self.value_minor * quantity_milli, self.quantity_milli)


@dataclass
class CostState:
    method: CostMethod
    layers: list[Layer] = field(default_factory=list)  # FIFO: oldest first; average: the pool
    # Goods that went out while none were here, costed at the last cost; the next inflow fills
    # them and posts the difference as a true-up.
    short_milli: int = 0
    short_value: int = 0
    last: UnitCost | None = None  # the last cost goods came in at (receipts, transfers in)

    @property
    def on_hand_milli(self) -> int:
        return sum(layer.remaining_milli for layer in self.layers) - self.short_milli

    @property
    def value_minor(self) -> int:
        return sum(layer.remaining_value for layer in self.layers) - self.short_value

    def current_unit(self) -> UnitCost:
        """What one more unit found or returned without a known cost is worth: the average
        while the pool holds goods, else the last cost (FIFO: always the last cost)."""
        pool = self.layers[0] if self.method is CostMethod.AVERAGE and self.layers else None
        if pool is not None and pool.remaining_milli > 0:
            return UnitCost(pool.remaining_value, pool.remaining_milli)
        return self.last if self.last is not None else UnitCost(0, 1000)

    def to_record(self) -> dict[str, Any]:
        return {
            "method": self.method.value,
            "layers": [_layer_record(layer) for layer in self.layers],
            "short": [self.short_milli, self.short_value],
            "last": None
            if self.last is None
            else [self.last.value_minor, self.last.quantity_milli],
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> CostState:
        last = record["last"]
        return cls(
            method=CostMethod(record["method"]),
            layers=[_layer_of(item) for item in record["layers"]],
            short_milli=record["short"][0],
            short_value=record["short"][1],
            last=None if last is None else UnitCost(last[0], last[1]),
        )


def _last_record(last: UnitCost | None) -> list[int] | None:
    return None if last is None else [last.value_minor, last.quantity_milli]


def _layer_record(layer: Layer) -> list[Any]:
    order = layer.order
    return [
        None if layer.source_id is None else str(layer.source_id),
        None
        if order is None
        else [order.business_at.isoformat(), order.node, order.seq, order.movement],
        layer.quantity_milli,
        layer.value_minor,
        layer.taken_milli,
    ]


def _layer_of(item: list[Any]) -> Layer:
    source, order, quantity, value, taken = item
    return Layer(
        source_id=None if source is None else uuid.UUID(source),
        order=None
        if order is None
        else OrderKey(datetime.fromisoformat(order[0]), order[1], order[2], order[3]),
        quantity_milli=quantity,
        value_minor=value,
        taken_milli=taken,
    )
