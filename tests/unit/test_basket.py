import uuid
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from posapp.domain.basket import Basket, SellableItem
from posapp.domain.discount import Discount, DiscountKind
from posapp.domain.errors import InvalidDiscount, InvalidQuantity, UnknownLine
from posapp.domain.money import Money
from posapp.domain.quantity import Quantity
from posapp.domain.tax import TaxRate

VAT20 = TaxRate("VAT20", 200_000)
VAT10 = TaxRate("VAT10", 100_000)


def item(name: str, minor: int, *, weighed: bool = False, rate: TaxRate = VAT20) -> SellableItem:
    return SellableItem(
        uuid.uuid4(),
        name.upper()[:4],
        name,
        "kg" if weighed else "pc",
        weighed,
        Money(minor, "EUR"),
        (rate,),
    )


MILK, BREAD, APPLES = (
    item("Milk", 129, rate=VAT10),
    item("Bread", 249),
    item("Apples", 299, weighed=True),
)


def basket_of(*entries: tuple[SellableItem, str]) -> Basket:
    basket = Basket("EUR")
    for sellable, qty in entries:
        basket = basket.add(sellable, Quantity.parse(qty), line_id=uuid.uuid4())
    return basket


def test_scanning_the_same_product_again_increments_its_line() -> None:
    basket = basket_of((MILK, "1"), (BREAD, "1"), (MILK, "12"))
    assert [(line.item.name, str(line.quantity)) for line in basket.lines] == [
        ("Milk", "13"),
        ("Bread", "1"),
    ]
    assert basket.totals().total == Money(13 * 129 + 249, "EUR")


def test_weighed_items_get_a_line_each() -> None:
    basket = basket_of((APPLES, "0.512"), (APPLES, "1.1"))
    assert len(basket.lines) == 2
    assert basket.totals().total == Money(153 + 329, "EUR")  # 153.088 → 153, 328.9 → 329


def test_totals_with_inclusive_prices_split_tax_per_rate() -> None:
    totals = basket_of((MILK, "2"), (BREAD, "1")).totals()
    assert totals.total == Money(507, "EUR")
    assert {code: tax.minor for code, _, _, tax in totals.tax_by_rate} == {"VAT10": 23, "VAT20": 42}
    assert totals.net.minor + totals.tax.minor == 507


def test_line_and_basket_discounts_add_up_exactly() -> None:
    basket = basket_of((MILK, "3"), (BREAD, "1"), (item("Cheese", 333), "1"))
    first = basket.lines[0].line_id
    basket = basket.discount_line(first, Discount.parse("10%", "EUR"))
    basket = basket.discount_all(Discount.parse("1.00", "EUR"))
    totals = basket.totals()
    assert totals.lines[0].line_discount == Money(39, "EUR")  # 10 % of 3.87, rounded
    assert sum(p.basket_discount.minor for p in totals.lines) == 100
    assert totals.subtotal.minor - totals.discount.minor == totals.total.minor
    assert totals.total == Money(387 + 249 + 333 - 39 - 100, "EUR")


@pytest.mark.parametrize("typed", ["0", "-5", "1e9", "abc", "100001"])
def test_bad_quantity_leaves_the_basket_unchanged(typed: str) -> None:
    basket = basket_of((MILK, "1"))
    with pytest.raises(InvalidQuantity):
        basket.set_quantity(basket.lines[0].line_id, Quantity.parse(typed))
    assert str(basket.lines[0].quantity) == "1"


@pytest.mark.parametrize(
    "typed",
    ["101%", "0%", "-3%", "abc%", "9.99", "x"],
    ids=["over-100", "zero", "negative", "words", "more-than-line", "garbage"],
)
def test_bad_discount_is_refused(typed: str) -> None:
    basket = basket_of((MILK, "1"))
    with pytest.raises(InvalidDiscount):
        basket.discount_line(basket.lines[0].line_id, Discount.parse(typed, "EUR"))


def test_fixed_discount_that_no_longer_fits_blocks_the_quantity_change() -> None:
    basket = basket_of((BREAD, "2"))
    line_id = basket.lines[0].line_id
    basket = basket.discount_line(line_id, Discount.parse("4.00", "EUR"))
    with pytest.raises(InvalidDiscount):
        basket.set_quantity(line_id, Quantity.of(1))  # 2.49 cannot carry 4.00 off
    assert str(basket.line(line_id).quantity) == "2"


def test_price_override_and_remove() -> None:
    basket = basket_of((MILK, "1"), (BREAD, "1"))
    milk = basket.lines[0].line_id
    basket = basket.override_price(milk, Money(99, "EUR"))
    assert basket.line(milk).price_overridden
    basket = basket.add(MILK, Quantity.of(1), line_id=uuid.uuid4())  # overridden line not merged
    assert len(basket.lines) == 3
    basket = basket.remove(milk)
    assert [line.item.name for line in basket.lines] == ["Bread", "Milk"]
    with pytest.raises(UnknownLine):
        basket.remove(milk)


def test_full_percent_discount_makes_a_free_basket() -> None:
    basket = basket_of((MILK, "1")).discount_all(
        Discount(DiscountKind.PERCENT, percent=Decimal(100))
    )
    assert basket.totals().total.is_zero()


prices = st.integers(min_value=0, max_value=50_000)
quantities = st.integers(min_value=1, max_value=20)


@given(
    entries=st.lists(st.tuples(prices, quantities), min_size=1, max_size=10),
    percent=st.integers(min_value=1, max_value=100),
)
def test_a_discount_never_raises_the_total_and_lines_always_sum(
    entries: list[tuple[int, int]], percent: int
) -> None:
    basket = Basket("EUR")
    for price, qty in entries:
        basket = basket.add(item("X", price), Quantity.of(qty), line_id=uuid.uuid4())
    before = basket.totals()
    after = basket.discount_all(Discount(DiscountKind.PERCENT, percent=Decimal(percent))).totals()
    assert after.total <= before.total
    assert sum(p.amount.minor for p in after.lines) == after.total.minor
    assert after.net.minor + after.tax.minor == after.total.minor


def test_a_line_below_cost_is_seen_after_every_discount() -> None:
    costed = replace(BREAD, cost=Money(200, "EUR"))  # sells at 2.49, bought at 2.00
    basket = basket_of((costed, "2"), (MILK, "1"))  # milk has no known cost
    assert not basket.sells_below_cost()
    line_id = basket.lines[0].line_id
    assert not basket.discount_line(line_id, Discount.parse("10%", "EUR")).sells_below_cost()
    assert basket.discount_line(line_id, Discount.parse("25%", "EUR")).sells_below_cost()
    assert basket.override_price(line_id, Money(199, "EUR")).sells_below_cost()
    # A basket discount is spread over the lines: enough of it takes bread under cost too.
    assert basket.discount_all(Discount.parse("30%", "EUR")).sells_below_cost()


def test_a_discount_measured_against_a_limit() -> None:
    ten_off = Discount.parse("10%", "EUR")
    assert not ten_off.takes_more_than(20, of=Money(1000, "EUR"))
    assert Discount.parse("2.50", "EUR").takes_more_than(20, of=Money(1000, "EUR"))
    assert not Discount.parse("2.00", "EUR").takes_more_than(20, of=Money(1000, "EUR"))
    # Exactly the limit, where 20 % of 0.99 rounds up to 0.20: the cashier's own limit, not a
    # supervisor's call (the rule test of issue 19 found it asking).
    assert not Discount.parse("20%", "EUR").takes_more_than(20, of=Money(99, "EUR"))
    assert not Discount.parse("0.20", "EUR").takes_more_than(20, of=Money(99, "EUR"))
    assert Discount.parse("0.21", "EUR").takes_more_than(20, of=Money(99, "EUR"))
    assert Discount.parse("21%", "EUR").takes_more_than(20, of=Money(99, "EUR"))


def test_only_measured_units_take_fractions() -> None:
    """Issue 18 item 5: 1.5 of a piece item was accepted."""
    basket = basket_of((BREAD, "2"))
    with pytest.raises(InvalidQuantity, match="Bread is sold by the piece"):
        basket.set_quantity(basket.lines[0].line_id, Quantity.parse("1.5"))
    with pytest.raises(InvalidQuantity, match="must be whole"):
        basket_of((BREAD, "0.5"))
    cable = replace(item("Cable", 199), unit="m")  # measured, though not weighed
    assert str(basket_of((cable, "2.5")).lines[0].quantity) == "2.5"
    assert str(basket_of((APPLES, "0.75")).lines[0].quantity) == "0.75"


def test_a_line_or_a_sale_beyond_the_bound_is_refused() -> None:
    """Issue 18 item 14: a line whose price × quantity, or a sale whose total, exceeds 10^12."""
    from posapp.domain.errors import AmountTooLarge

    gold = item("Gold", 600_000_000_000)  # 6 billion EUR
    basket = basket_of((gold, "1"))
    with pytest.raises(AmountTooLarge, match="largest amount a line may have"):
        basket.set_quantity(basket.lines[0].line_id, Quantity.parse("2"))
    with pytest.raises(AmountTooLarge, match="largest total a document may have"):
        basket.add(item("Platinum", 600_000_000_000), Quantity.parse("1"), line_id=uuid.uuid4())
