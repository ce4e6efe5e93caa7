"""Customers and price lists as master data: the record one node queues is applied by another
(as head office sends it down), and applying it twice changes nothing."""

import json
from pathlib import Path

from sqlalchemy import text

from posapp.bootstrap.demo import load_demo_catalogue
from posapp.bootstrap.node import Node, open_node
from posapp.db.master_records import apply_record
from posapp.services.partners.customer_admin import save_customer
from posapp.services.pricing.price_list_admin import save_price_list


def queued(node: Node, entity: str) -> dict[str, object]:
    with node.store.engine.connect() as connection:
        payload = connection.execute(
            text("SELECT payload FROM outbox_events WHERE kind = :kind ORDER BY seq DESC LIMIT 1"),
            {"kind": f"master.{entity}"},
        ).scalar_one()
    return dict(json.loads(payload))


def rows(node: Node, sql: str) -> list[tuple[object, ...]]:
    with node.store.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql))]


def test_a_customer_and_a_price_list_made_on_one_node_apply_on_another(
    demo_node: Node, tmp_path: Path
) -> None:
    edit = {"by": "test", "clock": demo_node.clock, "new_id": demo_node.new_id}
    customer = {
        "code": "C9",
        "name": "Dockside Deli",
        "price_group": "TRADE",
        "credit_limit": "500",
        "addresses": "Depot: 5 Dock Rd",
    }
    save_customer(
        demo_node.unit_of_work(), customer_id=None, currency="EUR", fields=customer, **edit
    )
    sku = rows(demo_node, "SELECT sku FROM products ORDER BY sku LIMIT 1")[0][0]
    header = {
        "code": "TRADE",
        "name": "Trade",
        "kind": "customer_group",
        "price_group": "TRADE",
        "valid_from": "2026-01-01",
    }
    items = [{"sku": str(sku), "min_qty": "12", "price": "0.75"}]
    save_price_list(
        demo_node.unit_of_work(), list_id=None, currency="EUR", header=header, items=items, **edit
    )

    other = open_node(tmp_path / "other", create=True)
    try:
        load_demo_catalogue(other, products=500, seed=7, progress=lambda done, total: None)
        for entity in ("customer", "price_list"):
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
        query = "SELECT code, name, price_group, credit_limit_minor, addresses FROM customers"
        assert rows(other, query) == rows(demo_node, query)
        query = (
            "SELECT l.code, l.valid_from, p.sku, i.min_qty_milli, i.price_minor FROM "
            "price_lists l JOIN price_list_items i ON i.price_list_id = l.id "
            "JOIN products p ON p.id = i.product_id"
        )
        assert (
            rows(other, query)
            == rows(demo_node, query)
            == [("TRADE", "2026-01-01", sku, 12000, 75)]
        )
    finally:
        other.close()
