"""The sums behind the stock reports and the discounts report, by worked examples."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given as for_all
from hypothesis import strategies as st

from posapp.domain.discounts_given import BASKET_DISCOUNT, CASHIER_DISCOUNT, at_list_price, given
from posapp.domain.stock_classes import abc_classes, aged, sell_through, variation, xyz_class

AS_OF = date(2026, 6, 1)


def test_stock_held_is_spread_over_the_latest_inflows_and_the_rest_is_oldest() -> None:
    inflows = [(date(2026, 5, 20), 5_000), (date(2026, 3, 1), 10_000)]  # newest first
    assert aged(7_000, inflows, AS_OF) == {
        "age_30": 5_000,  # 12 days old
        "age_60": 0,
        "age_90": 0,
        "age_180": 2_000,  # 1 March is 92 days before
        "age_more": 0,
    }
    assert aged(20_000, inflows, AS_OF)["age_more"] == 5_000  # more than ever came in
    assert set(aged(-3_000, inflows, AS_OF).values()) == {0}  # owed stock has no age


def test_abc_a_holds_the_product_that_crosses_the_threshold() -> None:
    ranked = abc_classes([("p", 50), ("q", 30), ("r", 10), ("s", 5), ("t", 5), ("u", 0)], 80, 15)
    assert {k: v.abc for k, v in ranked.items()} == {
        "p": "A",  # 0 % before it
        "q": "A",  # 50 % before it: crosses 80 %
        "r": "B",  # 80 % before it
        "s": "B",  # 90 %
        "t": "C",  # 95 %
        "u": "C",  # nothing sold
    }
    assert (ranked["q"].share, ranked["q"].cumulative) == (Decimal("30.0"), Decimal("80.0"))


def test_xyz_by_the_coefficient_of_variation_of_weekly_demand() -> None:
    assert variation([3, 3, 3, 3]) == Decimal("0.0")
    assert variation([2, 0, 2, 0]) == Decimal("100.0")  # mean 1, deviation 1
    assert variation([4, 0, 0, 0]) == Decimal("173.2")  # mean 1, deviation √3
    assert variation([0, 0]) is None
    assert [xyz_class(v, 50, 100) for v in (Decimal(0), Decimal(100), Decimal("100.1"))] == [
        "X",
        "Y",
        "Z",
    ]
    assert xyz_class(None, 50, 100) == "Z"


def test_sell_through_is_sold_over_sold_and_left() -> None:
    assert sell_through(7_000, 7_000) == Decimal("50.0")
    assert sell_through(1_000, -5_000) == Decimal("100.0")  # owed stock counts as none left
    assert sell_through(0, 0) is None


def test_a_line_gives_its_list_value_less_what_was_paid() -> None:
    line = given(
        list_price_minor=250,
        quantity_milli=3_000,
        amount_minor=600,
        line_discount_minor=100,
        basket_discount_minor=20,
        price_note=None,
    )
    assert line is not None
    assert (line.reason, line.list_minor, line.given_minor, line.price_off_minor) == (
        CASHIER_DISCOUNT,
        750,
        150,
        30,
    )
    basket = given(
        list_price_minor=100,
        quantity_milli=1_000,
        amount_minor=90,
        line_discount_minor=0,
        basket_discount_minor=10,
        price_note="",
    )
    assert basket is not None
    assert basket.reason == BASKET_DISCOUNT
    assert (
        given(
            list_price_minor=100,
            quantity_milli=1_000,
            amount_minor=100,
            line_discount_minor=0,
            basket_discount_minor=0,
            price_note=None,
        )
        is None
    )


@for_all(st.integers(-(10**7), 10**7), st.integers(-(10**6), 10**6))
def test_list_value_rounds_half_away_from_zero_symmetrically(price: int, milli: int) -> None:
    assert at_list_price(price, milli) == -at_list_price(price, -milli)
    exact = Decimal(price * milli) / 1000
    assert abs(Decimal(at_list_price(price, milli)) - exact) <= Decimal("0.5")


@for_all(st.lists(st.integers(0, 10**7), min_size=1, max_size=60))
def test_the_variation_in_whole_numbers_is_the_exact_one_rounded_half_up(weekly: list[int]) -> None:
    from decimal import ROUND_HALF_UP, localcontext

    found = variation(weekly)
    if sum(weekly) == 0:
        assert found is None
        return
    with localcontext() as exact:
        exact.prec = 60
        weeks, total = len(weekly), sum(weekly)
        spread = Decimal(weeks * sum(w * w for w in weekly) - total * total).sqrt()
        expected = (spread / total * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
    assert found == expected
