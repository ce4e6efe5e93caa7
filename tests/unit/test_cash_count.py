import pytest

from posapp.domain.cash_count import CashCount, InvalidCount, count_of
from posapp.domain.money import Money


@pytest.mark.parametrize("minor", [0, 1, 3, 4567, 123_456])
def test_count_of_is_the_amount_in_the_fewest_pieces(minor: int) -> None:
    count = count_of(Money(minor, "EUR"))
    assert count.total == Money(minor, "EUR")
    values = [value for value, _ in count.pieces]
    assert values == sorted(values, reverse=True)
    assert all(pieces > 0 for _, pieces in count.pieces)


def test_count_of_a_known_amount() -> None:
    assert dict(count_of(Money(4567, "EUR")).pieces) == {2000: 2, 500: 1, 50: 1, 10: 1, 5: 1, 2: 1}


def test_a_typed_count_names_what_is_wrong() -> None:
    assert CashCount.parse({2000: "3", 100: " ", 50: "4"}, "EUR").total == Money(6200, "EUR")
    with pytest.raises(InvalidCount, match="'x' is not a number"):
        CashCount.parse({2000: "x"}, "EUR")
    with pytest.raises(InvalidCount, match="not a EUR note or coin"):
        CashCount.parse({3000: "1"}, "EUR")
