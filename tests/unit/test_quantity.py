from decimal import Decimal

import pytest

from posapp.domain.errors import InvalidQuantity
from posapp.domain.quantity import Quantity, validate_line_quantity


@pytest.mark.parametrize(
    ("typed", "thousandths"),
    [("2", 2000), ("1,5", 1500), ("0.250", 250), ("0.001", 1), ("12.", 12000)],
)
def test_parse_and_store_as_thousandths(typed: str, thousandths: int) -> None:
    quantity = Quantity.parse(typed)
    assert quantity.thousandths == thousandths
    assert Quantity.from_thousandths(thousandths) == quantity


@pytest.mark.parametrize("typed", ["abc", "1e9", "", "1,2,3", "0.0001", "½"])
def test_parse_refuses_non_quantities(typed: str) -> None:
    with pytest.raises(InvalidQuantity):
        Quantity.parse(typed)


@pytest.mark.parametrize("typed", ["0", "-5", "100001"], ids=["zero", "negative", "absurd"])
def test_line_quantity_must_be_positive_and_sane(typed: str) -> None:
    with pytest.raises(InvalidQuantity):
        validate_line_quantity(Quantity.parse(typed))


def test_line_quantity_accepts_a_weight() -> None:
    assert validate_line_quantity(Quantity.parse("0.347")).value == Decimal("0.347")


def test_arithmetic_stays_exact() -> None:
    assert Quantity.of("0.1") + Quantity.of("0.2") == Quantity.of("0.3")
    assert (Quantity.of(12) * Quantity.of("0.5")).thousandths == 6000
    assert str(Quantity.of("1.500")) == "1.5"
    assert Quantity.of(3).is_whole()
    assert not Quantity.of("0.5").is_whole()
