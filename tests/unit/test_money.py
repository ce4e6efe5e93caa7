from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from posapp.domain.errors import CurrencyMismatch, InvalidAmount, UnknownCurrency
from posapp.domain.money import Money, sum_money


@pytest.mark.parametrize(
    ("typed", "currency", "minor"),
    [
        ("12.50", "EUR", 1250),
        ("12,5", "EUR", 1250),
        (" 3 ", "EUR", 300),
        ("-0.01", "EUR", -1),
        (".5", "EUR", 50),
        ("1234", "JPY", 1234),
        ("1.234", "KWD", 1234),
    ],
    ids=["dot", "comma", "spaces", "negative-cent", "leading-separator", "yen", "three-places"],
)
def test_parse_accepts_what_cashiers_type(typed: str, currency: str, minor: int) -> None:
    assert Money.parse(typed, currency) == Money(minor, currency)


@pytest.mark.parametrize(
    "typed",
    ["12,5,0", "1e9", "abc", "", "12.345", "1.000,50", "NaN", "Infinity", "--1", "1 2.3.4"],
)
def test_parse_refuses_anything_ambiguous(typed: str) -> None:
    with pytest.raises(InvalidAmount) as error:
        Money.parse(typed, "EUR")
    assert repr(typed) in str(error.value)


def test_yen_has_no_decimals() -> None:
    with pytest.raises(InvalidAmount, match="more than 0 decimal places"):
        Money.parse("10.5", "JPY")


def test_unknown_currency_is_refused() -> None:
    with pytest.raises(UnknownCurrency):
        Money(1, "XXX")


def test_floats_are_refused() -> None:
    with pytest.raises(InvalidAmount):
        Money(1.5, "EUR")  # type: ignore[arg-type]


def test_arithmetic_and_comparison() -> None:
    a, b = Money(1050, "EUR"), Money(250, "EUR")
    assert a + b == Money(1300, "EUR")
    assert a - b == Money(800, "EUR")
    assert -a == Money(-1050, "EUR")
    assert b < a
    assert a >= b
    assert sum_money([a, b, b], "EUR") == Money(1550, "EUR")
    assert sum_money([], "EUR").is_zero()


def test_mixing_currencies_is_an_error() -> None:
    with pytest.raises(CurrencyMismatch):
        _ = Money(1, "EUR") + Money(1, "USD")
    with pytest.raises(CurrencyMismatch):
        _ = Money(1, "EUR") < Money(1, "USD")


@pytest.mark.parametrize(
    ("major", "minor"),
    [("0.005", 1), ("0.004", 0), ("-0.005", -1), ("2.675", 268), ("1.0049999", 100)],
)
def test_from_decimal_rounds_half_away_from_zero(major: str, minor: int) -> None:
    assert Money.from_decimal(Decimal(major), "EUR").minor == minor


def test_multiply_by_weight_rounds_once() -> None:
    price_per_kg = Money(1299, "EUR")
    assert price_per_kg.multiply(Decimal("0.347")) == Money(451, "EUR")  # 450.753
    assert price_per_kg.percentage(Decimal("12.5")) == Money(162, "EUR")  # 162.375


def test_str_shows_all_minor_digits() -> None:
    assert str(Money(5, "EUR")) == "0.05 EUR"
    assert str(Money(-1234, "KWD")) == "-1.234 KWD"


def test_allocate_known_example() -> None:
    # 1.00 over three equal lines: 34 + 33 + 33, the first line takes the leftover cent.
    assert [m.minor for m in Money(100, "EUR").allocate([1, 1, 1])] == [34, 33, 33]
    # Largest remainder, not "last line takes it": weights 1, 2 of 5 cents → 1.67, 3.33.
    assert [m.minor for m in Money(5, "EUR").allocate([1, 2])] == [2, 3]
    assert [m.minor for m in Money(-100, "EUR").allocate([1, 1, 1])] == [-34, -33, -33]


def test_allocate_refuses_bad_weights() -> None:
    with pytest.raises(ValueError, match="negative"):
        Money(100, "EUR").allocate([1, -1])
    with pytest.raises(ValueError, match="zero"):
        Money(100, "EUR").allocate([0, 0])


@given(
    amount=st.integers(min_value=-(10**12), max_value=10**12),
    weights=st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=40).filter(
        lambda w: sum(w) > 0
    ),
)
def test_allocation_always_sums_to_the_whole(amount: int, weights: list[int]) -> None:
    parts = Money(amount, "EUR").allocate(weights)
    assert sum(p.minor for p in parts) == amount
    total = sum(weights)
    for part, weight in zip(parts, weights, strict=True):
        exact = Decimal(amount) * weight / total
        assert abs(Decimal(part.minor) - exact) < 1  # never more than one minor unit off its share


def test_amounts_beyond_the_bound_are_refused_where_they_are_typed() -> None:
    """Issue 18 item 14: 92233720368547758.07 was accepted and broke the till."""
    from posapp.domain.errors import AmountTooLarge

    with pytest.raises(AmountTooLarge, match=r"more than 10,000,000,000\.00 EUR"):
        Money.parse("92233720368547758.07", "EUR")
    assert Money.parse("10000000000.00", "EUR").minor == 10**12


@given(
    whole=st.text("0123456789", min_size=1, max_size=14),
    fraction=st.none() | st.text("0123456789", max_size=4),
    comma=st.booleans(),
    currency=st.sampled_from(["EUR", "JPY", "KWD"]),
)
def test_plain_amounts_read_with_integers_mean_what_the_decimal_reading_means(
    whole: str, fraction: str | None, comma: bool, currency: str
) -> None:
    """The integer fast path for "12.50" gives what Decimal gives, or refuses the same way."""
    text = whole if fraction is None else f"{whole}{',' if comma else '.'}{fraction}"
    exponent = {"EUR": 2, "JPY": 0, "KWD": 3}[currency]
    expected = Decimal(text.replace(",", "."))
    places = max(0, -int(expected.as_tuple().exponent))
    if places > exponent or int(expected.scaleb(exponent)) > 10**12:
        with pytest.raises(InvalidAmount):
            Money.parse(text, currency)
    else:
        assert Money.parse(text, currency) == Money(int(expected.scaleb(exponent)), currency)
