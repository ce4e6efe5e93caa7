"""Price precedence and promotions, through the basket the till rings up."""

import uuid
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from posapp.domain.basket import Basket, BasketTotals, SellableItem
from posapp.domain.discount import Discount, DiscountKind
from posapp.domain.errors import DomainError, InvalidDiscount, ProductHasNoPrice
from posapp.domain.money import Money
from posapp.domain.pricing import (
    NO_RULES,
    ItemPricing,
    ListPrice,
    PriceListKind,
    PricingContext,
    Promotion,
    PromotionKind,
    Validity,
)
from posapp.domain.quantity import Quantity
from posapp.domain.tax import PriceMode, TaxRate

VAT20 = TaxRate("VAT20", 200_000)
TODAY = date(2026, 11, 21)
SHOP = PricingContext(day=TODAY, store="S01")
VIP = PricingContext(day=TODAY, store="S01", price_group="VIP")


def item(minor: int, *, pricing: ItemPricing = NO_RULES, cost: int | None = None) -> SellableItem:
    return SellableItem(
        uuid.uuid4(),
        f"SKU{minor}",
        f"Product {minor}",
        "pc",
        False,
        Money(minor, "EUR"),
        (VAT20,),
        None if cost is None else Money(cost, "EUR"),
        pricing,
    )


def listed(kind: PriceListKind, minor: int, **fields: object) -> ListPrice:
    names = {
        PriceListKind.CUSTOMER_GROUP: "VIP group",
        PriceListKind.QUANTITY_BREAK: "Trade",
        PriceListKind.STORE: "Town centre",
    }
    defaults: dict[str, object] = {
        "list_code": kind.value,
        "list_name": names[kind],
        "kind": kind,
        "price_minor": minor,
        "tax_inclusive": True,
    }
    if kind is PriceListKind.CUSTOMER_GROUP:
        defaults["group"] = "VIP"
    if kind is PriceListKind.STORE:
        defaults["store"] = "S01"
    defaults.update(fields)
    return ListPrice(**defaults)  # type: ignore[arg-type]


def promotion(kind: PromotionKind, name: str = "Promo", **fields: object) -> Promotion:
    return Promotion(code=name.lower().replace(" ", "-"), name=name, kind=kind, **fields)  # type: ignore[arg-type]


def ring(context: PricingContext | None, *lines: tuple[SellableItem, str]) -> Basket:
    basket = Basket("EUR", pricing=context)
    for sellable, quantity in lines:
        basket = basket.add(sellable, Quantity.parse(quantity), line_id=uuid.uuid4())
    return basket


def unit_and_reason(basket: Basket, index: int = 0) -> tuple[int, str]:
    priced = basket.totals().lines[index]
    return priced.unit_price.minor, priced.price_reason


# -- precedence ---------------------------------------------------------------------------------

ALL_LISTS = ItemPricing(
    list_prices=(
        listed(PriceListKind.CUSTOMER_GROUP, 700),
        listed(PriceListKind.QUANTITY_BREAK, 800, min_quantity=Decimal(10)),
        listed(PriceListKind.STORE, 900),
    ),
    markup_percent=Decimal(50),
)


def test_a_customer_group_price_comes_before_a_higher_quantity_break() -> None:
    assert unit_and_reason(ring(VIP, (item(1000, pricing=ALL_LISTS), "12"))) == (700, "VIP group")


def test_a_vip_never_pays_more_than_a_walk_in_at_volume() -> None:
    """Issue 18 item 19: VIP 2.00 beat a "50+" step price of 1.50 for the VIP only."""
    volume = ItemPricing(
        list_prices=(
            listed(PriceListKind.CUSTOMER_GROUP, 200),
            listed(PriceListKind.QUANTITY_BREAK, 150, min_quantity=Decimal(50)),
        )
    )
    sellable = item(250, pricing=volume)
    assert unit_and_reason(ring(SHOP, (sellable, "50"))) == (150, "Trade (50+)")
    assert unit_and_reason(ring(VIP, (sellable, "50"))) == (150, "Trade (50+)")  # was 200
    assert ring(VIP, (sellable, "50")).totals().total.minor == 7500
    assert unit_and_reason(ring(VIP, (sellable, "10"))) == (200, "VIP group")


def test_a_group_list_that_holds_at_volume_keeps_its_price() -> None:
    """…unless the price list says otherwise: a contract price that volume does not change."""
    contract = ItemPricing(
        list_prices=(
            listed(PriceListKind.CUSTOMER_GROUP, 200, holds_at_volume=True),
            listed(PriceListKind.QUANTITY_BREAK, 150, min_quantity=Decimal(50)),
        )
    )
    sellable = item(250, pricing=contract)
    assert unit_and_reason(ring(VIP, (sellable, "50"))) == (200, "VIP group")
    assert unit_and_reason(ring(SHOP, (sellable, "50"))) == (150, "Trade (50+)")


def test_a_quantity_break_comes_before_the_store_price_from_its_quantity_up() -> None:
    sellable = item(1000, pricing=ALL_LISTS)
    assert unit_and_reason(ring(SHOP, (sellable, "9"))) == (900, "Town centre")
    assert unit_and_reason(ring(SHOP, (sellable, "10"))) == (800, "Trade (10+)")


def test_the_store_price_applies_only_in_its_store() -> None:
    other_store = replace(SHOP, store="S02")
    assert unit_and_reason(ring(other_store, (item(1000, pricing=ALL_LISTS), "1"))) == (1000, "")


def test_cost_plus_markup_prices_a_product_with_no_price() -> None:
    sellable = item(0, pricing=ItemPricing(markup_percent=Decimal(40)), cost=500)
    assert unit_and_reason(ring(SHOP, (sellable, "1"))) == (700, "cost + 40 %")


def test_a_product_with_no_price_at_all_is_refused_by_name() -> None:
    with pytest.raises(ProductHasNoPrice, match="Product 0"):
        ring(SHOP, (item(0, cost=500), "1")).totals()


def test_the_highest_quantity_break_reached_wins() -> None:
    pricing = ItemPricing(
        list_prices=(
            listed(PriceListKind.QUANTITY_BREAK, 900, min_quantity=Decimal(5)),
            listed(PriceListKind.QUANTITY_BREAK, 800, min_quantity=Decimal(10)),
        )
    )
    sellable = item(1000, pricing=pricing)
    assert [unit_and_reason(ring(SHOP, (sellable, q)))[0] for q in ("4", "5", "10", "50")] == [
        1000,
        900,
        800,
        800,
    ]


def test_a_price_list_outside_its_dates_does_not_apply() -> None:
    expired = Validity(date(2026, 1, 1), date(2026, 11, 20))
    upcoming = Validity(date(2026, 11, 22), None)
    pricing = ItemPricing(
        list_prices=(
            listed(PriceListKind.STORE, 900, validity=expired),
            listed(PriceListKind.STORE, 800, validity=upcoming),
        )
    )
    assert unit_and_reason(ring(SHOP, (item(1000, pricing=pricing), "1"))) == (1000, "")


def test_an_exclusive_list_price_is_converted_for_an_inclusive_till() -> None:
    pricing = ItemPricing(list_prices=(listed(PriceListKind.STORE, 1000, tax_inclusive=False),))
    assert unit_and_reason(ring(SHOP, (item(1500, pricing=pricing), "1")))[0] == 1200


def test_a_customer_without_a_group_price_pays_the_next_price_down() -> None:
    pricing = ItemPricing(list_prices=(listed(PriceListKind.CUSTOMER_GROUP, 700, group="GOLD"),))
    assert unit_and_reason(ring(VIP, (item(1000, pricing=pricing), "1"))) == (1000, "")


def test_without_a_pricing_context_the_shelf_price_is_charged() -> None:
    assert unit_and_reason(ring(None, (item(1000, pricing=ALL_LISTS), "12"))) == (1000, "")


def test_a_price_the_cashier_changed_beats_every_list_and_promotion() -> None:
    pricing = replace(
        ALL_LISTS, promotions=(promotion(PromotionKind.PERCENT_OFF, percent=Decimal(50)),)
    )
    basket = ring(VIP, (item(1000, pricing=pricing), "1"))
    basket = basket.override_price(basket.lines[0].line_id, Money(950, "EUR"))
    assert unit_and_reason(basket) == (950, "price changed")


# -- each promotion type ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("promo", "quantity", "unit", "total"),
    [
        (promotion(PromotionKind.PERCENT_OFF, "Ten off", percent=Decimal(10)), "2", 900, 1800),
        (promotion(PromotionKind.AMOUNT_OFF, "Euro off", amount_minor=100), "2", 900, 1800),
        (promotion(PromotionKind.FIXED_PRICE, "Deal", amount_minor=750), "2", 750, 1500),
        (promotion(PromotionKind.BUY_X_GET_Y, "3 for 2", buy=2, free=1), "3", 1000, 2000),
        (promotion(PromotionKind.BUY_X_GET_Y, "3 for 2", buy=2, free=1), "7", 1000, 5000),
        (promotion(PromotionKind.MULTI_BUY, "2 for 15", buy=2, amount_minor=1500), "5", 1000, 4000),
    ],
)
def test_every_promotion_type(promo: Promotion, quantity: str, unit: int, total: int) -> None:
    basket = ring(SHOP, (item(1000, pricing=ItemPricing(promotions=(promo,))), quantity))
    priced = basket.totals().lines[0]
    assert priced.unit_price.minor == unit
    assert basket.totals().total.minor == total
    assert priced.price_reason == promo.name


def test_buy_x_get_y_across_products_gives_the_cheapest_free() -> None:
    three_for_two = promotion(PromotionKind.BUY_X_GET_Y, "3 for 2", buy=2, free=1)
    pricing = ItemPricing(promotions=(three_for_two,))
    basket = ring(
        SHOP,
        (item(500, pricing=pricing), "1"),
        (item(300, pricing=pricing), "1"),
        (item(400, pricing=pricing), "1"),
    )
    lines = basket.totals().lines
    assert [line.line_discount.minor for line in lines] == [0, 300, 0]
    assert basket.totals().total.minor == 900
    assert [line.price_reason for line in lines] == ["", "3 for 2", ""]


def test_a_multi_buy_that_would_cost_more_than_the_units_does_not_apply() -> None:
    dear = promotion(PromotionKind.MULTI_BUY, "3 for 40", buy=3, amount_minor=4000)
    basket = ring(SHOP, (item(1000, pricing=ItemPricing(promotions=(dear,))), "3"))
    assert basket.totals().total.minor == 3000


def test_a_promotion_applies_only_in_its_stores_and_on_its_dates() -> None:
    elsewhere = promotion(PromotionKind.PERCENT_OFF, percent=Decimal(10), stores=frozenset({"S02"}))
    over = promotion(
        PromotionKind.PERCENT_OFF,
        "Old",
        percent=Decimal(20),
        validity=Validity(None, date(2026, 11, 1)),
    )
    basket = ring(SHOP, (item(1000, pricing=ItemPricing(promotions=(elsewhere, over))), "1"))
    assert unit_and_reason(basket) == (1000, "")


def test_a_promotion_never_raises_the_price() -> None:
    fixed_above = promotion(PromotionKind.FIXED_PRICE, amount_minor=1200)
    assert unit_and_reason(
        ring(SHOP, (item(1000, pricing=ItemPricing(promotions=(fixed_above,))), "1"))
    ) == (1000, "")


# -- interactions -------------------------------------------------------------------------------

GROUP_600 = listed(PriceListKind.CUSTOMER_GROUP, 600)


def test_promotion_and_customer_price_the_better_for_the_customer_wins() -> None:
    ten_off = promotion(PromotionKind.PERCENT_OFF, "Ten off", percent=Decimal(10))
    half_off = promotion(PromotionKind.PERCENT_OFF, "Half off", percent=Decimal(50))
    group_wins = ItemPricing(list_prices=(GROUP_600,), promotions=(ten_off,))
    promotion_wins = ItemPricing(list_prices=(GROUP_600,), promotions=(half_off,))
    assert unit_and_reason(ring(VIP, (item(1000, pricing=group_wins), "1"))) == (600, "VIP group")
    assert unit_and_reason(ring(VIP, (item(1000, pricing=promotion_wins), "1"))) == (
        500,
        "Half off",
    )


def test_a_stacking_promotion_is_taken_off_the_customer_price() -> None:
    extra = promotion(PromotionKind.PERCENT_OFF, "Extra 10", percent=Decimal(10), stacks=True)
    pricing = ItemPricing(list_prices=(GROUP_600,), promotions=(extra,))
    assert unit_and_reason(ring(VIP, (item(1000, pricing=pricing), "1"))) == (540, "Extra 10")
    assert unit_and_reason(ring(SHOP, (item(1000, pricing=pricing), "1"))) == (900, "Extra 10")


def test_the_best_of_several_line_promotions_applies() -> None:
    promos = (
        promotion(PromotionKind.PERCENT_OFF, "Ten off", percent=Decimal(10)),
        promotion(PromotionKind.FIXED_PRICE, "Deal", amount_minor=850),
        promotion(PromotionKind.AMOUNT_OFF, "Euro off", amount_minor=100),
    )
    assert unit_and_reason(
        ring(SHOP, (item(1000, pricing=ItemPricing(promotions=promos)), "1"))
    ) == (
        850,
        "Deal",
    )


def test_grouping_promotions_compete_for_units_and_the_basket_gets_the_best_mix() -> None:
    three_for_two = promotion(PromotionKind.BUY_X_GET_Y, "3 for 2", buy=2, free=1)
    two_for_15 = promotion(PromotionKind.MULTI_BUY, "2 for 15", buy=2, amount_minor=1500)
    pricing = ItemPricing(promotions=(three_for_two, two_for_15))
    # 5 units of 10.00: 3 for 2 once (−10.00) plus 2 for 15 once (−5.00) beats either alone.
    basket = ring(SHOP, (item(1000, pricing=pricing), "5"))
    assert basket.totals().total.minor == 3500
    assert basket.totals().lines[0].price_reason == "3 for 2, 2 for 15"


def test_a_line_promotion_and_a_grouping_one_on_the_same_line() -> None:
    ten_off = promotion(PromotionKind.PERCENT_OFF, "Ten off", percent=Decimal(10))
    three_for_two = promotion(PromotionKind.BUY_X_GET_Y, "3 for 2", buy=2, free=1)
    basket = ring(SHOP, (item(1000, pricing=ItemPricing(promotions=(ten_off, three_for_two))), "3"))
    assert basket.totals().total.minor == 1800  # 3 × 9.00, one free
    assert basket.totals().lines[0].price_reason == "Ten off, 3 for 2"


def test_a_cashier_discount_comes_on_top_of_a_promotion() -> None:
    three_for_two = promotion(PromotionKind.BUY_X_GET_Y, "3 for 2", buy=2, free=1)
    basket = ring(SHOP, (item(1000, pricing=ItemPricing(promotions=(three_for_two,))), "3"))
    line_id = basket.lines[0].line_id
    basket = basket.discount_line(line_id, Discount(DiscountKind.PERCENT, percent=Decimal(10)))
    assert basket.totals().total.minor == 1800
    assert basket.totals().lines[0].line_discount.minor == 1200


def test_invalid_rules_are_refused_by_field() -> None:
    with pytest.raises(DomainError, match="percent"):
        promotion(PromotionKind.PERCENT_OFF, percent=Decimal(120))
    with pytest.raises(DomainError, match="buy and free"):
        promotion(PromotionKind.BUY_X_GET_Y, buy=2, free=0)
    with pytest.raises(DomainError, match="negative"):
        listed(PriceListKind.STORE, -1)
    with pytest.raises(DomainError, match="before valid from"):
        Validity(date(2026, 2, 1), date(2026, 1, 1))


def test_validity_overlap() -> None:
    january = Validity(date(2026, 1, 1), date(2026, 1, 31))
    assert january.overlaps(Validity(date(2026, 1, 31), None))
    assert not january.overlaps(Validity(date(2026, 2, 1), date(2026, 2, 28)))
    assert Validity().overlaps(january)


# -- property: adding a discount never raises the total ------------------------------------------

line_promotions = st.one_of(
    st.builds(
        lambda p, stacks: Promotion(
            "pct", "pct", PromotionKind.PERCENT_OFF, percent=Decimal(p), stacks=stacks
        ),
        st.integers(1, 100),
        st.booleans(),
    ),
    st.builds(
        lambda a: Promotion("amt", "amt", PromotionKind.AMOUNT_OFF, amount_minor=a),
        st.integers(1, 3000),
    ),
    st.builds(
        lambda a, inc: Promotion(
            "fix", "fix", PromotionKind.FIXED_PRICE, amount_minor=a, tax_inclusive=inc
        ),
        st.integers(0, 3000),
        st.booleans(),
    ),
)
# A code names one promotion, as in a store. Four of them: every ordered choice of up to four
# grouping promotions in one basket is tried (promotion_grouping.EXHAUSTIVE_UP_TO), which is what
# makes adding one unable to cost the customer more; beyond four the till only tries each alone
# and all.
grouping_promotions = st.sampled_from(
    [
        Promotion("3for2", "3 for 2", PromotionKind.BUY_X_GET_Y, buy=2, free=1),
        Promotion("bogof", "1 + 1", PromotionKind.BUY_X_GET_Y, buy=1, free=1),
        Promotion("2for150", "2 for 1.50", PromotionKind.MULTI_BUY, buy=2, amount_minor=150),
        Promotion("3for999", "3 for 9.99", PromotionKind.MULTI_BUY, buy=3, amount_minor=999),
    ]
)
any_promotion = st.one_of(line_promotions, grouping_promotions)
list_prices = st.one_of(
    st.builds(lambda p: listed(PriceListKind.CUSTOMER_GROUP, p), st.integers(1, 3000)),
    st.builds(
        lambda p, q: listed(PriceListKind.QUANTITY_BREAK, p, min_quantity=Decimal(q)),
        st.integers(1, 3000),
        st.integers(1, 6),
    ),
    st.builds(lambda p: listed(PriceListKind.STORE, p), st.integers(1, 3000)),
)
products = st.builds(
    lambda price, lists, promos: item(price, pricing=ItemPricing(tuple(lists), tuple(promos))),
    st.integers(1, 3000),
    st.lists(list_prices, max_size=3),
    st.lists(any_promotion, max_size=2),
)
baskets = st.tuples(
    st.lists(st.tuples(products, st.integers(1, 7)), min_size=1, max_size=5),
    st.sampled_from([SHOP, VIP]),
    st.sampled_from(list(PriceMode)),
)


def _totals(
    lines: list[tuple[SellableItem, int]],
    context: PricingContext,
    mode: PriceMode,
    discount: Discount | None = None,
) -> BasketTotals:
    basket = Basket("EUR", price_mode=mode, pricing=context)
    for sellable, quantity in lines:
        basket = basket.add(sellable, Quantity.of(quantity), line_id=uuid.uuid4())
    if discount is not None:
        basket = basket.discount_all(discount)
    return basket.totals()


def _total(
    lines: list[tuple[SellableItem, int]],
    context: PricingContext,
    mode: PriceMode,
    discount: Discount | None = None,
) -> int:
    return _totals(lines, context, mode, discount).total.minor


@settings(max_examples=300)
@given(baskets, any_promotion, st.data())
def test_adding_a_promotion_never_increases_the_basket_total(
    basket: tuple[list[tuple[SellableItem, int]], PricingContext, PriceMode],
    extra: Promotion,
    data: st.DataObject,
) -> None:
    lines, context, mode = basket
    before = _total(lines, context, mode)
    target = data.draw(st.integers(0, len(lines) - 1))
    sellable, quantity = lines[target]
    pricing = replace(sellable.pricing, promotions=(*sellable.pricing.promotions, extra))
    with_promotion = list(lines)
    with_promotion[target] = (replace(sellable, pricing=pricing), quantity)
    after = _totals(with_promotion, context, mode)
    if mode is PriceMode.INCLUSIVE:
        assert after.total.minor <= before
        return
    # Net prices: what the promotion lowers never rises. Tax is rounded per line, so when a
    # grouping promotion's amount is shared out again the gross may gain a rounding unit on a
    # line (never more than one per line).
    assert after.net.minor <= _totals(lines, context, mode).net.minor
    assert after.total.minor <= before + len(lines)


@settings(max_examples=200)
@given(baskets, st.integers(1, 100))
def test_adding_a_basket_discount_never_increases_the_total(
    basket: tuple[list[tuple[SellableItem, int]], PricingContext, PriceMode], percent: int
) -> None:
    lines, context, mode = basket
    before = _total(lines, context, mode)
    discount = Discount(DiscountKind.PERCENT, percent=Decimal(percent))
    try:
        after = _total(lines, context, mode, discount)
    except InvalidDiscount:
        assume(False)
    assert after <= before
