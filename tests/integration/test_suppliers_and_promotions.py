"""Suppliers and promotions made in the back office, on a real store: bad details are named and
nothing is saved; a promotion saved there prices the till's basket; both travel as master data
and apply on another node the same however often they arrive."""

import json
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from posapp.bootstrap.demo import load_demo_catalogue
from posapp.bootstrap.node import Node, open_node
from posapp.db.master_records import apply_record
from posapp.services.partners.supplier_admin import save_supplier, supplier_fields
from posapp.services.pricing.promotion_admin import promotion_fields, save_promotion
from posapp.services.shared.field_parsing import FieldError
from tests.baskets import basket_of


def rows(node: Node, sql: str, **params: object) -> list[tuple[object, ...]]:
    with node.store.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql), params)]


def products(node: Node, how_many: int) -> list[tuple[str, str, str]]:
    """(SKU, barcode, category) of plain products sold by the piece."""
    found = rows(
        node,
        "SELECT p.sku, b.code, c.name FROM products p JOIN barcodes b ON b.product_id = p.id "
        "JOIN categories c ON c.id = p.category_id WHERE NOT p.weighed AND p.state = 'ACTIVE' "
        "AND b.pack_qty_milli = 1000 ORDER BY p.sku LIMIT :n",
        n=how_many,
    )
    return [(str(s), str(b), str(c)) for s, b, c in found]


def edit(node: Node) -> dict[str, object]:
    return {"currency": "EUR", "by": "test", "clock": node.clock, "new_id": node.new_id}


DOCKSIDE = {
    "code": "S01",
    "name": "Dockside Wholesale",
    "contacts": "Ann Baker; +44 20 7946 0000; ann@dockside.example\nOrders desk",
    "payment_terms_days": "30",
    "lead_time_days": "3",
}


def test_a_supplier_with_its_product_codes_and_costs_is_saved_and_read_back(
    demo_node: Node,
) -> None:
    (sku_a, _, _), (sku_b, _, _) = products(demo_node, 2)
    items = [
        {"sku": sku_a, "supplier_code": "DW-100", "cost": "1.20"},
        {"sku": sku_b, "supplier_code": "", "cost": "0.35"},
    ]
    supplier_id = save_supplier(
        demo_node.unit_of_work(), supplier_id=None, fields=DOCKSIDE, items=items, **edit(demo_node)
    )
    with demo_node.unit_of_work() as uow:
        values = uow.suppliers.values(supplier_id)
    assert values is not None
    assert values["contacts"] == [
        {"name": "Ann Baker", "phone": "+44 20 7946 0000", "email": "ann@dockside.example"},
        {"name": "Orders desk", "phone": "", "email": ""},
    ]
    assert sorted(values["products"]) == sorted([[sku_a, "DW-100", 120], [sku_b, sku_b, 35]])
    fields, lines = supplier_fields(values, "EUR")
    assert fields["lead_time_days"] == "3"
    assert fields["payment_terms_days"] == "30"
    assert {line["sku"]: line["cost"] for line in lines} == {sku_a: "1.20", sku_b: "0.35"}


@pytest.mark.parametrize(
    ("fields", "items", "named"),
    [
        ({"lead_time_days": "soon"}, [], "Lead time (days): 'soon'"),
        ({"contacts": "Ann; 1; 2; 3"}, [], "Contacts: 'Ann; 1; 2; 3'"),
        ({}, [{"sku": "{a}", "cost": "abc"}], "Line 1 cost: 'abc' — is not an amount in EUR"),
        ({}, [{"sku": "NOPE-1", "cost": "1"}], "Line 1 sku: 'NOPE-1' — is not a product SKU"),
        ({}, [{"sku": "{a}", "cost": "1"}, {"sku": "{a}", "cost": "2"}], "is listed twice"),
        ({"code": ""}, [], "Code: '' — is required"),
    ],
)
def test_a_bad_supplier_detail_is_named_and_nothing_is_saved(
    demo_node: Node, fields: dict[str, str], items: list[dict[str, str]], named: str
) -> None:
    ((sku, _, _),) = products(demo_node, 1)
    lines = [{key: value.replace("{a}", sku) for key, value in item.items()} for item in items]
    before = rows(demo_node, "SELECT count(*) FROM outbox_events")
    with pytest.raises(FieldError) as refused:
        save_supplier(
            demo_node.unit_of_work(),
            supplier_id=None,
            fields={**DOCKSIDE, **fields},
            items=lines,
            **edit(demo_node),
        )
    assert named in str(refused.value)
    assert rows(demo_node, "SELECT count(*) FROM suppliers") == [(0,)]
    assert rows(demo_node, "SELECT count(*) FROM outbox_events") == before


def test_a_3_for_2_saved_in_the_back_office_prices_the_tills_basket(demo_node: Node) -> None:
    ((_, code, category),) = products(demo_node, 1)
    fields = {
        "code": "DEAL32",
        "name": "3 for 2",
        "kind": "buy_x_get_y",
        "buy_qty": "2",
        "free_qty": "1",
        "categories": category,
        "valid_from": "2020-01-01",
    }
    promotion_id = save_promotion(
        demo_node.unit_of_work(), promotion_id=None, fields=fields, **edit(demo_node)
    )
    basket, shelf_price = basket_of(demo_node, code, 3)
    assert basket.totals().lines[0].price_reason == "3 for 2"
    assert basket.totals().total == shelf_price.multiply(Decimal(2))

    # Archived in the back office: the till's next basket pays for all three.
    archived = {**promotion_fields(_values(demo_node, promotion_id), "EUR"), "archived": "yes"}
    save_promotion(
        demo_node.unit_of_work(), promotion_id=promotion_id, fields=archived, **edit(demo_node)
    )
    again, _ = basket_of(demo_node, code, 3)
    assert again.totals().total == shelf_price.multiply(Decimal(3))


def _values(node: Node, promotion_id: uuid.UUID) -> dict[str, object]:
    with node.unit_of_work() as uow:
        values = uow.promotions.values(promotion_id)
    assert values is not None
    return values


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"kind": "percent_off", "percent": "150"}, "Percent: '150' — must be more than 0"),
        ({"kind": "percent_off", "percent": "ten"}, "Percent: 'ten' — is not a number"),
        ({"kind": "half_price"}, "Kind: 'half_price' — is not one of"),
        ({"kind": "multi_buy", "buy_qty": "1", "amount": "5"}, "Buy qty: '1'"),
        ({"kind": "amount_off", "amount": "-1"}, "Amount: '-1' — must not be negative"),
        ({"skus": "NOPE-1"}, "Skus: 'NOPE-1' — is not a product SKU"),
        ({"categories": "Spaceships"}, "Categories: 'Spaceships' — is not a category"),
        ({"skus": ""}, "a promotion needs products or categories"),
        ({"valid_from": "2026-02-30"}, "Valid from: '2026-02-30' — is not a date"),
    ],
)
def test_a_bad_promotion_is_named_and_nothing_is_saved(
    demo_node: Node, fields: dict[str, str], named: str
) -> None:
    ((sku, _, _),) = products(demo_node, 1)
    typed = {"code": "P1", "name": "Deal", "kind": "percent_off", "percent": "10", "skus": sku}
    with pytest.raises(FieldError) as refused:
        save_promotion(
            demo_node.unit_of_work(),
            promotion_id=None,
            fields={**typed, **fields},
            **edit(demo_node),
        )
    assert named in str(refused.value)
    assert rows(demo_node, "SELECT count(*) FROM promotions") == [(0,)]


def queued(node: Node, entity: str) -> dict[str, object]:
    (payload,) = rows(
        node,
        "SELECT payload FROM outbox_events WHERE kind = :kind ORDER BY seq DESC LIMIT 1",
        kind=f"master.{entity}",
    )[0]
    return dict(json.loads(str(payload)))


def test_a_supplier_and_a_promotion_made_on_one_node_apply_on_another(
    demo_node: Node, tmp_path: Path
) -> None:
    (sku_a, _, category), (sku_b, _, _) = products(demo_node, 2)
    save_supplier(
        demo_node.unit_of_work(),
        supplier_id=None,
        fields=DOCKSIDE,
        items=[{"sku": sku_a, "supplier_code": "DW-1", "cost": "1.10"}],
        **edit(demo_node),
    )
    save_promotion(
        demo_node.unit_of_work(),
        promotion_id=None,
        fields={
            "code": "P2",
            "name": "−€0.50",
            "kind": "amount_off",
            "amount": "0.50",
            "skus": sku_b,
            "categories": category,
            "stores": "s01, s02",
        },
        **edit(demo_node),
    )

    other = open_node(tmp_path / "other", create=True)
    try:
        load_demo_catalogue(other, products=500, seed=7, progress=lambda done, total: None)
        for entity in ("supplier", "promotion"):
            change = queued(demo_node, entity)
            for _ in range(2):  # the same change twice, as a retried page would bring it
                with other.store.engine.begin() as connection:
                    apply_record(
                        connection,
                        entity,
                        str(change["key"]),
                        change["record"],  # type: ignore[arg-type]
                        other.clock.now(),
                    )
        for query in (
            "SELECT s.code, s.name, s.contacts, s.lead_time_days, p.sku, sp.supplier_code, "
            "sp.cost_minor FROM suppliers s JOIN supplier_products sp ON sp.supplier_id = s.id "
            "JOIN products p ON p.id = sp.product_id",
            "SELECT code, name, kind, amount_minor, stores FROM promotions",
            "SELECT coalesce(p.sku, c.name) FROM promotion_targets t LEFT JOIN products p ON "
            "p.id = t.product_id LEFT JOIN categories c ON c.id = t.category_id ORDER BY 1",
        ):
            assert rows(other, query) == rows(demo_node, query) != []
        assert rows(other, "SELECT stores FROM promotions") == [("S01,S02",)]
    finally:
        other.close()
