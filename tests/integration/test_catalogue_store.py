"""The catalogue on a real SQLite file: unit of work, barcode lookup, FTS search kept in step."""

import pytest
from sqlalchemy import text

from posapp.bootstrap.node import Node
from posapp.db.engine import write_connection
from posapp.db.integrity import run_checks
from posapp.domain.catalogue import LifecycleState
from posapp.domain.errors import DuplicateBarcode, ProductNotSellable
from posapp.domain.money import Money
from posapp.services.catalogue.lookup import (
    count_matches,
    register_product,
    scan_barcode,
    search_products,
)
from posapp.services.shared import NewProduct


def _register(node: Node, **changes: object) -> None:
    values: dict[str, object] = dict(
        sku="CRM-1",
        name="Crème Fraîche 200 g",
        price=Money(189, "EUR"),
        tax_class_code="RED",
        barcodes=[("4006381333931", 1000), ("14006381333938", 6000)],
        brand_name="Alpenhof",
        category_name="Dairy",
        cost=Money(120, "EUR"),
    )
    values.update(changes)
    register_product(
        node.unit_of_work(),
        product=NewProduct(**values),  # type: ignore[arg-type]
        clock=node.clock,
        new_id=node.new_id,
    )


def test_registered_product_is_found_by_each_barcode_with_its_pack(node: Node) -> None:
    _register(node)
    single = scan_barcode(node.catalogue, code="4006381333931")
    case = scan_barcode(node.catalogue, code="14006381333938")
    assert single.product.id == case.product.id
    assert single.product.price == Money(189, "EUR")
    assert single.product.tax_class_code == "RED"
    assert (single.pack_quantity.thousandths, case.pack_quantity.thousandths) == (1000, 6000)


@pytest.mark.parametrize(
    "typed",
    ["creme", "CRÈME fra", "crm-1", "400638", "14006381333938", "fraîche 200"],
    ids=["no-accent", "case-and-two-words", "sku", "barcode-prefix", "case-barcode", "with-size"],
)
def test_search_finds_by_name_sku_or_barcode(node: Node, typed: str) -> None:
    _register(node)
    assert [p.sku for p in search_products(node.catalogue, text=typed)] == ["CRM-1"]


@pytest.mark.parametrize("typed", ['"', "*", "AND", "NEAR(", "crème OR", "-x", "'"])
def test_search_treats_fts_syntax_as_plain_text(node: Node, typed: str) -> None:
    _register(node)
    search_products(node.catalogue, text=typed)  # must not raise an FTS syntax error


def test_failed_registration_writes_nothing(node: Node) -> None:
    _register(node)
    with pytest.raises(DuplicateBarcode):
        _register(node, sku="OTHER", barcodes=[("96385074", 1000), ("4006381333931", 1000)])
    assert node.catalogue.count_products() == 1
    assert node.catalogue.find_by_barcode("96385074") is None


def test_rollback_when_the_transaction_fails_midway(node: Node) -> None:
    """A constraint failure after the product row was written leaves neither row behind."""
    uow = node.unit_of_work()
    product = NewProduct(
        sku="X-1", name="X", price=Money(1, "EUR"), tax_class_code="STD", barcodes=[("96385074", 0)]
    )  # pack 0 violates the CHECK at insert time

    def add_and_commit() -> None:
        with uow:
            uow.catalogue.add_product(node.new_id(), product, node.clock.now())
            uow.commit()

    with pytest.raises(Exception, match="CHECK constraint"):
        add_and_commit()
    assert node.catalogue.count_products() == 0


def test_search_index_follows_renames_and_barcode_changes(node: Node) -> None:
    _register(node)
    with write_connection(node.store.engine) as connection, connection.begin():
        connection.execute(
            text("UPDATE products SET name = 'Sour Cream 200 g' WHERE sku = 'CRM-1'")
        )
        connection.execute(text("DELETE FROM barcodes WHERE code = '14006381333938'"))
    assert [p.name for p in search_products(node.catalogue, text="sour")] == ["Sour Cream 200 g"]
    assert search_products(node.catalogue, text="creme") == []
    assert search_products(node.catalogue, text="14006381333938") == []
    assert [p.sku for p in search_products(node.catalogue, text="4006381333931")] == ["CRM-1"]
    assert all(result.ok for result in run_checks(node.store.path))


def test_archived_products_leave_search_and_cannot_be_scanned(node: Node) -> None:
    _register(node, state=LifecycleState.ARCHIVED)
    assert search_products(node.catalogue, text="creme") == []
    with pytest.raises(ProductNotSellable):
        scan_barcode(node.catalogue, code="4006381333931")


def test_an_alphanumeric_sku_scans_and_an_exact_code_ranks_first(node: Node) -> None:
    """Issue 18 item 4: 10124A and POST opened the search instead of selling the product."""
    _register(node, sku="10124A", name="Zinc bolt M8", barcodes=[])
    _register(node, sku="POST", name="Postage stamp", barcodes=[])
    _register(node, sku="PST-2", name="Post-it notes", barcodes=[])
    _register(node, sku="PST-3", name="Postcard", barcodes=[])
    assert scan_barcode(node.catalogue, code="10124A").product.name == "Zinc bolt M8"
    assert scan_barcode(node.catalogue, code="POST").product.name == "Postage stamp"
    found = [p.sku for p in search_products(node.catalogue, text="POST")]
    assert found[0] == "POST"
    assert sorted(found) == ["POST", "PST-2", "PST-3"]
    assert count_matches(node.catalogue, text="post", most=2) == 2  # counting stops at `most`
    assert count_matches(node.catalogue, text="post", most=1001) == 3
