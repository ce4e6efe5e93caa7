"""Price lists saved from the back office: checked, refused when two lists of one group would
price the same product on the same day, and used by the till."""

import uuid
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import text

from posapp.bootstrap.node import Node, till_actions
from posapp.domain.basket import Basket
from posapp.domain.pricing import PricingContext
from posapp.domain.quantity import Quantity
from posapp.services.pricing.price_list_admin import save_price_list
from posapp.services.shared.field_parsing import FieldError

HEADER = {
    "code": "VIP-2026",
    "name": "VIP group",
    "kind": "customer_group",
    "price_group": "VIP",
    "tax_inclusive": "yes",
    "valid_from": "2026-01-01",
    "valid_to": "2026-12-31",
}


def save(node: Node, header: dict[str, str], items: list[dict[str, str]]) -> uuid.UUID:
    return save_price_list(
        node.unit_of_work(),
        list_id=None,
        header=header,
        items=items,
        currency="EUR",
        by="test",
        clock=node.clock,
        new_id=node.new_id,
    )


def a_product(node: Node) -> tuple[str, str]:
    with node.store.engine.connect() as connection:
        sku, code = connection.execute(
            text(
                "SELECT p.sku, b.code FROM products p JOIN barcodes b ON b.product_id = p.id "
                "WHERE NOT p.weighed AND p.state = 'ACTIVE' AND b.pack_qty_milli = 1000 LIMIT 1"
            )
        ).first()
    return sku, code


def count(node: Node, table: str) -> int:
    with node.store.engine.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_overlapping_validity_for_the_same_product_and_group_is_refused(demo_node: Node) -> None:
    sku, _ = a_product(demo_node)
    save(demo_node, HEADER, [{"sku": sku, "min_qty": "1", "price": "1.00"}])
    overlapping = {
        **HEADER,
        "code": "VIP-SUMMER",
        "valid_from": "2026-06-01",
        "valid_to": "2026-08-31",
    }
    events = count(demo_node, "outbox_events")
    with pytest.raises(FieldError) as refused:
        save(demo_node, overlapping, [{"sku": sku, "min_qty": "1", "price": "0.90"}])
    assert refused.value.field == "valid_from"
    assert f"overlaps price list VIP-2026 for {sku}" in str(refused.value)
    assert count(demo_node, "price_lists") == 1
    assert count(demo_node, "outbox_events") == events
    # The next year, another group, or another minimum quantity do not overlap.
    save(
        demo_node,
        {**overlapping, "valid_from": "2027-01-01", "valid_to": ""},
        [{"sku": sku, "price": "0.95"}],
    )
    save(
        demo_node,
        {**overlapping, "code": "GOLD", "price_group": "GOLD"},
        [{"sku": sku, "price": "0.80"}],
    )
    save(
        demo_node,
        {**overlapping, "code": "VIP-10"},
        [{"sku": sku, "min_qty": "10", "price": "0.70"}],
    )
    assert count(demo_node, "price_lists") == 4


@pytest.mark.parametrize(
    ("header", "items", "field"),
    [
        ({"kind": "vip"}, [], "kind"),
        ({"price_group": ""}, [], "price_group"),
        ({"valid_to": "2025-01-01"}, [], "valid_to"),
        ({"valid_from": "1st of May"}, [], "valid_from"),
        ({}, [{"sku": "SKU?", "price": "-1"}], "line 1 price"),
        ({}, [{"sku": "NO-SUCH", "price": "1"}], "items"),
        ({}, [{"sku": "X", "min_qty": "0", "price": "1"}], "line 1 min qty"),
    ],
)
def test_bad_price_lists_are_refused_by_field(
    demo_node: Node, header: dict[str, str], items: list[dict[str, str]], field: str
) -> None:
    with pytest.raises(FieldError) as refused:
        save(demo_node, {**HEADER, **header}, items)
    assert refused.value.field == field
    assert count(demo_node, "price_lists") == 0


def test_a_store_price_list_prices_the_till_with_its_name_on_the_line(demo_node: Node) -> None:
    sku, code = a_product(demo_node)
    store = {"code": "TOWN", "name": "Town centre", "kind": "store", "store_code": "S01"}
    save(demo_node, store, [{"sku": sku, "price": "0.55"}])
    actions = till_actions(demo_node)
    found = actions.scan(code)
    basket = actions.till.new_basket().add(
        actions.till.sellable(found.product), Quantity.of(1), line_id=uuid.uuid4()
    )
    priced = basket.totals().lines[0]
    assert (priced.unit_price.minor, priced.price_reason) == (55, "Town centre")


def test_a_promotion_on_a_parent_category_reaches_a_product_below_it(demo_node: Node) -> None:
    sku, code = a_product(demo_node)
    stamp = "2026-01-01 00:00:00.000000"
    parent, promotion = uuid.uuid4().hex, uuid.uuid4().hex
    with demo_node.store.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO categories (id, name, created_at, updated_at) "
                "VALUES (:id, 'Food', :t, :t)"
            ),
            {"id": parent, "t": stamp},
        )
        connection.execute(
            text(
                "UPDATE categories SET parent_id = :parent WHERE id = "
                "(SELECT category_id FROM products WHERE sku = :sku)"
            ),
            {"parent": parent, "sku": sku},
        )
        connection.execute(
            text(
                "INSERT INTO promotions (id, code, name, kind, percent, buy_qty, free_qty, "
                "tax_inclusive, stacks, stores, created_at, updated_at) VALUES (:id, 'FOOD10', "
                "'Food −10 %', 'percent_off', '10', 0, 0, 1, 0, '', :t, :t)"
            ),
            {"id": promotion, "t": stamp},
        )
        connection.execute(
            text("INSERT INTO promotion_targets (promotion_id, category_id) VALUES (:p, :c)"),
            {"p": promotion, "c": parent},
        )
    actions = till_actions(demo_node)
    found = actions.scan(code)
    basket = actions.till.new_basket().add(
        actions.till.sellable(found.product), Quantity.of(1), line_id=uuid.uuid4()
    )
    priced = basket.totals().lines[0]
    assert priced.price_reason == "Food −10 %"
    assert priced.unit_price == found.product.price - found.product.price.percentage(Decimal(10))


def test_a_group_price_marked_to_hold_at_volume_is_saved_sent_and_kept(demo_node: Node) -> None:
    """Issue 18 item 19: the lower of group and step price, unless the price list says otherwise."""
    sku, _ = a_product(demo_node)
    trade = {
        "code": "TRADE",
        "name": "Trade (50+)",
        "kind": "quantity_break",
        "tax_inclusive": "yes",
    }
    with pytest.raises(FieldError, match="only a customer group's price holds"):
        save(demo_node, {**trade, "holds_at_volume": "yes"}, [{"sku": sku, "price": "1.50"}])
    save(demo_node, trade, [{"sku": sku, "min_qty": "50", "price": "1.50"}])
    contract = save(
        demo_node, {**HEADER, "holds_at_volume": "yes"}, [{"sku": sku, "price": "2.00"}]
    )
    with demo_node.store.engine.connect() as connection:
        sent = connection.execute(
            text(
                "SELECT payload FROM outbox_events WHERE kind = 'master.price_list' "
                "ORDER BY seq DESC LIMIT 1"
            )
        ).scalar_one()
    assert '"holds_at_volume":true' in sent
    assert str(contract) in sent
    product = next(p for p in demo_node.catalogue.search(sku, 5) if p.sku == sku)
    item = demo_node.till.sellable(demo_node.catalogue.with_pricing(product))
    vip = Basket(
        "EUR", pricing=PricingContext(day=date(2026, 6, 1), store="S01", price_group="VIP")
    )
    priced = vip.add(item, Quantity.of(50), line_id=uuid.uuid4()).totals().lines[0]
    assert (priced.unit_price.minor, priced.price_reason) == (200, "VIP group")
