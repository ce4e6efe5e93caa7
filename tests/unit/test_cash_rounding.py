import pytest

from posapp.domain.errors import DomainError
from posapp.domain.money import Money
from posapp.domain.payment import CashRounding


@pytest.mark.parametrize(
    ("minor", "rounded"),
    [
        (1001, 1000),
        (1002, 1000),
        (1003, 1005),
        (1025, 1025),
        (1027, 1025),
        (1028, 1030),
        (-1003, -1005),
        (-1002, -1000),
        (0, 0),
    ],
)
def test_rounds_to_five_cents_halves_away_from_zero(minor: int, rounded: int) -> None:
    assert CashRounding(step_minor=5).apply(Money(minor, "EUR")).minor == rounded


def test_ten_cent_step_and_difference() -> None:
    policy = CashRounding(step_minor=10)
    assert policy.apply(Money(1249, "EUR")).minor == 1250
    assert policy.apply(Money(1244, "EUR")).minor == 1240
    assert policy.difference(Money(1244, "EUR")) == Money(-4, "EUR")


def test_step_of_one_changes_nothing() -> None:
    assert CashRounding().apply(Money(1234, "EUR")) == Money(1234, "EUR")


def test_step_must_be_positive() -> None:
    with pytest.raises(DomainError):
        CashRounding(step_minor=0)
