"""Landed costs (freight, duty) spread over a receipt's lines: by value unless the receipt
says by quantity or by weight. Largest remainder, so the parts always sum to the charge."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from posapp.domain.money import allocate_minor


class LandedBasis(StrEnum):
    VALUE = "value"
    QUANTITY = "quantity"
    WEIGHT = "weight"


@dataclass(frozen=True)
class ReceiptLineShare:
    value_minor: int
    quantity_milli: int
    weight_grams: int = 0


def allocate_landed(
    charge_minor: int, lines: Sequence[ReceiptLineShare], basis: LandedBasis
) -> list[int]:
    """Each line's part of `charge_minor`. A basis every line has nothing of (no weights
    recorded) falls back to quantity, so a charge is never left unspread."""
    if not lines:
        raise ValueError("a landed cost needs a receipt with lines")
    weights = {
        LandedBasis.VALUE: [line.value_minor for line in lines],
        LandedBasis.QUANTITY: [line.quantity_milli for line in lines],
        LandedBasis.WEIGHT: [line.weight_grams for line in lines],
    }[basis]
    if not any(weights):
        weights = [line.quantity_milli for line in lines]
    return allocate_minor(charge_minor, weights)
