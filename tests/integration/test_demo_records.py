"""A first start shows more than products: customers, a trade price list, promotions and
suppliers, made through the back office's services, and the till prices by them."""

from pathlib import Path

import pytest
from sqlalchemy import text

from posapp.bootstrap.demo import load_demo_records
from posapp.bootstrap.node import Node, open_node, till_actions
from posapp.db.store import StoreError
from tests.baskets import basket_of


def count(node: Node, table: str) -> int:
    with node.store.engine.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_the_demo_records_are_there_and_price_the_till(demo_node: Node) -> None:
    load_demo_records(demo_node)
    assert [
        count(demo_node, t) for t in ("customers", "price_lists", "promotions", "suppliers")
    ] == [3, 1, 2, 2]
    assert count(demo_node, "supplier_products") == 12
    with demo_node.store.engine.connect() as connection:
        code = connection.execute(
            text(
                "SELECT b.code FROM barcodes b JOIN products p ON p.id = b.product_id "
                "JOIN categories c ON c.id = p.category_id "
                "WHERE c.name = 'Bakery' AND NOT p.weighed "
                "AND b.pack_qty_milli = 1000 LIMIT 1"
            )
        ).scalar_one()
    basket, _ = basket_of(demo_node, code, 3)
    assert basket.totals().lines[0].price_reason == "3 for 2"
    hotel = till_actions(demo_node).find_customer("C002")
    assert hotel.credit_limit is not None
    assert hotel.ref.price_group == "TRADE"


def test_demo_records_need_the_demo_catalogue(tmp_path: Path) -> None:
    node = open_node(tmp_path / "empty", create=True)
    try:
        with pytest.raises(StoreError, match="demo catalogue first"):
            load_demo_records(node)
        assert count(node, "customers") == 0
    finally:
        node.close()


def test_a_demo_store_starts_with_received_stock_and_a_day_of_sales_leaves_none_negative(
    demo_node: Node,
) -> None:
    from posapp.bootstrap.demo import simulator

    load_demo_records(demo_node)
    with demo_node.store.engine.connect() as connection:
        unstocked = connection.execute(
            text(
                "SELECT count(*) FROM products p WHERE p.state != 'ARCHIVED' AND NOT EXISTS "
                "(SELECT 1 FROM stock_levels s WHERE s.product_id = p.id AND s.on_hand_milli > 0)"
            )
        ).scalar_one()
        receipts = connection.execute(
            text(
                "SELECT count(*), count(DISTINCT supplier_id) FROM stock_documents "
                "WHERE doc_type = 'goods_receipt' AND status = 'received'"
            )
        ).one()
        costed = connection.execute(
            text(
                "SELECT count(*) FROM stock_document_lines l JOIN stock_documents d "
                "ON d.id = l.document_id WHERE l.unit_cost_minor IS NULL "
                "AND d.doc_type IN ('goods_receipt', 'purchase_order')"
            )
        ).scalar_one()
    assert unstocked == 0
    assert receipts[0] >= 1
    assert costed == 0
    simulator(demo_node, seed=5).run(300, close_shift=False)
    with demo_node.store.engine.connect() as connection:
        negative = connection.execute(
            text("SELECT count(*) FROM stock_levels WHERE on_hand_milli < 0")
        ).scalar_one()
    assert negative == 0


def test_a_demo_store_has_an_open_order_and_one_half_delivered(demo_node: Node) -> None:
    load_demo_records(demo_node)
    with demo_node.store.engine.connect() as connection:
        orders = dict(
            connection.execute(
                text(
                    "SELECT status, count(*) FROM stock_documents "
                    "WHERE doc_type = 'purchase_order' GROUP BY status"
                )
            ).all()
        )
    assert orders == {"sent": 1, "partially_received": 1}


def test_a_demo_store_has_a_transfer_on_its_way_to_the_other_shop(demo_node: Node) -> None:
    load_demo_records(demo_node)
    with demo_node.store.engine.connect() as connection:
        sent = connection.execute(
            text(
                "SELECT d.to_store, d.status, count(l.id) FROM stock_documents d "
                "JOIN stock_document_lines l ON l.document_id = d.id "
                "WHERE d.doc_type = 'transfer_out' GROUP BY d.id"
            )
        ).all()
    assert sent == [("S02", "sent", 2)]
