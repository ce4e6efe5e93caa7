"""Costing: what the goods a movement took out cost, and what the goods still here are worth.

Pure rules, no storage. A product's movements in one costing scope (a store, or the chain) are
replayed in business order — business time as the node recorded it, then node, then the node's
own sequence (`OrderKey`) — through a `CostState` kept by FIFO layers or a moving average.
Replaying from a saved state at any point gives the same costs as replaying from the start,
which is what lets a late movement be costed by replaying from where it belongs, for its product
and scope only (services.costing)."""

from posapp.domain.costing.engine import Outcome, Taken, cost_movement, replay
from posapp.domain.costing.landed import LandedBasis, ReceiptLineShare, allocate_landed
from posapp.domain.costing.movements import (
    INTERNAL_REASONS,
    CostFlow,
    CostMethod,
    CostMovement,
    OrderKey,
    flow_of,
    half_up,
)
from posapp.domain.costing.state import CostState, Layer, UnitCost

__all__ = [
    "INTERNAL_REASONS",
    "CostFlow",
    "CostMethod",
    "CostMovement",
    "CostState",
    "LandedBasis",
    "Layer",
    "OrderKey",
    "Outcome",
    "ReceiptLineShare",
    "Taken",
    "UnitCost",
    "allocate_landed",
    "cost_movement",
    "flow_of",
    "half_up",
    "replay",
]
