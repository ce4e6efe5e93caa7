"""Quantities: Decimal in the domain, integer thousandths in storage (grams, pieces × 1000)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from posapp.domain.errors import InvalidQuantity
from posapp.domain.numbers import decimal_places, parse_typed_decimal

SCALE = 1000  # thousandths: 1 piece = 1000, 1 kg = 1000 g
_DECIMALS = 3
# A line may not exceed this many units: a typo like 1e9 must be refused, not sold.
MAX_LINE_QUANTITY = Decimal(100_000)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A quantity of pieces or of a measured unit, exact to a thousandth."""

    value: Decimal

    def __post_init__(self) -> None:
        if not isinstance(self.value, Decimal) or not self.value.is_finite():
            raise InvalidQuantity(f"{self.value!r} is not a quantity")
        if decimal_places(self.value.normalize()) > _DECIMALS:
            raise InvalidQuantity(f"{self.value} has more than {_DECIMALS} decimal places")

    @classmethod
    def of(cls, value: int | str | Decimal) -> Quantity:
        return cls(Decimal(value))

    @classmethod
    def from_thousandths(cls, thousandths: int) -> Quantity:
        return cls(Decimal(thousandths).scaleb(-_DECIMALS))

    @classmethod
    def parse(cls, text: str) -> Quantity:
        """Parse what a person typed ("2", "1,5", "0.250"); refuse words, exponents and blanks."""
        value = parse_typed_decimal(text)
        if value is None:
            raise InvalidQuantity(f"{text!r} is not a quantity")
        return cls(value)

    @property
    def thousandths(self) -> int:
        return int(self.value.scaleb(_DECIMALS))

    def is_whole(self) -> bool:
        return self.value == self.value.to_integral_value()

    def __add__(self, other: Quantity) -> Quantity:
        return Quantity(self.value + other.value)

    def __sub__(self, other: Quantity) -> Quantity:
        return Quantity(self.value - other.value)

    def __mul__(self, factor: Quantity) -> Quantity:
        return Quantity((self.value * factor.value).quantize(Decimal(1).scaleb(-_DECIMALS)))

    def __neg__(self) -> Quantity:
        return Quantity(-self.value)

    def __lt__(self, other: Quantity) -> bool:
        return self.value < other.value

    def __le__(self, other: Quantity) -> bool:
        return self.value <= other.value

    def __str__(self) -> str:
        return format(self.value.normalize(), "f") if self.value else "0"


# Units sold by count take whole quantities; measured units (and weighed items) take fractions.
COUNTED_UNITS = ("pc", "box", "pack")
MEASURED_UNITS = ("kg", "g", "l", "ml", "m")
UNITS = COUNTED_UNITS + MEASURED_UNITS


def validate_item_quantity(quantity: Quantity, *, unit: str, weighed: bool, name: str) -> Quantity:
    """A line quantity that also suits how the item is sold: 1.5 of a piece is a typo."""
    validate_line_quantity(quantity)
    if not weighed and unit in COUNTED_UNITS and not quantity.is_whole():
        per = "by the piece" if unit == "pc" else f"by the {unit}"
        raise InvalidQuantity(f"{name} is sold {per}: the quantity must be whole, not {quantity}")
    return quantity


def validate_line_quantity(quantity: Quantity) -> Quantity:
    """A quantity a cashier may put on a sale line: positive and not absurd."""
    if quantity.value <= 0:
        raise InvalidQuantity(f"quantity must be more than 0, got {quantity}")
    if quantity.value > MAX_LINE_QUANTITY:
        raise InvalidQuantity(f"quantity {quantity} is more than the limit of {MAX_LINE_QUANTITY}")
    return quantity
