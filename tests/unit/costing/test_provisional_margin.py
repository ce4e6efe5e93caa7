"""The till's provisional margin: net of tax and discounts, at last cost, and never a margin made
up for goods nobody has costed."""

from __future__ import annotations

import uuid
from decimal import Decimal

from posapp.domain.basket import Basket, SellableItem
from posapp.domain.costing.provisional import provisional_margin
from posapp.domain.discount import Discount
from posapp.domain.money import Money
from posapp.domain.quantity import Quantity
from posapp.domain.tax import TaxRate

VAT20 = TaxRate("VAT20", 200_000)


def _item(name: str, price: int, cost: int | None) -> SellableItem:
    return SellableItem(
        uuid.uuid4(),
        name[:4].upper(),
        name,
        "pc",
        False,
        Money(price, "EUR"),
        (VAT20,),
        cost=None if cost is None else Money(cost, "EUR"),
    )


def test_margin_is_net_of_tax_and_discount_at_last_cost() -> None:
    # 3 × 12.00 with 20 % VAT inside: net 30.00; a 10 % discount leaves 27.00 net.
    wine = _item("Wine", 1200, 650)
    basket = Basket("EUR").add(wine, Quantity.of(3), line_id=uuid.uuid4())
    basket = basket.discount_line(basket.lines[0].line_id, Discount.parse("10%", "EUR"))
    margin = provisional_margin(basket.totals().lines, "EUR")

    line = margin.lines[0]
    assert line is not None
    assert line.net == Money(2700, "EUR")
    assert line.cost == Money(1950, "EUR")  # 3 × 6.50
    assert line.margin == Money(750, "EUR")
    assert line.percent == Decimal("27.8")  # 7.50 / 27.00
    assert margin.total == line
    assert margin.uncosted_lines == 0


def test_a_line_without_cost_is_counted_not_given_a_full_margin() -> None:
    basket = Basket("EUR")
    basket = basket.add(_item("Bread", 240, 100), Quantity.of(1), line_id=uuid.uuid4())
    basket = basket.add(_item("Mystery", 600, None), Quantity.of(1), line_id=uuid.uuid4())
    margin = provisional_margin(basket.totals().lines, "EUR")

    assert margin.lines[1] is None
    assert margin.uncosted_lines == 1
    assert margin.total is not None
    assert margin.total.net == Money(200, "EUR")  # the bread alone: 2.40 with 20 % VAT inside
    assert margin.total.margin == Money(100, "EUR")


def test_below_cost_is_a_negative_margin_and_nothing_costed_is_no_total() -> None:
    basket = Basket("EUR").add(_item("Loss", 120, 150), Quantity.of(2), line_id=uuid.uuid4())
    margin = provisional_margin(basket.totals().lines, "EUR")
    assert margin.total is not None
    assert margin.total.margin == Money(-100, "EUR")  # net 2.00, cost 3.00
    assert margin.total.percent == Decimal("-50.0")

    unknown = Basket("EUR").add(_item("New", 500, None), Quantity.of(1), line_id=uuid.uuid4())
    assert provisional_margin(unknown.totals().lines, "EUR").total is None
