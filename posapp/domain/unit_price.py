"""The unit price a shelf label must show beside the price (price per kg, per litre), read from
the content size in the product's name ("Basmati Rice 500 g", "Lemonade 1.5 L") when the product
is not sold by weight already."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from posapp.domain.money import Money

# Content sizes and what they are per: g and kg → per kg; ml, cl, l → per litre.
_SIZE = re.compile(r"(\d+(?:[.,]\d+)?)\s*(kg|g|ml|cl|l)\b", re.IGNORECASE)
_PER = {
    "g": ("kg", Decimal("0.001")),
    "kg": ("kg", Decimal(1)),
    "ml": ("l", Decimal("0.001")),
    "cl": ("l", Decimal("0.01")),
    "l": ("l", Decimal(1)),
}


@dataclass(frozen=True, slots=True)
class UnitPrice:
    price: Money
    per: str  # "kg" or "l"


def unit_price(price: Money, name: str, unit: str) -> UnitPrice | None:
    """Price per kg or litre; a weighed product's price already is one. None when the name
    carries no content size."""
    if unit in ("kg", "l"):
        return UnitPrice(price, unit)
    found = list(_SIZE.finditer(name))
    if not found:
        return None
    amount, size_unit = found[-1].groups()  # the last size: "2 x 250 g" is about the 250 g
    per, factor = _PER[size_unit.lower()]
    content = Decimal(amount.replace(",", ".")) * factor
    if content <= 0:
        return None
    return UnitPrice(price.multiply(1 / content), per)
