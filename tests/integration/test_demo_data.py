"""The demo catalogue generator: realistic, valid, deterministic, all-or-nothing."""

from collections import Counter

import pytest
from sqlalchemy import text

from posapp.bootstrap.demo import load_demo_catalogue
from posapp.bootstrap.node import Node
from posapp.db.demo_data import DemoDataError
from posapp.db.integrity import run_checks
from posapp.domain.catalogue import validate_barcode
from posapp.services.catalogue.lookup import scan_barcode, search_products


def _rows(node: Node, sql: str) -> list[tuple[object, ...]]:
    with node.store.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql))]


def test_demo_catalogue_is_realistic_and_valid(demo_node: Node) -> None:
    assert demo_node.catalogue.count_products() == 500
    codes = _rows(demo_node, "SELECT code, pack_qty_milli FROM barcodes")
    assert all(validate_barcode(str(code)) for code, _ in codes)
    packs = Counter(pack for _, pack in codes)
    assert packs[1000] == 500
    assert set(packs) - {1000} <= {6000, 12000, 24000}
    assert len(packs) > 1
    units = dict(_rows(demo_node, "SELECT unit, count(*) FROM products GROUP BY unit"))
    assert set(units) == {"pc", "kg"}
    assert units["kg"] > 5
    states = dict(_rows(demo_node, "SELECT state, count(*) FROM products GROUP BY state"))
    assert states["ACTIVE"] > 400
    categories = _rows(
        demo_node, "SELECT count(DISTINCT category_id), count(DISTINCT brand_id) FROM products"
    )
    assert categories[0][0] == 10
    assert int(str(categories[0][1])) > 100
    prices = [int(str(p)) for (p,) in _rows(demo_node, "SELECT price_minor FROM products")]
    assert min(prices) > 0
    assert max(prices) < 2500


def test_bulk_loaded_rows_read_back_through_the_repository(demo_node: Node) -> None:
    """The loader writes through the driver; what it wrote must read like SQLAlchemy's own rows."""
    (code,) = _rows(
        demo_node,
        "SELECT b.code FROM barcodes b JOIN products p ON p.id = "
        "b.product_id WHERE p.state = 'ACTIVE' LIMIT 1",
    )[0]
    found = scan_barcode(demo_node.catalogue, code=str(code))
    assert found.product.id.version == 7
    (created,) = _rows(demo_node, "SELECT created_at FROM products LIMIT 1")[0]
    (reference,) = _rows(demo_node, "SELECT created_at FROM stores")[0]
    assert len(str(created)) == len(str(reference))  # same text layout as SQLAlchemy writes
    assert search_products(demo_node.catalogue, text=found.product.name.split()[0])
    assert all(result.ok for result in run_checks(demo_node.store.path))


def test_same_seed_same_catalogue(node: Node, tmp_path_factory: pytest.TempPathFactory) -> None:
    from posapp.bootstrap.node import open_node

    other = open_node(tmp_path_factory.mktemp("other"), create=True)
    try:
        for target in (node, other):
            load_demo_catalogue(target, products=50, seed=3, progress=lambda d, t: None)
        sql = "SELECT sku, name, price_minor, state FROM products ORDER BY sku"
        assert _rows(node, sql) == _rows(other, sql)
    finally:
        other.close()


def test_demo_data_goes_only_into_an_empty_catalogue(demo_node: Node) -> None:
    with pytest.raises(DemoDataError, match="already has 500 products"):
        load_demo_catalogue(demo_node, products=10, seed=1, progress=lambda d, t: None)


def test_interrupted_load_leaves_the_store_as_it_was(node: Node) -> None:
    def interrupt(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        load_demo_catalogue(node, products=30_000, seed=1, progress=interrupt)
    assert node.catalogue.count_products() == 0
    triggers = _rows(
        node, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_fts_%'"
    )
    assert triggers == [(6,)]  # the search-index triggers are back
    assert all(result.ok for result in run_checks(node.store.path))
